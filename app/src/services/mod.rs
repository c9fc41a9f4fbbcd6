//! Services on sea-orm (server only). Each mutating service checks its guard and writes the
//! audit log in the same transaction as the change.

pub mod accounts;
pub mod audit;
pub mod clock;
pub mod dashboard;
pub mod dashboard_pdf;
pub mod export;
pub mod files;
pub mod grouped;
pub mod import;
pub mod import_guard;
pub mod import_read;
pub mod inbox;
pub mod indicator;
pub mod mail;
pub mod pdf;
pub mod plan;
pub mod progress;
pub mod reminder;
pub mod report;
pub mod scale;
pub mod scope;
pub mod settings;
pub mod stored;
pub mod task;
pub mod unit;

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

/// A one-line text field with its whitespace collapsed, between `min` and `max` characters: too
/// short is `short_key` on `field`, too long is `err.too_long`.
pub fn clean_text(
    field: &str,
    raw: &str,
    min: usize,
    max: usize,
    short_key: &str,
) -> Result<String, AppError> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    if n < min {
        return Err(AppError::invalid(field, short_key));
    }
    if n > max {
        return Err(AppError::invalid(field, "err.too_long"));
    }
    Ok(s)
}

/// Parses an optional id from a form field ("" means none).
pub fn parse_opt_id(field: &str, raw: &str) -> Result<Option<i32>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i32>()
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

#[cfg(test)]
mod parser_props;
