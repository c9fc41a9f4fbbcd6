//! Line breaking, justification and pagination. Produces a device-independent
//! list of pages (points, y axis pointing down) that the parent module writes
//! out as PDF.

mod official;
mod table;
mod wrap;

use crate::services::documents::pdf::{
    Align, Annex, Block, Face, Fonts, OfficialDoc, Row, Style, Table,
};

use wrap::*;

const MM: f32 = 72.0 / 25.4;

/// Body text size and line height.
const BODY_SIZE: f32 = 14.0;
const BODY_LH: f32 = BODY_SIZE * 1.25;
/// Space after each paragraph, heading and table.
const PARA_AFTER: f32 = 6.0;
/// First-line indent (1.27 cm).
const INDENT: f32 = 12.7 * MM;
/// Header (national title, body name) line height.
const HEADER_LH: f32 = 16.0;
/// Table cell text size, line height and padding.
const CELL_SIZE: f32 = 11.0;
const CELL_LH: f32 = CELL_SIZE * 1.17;
const CELL_PAD_X: f32 = 3.0;
const CELL_PAD_Y: f32 = 2.5;
/// Border and rule widths.
const BORDER: f32 = 0.5;
const RULE: f32 = 0.6;
/// Page number size.
const PAGE_NO_SIZE: f32 = 13.0;
/// Empty space left for the handwritten signature.
const SIGNATURE_SPACE: f32 = 25.0 * MM;
const EPS: f32 = 0.01;

const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Geom {
    pub width: f32,
    pub height: f32,
    top: f32,
    bottom: f32,
    left: f32,
    right: f32,
}

impl Geom {
    const PORTRAIT: Geom = Geom {
        width: 210.0 * MM,
        height: 297.0 * MM,
        top: 20.0 * MM,
        bottom: 20.0 * MM,
        left: 30.0 * MM,
        right: 15.0 * MM,
    };
    /// Landscape pages keep the 30 mm binding margin on the edge that is bound
    /// (the top once the sheet is turned).
    const LANDSCAPE: Geom = Geom {
        width: 297.0 * MM,
        height: 210.0 * MM,
        top: 30.0 * MM,
        bottom: 15.0 * MM,
        left: 20.0 * MM,
        right: 20.0 * MM,
    };

    fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }

    fn content_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

impl Page {
    /// An empty A4 landscape page (for one-page documents drawn directly).
    pub(super) fn landscape() -> Page {
        let geom = Geom::LANDSCAPE;
        Page {
            width: geom.width,
            height: geom.height,
            geom,
            runs: Vec::new(),
            rules: Vec::new(),
            fills: Vec::new(),
        }
    }
}

/// A laid-out page.
pub(super) struct Page {
    pub width: f32,
    pub height: f32,
    geom: Geom,
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
    pub fills: Vec<Fill>,
}

/// A line of text at a baseline position.
pub(super) struct Run {
    pub style: Style,
    pub size: f32,
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    pub text: String,
    /// Extra space after every U+0020 (justification), in points.
    pub word_extra: f32,
}

/// A straight stroked line.
pub(super) struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

/// A filled rectangle (top-left corner, size) in an RGB colour (each 0-1).
pub(super) struct Fill {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub rgb: [f32; 3],
}

struct Layouter<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    geom: Geom,
    /// Top of the free space on the current page.
    y: f32,
}

impl<'a> Layouter<'a> {
    fn new(fonts: &'a Fonts) -> Self {
        Layouter {
            fonts,
            pages: Vec::new(),
            geom: Geom::PORTRAIT,
            y: 0.0,
        }
    }

    fn face(&self, style: Style) -> &'a Face {
        self.fonts.face(style)
    }

    fn new_page(&mut self, geom: Geom) {
        self.geom = geom;
        self.pages.push(Page {
            width: geom.width,
            height: geom.height,
            geom,
            runs: Vec::new(),
            rules: Vec::new(),
            fills: Vec::new(),
        });
        self.y = geom.top;
    }

    fn at_page_top(&self) -> bool {
        self.y <= self.geom.top + EPS
    }

    fn remaining(&self) -> f32 {
        self.geom.content_bottom() - self.y
    }

    /// Starts a new page unless `h` points still fit (or the page is still empty).
    fn ensure(&mut self, h: f32) {
        if h > self.remaining() + EPS && !self.at_page_top() {
            self.new_page(self.geom);
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(self.geom);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text(&mut self, style: Style, size: f32, x: f32, y: f32, text: String, word_extra: f32) {
        if !text.is_empty() {
            self.page().runs.push(Run {
                style,
                size,
                x,
                y,
                text,
                word_extra,
            });
        }
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.page().rules.push(Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// Places `lines` centred in [x, x + w] starting at line top `top`; returns the new top.
    fn centred_lines(&mut self, lines: &[WLine], spec: Spec, x: f32, w: f32, top: f32) -> f32 {
        let Spec { style, size, lh } = spec;
        let base = baseline(self.face(style), size, lh);
        let mut y = top;
        for line in lines {
            let lx = x + ((w - line.width) / 2.0).max(0.0);
            self.text(style, size, lx, y + base, line.text.clone(), 0.0);
            y += lh;
        }
        y
    }

    // ---------------------------------------------------------------- blocks

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            let next_min = blocks.get(i + 1).map_or(0.0, |b| self.min_height(b));
            match block {
                Block::Heading(t) => self.heading(t, Style::Bold, next_min),
                Block::SubHeading(t) => self.heading(t, Style::BoldItalic, next_min),
                Block::Paragraph(t) => self.paragraphs(t),
                Block::Table(t) => self.table(t),
            }
        }
    }

    /// Height that must fit below a heading for the heading to stay on the page.
    fn min_height(&self, block: &Block) -> f32 {
        match block {
            Block::Heading(_) | Block::SubHeading(_) => BODY_LH + PARA_AFTER + BODY_LH,
            Block::Paragraph(_) => BODY_LH,
            Block::Table(t) if t.columns.is_empty() => 0.0,
            Block::Table(t) => self.table_lead_height(t, &self.column_widths(t)),
        }
    }

    fn heading(&mut self, text: &str, style: Style, next_min: f32) {
        let face = self.face(style);
        let text = collapse_spaces(&face.clean(text));
        if text.is_empty() {
            return;
        }
        let tw = self.geom.text_width();
        let lines = wrap(face, BODY_SIZE, &text, tw - INDENT, tw);
        let height = lines.len() as f32 * BODY_LH;
        if height <= self.geom.content_height() * 0.5 {
            self.ensure(height + PARA_AFTER + next_min);
        }
        let base = baseline(face, BODY_SIZE, BODY_LH);
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(BODY_LH);
            let x = self.geom.left + if i == 0 { INDENT } else { 0.0 };
            self.text(style, BODY_SIZE, x, self.y + base, line.text, 0.0);
            self.y += BODY_LH;
        }
        self.y += PARA_AFTER;
    }

    fn paragraphs(&mut self, text: &str) {
        let face = self.face(Style::Regular);
        let base = baseline(face, BODY_SIZE, BODY_LH);
        for para in text.split('\n') {
            let para = collapse_spaces(&face.clean(para));
            if para.is_empty() {
                continue;
            }
            let tw = self.geom.text_width();
            for (i, line) in wrap(face, BODY_SIZE, &para, tw - INDENT, tw)
                .into_iter()
                .enumerate()
            {
                self.ensure(BODY_LH);
                let indent = if i == 0 { INDENT } else { 0.0 };
                let spaces = line.text.matches(' ').count();
                let extra = if line.last || spaces == 0 {
                    0.0
                } else {
                    ((tw - indent - line.width) / spaces as f32).max(0.0)
                };
                let x = self.geom.left + indent;
                self.text(
                    Style::Regular,
                    BODY_SIZE,
                    x,
                    self.y + base,
                    line.text,
                    extra,
                );
                self.y += BODY_LH;
            }
            self.y += PARA_AFTER;
        }
    }

    // ---------------------------------------------------------------- annexes

    fn annex(&mut self, annex: &Annex) {
        let geom = if annex.landscape {
            Geom::LANDSCAPE
        } else {
            Geom::PORTRAIT
        };
        self.new_page(geom);
        let tw = geom.text_width();
        let bold = self.face(Style::Bold);
        let italic = self.face(Style::Italic);
        // The subtitle's lines ("(Kèm theo ...)", "(Số liệu tính đến ...)") each on its own.
        let heading = [
            (&annex.label, Style::Bold, bold),
            (&annex.title, Style::Bold, bold),
        ];
        let subtitle = annex.subtitle.lines().map(|l| (l, Style::Italic, italic));
        for (text, style, face) in heading
            .into_iter()
            .map(|(t, s, f)| (t.as_str(), s, f))
            .chain(subtitle)
        {
            let text = clean_trim(face, text);
            if !text.is_empty() {
                let lines = wrap_balanced(face, 14.0, &text, tw * 0.85);
                self.y =
                    self.centred_lines(&lines, Spec::new(style, 14.0, 17.0), geom.left, tw, self.y);
            }
        }
        self.y += 10.0;
        self.blocks(&annex.blocks);
    }

    // ---------------------------------------------------------------- page numbers

    fn page_numbers(&mut self) {
        let face = self.fonts.face(Style::Regular);
        for (i, page) in self.pages.iter_mut().enumerate().skip(1) {
            let text = (i + 1).to_string();
            let w = face.width(&text, PAGE_NO_SIZE);
            let g = page.geom;
            let x = g.left + (g.text_width() - w) / 2.0;
            let y = g.top * 0.55 + PAGE_NO_SIZE * 0.35;
            page.runs.push(Run {
                style: Style::Regular,
                size: PAGE_NO_SIZE,
                x,
                y,
                text,
                word_extra: 0.0,
            });
        }
    }
}

/// Lays out the whole document.
pub(super) fn layout(doc: &OfficialDoc, fonts: &Fonts) -> Vec<Page> {
    let mut l = Layouter::new(fonts);
    l.new_page(Geom::PORTRAIT);
    l.first_page_header(doc);
    l.blocks(&doc.blocks);
    l.closing(doc);
    for annex in &doc.annexes {
        l.annex(annex);
    }
    l.page_numbers();
    l.pages
}
