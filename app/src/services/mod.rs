//! Services on sea-orm (server only), one folder per feature. Each mutating service checks the
//! user's right and writes the audit log in the same transaction as the change. Services are
//! handed what they need from the running server (database, clock's day, data folder,
//! settings); they never reach into the request or the app state.

// Features, by the nouns a user knows.
pub mod accounts;
pub mod dashboard;
pub mod directions;
pub mod documents;
pub mod home;
pub mod imports;
pub mod plans;
pub mod reminders;
pub mod reporting;
pub mod tasks;
pub mod units;

// Plumbing the features share.
pub mod audit;
pub mod clock;
pub mod counters;
pub mod files;
pub mod grouped;
pub mod kept;
pub mod settings;
pub mod storage;
pub mod stored;

use sea_orm::DbErr;

use crate::error::AppError;

/// A database error as the user sees it: a unique-constraint violation (SQLite and PostgreSQL)
/// becomes a conflict on `field` with the message `key`; anything else is internal (and logged).
pub fn unique_or_internal(
    field: &'static str,
    key: &'static str,
) -> impl FnOnce(DbErr) -> AppError {
    move |err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::conflict(field, key),
        _ => err.into(),
    }
}

/// Parses an optional id from a form field ("" means none).
pub fn parse_opt_id<Id: std::str::FromStr>(field: &str, raw: &str) -> Result<Option<Id>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<Id>()
        .map(Some)
        .map_err(|_| AppError::invalid(field, "err.bad_id"))
}

/// Parses a date from a form field: `yyyy-mm-dd` (date inputs) or `dd/mm/yyyy`.
pub fn parse_date(field: &str, raw: &str) -> Result<chrono::NaiveDate, AppError> {
    let raw = raw.trim();
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| AppError::invalid(field, "err.bad_date"))
}
