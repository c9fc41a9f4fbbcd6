//! Sessions, passwords, guards and the request middleware (server only).

pub mod guards;
pub mod middleware;
pub mod password;
pub mod session;

use crate::domain::{Role, UnitId, UserId};
use crate::i18n::Lang;

/// The user behind a request, as loaded from the session.
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

/// What the middleware found about the request's session.
#[derive(Clone, Debug)]
pub enum SessionState {
    /// No session cookie.
    Anonymous,
    /// A cookie for a session that has expired or been removed.
    Expired,
    /// A valid session.
    Active {
        /// Its user.
        user: CurrentUser,
        /// Its anti-forgery token.
        csrf: String,
    },
}

/// The client's address as seen by the server (for throttling and the audit log).
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);
