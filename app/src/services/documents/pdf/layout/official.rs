//! The parts of an official document around its body (NĐ 30): the first page's header
//! (issuer, national title, number, place and date, title) and the closing (recipients and the
//! signing block).

use super::*;

impl Layouter<'_> {
    // ---------------------------------------------------------------- header

    pub(super) fn first_page_header(&mut self, doc: &OfficialDoc) {
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
        // A '\n' in a name forces a line break ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH").
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

    // ---------------------------------------------------------------- closing

    pub(super) fn closing(&mut self, doc: &OfficialDoc) {
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
}
