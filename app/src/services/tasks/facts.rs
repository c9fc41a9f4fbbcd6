//! The few columns of every task that its follow-up class and the dashboard's counts need
//! (plan, area, lead unit, state, completion day, effective due day), kept in memory and brought
//! up to date write by write.
//!
//! The dashboard's figures are counts by class over every task of the plans in force, as of
//! today and as of each period's cut-off. Counted in SQL, each count scans the tasks again (about
//! 11 ms of a dashboard computed afresh at 10,000 tasks); counted here, from [`TaskFacts`], they
//! take well under a millisecond. The facts are read whole once ([`KeptFacts::TTL`] at most
//! between two whole reads, for changes made behind the application's back), then followed
//! through the audit log: every write of the application is audited in the transaction that
//! makes it, so the entries after the last one seen name what changed. An entry about a task
//! re-reads that task's row; an entry about something that never changes a task's columns (a
//! user, a setting, a report ...) changes nothing; any other entry (a plan imported, a unit
//! merged into another ...) or more than [`FOLLOW_AT_MOST`] of them read every task again.
//! [`classify`] gives the classes, the same rule the SQL of the task lists is generated from; a
//! test checks that both count alike.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement};

use super::query::{counts_as_of, AreaUnitCounts, DoneDay, DueDay, GroupBy, TaskScope};
use crate::domain::task::{classify, Deadline, DeadlineKind, TaskFacts as ClassFacts, TaskState};
use crate::domain::{AreaId, PlanId, UnitId};
use crate::entities::task;
use crate::error::AppError;
use crate::model::plan::ClassCounts;
use crate::services::grouped::grouped;
use crate::services::units::directory::Stamp;
use crate::services::units::scope::UnitNames;

/// What is kept of one task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskFact {
    /// The task's id.
    pub id: i32,
    /// Its plan.
    pub plan: PlanId,
    /// Its reform area.
    pub area: AreaId,
    /// Its lead unit, as recorded on the task.
    pub lead: UnitId,
    /// Open (not started or in progress), completed or cancelled.
    pub state: TaskState,
    /// The completion day.
    pub completed_on: Option<NaiveDate>,
    /// The effective due day (after extensions); `None` for ongoing tasks.
    pub due: Option<NaiveDate>,
    /// The progress reported, in percent.
    pub progress: i32,
}

impl TaskFact {
    /// The task's class as of `as_of`, by the rule every list uses.
    pub fn class(&self, as_of: NaiveDate) -> crate::domain::task::FollowUpClass {
        let facts = ClassFacts {
            deadline: Deadline {
                kind: if self.due.is_some() {
                    DeadlineKind::Date
                } else {
                    DeadlineKind::Ongoing
                },
                due_on: self.due,
            },
            extensions: Vec::new(),
            state: self.state,
            completed_on: self.completed_on,
        };
        classify(&facts, as_of)
    }
}

/// Every task's facts, by id.
#[derive(Clone, Debug, Default)]
pub struct TaskFacts {
    tasks: Vec<TaskFact>,
}

/// The columns read, in the order [`fact_of`] reads them back.
const COLUMNS: [&str; 8] = [
    "id",
    "plan_id",
    "area_id",
    "lead_unit_id",
    "s",
    "completed_on",
    "effective_due_on",
    "progress",
];

/// The state as a small code (0 open, 1 completed, 2 cancelled).
const STATE_CODE: &str =
    "CASE tasks.state WHEN 'completed' THEN 1 WHEN 'cancelled' THEN 2 ELSE 0 END";

fn state_of(code: i64) -> TaskState {
    match code {
        1 => TaskState::Completed,
        2 => TaskState::Cancelled,
        _ => TaskState::InProgress,
    }
}

/// The facts of the tasks `ids` (all when `None`), read as one value.
async fn read(db: &impl ConnectionTrait, ids: Option<&[i32]>) -> Result<Vec<TaskFact>, AppError> {
    let mut select = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::PlanId)
        .column(task::Column::AreaId)
        .column(task::Column::LeadUnitId)
        .column_as(Expr::cust(STATE_CODE), "s")
        .column(task::Column::CompletedOn)
        .column(task::Column::EffectiveDueOn)
        .column(task::Column::Progress);
    if let Some(ids) = ids {
        select = select.filter(Expr::cust(format!(
            "tasks.id IN ({})",
            ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
        )));
    }
    let rows = grouped(db, &select, &COLUMNS).await?;
    let mut out = Vec::new();
    for mut row in rows.rows() {
        out.push(TaskFact {
            id: row.id()?,
            plan: row.id()?,
            area: row.id()?,
            lead: row.id()?,
            state: state_of(row.int()?),
            completed_on: row.date()?,
            due: row.date()?,
            progress: i32::try_from(row.int()?).unwrap_or_default(),
        });
    }
    out.sort_by_key(|t| t.id);
    Ok(out)
}

impl TaskFacts {
    /// Every task's facts, read now.
    pub async fn read_all(db: &impl ConnectionTrait) -> Result<TaskFacts, AppError> {
        Ok(TaskFacts {
            tasks: read(db, None).await?,
        })
    }

    /// Every task.
    pub fn all(&self) -> &[TaskFact] {
        &self.tasks
    }

    /// Puts `fresh`, the facts of the tasks `ids` read again, in place of theirs (a task asked
    /// for and not read is no longer there).
    fn replace(&mut self, ids: &[i32], fresh: Vec<TaskFact>) {
        for id in ids {
            if let Ok(i) = self.tasks.binary_search_by_key(id, |t| t.id) {
                self.tasks.remove(i);
            }
        }
        for fact in fresh {
            match self.tasks.binary_search_by_key(&fact.id, |t| t.id) {
                Ok(i) => self.tasks[i] = fact,
                Err(i) => self.tasks.insert(i, fact),
            }
        }
    }

    /// The lead units of a plan's tasks, each once, in id order.
    pub fn lead_units(&self, plan: PlanId) -> Vec<UnitId> {
        let mut leads: Vec<UnitId> = self
            .tasks
            .iter()
            .filter(|t| t.plan == plan)
            .map(|t| t.lead)
            .collect();
        leads.sort_unstable_by_key(|u| u.0);
        leads.dedup();
        leads
    }

    /// The tasks a scope covers, or `None` when it filters on something kept facts do not
    /// hold (co-operating units, a text, a class ...): such lists are counted in SQL.
    fn covered(
        &self,
        scope: &TaskScope,
        units: &HashMap<UnitId, UnitNames>,
        as_of: NaiveDate,
    ) -> Option<Vec<&TaskFact>> {
        if scope.units.is_some() || scope.q.as_ref().is_some_and(|q| !q.is_empty()) {
            return None;
        }
        // Ids are small serial numbers: a table by id answers "is it one of these" without
        // hashing, once per task.
        let plans = scope
            .plans
            .as_ref()
            .map(|p| Table::of(p.iter().map(|p| p.0)));
        let leads = scope
            .lead_units
            .as_ref()
            .map(|u| Table::of(u.iter().map(|u| u.0)));
        let local = scope.lead_local.map(|local| {
            Table::of(
                units
                    .iter()
                    .filter(|(_, u)| u.kind.is_local() == local)
                    .map(|(id, _)| id.0),
            )
        });
        Some(
            self.tasks
                .iter()
                .filter(|t| {
                    scope.plan_id.is_none_or(|p| p == t.plan)
                        && plans.as_ref().is_none_or(|p| p.holds(t.plan.0))
                        && leads.as_ref().is_none_or(|l| l.holds(t.lead.0))
                        && local.as_ref().is_none_or(|l| l.holds(t.lead.0))
                        && scope.area_id.is_none_or(|a| a == t.area)
                        && !(scope.exclude_cancelled && t.state == TaskState::Cancelled)
                        && scope.class.is_none_or(|c| t.class(as_of) == c)
                })
                .collect(),
        )
    }

    /// Counts by class as of each of `points` (a date, and optionally only some of the scope's
    /// plans), as [`super::query::class_counts_at`] counts them in SQL, by the same sums
    /// ([`counts_as_of`]) over one group per task; `None` for a scope these facts cannot
    /// filter.
    pub fn class_counts_at(
        &self,
        scope: &TaskScope,
        units: &HashMap<UnitId, UnitNames>,
        points: &[(NaiveDate, Option<Vec<PlanId>>)],
    ) -> Option<Vec<ClassCounts>> {
        // A class filter is as of the first point, as in SQL.
        let first = points.first().map_or(NaiveDate::MIN, |(d, _)| *d);
        let covered = self.covered(scope, units, first)?;
        let mut due = Vec::with_capacity(covered.len());
        let mut done = Vec::new();
        for t in covered {
            let cancelled = t.state == TaskState::Cancelled;
            let completed_on = t.completed_on.filter(|_| t.state == TaskState::Completed);
            let on_time = match (completed_on, t.due) {
                (Some(c), Some(d)) => c <= d,
                (Some(_), None) => true,
                (None, _) => false,
            };
            due.push(DueDay {
                plan: t.plan,
                due_on: t.due,
                tasks: 1,
                cancelled: i64::from(cancelled),
                open: i64::from(t.due.is_some() && !cancelled && !on_time),
            });
            if let Some(c) = completed_on {
                done.push(DoneDay {
                    plan: t.plan,
                    completed_on: c,
                    completed: 1,
                    on_time: i64::from(on_time),
                });
            }
        }
        Some(
            points
                .iter()
                .map(|(d, only)| counts_as_of(&due, &done, only.as_deref(), *d))
                .collect(),
        )
    }

    /// Counts by class per reform area and per lead unit as of `as_of`, as
    /// [`super::query::class_counts_by_area_and_unit`] counts them in SQL; `None` for a scope
    /// these facts cannot filter.
    pub fn class_counts_by_area_and_unit(
        &self,
        scope: &TaskScope,
        units: &HashMap<UnitId, UnitNames>,
        as_of: NaiveDate,
    ) -> Option<AreaUnitCounts> {
        let mut by_area: Vec<ClassCounts> = Vec::new();
        let mut by_unit: Vec<ClassCounts> = Vec::new();
        let mut total = ClassCounts::default();
        for t in self.covered(scope, units, as_of)? {
            let class = t.class(as_of);
            at(&mut by_area, t.area.0).add(class, 1);
            at(&mut by_unit, t.lead.0).add(class, 1);
            total.add(class, 1);
        }
        let kept = |v: Vec<ClassCounts>| {
            v.into_iter()
                .enumerate()
                .filter(|(_, c)| *c != ClassCounts::default())
                .filter_map(|(i, c)| Some((i32::try_from(i).ok()?, c)))
                .collect::<Vec<_>>()
        };
        Some(AreaUnitCounts {
            by_area: kept(by_area)
                .into_iter()
                .map(|(i, c)| (AreaId(i), c))
                .collect(),
            by_unit: kept(by_unit)
                .into_iter()
                .map(|(i, c)| (UnitId(i), c))
                .collect(),
            total,
        })
    }
}

impl TaskFacts {
    /// Counts by class and the sum of progress of tasks not cancelled, grouped, as
    /// [`super::query::class_counts_with_progress`] counts them in SQL; `None` for a scope these
    /// facts cannot filter.
    pub fn class_counts_with_progress(
        &self,
        scope: &TaskScope,
        units: &HashMap<UnitId, UnitNames>,
        as_of: NaiveDate,
        group: GroupBy,
    ) -> Option<HashMap<i32, (ClassCounts, i64)>> {
        let mut out: HashMap<i32, (ClassCounts, i64)> = HashMap::new();
        for t in self.covered(scope, units, as_of)? {
            let key = match group {
                GroupBy::None => 0,
                GroupBy::Plan => t.plan.0,
                GroupBy::Area => t.area.0,
                GroupBy::LeadUnit => t.lead.0,
            };
            let class = t.class(as_of);
            let entry = out.entry(key).or_default();
            entry.0.add(class, 1);
            if class != crate::domain::task::FollowUpClass::Cancelled {
                entry.1 += i64::from(t.progress);
            }
        }
        Some(out)
    }
}

/// The counts of id `id` in a table by id, grown as needed (a negative id, which serial ids
/// never are, shares the first slot).
fn at(table: &mut Vec<ClassCounts>, id: i32) -> &mut ClassCounts {
    let i = usize::try_from(id).unwrap_or(0);
    if table.len() <= i {
        table.resize(i + 1, ClassCounts::default());
    }
    &mut table[i]
}

/// A set of small serial ids, as a table by id.
struct Table(Vec<bool>);

impl Table {
    fn of(ids: impl Iterator<Item = i32>) -> Table {
        let mut t = Vec::new();
        for id in ids.filter_map(|i| usize::try_from(i).ok()) {
            if t.len() <= id {
                t.resize(id + 1, false);
            }
            t[id] = true;
        }
        Table(t)
    }

    fn holds(&self, id: i32) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or(false)
    }
}

/// Audited objects whose writes never change a task's kept columns.
const NO_TASK_COLUMNS: [&str; 9] = [
    "user",
    "setting",
    "email_outbox",
    "reminder_rule",
    "report_export",
    "unit_report",
    "indicator",
    "period",
    "year",
];

/// The most audit entries followed one by one; after more, every task is read again.
pub const FOLLOW_AT_MOST: usize = 200;

/// The kept facts (one per server; see the module documentation).
#[derive(Default)]
pub struct KeptFacts {
    kept: tokio::sync::Mutex<Option<Kept>>,
}

struct Kept {
    /// When every task was last read whole.
    read_at: Instant,
    /// The latest audit entry followed.
    seen: Option<i64>,
    facts: Arc<TaskFacts>,
}

/// What the entries after the last one seen ask for.
enum Follow {
    /// Re-read these tasks (none: nothing to do).
    Tasks(Vec<i32>),
    /// Read every task again.
    All,
}

async fn follow(db: &impl ConnectionTrait, after: i64, upto: i64) -> Result<Follow, AppError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT object_type, object_id FROM audit_entries \
                 WHERE id > {after} AND id <= {upto} ORDER BY id LIMIT {}",
                FOLLOW_AT_MOST + 1
            ),
        ))
        .await?;
    if rows.len() > FOLLOW_AT_MOST {
        return Ok(Follow::All);
    }
    let mut ids = Vec::new();
    for row in rows {
        let kind: String = row.try_get_by_index(0)?;
        let id: Option<String> = row.try_get_by_index(1)?;
        if kind == "task" {
            match id.and_then(|i| i.parse::<i32>().ok()) {
                Some(i) => ids.push(i),
                None => return Ok(Follow::All),
            }
        } else if !NO_TASK_COLUMNS.contains(&kind.as_str()) {
            return Ok(Follow::All);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(Follow::Tasks(ids))
}

impl KeptFacts {
    /// How long facts are followed through the audit log before every task is read again (for
    /// writes made behind the application's back, and for a PostgreSQL transaction that
    /// committed its audit entry after a later one was seen).
    pub const TTL: Duration = Duration::from_secs(120);

    /// The facts as of `stamp` (the request's latest audit entry).
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        stamp: Stamp,
    ) -> Result<Arc<TaskFacts>, AppError> {
        let mut kept = self.kept.lock().await;
        if let Some(k) = kept.as_mut().filter(|k| k.read_at.elapsed() < Self::TTL) {
            match (k.seen, stamp.writes) {
                (seen, now) if seen == now => return Ok(k.facts.clone()),
                // A request that read its stamp before the last one followed.
                (Some(seen), Some(now)) if now < seen => return Ok(k.facts.clone()),
                (Some(seen), Some(now)) => match follow(db, seen, now).await? {
                    Follow::Tasks(ids) => {
                        if !ids.is_empty() {
                            let fresh = read(db, Some(&ids)).await?;
                            // In place unless a request still holds these facts.
                            Arc::make_mut(&mut k.facts).replace(&ids, fresh);
                        }
                        k.seen = Some(now);
                        return Ok(k.facts.clone());
                    }
                    Follow::All => {}
                },
                _ => {}
            }
        }
        // Every task, read after the stamp: the facts hold at least what it names.
        let facts = Arc::new(TaskFacts::read_all(db).await?);
        *kept = Some(Kept {
            read_at: Instant::now(),
            seen: stamp.writes,
            facts: facts.clone(),
        });
        Ok(facts)
    }
}
