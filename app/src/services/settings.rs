//! Key/value settings stored in the database.

use chrono::Utc;
use sea_orm::{sea_query::OnConflict, ConnectionTrait, EntityTrait, Set};

use crate::entities::setting;
use crate::error::AppError;

/// Set when the demo province has been loaded: the log-in page then lists demo accounts.
pub const DEMO_MODE: &str = "demo_mode";

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
