//! Pure domain types and rules: no IO, compiled for the server and for the browser.

pub mod access;
pub mod calendar;
pub mod dashboard;
pub mod deadline_text;
pub mod extension;
pub mod form;
pub mod ids;
pub mod progress;
pub mod redirect;
pub mod reminder;
pub mod report;
pub mod role;
pub mod task;
pub mod task_text;
pub mod text;
pub mod throttle;
pub mod unit;
pub mod user;

pub use access::{CurrentUser, Right, TaskAccess};
pub use ids::{
    AreaId, ExportId, FileId, ImportId, IndicatorId, PeriodId, PlanId, TaskId, UnitId,
    UnitReportId, UserId,
};
pub use role::Role;
pub use unit::{UnitCode, UnitKind};
pub use user::{Email, Password, Username};
