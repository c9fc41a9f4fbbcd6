//! Key/value settings stored in the database.

use chrono::Utc;
use sea_orm::{
    sea_query::OnConflict, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};

use crate::domain::form::clean_text;
use crate::domain::{CurrentUser, Right};
use crate::entities::setting;
use crate::error::AppError;
pub use crate::model::settings::Province;
use crate::services::audit::{self, Actor};

/// Set when the demo province has been loaded: the log-in page then lists demo accounts.
pub const DEMO_MODE: &str = "demo_mode";

/// The province's name as it follows "Ủy ban nhân dân" ("tỉnh Sơn Hà").
pub const PROVINCE_NAME: &str = "province_name";
/// The place name of the province's documents' date line ("Sơn Hà").
pub const PROVINCE_PLACE: &str = "province_place";

/// Reads a setting.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, AppError> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|s| s.value))
}

/// Writes a setting (insert or replace).
pub async fn set(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), AppError> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The province's settings (empty until an administrator sets them).
pub async fn province(db: &impl ConnectionTrait) -> Result<Province, AppError> {
    Ok(Province {
        name: get(db, PROVINCE_NAME).await?.unwrap_or_default(),
        place: get(db, PROVINCE_PLACE).await?.unwrap_or_default(),
    })
}

/// Sets the province's name and place name (administrators).
pub async fn save_province(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: &Province,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageProvince)?;
    let new = Province {
        name: clean_text("name", &input.name, 3, 128, "err.required")?,
        place: clean_text("place", &input.place, 2, 64, "err.required")?,
    };
    let txn = db.begin().await?;
    let before = province(&txn).await?;
    set(&txn, PROVINCE_NAME, &new.name).await?;
    set(&txn, PROVINCE_PLACE, &new.place).await?;
    audit::Change::new("province.update", "setting", PROVINCE_NAME)
        .before(&before)
        .after(&new)
        .commit(txn, Actor::User(actor))
        .await
}
