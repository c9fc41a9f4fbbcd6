//! Where a `next=` / return parameter may send the browser: only a path on this site.

/// Returns `next` when it is a path on this site, `None` otherwise (the caller falls back to
/// the home page).
///
/// Browsers forgive a lot in a `Location`: they drop tabs and line breaks, read `\` as `/`,
/// and take `//host` as another site. So a path is refused when it does not start with a
/// single `/`, holds a backslash, whitespace or control character anywhere, or turns into
/// such a thing once percent-decoded again (`/%2f%2fevil.example`, `/%09/evil.example`).
pub fn safe_local_path(next: &str) -> Option<&str> {
    let same_site = |s: &str| {
        s.starts_with('/')
            && !s.starts_with("//")
            && !s.contains('\\')
            && !s.chars().any(char::is_control)
    };
    if !same_site(next) || next.chars().any(char::is_whitespace) || next.len() > 2048 {
        return None;
    }
    // A second decoding must not reveal another site either (a decoded space is fine: it is
    // part of a query, not of the address).
    same_site(&percent_decode(next)).then_some(next)
}

/// Percent-decodes `s` (invalid escapes kept as they are; bytes that are not UTF-8 shown as
/// U+FFFD, which is neither a slash nor a control character).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn local_paths_pass() {
        for ok in [
            "/",
            "/plans",
            "/plans/3?tab=tasks&x=%20y",
            "/tasks/1#history",
        ] {
            assert_eq!(safe_local_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn other_sites_schemes_and_tricks_are_refused() {
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2f%2fevil.example",
            "/%2F%2Fevil.example",
            "/%5cevil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/a\nb",
            "/a\rb",
            "/%0d%0aSet-Cookie:x",
            " /plans",
        ] {
            assert_eq!(safe_local_path(bad), None, "{bad:?}");
        }
    }
}
