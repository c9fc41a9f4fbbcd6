//! Form fields checked the same way wherever they are written.

use crate::error::AppError;

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
