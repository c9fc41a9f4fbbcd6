//! User accounts (admin only).

use leptos::prelude::*;

use crate::domain::UserId;
use crate::error::AppError;
use crate::model::{UserInput, UserView};

/// Every account.
#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::accounts::users::list(&app_state()?.db, &user).await
}

/// One account.
#[server(endpoint = "users/get")]
pub async fn get_user(id: UserId) -> Result<UserView, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::accounts::users::get(&app_state()?.db, &user, id).await
}

/// Creates an account with an initial password.
#[server(endpoint = "users/create")]
pub async fn create_user(
    #[server(default)] csrf: String,
    user: UserInput,
    password: String,
) -> Result<UserId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let actor = require_write(&csrf)?;
    let id = crate::services::accounts::users::create(&app_state()?.db, &actor, &user, &password)
        .await?;
    super::redirect_done::<CreateUser>(&format!("/users/{id}"));
    Ok(id)
}

/// Changes an account's name, e-mail, role and unit.
#[server(endpoint = "users/update")]
pub async fn update_user(
    #[server(default)] csrf: String,
    id: UserId,
    user: UserInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let actor = require_write(&csrf)?;
    crate::services::accounts::users::update(&app_state()?.db, &actor, id, &user).await
}

/// Activates or deactivates an account.
#[server(endpoint = "users/set_active")]
pub async fn set_user_active(
    #[server(default)] csrf: String,
    id: UserId,
    active: bool,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let actor = require_write(&csrf)?;
    crate::services::accounts::users::set_active(&app_state()?.db, &actor, id, active).await
}

/// Sets a new password for an account.
#[server(endpoint = "users/reset_password")]
pub async fn reset_password(
    #[server(default)] csrf: String,
    id: UserId,
    password: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let actor = require_write(&csrf)?;
    crate::services::accounts::users::reset_password(&app_state()?.db, &actor, id, &password).await
}

/// The areas and units a leader's account is in charge of (admin).
#[server(endpoint = "users/scopes")]
pub async fn leader_scopes(id: UserId) -> Result<crate::model::LeaderScopes, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::accounts::leaders::get(&app_state()?.db, &user, id).await
}

/// Sets the areas and units a leader is in charge of, replacing what they were (admin).
#[server(endpoint = "users/scopes_save")]
pub async fn save_leader_scopes(
    #[server(default)] csrf: String,
    id: UserId,
    #[server(default)] areas: Vec<String>,
    #[server(default)] units: Vec<String>,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::domain::{AreaId, UnitId};
    let actor = require_write(&csrf)?;
    let bad = |_| AppError::invalid("areas", "err.bad_choice");
    let areas: Vec<AreaId> = areas
        .iter()
        .map(|a| a.trim().parse::<AreaId>().map_err(bad))
        .collect::<Result<_, _>>()?;
    let units: Vec<UnitId> = units
        .iter()
        .map(|u| u.trim().parse::<UnitId>().map_err(bad))
        .collect::<Result<_, _>>()?;
    crate::services::accounts::leaders::set(&app_state()?.db, &actor, id, &areas, &units).await
}
