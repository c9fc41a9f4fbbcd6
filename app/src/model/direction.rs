//! Leaders' directions and the units' answers, as pages show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::task::PeriodKind;
use crate::domain::{PeriodId, TaskId, UnitId};

/// A direction with its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectionView {
    /// Id.
    pub id: i32,
    /// The unit that answers.
    pub unit_id: UnitId,
    /// Its name.
    pub unit_name: String,
    /// The task it is about, with its text.
    pub task: Option<(TaskId, String)>,
    /// The unit's report it is about: the period, its year and kind.
    pub period: Option<(PeriodId, i32, PeriodKind)>,
    /// The direction.
    pub body: String,
    /// Who gave it.
    pub given_by: String,
    /// When.
    pub given_at: DateTime<Utc>,
    /// The unit's answer (empty until answered).
    pub answer: String,
    /// Who answered.
    pub answered_by: String,
    /// When.
    pub answered_at: Option<DateTime<Utc>>,
    /// The viewer may answer it (the unit's users, while unanswered).
    pub can_answer: bool,
}

/// `/directions`: the directions the viewer sees, open ones first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectionList {
    /// Directions, unanswered first, newest first.
    pub items: Vec<DirectionView>,
    /// The viewer gives directions (leaders).
    pub can_give: bool,
    /// The current units a direction may go to (leaders only).
    pub units: Vec<(UnitId, String)>,
}
