//! Tables: column widths, cells, rows split across pages with the header repeated.

use super::*;

/// A table cell prepared for drawing.
pub(super) struct Cell {
    pub(super) lines: Vec<WLine>,
    pub(super) style: Style,
    pub(super) align: Align,
}

impl Layouter<'_> {
    // ---------------------------------------------------------------- tables

    /// Column widths from the weights, widened where needed so that no word of
    /// the header (or of a body cell, up to a quarter of the table width) has
    /// to be broken; the extra width is taken from the other columns.
    pub(super) fn column_widths(&self, table: &Table) -> Vec<f32> {
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

    pub(super) fn cell(&self, text: &str, style: Style, align: Align, width: f32) -> Cell {
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

    pub(super) fn header_cells(&self, table: &Table, widths: &[f32]) -> Vec<Cell> {
        table
            .columns
            .iter()
            .zip(widths)
            .map(|(c, &w)| self.cell(&c.title, Style::Bold, Align::Center, w))
            .collect()
    }

    pub(super) fn row_cells(&self, table: &Table, row: &Row, widths: &[f32]) -> Vec<Cell> {
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
    pub(super) fn table_lead_height(&self, table: &Table, widths: &[f32]) -> f32 {
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

    pub(super) fn table(&mut self, table: &Table) {
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
    pub(super) fn draw_row(
        &mut self,
        cells: &[Cell],
        xs: &[f32],
        h: f32,
        vcenter: bool,
        header: bool,
    ) {
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
}

pub(super) fn row_height(cells: &[Cell]) -> f32 {
    let lines = cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(0)
        .max(1);
    lines as f32 * CELL_LH + 2.0 * CELL_PAD_Y
}
