//! The site's script, WebAssembly and stylesheet under names that change with their content, so
//! that browsers keep them for a year and never ask again (`Cache-Control: immutable`).
//!
//! The build writes `pkg/cchc.js`, `pkg/cchc.wasm` and `pkg/cchc.css` (and their `.br`/`.gz`
//! twins). At start the server reads them from the site folder, hashes their content, and names
//! them `cchc.<hash>.js` (…`.wasm`, `.css`) in every page; a request for such a name is answered
//! with the file of that content. A new build gives new names, so a page never meets an older
//! script or stylesheet than its own. No file is renamed and nothing else is configured: the
//! site folder is all the server needs.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The files named by their content.
const HASHED: [&str; 3] = ["js", "wasm", "css"];

/// How long a hashed file is kept: a year, the longest that caches honour.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else under `/pkg/`: kept, but asked again (an answer of 304 when unchanged).
const REVALIDATE: &str = "no-cache";

/// The content names of this build's site files.
#[derive(Clone, Debug)]
pub struct Fingerprint {
    /// The build's own name (`cchc`).
    name: String,
    /// The first 16 hex digits of SHA-256 over the script, WebAssembly and stylesheet; `None`
    /// when the site folder does not hold them (tests and `cargo run` without a site).
    hash: Option<String>,
    /// The site folder's files, precompressed twins first.
    files: ServeDir,
}

impl Fingerprint {
    /// Reads the site's files under `options` and hashes them.
    pub fn of_site(options: &LeptosOptions) -> Fingerprint {
        let name = options.output_name.to_string();
        let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
        let mut hasher = Sha256::new();
        let mut complete = true;
        for ext in HASHED {
            match std::fs::read(pkg.join(format!("{name}.{ext}"))) {
                Ok(bytes) => {
                    hasher.update((bytes.len() as u64).to_le_bytes());
                    hasher.update(&bytes);
                }
                Err(_) => complete = false,
            }
        }
        let hash = complete.then(|| {
            hasher
                .finalize()
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        });
        Fingerprint {
            name,
            hash,
            files: ServeDir::new(&*options.site_root)
                .precompressed_br()
                .precompressed_gzip(),
        }
    }

    /// The name pages give the files (`cchc.<hash>`, or `cchc` without a site).
    pub fn output_name(&self) -> String {
        match &self.hash {
            Some(h) => format!("{}.{h}", self.name),
            None => self.name.clone(),
        }
    }

    /// The file a requested `/pkg/` name stands for, and whether it is this build's content
    /// name. `cchc.<hash>.js.br` is not asked for by browsers (they send `Accept-Encoding`),
    /// only the plain names are mapped.
    fn resolve(&self, file: &str) -> (String, bool) {
        let Some(hash) = &self.hash else {
            return (file.to_string(), false);
        };
        for ext in HASHED {
            if file == format!("{}.{hash}.{ext}", self.name) {
                return (format!("{}.{ext}", self.name), true);
            }
        }
        // Leptos names the WebAssembly `<name>_bg.wasm` when the server was compiled without
        // cargo-leptos (plain `cargo build`); the site holds it as `<name>.wasm` all the same.
        if file == format!("{}.{hash}_bg.wasm", self.name) {
            return (format!("{}.wasm", self.name), true);
        }
        (file.to_string(), false)
    }
}

/// `GET /pkg/{file}`: the site's files, precompressed as the browser accepts; content names
/// for a year, the rest revalidated.
pub async fn serve(State(fingerprint): State<Fingerprint>, req: Request) -> Response {
    let path = req.uri().path();
    let Some(file) = path.strip_prefix("/pkg/") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (real, immutable) = fingerprint.resolve(file);
    let (mut parts, body) = req.into_parts();
    let Ok(uri) = format!("/pkg/{real}").parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    let req = Request::from_parts(parts, body);
    let served = fingerprint.files.oneshot(req).await;
    let mut res = match served {
        Ok(res) => res.map(Body::new),
        Err(e) => match e {},
    };
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let cache = if immutable { IMMUTABLE } else { REVALIDATE };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, LeptosOptions) {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("pkg")).expect("pkg");
        for (name, text) in files {
            std::fs::write(dir.path().join("pkg").join(name), text).expect("write");
        }
        let options = LeptosOptions::builder()
            .output_name("cchc")
            .site_root(dir.path().to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .build();
        (dir, options)
    }

    #[test]
    fn the_names_follow_the_content_and_map_back_to_the_files() {
        let files = [
            ("cchc.js", "js"),
            ("cchc.wasm", "wasm"),
            ("cchc.css", "css"),
        ];
        let (_dir, options) = site(&files);
        let f = Fingerprint::of_site(&options);
        let name = f.output_name();
        assert!(
            name.starts_with("cchc.") && name.len() == "cchc.".len() + 16,
            "{name}"
        );
        assert_eq!(
            f.resolve(&format!("{name}.wasm")),
            ("cchc.wasm".into(), true)
        );
        assert_eq!(f.resolve(&format!("{name}.css")), ("cchc.css".into(), true));
        assert_eq!(
            f.resolve(&format!("{name}_bg.wasm")),
            ("cchc.wasm".into(), true)
        );
        // The plain names and an older build's names are served, not kept for a year.
        assert_eq!(f.resolve("cchc.js"), ("cchc.js".into(), false));
        assert_eq!(
            f.resolve("cchc.0123456789abcdef.js"),
            ("cchc.0123456789abcdef.js".into(), false)
        );

        // One changed byte in any of the three files gives every name a new hash.
        let (_dir2, options2) = site(&[
            ("cchc.js", "js"),
            ("cchc.wasm", "wasm"),
            ("cchc.css", "css "),
        ]);
        assert_ne!(Fingerprint::of_site(&options2).output_name(), name);
        // The same content elsewhere (another instance of the same build) gives the same names.
        let (_dir3, options3) = site(&files);
        assert_eq!(Fingerprint::of_site(&options3).output_name(), name);
    }

    #[test]
    fn without_a_built_site_the_plain_names_are_used() {
        let (_dir, options) = site(&[("cchc.js", "js")]);
        let f = Fingerprint::of_site(&options);
        assert_eq!(f.output_name(), "cchc");
        assert_eq!(f.resolve("cchc.js"), ("cchc.js".into(), false));
    }

    async fn get(f: &Fingerprint, path: &str, encoding: &str) -> Response {
        let req = Request::builder()
            .uri(path)
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .expect("request");
        serve(State(f.clone()), req).await
    }

    #[tokio::test]
    async fn content_names_are_kept_a_year_and_other_names_are_asked_again() {
        let (dir, options) = site(&[
            ("cchc.js", "export function hydrate() {}"),
            ("cchc.wasm", "\0asm"),
            ("cchc.css", "body { color: black }"),
        ]);
        std::fs::write(dir.path().join("pkg/cchc.css.br"), b"brotli bytes").expect("br");
        let f = Fingerprint::of_site(&options);
        let name = f.output_name();

        let res = get(&f, &format!("/pkg/{name}.css"), "br, gzip").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], IMMUTABLE);
        // The build's precompressed twin, as the browser accepts it.
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");

        let res = get(&f, &format!("/pkg/{name}.js"), "identity").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], IMMUTABLE);
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none());

        let res = get(&f, "/pkg/cchc.js", "identity").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], REVALIDATE);

        // A name of another build, or a path out of the folder, is not found and not cached.
        for path in [
            "/pkg/cchc.0123456789abcdef.js",
            "/pkg/../Cargo.toml",
            "/pkg/%2e%2e/x",
        ] {
            let res = get(&f, path, "identity").await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(res.headers().get(header::CACHE_CONTROL).is_none(), "{path}");
        }
    }
}
