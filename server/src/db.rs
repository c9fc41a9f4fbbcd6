//! Database connection and migrations.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use std::time::Duration;

/// Connects, sets SQLite up for concurrent use (WAL, foreign keys, busy timeout) and migrates.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<DatabaseConnection> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Connects and sets SQLite up for concurrent use (WAL, foreign keys, busy timeout); the schema
/// is left as it is (a restore makes its own).
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(url) {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if url.starts_with("sqlite") { 4 } else { 20 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        // A request waits at most this long for a pooled connection (then answers an error
        // instead of queueing behind a stuck one).
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // The planner's cost of a random page read: PostgreSQL's default (4) suits spinning
        // disks; on SSDs or a cached database it shuns index lookups that are cheaper than a
        // scan (a unit's 130 tasks were found by scanning all 10,000). No statement runs
        // longer than a minute (a stuck one would hold its connection; the longest real one,
        // the migration of a province's periods, takes seconds).
        .map_sqlx_postgres_opts(|o| {
            o.options([("random_page_cost", "1.1"), ("statement_timeout", "60s")])
        });
    if url.starts_with("sqlite") {
        // A pooled SQLite connection is a file handle in this process: it cannot go stale, so
        // it is not pinged before every statement (a round trip to its thread each time).
        options.test_before_acquire(false);
    } else {
        // A PostgreSQL connection is pinged only after it sat idle long enough for the server,
        // a proxy or a firewall to have dropped it, not before every statement.
        options.test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    let db = Database::connect(options).await?;
    // WAL is stored in the file; sqlx already turns foreign keys on and waits on busy locks for
    // every pooled connection, these make it explicit for the first one.
    if db.get_database_backend() == DbBackend::Sqlite {
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ] {
            db.execute_unprepared(pragma).await?;
        }
    }
    Ok(db)
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?.to_string();
    (!path.is_empty() && path != ":memory:").then_some(path)
}
