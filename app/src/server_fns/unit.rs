//! Units.

use leptos::prelude::*;

use crate::domain::UnitId;
use crate::error::AppError;
use crate::model::{UnitInput, UnitView};

/// Every unit (with retired ones when asked). Any logged-in user may read the list.
#[server(endpoint = "units/list")]
pub async fn list_units(include_retired: bool) -> Result<Vec<UnitView>, AppError> {
    use crate::auth::guards::{app_state, require_user};
    require_user()?;
    crate::services::units::list(&app_state()?.db, include_retired).await
}

/// One unit.
#[server(endpoint = "units/get")]
pub async fn get_unit(id: UnitId) -> Result<UnitView, AppError> {
    use crate::auth::guards::{app_state, require_user};
    require_user()?;
    crate::services::units::get(&app_state()?.db, id).await
}

/// Creates a unit (admin).
#[server(endpoint = "units/create")]
pub async fn create_unit(
    #[server(default)] csrf: String,
    unit: UnitInput,
) -> Result<UnitId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let id = crate::services::units::create(&app_state()?.db, &user, &unit).await?;
    super::redirect_done::<CreateUnit>(&format!("/units/{id}"));
    Ok(id)
}

/// Edits a unit (admin).
#[server(endpoint = "units/update")]
pub async fn update_unit(
    #[server(default)] csrf: String,
    id: UnitId,
    unit: UnitInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::units::update(&app_state()?.db, &user, id, &unit).await
}

/// Retires a unit on its last day, naming a successor (admin).
#[server(endpoint = "units/retire")]
pub async fn retire_unit(
    #[server(default)] csrf: String,
    id: UnitId,
    valid_to: String,
    successor_id: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::units::retire(&app_state()?.db, &user, id, &valid_to, &successor_id).await
}

/// The province's name and place name (administrators).
#[server(endpoint = "province/get")]
pub async fn get_province() -> Result<crate::model::settings::Province, AppError> {
    use crate::auth::guards::{app_state, require_user};
    use crate::domain::Right;
    let user = require_user()?;
    user.ensure(Right::ManageProvince)?;
    crate::services::settings::province(&app_state()?.db).await
}

/// Sets the province's name and place name (administrators).
#[server(endpoint = "province/save")]
pub async fn save_province(
    #[server(default)] csrf: String,
    province: crate::model::settings::Province,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::settings::save_province(&app_state()?.db, &user, &province).await
}

/// Adds a person who signs the unit's documents (administrators).
#[server(endpoint = "units/signer_add")]
pub async fn add_signer(
    #[server(default)] csrf: String,
    unit_id: UnitId,
    signer: crate::model::SignerInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::units::signers::add(&app_state()?.db, &user, unit_id, &signer).await?;
    super::redirect_done::<AddSigner>(&format!("/units/{unit_id}"));
    Ok(())
}

/// Makes a signer the unit's default, or removes one (administrators).
#[server(endpoint = "units/signer_change")]
pub async fn change_signer(
    #[server(default)] csrf: String,
    unit_id: UnitId,
    signer_id: i32,
    op: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::units::signers;
    let user = require_write(&csrf)?;
    let db = &app_state()?.db;
    match op.as_str() {
        "default" => signers::make_default(db, &user, unit_id, signer_id).await?,
        "remove" => signers::remove(db, &user, unit_id, signer_id).await?,
        _ => return Err(AppError::invalid("op", "err.bad_choice")),
    }
    super::redirect_done::<ChangeSigner>(&format!("/units/{unit_id}"));
    Ok(())
}
