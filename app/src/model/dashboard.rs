//! What the overview dashboard and its drill-down lists show.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::plan::{ClassCounts, TaskRow};
use crate::domain::dashboard::{Band, Bands};
use crate::domain::report::BoardState;
use crate::domain::task::{Direction, PeriodKind};
use crate::domain::{AreaId, PeriodId, PlanId, Role, UnitId, UnitKind};

/// The dashboard's filters and a drill-down's extra ones (query-string values; "" for none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashFilter {
    /// Plan id, or "" for every plan in force.
    pub plan: String,
    /// Reporting period ("2026-q1"), or "" for today.
    pub period: String,
    /// Unit level ("", "provincial", "local").
    pub level: String,
    /// Drill-down: reform area id.
    pub area: String,
    /// Drill-down: lead unit id.
    pub unit: String,
    /// Drill-down: follow-up class.
    pub class: String,
    /// Drill-down: page from 1.
    pub page: u32,
    /// The ranking's sort column ("", "name", "tasks", "overdue", "report").
    pub sort: String,
}

impl DashFilter {
    /// The query string of these filters (empty values left out), for links.
    pub fn query(&self) -> String {
        let page = if self.page > 1 {
            self.page.to_string()
        } else {
            String::new()
        };
        let parts: Vec<String> = [
            ("plan", self.plan.as_str()),
            ("period", self.period.as_str()),
            ("level", self.level.as_str()),
            ("area", self.area.as_str()),
            ("unit", self.unit.as_str()),
            ("class", self.class.as_str()),
            ("page", page.as_str()),
            ("sort", self.sort.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
        parts.join("&")
    }

    /// The dashboard's own filters only (plan, period, level).
    pub fn base(&self) -> DashFilter {
        DashFilter {
            plan: self.plan.clone(),
            period: self.period.clone(),
            level: self.level.clone(),
            ..DashFilter::default()
        }
    }

    /// The drill-down list behind a figure: these filters plus area, unit and class.
    pub fn drill(&self, area: Option<AreaId>, unit: Option<UnitId>, class: Option<&str>) -> String {
        let f = DashFilter {
            area: area.map(|a| a.to_string()).unwrap_or_default(),
            unit: unit.map(|u| u.to_string()).unwrap_or_default(),
            class: class.unwrap_or_default().to_string(),
            ..self.base()
        };
        let q = f.query();
        if q.is_empty() {
            "/dashboard/tasks".into()
        } else {
            format!("/dashboard/tasks?{q}")
        }
    }

    /// The dashboard with these filters and the ranking's sort.
    pub fn dashboard_href_sorted(&self) -> String {
        let f = DashFilter {
            sort: self.sort.clone(),
            ..self.base()
        };
        let q = f.query();
        if q.is_empty() {
            "/dashboard".into()
        } else {
            format!("/dashboard?{q}")
        }
    }

    /// The dashboard with these filters.
    pub fn dashboard_href(&self) -> String {
        let q = self.base().query();
        if q.is_empty() {
            "/dashboard".into()
        } else {
            format!("/dashboard?{q}")
        }
    }
}

/// Percent-encodes a query value (ids, keys and class names are plain; this is for safety).
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A reporting period as the pickers offer it: one key per (year, kind) across the plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodChoice {
    /// "2026-q1".
    pub key: String,
    /// Year.
    pub year: i32,
    /// Kind.
    pub kind: PeriodKind,
    /// The data cut-off (the latest of the plans' periods of that key).
    pub cutoff: NaiveDate,
}

/// One reform area's bar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaFigure {
    /// Area id.
    pub area_id: AreaId,
    /// Name.
    pub name: String,
    /// Counts by class.
    pub counts: ClassCounts,
}

/// One unit's line in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitFigure {
    /// The unit (retired units' tasks count for their successor).
    pub unit_id: UnitId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Tasks it leads, by class.
    pub counts: ClassCounts,
    /// On-time rate.
    pub on_time_rate: Option<f64>,
    /// Band of the on-time rate.
    pub band: Band,
    /// Its report for the period, when one is expected.
    pub report: Option<BoardState>,
}

/// An indicator, province-wide and per responsible unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorFigure {
    /// Name.
    pub name: String,
    /// Unit of measure.
    pub measure: String,
    /// Target.
    pub target: f64,
    /// At least / at most.
    pub direction: Direction,
    /// Average of the units' latest values.
    pub actual: Option<f64>,
    /// Attainment in percent.
    pub attainment: Option<f64>,
    /// Whether the target is met.
    pub attained: Option<bool>,
    /// Per responsible unit: name, latest value (if any) and attainment.
    pub units: Vec<(String, Option<f64>, Option<f64>)>,
}

/// Report submission status of the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportStatusFigure {
    /// Year.
    pub year: i32,
    /// Kind.
    pub kind: PeriodKind,
    /// Units' reports due.
    pub unit_due_on: NaiveDate,
    /// The period: its board is behind the figures.
    pub period: PeriodId,
    /// Number of units per board state.
    pub counts: Vec<(BoardState, u64)>,
    /// A unit head's own report: (period, unit) to link to.
    pub own: Option<(PeriodId, UnitId)>,
}

/// One point of the trend line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The period key ("" for today).
    pub key: String,
    /// Year and kind of the period (none for today).
    pub period: Option<(i32, PeriodKind)>,
    /// As of.
    pub as_of: NaiveDate,
    /// Completion rate.
    pub completion: Option<f64>,
    /// On-time rate.
    pub on_time: Option<f64>,
}

/// The dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    /// The filters as understood (unknown values dropped).
    pub filter: DashFilter,
    /// Plans to pick from: in force first (id, number, title, in force).
    pub plans: Vec<(PlanId, String, String, bool)>,
    /// Periods to pick from, latest first.
    pub periods: Vec<PeriodChoice>,
    /// Today in Vietnam.
    pub today: NaiveDate,
    /// The figures' as-of date.
    pub as_of: NaiveDate,
    /// The selected period, if not "today".
    pub period: Option<PeriodChoice>,
    /// The previous period the changes are measured from.
    pub previous: Option<PeriodChoice>,
    /// Totals.
    pub totals: ClassCounts,
    /// Totals as of the previous period.
    pub previous_totals: Option<ClassCounts>,
    /// By reform area, in printed order (areas without tasks left out).
    pub by_area: Vec<AreaFigure>,
    /// By lead unit, worst on-time rate first.
    pub units: Vec<UnitFigure>,
    /// The longest overdue tasks.
    pub overdue: Vec<TaskRow>,
    /// Indicators.
    pub indicators: Vec<IndicatorFigure>,
    /// Report submission status of the period (or the latest period by today).
    pub reports: Option<ReportStatusFigure>,
    /// Completion and on-time rates across the periods, and today.
    pub trend: Vec<TrendPoint>,
    /// The ranking's thresholds.
    pub bands: Bands,
    /// The viewer may set them.
    pub can_set_bands: bool,
    /// A unit head's unit (the dashboard then covers only it).
    pub own_unit: Option<String>,
    /// The viewer's role.
    pub role: Role,
}

/// A drill-down list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashTasks {
    /// The filters as understood.
    pub filter: DashFilter,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// What the list is: plan number (or "plans in force"), period, level, area, unit, class.
    pub plan_label: Option<String>,
    /// The period.
    pub period: Option<(i32, PeriodKind)>,
    /// The area's name.
    pub area_label: Option<String>,
    /// The unit's name.
    pub unit_label: Option<String>,
    /// Matching tasks.
    pub matching: u64,
    /// Page number from 1.
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// The tasks of this page.
    pub tasks: Vec<TaskRow>,
}

#[cfg(test)]
mod tests {
    use super::DashFilter;
    use crate::domain::AreaId;

    #[test]
    fn drill_down_links_keep_the_dashboard_filters() {
        let f = DashFilter {
            plan: "3".into(),
            period: "2026-q1".into(),
            level: "local".into(),
            class: "ignored".into(),
            ..DashFilter::default()
        };
        assert_eq!(
            f.drill(Some(AreaId(2)), None, Some("overdue")),
            "/dashboard/tasks?plan=3&period=2026-q1&level=local&area=2&class=overdue"
        );
        assert_eq!(
            f.dashboard_href(),
            "/dashboard?plan=3&period=2026-q1&level=local"
        );
        assert_eq!(
            DashFilter::default().drill(None, None, None),
            "/dashboard/tasks"
        );
        let odd = DashFilter {
            plan: "a b&c".into(),
            ..DashFilter::default()
        };
        assert_eq!(odd.query(), "plan=a%20b%26c");
    }
}
