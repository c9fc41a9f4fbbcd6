//! Configuration from the environment, with defaults that make the plain run command work.

use std::path::PathBuf;

/// Server settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Database URL: SQLite by default, PostgreSQL with `postgres://...`.
    pub database_url: String,
    /// Where uploads and exports are kept.
    pub data_dir: PathBuf,
    /// Send cookies with `Secure` (set when served over HTTPS).
    pub cookie_secure: bool,
    /// Idle lifetime of a session in minutes.
    pub session_idle_minutes: i64,
}

impl Config {
    /// Reads `CCHC_DATA_DIR` (default `data`), `DATABASE_URL` (default a SQLite file in the data
    /// directory), `CCHC_COOKIE_SECURE` (default off) and `CCHC_SESSION_MINUTES` (default 480).
    pub fn from_env() -> anyhow::Result<Config> {
        let data_dir =
            PathBuf::from(std::env::var("CCHC_DATA_DIR").unwrap_or_else(|_| "data".into()));
        let database_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => format!("sqlite://{}?mode=rwc", data_dir.join("cchc.db").display()),
        };
        let cookie_secure = matches!(
            std::env::var("CCHC_COOKIE_SECURE")
                .unwrap_or_default()
                .as_str(),
            "1" | "true" | "yes"
        );
        let session_idle_minutes = match std::env::var("CCHC_SESSION_MINUTES") {
            Ok(v) => v
                .parse::<i64>()
                .ok()
                .filter(|m| (1..=60 * 24 * 30).contains(m))
                .ok_or_else(|| {
                    anyhow::anyhow!("CCHC_SESSION_MINUTES must be 1..43200 minutes, got {v:?}")
                })?,
            Err(_) => 8 * 60,
        };
        Ok(Config {
            database_url,
            data_dir,
            cookie_secure,
            session_idle_minutes,
        })
    }
}
