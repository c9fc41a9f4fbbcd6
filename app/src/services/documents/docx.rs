//! An official document as a Word file (DOCX), for the office to edit and sign: the same
//! [`OfficialDoc`] the PDF prints, laid out as NĐ 30/2020 asks (A4, Times New Roman, margins
//! 20/20/30/15 mm, the two-column header, page numbers centred at the top from page 2, the
//! recipients and the signing block side by side, each annex in its own section, landscape
//! where it is wide).

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, InstrPAGE, InstrText,
    LineSpacing, PageMargin, PageOrientationType, PageSize, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Section, SpecialIndentType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::pdf::{Align, Annex, Block, OfficialDoc};

/// Twips (1/20 pt) per millimetre.
const TW_PER_MM: f32 = 56.7;
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
const FONT: &str = "Times New Roman";
/// Sizes in half-points.
const BODY: usize = 28;
const HEADER: usize = 26;
const CELL: usize = 22;
const RECIPIENTS: usize = 22;
/// First-line indent of a paragraph: 1.27 cm.
const INDENT: i32 = 720;

const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Errors while writing the file.
#[derive(Debug, thiserror::Error)]
#[error("docx: {0}")]
pub struct DocxError(String);

fn mm(x: f32) -> i32 {
    (x * TW_PER_MM).round() as i32
}

/// A page's geometry: size and margins in twips.
#[derive(Clone, Copy)]
struct Page {
    landscape: bool,
    top: i32,
    bottom: i32,
    left: i32,
    right: i32,
}

impl Page {
    const PORTRAIT: Page = Page {
        landscape: false,
        top: 1134,
        bottom: 1134,
        left: 1701,
        right: 850,
    };

    /// Landscape pages keep the binding margin on the edge that is bound (the top once the
    /// sheet is turned), as the PDF does.
    fn landscape() -> Page {
        Page {
            landscape: true,
            top: mm(30.0),
            bottom: mm(15.0),
            left: mm(20.0),
            right: mm(20.0),
        }
    }

    fn text_width(self) -> usize {
        let w = if self.landscape { A4_H } else { A4_W } as i32;
        (w - self.left - self.right).max(1000) as usize
    }

    fn margin(self) -> PageMargin {
        PageMargin::new()
            .top(self.top)
            .bottom(self.bottom)
            .left(self.left)
            .right(self.right)
            .header(mm(10.0))
            .footer(mm(10.0))
    }

    fn size(self) -> PageSize {
        let size = if self.landscape {
            PageSize::new().size(A4_H, A4_W)
        } else {
            PageSize::new().size(A4_W, A4_H)
        };
        size.orient(if self.landscape {
            PageOrientationType::Landscape
        } else {
            PageOrientationType::Portrait
        })
    }
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// How a run of text looks.
#[derive(Clone, Copy, Default)]
struct Look {
    size: usize,
    bold: bool,
    italic: bool,
}

impl Look {
    fn new(size: usize) -> Look {
        Look {
            size,
            ..Look::default()
        }
    }
    fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
    fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }
}

/// A run of `text`; a `'\n'` in it breaks the line (Word reads a newline in text as a space).
fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new().size(look.size).fonts(fonts());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    r
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

/// A paragraph of one run.
fn para(text: &str, look: Look, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(spacing(0, 0))
        .add_run(run(text, look))
}

/// A short rule: an empty paragraph with a bottom border, narrowed to `width` twips in a
/// column `column` twips wide.
fn rule(width: usize, column: usize) -> Paragraph {
    let side = (column.saturating_sub(width) / 2) as i32;
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(0).after(60).line(60));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color("000000"),
        ),
    );
    p
}

/// A rough width of `text` in twips at `half_points` (the rule under a line is about as long
/// as the line).
fn approx_width(text: &str, half_points: usize) -> usize {
    let em = half_points * 10;
    text.chars().count() * em * 48 / 100
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

fn borderless(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    let total = widths.iter().sum();
    Table::without_borders(rows)
        .set_grid(widths)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The first page's header: the issuer with the number on the left, the national title with
/// the place and date on the right, then the kind and the summary.
fn first_page(doc: &OfficialDoc, page: Page) -> Vec<Part> {
    let tw = page.text_width();
    let left_w = tw * 42 / 100;
    let right_w = tw - left_w;
    let mut left = Vec::new();
    if !doc.parent_body.trim().is_empty() {
        left.push(para(
            doc.parent_body.trim(),
            Look::new(HEADER),
            AlignmentType::Center,
        ));
    }
    let body = doc.body.trim();
    left.push(para(body, Look::new(HEADER).bold(), AlignmentType::Center));
    let longest = body.lines().map(|l| approx_width(l, HEADER)).max();
    left.push(rule(longest.unwrap_or(0) / 2, left_w));
    left.push(
        para(&doc.number, Look::new(HEADER), AlignmentType::Center).line_spacing(spacing(60, 0)),
    );
    let right = vec![
        para(NATIONAL_TITLE, Look::new(24).bold(), AlignmentType::Center),
        para(MOTTO, Look::new(BODY).bold(), AlignmentType::Center),
        rule(approx_width(MOTTO, BODY), right_w),
        para(
            &doc.place_date,
            Look::new(BODY).italic(),
            AlignmentType::Center,
        )
        .line_spacing(spacing(60, 0)),
    ];
    let header = borderless(
        vec![TableRow::new(vec![
            cell(left, left_w),
            cell(right, right_w),
        ])],
        vec![left_w, right_w],
    );
    let mut out = vec![Part::Table(header)];
    out.push(Part::Para(
        para(
            &doc.kind_title,
            Look::new(BODY).bold(),
            AlignmentType::Center,
        )
        .line_spacing(spacing(360, 0)),
    ));
    if !doc.summary.trim().is_empty() {
        out.push(Part::Para(para(
            doc.summary.trim(),
            Look::new(BODY).bold(),
            AlignmentType::Center,
        )));
    }
    out.push(Part::Para(rule(approx_width("BÁO CÁO", BODY) * 2, tw)));
    out.push(Part::Para(Paragraph::new().line_spacing(spacing(0, 120))));
    out
}

/// Body content: headings, paragraphs (justified, first line indented) and tables.
fn blocks(blocks: &[Block], width: usize) -> Vec<Part> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading(t) => out.push(Part::Para(body_para(t, Look::new(BODY).bold()))),
            Block::SubHeading(t) => {
                out.push(Part::Para(body_para(t, Look::new(BODY).bold().italic())))
            }
            Block::Paragraph(t) => {
                for p in t.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                    out.push(Part::Para(body_para(p, Look::new(BODY))));
                }
            }
            Block::Table(t) => {
                out.push(Part::Table(table(t, width)));
                out.push(Part::Para(Paragraph::new().line_spacing(spacing(0, 60))));
            }
        }
    }
    out
}

fn body_para(text: &str, look: Look) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(120)
                .line(288)
                .line_rule(docx_rs::LineSpacingType::Auto),
        )
        .add_run(run(text, look))
}

fn align_of(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A bordered table over the text width, its columns as wide as their weights say, the
/// header row repeated on every page (marked here, see [`HEADER_ROW`]).
fn table(t: &super::pdf::Table, width: usize) -> Table {
    let total: f32 = t.columns.iter().map(|c| c.weight.max(0.1)).sum();
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| ((c.weight.max(0.1) / total) * width as f32) as usize)
        .collect();
    let head = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                cell(
                    vec![para(
                        &c.title,
                        Look::new(CELL).bold(),
                        AlignmentType::Center,
                    )],
                    *w,
                )
                .vertical_align(VAlignType::Center)
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![head];
    for r in &t.rows {
        let look = if r.bold {
            Look::new(CELL).bold()
        } else {
            Look::new(CELL)
        };
        rows.push(TableRow::new(
            t.columns
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| {
                    let text = r.cells.get(i).map(String::as_str).unwrap_or("");
                    cell(vec![para(text, look, align_of(c.align))], *w)
                })
                .collect(),
        ));
    }
    let line = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    Table::new(rows)
        .set_grid(widths)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(
            TableBorders::with_empty()
                .set(line(TableBorderPosition::Top))
                .set(line(TableBorderPosition::Bottom))
                .set(line(TableBorderPosition::Left))
                .set(line(TableBorderPosition::Right))
                .set(line(TableBorderPosition::InsideH))
                .set(line(TableBorderPosition::InsideV)),
        )
}

/// The closing: "Nơi nhận:" and the recipients on the left, the signing block on the right
/// with room for the signature above the signer's name.
fn closing(doc: &OfficialDoc, page: Page) -> Part {
    let tw = page.text_width();
    let left_w = tw * 45 / 100;
    let right_w = tw - left_w;
    let mut left = vec![para(
        "Nơi nhận:",
        Look::new(24).bold().italic(),
        AlignmentType::Left,
    )];
    for r in &doc.recipients {
        left.push(para(r, Look::new(RECIPIENTS), AlignmentType::Left));
    }
    let mut right: Vec<Paragraph> = doc
        .signer_lines
        .iter()
        .map(|l| para(l, Look::new(BODY).bold(), AlignmentType::Center))
        .collect();
    // The space for the signature and the seal.
    for _ in 0..4 {
        right.push(para("", Look::new(BODY), AlignmentType::Center));
    }
    right.push(para(
        &doc.signer_name,
        Look::new(BODY).bold(),
        AlignmentType::Center,
    ));
    Part::Table(borderless(
        vec![TableRow::new(vec![
            cell(left, left_w),
            cell(right, right_w),
        ])],
        vec![left_w, right_w],
    ))
}

fn annex(a: &Annex, page: Page) -> Vec<Part> {
    let tw = page.text_width();
    let mut out = vec![
        Part::Para(para(
            &a.label,
            Look::new(BODY).bold(),
            AlignmentType::Center,
        )),
        Part::Para(para(
            &a.title,
            Look::new(BODY).bold(),
            AlignmentType::Center,
        )),
    ];
    for l in a.subtitle.lines().filter(|l| !l.trim().is_empty()) {
        out.push(Part::Para(para(
            l.trim(),
            Look::new(BODY).italic(),
            AlignmentType::Center,
        )));
    }
    out.push(Part::Para(Paragraph::new().line_spacing(spacing(0, 120))));
    out.extend(blocks(&a.blocks, tw));
    out
}

/// A piece of a section.
#[expect(
    clippy::large_enum_variant,
    reason = "a few hundred per document, each moved once into the writer"
)]
enum Part {
    Para(Paragraph),
    Table(Table),
}

/// The page number, centred at the top.
fn page_number_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(
            Run::new()
                .size(26)
                .fonts(fonts())
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        ),
    )
}

/// The header rows of the tables are the only rows marked `cantSplit`: the writer has no
/// "repeat as header row" of its own, so the mark is added to them once built.
const HEADER_ROW: (&str, &str) = ("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");

/// The paragraph that ends a section holds nothing but the section's settings: made a hair
/// high, so that a page filled to the bottom (the closing often is) does not push it onto a
/// blank page of its own.
const SECTION_BREAK: (&str, &str) = (
    "<w:pPr><w:sectPr>",
    "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\" />\
     <w:rPr><w:sz w:val=\"2\" /><w:szCs w:val=\"2\" /></w:rPr><w:sectPr>",
);

/// Writes `doc` as a DOCX file.
pub fn render(doc: &OfficialDoc) -> Result<Vec<u8>, DocxError> {
    // The sections: the report (portrait), then one per annex.
    let mut sections: Vec<(Page, Vec<Part>)> = Vec::new();
    let page = Page::PORTRAIT;
    let mut main = first_page(doc, page);
    main.extend(blocks(&doc.blocks, page.text_width()));
    main.push(Part::Para(Paragraph::new().line_spacing(spacing(0, 120))));
    main.push(closing(doc, page));
    sections.push((page, main));
    for a in &doc.annexes {
        let page = if a.landscape {
            Page::landscape()
        } else {
            Page::PORTRAIT
        };
        sections.push((page, annex(a, page)));
    }
    let mut docx = Docx::new().default_fonts(fonts()).default_size(BODY);
    let last = sections.len() - 1;
    for (i, (page, parts)) in sections.into_iter().enumerate() {
        if i < last {
            // Every section but the last ends with a section break of its own; the first
            // page of the document has no number (a section keeps one header here).
            let mut s = Section::new()
                .page_size(page.size())
                .page_margin(page.margin());
            if i == 0 {
                s = s.title_pg();
            }
            s = s.header(page_number_header());
            for p in parts {
                s = match p {
                    Part::Para(p) => s.add_paragraph(p),
                    Part::Table(t) => s.add_table(t),
                };
            }
            docx = docx.add_section(s);
        } else {
            for p in parts {
                docx = match p {
                    Part::Para(p) => docx.add_paragraph(p),
                    Part::Table(t) => docx.add_table(t),
                };
            }
            // The last section is the document's own; `page_size` resets the orientation,
            // so it goes first.
            docx = docx
                .page_size(
                    if page.landscape { A4_H } else { A4_W },
                    if page.landscape { A4_W } else { A4_H },
                )
                .page_orient(if page.landscape {
                    PageOrientationType::Landscape
                } else {
                    PageOrientationType::Portrait
                })
                .page_margin(page.margin())
                .header(page_number_header());
            if i == 0 {
                docx = docx.first_header(Header::new());
            }
        }
    }
    let mut xml = docx.build();
    let document = String::from_utf8(xml.document).map_err(|e| DocxError(e.to_string()))?;
    xml.document = document
        .replace(HEADER_ROW.0, HEADER_ROW.1)
        .replace(SECTION_BREAK.0, SECTION_BREAK.1)
        .into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::services::documents::pdf::{Column, Row, Table as DocTable};

    fn doc() -> OfficialDoc {
        let table = DocTable {
            columns: vec![
                Column {
                    title: "STT".into(),
                    weight: 0.6,
                    align: Align::Center,
                },
                Column {
                    title: "Nội dung nhiệm vụ".into(),
                    weight: 5.0,
                    align: Align::Left,
                },
            ],
            rows: (1..=3)
                .map(|i| Row {
                    cells: vec![i.to_string(), format!("Rà soát thủ tục & <quy trình> {i}")],
                    bold: false,
                })
                .collect(),
        };
        OfficialDoc {
            parent_body: "UBND TỈNH BẮC NINH".into(),
            body: "SỞ TƯ PHÁP".into(),
            number: "Số:        /BC-STP".into(),
            place_date: "Bắc Ninh, ngày 05 tháng 12 năm 2026".into(),
            kind_title: "BÁO CÁO".into(),
            summary: "Kết quả thực hiện công tác cải cách hành chính năm 2026".into(),
            blocks: vec![
                Block::Heading("I. KẾT QUẢ".into()),
                Block::Paragraph("Đoạn một.\nĐoạn hai.".into()),
            ],
            recipients: vec!["- Sở Nội vụ;".into(), "- Lưu: VT.".into()],
            signer_lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
            signer_name: "Lương Văn Hải".into(),
            annexes: vec![
                Annex {
                    label: "Phụ lục I".into(),
                    title: "DANH MỤC NHIỆM VỤ".into(),
                    subtitle: "(Kèm theo Báo cáo)\n(Số liệu tính đến ngày 14/12/2026)".into(),
                    landscape: true,
                    blocks: vec![Block::Table(table.clone())],
                },
                Annex {
                    label: "Phụ lục II".into(),
                    title: "SỐ LIỆU THỐNG KÊ".into(),
                    subtitle: String::new(),
                    landscape: false,
                    blocks: vec![Block::Table(table)],
                },
            ],
        }
    }

    fn document_xml(bytes: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("the body")
            .read_to_string(&mut xml)
            .expect("UTF-8");
        xml
    }

    #[test]
    fn sections_table_headers_and_text_are_as_the_office_expects() {
        let xml = document_xml(&render(&doc()).expect("a DOCX"));
        // Three sections: the report (portrait, no number on page 1), Phụ lục I (landscape),
        // Phụ lục II (portrait).
        assert_eq!(xml.matches("<w:sectPr>").count(), 3, "{xml}");
        assert_eq!(xml.matches("w:orient=\"landscape\"").count(), 1);
        assert_eq!(xml.matches("<w:titlePg />").count(), 1);
        // Each table's header row repeats on every page, and only it.
        assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
        // Section breaks are a hair high (a full page does not spill onto a blank one).
        assert_eq!(xml.matches(SECTION_BREAK.1).count(), 2);
        // The text, escaped, in Times New Roman.
        for text in [
            "SỞ TƯ PHÁP",
            "Số:        /BC-STP",
            "Bắc Ninh, ngày 05 tháng 12 năm 2026",
            "KT. GIÁM ĐỐC",
            "Lương Văn Hải",
            "Rà soát thủ tục &amp; &lt;quy trình&gt; 2",
            "(Số liệu tính đến ngày 14/12/2026)",
        ] {
            assert!(xml.contains(text), "{text}");
        }
        assert!(xml.contains("w:ascii=\"Times New Roman\""));
        // "Đoạn một.\nĐoạn hai." are two paragraphs, not one with a stray newline.
        assert!(!xml.contains("Đoạn một.\n"));
    }
}
