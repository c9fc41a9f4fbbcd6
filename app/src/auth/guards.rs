//! Named guards. Every server function calls one of these before doing anything; hiding a
//! button in the UI is cosmetic, these are the rule.

use http::request::Parts;
use leptos::prelude::use_context;

use super::{ClientIp, SessionState};
use crate::domain::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// The server state (database, settings) of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the leptos context");
        AppError::Internal
    })
}

/// What the middleware found about the current request's session.
pub fn session_state() -> SessionState {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<SessionState>().cloned())
        .unwrap_or(SessionState::Anonymous)
}

/// The client's address of the current request.
pub fn client_ip() -> String {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().cloned())
        .map(|ip| ip.0)
        .unwrap_or_else(|| "unknown".into())
}

/// The logged-in user, or `Unauthenticated`.
pub fn require_user() -> Result<CurrentUser, AppError> {
    match session_state() {
        SessionState::Active { user, .. } => Ok(user),
        SessionState::Expired => Err(AppError::Unauthenticated { expired: true }),
        SessionState::Anonymous => Err(AppError::Unauthenticated { expired: false }),
    }
}

/// The logged-in user for a write: the form's token must match the session's.
pub fn require_write(csrf: &str) -> Result<CurrentUser, AppError> {
    match session_state() {
        SessionState::Active {
            user,
            csrf: expected,
            ..
        } => {
            if crate::services::accounts::password::secret_eq(csrf.trim(), &expected) {
                Ok(user)
            } else {
                tracing::warn!(user = %user.username, "refused a write with a missing or wrong CSRF token");
                Err(AppError::Csrf)
            }
        }
        SessionState::Expired => Err(AppError::Unauthenticated { expired: true }),
        SessionState::Anonymous => Err(AppError::Unauthenticated { expired: false }),
    }
}
