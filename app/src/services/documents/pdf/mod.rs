//! PDF rendering of official administrative reports in the format of
//! Decree 30/2020/NĐ-CP (Appendix I): A4 pages, national title and motto,
//! justified body text, tables with repeated header rows, page numbers,
//! closing block ("Nơi nhận" and signature) and annexes (portrait or landscape).
//!
//! Text is laid out here (line breaking, justification, pagination); `printpdf`
//! only writes the result. The four Liberation Serif faces (metric-compatible
//! with Times New Roman) are subset and embedded, so every glyph is real,
//! extractable text.
#![forbid(unsafe_code)]

mod layout;
pub mod sheet;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use unicode_normalization::UnicodeNormalization;

/// Errors produced while loading fonts or rendering a document.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font file is missing, unreadable or not a usable TrueType font.
    #[error("font error: {0}")]
    Font(String),
    /// The document could not be turned into a PDF.
    #[error("render error: {0}")]
    Render(String),
}

/// An official document (a report, "Báo cáo") with its header, body, closing
/// block and annexes.
#[derive(Debug, Clone, Default)]
pub struct OfficialDoc {
    /// Name of the governing body, e.g. "UBND TỈNH ĐỒNG NAI"; may be empty.
    pub parent_body: String,
    /// Name of the issuing body, e.g. "SỞ NỘI VỤ".
    pub body: String,
    /// Number and symbol, e.g. "Số: 12/BC-UBND".
    pub number: String,
    /// Place and date, e.g. "Đồng Nai, ngày 05 tháng 4 năm 2025".
    pub place_date: String,
    /// Document kind, e.g. "BÁO CÁO".
    pub kind_title: String,
    /// Summary of the content ("trích yếu").
    pub summary: String,
    /// Body of the document.
    pub blocks: Vec<Block>,
    /// Lines of the "Nơi nhận:" list.
    pub recipients: Vec<String>,
    /// Signing authority lines, e.g. `["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]`.
    pub signer_lines: Vec<String>,
    /// Full name of the signer.
    pub signer_name: String,
    /// Annexes, each starting on a new page.
    pub annexes: Vec<Annex>,
}

/// An annex ("Phụ lục") printed after the main document.
#[derive(Debug, Clone, Default)]
pub struct Annex {
    /// Label, e.g. "Phụ lục I".
    pub label: String,
    /// Title (bold, centred).
    pub title: String,
    /// Subtitle (italic, centred), e.g. "(Kèm theo Báo cáo số …)", `'\n'` between lines; may
    /// be empty.
    pub subtitle: String,
    /// Print on A4 landscape pages.
    pub landscape: bool,
    /// Content of the annex.
    pub blocks: Vec<Block>,
}

/// A piece of body content.
#[derive(Debug, Clone)]
pub enum Block {
    /// Bold section heading, e.g. "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH".
    Heading(String),
    /// Bold italic sub-heading, e.g. "1. Cải cách thể chế".
    SubHeading(String),
    /// Body text; `'\n'` separates paragraphs.
    Paragraph(String),
    /// A table spanning the text width.
    Table(Table),
}

/// A table with a header row built from the column titles.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Body rows.
    pub rows: Vec<Row>,
}

/// A table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width.
    pub weight: f32,
    /// Horizontal alignment of body cells.
    pub align: Align,
}

/// Horizontal text alignment inside a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A table body row; `'\n'` in a cell forces a line break.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<String>,
    /// Print every cell of the row in bold.
    pub bold: bool,
}

/// One of the four faces of the font family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Style {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

/// A loaded font face with a fast code point table for measuring text.
pub(crate) struct Face {
    name: &'static str,
    bytes: Vec<u8>,
    /// Indexed by BMP code point: (glyph id, advance in 1/1000 em). Glyph id 0 = not covered.
    glyphs: Vec<(u16, u16)>,
    /// Ascender and descender as fractions of the em (descender positive).
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
}

impl Face {
    fn load(dir: &Path, file: &str, name: &'static str) -> Result<Face, PdfError> {
        let path = dir.join(file);
        let bytes = std::fs::read(&path)
            .map_err(|e| PdfError::Font(format!("cannot read {}: {e}", path.display())))?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Font(format!("{} is not a usable font", path.display())))?;
        let upm = f32::from(parsed.units_per_em.max(1));
        let mut glyphs = vec![(0u16, 0u16); 0x10000];
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            if gid == 0 {
                continue;
            }
            if let Some(slot) = usize::try_from(cp).ok().and_then(|i| glyphs.get_mut(i)) {
                let adv = parsed.glyph_widths.get(&gid).copied().unwrap_or(0);
                // Same rounding as the /W array written into the PDF, so that
                // measured and displayed widths agree exactly.
                let w = (f32::from(adv) * 1000.0 / upm) as u16;
                *slot = (gid, w);
            }
        }
        for required in [' ', '?', 'A', 'a'] {
            if glyphs[required as usize].0 == 0 {
                return Err(PdfError::Font(format!(
                    "{} lacks basic Latin glyphs",
                    path.display()
                )));
            }
        }
        let ascent = f32::from(parsed.font_metrics.ascent) / upm;
        let descent = (f32::from(parsed.font_metrics.descent) / upm).abs();
        Ok(Face {
            name,
            bytes,
            glyphs,
            ascent: if ascent > 0.0 { ascent } else { 0.9 },
            descent: if descent > 0.0 { descent } else { 0.22 },
        })
    }

    fn glyph(&self, c: char) -> Option<(u16, u16)> {
        match self.glyphs.get(c as usize) {
            Some(&(gid, w)) if gid != 0 => Some((gid, w)),
            _ => None,
        }
    }

    /// Advance width of `c` in 1/1000 em (0 for characters the face lacks).
    fn units(&self, c: char) -> u32 {
        self.glyph(c).map_or(0, |(_, w)| u32::from(w))
    }

    /// Width of `s` in points at `size`.
    pub(crate) fn width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s.chars().map(|c| self.units(c)).sum();
        units as f32 * size / 1000.0
    }

    /// Width of one character in points at `size`.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        self.units(c) as f32 * size / 1000.0
    }

    /// NFC-normalises `s` and makes it printable with this face: tabs and
    /// line breaks become spaces, other control and zero-width characters are
    /// dropped, characters without a glyph become '?'.
    pub(crate) fn clean(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.nfc() {
            match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => {}
                c if c.is_control() => {}
                c if self.glyph(c).is_some() => out.push(c),
                _ => out.push('?'),
            }
        }
        out
    }

    /// Builds a subset of this face holding exactly the glyphs for `chars`.
    fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};

        let fallback = self.glyph('?').map_or(0, |(gid, _)| gid);
        let gid_of = |c: char| self.glyph(c).map_or(fallback, |(gid, _)| gid);
        let used: BTreeSet<u16> = chars
            .iter()
            .map(|&c| gid_of(c))
            .filter(|&g| g != 0)
            .collect();
        let ids: Vec<u16> = std::iter::once(0).chain(used.iter().copied()).collect();

        let err =
            |e: &dyn std::fmt::Display| PdfError::Render(format!("subsetting {}: {e}", self.name));
        let font_file = ReadScope::new(&self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| err(&e))?;
        let provider = font_file.table_provider(0).map_err(|e| err(&e))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| err(&e))?;

        let mut warnings = Vec::new();
        let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| err(&"the subset font cannot be parsed"))?;
        // The subsetter numbers glyphs by their position in `ids`.
        let new_id: BTreeMap<u16, u16> = ids
            .iter()
            .enumerate()
            .filter_map(|(i, &g)| u16::try_from(i).ok().map(|i| (g, i)))
            .collect();
        font.codepoint_to_glyph = chars
            .iter()
            .filter_map(|&c| new_id.get(&gid_of(c)).map(|&g| (c as u32, g)))
            .collect();
        font.font_name = Some(format!("{}+{}", subset_tag(self.name, &ids), self.name));
        Ok(font)
    }
}

/// Six upper-case letters derived from the glyph set (the PDF subset tag).
fn subset_tag(name: &str, ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut feed);
    for id in ids {
        id.to_be_bytes().into_iter().for_each(&mut feed);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// The Liberation Serif family: regular, bold, italic and bold italic.
pub struct Fonts {
    faces: [Face; 4],
}

impl Fonts {
    /// Loads LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf from `dir`.
    pub fn load(dir: &Path) -> Result<Fonts, PdfError> {
        Ok(Fonts {
            faces: [
                Face::load(dir, "LiberationSerif-Regular.ttf", "LiberationSerif")?,
                Face::load(dir, "LiberationSerif-Bold.ttf", "LiberationSerif-Bold")?,
                Face::load(dir, "LiberationSerif-Italic.ttf", "LiberationSerif-Italic")?,
                Face::load(
                    dir,
                    "LiberationSerif-BoldItalic.ttf",
                    "LiberationSerif-BoldItalic",
                )?,
            ],
        })
    }

    pub(crate) fn face(&self, style: Style) -> &Face {
        &self.faces[style as usize]
    }
}

/// Renders the document; returns the PDF bytes and the number of pages.
pub fn render(doc: &OfficialDoc, fonts: &Fonts) -> Result<(Vec<u8>, usize), PdfError> {
    let pages = layout::layout(doc, fonts);
    if pages.is_empty() {
        return Err(PdfError::Render("the document has no pages".into()));
    }

    let title = format!("{} {}", doc.kind_title.trim(), doc.summary.trim());
    let bytes = write_pdf(title.trim(), &pages, fonts)?;
    Ok((bytes, pages.len()))
}

/// Writes laid-out pages as a PDF with subset fonts.
fn write_pdf(title: &str, pages: &[layout::Page], fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let mut used: [BTreeSet<char>; 4] = Default::default();
    for page in pages {
        for run in &page.runs {
            used[run.style as usize].extend(run.text.chars());
        }
    }

    let mut pdf = PdfDocument::new(title);
    let now = printpdf::DateTime::now();
    pdf.metadata.info.creation_date = now;
    pdf.metadata.info.modification_date = now;
    pdf.metadata.info.metadata_date = now;
    let mut font_ids: [Option<FontId>; 4] = Default::default();
    for style in [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ] {
        let chars = &used[style as usize];
        if !chars.is_empty() {
            let font = fonts.face(style).subset(chars)?;
            font_ids[style as usize] = Some(pdf.add_font(&font));
        }
    }

    let pdf_pages = pages
        .iter()
        .map(|page| page_ops(page, &font_ids))
        .collect::<Result<Vec<_>, _>>()?;
    pdf.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let bytes = pdf.save(&opts, &mut warnings);
    if bytes.is_empty() {
        return Err(PdfError::Render("empty output".into()));
    }
    Ok(bytes)
}

const BLACK: Color = Color::Greyscale(Greyscale {
    percent: 0.0,
    icc_profile: None,
});

fn rgb([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(printpdf::Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// Converts one laid-out page into drawing operations (y axis flipped).
fn page_ops(page: &layout::Page, fonts: &[Option<FontId>; 4]) -> Result<PdfPage, PdfError> {
    let h = page.height;
    let mut ops = Vec::with_capacity(page.runs.len() * 2 + page.rules.len() + 8);

    for fill in &page.fills {
        ops.push(Op::SetFillColor { col: rgb(fill.rgb) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(fill.x),
                y: Pt(h - fill.y - fill.h),
                width: Pt(fill.w),
                height: Pt(fill.h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }
    if !page.fills.is_empty() {
        ops.push(Op::SetFillColor { col: BLACK });
    }

    if !page.rules.is_empty() {
        ops.push(Op::SetOutlineColor { col: BLACK });
        let mut width = -1.0;
        for rule in &page.rules {
            if rule.width != width {
                width = rule.width;
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            }
            let point = |x: f32, y: f32| LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(h - y),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(rule.x1, rule.y1), point(rule.x2, rule.y2)],
                    is_closed: false,
                },
            });
        }
    }

    if !page.runs.is_empty() {
        ops.push(Op::StartTextSection);
        let mut current: Option<(Style, f32)> = None;
        for run in &page.runs {
            if current != Some((run.style, run.size)) {
                let id = fonts[run.style as usize]
                    .clone()
                    .ok_or_else(|| PdfError::Render("font not registered".into()))?;
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id),
                    size: Pt(run.size),
                });
                current = Some((run.style, run.size));
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(run.x), Pt(h - run.y)),
            });
            ops.push(Op::ShowText {
                items: text_items(&run.text, run.word_extra, run.size),
            });
        }
        ops.push(Op::EndTextSection);
    }

    Ok(PdfPage::new(
        printpdf::Mm(page.width * 25.4 / 72.0),
        printpdf::Mm(h * 25.4 / 72.0),
        ops,
    ))
}

/// Text showing items; `word_extra` points are added after every space (justification).
fn text_items(text: &str, word_extra: f32, size: f32) -> Vec<TextItem> {
    if word_extra.abs() < 0.001 || !text.contains(' ') {
        return vec![TextItem::Text(text.to_owned())];
    }
    let offset = -word_extra / size * 1000.0;
    let mut items = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(' ') {
        items.push(TextItem::Text(text[start..=i].to_owned()));
        items.push(TextItem::Offset(offset));
        start = i + 1;
    }
    if start < text.len() {
        items.push(TextItem::Text(text[start..].to_owned()));
    }
    items
}
