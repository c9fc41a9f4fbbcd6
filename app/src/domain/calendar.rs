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

/// The instant Vietnam's day `d` begins (17:00 UTC the day before).
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight.and_utc() - chrono::Duration::seconds(i64::from(OFFSET_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_day_starts_at_17_00_utc_the_day_before() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let start = day_start(d);
        assert_eq!(start, Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap());
        assert_eq!(local_day(start), d);
        assert_eq!(
            local_day(start - chrono::Duration::seconds(1)),
            d.pred_opt().expect("day")
        );
    }

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
