//! sea-orm entities (server only). The schema itself is in `migrations/`.

pub mod audit_entry;
pub mod login_attempt;
pub mod session;
pub mod setting;
pub mod unit;
pub mod user;
