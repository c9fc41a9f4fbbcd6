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
    /// The reminder schedule (`CCHC_REMINDER_CRON`, default `0 0 7 * * *`).
    pub reminder_cron: Option<String>,
    /// The schedule's time zone (`CCHC_TIMEZONE`, default `Asia/Ho_Chi_Minh`).
    pub timezone: Option<String>,
    /// Whether this process runs the scheduler (`CCHC_SCHEDULER`, default on).
    pub scheduler: bool,
    /// SMTP settings; none when `CCHC_SMTP_HOST` is not set (e-mail disabled).
    pub smtp: Option<app::services::reminders::mail::SmtpConfig>,
    /// The public address used in e-mail links (`CCHC_BASE_URL`).
    pub base_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`CCHC_TRUSTED_PROXIES`, comma-
    /// separated addresses). Empty by default: the client is the TCP peer.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The bearer token that opens `/metrics` to other machines (`CCHC_METRICS_TOKEN`); without
    /// it only requests made directly on this machine may read it.
    pub metrics_token: Option<String>,
    /// The most time a request's handler may take before the answer is 503
    /// (`CCHC_REQUEST_TIMEOUT_SECS`, 1 to 600, default 30). Uploads are not cut.
    pub request_timeout: std::time::Duration,
    /// The clock services read: the system's, or a fixed instant (tests only; no variable sets
    /// it).
    pub clock: app::services::clock::Clock,
    /// The nightly backup (`CCHC_BACKUP_DIR`, `CCHC_BACKUP_KEEP`, `CCHC_BACKUP_CRON`); none
    /// when no folder is set.
    pub nightly_backup: Option<crate::backup::nightly::Nightly>,
    /// Files and exports in an S3-compatible store (`CCHC_S3_*`) instead of the data folder.
    pub s3: Option<app::services::storage::S3Config>,
}

/// The default of [`Config::request_timeout`].
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Config {
    /// A configuration for tests and tools: this database and data directory, the rest default
    /// (no e-mail, no scheduler).
    pub fn for_database(database_url: String, data_dir: PathBuf) -> Config {
        Config {
            database_url,
            data_dir,
            cookie_secure: false,
            session_idle_minutes: 60,
            reminder_cron: None,
            timezone: None,
            scheduler: false,
            smtp: None,
            base_url: None,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            request_timeout: REQUEST_TIMEOUT,
            clock: app::services::clock::Clock::system(),
            nightly_backup: None,
            s3: None,
        }
    }

    /// Where files and exports are kept: the S3-compatible store when one is configured, else
    /// the data folder.
    pub fn storage(&self) -> anyhow::Result<app::services::storage::Storage> {
        use app::services::storage::Storage;
        match &self.s3 {
            Some(s3) => Storage::s3(s3).map_err(|e| anyhow::anyhow!("CCHC_S3_*: {e}")),
            None => Storage::local(&self.data_dir)
                .map_err(|e| anyhow::anyhow!("the data folder {}: {e}", self.data_dir.display())),
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads the SMTP settings: `CCHC_SMTP_HOST` (none: e-mail disabled), `CCHC_SMTP_PORT`,
/// `CCHC_SMTP_TLS` (none, starttls, tls; default starttls), `CCHC_SMTP_USER`,
/// `CCHC_SMTP_PASSWORD`, `CCHC_SMTP_FROM`.
fn smtp_from_env() -> anyhow::Result<Option<app::services::reminders::mail::SmtpConfig>> {
    use app::services::reminders::mail::{SmtpConfig, TlsMode};
    let Some(host) = env("CCHC_SMTP_HOST") else {
        return Ok(None);
    };
    let tls = match env("CCHC_SMTP_TLS") {
        Some(v) => TlsMode::parse(&v).ok_or_else(|| {
            anyhow::anyhow!("CCHC_SMTP_TLS must be none, starttls or tls, got {v:?}")
        })?,
        None => TlsMode::StartTls,
    };
    let port = match env("CCHC_SMTP_PORT") {
        Some(v) => v
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| anyhow::anyhow!("CCHC_SMTP_PORT must be a port number, got {v:?}"))?,
        None => match tls {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        },
    };
    let credentials =
        env("CCHC_SMTP_USER").map(|u| (u, env("CCHC_SMTP_PASSWORD").unwrap_or_default()));
    let from = env("CCHC_SMTP_FROM").unwrap_or_else(|| format!("Hệ thống CCHC <no-reply@{host}>"));
    Ok(Some(SmtpConfig {
        host,
        port,
        tls,
        credentials,
        from,
    }))
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
        let base_url = env("CCHC_BASE_URL");
        // Served over HTTPS (the public address says so): cookies only travel encrypted.
        let cookie_secure = matches!(
            std::env::var("CCHC_COOKIE_SECURE")
                .unwrap_or_default()
                .as_str(),
            "1" | "true" | "yes"
        ) || base_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        let trusted_proxies = match env("CCHC_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| {
                    a.parse::<std::net::IpAddr>().map_err(|_| {
                        anyhow::anyhow!("CCHC_TRUSTED_PROXIES: {a:?} is not an IP address")
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?,
        };
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
        let request_timeout = match env("CCHC_REQUEST_TIMEOUT_SECS") {
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|s| (1..=600).contains(s))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    anyhow::anyhow!("CCHC_REQUEST_TIMEOUT_SECS must be 1..600 seconds, got {v:?}")
                })?,
            None => REQUEST_TIMEOUT,
        };
        Ok(Config {
            request_timeout,
            database_url,
            data_dir,
            cookie_secure,
            session_idle_minutes,
            reminder_cron: env("CCHC_REMINDER_CRON"),
            timezone: env("CCHC_TIMEZONE"),
            scheduler: !matches!(
                env("CCHC_SCHEDULER").as_deref(),
                Some("0" | "off" | "false" | "no")
            ),
            smtp: smtp_from_env()?,
            base_url,
            trusted_proxies,
            metrics_token: env("CCHC_METRICS_TOKEN"),
            clock: app::services::clock::Clock::system(),
            nightly_backup: nightly_backup_from_env()?,
            s3: s3_from_env()?,
        })
    }
}

/// An S3-compatible store for files and exports: `CCHC_S3_BUCKET` (unset: the data folder),
/// `CCHC_S3_ENDPOINT`, `CCHC_S3_REGION` (default `us-east-1`), `CCHC_S3_ACCESS_KEY` and
/// `CCHC_S3_SECRET_KEY` (or `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`).
fn s3_from_env() -> anyhow::Result<Option<app::services::storage::S3Config>> {
    let Some(bucket) = env("CCHC_S3_BUCKET") else {
        return Ok(None);
    };
    let access_key = env("CCHC_S3_ACCESS_KEY").or_else(|| env("AWS_ACCESS_KEY_ID"));
    let secret_key = env("CCHC_S3_SECRET_KEY").or_else(|| env("AWS_SECRET_ACCESS_KEY"));
    let (Some(access_key), Some(secret_key)) = (access_key, secret_key) else {
        anyhow::bail!(
            "CCHC_S3_BUCKET is set: CCHC_S3_ACCESS_KEY and CCHC_S3_SECRET_KEY are needed too"
        );
    };
    Ok(Some(app::services::storage::S3Config {
        bucket: bucket.trim().to_string(),
        endpoint: env("CCHC_S3_ENDPOINT").map(|e| e.trim().trim_end_matches('/').to_string()),
        region: env("CCHC_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        access_key,
        secret_key,
    }))
}

/// The nightly backup: `CCHC_BACKUP_DIR` (unset: none), `CCHC_BACKUP_KEEP` (1 to 1000, default
/// 7), `CCHC_BACKUP_CRON` (default `0 30 1 * * *`, in `CCHC_TIMEZONE`).
fn nightly_backup_from_env() -> anyhow::Result<Option<crate::backup::nightly::Nightly>> {
    use crate::backup::nightly::{Nightly, DEFAULT_CRON, DEFAULT_KEEP};
    let Some(dir) = env("CCHC_BACKUP_DIR") else {
        return Ok(None);
    };
    let keep = match env("CCHC_BACKUP_KEEP") {
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|k| (1..=1000).contains(k))
            .ok_or_else(|| {
                anyhow::anyhow!("CCHC_BACKUP_KEEP must be 1..1000 backups, got {v:?}")
            })?,
        None => DEFAULT_KEEP,
    };
    let cron = env("CCHC_BACKUP_CRON").unwrap_or_else(|| DEFAULT_CRON.into());
    crate::reminders::Schedule::parse(&cron, "UTC")
        .map_err(|e| anyhow::anyhow!("CCHC_BACKUP_CRON: {e}"))?;
    Ok(Some(Nightly {
        dir: PathBuf::from(dir),
        keep,
        cron,
    }))
}
