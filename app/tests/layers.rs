//! The one import rule (ARCHITECTURE.md): pages → server functions → services → domain, with
//! the request context (`auth`, `state`) above the services and the demo fixtures above them
//! too. A source file that reaches up a layer fails here, naming the file and the line.

use std::path::{Path, PathBuf};

/// Rust files under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `line` with its string literals emptied (an attribute's `db_type = "String(sea_orm::..)"`
/// names no dependency).
fn without_strings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => {
                    in_string = false;
                    out.push(c);
                }
                _ => escaped = false,
            }
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

/// The lines of the files of `layer` that name any of `forbidden`, outside comments.
fn reaches(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = if root.join(format!("{layer}.rs")).is_file() {
        vec![root.join(format!("{layer}.rs"))]
    } else {
        sources(&root.join(layer))
    };
    assert!(!files.is_empty(), "no sources for layer {layer}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("#[cfg_attr(") {
                continue;
            }
            let code = without_strings(code);
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!(
                        "{}:{}: {}",
                        file.strip_prefix(&root).unwrap_or(&file).display(),
                        n + 1,
                        code
                    ));
                }
            }
        }
    }
    found
}

const ABOVE_SERVICES: &[&str] = &[
    "crate::state",
    "crate::auth",
    "crate::server_fns",
    "crate::pages",
    "crate::components",
    "crate::handlers",
    "crate::demo",
    "crate::security",
    "use_context",
    "leptos_axum",
];

#[test]
fn the_domain_is_pure() {
    let mut forbidden = vec![
        "crate::services",
        "crate::entities",
        "crate::model",
        "sea_orm::",
    ];
    forbidden.extend(ABOVE_SERVICES);
    let found = reaches("domain", &forbidden);
    assert!(
        found.is_empty(),
        "the domain reaches out:\n{}",
        found.join("\n")
    );
}

#[test]
fn services_are_handed_what_they_need_and_never_reach_up() {
    let found = reaches("services", ABOVE_SERVICES);
    assert!(
        found.is_empty(),
        "services reach up a layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn shown_shapes_depend_on_the_domain_only() {
    let mut forbidden = vec!["crate::services", "crate::entities", "sea_orm::"];
    forbidden.extend(ABOVE_SERVICES);
    let found = reaches("model", &forbidden);
    assert!(found.is_empty(), "model reaches out:\n{}", found.join("\n"));
}

#[test]
fn pages_and_components_call_server_functions_not_services() {
    let forbidden = [
        "crate::services",
        "crate::entities",
        "sea_orm",
        "crate::state",
    ];
    let mut found = reaches("pages", &forbidden);
    found.extend(reaches("components", &forbidden));
    assert!(
        found.is_empty(),
        "a page reaches past its server functions:\n{}",
        found.join("\n")
    );
}

#[test]
fn server_functions_hold_no_queries() {
    let found = reaches(
        "server_fns",
        &["crate::entities", "sea_orm::", "Entity::find"],
    );
    assert!(
        found.is_empty(),
        "a server function queries:\n{}",
        found.join("\n")
    );
}

#[test]
fn islands_import_nothing_of_the_app() {
    // An island is compiled to WebAssembly: what it imports from the app goes to every browser.
    // It takes its text as properties instead.
    let found = reaches("islands", &["crate::", "super::super"]);
    assert!(
        found.is_empty(),
        "an island pulls the app into the browser build:\n{}",
        found.join("\n")
    );
}
