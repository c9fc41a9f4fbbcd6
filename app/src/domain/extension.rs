//! A unit's request to extend a task's deadline ("đề nghị gia hạn"): where it stands and the
//! limits of its texts. Pure, so the task page can ask the same rules as the server.

use serde::{Deserialize, Serialize};

/// Shortest reason a unit may give for its request, in characters.
pub const REASON_MIN: usize = 10;
/// Longest reason (and longest refusal reason), in characters.
pub const REASON_MAX: usize = 2000;
/// Shortest reason the PAR office may give for refusing.
pub const REFUSAL_MIN: usize = 5;

/// Where an extension request stands. A task has at most one pending request at a time (a
/// partial unique index in the database).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionStatus {
    /// Sent by the unit's head, waiting for the PAR office.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    /// Approved: the deadline moved, with the approving document.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "approved"))]
    Approved,
    /// Refused, with the office's reason; the deadline stays.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "refused"))]
    Refused,
}

impl ExtensionStatus {
    /// The stable code stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionStatus::Pending => "pending",
            ExtensionStatus::Approved => "approved",
            ExtensionStatus::Refused => "refused",
        }
    }

    /// The translation key of the status's name.
    pub fn label_key(self) -> &'static str {
        match self {
            ExtensionStatus::Pending => "extreq.status.pending",
            ExtensionStatus::Approved => "extreq.status.approved",
            ExtensionStatus::Refused => "extreq.status.refused",
        }
    }
}

/// Checks a reason (trimmed, `min..=REASON_MAX` characters); the error is the translation key
/// of the refusal (`short_key` when too short, `err.too_long` when too long).
pub fn check_reason(
    raw: &str,
    min: usize,
    short_key: &'static str,
) -> Result<String, &'static str> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < min {
        return Err(short_key);
    }
    if n > REASON_MAX {
        return Err("err.too_long");
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_trimmed_and_bounded() {
        assert_eq!(check_reason("  ngắn ", REASON_MIN, "k"), Err("k"));
        assert_eq!(
            check_reason(" Chờ ý kiến của Bộ Tư pháp ", REASON_MIN, "k"),
            Ok("Chờ ý kiến của Bộ Tư pháp".to_string())
        );
        // Ten Vietnamese letters are ten characters, whatever their bytes.
        assert_eq!(
            check_reason("ắắắắắắắắắắ", REASON_MIN, "k"),
            Ok("ắắắắắắắắắắ".to_string())
        );
        assert_eq!(
            check_reason(&"a".repeat(REASON_MAX + 1), REASON_MIN, "k"),
            Err("err.too_long")
        );
    }

    #[test]
    fn codes_and_labels() {
        for s in [
            ExtensionStatus::Pending,
            ExtensionStatus::Approved,
            ExtensionStatus::Refused,
        ] {
            assert!(s.label_key().ends_with(s.as_str()));
        }
    }
}
