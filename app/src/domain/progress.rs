//! Progress updates and staged imports.

use serde::{Deserialize, Serialize};

/// What a progress record is: the lead unit's update (which moves the task) or a co-operating
/// unit's contribution (which only adds to the history).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// The lead unit's progress update.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "update"))]
    Update,
    /// A co-operating unit's contribution.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contribution"))]
    Contribution,
}

impl UpdateKind {
    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            UpdateKind::Update => "update_kind.update",
            UpdateKind::Contribution => "update_kind.contribution",
        }
    }
}

/// Where a staged import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded and previewed, nothing saved yet.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    /// Confirmed: its tasks were saved.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "confirmed"))]
    Confirmed,
    /// Abandoned by the user.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "discarded"))]
    Discarded,
}
