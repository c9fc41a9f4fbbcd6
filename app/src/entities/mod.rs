//! sea-orm entities (server only). The schema itself is in `migrations/`.

pub mod attachment;
pub mod audit_entry;
pub mod email_outbox;
pub mod import_batch;
pub mod indicator;
pub mod indicator_unit;
pub mod indicator_value;
pub mod login_attempt;
pub mod notification;
pub mod plan;
pub mod progress_update;
pub mod province_report;
pub mod reform_area;
pub mod reminder_rule;
pub mod reminder_run;
pub mod report_export;
pub mod reporting_period;
pub mod session;
pub mod setting;
pub mod task;
pub mod task_extension;
pub mod task_unit;
pub mod unit;
pub mod unit_report;
pub mod unit_report_event;
pub mod user;
