//! Roles and what each may do (DESIGN.md, "People and what they may do").

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

/// Something a user may be allowed to do. Guards ask `Role::allows`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Create, edit and retire units.
    ManageUnits,
    /// Create users, change their role and unit, deactivate, reset passwords.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// See every unit's data (not only one's own unit).
    SeeAllUnits,
    /// Create and edit plans, tasks and indicators; import task tables.
    ManagePlans,
    /// Write progress, contributions and indicator values for one's own unit.
    WriteUnitProgress,
    /// Submit the unit's periodic report (the unit head approves it by submitting).
    SubmitUnitReport,
    /// Edit the reminder rules and see the runs.
    ManageReminders,
    /// Choose which of the unit's users receive its reminders (the unit head).
    ChooseReminderRecipients,
    /// Read the e-mail outbox and retry failed messages.
    ReadOutbox,
    /// Open the overview dashboard (leaders and the PAR office for the province, a unit head
    /// for their own unit).
    ViewDashboard,
    /// Set the dashboard's red/amber/green thresholds.
    SetDashboardBands,
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

    /// Whether this role grants `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ManageUnits | ManageUsers | ReadAudit => self == Role::Admin,
            SeeAllUnits => matches!(self, Role::Admin | Role::ParOffice | Role::Leader),
            ManagePlans => matches!(self, Role::Admin | Role::ParOffice),
            WriteUnitProgress => matches!(self, Role::UnitHead | Role::UnitOfficer),
            SubmitUnitReport | ChooseReminderRecipients => self == Role::UnitHead,
            ManageReminders => matches!(self, Role::Admin | Role::ParOffice),
            ReadOutbox => self == Role::Admin,
            ViewDashboard => matches!(self, Role::Leader | Role::ParOffice | Role::UnitHead),
            SetDashboardBands => self == Role::ParOffice,
        }
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
    fn only_admin_manages_units_users_and_reads_the_audit_log() {
        for role in Role::ALL {
            let is_admin = role == Role::Admin;
            assert_eq!(role.allows(Permission::ManageUnits), is_admin, "{role}");
            assert_eq!(role.allows(Permission::ManageUsers), is_admin, "{role}");
            assert_eq!(role.allows(Permission::ReadAudit), is_admin, "{role}");
        }
    }

    #[test]
    fn unit_roles_see_only_their_unit_and_need_one() {
        for role in [Role::UnitHead, Role::UnitOfficer] {
            assert!(!role.allows(Permission::SeeAllUnits));
            assert!(role.requires_unit());
        }
        for role in [Role::Admin, Role::ParOffice, Role::Leader] {
            assert!(role.allows(Permission::SeeAllUnits));
            assert!(!role.requires_unit());
        }
    }

    #[test]
    fn plans_are_managed_by_the_par_office_and_progress_written_by_units() {
        for role in Role::ALL {
            assert_eq!(
                role.allows(Permission::ManagePlans),
                matches!(role, Role::Admin | Role::ParOffice),
                "{role}"
            );
            assert_eq!(
                role.allows(Permission::WriteUnitProgress),
                role.requires_unit(),
                "{role}"
            );
        }
        assert!(!Role::Leader.allows(Permission::ManagePlans));
        assert!(!Role::Leader.allows(Permission::WriteUnitProgress));
        for role in Role::ALL {
            assert_eq!(
                role.allows(Permission::SubmitUnitReport),
                role == Role::UnitHead,
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
