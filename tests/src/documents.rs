//! Reading back the documents the application makes (PDF) with poppler-utils.

use std::process::{Command, Output};

/// What poppler's `tool` ("pdftotext", "pdfinfo") makes of the PDF `bytes`, given `args`, then
/// the document's file, then `after`.
pub fn poppler(tool: &str, bytes: &[u8], args: &[&str], after: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    Command::new(tool)
        .args(args)
        .arg(&path)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) runs: {e}"))
}
