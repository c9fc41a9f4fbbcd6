//! The clock services are handed: the system's in production, a fixed instant in tests (so a
//! test can say "today is 5 July" and see classes and deadlines as of that day).

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::calendar;

/// Now, and today in Vietnam.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that always reads `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at) }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// Today in Vietnam: the as-of date of follow-up classes and deadlines.
    pub fn today(&self) -> NaiveDate {
        calendar::local_day(self.now())
    }
}
