//! Reading back the documents the application makes: PDF with poppler-utils, DOCX as XML and
//! through LibreOffice.

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

/// The text of a PDF as `pdftotext -raw` reads it, blank space squeezed to single spaces (raw
/// order keeps the lines of a table cell together).
pub fn pdf_text(bytes: &[u8]) -> String {
    let out = poppler("pdftotext", bytes, &["-raw", "-enc", "UTF-8"], &["-"]);
    assert!(out.status.success(), "pdftotext reads the PDF");
    squeeze(&String::from_utf8(out.stdout).expect("utf-8 text"))
}

/// The page sizes of a PDF in points, (width, height) per page, as `pdfinfo` gives them.
pub fn pdf_page_sizes(bytes: &[u8]) -> Vec<(f32, f32)> {
    let out = poppler("pdfinfo", bytes, &["-f", "1", "-l", "999"], &[]);
    assert!(out.status.success(), "pdfinfo reads the PDF");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .filter_map(|l| {
            let size = l.split("size:").nth(1)?;
            let mut parts = size.split_whitespace();
            let w = parts.next()?.parse().ok()?;
            let _x = parts.next()?;
            let h = parts.next()?.parse().ok()?;
            Some((w, h))
        })
        .collect()
}

/// Blank space squeezed to single spaces.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a Word file's body (`word/document.xml`): each paragraph on a line, line
/// breaks inside one as spaces, blank space squeezed.
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a ZIP");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8 XML");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end + 1];
        if tag.starts_with("</w:p>") || tag.starts_with("<w:br") || tag.starts_with("</w:tc>") {
            out.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    squeeze(
        &out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// A Word file turned into PDF by LibreOffice (headless, its own profile folder so that tests
/// may run side by side).
pub fn docx_to_pdf(bytes: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("document.docx");
    std::fs::write(&input, bytes).expect("write docx");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("soffice (LibreOffice Writer) runs: {e}"));
    let pdf = dir.path().join("document.pdf");
    assert!(
        pdf.exists(),
        "LibreOffice made no PDF: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(pdf).expect("read pdf")
}
