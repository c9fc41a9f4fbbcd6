//! The reporting cycle's rules: period dates, a unit report's status and its place on the
//! submission board, the official date line. Pure; compiled for the server and the browser.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::task::PeriodKind;

/// The dates of one reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodDates {
    /// First day of the data window.
    pub window_start: NaiveDate,
    /// Data cut-off (last day of the window): the "as of" date of the period's figures.
    pub cutoff: NaiveDate,
    /// Units' reports due to the Department of Home Affairs.
    pub unit_due_on: NaiveDate,
    /// The province's report due.
    pub province_due_on: NaiveDate,
}

impl PeriodDates {
    /// The defaults of DOMAIN.md: window 15/12 of the year before to the 14th of the period's
    /// last month; units report the day after the cut-off, the province on the 20th.
    pub fn defaults(kind: PeriodKind, year: i32) -> PeriodDates {
        let cutoff = kind.cutoff(year);
        PeriodDates {
            window_start: kind.window_start(year),
            cutoff,
            unit_due_on: cutoff + Duration::days(1),
            province_due_on: cutoff + Duration::days(6),
        }
    }

    /// The message key of the first rule the dates break, if any: the window starts before
    /// the cut-off, units are due on or after the cut-off, the province on or after the units.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        if self.window_start > self.cutoff {
            return Some(("cutoff", "err.period_window"));
        }
        if self.unit_due_on < self.cutoff {
            return Some(("unit_due_on", "err.period_unit_due"));
        }
        if self.province_due_on < self.unit_due_on {
            return Some(("province_due_on", "err.period_province_due"));
        }
        None
    }
}

/// Where a unit report is in its cycle (stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Being drafted by the unit.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    /// Submitted by the unit head; waiting for review.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    /// Returned by the PAR office for correction.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "returned"))]
    Returned,
    /// Accepted by the PAR office.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "accepted"))]
    Accepted,
}

impl ReportStatus {
    /// The stable string stored in the database (the values of the derive above).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Accepted => "accepted",
        }
    }

    /// The unit may still edit the report.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

/// A unit's column on the submission board (computed from the report, if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardState {
    /// No report yet.
    NotStarted,
    /// Drafted, not submitted.
    Draft,
    /// Submitted by the due date, waiting for review.
    SubmittedOnTime,
    /// Submitted after the due date, waiting for review.
    SubmittedLate,
    /// Returned for correction.
    Returned,
    /// Accepted.
    Accepted,
}

impl BoardState {
    /// Every state, in display order.
    pub const ALL: [BoardState; 6] = [
        BoardState::NotStarted,
        BoardState::Draft,
        BoardState::SubmittedOnTime,
        BoardState::SubmittedLate,
        BoardState::Returned,
        BoardState::Accepted,
    ];

    /// The board state of a unit's report (`None`: no report).
    pub fn of(status: Option<ReportStatus>, submitted_late: bool) -> BoardState {
        match status {
            None => BoardState::NotStarted,
            Some(ReportStatus::Draft) => BoardState::Draft,
            Some(ReportStatus::Submitted) if submitted_late => BoardState::SubmittedLate,
            Some(ReportStatus::Submitted) => BoardState::SubmittedOnTime,
            Some(ReportStatus::Returned) => BoardState::Returned,
            Some(ReportStatus::Accepted) => BoardState::Accepted,
        }
    }

    /// The stable string used in URLs and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            BoardState::NotStarted => "not_started",
            BoardState::Draft => "draft",
            BoardState::SubmittedOnTime => "submitted_on_time",
            BoardState::SubmittedLate => "submitted_late",
            BoardState::Returned => "returned",
            BoardState::Accepted => "accepted",
        }
    }

    /// The translation key of the state's name.
    pub fn label_key(self) -> &'static str {
        match self {
            BoardState::NotStarted => "board.not_started",
            BoardState::Draft => "board.draft",
            BoardState::SubmittedOnTime => "board.submitted_on_time",
            BoardState::SubmittedLate => "board.submitted_late",
            BoardState::Returned => "board.returned",
            BoardState::Accepted => "board.accepted",
        }
    }
}

/// A submission is late when it happens after the units' due date (Vietnam's calendar day).
pub fn is_late(submitted_on: NaiveDate, unit_due_on: NaiveDate) -> bool {
    submitted_on > unit_due_on
}

/// What happened to a unit report (its history).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum ReportEvent {
    /// The draft was started.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "created"))]
    Created,
    /// Submitted (first time).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    /// Submitted again after a return.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "resubmitted"))]
    Resubmitted,
    /// Returned for correction, with a comment.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "returned"))]
    Returned,
    /// Accepted.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "accepted"))]
    Accepted,
}

impl ReportEvent {
    /// The translation key of the event.
    pub fn label_key(self) -> &'static str {
        match self {
            ReportEvent::Created => "report_event.created",
            ReportEvent::Submitted => "report_event.submitted",
            ReportEvent::Resubmitted => "report_event.resubmitted",
            ReportEvent::Returned => "report_event.returned",
            ReportEvent::Accepted => "report_event.accepted",
        }
    }
}

/// The date line of an official document (NĐ 30/2020): "Đồng Nai, ngày 05 tháng 4 năm 2025";
/// days below 10 and the months January and February take a leading zero.
pub fn official_date_line(place: &str, date: NaiveDate) -> String {
    let month = date.month();
    let month = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!(
        "{}, ngày {:02} tháng {} năm {}",
        place.trim(),
        date.day(),
        month,
        date.year()
    )
}

/// The Vietnamese name of a period of a year, as printed in a report's summary line:
/// "quý I năm 2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "năm 2025".
pub fn period_phrase_vi(kind: PeriodKind, year: i32) -> String {
    match kind {
        PeriodKind::Q1 => format!("quý I năm {year}"),
        PeriodKind::H1 => format!("6 tháng đầu năm {year}"),
        PeriodKind::M9 => format!("9 tháng năm {year}"),
        PeriodKind::Year => format!("năm {year}"),
    }
}

/// Upper-case Roman numerals for section and annex numbers (1 to 39; others as digits).
pub fn roman(n: usize) -> String {
    if n == 0 || n >= 40 {
        return n.to_string();
    }
    let tens = ["", "X", "XX", "XXX"];
    let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    format!("{}{}", tens[n / 10], ones[n % 10])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn default_dates_follow_the_reporting_calendar() {
        let q1 = PeriodDates::defaults(PeriodKind::Q1, 2025);
        assert_eq!(q1.window_start, d(2024, 12, 15));
        assert_eq!(q1.cutoff, d(2025, 3, 14));
        assert_eq!(q1.unit_due_on, d(2025, 3, 15));
        assert_eq!(q1.province_due_on, d(2025, 3, 20));
        let year = PeriodDates::defaults(PeriodKind::Year, 2026);
        assert_eq!(year.window_start, d(2025, 12, 15));
        assert_eq!(year.cutoff, d(2026, 12, 14));
        assert_eq!(year.province_due_on, d(2026, 12, 20));
        for kind in PeriodKind::ALL {
            assert_eq!(PeriodDates::defaults(kind, 2030).problem(), None);
        }
    }

    #[test]
    fn inconsistent_dates_are_named() {
        let good = PeriodDates::defaults(PeriodKind::H1, 2025);
        let mut bad = good;
        bad.window_start = d(2025, 7, 1);
        assert_eq!(bad.problem().map(|p| p.0), Some("cutoff"));
        let mut bad = good;
        bad.unit_due_on = d(2025, 6, 1);
        assert_eq!(bad.problem().map(|p| p.0), Some("unit_due_on"));
        let mut bad = good;
        bad.province_due_on = d(2025, 6, 14);
        assert_eq!(bad.problem().map(|p| p.0), Some("province_due_on"));
        // The unit due date on the cut-off itself is allowed.
        let mut edge = good;
        edge.unit_due_on = edge.cutoff;
        assert_eq!(edge.problem(), None);
    }

    #[test]
    fn board_states_cover_every_status() {
        assert_eq!(BoardState::of(None, false), BoardState::NotStarted);
        assert_eq!(
            BoardState::of(Some(ReportStatus::Draft), true),
            BoardState::Draft
        );
        assert_eq!(
            BoardState::of(Some(ReportStatus::Submitted), false),
            BoardState::SubmittedOnTime
        );
        assert_eq!(
            BoardState::of(Some(ReportStatus::Submitted), true),
            BoardState::SubmittedLate
        );
        assert_eq!(
            BoardState::of(Some(ReportStatus::Returned), false),
            BoardState::Returned
        );
        assert_eq!(
            BoardState::of(Some(ReportStatus::Accepted), true),
            BoardState::Accepted
        );
        let strs: std::collections::HashSet<_> =
            BoardState::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(strs.len(), BoardState::ALL.len());
    }

    #[test]
    fn lateness_is_after_the_due_day_not_on_it() {
        let due = d(2025, 6, 15);
        assert!(!is_late(d(2025, 6, 15), due));
        assert!(!is_late(d(2025, 6, 1), due));
        assert!(is_late(d(2025, 6, 16), due));
    }

    #[test]
    fn only_drafts_and_returned_reports_are_editable() {
        assert!(ReportStatus::Draft.editable());
        assert!(ReportStatus::Returned.editable());
        assert!(!ReportStatus::Submitted.editable());
        assert!(!ReportStatus::Accepted.editable());
    }

    #[test]
    fn official_date_line_pads_days_and_early_months() {
        assert_eq!(
            official_date_line("Đồng Nai", d(2025, 4, 5)),
            "Đồng Nai, ngày 05 tháng 4 năm 2025"
        );
        assert_eq!(
            official_date_line(" Đồng Nai ", d(2026, 2, 20)),
            "Đồng Nai, ngày 20 tháng 02 năm 2026"
        );
        assert_eq!(
            official_date_line("Đồng Nai", d(2026, 12, 1)),
            "Đồng Nai, ngày 01 tháng 12 năm 2026"
        );
    }

    #[test]
    fn period_phrases_and_roman_numerals() {
        assert_eq!(period_phrase_vi(PeriodKind::Q1, 2025), "quý I năm 2025");
        assert_eq!(
            period_phrase_vi(PeriodKind::H1, 2025),
            "6 tháng đầu năm 2025"
        );
        assert_eq!(period_phrase_vi(PeriodKind::Year, 2026), "năm 2026");
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(39), "XXXIX");
        assert_eq!(roman(40), "40");
        assert_eq!(roman(0), "0");
    }
}
