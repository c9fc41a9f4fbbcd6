//! Server state shared by routes and server functions.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Arc;

/// Authentication settings.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Send cookies with `Secure` (behind HTTPS).
    pub cookie_secure: bool,
    /// Idle lifetime of a session, in minutes (sliding).
    pub session_idle_minutes: i64,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            session_idle_minutes: 8 * 60,
        }
    }
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' options (site root, output name ...).
    pub leptos_options: LeptosOptions,
    /// The database pool.
    pub db: DatabaseConnection,
    /// Authentication settings.
    pub auth: Arc<AuthConfig>,
    /// Where uploaded files and exports are kept.
    pub data_dir: Arc<PathBuf>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
