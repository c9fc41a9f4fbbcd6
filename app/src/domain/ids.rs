//! Typed identifiers, so a unit id can never be passed where a user id is expected.
//!
//! On the server each is also a database value (`DeriveValueType`): entities, queries and
//! services carry the typed id from the row to the page, and `.0` appears only where a number is
//! really meant (a URL, a sort key).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<i32> for $name {
            fn from(raw: i32) -> Self {
                Self(raw)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    };
}

id_type!(
    /// Identifies a unit (department, agency, commune, ...).
    UnitId
);
id_type!(
    /// Identifies a reform area (lĩnh vực cải cách).
    AreaId
);
id_type!(
    /// Identifies a user account.
    UserId
);
id_type!(
    /// Identifies a plan.
    PlanId
);
id_type!(
    /// Identifies a task.
    TaskId
);
id_type!(
    /// Identifies an indicator (chỉ tiêu).
    IndicatorId
);
id_type!(
    /// Identifies a stored file.
    FileId
);
id_type!(
    /// Identifies a staged import.
    ImportId
);
id_type!(
    /// Identifies a reporting period.
    PeriodId
);
id_type!(
    /// Identifies a unit's periodic report.
    UnitReportId
);
id_type!(
    /// Identifies a stored export of a report.
    ExportId
);
