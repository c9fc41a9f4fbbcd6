//! The one application error that crosses the server-function boundary.
//!
//! Messages are translation keys: the UI shows them in the user's language. Database and
//! internal details are logged on the server and never sent to the browser.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// An error the UI can branch on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session (never logged in, logged out, or expired).
    #[error("not logged in")]
    Unauthenticated {
        /// Whether a session existed and has expired.
        expired: bool,
    },
    /// Logged in, but the role or unit does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// The form's anti-forgery token is missing or wrong.
    #[error("invalid CSRF token")]
    Csrf,
    /// Wrong user name or password (deliberately not saying which).
    #[error("bad credentials")]
    BadCredentials,
    /// The account exists but is deactivated.
    #[error("account disabled")]
    AccountDisabled,
    /// Too many failed log-ins; retry after some seconds.
    #[error("too many attempts")]
    TooManyAttempts {
        /// Seconds until logging in is allowed again.
        retry_after_secs: i64,
    },
    /// The object does not exist (or is not visible to this user).
    #[error("not found")]
    NotFound,
    /// A field's value is not acceptable. `reason` is a translation key.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The form field's name.
        field: String,
        /// Translation key of the message.
        reason: String,
    },
    /// The value clashes with existing data (e.g. a duplicate code). `reason` is a translation key.
    #[error("conflict on {field}: {reason}")]
    Conflict {
        /// The form field's name.
        field: String,
        /// Translation key of the message.
        reason: String,
    },
    /// Something failed on the server; details are in the server log.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or the answer could not be read.
    #[error("communication error: {0}")]
    Transport(String),
}

impl AppError {
    /// A field-level validation error.
    pub fn invalid(field: &str, reason: &str) -> Self {
        AppError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A field-level conflict with existing data.
    pub fn conflict(field: &str, reason: &str) -> Self {
        AppError::Conflict {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated { .. } | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::Csrf | AppError::AccountDisabled => 403,
            AppError::NotFound => 404,
            AppError::Conflict { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }

    /// The translation key of the message shown to the user.
    pub fn message_key(&self) -> &str {
        match self {
            AppError::Unauthenticated { expired: true } => "err.session_expired",
            AppError::Unauthenticated { expired: false } => "err.unauthenticated",
            AppError::Forbidden => "err.forbidden",
            AppError::Csrf => "err.csrf",
            AppError::BadCredentials => "err.bad_credentials",
            AppError::AccountDisabled => "err.account_disabled",
            AppError::TooManyAttempts { .. } => "err.too_many_attempts",
            AppError::NotFound => "err.not_found",
            AppError::Invalid { reason, .. } | AppError::Conflict { reason, .. } => reason,
            AppError::Internal => "err.internal",
            AppError::Transport(_) => "err.transport",
        }
    }

    /// The form field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } | AppError::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A missing or malformed argument is the caller's fault, not a transport problem.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::invalid("form", "err.bad_request")
            }
            // A body cut at the size limit while it was read (sent without a length).
            ServerFnErrorErr::Request(ref e) | ServerFnErrorErr::Deserialization(ref e)
                if e.contains("length limit exceeded") =>
            {
                AppError::invalid("form", "err.body_too_large")
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_kind_of_error() {
        assert_eq!(AppError::Unauthenticated { expired: true }.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Csrf.status(), 403);
        assert_eq!(AppError::invalid("code", "x").status(), 422);
        assert_eq!(AppError::conflict("code", "x").status(), 409);
        assert_eq!(
            AppError::TooManyAttempts {
                retry_after_secs: 60
            }
            .status(),
            429
        );
    }

    #[test]
    fn field_errors_carry_their_field_and_message_key() {
        let e = AppError::conflict("code", "err.unit_code_taken");
        assert_eq!(e.field(), Some("code"));
        assert_eq!(e.message_key(), "err.unit_code_taken");
        assert_eq!(AppError::Forbidden.field(), None);
    }

    #[test]
    fn errors_survive_the_wire() {
        let e = AppError::invalid("username", "err.username_taken");
        let back = AppError::de(e.ser());
        assert_eq!(back, e);
    }
}
