//! The overview dashboard, its drill-down lists and thresholds.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::dashboard::{DashFilter, DashTasks, DashboardData};

/// The dashboard (leaders, the PAR office; a unit head for their unit).
#[server(endpoint = "dashboard/get")]
pub async fn get_dashboard(
    #[server(default)] filter: DashFilter,
) -> Result<DashboardData, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let (names, stamp) = tokio::try_join!(super::names(&state), super::stamp(&state))?;
    state
        .dashboards
        .get(&state.db, names, stamp, &user, state.clock.today(), &filter)
        .await
}

/// The tasks behind a dashboard figure.
#[server(endpoint = "dashboard/tasks")]
pub async fn get_dashboard_tasks(
    #[server(default)] filter: DashFilter,
) -> Result<DashTasks, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let names = super::names(&state).await?;
    crate::services::dashboard::tasks(&state.db, names, &user, state.clock.today(), &filter).await
}

/// Sets the ranking's red/amber/green thresholds (PAR office).
#[server(endpoint = "dashboard/bands")]
pub async fn save_dashboard_bands(
    #[server(default)] csrf: String,
    green: String,
    amber: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let parse = |field: &str, raw: &str| {
        raw.trim()
            .parse::<u8>()
            .map_err(|_| AppError::invalid(field, "err.band_range"))
    };
    let green = parse("green", &green)?;
    let amber = parse("amber", &amber)?;
    crate::services::dashboard::save_bands(&app_state()?.db, &user, green, amber).await
}
