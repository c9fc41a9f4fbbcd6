//! What the home pages show: each role's work queue.

use serde::{Deserialize, Serialize};

use super::report::{BoardRow, PeriodView, QueueItem};
use crate::domain::report::BoardState;
use crate::domain::UnitId;

/// The period units are reporting on now, with where the units are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentPeriod {
    /// The period.
    pub period: PeriodView,
    /// Expected units whose report is not in (not started, draft or returned), by name.
    pub missing: Vec<BoardRow>,
    /// Units expected.
    pub expected: u64,
    /// Units whose report is in (submitted or accepted).
    pub received: u64,
    /// The due date has passed: the missing units are late.
    pub overdue: bool,
}

/// A unit's overdue tasks (it leads them, or a unit it succeeded did).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverdueUnit {
    /// Unit.
    pub unit_id: UnitId,
    /// Its name.
    pub name: String,
    /// Overdue tasks.
    pub overdue: u64,
}

/// The PAR office's work queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeQueue {
    /// Reports waiting for review, oldest first.
    pub review: Vec<QueueItem>,
    /// The period units report on now.
    pub current: Option<CurrentPeriod>,
    /// Units with overdue tasks, most first.
    pub overdue_units: Vec<OverdueUnit>,
    /// Overdue tasks in all.
    pub overdue_total: u64,
}

/// A unit's report due now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDue {
    /// The period.
    pub period: PeriodView,
    /// The unit.
    pub unit_id: UnitId,
    /// Where its report is.
    pub state: BoardState,
}

/// A home page's queue: the office's, or a unit's report due.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkQueue {
    /// For the PAR office.
    pub office: Option<OfficeQueue>,
    /// For a unit's users.
    pub report_due: Option<ReportDue>,
    /// Leaders' directions the viewer's unit has not answered yet.
    pub open_directions: u64,
}
