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

/// A text area that may be empty: line breaks kept (`\r\n` read as `\n`), other control
/// characters and surrounding blank space dropped; over `max` characters is `err.too_long`.
pub fn clean_multiline(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let s: String = raw
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let s = s.trim().to_string();
    if s.chars().count() > max {
        return Err(AppError::invalid(field, "err.too_long"));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiline_keeps_lines_and_drops_controls() {
        let s = clean_multiline("f", "  a\r\nb\u{7}c \n", 10).expect("clean");
        assert_eq!(s, "a\nbc");
        assert!(clean_multiline("f", "", 10).expect("empty").is_empty());
        assert!(clean_multiline("f", &"x".repeat(11), 10).is_err());
    }
}
