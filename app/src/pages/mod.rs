//! Pages, grouped by domain.

pub mod account;
pub mod audit;
pub mod dashboard;
pub mod direction;
pub mod home;
pub mod import;
pub mod indicator;
pub mod login;
pub mod not_found;
pub mod plan;
pub mod reminder;
pub mod report;
pub mod task;
pub mod unit;
pub mod user;
