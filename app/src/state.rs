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
    /// Reverse proxies whose `X-Forwarded-For` names the client; any other peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            session_idle_minutes: 8 * 60,
            trusted_proxies: Vec::new(),
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
    /// Reminders and e-mail.
    pub reminders: Arc<ReminderSettings>,
    /// Dashboards computed recently (see [`crate::services::dashboard::DashboardCache`]).
    pub dashboards: Arc<crate::services::dashboard::DashboardCache>,
}

/// How reminders run and whether e-mail goes out.
#[derive(Clone)]
pub struct ReminderSettings {
    /// The schedule in force, as shown to the PAR office ("0 0 7 * * * Asia/Ho_Chi_Minh").
    pub schedule: String,
    /// The application's public address, for links in e-mails.
    pub base_url: String,
    /// This process ("host:pid"), recorded with runs and e-mail claims.
    pub instance: String,
    /// The SMTP client; none when e-mail is not configured.
    pub mailer: Option<crate::services::mail::Mailer>,
    /// Notifications written per transaction.
    pub batch: usize,
}

impl ReminderSettings {
    /// The options of a run started by `trigger`.
    pub fn run_options(&self, trigger: &str) -> crate::services::reminder::RunOptions {
        crate::services::reminder::RunOptions {
            mail_enabled: self.mailer.is_some(),
            base_url: self.base_url.clone(),
            instance: self.instance.clone(),
            trigger: trigger.to_string(),
            batch: self.batch,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
