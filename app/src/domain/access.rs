//! Who is acting and what they may do: the one place the rights are written.
//!
//! Every server function, route, download and button flag asks [`CurrentUser::may`] or
//! [`CurrentUser::ensure`] with a [`Right`]; [`Right::held_by`] is the whole rule table
//! (DESIGN.md, "People and what they may do"). A rule changes here and nowhere else.

use crate::domain::{Role, UnitId, UserId};
use crate::error::AppError;
use crate::i18n::Lang;

/// The user behind a request or a command, as loaded from the session.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    /// Account id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Display name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Unit, if any.
    pub unit_id: Option<UnitId>,
    /// Preferred language.
    pub lang: Lang,
    /// An administrator set the password: nothing but choosing one's own is allowed.
    pub must_change_password: bool,
}

/// How a user stands towards one task (found by the task service, which knows the units a
/// merged unit's successor acts for).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskAccess {
    /// The user's unit (or a unit it succeeded) leads the task.
    pub lead: bool,
    /// The user's unit (or a unit it succeeded) co-operates.
    pub co: bool,
    /// The user sees every unit's tasks.
    pub all: bool,
}

/// Something a user may be allowed to do: by role alone, or towards one unit or task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Right {
    /// Create, edit and retire units.
    ManageUnits,
    /// Create users, change their role and unit, deactivate, reset passwords.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Edit the province's own settings: its name and the place name of its documents.
    ManageProvince,
    /// See every unit's data (not only one's own unit).
    SeeAllUnits,
    /// Create and edit plans, tasks and indicators; import task tables; review reports.
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
    /// Write a direction (ý kiến chỉ đạo) to a unit, on a task or a report: the Chairman and
    /// the vice-chairs.
    GiveDirections,
    /// See one unit's reports and exports: roles that see every unit, or the unit's own users.
    SeeUnit(UnitId),
    /// Draft for one unit (its report, its indicator values): the unit's officers and head.
    WriteFor(UnitId),
    /// Submit one unit's report: the unit's head.
    SubmitFor(UnitId),
    /// Write a task's progress: officers and heads of its lead unit.
    UpdateTask(TaskAccess),
    /// Add a contribution to a task: officers and heads of a co-operating unit.
    Contribute(TaskAccess),
    /// Ask the PAR office to extend a task's deadline: the head of its lead unit (the PAR
    /// office decides, with [`Right::ManagePlans`]).
    RequestExtension(TaskAccess),
}

impl Right {
    /// Whether a user of `role` belonging to `unit` holds this right. The whole rule table.
    pub fn held_by(self, role: Role, unit: Option<UnitId>) -> bool {
        use Right::*;
        let own = |u: UnitId| unit == Some(u);
        match self {
            ManageUnits | ManageUsers | ReadAudit | ReadOutbox | ManageProvince => {
                role == Role::Admin
            }
            SeeAllUnits => matches!(role, Role::Admin | Role::ParOffice | Role::Leader),
            ManagePlans | ManageReminders => matches!(role, Role::Admin | Role::ParOffice),
            WriteUnitProgress => matches!(role, Role::UnitHead | Role::UnitOfficer),
            SubmitUnitReport | ChooseReminderRecipients => role == Role::UnitHead,
            ViewDashboard => matches!(role, Role::Leader | Role::ParOffice | Role::UnitHead),
            SetDashboardBands => role == Role::ParOffice,
            GiveDirections => role == Role::Leader,
            SeeUnit(u) => SeeAllUnits.held_by(role, unit) || (role.requires_unit() && own(u)),
            WriteFor(u) => WriteUnitProgress.held_by(role, unit) && own(u),
            SubmitFor(u) => SubmitUnitReport.held_by(role, unit) && own(u),
            UpdateTask(a) => WriteUnitProgress.held_by(role, unit) && a.lead,
            Contribute(a) => WriteUnitProgress.held_by(role, unit) && a.co,
            RequestExtension(a) => role == Role::UnitHead && unit.is_some() && a.lead,
        }
    }
}

impl CurrentUser {
    /// Whether this user holds `right` (for button flags and scoping).
    pub fn may(&self, right: Right) -> bool {
        right.held_by(self.role, self.unit_id)
    }

    /// Refuses with `Forbidden` (logged) unless this user holds `right`.
    pub fn ensure(&self, right: Right) -> Result<(), AppError> {
        if self.may(right) {
            Ok(())
        } else {
            #[cfg(feature = "ssr")]
            tracing::warn!(user = %self.username, role = %self.role, ?right, "forbidden");
            Err(AppError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: UnitId = UnitId(7);
    const OTHER: UnitId = UnitId(8);
    const LEAD: TaskAccess = TaskAccess {
        lead: true,
        co: false,
        all: false,
    };
    const CO: TaskAccess = TaskAccess {
        lead: false,
        co: true,
        all: false,
    };
    const ALL: TaskAccess = TaskAccess {
        lead: false,
        co: false,
        all: true,
    };

    #[test]
    fn only_admins_manage_units_users_and_read_the_audit() {
        for role in Role::ALL {
            let is_admin = role == Role::Admin;
            for right in [
                Right::ManageUnits,
                Right::ManageUsers,
                Right::ReadAudit,
                Right::ReadOutbox,
                Right::ManageProvince,
            ] {
                assert_eq!(right.held_by(role, None), is_admin, "{role} {right:?}");
            }
        }
    }

    #[test]
    fn unit_users_see_only_their_own_unit() {
        for role in [Role::UnitHead, Role::UnitOfficer] {
            assert!(!Right::SeeAllUnits.held_by(role, Some(OWN)));
            assert!(Right::SeeUnit(OWN).held_by(role, Some(OWN)));
            assert!(!Right::SeeUnit(OTHER).held_by(role, Some(OWN)));
            assert!(Right::WriteFor(OWN).held_by(role, Some(OWN)));
            assert!(!Right::WriteFor(OTHER).held_by(role, Some(OWN)));
        }
        for role in [Role::Admin, Role::ParOffice, Role::Leader] {
            assert!(Right::SeeAllUnits.held_by(role, None));
            assert!(Right::SeeUnit(OTHER).held_by(role, None));
            assert!(!Right::WriteFor(OTHER).held_by(role, None));
        }
    }

    #[test]
    fn only_leaders_give_directions() {
        for role in Role::ALL {
            assert_eq!(
                Right::GiveDirections.held_by(role, Some(OWN)),
                role == Role::Leader,
                "{role}"
            );
        }
    }

    #[test]
    fn only_the_units_head_submits_its_report() {
        assert!(Right::SubmitFor(OWN).held_by(Role::UnitHead, Some(OWN)));
        assert!(!Right::SubmitFor(OTHER).held_by(Role::UnitHead, Some(OWN)));
        assert!(!Right::SubmitFor(OWN).held_by(Role::UnitOfficer, Some(OWN)));
        assert!(!Right::SubmitFor(OWN).held_by(Role::ParOffice, Some(OWN)));
    }

    #[test]
    fn progress_is_written_by_the_lead_unit_and_contributions_by_co_operating_units() {
        let (lead, co, all) = (LEAD, CO, ALL);
        for role in [Role::UnitHead, Role::UnitOfficer] {
            assert!(Right::UpdateTask(lead).held_by(role, Some(OWN)));
            assert!(!Right::UpdateTask(co).held_by(role, Some(OWN)));
            assert!(Right::Contribute(co).held_by(role, Some(OWN)));
            assert!(!Right::Contribute(lead).held_by(role, Some(OWN)));
        }
        for role in [Role::Admin, Role::ParOffice, Role::Leader] {
            assert!(!Right::UpdateTask(all).held_by(role, None));
            assert!(!Right::Contribute(all).held_by(role, None));
        }
    }

    #[test]
    fn only_the_lead_units_head_requests_an_extension() {
        let (lead, co, all) = (LEAD, CO, ALL);
        assert!(Right::RequestExtension(lead).held_by(Role::UnitHead, Some(OWN)));
        assert!(!Right::RequestExtension(co).held_by(Role::UnitHead, Some(OWN)));
        assert!(!Right::RequestExtension(lead).held_by(Role::UnitOfficer, Some(OWN)));
        for role in [Role::Admin, Role::ParOffice, Role::Leader] {
            assert!(!Right::RequestExtension(all).held_by(role, None), "{role}");
            // The office decides.
            assert_eq!(
                Right::ManagePlans.held_by(role, None),
                role != Role::Leader,
                "{role}"
            );
        }
        assert!(!Right::ManagePlans.held_by(Role::UnitHead, Some(OWN)));
    }

    #[test]
    fn plans_and_reminders_are_the_par_offices_and_leaders_only_read() {
        for role in Role::ALL {
            let office = matches!(role, Role::Admin | Role::ParOffice);
            assert_eq!(Right::ManagePlans.held_by(role, None), office, "{role}");
            assert_eq!(Right::ManageReminders.held_by(role, None), office, "{role}");
        }
        assert!(!Right::WriteUnitProgress.held_by(Role::Leader, None));
        assert!(Right::ViewDashboard.held_by(Role::Leader, None));
        assert!(!Right::ViewDashboard.held_by(Role::UnitOfficer, Some(OWN)));
        assert!(Right::SetDashboardBands.held_by(Role::ParOffice, None));
        assert!(!Right::SetDashboardBands.held_by(Role::Leader, None));
    }
}
