//! The request context (server only): the middleware that resolves the session cookie once per
//! request, and the request guards server functions call first (who is asking, is the write
//! token right). The rules of what a user may do are in [`crate::domain::access`].

pub mod guards;
pub mod middleware;

use crate::domain::CurrentUser;

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
        /// The user's unread notifications when the request came in.
        unread: u64,
    },
}

/// The client's address as seen by the server (for throttling and the audit log).
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);
