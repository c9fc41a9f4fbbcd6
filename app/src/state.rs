//! Server state shared by routes and server functions: the running server's parts, each
//! defined beside the service it configures and handed to services as an argument.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

use crate::services::accounts::session::AuthConfig;
use crate::services::clock::Clock;
use crate::services::dashboard::DashboardCache;
use crate::services::reminders::ReminderSettings;
use crate::services::units::directory::Directory;

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' options (site root, output name ...).
    pub leptos_options: LeptosOptions,
    /// The database pool.
    pub db: DatabaseConnection,
    /// Authentication settings.
    pub auth: Arc<AuthConfig>,
    /// Where uploaded files and exports are kept (the data folder or an S3-compatible store).
    pub storage: crate::services::storage::Storage,
    /// Reminders and e-mail.
    pub reminders: Arc<ReminderSettings>,
    /// Dashboards computed recently (see [`crate::services::dashboard::DashboardCache`]).
    pub dashboards: Arc<DashboardCache>,
    /// Units' task lists computed recently (see [`crate::services::tasks::MyTasksCache`]).
    pub my_tasks: Arc<crate::services::tasks::MyTasksCache>,
    /// Unit names and plan numbers read recently (see [`Directory`]).
    pub directory: Arc<Directory>,
    /// Every task's class facts, followed write by write (see
    /// [`crate::services::tasks::facts::KeptFacts`]); the dashboards count from the same.
    pub task_facts: Arc<crate::services::tasks::facts::KeptFacts>,
    /// The time and Vietnam's calendar day (fixed in tests).
    pub clock: Clock,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
