//! Leaders' directions and the units' answers.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::direction::DirectionList;

/// `/directions`: the directions the viewer sees.
#[server(endpoint = "directions/list")]
pub async fn list_directions() -> Result<DirectionList, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::directions::page(&app_state()?.db, &user).await
}

/// A leader writes a direction: on a task (`task_id`), on a unit's report of a period
/// (`period_id` and `unit_id`), or on a unit (`unit_id`). Ids come as form text.
#[server(endpoint = "directions/give")]
pub async fn give_direction(
    #[server(default)] csrf: String,
    #[server(default)] task_id: String,
    #[server(default)] period_id: String,
    #[server(default)] unit_id: String,
    body: String,
) -> Result<i32, AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::domain::{PeriodId, TaskId, UnitId};
    use crate::services::directions::{give, Target};
    let user = require_write(&csrf)?;
    let id = |field: &str, s: &str| -> Result<Option<i32>, AppError> {
        match s.trim() {
            "" => Ok(None),
            v => v
                .parse()
                .map(Some)
                .map_err(|_| AppError::invalid(field, "err.bad_choice")),
        }
    };
    let target = match (
        id("task_id", &task_id)?,
        id("period_id", &period_id)?,
        id("unit_id", &unit_id)?,
    ) {
        (Some(t), None, None) => Target::Task(TaskId(t)),
        (None, Some(p), Some(u)) => Target::Report(PeriodId(p), UnitId(u)),
        (None, None, Some(u)) => Target::Unit(UnitId(u)),
        _ => return Err(AppError::invalid("unit_id", "err.bad_choice")),
    };
    give(&app_state()?.db, &user, target, &body).await
}

/// The unit answers a direction (its users, once).
#[server(endpoint = "directions/answer")]
pub async fn answer_direction(
    #[server(default)] csrf: String,
    id: i32,
    answer: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::directions::answer(&app_state()?.db, &user, id, &answer).await
}

/// The latest answered directions, for a leader's home (empty for everyone else).
#[server(endpoint = "directions/answered")]
pub async fn answered_directions() -> Result<Vec<crate::model::direction::DirectionView>, AppError>
{
    use crate::auth::guards::{app_state, require_user};
    use crate::domain::Right;
    let user = require_user()?;
    if !user.may(Right::GiveDirections) {
        return Ok(Vec::new());
    }
    crate::services::directions::answered(&app_state()?.db, &user, 5).await
}
