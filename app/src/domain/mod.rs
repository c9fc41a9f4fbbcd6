//! Pure domain types and rules: no IO, compiled for the server and for the browser.

pub mod ids;
pub mod role;
pub mod throttle;
pub mod unit;
pub mod user;

pub use ids::{UnitId, UserId};
pub use role::{Permission, Role};
pub use unit::{UnitCode, UnitKind};
pub use user::{Email, Password, Username};
