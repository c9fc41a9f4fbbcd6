//! Login throttling: after repeated failures an account is locked for a while.

use chrono::{DateTime, Duration, Utc};

/// Failures counted per user name within the window before the account is locked.
pub const MAX_FAILURES_PER_USER: usize = 5;
/// Failures counted per client address within the window before it is locked.
pub const MAX_FAILURES_PER_IP: usize = 20;
/// The sliding window in which failures count.
pub const WINDOW_MINUTES: i64 = 15;

/// The window's length.
pub fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

/// Given the times of recent failures (any order) and the limit, returns when the lock ends,
/// or `None` when logging in is allowed at `now`. A failure stamped after `now` counts too: it
/// is a concurrent attempt that started a moment later (or on an instance whose clock runs a
/// little ahead), and leaving it out let one try too many through a burst.
pub fn locked_until(
    failures: &[DateTime<Utc>],
    limit: usize,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut recent: Vec<DateTime<Utc>> = failures
        .iter()
        .copied()
        .filter(|t| *t > now - window())
        .collect();
    if recent.len() < limit {
        return None;
    }
    recent.sort();
    // Unlocks when enough of the failures have left the window to drop below the limit.
    let pivot = recent[recent.len() - limit];
    Some(pivot + window())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .single()
            .expect("valid")
            + Duration::minutes(min)
    }

    #[test]
    fn four_failures_do_not_lock_the_fifth_does() {
        let four: Vec<_> = (0..4).map(at).collect();
        assert_eq!(locked_until(&four, 5, at(5)), None);
        let five: Vec<_> = (0..5).map(at).collect();
        assert_eq!(locked_until(&five, 5, at(5)), Some(at(15)));
    }

    #[test]
    fn a_concurrent_failure_stamped_a_moment_later_counts() {
        let later = at(0) + Duration::milliseconds(3);
        let failures = [at(-2), at(-1), at(-1), at(0), later];
        assert!(locked_until(&failures, 5, at(0)).is_some());
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let old: Vec<_> = (0..5).map(|m| at(m - 30)).collect();
        assert_eq!(locked_until(&old, 5, at(0)), None);
    }

    #[test]
    fn the_lock_lifts_when_the_oldest_counted_failure_leaves_the_window() {
        let five: Vec<_> = [0, 1, 2, 3, 4].into_iter().map(at).collect();
        assert_eq!(locked_until(&five, 5, at(14)), Some(at(15)));
        assert_eq!(locked_until(&five, 5, at(16)), None);
    }
}
