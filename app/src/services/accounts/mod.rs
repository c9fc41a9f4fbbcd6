//! Accounts: logging in and out, sessions, password hashing, a user's own password, and the
//! administrator's user management.

pub mod leaders;
pub mod login;
pub mod own;
pub mod password;
pub mod session;
pub mod users;
