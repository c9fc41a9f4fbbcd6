//! Unit names, plan numbers and the list of plans: read by most pages (the header, task lists,
//! their filter by source document, the plan page), they are kept between requests while nothing
//! that could change them has been written.
//!
//! Each request reads a [`Stamp`] in one small statement (the session lookup reads it along
//! with the session): the latest audit entry (every write of the application is audited in its
//! own transaction), which other caches key their answers on; and for the names, the latest
//! audit entry about a unit or a plan, the number of units and the highest plan id (which also
//! catch rows added outside the application, such as the demo and scale loaders). A progress
//! update does not make the names be read again; renaming a unit does. Several server instances
//! on one database each see the same stamp, so a change made through any of them is seen by all
//! at their next request; a change made behind the application's back (an UPDATE by hand) is
//! seen after [`Directory::TTL`] at the latest.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, QueryResult, Statement};

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
    /// Every plan, directive and notice, newest issued first (then highest id).
    pub docs: Vec<PlanDoc>,
    /// The province's settings (its name heads every page).
    pub province: crate::model::settings::Province,
}

/// A plan, directive or conclusion notice as lists and filters name it.
#[derive(Clone, Debug)]
pub struct PlanDoc {
    /// Its id.
    pub id: PlanId,
    /// Plan, directive, notice ...
    pub kind: crate::domain::task::PlanKind,
    /// Its number ("15/KH-UBND").
    pub number: String,
    /// Its title.
    pub title: String,
    /// In force, or not.
    pub status: crate::domain::task::PlanStatus,
}

/// Every plan, newest issued first (then highest id), and their numbers by id.
async fn plan_docs(
    db: &impl ConnectionTrait,
) -> Result<(Vec<PlanDoc>, HashMap<PlanId, String>), AppError> {
    use crate::entities::plan;
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let docs: Vec<PlanDoc> = plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Kind)
        .column(plan::Column::Number)
        .column(plan::Column::Title)
        .column(plan::Column::Status)
        .order_by_desc(plan::Column::IssuedOn)
        .order_by_desc(plan::Column::Id)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, kind, number, title, status)| PlanDoc {
            id,
            kind,
            number,
            title,
            status,
        })
        .collect();
    let numbers = docs.iter().map(|d| (d.id, d.number.clone())).collect();
    Ok((docs, numbers))
}

/// What has been written, as of one request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The latest audit entry: any write changes it.
    pub writes: Option<i64>,
    /// The latest audit entry about a unit or a plan, the number of units, the highest plan id:
    /// what the names depend on.
    names: (Option<i64>, Option<i64>, Option<i64>),
}

/// The stamp's values as SQL expressions, for a statement that reads them along with other
/// things (the session lookup does); [`Stamp::read`] reads them back.
pub const STAMP_COLUMNS: [&str; 4] = [
    "CAST((SELECT MAX(id) FROM audit_entries) AS BIGINT)",
    "CAST((SELECT MAX(id) FROM audit_entries WHERE object_type IN ('unit', 'plan', 'setting')) AS BIGINT)",
    "CAST((SELECT COUNT(*) FROM units) AS BIGINT)",
    "CAST((SELECT MAX(id) FROM plans) AS BIGINT)",
];

impl Stamp {
    /// The stamp from a row holding [`STAMP_COLUMNS`] as `{prefix}0` ... `{prefix}3`.
    pub fn read(row: &QueryResult, prefix: &str) -> Result<Stamp, AppError> {
        let get = |i: usize| row.try_get::<Option<i64>>("", &format!("{prefix}{i}"));
        Ok(Stamp {
            writes: get(0)?,
            names: (get(1)?, get(2)?, get(3)?),
        })
    }

    /// A stamp after `writes` audited writes (tests of what keys on it).
    #[cfg(test)]
    pub(crate) fn after_writes(writes: i64) -> Stamp {
        Stamp {
            writes: Some(writes),
            ..Stamp::default()
        }
    }

    /// Reads the stamp now.
    pub async fn now(db: &impl ConnectionTrait) -> Result<Stamp, AppError> {
        let columns: Vec<String> = STAMP_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} AS s{i}"))
            .collect();
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT {}", columns.join(", ")),
            ))
            .await?
            .ok_or(AppError::Internal)?;
        Stamp::read(&row, "s")
    }
}

/// The kept names (one per server; see the module documentation).
#[derive(Default)]
pub struct Directory {
    kept: Mutex<Option<Kept>>,
}

struct Kept {
    at: Instant,
    under: (Option<i64>, Option<i64>, Option<i64>),
    names: Arc<Names>,
}

impl Directory {
    /// How long an answer is used at most, whatever the stamp says.
    pub const TTL: Duration = Duration::from_secs(10);

    /// The names, from memory when nothing that changes them was written since they were read.
    pub async fn names(&self, db: &impl ConnectionTrait) -> Result<Arc<Names>, AppError> {
        self.names_at(db, Stamp::now(db).await?).await
    }

    /// The names under a stamp read just now.
    pub async fn names_at(
        &self,
        db: &impl ConnectionTrait,
        stamp: Stamp,
    ) -> Result<Arc<Names>, AppError> {
        if let Some(names) = self.lookup(&stamp) {
            return Ok(names);
        }
        let (units, (docs, plans), province) = tokio::try_join!(
            unit_names(db),
            plan_docs(db),
            crate::services::settings::province(db)
        )?;
        let names = Arc::new(Names {
            units,
            plans,
            docs,
            province,
        });
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(Kept {
                at: Instant::now(),
                under: stamp.names,
                names: names.clone(),
            });
        }
        Ok(names)
    }

    fn lookup(&self, stamp: &Stamp) -> Option<Arc<Names>> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref()
            .filter(|k| k.under == stamp.names && k.at.elapsed() < Self::TTL)
            .map(|k| k.names.clone())
    }
}

/// The stamp and names of one request, each read at most once however many parts of the page
/// ask for them (the header and the page's own data both do). The request middleware puts one
/// in each request, with the stamp when the session lookup read it.
#[derive(Clone, Default)]
pub struct RequestNames {
    names: Arc<tokio::sync::OnceCell<Arc<Names>>>,
    stamp: Arc<tokio::sync::OnceCell<Stamp>>,
}

impl RequestNames {
    /// For a request whose stamp was read with its session.
    pub fn with_stamp(stamp: Stamp) -> RequestNames {
        RequestNames {
            names: Arc::default(),
            stamp: Arc::new(tokio::sync::OnceCell::new_with(Some(stamp))),
        }
    }

    /// This request's stamp.
    pub async fn stamp(&self, db: &impl ConnectionTrait) -> Result<Stamp, AppError> {
        self.stamp.get_or_try_init(|| Stamp::now(db)).await.copied()
    }

    /// The names, from `directory` on the first call of this request.
    pub async fn get(
        &self,
        directory: &Directory,
        db: &impl ConnectionTrait,
    ) -> Result<Arc<Names>, AppError> {
        self.names
            .get_or_try_init(|| async { directory.names_at(db, self.stamp(db).await?).await })
            .await
            .cloned()
    }
}
