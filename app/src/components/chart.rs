//! Charts as SVG markup built on the server (readable without JavaScript and in print): a
//! stacked bar chart and a line chart. Every mark is a link with an accessible label; pages
//! show the same numbers in a table beside the chart.

use std::fmt::Write;

/// Escapes text for SVG/XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The fill of a series (follow-up classes and the trend's lines).
pub fn colour(series: &str) -> &'static str {
    match series {
        "on_time" => "#2e7d4f",
        "late" => "#c98a00",
        "in_progress" => "#3b6fb6",
        "overdue" => "#b83227",
        "completion" => "#3b6fb6",
        _ => "#6b7280",
    }
}

/// One segment of a bar.
#[derive(Clone, Debug)]
pub struct Segment {
    /// The series (a follow-up class).
    pub series: &'static str,
    /// Its value.
    pub value: u64,
    /// Where a click leads.
    pub href: String,
    /// What a screen reader says.
    pub label: String,
}

/// One bar.
#[derive(Clone, Debug)]
pub struct Bar {
    /// The bar's name (shown above it).
    pub label: String,
    /// Its segments, left to right.
    pub segments: Vec<Segment>,
}

const WIDTH: f64 = 640.0;

/// A horizontal stacked bar chart: each bar's name above it, segments scaled to the largest
/// total, the total after the bar.
pub fn stacked_bars(title: &str, bars: &[Bar]) -> String {
    let row = 44.0;
    let height = (bars.len() as f64 * row + 8.0).max(40.0);
    let max = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.value).sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let span = WIDTH - 60.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart chart-bars" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title)
    );
    let _ = write!(out, "<title>{}</title>", esc(title));
    for (i, bar) in bars.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let _ = write!(
            out,
            r#"<text x="0" y="{:.1}" class="chart-label">{}</text>"#,
            y + 13.0,
            esc(&bar.label)
        );
        let mut x = 0.0;
        for s in bar.segments.iter().filter(|s| s.value > 0) {
            let w = s.value as f64 / max * span;
            let _ = write!(
                out,
                r#"<a href="{}" aria-label="{}" class="seg seg-{}"><rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="20" fill="{}"><title>{}</title></rect></a>"#,
                esc(&s.href),
                esc(&s.label),
                s.series,
                y + 18.0,
                colour(s.series),
                esc(&s.label),
            );
            x += w;
        }
        let total: u64 = bar.segments.iter().map(|s| s.value).sum();
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="chart-total">{total}</text>"#,
            x + 6.0,
            y + 33.0
        );
    }
    out.push_str("</svg>");
    out
}

/// One point of a line chart: its x label, link and values per series (None: no value).
#[derive(Clone, Debug)]
pub struct Point {
    /// The label under the point.
    pub label: String,
    /// Where a click leads.
    pub href: String,
    /// Values (0-100) per series, in the order of the series.
    pub values: Vec<Option<f64>>,
}

/// A line chart of percentages (0-100) with one line per series: `series` gives each line's
/// colour key and name.
pub fn line_chart(
    lang: crate::i18n::Lang,
    title: &str,
    series: &[(&'static str, String)],
    points: &[Point],
) -> String {
    let (left, right, top, bottom) = (52.0, 40.0, 12.0, 40.0);
    let height = 220.0;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let n = points.len().max(1);
    let x_of = |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y_of = |v: f64| top + plot_h * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart chart-line" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title)
    );
    let _ = write!(out, "<title>{}</title>", esc(title));
    for g in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = y_of(g);
        let _ = write!(
            out,
            r##"<line x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#d6dae2" stroke-width="1"/><text x="{:.1}" y="{:.1}" class="chart-axis" text-anchor="end">{g}%</text>"##,
            WIDTH - right,
            left - 6.0,
            y + 4.0
        );
    }
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="chart-axis" text-anchor="middle">{}</text>"#,
            x_of(i),
            height - bottom + 18.0,
            esc(&p.label)
        );
    }
    for (k, (key, name)) in series.iter().enumerate() {
        let coords: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.values
                    .get(k)
                    .copied()
                    .flatten()
                    .map(|v| format!("{:.1},{:.1}", x_of(i), y_of(v)))
            })
            .collect();
        let dash = if k == 0 {
            ""
        } else {
            r#" stroke-dasharray="6 4""#
        };
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{dash}/>"#,
            coords.join(" "),
            colour(key)
        );
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p.values.get(k).copied().flatten() {
                let label = format!("{name}, {}: {}%", p.label, crate::i18n::num1(lang, v));
                let _ = write!(
                    out,
                    r#"<a href="{}" aria-label="{}"><circle cx="{:.1}" cy="{:.1}" r="5" fill="{}"><title>{}</title></circle></a>"#,
                    esc(&p.href),
                    esc(&label),
                    x_of(i),
                    y_of(v),
                    colour(key),
                    esc(&label)
                );
            }
        }
    }
    // Legend.
    let mut x = left;
    for (k, (key, name)) in series.iter().enumerate() {
        let dash = if k == 0 {
            ""
        } else {
            r#" stroke-dasharray="6 4""#
        };
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{}" stroke-width="2.5"{dash}/><text x="{:.1}" y="{:.1}" class="chart-axis">{}</text>"#,
            x + 22.0,
            height - 8.0,
            height - 8.0,
            colour(key),
            x + 28.0,
            height - 4.0,
            esc(name)
        );
        x += 40.0 + name.chars().count() as f64 * 7.0;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_total_and_escape_text() {
        let seg = |series, value| Segment {
            series,
            value,
            href: format!("/x?c={series}&a=1"),
            label: format!("{series}: {value}"),
        };
        let svg = stacked_bars(
            "Theo lĩnh vực <CCHC>",
            &[
                Bar {
                    label: "Thể chế & pháp luật".into(),
                    segments: vec![seg("on_time", 3), seg("overdue", 1)],
                },
                Bar {
                    label: "Tổ chức".into(),
                    segments: vec![seg("late", 2), seg("in_progress", 0)],
                },
            ],
        );
        assert!(svg.contains("Theo lĩnh vực &lt;CCHC&gt;"));
        assert!(svg.contains("Thể chế &amp; pháp luật"));
        assert!(svg.contains(r#"href="/x?c=on_time&amp;a=1""#));
        // 3 of 4 over 580 px; a zero segment is not drawn.
        assert!(svg.contains(r#"width="435.0""#));
        assert!(!svg.contains("seg-in_progress"));
        assert_eq!(svg.matches("<a ").count(), 3);
    }

    #[test]
    fn lines_skip_missing_values() {
        let svg = line_chart(
            crate::i18n::Lang::Vi,
            "Xu hướng",
            &[
                ("completion", "Hoàn thành".into()),
                ("on_time", "Đúng hạn".into()),
            ],
            &[
                Point {
                    label: "Quý I/2026".into(),
                    href: "/a".into(),
                    values: vec![Some(50.0), None],
                },
                Point {
                    label: "Hôm nay".into(),
                    href: "/b".into(),
                    values: vec![Some(100.0), Some(0.0)],
                },
            ],
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("Hoàn thành, Quý I/2026: 50%"));
        assert!(svg.contains("Đúng hạn, Hôm nay: 0%"));
    }
}
