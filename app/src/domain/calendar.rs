//! Vietnam's calendar: UTC+7 all year (no daylight saving). Dates users see and the "today" of
//! follow-up classes, deadlines and reminders all come from here.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam's offset from UTC, in seconds.
const OFFSET_SECONDS: i32 = 7 * 3600;

/// Vietnam's offset from UTC.
pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_SECONDS).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
}

/// The instant `t` as Vietnam's wall-clock time.
pub fn local_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&offset())
}

/// Vietnam's calendar day at `t`.
pub fn local_day(t: DateTime<Utc>) -> NaiveDate {
    local_time(t).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_vietnamese_day_starts_at_17_00_utc() {
        let before = Utc
            .with_ymd_and_hms(2026, 6, 30, 16, 59, 59)
            .single()
            .expect("instant");
        let after = Utc
            .with_ymd_and_hms(2026, 6, 30, 17, 0, 0)
            .single()
            .expect("instant");
        assert_eq!(
            local_day(before),
            NaiveDate::from_ymd_opt(2026, 6, 30).expect("date")
        );
        assert_eq!(
            local_day(after),
            NaiveDate::from_ymd_opt(2026, 7, 1).expect("date")
        );
    }
}
