//! The home pages.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::home::WorkQueue;

/// The viewer's work queue: the PAR office's, or their unit's report due.
#[server(endpoint = "home/queue")]
pub async fn home_queue() -> Result<WorkQueue, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let units = crate::services::units::scope::unit_names(&state.db).await?;
    crate::services::home::queue(&state.db, &user, state.clock.today(), &units).await
}
