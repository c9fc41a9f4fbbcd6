//! Roles. What each may do is written once, in [`crate::domain::access::Right`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// A user's role. Mirrored in the database as a short string.
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
pub enum Role {
    /// System operator: units, users, settings, and everything `ParOffice` may.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
    /// PAR staff of the Department of Home Affairs.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "par_office"))]
    ParOffice,
    /// Head or deputy head of a unit.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unit_head"))]
    UnitHead,
    /// A unit's PAR officer.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unit_officer"))]
    UnitOfficer,
    /// Chairman, vice-chairs, the People's Committee office: read everything.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "leader"))]
    Leader,
}

impl Role {
    /// Every role, in the order they are listed in the UI.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::ParOffice,
        Role::UnitHead,
        Role::UnitOfficer,
        Role::Leader,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ParOffice => "par_office",
            Role::UnitHead => "unit_head",
            Role::UnitOfficer => "unit_officer",
            Role::Leader => "leader",
        }
    }

    /// Parses the stable string form.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Whether a user of this role must belong to a unit (their work is the unit's).
    pub fn requires_unit(self) -> bool {
        matches!(self, Role::UnitHead | Role::UnitOfficer)
    }

    /// The translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::ParOffice => "role.par_office",
            Role::UnitHead => "role.unit_head",
            Role::UnitOfficer => "role.unit_officer",
            Role::Leader => "role.leader",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_roles_need_a_unit() {
        for role in Role::ALL {
            assert_eq!(
                role.requires_unit(),
                matches!(role, Role::UnitHead | Role::UnitOfficer),
                "{role}"
            );
        }
    }

    #[test]
    fn role_strings_round_trip_and_unknown_ones_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(Role::parse(""), None);
    }
}
