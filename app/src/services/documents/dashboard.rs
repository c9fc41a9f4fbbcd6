//! The dashboard on one A4 landscape page (for a meeting): headline figures, the split by
//! reform area as bars, the units with the best and worst on-time rates, the longest overdue
//! tasks, the reports of the period and the trend. Vietnamese, like the province's documents.

use crate::domain::dashboard::Band;
use crate::domain::task::FollowUpClass;
use crate::error::AppError;
use crate::i18n::{date, num1, t, tf, Lang};
use crate::model::dashboard::DashboardData;
use crate::services::documents::pdf::sheet::Sheet;
use crate::services::documents::pdf::Fonts;

const VI: Lang = Lang::Vi;
const MARGIN: f32 = 28.0;
const CLASSES: [FollowUpClass; 4] = [
    FollowUpClass::CompletedOnTime,
    FollowUpClass::CompletedLate,
    FollowUpClass::InProgress,
    FollowUpClass::Overdue,
];

fn colour(c: FollowUpClass) -> [f32; 3] {
    match c {
        FollowUpClass::CompletedOnTime => [0.18, 0.49, 0.31],
        FollowUpClass::CompletedLate => [0.79, 0.54, 0.0],
        FollowUpClass::InProgress => [0.23, 0.44, 0.71],
        FollowUpClass::Overdue | FollowUpClass::Cancelled => [0.72, 0.2, 0.15],
    }
}

fn band_colour(b: Band) -> [f32; 3] {
    match b {
        Band::Green => [0.18, 0.49, 0.31],
        Band::Amber => [0.85, 0.6, 0.05],
        Band::Red => [0.72, 0.2, 0.15],
        Band::None => [0.75, 0.75, 0.75],
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{}%", num1(VI, v)))
        .unwrap_or_else(|| "—".into())
}

fn period_label(year: i32, kind: crate::domain::task::PeriodKind) -> String {
    format!("{} {year}", t(VI, kind.label_key()))
}

/// A section title with a rule under it; returns the y below.
fn heading(s: &mut Sheet<'_>, x: f32, y: f32, w: f32, text: &str) -> f32 {
    s.text(x, y + 10.0, 10.5, true, text, w);
    s.line(x, y + 14.0, x + w, y + 14.0, 0.5);
    y + 26.0
}

/// The PDF of the dashboard; `scope` names what it covers (the province, or a unit).
pub fn render(
    d: &DashboardData,
    scope: &str,
    printed_on: chrono::NaiveDate,
    fonts: &Fonts,
) -> Result<Vec<u8>, AppError> {
    let mut s = Sheet::landscape(fonts);
    let (w, h) = (s.width(), s.height());
    let inner = w - 2.0 * MARGIN;
    let centre = w / 2.0;

    // Title and what the figures are.
    s.text_centre(
        centre,
        MARGIN + 12.0,
        14.0,
        true,
        "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
    );
    let as_of = match &d.period {
        Some(p) => tf(
            VI,
            "dash.as_of_period",
            &[
                ("period", &period_label(p.year, p.kind)),
                ("date", &date(d.as_of)),
            ],
        ),
        None => tf(VI, "dash.as_of_today", &[("date", &date(d.as_of))]),
    };
    let plans = match d.filter.plan.parse::<i32>() {
        Ok(id) => d
            .plans
            .iter()
            .find(|p| p.0 .0 == id)
            .map(|p| format!("Kế hoạch {}", p.1))
            .unwrap_or_default(),
        Err(_) => t(VI, "dash.plans_in_force"),
    };
    let level = crate::domain::dashboard::UnitLevel::parse(&d.filter.level);
    let mut sub = format!("{scope} · {plans} · {as_of}");
    if level != crate::domain::dashboard::UnitLevel::All {
        sub = format!("{sub} · {}", t(VI, level.label_key()));
    }
    s.text_centre(centre, MARGIN + 28.0, 9.5, false, &sub);
    s.text_right(
        w - MARGIN,
        h - MARGIN + 14.0,
        7.5,
        false,
        &format!(
            "In ngày {} · Phần mềm theo dõi nhiệm vụ CCHC",
            date(printed_on)
        ),
    );

    // Headline boxes.
    let top = MARGIN + 40.0;
    let c = d.totals;
    let p = d.previous_totals;
    let boxes: Vec<(String, String, String)> = {
        let delta_n = |now: u64, before: Option<u64>| {
            before
                .map(|b| {
                    let diff = now as i64 - b as i64;
                    format!(
                        "{}{} so với kỳ trước",
                        if diff >= 0 { "+" } else { "−" },
                        diff.abs()
                    )
                })
                .unwrap_or_default()
        };
        let delta_r = |now: Option<f64>, before: Option<f64>| {
            crate::domain::dashboard::change(now, before)
                .map(|d| {
                    format!(
                        "{}{} điểm % so với kỳ trước",
                        if d >= 0.0 { "+" } else { "−" },
                        num1(VI, d.abs())
                    )
                })
                .unwrap_or_default()
        };
        let mut v = vec![(
            c.total().to_string(),
            t(VI, "dash.total"),
            delta_n(c.total(), p.map(|p| p.total())),
        )];
        for class in CLASSES {
            v.push((
                c.get(class).to_string(),
                t(VI, class.label_key()),
                delta_n(c.get(class), p.map(|p| p.get(class))),
            ));
        }
        v.push((
            pct(c.completion_rate()),
            t(VI, "dash.completion_rate"),
            delta_r(c.completion_rate(), p.and_then(|p| p.completion_rate())),
        ));
        v.push((
            pct(c.on_time_rate()),
            t(VI, "dash.on_time_rate"),
            delta_r(c.on_time_rate(), p.and_then(|p| p.on_time_rate())),
        ));
        v
    };
    let gap = 6.0;
    let bw = (inner - gap * (boxes.len() as f32 - 1.0)) / boxes.len() as f32;
    for (i, (num, label, delta)) in boxes.iter().enumerate() {
        let x = MARGIN + i as f32 * (bw + gap);
        s.rect(x, top, bw, 52.0, [0.95, 0.96, 0.98]);
        if (1..=4).contains(&i) {
            s.rect(x, top, 3.0, 52.0, colour(CLASSES[i - 1]));
        }
        s.text(x + 8.0, top + 20.0, 16.0, true, num, bw - 12.0);
        s.text(x + 8.0, top + 33.0, 7.5, false, label, bw - 12.0);
        s.text(x + 8.0, top + 45.0, 6.5, false, delta, bw - 12.0);
    }

    // Left column: areas, then the trend.
    let col_top = top + 66.0;
    let left_w = inner * 0.5 - 8.0;
    let mut y = heading(&mut s, MARGIN, col_top, left_w, &t(VI, "dash.by_area"));
    // Legend.
    let mut lx = MARGIN;
    for class in CLASSES {
        s.rect(lx, y - 7.0, 8.0, 8.0, colour(class));
        lx += 11.0 + s.text(lx + 11.0, y, 7.0, false, &t(VI, class.label_key()), 120.0) + 8.0;
    }
    y += 8.0;
    let max = d
        .by_area
        .iter()
        .map(|a| a.counts.total())
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let label_w = 150.0;
    let bar_w = left_w - label_w - 30.0;
    for a in d.by_area.iter().take(9) {
        s.text(MARGIN, y + 8.0, 7.5, false, &a.name, label_w - 6.0);
        let mut x = MARGIN + label_w;
        for class in CLASSES {
            let n = a.counts.get(class);
            let bw = n as f32 / max * bar_w;
            s.rect(x, y, bw, 11.0, colour(class));
            x += bw;
        }
        s.text(
            x + 4.0,
            y + 8.5,
            7.5,
            true,
            &a.counts.total().to_string(),
            30.0,
        );
        y += 16.0;
    }
    if d.by_area.is_empty() {
        s.text(MARGIN, y + 8.0, 8.0, false, &t(VI, "dash.no_tasks"), left_w);
        y += 16.0;
    }

    // Trend table.
    y = heading(&mut s, MARGIN, y + 6.0, left_w, &t(VI, "dash.trend"));
    let cols = [MARGIN, MARGIN + 120.0, MARGIN + 200.0, MARGIN + 300.0];
    s.text(cols[0], y, 7.5, true, &t(VI, "dash.period"), 115.0);
    s.text(cols[1], y, 7.5, true, &t(VI, "dash.as_of"), 75.0);
    s.text(cols[2], y, 7.5, true, &t(VI, "dash.completion_rate"), 95.0);
    s.text(cols[3], y, 7.5, true, &t(VI, "dash.on_time_rate"), 95.0);
    y += 12.0;
    let shown = d.trend.len().saturating_sub(6);
    for tp in d.trend.iter().skip(shown) {
        let label = match tp.period {
            Some((yr, k)) => period_label(yr, k),
            None => t(VI, "dash.today"),
        };
        s.text(cols[0], y, 7.5, false, &label, 115.0);
        s.text(cols[1], y, 7.5, false, &date(tp.as_of), 75.0);
        s.text(cols[2], y, 7.5, false, &pct(tp.completion), 95.0);
        s.text(cols[3], y, 7.5, false, &pct(tp.on_time), 95.0);
        y += 11.0;
    }

    // Right column: ranking (best and worst), overdue, reports, indicators.
    let rx = MARGIN + inner * 0.5 + 8.0;
    let rw = inner * 0.5 - 8.0;
    let mut y = heading(
        &mut s,
        rx,
        col_top,
        rw,
        &format!(
            "{} ({} từ {}%, {} từ {}%)",
            t(VI, "dash.ranking"),
            t(VI, Band::Green.label_key()),
            d.bands.green,
            t(VI, Band::Amber.label_key()).to_lowercase(),
            d.bands.amber
        ),
    );
    let rank_cols = [
        rx,
        rx + 16.0,
        rx + rw - 150.0,
        rx + rw - 95.0,
        rx + rw - 45.0,
    ];
    s.text(rank_cols[1], y, 7.5, true, &t(VI, "dash.unit"), 200.0);
    s.text_right(rank_cols[2] + 30.0, y, 7.5, true, "Nhiệm vụ");
    s.text_right(rank_cols[3] + 40.0, y, 7.5, true, "Đúng hạn");
    s.text_right(rank_cols[4] + 45.0, y, 7.5, true, "Quá hạn");
    y += 11.0;
    let n = d.units.len();
    let picks: Vec<(usize, &crate::model::dashboard::UnitFigure)> = if n <= 12 {
        d.units.iter().enumerate().collect()
    } else {
        d.units
            .iter()
            .enumerate()
            .take(6)
            .chain(d.units.iter().enumerate().skip(n - 6))
            .collect()
    };
    let mut last = None;
    for (i, u) in picks {
        if last.is_some_and(|l: usize| i > l + 1) {
            s.text(
                rank_cols[1],
                y,
                7.5,
                false,
                &format!("… ({} đơn vị)", i - last.unwrap_or(0) - 1),
                200.0,
            );
            y += 10.5;
        }
        last = Some(i);
        s.rect(rank_cols[0], y - 7.0, 8.0, 8.0, band_colour(u.band));
        s.text(
            rank_cols[1],
            y,
            7.5,
            false,
            &format!("{}. {}", i + 1, u.name),
            rank_cols[2] - rank_cols[1] - 4.0,
        );
        s.text_right(
            rank_cols[2] + 30.0,
            y,
            7.5,
            false,
            &u.counts.total().to_string(),
        );
        s.text_right(rank_cols[3] + 40.0, y, 7.5, false, &pct(u.on_time_rate));
        s.text_right(
            rank_cols[4] + 45.0,
            y,
            7.5,
            false,
            &u.counts.overdue.to_string(),
        );
        y += 10.5;
    }

    y = heading(
        &mut s,
        rx,
        y + 4.0,
        rw,
        &format!("{} ({})", t(VI, "dash.overdue"), d.totals.overdue),
    );
    for task in d.overdue.iter().take(5) {
        let days = task
            .days_overdue
            .map(|n| format!("{n} ngày"))
            .unwrap_or_default();
        s.text(rx, y, 7.5, false, &task.title, rw - 150.0);
        s.text(rx + rw - 145.0, y, 7.5, false, &task.lead_unit, 100.0);
        s.text_right(rx + rw, y, 7.5, true, &days);
        y += 10.5;
    }
    if d.overdue.is_empty() {
        s.text(rx, y, 7.5, false, &t(VI, "dash.no_overdue"), rw);
        y += 10.5;
    }

    if let Some(r) = &d.reports {
        y = heading(
            &mut s,
            rx,
            y + 4.0,
            rw,
            &tf(
                VI,
                "dash.reports_of",
                &[("period", &period_label(r.year, r.kind))],
            ),
        );
        let line = r
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(st, n)| format!("{}: {n}", t(VI, st.label_key())))
            .collect::<Vec<_>>()
            .join(" · ");
        s.text(rx, y, 7.5, false, &line, rw);
        y += 12.0;
    }
    if !d.indicators.is_empty() {
        let met = d
            .indicators
            .iter()
            .filter(|i| i.attained == Some(true))
            .count();
        let not_met = d
            .indicators
            .iter()
            .filter(|i| i.attained == Some(false))
            .count();
        let none = d.indicators.len() - met - not_met;
        y = heading(&mut s, rx, y + 2.0, rw, &t(VI, "dash.indicators"));
        s.text(
            rx,
            y,
            7.5,
            false,
            &format!(
                "{} chỉ tiêu: {met} đạt, {not_met} chưa đạt, {none} chưa có số liệu",
                d.indicators.len()
            ),
            rw,
        );
    }

    s.finish("Tình hình thực hiện nhiệm vụ cải cách hành chính")
        .map_err(|e| {
            tracing::error!(error = %e, "dashboard PDF");
            AppError::Internal
        })
}
