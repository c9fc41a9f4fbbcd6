//! Line breaking, justification and pagination. Produces a device-independent
//! list of pages (points, y axis pointing down) that the parent module writes
//! out as PDF.

use super::{Align, Annex, Block, Face, Fonts, OfficialDoc, Row, Style, Table};

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

/// One line produced by [`wrap`].
#[derive(Debug, Clone)]
struct WLine {
    text: String,
    /// Natural width in points.
    width: f32,
    /// Last line of its paragraph (never justified).
    last: bool,
}

/// Breaks `text` (already cleaned: no control characters) into lines of at
/// most `first_avail` points (first line) and `avail` points (other lines).
/// Runs of spaces inside a line are kept; words longer than a line are
/// broken between characters.
fn wrap(face: &Face, size: f32, text: &str, first_avail: f32, avail: f32) -> Vec<WLine> {
    let space = face.char_width(' ', size);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0f32;
    let mut room = first_avail;
    // Extra spaces seen since the last word (a run of n spaces yields n - 1 empty items).
    let mut extra_spaces = 0usize;

    for word in text.split(' ') {
        if word.is_empty() {
            if !cur.is_empty() {
                extra_spaces += 1;
            }
            continue;
        }
        let gaps = if cur.is_empty() { 0 } else { extra_spaces + 1 };
        extra_spaces = 0;
        let ww = face.width(word, size);
        if cur_w + gaps as f32 * space + ww <= room + EPS {
            cur.extend(std::iter::repeat_n(' ', gaps));
            cur.push_str(word);
            cur_w += gaps as f32 * space + ww;
            continue;
        }
        if ww <= avail + EPS {
            if !cur.is_empty() {
                lines.push(WLine {
                    text: std::mem::take(&mut cur),
                    width: cur_w,
                    last: false,
                });
                room = avail;
            }
            cur.push_str(word);
            cur_w = ww;
            continue;
        }
        // A word longer than a whole line: fill the current line with its
        // beginning (if there is reasonable room), then continue on new lines.
        if !cur.is_empty() && room - cur_w - space < size * 3.0 {
            lines.push(WLine {
                text: std::mem::take(&mut cur),
                width: cur_w,
                last: false,
            });
            cur_w = 0.0;
            room = avail;
        }
        let mut rest = word;
        loop {
            let gap = if cur.is_empty() { 0.0 } else { space };
            let (head, head_w) = fitting_prefix(face, size, rest, room - cur_w - gap);
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(head);
            cur_w += gap + head_w;
            rest = &rest[head.len()..];
            if rest.is_empty() {
                break;
            }
            lines.push(WLine {
                text: std::mem::take(&mut cur),
                width: cur_w,
                last: false,
            });
            cur_w = 0.0;
            room = avail;
        }
    }
    if !cur.is_empty() {
        lines.push(WLine {
            text: cur,
            width: cur_w,
            last: true,
        });
    }
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}

/// Like [`wrap`], but for centred text: keeps the number of lines of a greedy
/// wrap while making the lines as even as possible ("ỦY BAN NHÂN DÂN /
/// TỈNH ĐỒNG NAI" rather than "ỦY BAN NHÂN DÂN TỈNH / ĐỒNG NAI").
fn wrap_balanced(face: &Face, size: f32, text: &str, avail: f32) -> Vec<WLine> {
    let greedy = wrap(face, size, text, avail, avail);
    if greedy.len() < 2 {
        return greedy;
    }
    let longest_word = text
        .split(' ')
        .map(|w| face.width(w, size))
        .fold(0.0, f32::max);
    if longest_word > avail {
        return greedy;
    }
    let (mut lo, mut hi) = (longest_word, avail);
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        if wrap(face, size, text, mid, mid).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(face, size, text, hi, hi)
}

/// Longest prefix of `word` that fits into `room` points (at least one
/// character, never separating a character from following zero-width marks).
fn fitting_prefix<'a>(face: &Face, size: f32, word: &'a str, room: f32) -> (&'a str, f32) {
    let mut width = 0.0;
    let mut end = 0;
    for (i, c) in word.char_indices() {
        let w = face.char_width(c, size);
        if end > 0 && w > 0.0 && width + w > room + EPS {
            break;
        }
        width += w;
        end = i + c.len_utf8();
    }
    (&word[..end], width)
}

/// Distance from the top of a line box to the baseline.
fn baseline(face: &Face, size: f32, line_height: f32) -> f32 {
    let glyph_h = (face.ascent + face.descent) * size;
    (line_height - glyph_h) / 2.0 + face.ascent * size
}

/// Face, size and line height of a run of lines.
#[derive(Debug, Clone, Copy)]
struct Spec {
    style: Style,
    size: f32,
    lh: f32,
}

impl Spec {
    fn new(style: Style, size: f32, lh: f32) -> Self {
        Spec { style, size, lh }
    }
}

/// Cleans `s` for `face` and trims it.
/// The lines of a header name at 13 pt: each '\n'-separated part wrapped (balanced) on its own.
fn header_lines(face: &Face, s: &str, avail: f32) -> Vec<WLine> {
    s.split('\n')
        .map(|part| clean_trim(face, part))
        .filter(|part| !part.is_empty())
        .flat_map(|part| wrap_balanced(face, 13.0, &part, avail))
        .collect()
}

fn clean_trim(face: &Face, s: &str) -> String {
    face.clean(s).trim().to_owned()
}

/// Trims and reduces runs of spaces to one (body text is justified anyway).
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Distance from a baseline down to a rule drawn under the text (clear of
/// descenders and Vietnamese dots below).
fn rule_gap(size: f32) -> f32 {
    0.3 * size + 2.0
}

/// A table cell prepared for drawing.
struct Cell {
    lines: Vec<WLine>,
    style: Style,
    align: Align,
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

    // ---------------------------------------------------------------- header

    fn first_page_header(&mut self, doc: &OfficialDoc) {
        let g = self.geom;
        let tw = g.text_width();
        let left_w = tw * 0.42;
        let right_w = tw - left_w;
        let (lx, rx) = (g.left, g.left + left_w);
        let regular = self.face(Style::Regular);
        let bold = self.face(Style::Bold);
        let italic = self.face(Style::Italic);

        // Right column: national title and motto.
        let nat_size = if bold.width(NATIONAL_TITLE, 13.0) <= right_w - 4.0 {
            13.0
        } else {
            12.0
        };
        let motto_size = if bold.width(MOTTO, 14.0) <= right_w - 4.0 {
            14.0
        } else {
            13.0
        };
        let nat = wrap(bold, nat_size, NATIONAL_TITLE, right_w, right_w);
        let mut yr = self.centred_lines(
            &nat,
            Spec::new(Style::Bold, nat_size, HEADER_LH),
            rx,
            right_w,
            g.top,
        );
        let motto = wrap(bold, motto_size, MOTTO, right_w, right_w);
        let motto_top = yr;
        yr = self.centred_lines(
            &motto,
            Spec::new(Style::Bold, motto_size, HEADER_LH),
            rx,
            right_w,
            yr,
        );
        if let Some(line) = motto.last() {
            let base = motto_top
                + motto.len().saturating_sub(1) as f32 * HEADER_LH
                + baseline(bold, motto_size, HEADER_LH);
            let ry = base + rule_gap(motto_size);
            let x0 = rx + (right_w - line.width) / 2.0;
            self.rule(x0, ry, x0 + line.width, ry, RULE);
            yr = yr.max(ry + 2.0);
        }

        // Left column: governing body, issuing body and the short rule under it.
        let mut yl = g.top;
        // A '\n' in a name forces a line break ("ỦY BAN NHÂN DÂN\nTỈNH SƠN HÀ").
        let lines = header_lines(regular, &doc.parent_body, left_w);
        if !lines.is_empty() {
            yl = self.centred_lines(
                &lines,
                Spec::new(Style::Regular, 13.0, HEADER_LH),
                lx,
                left_w,
                yl,
            );
        }
        let lines = header_lines(bold, &doc.body, left_w);
        if !lines.is_empty() {
            let body_top = yl;
            yl = self.centred_lines(
                &lines,
                Spec::new(Style::Bold, 13.0, HEADER_LH),
                lx,
                left_w,
                yl,
            );
            let widest = lines.iter().map(|l| l.width).fold(0.0, f32::max);
            let base = body_top
                + lines.len().saturating_sub(1) as f32 * HEADER_LH
                + baseline(bold, 13.0, HEADER_LH);
            let ry = base + rule_gap(13.0);
            let len = widest / 3.0;
            let x0 = lx + (left_w - len) / 2.0;
            self.rule(x0, ry, x0 + len, ry, RULE);
            yl = yl.max(ry + 2.0);
        }

        // Number (left) and place/date (right) share a line.
        let top = yl.max(yr) + 4.0;
        let mut y_after = top;
        let number = clean_trim(regular, &doc.number);
        if !number.is_empty() {
            let lines = wrap(regular, 13.0, &number, left_w, left_w);
            y_after = y_after.max(self.centred_lines(
                &lines,
                Spec::new(Style::Regular, 13.0, HEADER_LH),
                lx,
                left_w,
                top,
            ));
        }
        let place = clean_trim(italic, &doc.place_date);
        if !place.is_empty() {
            let lines = wrap(italic, 14.0, &place, right_w, right_w);
            y_after = y_after.max(self.centred_lines(
                &lines,
                Spec::new(Style::Italic, 14.0, HEADER_LH),
                rx,
                right_w,
                top,
            ));
        }
        self.y = y_after + 18.0;

        // Document kind and summary, with a short rule under the summary.
        let kind = clean_trim(bold, &doc.kind_title);
        if !kind.is_empty() {
            let lines = wrap(bold, 14.0, &kind, tw, tw);
            self.y = self.centred_lines(
                &lines,
                Spec::new(Style::Bold, 14.0, 17.0),
                g.left,
                tw,
                self.y,
            );
        }
        let summary = clean_trim(bold, &doc.summary);
        if !summary.is_empty() {
            let lines = wrap_balanced(bold, 14.0, &summary, tw * 0.9);
            let top = self.y;
            self.y =
                self.centred_lines(&lines, Spec::new(Style::Bold, 14.0, 17.0), g.left, tw, top);
            let widest = lines.iter().map(|l| l.width).fold(0.0, f32::max);
            let base =
                top + lines.len().saturating_sub(1) as f32 * 17.0 + baseline(bold, 14.0, 17.0);
            let ry = base + rule_gap(14.0);
            let len = widest / 3.0;
            let x0 = g.left + (tw - len) / 2.0;
            self.rule(x0, ry, x0 + len, ry, RULE);
            self.y = self.y.max(ry + 2.0);
        }
        self.y += 14.0;
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

    // ---------------------------------------------------------------- tables

    /// Column widths from the weights, widened where needed so that no word of
    /// the header (or of a body cell, up to a quarter of the table width) has
    /// to be broken; the extra width is taken from the other columns.
    fn column_widths(&self, table: &Table) -> Vec<f32> {
        let tw = self.geom.text_width();
        let n = table.columns.len();
        let weights: Vec<f32> = table
            .columns
            .iter()
            .map(|c| {
                if c.weight.is_finite() && c.weight > 0.0 {
                    c.weight
                } else {
                    0.0
                }
            })
            .collect();
        let total: f32 = weights.iter().sum();
        let weights = if total > 0.0 { weights } else { vec![1.0; n] };

        let longest_word = |face: &Face, text: &str| {
            text.split([' ', '\n', '\t'])
                .map(|w| face.width(w, CELL_SIZE))
                .fold(0.0, f32::max)
        };
        let bold = self.face(Style::Bold);
        let regular = self.face(Style::Regular);
        let mut min: Vec<f32> = table
            .columns
            .iter()
            .map(|c| longest_word(bold, &c.title))
            .collect();
        for row in &table.rows {
            let face = if row.bold { bold } else { regular };
            for (m, cell) in min.iter_mut().zip(&row.cells) {
                *m = m.max(longest_word(face, cell).min(tw * 0.25));
            }
        }
        for m in &mut min {
            *m += 2.0 * CELL_PAD_X + 0.5;
        }
        if min.iter().sum::<f32>() > tw {
            let total: f32 = weights.iter().sum();
            return weights.iter().map(|w| tw * w / total).collect();
        }
        // Fix columns at their minimum until the rest, shared by weight, fit.
        let mut fixed = vec![false; n];
        loop {
            let fixed_w: f32 = (0..n).filter(|&i| fixed[i]).map(|i| min[i]).sum();
            let free_weight: f32 = (0..n).filter(|&i| !fixed[i]).map(|i| weights[i]).sum();
            let widths: Vec<f32> = (0..n)
                .map(|i| {
                    if fixed[i] {
                        min[i]
                    } else {
                        (tw - fixed_w) * weights[i] / free_weight.max(f32::MIN_POSITIVE)
                    }
                })
                .collect();
            let mut changed = false;
            for i in 0..n {
                if !fixed[i] && widths[i] < min[i] {
                    fixed[i] = true;
                    changed = true;
                }
            }
            if !changed {
                let sum: f32 = widths.iter().sum();
                if sum < tw - EPS {
                    // Every column sits at its minimum: share the rest by weight.
                    let wsum: f32 = weights.iter().sum();
                    return widths
                        .iter()
                        .zip(&weights)
                        .map(|(w, k)| w + (tw - sum) * k / wsum)
                        .collect();
                }
                return widths;
            }
        }
    }

    fn cell(&self, text: &str, style: Style, align: Align, width: f32) -> Cell {
        let face = self.face(style);
        let avail = (width - 2.0 * CELL_PAD_X).max(1.0);
        let mut lines = Vec::new();
        for part in text.split('\n') {
            let part = face.clean(part);
            lines.extend(wrap(face, CELL_SIZE, &part, avail, avail));
        }
        Cell {
            lines,
            style,
            align,
        }
    }

    fn header_cells(&self, table: &Table, widths: &[f32]) -> Vec<Cell> {
        table
            .columns
            .iter()
            .zip(widths)
            .map(|(c, &w)| self.cell(&c.title, Style::Bold, Align::Center, w))
            .collect()
    }

    fn row_cells(&self, table: &Table, row: &Row, widths: &[f32]) -> Vec<Cell> {
        let style = if row.bold {
            Style::Bold
        } else {
            Style::Regular
        };
        table
            .columns
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (col, &w))| {
                let text = row.cells.get(i).map_or("", String::as_str);
                self.cell(text, style, col.align, w)
            })
            .collect()
    }

    /// Height of the header row plus the first body row (or one line of it if
    /// the row is taller than a page): what must fit where the table starts.
    fn table_lead_height(&self, table: &Table, widths: &[f32]) -> f32 {
        let header = self.header_cells(table, widths);
        let header_h = if header.iter().any(|c| !c.lines.is_empty()) {
            row_height(&header)
        } else {
            0.0
        };
        let min_row = CELL_LH + 2.0 * CELL_PAD_Y;
        let first = table
            .rows
            .first()
            .map_or(0.0, |r| row_height(&self.row_cells(table, r, widths)));
        header_h
            + if header_h + first <= self.geom.content_height() {
                first
            } else {
                min_row
            }
    }

    fn table(&mut self, table: &Table) {
        if table.columns.is_empty() {
            return;
        }
        let widths = self.column_widths(table);
        let mut xs = vec![self.geom.left];
        for w in &widths {
            let last = xs[xs.len() - 1];
            xs.push(last + w);
        }
        let header = self.header_cells(table, &widths);
        let header_h = row_height(&header);
        let has_header = header.iter().any(|c| !c.lines.is_empty());

        self.ensure(self.table_lead_height(table, &widths));
        if has_header {
            self.draw_row(&header, &xs, header_h, true, true);
        }
        let repeat = |this: &mut Self| {
            this.new_page(this.geom);
            if has_header {
                this.draw_row(&header, &xs, header_h, true, true);
            }
        };

        for row in &table.rows {
            let cells = self.row_cells(table, row, &widths);
            let h = row_height(&cells);
            if h <= self.remaining() + EPS {
                self.draw_row(&cells, &xs, h, true, false);
                continue;
            }
            let page_room = self.geom.content_height() - if has_header { header_h } else { 0.0 };
            if h <= page_room + EPS {
                repeat(self);
                self.draw_row(&cells, &xs, h, true, false);
                continue;
            }
            // Taller than a page: split the row between pages, line by line.
            let total = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
            let mut start = 0;
            let mut fresh_page = false;
            while start < total {
                let mut fit = ((self.remaining() - 2.0 * CELL_PAD_Y) / CELL_LH + EPS)
                    .floor()
                    .max(0.0) as usize;
                if fit == 0 {
                    if !fresh_page {
                        repeat(self);
                        fresh_page = true;
                        continue;
                    }
                    // Not even one line fits under the header: overflow rather than loop.
                    fit = 1;
                }
                let take = fit.min(total - start);
                let seg_h = take as f32 * CELL_LH + 2.0 * CELL_PAD_Y;
                let part: Vec<Cell> = cells
                    .iter()
                    .map(|c| Cell {
                        lines: c.lines.iter().skip(start).take(take).cloned().collect(),
                        style: c.style,
                        align: c.align,
                    })
                    .collect();
                self.draw_row(&part, &xs, seg_h, false, false);
                start += take;
                if start < total {
                    repeat(self);
                    fresh_page = true;
                }
            }
        }
        self.y += PARA_AFTER + 4.0;
    }

    /// Draws one row (or row segment) of height `h` at the current position.
    fn draw_row(&mut self, cells: &[Cell], xs: &[f32], h: f32, vcenter: bool, header: bool) {
        let top = self.y;
        let left = xs[0];
        let right = xs[xs.len() - 1];
        if header {
            self.page().fills.push(Fill {
                x: left,
                y: top,
                w: right - left,
                h,
                rgb: [0.9, 0.9, 0.9],
            });
        }
        for (i, cell) in cells.iter().enumerate() {
            let face = self.face(cell.style);
            let base = baseline(face, CELL_SIZE, CELL_LH);
            let lines = &cell.lines;
            let used = lines.len() as f32 * CELL_LH;
            let offset = if vcenter {
                ((h - 2.0 * CELL_PAD_Y - used) / 2.0).max(0.0)
            } else {
                0.0
            };
            let (x0, x1) = (xs[i] + CELL_PAD_X, xs[i + 1] - CELL_PAD_X);
            for (k, line) in lines.iter().enumerate() {
                let x = match cell.align {
                    Align::Left => x0,
                    Align::Center => x0 + ((x1 - x0 - line.width) / 2.0).max(0.0),
                    Align::Right => (x1 - line.width).max(x0),
                };
                let y = top + CELL_PAD_Y + offset + k as f32 * CELL_LH + base;
                self.text(cell.style, CELL_SIZE, x, y, line.text.clone(), 0.0);
            }
        }
        self.rule(left, top, right, top, BORDER);
        self.rule(left, top + h, right, top + h, BORDER);
        for &x in xs {
            self.rule(x, top, x, top + h, BORDER);
        }
        self.y = top + h;
    }

    // ---------------------------------------------------------------- closing

    fn closing(&mut self, doc: &OfficialDoc) {
        let g = self.geom;
        let tw = g.text_width();
        let left_w = tw * 0.45;
        let right_w = tw - left_w;
        let (lx, rx) = (g.left, g.left + left_w);
        let bi = self.face(Style::BoldItalic);
        let regular = self.face(Style::Regular);
        let bold = self.face(Style::Bold);

        // Left column: (style, size, line height, indent, line).
        let mut left: Vec<(Style, f32, f32, f32, WLine)> = Vec::new();
        let recipients: Vec<String> = doc
            .recipients
            .iter()
            .map(|r| clean_trim(regular, r))
            .filter(|r| !r.is_empty())
            .collect();
        if !recipients.is_empty() {
            for l in wrap(bi, 12.0, "Nơi nhận:", left_w, left_w) {
                left.push((Style::BoldItalic, 12.0, 14.5, 0.0, l));
            }
            for r in &recipients {
                // Continuation lines are indented past the leading dash.
                for (i, l) in wrap(regular, 11.0, r, left_w - 4.0, left_w - 12.0)
                    .into_iter()
                    .enumerate()
                {
                    left.push((
                        Style::Regular,
                        11.0,
                        13.0,
                        if i == 0 { 0.0 } else { 8.0 },
                        l,
                    ));
                }
            }
        }
        // Right column: signing authority, signature space, name.
        let sign_lh = 17.0;
        let mut right: Vec<WLine> = Vec::new();
        for s in &doc.signer_lines {
            let s = clean_trim(bold, s);
            if !s.is_empty() {
                right.extend(wrap_balanced(bold, 14.0, &s, right_w));
            }
        }
        let name = clean_trim(bold, &doc.signer_name);
        let name_lines = wrap(bold, 14.0, &name, right_w, right_w);
        if left.is_empty() && right.is_empty() && name_lines.is_empty() {
            return;
        }
        let right_h = right.len() as f32 * sign_lh
            + if name_lines.is_empty() {
                0.0
            } else {
                SIGNATURE_SPACE + name_lines.len() as f32 * sign_lh
            };
        let left_h: f32 = left.iter().map(|(_, _, lh, _, _)| lh).sum();
        let height = left_h.max(right_h);

        let gap = 10.0;
        // A block longer than a page cannot be kept together: it then only
        // needs room for the signature column, and the list flows on.
        let needed = if height > g.content_height() {
            right_h
        } else {
            height
        };
        if gap + needed > self.remaining() + EPS && !self.at_page_top() {
            self.new_page(g);
        } else if !self.at_page_top() {
            self.y += gap;
        }
        let top = self.y;
        let mut yr = self.centred_lines(
            &right,
            Spec::new(Style::Bold, 14.0, sign_lh),
            rx,
            right_w,
            top,
        );
        if !name_lines.is_empty() {
            yr += SIGNATURE_SPACE;
            yr = self.centred_lines(
                &name_lines,
                Spec::new(Style::Bold, 14.0, sign_lh),
                rx,
                right_w,
                yr,
            );
        }
        // The left column flows onto further pages only if it is longer than a page.
        let mut yl = top;
        let mut bottom = yr;
        for (style, size, lh, indent, line) in left {
            if yl + lh > g.content_bottom() + EPS {
                self.new_page(g);
                yl = self.y;
                bottom = yl;
            }
            let face = self.face(style);
            self.text(
                style,
                size,
                lx + indent,
                yl + baseline(face, size, lh),
                line.text,
                0.0,
            );
            yl += lh;
        }
        self.y = bottom.max(yl);
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
        for (text, style, face) in [
            (&annex.label, Style::Bold, bold),
            (&annex.title, Style::Bold, bold),
            (&annex.subtitle, Style::Italic, italic),
        ] {
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

fn row_height(cells: &[Cell]) -> f32 {
    let lines = cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(0)
        .max(1);
    lines as f32 * CELL_LH + 2.0 * CELL_PAD_Y
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
