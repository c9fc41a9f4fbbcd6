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
use crate::model::settings::{DEFAULT_PROVINCE_RECIPIENTS, DEFAULT_UNIT_RECIPIENTS};
use crate::services::audit::{self, Actor};

/// Set when the demo province has been loaded: the log-in page then lists demo accounts.
pub const DEMO_MODE: &str = "demo_mode";

/// The province's name as it follows "Ủy ban nhân dân" ("tỉnh Bắc Ninh").
pub const PROVINCE_NAME: &str = "province_name";
/// The place name of the province's documents' date line ("Bắc Ninh").
pub const PROVINCE_PLACE: &str = "province_place";
/// The "Nơi nhận" of the province's report.
pub const PROVINCE_RECIPIENTS: &str = "province_recipients";
/// The "Nơi nhận" of a unit's report.
pub const UNIT_RECIPIENTS: &str = "unit_recipients";

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
        province_recipients: get(db, PROVINCE_RECIPIENTS)
            .await?
            .unwrap_or_else(|| DEFAULT_PROVINCE_RECIPIENTS.into()),
        unit_recipients: get(db, UNIT_RECIPIENTS)
            .await?
            .unwrap_or_else(|| DEFAULT_UNIT_RECIPIENTS.into()),
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
        province_recipients: recipients(
            "province_recipients",
            &input.province_recipients,
            DEFAULT_PROVINCE_RECIPIENTS,
        )?,
        unit_recipients: recipients(
            "unit_recipients",
            &input.unit_recipients,
            DEFAULT_UNIT_RECIPIENTS,
        )?,
    };
    let txn = db.begin().await?;
    let before = province(&txn).await?;
    set(&txn, PROVINCE_NAME, &new.name).await?;
    set(&txn, PROVINCE_PLACE, &new.place).await?;
    set(&txn, PROVINCE_RECIPIENTS, &new.province_recipients).await?;
    set(&txn, UNIT_RECIPIENTS, &new.unit_recipients).await?;
    audit::Change::new("province.update", "setting", PROVINCE_NAME)
        .before(&before)
        .after(&new)
        .commit(txn, Actor::User(actor))
        .await
}

/// A "Nơi nhận" list: one recipient per line, blank lines dropped, at most 20 lines, the
/// last one the archive ("- Lưu: ..."); none at all gives back the default.
fn recipients(field: &str, raw: &str, default: &str) -> Result<String, AppError> {
    if raw.trim().is_empty() {
        return Ok(default.to_string());
    }
    let lines: Vec<String> = crate::domain::form::clean_multiline(field, raw, 2000)?
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 20 {
        return Err(AppError::invalid(field, "err.recipients"));
    }
    let last = lines
        .last()
        .map(|l| l.trim_start_matches(['-', ' ']).to_lowercase());
    if !last.is_some_and(|l| l.starts_with("lưu")) {
        return Err(AppError::invalid(field, "err.recipients_archive"));
    }
    Ok(lines.join("\n"))
}
