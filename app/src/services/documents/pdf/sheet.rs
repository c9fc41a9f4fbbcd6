//! One A4 landscape page drawn directly: text at positions, rectangles and lines (the
//! dashboard's one-page export). Text is cleaned for the font and truncated to fit.

use crate::services::documents::pdf::layout::{Fill, Page, Rule, Run};
use crate::services::documents::pdf::{write_pdf, Fonts, PdfError, Style};

/// A page being drawn; coordinates in points from the top-left corner, text at its baseline.
pub struct Sheet<'f> {
    fonts: &'f Fonts,
    page: Page,
}

impl<'f> Sheet<'f> {
    /// An empty A4 landscape page.
    pub fn landscape(fonts: &'f Fonts) -> Sheet<'f> {
        Sheet {
            fonts,
            page: Page::landscape(),
        }
    }

    /// Page width in points.
    pub fn width(&self) -> f32 {
        self.page.width
    }

    /// Page height in points.
    pub fn height(&self) -> f32 {
        self.page.height
    }

    fn style(bold: bool) -> Style {
        if bold {
            Style::Bold
        } else {
            Style::Regular
        }
    }

    /// The width of `s` in points.
    pub fn measure(&self, s: &str, size: f32, bold: bool) -> f32 {
        let face = self.fonts.face(Self::style(bold));
        face.width(&face.clean(s), size)
    }

    /// Writes `s` from `x`, cut with "…" to `max_w` points; returns the width written.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str, max_w: f32) -> f32 {
        let style = Self::style(bold);
        let face = self.fonts.face(style);
        let mut text = face.clean(s).trim().to_string();
        if face.width(&text, size) > max_w {
            let room = max_w - face.width("…", size);
            let mut cut = String::new();
            let mut w = 0.0;
            for c in text.chars() {
                let cw = face.char_width(c, size);
                if w + cw > room {
                    break;
                }
                w += cw;
                cut.push(c);
            }
            text = format!("{}…", cut.trim_end());
        }
        let width = face.width(&text, size);
        if !text.is_empty() {
            self.page.runs.push(Run {
                style,
                size,
                x,
                y,
                text,
                word_extra: 0.0,
            });
        }
        width
    }

    /// Writes `s` ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, s: &str) {
        let w = self.measure(s, size, bold);
        self.text(right - w, y, size, bold, s, w + 1.0);
    }

    /// Writes `s` centred on `centre`.
    pub fn text_centre(&mut self, centre: f32, y: f32, size: f32, bold: bool, s: &str) {
        let w = self.measure(s, size, bold);
        self.text(centre - w / 2.0, y, size, bold, s, w + 1.0);
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: [f32; 3]) {
        if w > 0.0 && h > 0.0 {
            self.page.fills.push(Fill { x, y, w, h, rgb });
        }
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.page.rules.push(Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// The PDF of the page.
    pub fn finish(self, title: &str) -> Result<Vec<u8>, PdfError> {
        write_pdf(title, &[self.page], self.fonts)
    }
}
