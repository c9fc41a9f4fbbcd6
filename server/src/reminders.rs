//! The scheduler: the daily reminder job, the e-mail outbox job, and the missed run at start-up.
//! The jobs only call plain functions (`reminder::run_due`, `mail::deliver_due`), which are
//! idempotent and tested directly.

use std::sync::Arc;
use std::time::Duration;

use app::services::reminders::ReminderSettings;
use app::services::reminders::{self as reminder, mail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;
use sea_orm::DatabaseConnection;
use tokio_cron_scheduler::{Job, JobScheduler};

/// The default schedule: every day at 07:00 (seconds, minutes, hours, day, month, weekday).
pub const DEFAULT_CRON: &str = "0 0 7 * * *";
/// The default time zone of the schedule.
pub const DEFAULT_TZ: Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// A parsed schedule.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// The expression (six fields, with seconds).
    pub expr: String,
    /// Its time zone.
    pub tz: Tz,
    cron: Option<Cron>,
}

fn parse_cron(expr: &str) -> Result<Cron, String> {
    CronParser::builder()
        .seconds(Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(expr)
        .map_err(|e| e.to_string())
}

impl Schedule {
    /// Parses a cron expression (five fields get "0" seconds in front) and an IANA zone name.
    /// A malformed value is an error naming it; see [`Schedule::from_config`].
    pub fn parse(expr: &str, tz: &str) -> Result<Schedule, String> {
        let expr = expr.split_whitespace().collect::<Vec<_>>().join(" ");
        let expr = if expr.split(' ').count() == 5 {
            format!("0 {expr}")
        } else {
            expr
        };
        let cron = parse_cron(&expr)
            .map_err(|e| format!("{expr:?} is not a valid cron expression: {e}"))?;
        let tz: Tz = tz
            .trim()
            .parse()
            .map_err(|_| format!("{tz:?} is not a known time zone (CCHC_TIMEZONE)"))?;
        Ok(Schedule {
            expr,
            tz,
            cron: Some(cron),
        })
    }

    /// The default: 07:00 every day in Asia/Ho_Chi_Minh.
    pub fn default_daily() -> Schedule {
        Schedule::parse(DEFAULT_CRON, DEFAULT_TZ.name()).unwrap_or_else(|_| {
            // The constant is valid; this branch only keeps the function total.
            Schedule {
                expr: DEFAULT_CRON.into(),
                tz: DEFAULT_TZ,
                cron: None,
            }
        })
    }

    /// The configured schedule, or the default with an error in the log when the configuration
    /// is malformed: the server keeps running.
    pub fn from_config(expr: Option<&str>, tz: Option<&str>) -> Schedule {
        let expr = expr
            .filter(|e| !e.trim().is_empty())
            .unwrap_or(DEFAULT_CRON);
        let tz = tz
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(DEFAULT_TZ.name());
        match Schedule::parse(expr, tz) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(
                    "CCHC_REMINDER_CRON: {e}; using the default schedule {DEFAULT_CRON} {}",
                    DEFAULT_TZ.name()
                );
                Schedule::default_daily()
            }
        }
    }

    /// The latest scheduled time at or before `now`.
    pub fn previous(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .as_ref()?
            .find_previous_occurrence(&now.with_timezone(&self.tz), true)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// How it is shown: "0 0 7 * * * (Asia/Ho_Chi_Minh)".
    pub fn describe(&self) -> String {
        format!("{} ({})", self.expr, self.tz.name())
    }
}

/// Whether a scheduled run was missed: the latest scheduled time before `now` is later than the
/// last finished run (or there was never one).
pub fn missed(
    schedule: &Schedule,
    last_finished: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match (schedule.previous(now), last_finished) {
        (Some(prev), Some(last)) => last < prev,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// One evaluation and the e-mails it queued: what the cron job and `run-reminders` do.
pub async fn run_once(
    db: &DatabaseConnection,
    settings: &ReminderSettings,
    now: DateTime<Utc>,
    trigger: &str,
) -> anyhow::Result<(reminder::RunSummary, mail::DeliverySummary)> {
    reminder::run_and_deliver(db, settings, now, trigger)
        .await
        .map_err(|e| anyhow::anyhow!("reminders: {e}"))
}

/// Runs the missed evaluation, if any, at start-up.
pub async fn catch_up(db: &DatabaseConnection, settings: &ReminderSettings, schedule: &Schedule) {
    let now = Utc::now();
    match reminder::last_finished(db).await {
        Ok(last) if missed(schedule, last, now) => {
            tracing::info!(last = ?last, "a scheduled reminder run was missed: running it now");
            if let Err(e) = run_once(db, settings, now, "startup").await {
                tracing::error!(error = %e, "the missed reminder run failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "could not read the last reminder run"),
    }
}

/// Starts the jobs: reminders on `schedule`, the outbox every `outbox_every`.
pub async fn start(
    db: DatabaseConnection,
    settings: Arc<ReminderSettings>,
    schedule: &Schedule,
    outbox_every: Duration,
) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    let (job_db, job_settings, job_schedule) = (db.clone(), settings.clone(), schedule.clone());
    let job = Job::new_async_tz(schedule.expr.as_str(), schedule.tz, move |_, _| {
        let (db, settings, schedule) = (job_db.clone(), job_settings.clone(), job_schedule.clone());
        Box::pin(async move {
            // How late the job starts after its scheduled time.
            let now = Utc::now();
            if let Some(due) = schedule.previous(now + chrono::Duration::seconds(1)) {
                let lag = (now - due).num_milliseconds().max(0);
                #[allow(clippy::cast_precision_loss)]
                metrics::gauge!("scheduler_lag_seconds").set(lag as f64 / 1000.0);
            }
            if let Err(e) = run_once(&db, &settings, Utc::now(), "schedule").await {
                tracing::error!(error = %e, "the scheduled reminder run failed");
            }
        })
    })?;
    scheduler.add(job).await?;
    if settings.mailer.is_some() {
        let outbox = Job::new_repeated_async(outbox_every, move |_, _| {
            let (db, settings) = (db.clone(), settings.clone());
            Box::pin(async move {
                if let Some(mailer) = &settings.mailer {
                    if let Err(e) = mail::deliver_due(
                        &db,
                        mailer,
                        &settings.instance,
                        &settings.base_url,
                        Utc::now(),
                        200,
                    )
                    .await
                    {
                        tracing::error!(error = %e, "e-mail outbox pass failed");
                    }
                }
            })
        })?;
        scheduler.add(outbox).await?;
    }
    scheduler.start().await?;
    Ok(scheduler)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A UTC time.
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("time")
    }

    #[test]
    fn the_default_schedule_is_seven_in_the_morning_in_vietnam() {
        let s = Schedule::default_daily();
        // 2026-11-23 02:00 UTC is 09:00 in Hà Nội: the previous run was today 07:00 = 00:00 UTC.
        let now = utc(2026, 11, 23, 2, 0, 0);
        assert_eq!(s.previous(now), Some(utc(2026, 11, 23, 0, 0, 0)));
        // At 06:00 local (23:00 UTC the day before) it was yesterday's 07:00.
        let early = utc(2026, 11, 22, 23, 0, 0);
        assert_eq!(s.previous(early), Some(utc(2026, 11, 22, 0, 0, 0)));
    }

    #[test]
    fn a_run_is_missed_only_when_the_last_one_is_older_than_the_schedule() {
        let s = Schedule::default_daily();
        let now = utc(2026, 11, 23, 2, 0, 0);
        let before = Some(utc(2026, 11, 22, 0, 0, 5));
        let after = Some(utc(2026, 11, 23, 0, 0, 5));
        assert!(missed(&s, None, now));
        assert!(missed(&s, before, now));
        assert!(!missed(&s, after, now));
    }

    #[test]
    fn malformed_schedules_are_refused_with_their_value_and_fall_back() {
        let e = Schedule::parse("every morning", "Asia/Ho_Chi_Minh").expect_err("bad cron");
        assert!(e.contains("every morning"), "{e}");
        let e = Schedule::parse("0 7 * * *", "Mars/Olympus").expect_err("bad zone");
        assert!(e.contains("Mars/Olympus"), "{e}");
        assert_eq!(
            Schedule::parse("0 7 * * *", "UTC").map(|s| s.expr),
            Ok("0 0 7 * * *".into())
        );
        let fallback = Schedule::from_config(Some("61 * * * * *"), None);
        assert_eq!(fallback.describe(), "0 0 7 * * * (Asia/Ho_Chi_Minh)");
    }
}
