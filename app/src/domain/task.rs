//! Tasks of a reform plan: their state, deadlines (with extensions), numeric targets,
//! reporting periods, and the follow-up class used by the Government Office status reports
//! (hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn chưa hoàn thành).
//!
//! Everything here is pure: the caller supplies the "as of" date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The state a unit reports for a task.
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
pub enum TaskState {
    /// Chưa triển khai.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "not_started"))]
    NotStarted,
    /// Đang thực hiện.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in_progress"))]
    InProgress,
    /// Đã hoàn thành.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "completed"))]
    Completed,
    /// Không thực hiện nữa (bãi bỏ, điều chỉnh kế hoạch).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
}

impl TaskState {
    /// Every state, in display order.
    pub const ALL: [TaskState; 4] = [
        TaskState::NotStarted,
        TaskState::InProgress,
        TaskState::Completed,
        TaskState::Cancelled,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::NotStarted => "not_started",
            TaskState::InProgress => "in_progress",
            TaskState::Completed => "completed",
            TaskState::Cancelled => "cancelled",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<TaskState> {
        TaskState::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the state's name.
    pub fn label_key(self) -> &'static str {
        match self {
            TaskState::NotStarted => "task_state.not_started",
            TaskState::InProgress => "task_state.in_progress",
            TaskState::Completed => "task_state.completed",
            TaskState::Cancelled => "task_state.cancelled",
        }
    }
}

/// How a task's completion time is expressed in the plan.
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
pub enum DeadlineKind {
    /// A given day ("Trước ngày 30/6/2025").
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "date"))]
    Date,
    /// A month ("Tháng 6/2025"); due on its last day.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "month"))]
    Month,
    /// A quarter ("Quý II/2025"); due on its last day.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "quarter"))]
    Quarter,
    /// Thường xuyên: no due date, judged per reporting period.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ongoing"))]
    Ongoing,
}

impl DeadlineKind {
    /// Every kind, in display order.
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::Date,
        DeadlineKind::Month,
        DeadlineKind::Quarter,
        DeadlineKind::Ongoing,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::Month => "month",
            DeadlineKind::Quarter => "quarter",
            DeadlineKind::Ongoing => "ongoing",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            DeadlineKind::Date => "deadline_kind.date",
            DeadlineKind::Month => "deadline_kind.month",
            DeadlineKind::Quarter => "deadline_kind.quarter",
            DeadlineKind::Ongoing => "deadline_kind.ongoing",
        }
    }
}

/// What kind of plan a task belongs to.
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
pub enum PlanKind {
    /// Multi-year programme (Chương trình tổng thể, giai đoạn).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "programme"))]
    Programme,
    /// Annual plan (Kế hoạch CCHC năm).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "annual"))]
    Annual,
    /// Thematic plan (kế hoạch chuyên đề).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "thematic"))]
    Thematic,
    /// A leader's directive (chỉ thị, văn bản chỉ đạo of the Chairman).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "directive"))]
    Directive,
    /// A conclusion notice after a meeting (thông báo kết luận).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "conclusion"))]
    Conclusion,
}

impl PlanKind {
    /// Every kind, in display order.
    pub const ALL: [PlanKind; 5] = [
        PlanKind::Programme,
        PlanKind::Annual,
        PlanKind::Thematic,
        PlanKind::Directive,
        PlanKind::Conclusion,
    ];

    /// The kinds of plans (programmes and plans, made by the PAR office).
    pub const PLANS: [PlanKind; 3] = [PlanKind::Programme, PlanKind::Annual, PlanKind::Thematic];

    /// The kinds of leaders' documents (directives, conclusion notices).
    pub const DIRECTIVES: [PlanKind; 2] = [PlanKind::Directive, PlanKind::Conclusion];

    /// How a report names a document of this kind: "Kế hoạch số 45/KH-UBND", "Chỉ thị số
    /// 05/CT-UBND", "Thông báo số 156/TB-UBND". Programmes keep "Kế hoạch", as reports named
    /// every source before directives existed.
    pub fn document_label(self, number: &str) -> String {
        let name = match self {
            PlanKind::Programme | PlanKind::Annual | PlanKind::Thematic => "Kế hoạch",
            PlanKind::Directive => "Chỉ thị",
            PlanKind::Conclusion => "Thông báo",
        };
        format!("{name} số {number}")
    }

    /// Whether this is a leaders' document rather than a plan.
    pub fn is_directive(self) -> bool {
        PlanKind::DIRECTIVES.contains(&self)
    }

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Programme => "programme",
            PlanKind::Annual => "annual",
            PlanKind::Thematic => "thematic",
            PlanKind::Directive => "directive",
            PlanKind::Conclusion => "conclusion",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            PlanKind::Programme => "plan_kind.programme",
            PlanKind::Annual => "plan_kind.annual",
            PlanKind::Thematic => "plan_kind.thematic",
            PlanKind::Directive => "plan_kind.directive",
            PlanKind::Conclusion => "plan_kind.conclusion",
        }
    }
}

/// A class of task sources, as lists filter by it: plans (programmes and plans) or leaders'
/// documents (directives, conclusion notices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceClass {
    /// Programmes, annual and thematic plans.
    Plans,
    /// Directives and conclusion notices.
    Directives,
}

impl SourceClass {
    /// Both classes, in the order of the filters.
    pub const ALL: [SourceClass; 2] = [SourceClass::Plans, SourceClass::Directives];

    /// The stable string used in links and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceClass::Plans => "plans",
            SourceClass::Directives => "directives",
        }
    }

    /// Parses the stable string form.
    pub fn parse(s: &str) -> Option<SourceClass> {
        SourceClass::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
    }

    /// The translation key of the class's name.
    pub fn label_key(self) -> &'static str {
        match self {
            SourceClass::Plans => "source.plans",
            SourceClass::Directives => "source.directives",
        }
    }

    /// Whether a source of `kind` is of this class.
    pub fn holds(self, kind: PlanKind) -> bool {
        kind.is_directive() == (self == SourceClass::Directives)
    }
}

/// Where a plan is in its life.
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
pub enum PlanStatus {
    /// Being drafted; not yet issued.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    /// Issued and in force.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in_force"))]
    InForce,
    /// Closed (period over, or replaced).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "closed"))]
    Closed,
}

impl PlanStatus {
    /// Every status, in display order.
    pub const ALL: [PlanStatus; 3] = [PlanStatus::Draft, PlanStatus::InForce, PlanStatus::Closed];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::InForce => "in_force",
            PlanStatus::Closed => "closed",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<PlanStatus> {
        PlanStatus::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the status's name.
    pub fn label_key(self) -> &'static str {
        match self {
            PlanStatus::Draft => "plan_status.draft",
            PlanStatus::InForce => "plan_status.in_force",
            PlanStatus::Closed => "plan_status.closed",
        }
    }
}

/// Which way a numeric target points.
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
pub enum Direction {
    /// The actual value must reach at least the target (e.g. "≥ 90% hồ sơ trực tuyến").
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "at_least"))]
    AtLeast,
    /// The actual value must stay at most the target (e.g. "≤ 2% hồ sơ trễ hạn").
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "at_most"))]
    AtMost,
}

impl Direction {
    /// Every direction, in display order.
    pub const ALL: [Direction; 2] = [Direction::AtLeast, Direction::AtMost];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the direction's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Direction::AtLeast => "direction.at_least",
            Direction::AtMost => "direction.at_most",
        }
    }

    /// Whether `actual` meets `target` (the target value itself counts as met).
    pub fn attained(self, target: f64, actual: f64) -> bool {
        match self {
            Direction::AtLeast => actual >= target,
            Direction::AtMost => actual <= target,
        }
    }

    /// How much of the target is reached, in percent, not capped at 100:
    /// `actual / target * 100` for [`Direction::AtLeast`], `target / actual * 100` for
    /// [`Direction::AtMost`]. `None` when the divisor is 0 (or the result is not finite).
    pub fn attainment(self, target: f64, actual: f64) -> Option<f64> {
        let (num, den) = match self {
            Direction::AtLeast => (actual, target),
            Direction::AtMost => (target, actual),
        };
        if den == 0.0 {
            return None;
        }
        let pct = num / den * 100.0;
        pct.is_finite().then_some(pct)
    }
}

/// How the province figure of an indicator is formed from the units' values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The units' values averaged (a score each unit reaches on its own).
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "average"))]
    Average,
    /// The units' values added up (a count: "số thủ tục được đơn giản hóa").
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "sum"))]
    Sum,
    /// The units' values weighted by a base each gives (a rate over the unit's own volume).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "weighted"))]
    Weighted,
    /// A count over a base count, in percent: each unit gives both ("hồ sơ giải quyết đúng
    /// hạn" over "hồ sơ đã giải quyết"), the province's is the sum over the sum.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ratio"))]
    Ratio,
}

impl Aggregation {
    /// Every way, in display order.
    pub const ALL: [Aggregation; 4] = [
        Aggregation::Average,
        Aggregation::Sum,
        Aggregation::Weighted,
        Aggregation::Ratio,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Average => "average",
            Aggregation::Sum => "sum",
            Aggregation::Weighted => "weighted",
            Aggregation::Ratio => "ratio",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Aggregation> {
        Aggregation::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the way's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Aggregation::Average => "aggregation.average",
            Aggregation::Sum => "aggregation.sum",
            Aggregation::Weighted => "aggregation.weighted",
            Aggregation::Ratio => "aggregation.ratio",
        }
    }

    /// Whether a unit gives a base with its value (the weight, or the count a ratio is over).
    pub fn needs_base(self) -> bool {
        matches!(self, Aggregation::Weighted | Aggregation::Ratio)
    }

    /// A unit's own figure from what it entered: for a ratio the count over the base in
    /// percent (`None` while the base is missing or 0), else the value itself.
    pub fn unit_figure(self, value: f64, base: Option<f64>) -> Option<f64> {
        match self {
            Aggregation::Ratio => base
                .filter(|b| *b > 0.0)
                .map(|b| value / b * 100.0)
                .filter(|x| x.is_finite()),
            _ => Some(value),
        }
    }

    /// The province figure from the units' `(value, base)` pairs; `None` without values (or
    /// without any base, for the ways that need one). Values without a base count for
    /// nothing in a weighted or ratio figure.
    pub fn combine(self, values: &[(f64, Option<f64>)]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let out = match self {
            Aggregation::Average => {
                values.iter().map(|(v, _)| v).sum::<f64>() / values.len() as f64
            }
            Aggregation::Sum => values.iter().map(|(v, _)| v).sum(),
            Aggregation::Weighted | Aggregation::Ratio => {
                let with_base = values
                    .iter()
                    .filter_map(|(v, b)| b.filter(|b| *b > 0.0).map(|b| (*v, b)));
                let (num, den) = with_base.fold((0.0, 0.0), |(n, d), (v, b)| {
                    if self == Aggregation::Ratio {
                        (n + v, d + b)
                    } else {
                        (n + v * b, d + b)
                    }
                });
                if den == 0.0 {
                    return None;
                }
                if self == Aggregation::Ratio {
                    num / den * 100.0
                } else {
                    num / den
                }
            }
        };
        out.is_finite().then_some(out)
    }
}

/// A reporting period of the year (báo cáo quý I, 6 tháng, 9 tháng, năm).
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
pub enum PeriodKind {
    /// Quý I.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "q1"))]
    Q1,
    /// 6 tháng.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "h1"))]
    H1,
    /// 9 tháng.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "m9"))]
    M9,
    /// Năm.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "year"))]
    Year,
}

impl PeriodKind {
    /// Every period, in display order.
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Q1,
        PeriodKind::H1,
        PeriodKind::M9,
        PeriodKind::Year,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Q1 => "q1",
            PeriodKind::H1 => "h1",
            PeriodKind::M9 => "m9",
            PeriodKind::Year => "year",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the period's name.
    pub fn label_key(self) -> &'static str {
        match self {
            PeriodKind::Q1 => "period.q1",
            PeriodKind::H1 => "period.h1",
            PeriodKind::M9 => "period.m9",
            PeriodKind::Year => "period.year",
        }
    }

    /// The data cut-off day of the period's report for `year`: 14/3, 14/6, 14/9 or 14/12.
    /// Years outside chrono's range are clamped to its first or last day.
    pub fn cutoff(self, year: i32) -> NaiveDate {
        let month = match self {
            PeriodKind::Q1 => 3,
            PeriodKind::H1 => 6,
            PeriodKind::M9 => 9,
            PeriodKind::Year => 12,
        };
        ymd_clamped(year, month, 14)
    }

    /// The first day of the reporting window of `year`: 15/12 of the year before
    /// (the day after the previous year's cut-off). The same for every period.
    pub fn window_start(self, year: i32) -> NaiveDate {
        ymd_clamped(year.saturating_sub(1), 12, 15)
    }
}

/// A valid date, or chrono's first/last day when `year` is out of its range.
fn ymd_clamped(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// How a task stands on a given date, as the status reports count it. Computed, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpClass {
    /// Hoàn thành đúng hạn.
    #[serde(rename = "on_time")]
    CompletedOnTime,
    /// Hoàn thành nhưng quá hạn.
    #[serde(rename = "late")]
    CompletedLate,
    /// Đang thực hiện trong hạn.
    InProgress,
    /// Quá hạn chưa hoàn thành.
    Overdue,
    /// Không thực hiện nữa; left out of the counts.
    Cancelled,
}

impl FollowUpClass {
    /// Every class, in display order.
    pub const ALL: [FollowUpClass; 5] = [
        FollowUpClass::CompletedOnTime,
        FollowUpClass::CompletedLate,
        FollowUpClass::InProgress,
        FollowUpClass::Overdue,
        FollowUpClass::Cancelled,
    ];

    /// The classes counted in reports (all but cancelled), in display order.
    pub const REPORTED: [FollowUpClass; 4] = [
        FollowUpClass::CompletedOnTime,
        FollowUpClass::CompletedLate,
        FollowUpClass::InProgress,
        FollowUpClass::Overdue,
    ];

    /// The stable string used in URLs, filters and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpClass::CompletedOnTime => "on_time",
            FollowUpClass::CompletedLate => "late",
            FollowUpClass::InProgress => "in_progress",
            FollowUpClass::Overdue => "overdue",
            FollowUpClass::Cancelled => "cancelled",
        }
    }

    /// Parses the stable string form (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<FollowUpClass> {
        FollowUpClass::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the class's name.
    pub fn label_key(self) -> &'static str {
        match self {
            FollowUpClass::CompletedOnTime => "class.on_time",
            FollowUpClass::CompletedLate => "class.late",
            FollowUpClass::InProgress => "class.in_progress",
            FollowUpClass::Overdue => "class.overdue",
            FollowUpClass::Cancelled => "class.cancelled",
        }
    }
}

/// A reported progress percentage, 0 to 100. Serialized as a bare number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub struct Progress(u8);

impl Progress {
    /// A progress of `v` percent, if `v` is within 0..=100.
    pub fn new(v: i64) -> Option<Progress> {
        u8::try_from(v).ok().filter(|p| *p <= 100).map(Progress)
    }

    /// Parses a whole number of percent, e.g. `"55"`, `" 55 "` or `"55%"`.
    /// Error key `err.progress_range` for anything else (out of range, fractions, words).
    pub fn parse(s: &str) -> Result<Progress, &'static str> {
        let t = s.trim();
        let t = t.strip_suffix('%').unwrap_or(t).trim_end();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err("err.progress_range");
        }
        t.parse::<i64>()
            .ok()
            .and_then(Progress::new)
            .ok_or("err.progress_range")
    }

    /// The percentage.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl From<Progress> for u8 {
    fn from(p: Progress) -> u8 {
        p.0
    }
}

impl TryFrom<u8> for Progress {
    type Error = &'static str;

    fn try_from(v: u8) -> Result<Progress, &'static str> {
        Progress::new(i64::from(v)).ok_or("err.progress_range")
    }
}

/// A task's deadline as set in the plan (before any extension).
///
/// Ongoing deadlines have no `due_on`; the others always have one (for months and
/// quarters it is their last day). Build through the constructors to keep that true.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    /// How the plan expresses the deadline.
    pub kind: DeadlineKind,
    /// The due day; `None` only for ongoing tasks.
    pub due_on: Option<NaiveDate>,
}

impl Deadline {
    /// Checks a kind and date pair: non-ongoing kinds need a date (error key
    /// `err.deadline_due_required`); a date given with an ongoing kind is dropped.
    pub fn new(kind: DeadlineKind, due_on: Option<NaiveDate>) -> Result<Deadline, &'static str> {
        match (kind, due_on) {
            (DeadlineKind::Ongoing, _) => Ok(Deadline::ongoing()),
            (_, None) => Err("err.deadline_due_required"),
            (kind, Some(d)) => Ok(Deadline {
                kind,
                due_on: Some(d),
            }),
        }
    }

    /// Thường xuyên: no due date.
    pub fn ongoing() -> Deadline {
        Deadline {
            kind: DeadlineKind::Ongoing,
            due_on: None,
        }
    }

    /// Due on the given day.
    pub fn date(due_on: NaiveDate) -> Deadline {
        Deadline {
            kind: DeadlineKind::Date,
            due_on: Some(due_on),
        }
    }

    /// A month deadline due on `due_on` (normally the month's last day; see [`Deadline::end_of_month`]).
    pub fn month(due_on: NaiveDate) -> Deadline {
        Deadline {
            kind: DeadlineKind::Month,
            due_on: Some(due_on),
        }
    }

    /// A quarter deadline due on `due_on` (normally the quarter's last day; see [`Deadline::end_of_quarter`]).
    pub fn quarter(due_on: NaiveDate) -> Deadline {
        Deadline {
            kind: DeadlineKind::Quarter,
            due_on: Some(due_on),
        }
    }

    /// A month deadline due on the last day of `month` (1..=12) of `year`.
    pub fn end_of_month(year: i32, month: u32) -> Option<Deadline> {
        last_day_of_month(year, month).map(Deadline::month)
    }

    /// A quarter deadline due on the last day of `quarter` (1..=4) of `year`.
    pub fn end_of_quarter(year: i32, quarter: u32) -> Option<Deadline> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        last_day_of_month(year, quarter * 3).map(Deadline::quarter)
    }
}

/// The last day of `month` (1..=12) of `year`, leap years included.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (ny, nm) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// The day a task is due once extensions are taken into account: `None` for ongoing
/// tasks; otherwise the last extension granted (in `extensions`, oldest first), even if it
/// is earlier than a previous one, or the plan's due day when there is none.
pub fn effective_due(deadline: &Deadline, extensions: &[NaiveDate]) -> Option<NaiveDate> {
    if deadline.kind == DeadlineKind::Ongoing {
        return None;
    }
    extensions.last().copied().or(deadline.due_on)
}

/// What [`classify`] needs to know about a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFacts {
    /// The deadline set by the plan.
    pub deadline: Deadline,
    /// New due days granted (gia hạn), in the order they were granted.
    pub extensions: Vec<NaiveDate>,
    /// The reported state.
    pub state: TaskState,
    /// The day the task was completed. Services always set it when the state becomes
    /// `Completed`; a completed task without it is treated as not completed.
    pub completed_on: Option<NaiveDate>,
}

/// The completion day, if the task was already completed on `as_of`.
fn completed_as_of(facts: &TaskFacts, as_of: NaiveDate) -> Option<NaiveDate> {
    match (facts.state, facts.completed_on) {
        (TaskState::Completed, Some(c)) if c <= as_of => Some(c),
        _ => None,
    }
}

/// A fact about a task on a day, from which its class follows (see [`CLASS_RULE`]). Each is
/// written once for Rust ([`Fact::holds`]) and once for SQL, in
/// `services::tasks::query::fact_sql`, side by side with nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The task was cancelled.
    Cancelled,
    /// The task was completed on or before the day.
    CompletedBy,
    /// It was completed after its effective due day (it has one).
    CompletedAfterDue,
    /// It has an effective due day, before the day.
    PastDue,
}

/// The follow-up class rule, as data: the first row whose facts all hold gives the class.
/// [`classify`] evaluates it; the SQL of every task list is generated from it.
///
/// 1. cancelled tasks are [`FollowUpClass::Cancelled`];
/// 2. a task completed on or before `as_of` is late when completed after its
///    [`effective_due`] day, on time otherwise (also when it has none);
/// 3. any other task is overdue once `as_of` is past its effective due day (the due day
///    itself is still within the deadline), in progress otherwise. Ongoing tasks are
///    never overdue.
pub const CLASS_RULE: [(&[Fact], FollowUpClass); 5] = [
    (&[Fact::Cancelled], FollowUpClass::Cancelled),
    (
        &[Fact::CompletedBy, Fact::CompletedAfterDue],
        FollowUpClass::CompletedLate,
    ),
    (&[Fact::CompletedBy], FollowUpClass::CompletedOnTime),
    (&[Fact::PastDue], FollowUpClass::Overdue),
    (&[], FollowUpClass::InProgress),
];

impl Fact {
    /// Whether the fact holds for `facts` on `as_of`.
    pub fn holds(self, facts: &TaskFacts, as_of: NaiveDate) -> bool {
        let due = || effective_due(&facts.deadline, &facts.extensions);
        match self {
            Fact::Cancelled => facts.state == TaskState::Cancelled,
            Fact::CompletedBy => completed_as_of(facts, as_of).is_some(),
            Fact::CompletedAfterDue => match (facts.completed_on, due()) {
                (Some(c), Some(d)) => c > d,
                _ => false,
            },
            Fact::PastDue => due().is_some_and(|d| d < as_of),
        }
    }
}

/// How the task stands on `as_of`: the first row of [`CLASS_RULE`] that holds. The class
/// depends only on these facts, not on the unit in charge.
pub fn classify(facts: &TaskFacts, as_of: NaiveDate) -> FollowUpClass {
    CLASS_RULE
        .iter()
        .find(|(when, _)| when.iter().all(|f| f.holds(facts, as_of)))
        .map_or(FollowUpClass::InProgress, |(_, class)| *class)
}

/// How many days past its effective due day an overdue task is on `as_of`; `None` unless
/// [`classify`] says [`FollowUpClass::Overdue`].
pub fn days_overdue(facts: &TaskFacts, as_of: NaiveDate) -> Option<i64> {
    if classify(facts, as_of) != FollowUpClass::Overdue {
        return None;
    }
    effective_due(&facts.deadline, &facts.extensions).map(|d| (as_of - d).num_days())
}

/// Whether the task's deadline has been extended at least once (ongoing tasks never are).
pub fn is_extended(facts: &TaskFacts) -> bool {
    facts.deadline.kind != DeadlineKind::Ongoing && !facts.extensions.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_formed_from_the_counts_not_the_average_of_rates() {
        // A ward resolved 990 of 1,000 dossiers on time, a commune 5 of 10: the province
        // resolved 995 of 1,010 (98.5%), not the 74.5% an average of the two rates gives.
        let values = [(990.0, Some(1000.0)), (5.0, Some(10.0))];
        let ratio = Aggregation::Ratio.combine(&values).expect("a ratio");
        assert!((ratio - 98.5148).abs() < 1e-3, "{ratio}");
        let rates = [(99.0, Some(1000.0)), (50.0, Some(10.0))];
        let weighted = Aggregation::Weighted
            .combine(&rates)
            .expect("a weighted figure");
        assert!((weighted - 98.5148).abs() < 1e-3, "{weighted}");
        assert_eq!(Aggregation::Average.combine(&rates), Some(74.5));
        assert_eq!(
            Aggregation::Sum.combine(&[(3.0, None), (4.0, None)]),
            Some(7.0)
        );
        assert_eq!(Aggregation::Ratio.unit_figure(5.0, Some(10.0)), Some(50.0));
        assert_eq!(Aggregation::Ratio.unit_figure(5.0, Some(0.0)), None);
        assert_eq!(Aggregation::Sum.unit_figure(5.0, None), Some(5.0));
    }

    #[test]
    fn ways_that_need_a_base_ignore_values_without_one() {
        assert_eq!(Aggregation::Ratio.combine(&[(3.0, None)]), None);
        assert_eq!(Aggregation::Weighted.combine(&[(3.0, Some(0.0))]), None);
        assert_eq!(
            Aggregation::Weighted.combine(&[(80.0, Some(10.0)), (10.0, None)]),
            Some(80.0)
        );
        assert_eq!(Aggregation::Average.combine(&[]), None);
        for a in Aggregation::ALL {
            assert_eq!(Aggregation::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_class_rule_gives_every_class_once_and_ends_with_a_catch_all() {
        let classes: Vec<FollowUpClass> = CLASS_RULE.iter().map(|(_, c)| *c).collect();
        for class in FollowUpClass::ALL {
            assert_eq!(
                classes.iter().filter(|c| **c == class).count(),
                1,
                "{class:?}"
            );
        }
        assert!(CLASS_RULE.last().is_some_and(|(when, _)| when.is_empty()));
        assert!(CLASS_RULE[..CLASS_RULE.len() - 1]
            .iter()
            .all(|(when, _)| !when.is_empty()));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn facts(deadline: Deadline, state: TaskState, completed_on: Option<NaiveDate>) -> TaskFacts {
        TaskFacts {
            deadline,
            extensions: Vec::new(),
            state,
            completed_on,
        }
    }

    fn due_30_june() -> Deadline {
        Deadline::date(d(2025, 6, 30))
    }

    fn done(deadline: Deadline, on: NaiveDate) -> TaskFacts {
        facts(deadline, TaskState::Completed, Some(on))
    }

    fn open(deadline: Deadline) -> TaskFacts {
        facts(deadline, TaskState::InProgress, None)
    }

    #[test]
    fn every_enum_round_trips_its_stable_string_and_serde_name() {
        fn check<T: Copy + PartialEq + std::fmt::Debug + Serialize>(
            all: &[T],
            as_str: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
            label_key: fn(T) -> &'static str,
            prefix: &str,
        ) {
            for &v in all {
                assert_eq!(parse(as_str(v)), Some(v));
                assert_eq!(parse(&format!("  {}\n", as_str(v))), Some(v));
                assert_eq!(label_key(v), format!("{prefix}.{}", as_str(v)));
                assert_eq!(
                    serde_json::to_string(&v).expect("serializes"),
                    format!("\"{}\"", as_str(v))
                );
            }
            assert_eq!(parse("nonsense"), None);
            assert_eq!(parse(""), None);
        }
        check(
            &TaskState::ALL,
            TaskState::as_str,
            TaskState::parse,
            TaskState::label_key,
            "task_state",
        );
        check(
            &DeadlineKind::ALL,
            DeadlineKind::as_str,
            DeadlineKind::parse,
            DeadlineKind::label_key,
            "deadline_kind",
        );
        check(
            &PlanKind::ALL,
            PlanKind::as_str,
            PlanKind::parse,
            PlanKind::label_key,
            "plan_kind",
        );
        check(
            &PlanStatus::ALL,
            PlanStatus::as_str,
            PlanStatus::parse,
            PlanStatus::label_key,
            "plan_status",
        );
        check(
            &Direction::ALL,
            Direction::as_str,
            Direction::parse,
            Direction::label_key,
            "direction",
        );
        check(
            &PeriodKind::ALL,
            PeriodKind::as_str,
            PeriodKind::parse,
            PeriodKind::label_key,
            "period",
        );
    }

    #[test]
    fn follow_up_classes_have_short_stable_strings_and_keys() {
        let strs: Vec<&str> = FollowUpClass::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            strs,
            ["on_time", "late", "in_progress", "overdue", "cancelled"]
        );
        for c in FollowUpClass::ALL {
            assert_eq!(FollowUpClass::parse(c.as_str()), Some(c));
            assert_eq!(c.label_key(), format!("class.{}", c.as_str()));
        }
        assert_eq!(
            FollowUpClass::REPORTED,
            [
                FollowUpClass::CompletedOnTime,
                FollowUpClass::CompletedLate,
                FollowUpClass::InProgress,
                FollowUpClass::Overdue,
            ]
        );
        assert!(!FollowUpClass::REPORTED.contains(&FollowUpClass::Cancelled));
    }

    #[test]
    fn enum_parsing_is_exact_apart_from_surrounding_spaces() {
        assert_eq!(TaskState::parse("Completed"), None);
        assert_eq!(TaskState::parse("in progress"), None);
        assert_eq!(PlanStatus::parse(" in_force "), Some(PlanStatus::InForce));
    }

    // --- classify ---

    #[test]
    fn completion_before_the_due_date_is_on_time() {
        let f = done(due_30_june(), d(2025, 6, 1));
        assert_eq!(
            classify(&f, d(2025, 12, 14)),
            FollowUpClass::CompletedOnTime
        );
    }

    #[test]
    fn completion_exactly_on_the_due_date_is_on_time() {
        let f = done(due_30_june(), d(2025, 6, 30));
        assert_eq!(classify(&f, d(2025, 6, 30)), FollowUpClass::CompletedOnTime);
        assert_eq!(
            classify(&f, d(2025, 12, 14)),
            FollowUpClass::CompletedOnTime
        );
    }

    #[test]
    fn completion_after_the_due_date_is_late() {
        let f = done(due_30_june(), d(2025, 7, 1));
        assert_eq!(classify(&f, d(2025, 9, 14)), FollowUpClass::CompletedLate);
    }

    #[test]
    fn a_task_completed_after_the_as_of_date_was_still_open_on_that_date() {
        let on_time_later = done(due_30_june(), d(2025, 6, 20));
        assert_eq!(
            classify(&on_time_later, d(2025, 3, 14)),
            FollowUpClass::InProgress
        );
        let late_later = done(due_30_june(), d(2025, 8, 1));
        assert_eq!(
            classify(&late_later, d(2025, 7, 15)),
            FollowUpClass::Overdue
        );
        assert_eq!(
            classify(&late_later, d(2025, 8, 1)),
            FollowUpClass::CompletedLate
        );
    }

    #[test]
    fn a_completed_task_without_a_completion_date_counts_as_not_completed() {
        let f = facts(due_30_june(), TaskState::Completed, None);
        assert_eq!(classify(&f, d(2025, 6, 1)), FollowUpClass::InProgress);
        assert_eq!(classify(&f, d(2025, 7, 1)), FollowUpClass::Overdue);
    }

    #[test]
    fn a_completion_date_on_a_task_not_marked_completed_is_ignored() {
        let f = facts(due_30_june(), TaskState::InProgress, Some(d(2025, 5, 1)));
        assert_eq!(classify(&f, d(2025, 7, 1)), FollowUpClass::Overdue);
    }

    #[test]
    fn an_open_task_is_in_progress_until_its_due_date() {
        let f = open(due_30_june());
        assert_eq!(classify(&f, d(2025, 1, 1)), FollowUpClass::InProgress);
        let not_started = facts(due_30_june(), TaskState::NotStarted, None);
        assert_eq!(
            classify(&not_started, d(2025, 6, 29)),
            FollowUpClass::InProgress
        );
    }

    #[test]
    fn as_of_equal_to_the_due_date_is_still_in_progress() {
        let f = open(due_30_june());
        assert_eq!(classify(&f, d(2025, 6, 30)), FollowUpClass::InProgress);
        assert_eq!(days_overdue(&f, d(2025, 6, 30)), None);
    }

    #[test]
    fn an_open_task_past_its_due_date_is_overdue() {
        let f = open(due_30_june());
        assert_eq!(classify(&f, d(2025, 7, 1)), FollowUpClass::Overdue);
        let not_started = facts(due_30_june(), TaskState::NotStarted, None);
        assert_eq!(
            classify(&not_started, d(2025, 12, 14)),
            FollowUpClass::Overdue
        );
    }

    #[test]
    fn days_overdue_counts_days_past_the_effective_due_date() {
        let mut f = open(due_30_june());
        assert_eq!(days_overdue(&f, d(2025, 7, 1)), Some(1));
        assert_eq!(days_overdue(&f, d(2025, 7, 31)), Some(31));
        f.extensions.push(d(2025, 7, 15));
        assert_eq!(days_overdue(&f, d(2025, 7, 31)), Some(16));
        assert_eq!(
            days_overdue(&done(due_30_june(), d(2025, 7, 5)), d(2025, 8, 1)),
            None
        );
        assert_eq!(
            days_overdue(&open(Deadline::ongoing()), d(2030, 1, 1)),
            None
        );
    }

    #[test]
    fn an_extension_moves_an_overdue_task_back_within_its_deadline() {
        let mut f = open(due_30_june());
        assert_eq!(classify(&f, d(2025, 7, 10)), FollowUpClass::Overdue);
        f.extensions.push(d(2025, 9, 30));
        assert_eq!(classify(&f, d(2025, 7, 10)), FollowUpClass::InProgress);
        assert_eq!(classify(&f, d(2025, 9, 30)), FollowUpClass::InProgress);
        assert_eq!(classify(&f, d(2025, 10, 1)), FollowUpClass::Overdue);
    }

    #[test]
    fn an_extension_granted_after_completion_makes_a_late_completion_on_time() {
        let mut f = done(due_30_june(), d(2025, 7, 20));
        assert_eq!(classify(&f, d(2025, 9, 14)), FollowUpClass::CompletedLate);
        f.extensions.push(d(2025, 7, 31));
        assert_eq!(classify(&f, d(2025, 9, 14)), FollowUpClass::CompletedOnTime);
    }

    #[test]
    fn with_several_extensions_the_last_one_granted_wins_even_if_earlier() {
        let mut f = open(due_30_june());
        f.extensions = vec![d(2025, 9, 30), d(2025, 8, 31)];
        assert_eq!(
            effective_due(&f.deadline, &f.extensions),
            Some(d(2025, 8, 31))
        );
        assert_eq!(classify(&f, d(2025, 9, 10)), FollowUpClass::Overdue);
        f.extensions.push(d(2025, 12, 31));
        assert_eq!(classify(&f, d(2025, 9, 10)), FollowUpClass::InProgress);
        assert!(is_extended(&f));
    }

    #[test]
    fn effective_due_is_the_plan_date_without_extensions_and_none_for_ongoing() {
        assert_eq!(effective_due(&due_30_june(), &[]), Some(d(2025, 6, 30)));
        assert_eq!(effective_due(&Deadline::ongoing(), &[d(2025, 1, 1)]), None);
    }

    #[test]
    fn ongoing_tasks_are_never_overdue_and_on_time_when_completed() {
        let f = open(Deadline::ongoing());
        assert_eq!(classify(&f, d(2099, 12, 31)), FollowUpClass::InProgress);
        let not_started = facts(Deadline::ongoing(), TaskState::NotStarted, None);
        assert_eq!(
            classify(&not_started, d(2099, 12, 31)),
            FollowUpClass::InProgress
        );
        let completed = done(Deadline::ongoing(), d(2025, 11, 1));
        assert_eq!(
            classify(&completed, d(2025, 12, 14)),
            FollowUpClass::CompletedOnTime
        );
        assert_eq!(
            classify(&completed, d(2025, 10, 1)),
            FollowUpClass::InProgress
        );
    }

    #[test]
    fn month_and_quarter_deadlines_are_due_on_their_last_day() {
        let june = Deadline::end_of_month(2025, 6).expect("valid month");
        assert_eq!(june, Deadline::month(d(2025, 6, 30)));
        assert_eq!(
            classify(&open(june), d(2025, 6, 30)),
            FollowUpClass::InProgress
        );
        assert_eq!(classify(&open(june), d(2025, 7, 1)), FollowUpClass::Overdue);
        assert_eq!(
            classify(&done(june, d(2025, 6, 30)), d(2025, 7, 1)),
            FollowUpClass::CompletedOnTime
        );

        let q3 = Deadline::end_of_quarter(2025, 3).expect("valid quarter");
        assert_eq!(q3, Deadline::quarter(d(2025, 9, 30)));
        assert_eq!(
            classify(&open(q3), d(2025, 9, 30)),
            FollowUpClass::InProgress
        );
        assert_eq!(classify(&open(q3), d(2025, 10, 1)), FollowUpClass::Overdue);
        assert_eq!(
            classify(&done(q3, d(2025, 10, 2)), d(2025, 12, 14)),
            FollowUpClass::CompletedLate
        );
    }

    #[test]
    fn month_and_quarter_ends_handle_leap_years_and_bad_input() {
        assert_eq!(last_day_of_month(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(last_day_of_month(2025, 2), Some(d(2025, 2, 28)));
        assert_eq!(last_day_of_month(1900, 2), Some(d(1900, 2, 28)));
        assert_eq!(last_day_of_month(2000, 2), Some(d(2000, 2, 29)));
        assert_eq!(last_day_of_month(2025, 12), Some(d(2025, 12, 31)));
        assert_eq!(last_day_of_month(2025, 0), None);
        assert_eq!(last_day_of_month(2025, 13), None);
        assert_eq!(last_day_of_month(i32::MAX, 12), None);
        let quarter_ends: Vec<Option<NaiveDate>> = (1..=4)
            .map(|q| Deadline::end_of_quarter(2025, q).and_then(|dl| dl.due_on))
            .collect();
        assert_eq!(
            quarter_ends,
            [
                Some(d(2025, 3, 31)),
                Some(d(2025, 6, 30)),
                Some(d(2025, 9, 30)),
                Some(d(2025, 12, 31))
            ]
        );
        assert_eq!(Deadline::end_of_quarter(2025, 0), None);
        assert_eq!(Deadline::end_of_quarter(2025, 5), None);
    }

    #[test]
    fn cancelled_wins_over_everything() {
        let mut f = facts(due_30_june(), TaskState::Cancelled, Some(d(2025, 5, 1)));
        assert_eq!(classify(&f, d(2025, 12, 14)), FollowUpClass::Cancelled);
        f.completed_on = None;
        assert_eq!(classify(&f, d(2026, 1, 1)), FollowUpClass::Cancelled);
        f.extensions.push(d(2025, 9, 30));
        assert_eq!(classify(&f, d(2025, 7, 1)), FollowUpClass::Cancelled);
        assert_eq!(days_overdue(&f, d(2026, 1, 1)), None);
        let ongoing = facts(Deadline::ongoing(), TaskState::Cancelled, None);
        assert_eq!(classify(&ongoing, d(2025, 7, 1)), FollowUpClass::Cancelled);
    }

    #[test]
    fn a_task_handed_to_a_successor_unit_keeps_its_class() {
        // The class is a function of the task's facts and the date only: moving the task
        // from a retired district to its successor commune changes none of them.
        let before = TaskFacts {
            deadline: Deadline::quarter(d(2025, 9, 30)),
            extensions: vec![d(2025, 10, 31)],
            state: TaskState::InProgress,
            completed_on: None,
        };
        let handed_over = before.clone();
        for as_of in [
            d(2025, 6, 14),
            d(2025, 9, 14),
            d(2025, 11, 1),
            d(2025, 12, 14),
        ] {
            assert_eq!(classify(&before, as_of), classify(&handed_over, as_of));
        }
        assert_eq!(
            classify(&handed_over, d(2025, 11, 1)),
            FollowUpClass::Overdue
        );
    }

    #[test]
    fn is_extended_needs_an_extension_on_a_dated_task() {
        let mut f = open(due_30_june());
        assert!(!is_extended(&f));
        f.extensions.push(d(2025, 7, 31));
        assert!(is_extended(&f));
        let mut ongoing = open(Deadline::ongoing());
        ongoing.extensions.push(d(2025, 7, 31));
        assert!(!is_extended(&ongoing));
    }

    // --- Deadline ---

    #[test]
    fn deadlines_other_than_ongoing_need_a_due_date() {
        for kind in [
            DeadlineKind::Date,
            DeadlineKind::Month,
            DeadlineKind::Quarter,
        ] {
            assert_eq!(Deadline::new(kind, None), Err("err.deadline_due_required"));
            assert_eq!(
                Deadline::new(kind, Some(d(2025, 6, 30))),
                Ok(Deadline {
                    kind,
                    due_on: Some(d(2025, 6, 30))
                })
            );
        }
    }

    #[test]
    fn an_ongoing_deadline_drops_any_date_given() {
        assert_eq!(
            Deadline::new(DeadlineKind::Ongoing, Some(d(2025, 6, 30))),
            Ok(Deadline::ongoing())
        );
        assert_eq!(
            Deadline::new(DeadlineKind::Ongoing, None),
            Ok(Deadline::ongoing())
        );
        assert_eq!(Deadline::ongoing().due_on, None);
    }

    // --- Progress ---

    #[test]
    fn progress_parses_whole_percentages_from_0_to_100() {
        let ok = |s: &str| Progress::parse(s).map(Progress::get);
        assert_eq!(ok("0"), Ok(0));
        assert_eq!(ok("100"), Ok(100));
        assert_eq!(ok("55%"), Ok(55));
        assert_eq!(ok(" 7 "), Ok(7));
        assert_eq!(ok("55 %"), Ok(55));
        assert_eq!(ok("007"), Ok(7));
    }

    #[test]
    fn progress_rejects_out_of_range_fractions_and_words() {
        for bad in [
            "101",
            "-1",
            "abc",
            "5.5",
            "",
            " ",
            "%",
            "+5",
            "1e2",
            "99999999999999999999999",
            "50%%",
        ] {
            assert_eq!(Progress::parse(bad), Err("err.progress_range"), "{bad:?}");
        }
    }

    #[test]
    fn progress_new_checks_the_range() {
        assert_eq!(Progress::new(0).map(Progress::get), Some(0));
        assert_eq!(Progress::new(100).map(Progress::get), Some(100));
        assert_eq!(Progress::new(101), None);
        assert_eq!(Progress::new(-1), None);
        assert_eq!(Progress::new(i64::MAX), None);
    }

    #[test]
    fn progress_serializes_as_a_bare_number_and_checks_on_deserialize() {
        let p = Progress::new(42).expect("in range");
        assert_eq!(serde_json::to_string(&p).expect("serializes"), "42");
        assert_eq!(
            serde_json::from_str::<Progress>("42").expect("deserializes"),
            p
        );
        assert!(serde_json::from_str::<Progress>("101").is_err());
    }

    // --- Direction ---

    #[test]
    fn at_least_targets_are_attained_from_the_target_up() {
        let dir = Direction::AtLeast;
        assert!(dir.attained(90.0, 90.0));
        assert!(dir.attained(90.0, 95.0));
        assert!(!dir.attained(90.0, 89.9));
        assert_eq!(dir.attainment(80.0, 40.0), Some(50.0));
        assert_eq!(dir.attainment(80.0, 120.0), Some(150.0));
        assert_eq!(dir.attainment(0.0, 5.0), None);
        assert_eq!(dir.attainment(80.0, 0.0), Some(0.0));
    }

    #[test]
    fn at_most_targets_are_attained_from_the_target_down() {
        let dir = Direction::AtMost;
        assert!(dir.attained(2.0, 2.0));
        assert!(dir.attained(2.0, 1.0));
        assert!(!dir.attained(2.0, 2.5));
        assert_eq!(dir.attainment(2.0, 4.0), Some(50.0));
        assert_eq!(dir.attainment(2.0, 1.0), Some(200.0));
        assert_eq!(dir.attainment(2.0, 0.0), None);
        assert_eq!(dir.attainment(0.0, 3.0), Some(0.0));
    }

    #[test]
    fn attainment_of_non_finite_input_is_none() {
        assert_eq!(
            Direction::AtLeast.attainment(f64::MIN_POSITIVE, f64::MAX),
            None
        );
        assert_eq!(Direction::AtLeast.attainment(f64::NAN, 1.0), None);
    }

    // --- PeriodKind ---

    #[test]
    fn reporting_periods_cut_off_on_the_14th_of_their_last_month() {
        assert_eq!(PeriodKind::Q1.cutoff(2025), d(2025, 3, 14));
        assert_eq!(PeriodKind::H1.cutoff(2025), d(2025, 6, 14));
        assert_eq!(PeriodKind::M9.cutoff(2025), d(2025, 9, 14));
        assert_eq!(PeriodKind::Year.cutoff(2025), d(2025, 12, 14));
    }

    #[test]
    fn reporting_windows_start_on_15_december_of_the_year_before() {
        for p in PeriodKind::ALL {
            assert_eq!(p.window_start(2025), d(2024, 12, 15));
            assert_eq!(p.window_start(2025).succ_opt(), Some(d(2024, 12, 16)));
            assert!(p.window_start(2025) < p.cutoff(2025));
        }
        assert_eq!(
            PeriodKind::Year.cutoff(2024).succ_opt(),
            Some(PeriodKind::Q1.window_start(2025))
        );
    }

    #[test]
    fn reporting_dates_of_absurd_years_are_clamped_not_panicking() {
        assert_eq!(PeriodKind::Year.cutoff(i32::MAX), NaiveDate::MAX);
        assert_eq!(PeriodKind::Q1.window_start(i32::MIN), NaiveDate::MIN);
    }
}

#[cfg(test)]
mod wire_tests {
    use super::FollowUpClass;

    #[test]
    fn classes_travel_as_their_stable_strings() {
        for c in FollowUpClass::ALL {
            assert_eq!(
                serde_json::to_value(c).expect("json"),
                serde_json::Value::String(c.as_str().to_string())
            );
        }
    }
}
