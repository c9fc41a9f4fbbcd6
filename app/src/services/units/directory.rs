//! Unit names and plan numbers: read by most pages (the header, task lists, the plan page), they
//! are kept between requests while nothing that could change them has been written.
//!
//! An answer is kept under a stamp read in one small query: the latest audit entry (every write
//! of the application is audited in its own transaction), the number of units and the highest
//! plan id (which also catch rows added outside the application, such as the demo and scale
//! loaders). Several server instances on one database each see the same stamp, so a change made
//! through any of them is seen by all at their next request; a change made behind the
//! application's back (an UPDATE by hand) is seen after [`Directory::TTL`] at the latest.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};

use super::scope::{unit_names, UnitNames};
use crate::domain::{PlanId, UnitId};
use crate::error::AppError;

/// What the directory holds.
#[derive(Debug, Default)]
pub struct Names {
    /// Every unit, current and retired, by id.
    pub units: HashMap<UnitId, UnitNames>,
    /// Every plan's number, by id.
    pub plans: HashMap<PlanId, String>,
}

/// The kept names (one per server; see the module documentation).
#[derive(Default)]
pub struct Directory {
    kept: Mutex<Option<Kept>>,
}

struct Kept {
    stamp: Stamp,
    at: Instant,
    names: Arc<Names>,
}

/// Latest audit entry, number of units, highest plan id.
type Stamp = (Option<i64>, Option<i64>, Option<i64>);

impl Directory {
    /// How long an answer is used at most, whatever the stamp says.
    pub const TTL: Duration = Duration::from_secs(10);

    /// The names, from memory when nothing was written since they were read.
    pub async fn names(&self, db: &impl ConnectionTrait) -> Result<Arc<Names>, AppError> {
        let stamp = stamp(db).await?;
        if let Some(names) = self.lookup(&stamp) {
            return Ok(names);
        }
        let names = Arc::new(Names {
            units: unit_names(db).await?,
            plans: crate::services::reporting::plan_numbers(db).await?,
        });
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(Kept {
                stamp,
                at: Instant::now(),
                names: names.clone(),
            });
        }
        Ok(names)
    }

    fn lookup(&self, stamp: &Stamp) -> Option<Arc<Names>> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref()
            .filter(|k| k.stamp == *stamp && k.at.elapsed() < Self::TTL)
            .map(|k| k.names.clone())
    }
}

/// The names for one request, read at most once however many parts of the page ask for them
/// (the header and the page's own data both do). A fresh one is put in each request's context.
#[derive(Clone, Default)]
pub struct RequestNames(Arc<tokio::sync::OnceCell<Arc<Names>>>);

impl RequestNames {
    /// The names, from `directory` on the first call of this request.
    pub async fn get(
        &self,
        directory: &Directory,
        db: &impl ConnectionTrait,
    ) -> Result<Arc<Names>, AppError> {
        self.0
            .get_or_try_init(|| directory.names(db))
            .await
            .cloned()
    }
}

async fn stamp(db: &impl ConnectionTrait) -> Result<Stamp, AppError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT CAST((SELECT MAX(id) FROM audit_entries) AS BIGINT), \
             CAST((SELECT COUNT(*) FROM units) AS BIGINT), \
             CAST((SELECT MAX(id) FROM plans) AS BIGINT)",
        ))
        .await?
        .ok_or(AppError::Internal)?;
    Ok((
        row.try_get_by_index(0)?,
        row.try_get_by_index(1)?,
        row.try_get_by_index(2)?,
    ))
}
