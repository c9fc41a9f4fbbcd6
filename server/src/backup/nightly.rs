//! The nightly backup: on a schedule (`CCHC_BACKUP_CRON`, default 01:30 every day in the
//! reminders' time zone) into a folder (`CCHC_BACKUP_DIR`; unset: no nightly backup), keeping
//! the newest `CCHC_BACKUP_KEEP` (default 7).

use std::path::{Path, PathBuf};

use sea_orm::DatabaseConnection;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::reminders::Schedule;

/// The default schedule: 01:30 every day.
pub const DEFAULT_CRON: &str = "0 30 1 * * *";
/// How many backups are kept by default.
pub const DEFAULT_KEEP: usize = 7;
/// How the nightly backups are named (`cchc-backup-20261205-013000-042.zip`, UTC to the
/// millisecond); their names sort as their times.
const PREFIX: &str = "cchc-backup-";

/// The nightly backup's settings.
#[derive(Clone, Debug)]
pub struct Nightly {
    /// Where the backups go.
    pub dir: PathBuf,
    /// How many are kept.
    pub keep: usize,
    /// When (the expression; the zone is the reminders').
    pub cron: String,
}

/// The backups of `dir`, oldest first.
pub fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".zip"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Removes all but the newest `keep` backups of `dir`; returns those removed.
pub fn prune(dir: &Path, keep: usize) -> Vec<PathBuf> {
    let all = backups_in(dir);
    let extra = all.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for old in all.into_iter().take(extra) {
        match std::fs::remove_file(&old) {
            Ok(()) => removed.push(old),
            Err(e) => {
                tracing::warn!(file = %old.display(), error = %e, "cannot remove an old backup")
            }
        }
    }
    removed
}

/// One nightly backup: a new file in the folder, then the oldest beyond the count removed.
pub async fn run(
    db: &DatabaseConnection,
    storage: &app::services::storage::Storage,
    nightly: &Nightly,
) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(&nightly.dir)?;
    let name = format!(
        "{PREFIX}{}.zip",
        chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f")
    );
    let to = nightly.dir.join(name);
    let manifest = super::backup(db, storage, &to).await?;
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    tracing::info!(
        file = %to.display(),
        rows,
        files = manifest.files.len(),
        "nightly backup made"
    );
    for old in prune(&nightly.dir, nightly.keep) {
        tracing::info!(file = %old.display(), "old backup removed");
    }
    Ok(to)
}

/// Starts the nightly job.
pub async fn start(
    db: DatabaseConnection,
    storage: app::services::storage::Storage,
    nightly: Nightly,
    tz: Option<&str>,
) -> anyhow::Result<JobScheduler> {
    let schedule = Schedule::parse(
        &nightly.cron,
        tz.unwrap_or(crate::reminders::DEFAULT_TZ.name()),
    )
    .map_err(|e| anyhow::anyhow!("CCHC_BACKUP_CRON: {e}"))?;
    let scheduler = JobScheduler::new().await?;
    let dir = nightly.dir.display().to_string();
    let job = Job::new_async_tz(schedule.expr.as_str(), schedule.tz, move |_, _| {
        let (db, storage, nightly) = (db.clone(), storage.clone(), nightly.clone());
        Box::pin(async move {
            if let Err(e) = run(&db, &storage, &nightly).await {
                metrics::counter!("backups_failed_total").increment(1);
                tracing::error!(error = %e, "the nightly backup failed");
            } else {
                metrics::counter!("backups_made_total").increment(1);
            }
        })
    })?;
    scheduler.add(job).await?;
    scheduler.start().await?;
    tracing::info!(schedule = %schedule.describe(), dir, "nightly backup scheduled");
    Ok(scheduler)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_backups_are_kept_and_other_files_are_left() {
        let dir = tempfile::tempdir().expect("dir");
        for day in 1..=5 {
            std::fs::write(
                dir.path().join(format!("{PREFIX}2026120{day}-013000.zip")),
                b"x",
            )
            .expect("write");
        }
        std::fs::write(dir.path().join("notes.txt"), b"keep me").expect("write");
        let removed = prune(dir.path(), 3);
        assert_eq!(removed.len(), 2);
        let left: Vec<String> = backups_in(dir.path())
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect();
        assert_eq!(
            left,
            [
                "cchc-backup-20261203-013000.zip",
                "cchc-backup-20261204-013000.zip",
                "cchc-backup-20261205-013000.zip"
            ]
        );
        assert!(dir.path().join("notes.txt").exists());
    }
}
