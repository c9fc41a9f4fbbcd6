//! Answers kept until the next write: a page's data computed once and handed to everyone who
//! asks for the same view while nothing has been written since.
//!
//! An entry is keyed by the request's [`Stamp`] (the latest audit entry: every write of the
//! application is audited in its own transaction, so any write makes a new key), Vietnam's day
//! (classes and deadlines are counted as of it) and what the view depends on (the viewer's unit,
//! the filters ...). It is also dropped after a time-to-live, for changes made behind the
//! application's back. Several instances on one database each keep their own entries and see
//! the same stamp, so a write through any of them is seen by all at their next request.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::error::AppError;
use crate::services::units::directory::Stamp;

/// Answers of one kind, kept by key (see the module documentation).
pub struct Kept<T> {
    entries: Mutex<HashMap<String, (Instant, T)>>,
    ttl: Duration,
    max: usize,
}

/// The longest key kept. A view is named by its filters; one with a search text longer than
/// anyone types is computed but not kept, so that a client posting megabyte-long filters
/// cannot fill the server's memory with keys.
const MAX_KEY: usize = 512;

impl<T: Clone> Kept<T> {
    /// Keeps at most `max` answers, each for at most `ttl`.
    pub fn new(ttl: Duration, max: usize) -> Kept<T> {
        Kept {
            entries: Mutex::new(HashMap::new()),
            ttl,
            max: max.max(1),
        }
    }

    /// The key of a view `what` under `stamp` as of `today`.
    pub fn key(stamp: Stamp, today: NaiveDate, what: &str) -> String {
        format!("{}|{today}|{what}", stamp.writes.unwrap_or(0))
    }

    /// The answer kept under `key`, or the one `compute` gives (kept when it succeeds; an
    /// error is not kept).
    pub async fn get_or(
        &self,
        key: String,
        compute: impl Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        if key.len() > MAX_KEY {
            return compute.await;
        }
        if let Some(hit) = self.lookup(&key) {
            return Ok(hit);
        }
        let value = compute.await?;
        self.keep(key, &value);
        Ok(value)
    }

    fn lookup(&self, key: &str) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    fn keep(&self, key: String, value: &T) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let ttl = self.ttl;
        entries.retain(|_, (at, _)| at.elapsed() < ttl);
        while entries.len() >= self.max {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
        entries.insert(key, (Instant::now(), value.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(writes: i64) -> Stamp {
        Stamp::after_writes(writes)
    }

    #[tokio::test]
    async fn an_answer_is_kept_until_a_write_or_another_day() {
        let kept: Kept<u32> = Kept::new(Duration::from_secs(60), 8);
        let day = NaiveDate::from_ymd_opt(2026, 3, 31).expect("date");
        let key = |w, d| Kept::<u32>::key(stamp(w), d, "unit:8");
        assert_eq!(kept.get_or(key(1, day), async { Ok(1) }).await, Ok(1));
        // Nothing written: the kept answer, not a new one.
        assert_eq!(kept.get_or(key(1, day), async { Ok(2) }).await, Ok(1));
        // A write, or the next day, computes again.
        assert_eq!(kept.get_or(key(2, day), async { Ok(3) }).await, Ok(3));
        let next = day.succ_opt().expect("next day");
        assert_eq!(kept.get_or(key(2, next), async { Ok(4) }).await, Ok(4));
        // An error is not kept.
        assert!(kept
            .get_or(key(3, day), async { Err(AppError::Internal) })
            .await
            .is_err());
        assert_eq!(kept.get_or(key(3, day), async { Ok(5) }).await, Ok(5));
    }

    #[tokio::test]
    async fn a_view_with_an_overlong_key_is_computed_but_not_kept() {
        let kept: Kept<u32> = Kept::new(Duration::from_secs(60), 8);
        let long = "q".repeat(MAX_KEY + 1);
        assert_eq!(kept.get_or(long.clone(), async { Ok(1) }).await, Ok(1));
        assert_eq!(kept.get_or(long.clone(), async { Ok(2) }).await, Ok(2));
        assert_eq!(kept.lookup(&long), None);
        assert!(kept.entries.lock().expect("lock").is_empty());
    }

    #[tokio::test]
    async fn the_oldest_go_first_and_old_ones_expire() {
        let kept: Kept<u32> = Kept::new(Duration::from_secs(60), 2);
        for (k, v) in [("a", 1), ("b", 2), ("c", 3)] {
            kept.get_or(k.into(), async move { Ok(v) })
                .await
                .expect("ok");
        }
        assert_eq!(kept.lookup("a"), None);
        assert_eq!(kept.lookup("c"), Some(3));
        let brief: Kept<u32> = Kept::new(Duration::ZERO, 2);
        brief.get_or("a".into(), async { Ok(1) }).await.expect("ok");
        assert_eq!(brief.lookup("a"), None);
    }
}
