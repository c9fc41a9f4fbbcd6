//! Task lists in SQL: filters, follow-up classes computed by the database as of a date (SQL
//! generated from [`crate::domain::task::CLASS_RULE`], the rule `classify` evaluates), counts,
//! pages. No query per row.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};

use crate::domain::task::{classify, Deadline, Fact, FollowUpClass, TaskFacts, CLASS_RULE};
use crate::domain::{AreaId, PlanId, TaskId, UnitId};
use crate::entities::task;
use crate::error::AppError;
use crate::model::plan::{ClassCounts, TaskRow};
use crate::services::grouped::grouped;
use crate::services::units::scope::UnitNames;

/// Which tasks a list covers.
#[derive(Clone, Debug, Default)]
pub struct TaskScope {
    /// One plan, or all.
    pub plan_id: Option<PlanId>,
    /// Several plans (e.g. those in force); `None` for no such filter.
    pub plans: Option<Vec<PlanId>>,
    /// Tasks led by one of these units; `None` for no such filter.
    pub lead_units: Option<Vec<UnitId>>,
    /// Tasks whose lead unit is local (`Some(true)`: communes, wards ...) or provincial
    /// (`Some(false)`: departments, agencies ...).
    pub lead_local: Option<bool>,
    /// Tasks where one of these units leads or co-operates; `None` for all units.
    pub units: Option<Vec<UnitId>>,
    /// One reform area.
    pub area_id: Option<AreaId>,
    /// One follow-up class.
    pub class: Option<FollowUpClass>,
    /// Text search (lower-cased) in the text and item number.
    pub q: Option<String>,
    /// Leave cancelled tasks out (the lists behind totals, which do not count them).
    pub exclude_cancelled: bool,
}

/// A [`Fact`] of the class rule as an SQL condition on the `tasks` row, true or false (never
/// NULL: every comparison is guarded). Only a formatted date is interpolated.
fn fact_sql(fact: Fact, as_of: NaiveDate) -> String {
    let d = as_of.format("%Y-%m-%d");
    match fact {
        Fact::Cancelled => "tasks.state = 'cancelled'".into(),
        Fact::CompletedBy => format!(
            "(tasks.state = 'completed' AND tasks.completed_on IS NOT NULL \
             AND tasks.completed_on <= '{d}')"
        ),
        Fact::CompletedAfterDue => "(tasks.completed_on IS NOT NULL \
             AND tasks.effective_due_on IS NOT NULL \
             AND tasks.completed_on > tasks.effective_due_on)"
            .into(),
        Fact::PastDue => {
            format!("(tasks.effective_due_on IS NOT NULL AND tasks.effective_due_on < '{d}')")
        }
    }
}

/// All of `facts` as one SQL condition.
fn all_sql(facts: &[Fact], as_of: NaiveDate) -> String {
    if facts.is_empty() {
        return "1 = 1".into();
    }
    let parts: Vec<String> = facts.iter().map(|f| fact_sql(*f, as_of)).collect();
    format!("({})", parts.join(" AND "))
}

/// The class rule as an SQL `CASE`, each class written as `value(class)`.
fn case_sql(as_of: NaiveDate, value: impl Fn(FollowUpClass) -> String) -> String {
    let mut sql = String::from("(CASE");
    for (when, class) in CLASS_RULE {
        if when.is_empty() {
            sql.push_str(&format!(" ELSE {} END)", value(class)));
            return sql;
        }
        sql.push_str(&format!(
            " WHEN {} THEN {}",
            all_sql(when, as_of),
            value(class)
        ));
    }
    sql.push_str(" END)");
    sql
}

/// Overdue first, then in progress, then completed late and on time, cancelled last.
pub fn urgency_sql(as_of: NaiveDate) -> String {
    case_sql(as_of, |c| urgency(c).to_string())
}

/// The rank of a class in "most urgent first" lists.
fn urgency(class: FollowUpClass) -> u8 {
    match class {
        FollowUpClass::Overdue => 0,
        FollowUpClass::InProgress => 1,
        FollowUpClass::CompletedLate => 2,
        FollowUpClass::CompletedOnTime => 3,
        FollowUpClass::Cancelled => 4,
    }
}

/// The class as of `as_of` as a small integer, its position in [`FollowUpClass::ALL`] (0 on
/// time, 1 late, 2 in progress, 3 overdue, 4 cancelled): cheaper to group on where tasks are
/// counted.
pub fn class_code_sql(as_of: NaiveDate) -> String {
    case_sql(as_of, |c| code_of(c).to_string())
}

/// The position of `class` in [`FollowUpClass::ALL`].
fn code_of(class: FollowUpClass) -> usize {
    FollowUpClass::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or_default()
}

/// The condition "the rule gives `class`" as a plain condition on the columns (no `CASE`): no
/// earlier row of [`CLASS_RULE`] holds and its own does. For overdue tasks it ends in a range
/// on the due day, which an index in due-date order serves.
pub fn class_condition_sql(class: FollowUpClass, as_of: NaiveDate) -> String {
    let mut parts = Vec::new();
    for (when, c) in CLASS_RULE {
        if c == class {
            parts.push(all_sql(when, as_of));
            break;
        }
        parts.push(format!("NOT {}", all_sql(when, as_of)));
    }
    format!("({})", parts.join(" AND "))
}

/// The class of a [`class_code_sql`] code.
pub fn class_of_code(code: i32) -> FollowUpClass {
    usize::try_from(code)
        .ok()
        .and_then(|i| FollowUpClass::ALL.get(i).copied())
        .unwrap_or(FollowUpClass::InProgress)
}

fn id_list<Id: std::fmt::Display>(ids: &[Id]) -> String {
    if ids.is_empty() {
        // No unit: match nothing.
        return "NULL".into();
    }
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(",")
}

/// The filtered select of tasks.
pub fn filtered(scope: &TaskScope, as_of: NaiveDate) -> Select<task::Entity> {
    let mut s = task::Entity::find();
    if let Some(p) = scope.plan_id {
        s = s.filter(task::Column::PlanId.eq(p));
    }
    if let Some(plans) = &scope.plans {
        s = s.filter(Expr::cust(format!("tasks.plan_id IN ({})", id_list(plans))));
    }
    if let Some(leads) = &scope.lead_units {
        s = s.filter(Expr::cust(format!(
            "tasks.lead_unit_id IN ({})",
            id_list(leads)
        )));
    }
    if let Some(local) = scope.lead_local {
        let kinds = crate::domain::UnitKind::ALL
            .into_iter()
            .filter(|k| k.is_local() == local)
            .map(|k| format!("'{}'", k.as_str()))
            .collect::<Vec<_>>()
            .join(",");
        s = s.filter(Expr::cust(format!(
            "tasks.lead_unit_id IN (SELECT units.id FROM units WHERE units.kind IN ({kinds}))"
        )));
    }
    if let Some(units) = &scope.units {
        let ids = id_list(units);
        // One indexed subquery (lead units, then co-operating links) instead of an OR that
        // would scan every task.
        s = s.filter(Expr::cust(format!(
            "tasks.id IN (SELECT t2.id FROM tasks t2 WHERE t2.lead_unit_id IN ({ids}) \
             UNION SELECT task_units.task_id FROM task_units WHERE task_units.unit_id IN ({ids}))"
        )));
    }
    if let Some(a) = scope.area_id {
        s = s.filter(task::Column::AreaId.eq(a));
    }
    if scope.exclude_cancelled {
        s = s.filter(Expr::cust(format!(
            "NOT {}",
            fact_sql(Fact::Cancelled, as_of)
        )));
    }
    if let Some(class) = scope.class {
        // The rule as a plain condition on the columns: an index in due-date order can then
        // find the longest overdue tasks without computing every task's class.
        s = s.filter(Expr::cust(class_condition_sql(class, as_of)));
    }
    if let Some(q) = scope.q.as_ref().filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.replace(['%', '_'], ""));
        s = s.filter(
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col((
                task::Entity,
                task::Column::Title,
            ))))
            .like(pattern.clone())
            .or(task::Column::ItemNo.like(pattern)),
        );
    }
    s
}

/// How counts are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// One total.
    None,
    /// Per plan.
    Plan,
    /// Per reform area.
    Area,
    /// Per lead unit.
    LeadUnit,
}

/// Counts by class (and sums of progress), grouped; the key is 0 for [`GroupBy::None`].
pub async fn class_counts(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    as_of: NaiveDate,
    group: GroupBy,
) -> Result<HashMap<i32, ClassCounts>, AppError> {
    Ok(class_counts_with_progress(db, scope, as_of, group)
        .await?
        .into_iter()
        .map(|(k, (c, _))| (k, c))
        .collect())
}

/// Counts by class and the sum of progress of non-cancelled tasks, grouped.
pub async fn class_counts_with_progress(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    as_of: NaiveDate,
    group: GroupBy,
) -> Result<HashMap<i32, (ClassCounts, i64)>, AppError> {
    let class = class_code_sql(as_of);
    let key = match group {
        GroupBy::None => "0",
        GroupBy::Plan => "tasks.plan_id",
        GroupBy::Area => "tasks.area_id",
        GroupBy::LeadUnit => "tasks.lead_unit_id",
    };
    let mut select = filtered(scope, as_of)
        .select_only()
        .column_as(Expr::cust(key), "k")
        .column_as(Expr::cust(class.clone()), "c")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(Expr::cust("COALESCE(SUM(tasks.progress), 0)"), "p");
    if group != GroupBy::None {
        // (A constant would be read as a column position.)
        select = select.group_by(Expr::cust(key));
    }
    let rows = select
        .group_by(Expr::cust(class))
        .into_tuple::<(i32, i32, i64, i64)>()
        .all(db)
        .await?;
    let mut out: HashMap<i32, (ClassCounts, i64)> = HashMap::new();
    for (k, c, n, p) in rows {
        let class = class_of_code(c);
        let entry = out.entry(k).or_default();
        entry.0.add(class, u64::try_from(n).unwrap_or(0));
        if class != FollowUpClass::Cancelled {
            entry.1 += p;
        }
    }
    Ok(out)
}

/// Counts by class per (reform area, lead unit), in one pass: the figures by area and by unit
/// (and their total) are sums of these. Area, lead unit and class code are grouped as one
/// integer key, so SQLite sorts the tasks on one number instead of three columns (a quarter less
/// time at 10,000 tasks). The groups (thousands at a province's scale) come back as one value
/// ([`grouped`]).
pub async fn class_counts_by_area_and_unit(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    as_of: NaiveDate,
) -> Result<AreaUnitCounts, AppError> {
    let key = format!(
        "((CAST(tasks.area_id AS BIGINT) * {UNIT_SPAN} + tasks.lead_unit_id) * {CLASS_SPAN} + {})",
        class_code_sql(as_of)
    );
    let select = filtered(scope, as_of)
        .select_only()
        .column_as(Expr::cust(key.clone()), "k")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(Expr::cust(key));
    let groups = grouped(db, &select, &["k", "n"]).await?;
    let mut out = AreaUnitCounts::default();
    for mut row in groups.rows() {
        let (a, u, class) = area_unit_class(row.int()?);
        let n = u64::try_from(row.int()?).unwrap_or(0);
        out.by_area.entry(a).or_default().add(class, n);
        out.by_unit.entry(u).or_default().add(class, n);
        out.total.add(class, n);
    }
    Ok(out)
}

/// Unit ids are below this (ids are serial; a province has a few hundred units).
const UNIT_SPAN: i64 = 1 << 24;
/// Class codes are below this.
const CLASS_SPAN: i64 = 8;

/// The area, lead unit and class of a grouping key.
fn area_unit_class(key: i64) -> (AreaId, UnitId, FollowUpClass) {
    let code = key.rem_euclid(CLASS_SPAN);
    let rest = key.div_euclid(CLASS_SPAN);
    let area = rest.div_euclid(UNIT_SPAN);
    let unit = rest.rem_euclid(UNIT_SPAN);
    (
        AreaId(i32::try_from(area).unwrap_or_default()),
        UnitId(i32::try_from(unit).unwrap_or_default()),
        class_of_code(i32::try_from(code).unwrap_or_default()),
    )
}

/// Counts by class per reform area and per lead unit, and in total.
#[derive(Clone, Debug, Default)]
pub struct AreaUnitCounts {
    /// Per area id.
    pub by_area: HashMap<AreaId, ClassCounts>,
    /// Per lead unit id (as recorded on the task; see `per_reporting_unit`).
    pub by_unit: HashMap<UnitId, ClassCounts>,
    /// All of them.
    pub total: ClassCounts,
}

/// Counts by class as of each of `points` (a date, and optionally only some of the scope's
/// plans), from two grouped counts that every point shares:
///
/// - per plan and due date: the tasks, the cancelled ones, and the "open" ones (not cancelled,
///   with a due date, not completed on time);
/// - per plan and completion date: the completed tasks, and how many of them on time.
///
/// Each is read in the order of an index (no sort) and has a row per plan and day, however
/// many tasks there are (read back as one value, [`grouped`]). A point's counts are then sums
/// over the days up to it ([`counts_as_of`]); [`classify`] gives the same classes task by task
/// (a test checks it).
pub async fn class_counts_at(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    points: &[(NaiveDate, Option<Vec<PlanId>>)],
) -> Result<Vec<ClassCounts>, AppError> {
    let Some((first, _)) = points.first() else {
        return Ok(Vec::new());
    };
    let flag = |cond: &str| format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)");
    let due = filtered(scope, *first)
        .select_only()
        .column(task::Column::PlanId)
        .column(task::Column::EffectiveDueOn)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(Expr::cust(flag("tasks.state = 'cancelled'")), "cancelled")
        .column_as(
            Expr::cust(flag(
                "tasks.effective_due_on IS NOT NULL AND tasks.state <> 'cancelled' \
                 AND NOT (tasks.state = 'completed' AND tasks.completed_on IS NOT NULL \
                 AND tasks.completed_on <= tasks.effective_due_on)",
            )),
            "open",
        )
        .group_by(task::Column::PlanId)
        .group_by(task::Column::EffectiveDueOn);
    let done = filtered(scope, *first)
        .select_only()
        .column(task::Column::PlanId)
        .column(task::Column::CompletedOn)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(
            Expr::cust(flag(
                "tasks.effective_due_on IS NULL OR tasks.completed_on <= tasks.effective_due_on",
            )),
            "on_time",
        )
        .filter(Expr::cust(
            "tasks.state = 'completed' AND tasks.completed_on IS NOT NULL",
        ))
        .group_by(task::Column::PlanId)
        .group_by(task::Column::CompletedOn);
    let (due_groups, done_groups) = tokio::try_join!(
        grouped(
            db,
            &due,
            &["plan_id", "effective_due_on", "n", "cancelled", "open"]
        ),
        grouped(db, &done, &["plan_id", "completed_on", "n", "on_time"]),
    )?;
    let mut due = Vec::new();
    for mut row in due_groups.rows() {
        due.push(DueDay {
            plan: row.id()?,
            due_on: row.date()?,
            tasks: row.int()?,
            cancelled: row.int()?,
            open: row.int()?,
        });
    }
    let mut done = Vec::new();
    for mut row in done_groups.rows() {
        let plan = row.id()?;
        let Some(completed_on) = row.date()? else {
            continue;
        };
        done.push(DoneDay {
            plan,
            completed_on,
            completed: row.int()?,
            on_time: row.int()?,
        });
    }
    Ok(points
        .iter()
        .map(|(d, only)| counts_as_of(&due, &done, only.as_deref(), *d))
        .collect())
}

/// Tasks of a plan due on one day (or without a due date).
#[derive(Clone, Copy, Debug)]
pub struct DueDay {
    /// The plan.
    pub plan: PlanId,
    /// The effective due date; `None` for ongoing tasks.
    pub due_on: Option<NaiveDate>,
    /// Tasks.
    pub tasks: i64,
    /// Of which cancelled.
    pub cancelled: i64,
    /// Of which not cancelled, with a due date, and not completed on time.
    pub open: i64,
}

/// Tasks of a plan completed on one day.
#[derive(Clone, Copy, Debug)]
pub struct DoneDay {
    /// The plan.
    pub plan: PlanId,
    /// The completion date.
    pub completed_on: NaiveDate,
    /// Tasks completed that day.
    pub completed: i64,
    /// Of which by their due date (or without one).
    pub on_time: i64,
}

/// The counts by class as of `as_of` over the plans `only` (all when `None`), from the tasks
/// per due day and per completion day. As of a date, a task (not cancelled) is
///
/// - completed on time or late when completed by then: the completion days up to it;
/// - overdue when due before then and not completed by then. Among the open tasks due before
///   then (those not completed on time), the ones completed late by then are not overdue:
///   overdue = open tasks due before then - late completions up to then (a late completion
///   comes after its due day, so its task is among those due before then);
/// - in progress otherwise.
pub fn counts_as_of(
    due: &[DueDay],
    done: &[DoneDay],
    only: Option<&[PlanId]>,
    as_of: NaiveDate,
) -> ClassCounts {
    let counted = |plan: PlanId| only.is_none_or(|o| o.contains(&plan));
    let mut tasks = 0;
    let mut cancelled = 0;
    let mut open_due = 0;
    for g in due.iter().filter(|g| counted(g.plan)) {
        tasks += g.tasks;
        cancelled += g.cancelled;
        if g.due_on.is_some_and(|d| d < as_of) {
            open_due += g.open;
        }
    }
    let (mut on_time, mut late) = (0, 0);
    for g in done
        .iter()
        .filter(|g| counted(g.plan) && g.completed_on <= as_of)
    {
        on_time += g.on_time;
        late += g.completed - g.on_time;
    }
    let overdue = open_due - late;
    let in_progress = tasks - cancelled - on_time - late - overdue;
    let n = |x: i64| u64::try_from(x).unwrap_or(0);
    let mut out = ClassCounts::default();
    out.add(FollowUpClass::CompletedOnTime, n(on_time));
    out.add(FollowUpClass::CompletedLate, n(late));
    out.add(FollowUpClass::Overdue, n(overdue));
    out.add(FollowUpClass::InProgress, n(in_progress));
    out.add(FollowUpClass::Cancelled, n(cancelled));
    out
}

/// Number of tasks matching.
pub async fn count(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    as_of: NaiveDate,
) -> Result<u64, AppError> {
    Ok(filtered(scope, as_of).count(db).await?)
}

/// The order of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOrder {
    /// As printed in the plan: by area, then position.
    Plan,
    /// Most urgent first.
    Urgency,
}

/// The printed order of areas as a CASE over the (few) area ids: cheaper than a lookup per row.
fn area_order_sql(area_positions: &[(AreaId, i32)]) -> String {
    if area_positions.is_empty() {
        return "tasks.area_id".into();
    }
    let arms: String = area_positions
        .iter()
        .map(|(id, pos)| format!(" WHEN {id} THEN {pos}"))
        .collect();
    format!("(CASE tasks.area_id{arms} ELSE 1000 END)")
}

/// One page of task rows.
#[expect(
    clippy::too_many_arguments,
    reason = "the list's scope, order, page and name maps"
)]
pub async fn rows(
    db: &impl ConnectionTrait,
    scope: &TaskScope,
    as_of: NaiveDate,
    order: ListOrder,
    offset: u64,
    limit: u64,
    units: &HashMap<UnitId, UnitNames>,
    plan_numbers: &HashMap<PlanId, String>,
    area_positions: &[(AreaId, i32)],
) -> Result<Vec<TaskRow>, AppError> {
    let ordered = |s: Select<task::Entity>| match order {
        // Only overdue tasks: most urgent is longest overdue (the date order of an index).
        ListOrder::Urgency if scope.class == Some(FollowUpClass::Overdue) => s
            .order_by_asc(task::Column::EffectiveDueOn)
            .order_by_asc(task::Column::Id),
        ListOrder::Plan => s
            .order_by(Expr::cust(area_order_sql(area_positions)), Order::Asc)
            .order_by_asc(task::Column::Position)
            .order_by_asc(task::Column::Id),
        ListOrder::Urgency => s
            .order_by(Expr::cust(urgency_sql(as_of)), Order::Asc)
            .order_by(
                Expr::cust("(CASE WHEN tasks.effective_due_on IS NULL THEN 1 ELSE 0 END)"),
                Order::Asc,
            )
            .order_by_asc(task::Column::EffectiveDueOn)
            .order_by_asc(task::Column::Id),
    };
    // The page's ids first, sorted on the few columns the order needs; then those rows whole.
    // Sorted whole, every matching row (a plan's 2,000 tasks, with their texts and co-operating
    // units) was read and carried through the sort for the 100 shown.
    let page_ids = ordered(filtered(scope, as_of))
        .select_only()
        .column(task::Column::Id)
        .offset(offset)
        .limit(limit)
        .into_query();
    let s = ordered(task::Entity::find().filter(task::Column::Id.in_subquery(page_ids)));
    // The co-operating units come in the same statement, as a list of ids per row.
    let backend = db.get_database_backend();
    let co_units = format!(
        "(SELECT {} FROM task_units tu WHERE tu.task_id = tasks.id)",
        crate::services::grouped::join_sql(
            backend,
            "CAST(tu.unit_id AS TEXT)",
            ',',
            Some("tu.unit_id")
        )
    );
    let statement = s.expr_as(Expr::cust(co_units), "x_co_units").build(backend);
    let mut out = Vec::new();
    for r in db.query_all_raw(statement).await? {
        let t = task::Model::from_query_result(&r, "")?;
        let co: Option<String> = r.try_get("", "x_co_units")?;
        let co_names = co
            .iter()
            .flat_map(|list| list.split(','))
            .filter_map(|id| id.parse::<UnitId>().ok())
            .map(|id| {
                units
                    .get(&id)
                    .map(|u| u.short_name.clone())
                    .unwrap_or_default()
            })
            .collect();
        out.push(row(t, co_names, as_of, units, plan_numbers));
    }
    Ok(out)
}

/// The facts the follow-up class is computed from (the effective due date already includes the
/// extensions).
pub fn facts(t: &task::Model) -> TaskFacts {
    TaskFacts {
        deadline: Deadline {
            kind: t.deadline_kind,
            due_on: t.effective_due_on,
        },
        extensions: Vec::new(),
        state: t.state,
        completed_on: t.completed_on,
    }
}

/// One row.
pub fn row(
    t: task::Model,
    co_units: Vec<String>,
    as_of: NaiveDate,
    units: &HashMap<UnitId, UnitNames>,
    plan_numbers: &HashMap<PlanId, String>,
) -> TaskRow {
    let f = facts(&t);
    let class = classify(&f, as_of);
    let days_overdue = crate::domain::task::days_overdue(&f, as_of);
    TaskRow {
        id: TaskId(t.id),
        plan_id: t.plan_id,
        plan_number: plan_numbers.get(&t.plan_id).cloned().unwrap_or_default(),
        area_id: t.area_id,
        item_no: t.item_no,
        title: t.title,
        lead_unit_id: t.lead_unit_id,
        lead_unit: units
            .get(&t.lead_unit_id)
            .map(|u| u.short_name.clone())
            .unwrap_or_default(),
        co_units,
        due_text: t.due_text,
        extended: t.effective_due_on != t.due_on,
        due_on: t.effective_due_on,
        progress: t.progress.clamp(0, 100) as u8,
        state: t.state,
        class,
        days_overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::task::{DeadlineKind, TaskState};

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Duration::days(n)
    }

    /// The grouping key of [`class_counts_by_area_and_unit`], as its SQL computes it.
    fn area_unit_class_key(area: i32, unit: i32, class_code: i32) -> i64 {
        (i64::from(area) * UNIT_SPAN + i64::from(unit)) * CLASS_SPAN + i64::from(class_code)
    }

    /// Every area, unit and class comes back from its grouping key, also at the edges.
    #[test]
    fn area_unit_class_keys_decode() {
        for area in [1, 2, 13, 999] {
            for unit in [1, 8, 150, 4_000, (1 << 24) - 1] {
                for (code, class) in FollowUpClass::ALL.iter().enumerate() {
                    let code = i32::try_from(code).expect("small");
                    assert_eq!(
                        area_unit_class(area_unit_class_key(area, unit, code)),
                        (AreaId(area), UnitId(unit), *class)
                    );
                }
            }
        }
    }

    /// Every combination of state, due day (or none) and completion day (or none) over a few
    /// days, in two plans: the counts from the per-day groups equal [`classify`] task by task,
    /// as of every day, for each plan and both.
    #[test]
    fn counts_from_days_agree_with_classify() {
        let states = [
            TaskState::NotStarted,
            TaskState::InProgress,
            TaskState::Completed,
            TaskState::Cancelled,
        ];
        let days: Vec<Option<NaiveDate>> = std::iter::once(None)
            .chain((0..6).map(|i| Some(day(i * 2))))
            .collect();
        let mut tasks: Vec<(i32, TaskFacts)> = Vec::new();
        for plan in [1, 2] {
            for state in states {
                for due_on in &days {
                    for completed_on in &days {
                        tasks.push((
                            plan,
                            TaskFacts {
                                deadline: Deadline {
                                    kind: if due_on.is_some() {
                                        DeadlineKind::Date
                                    } else {
                                        DeadlineKind::Ongoing
                                    },
                                    due_on: *due_on,
                                },
                                extensions: Vec::new(),
                                state,
                                completed_on: *completed_on,
                            },
                        ));
                    }
                }
            }
        }
        // The groups, as the two queries form them.
        let mut due: Vec<DueDay> = Vec::new();
        let mut done: Vec<DoneDay> = Vec::new();
        for (plan, f) in &tasks {
            let cancelled = f.state == TaskState::Cancelled;
            let on_time = |c: NaiveDate| f.deadline.due_on.is_none_or(|d| c <= d);
            let completed = f.state == TaskState::Completed;
            let open = f.deadline.due_on.is_some()
                && !cancelled
                && !(completed && f.completed_on.is_some_and(on_time));
            due.push(DueDay {
                plan: PlanId(*plan),
                due_on: f.deadline.due_on,
                tasks: 1,
                cancelled: i64::from(cancelled),
                open: i64::from(open),
            });
            if let (true, Some(c)) = (completed, f.completed_on) {
                done.push(DoneDay {
                    plan: PlanId(*plan),
                    completed_on: c,
                    completed: 1,
                    on_time: i64::from(on_time(c)),
                });
            }
        }
        for only in [None, Some(vec![PlanId(1)]), Some(vec![PlanId(2)])] {
            for i in -1..14 {
                let as_of = day(i);
                let mut expected = ClassCounts::default();
                for (plan, f) in &tasks {
                    if only.as_ref().is_none_or(|o| o.contains(&PlanId(*plan))) {
                        expected.add(classify(f, as_of), 1);
                    }
                }
                assert_eq!(
                    counts_as_of(&due, &done, only.as_deref(), as_of),
                    expected,
                    "{as_of} {only:?}"
                );
            }
        }
    }

    #[test]
    fn class_codes_are_positions_in_the_list_of_classes() {
        let sql = class_code_sql(NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"));
        for (code, class) in [
            (0, FollowUpClass::CompletedOnTime),
            (1, FollowUpClass::CompletedLate),
            (2, FollowUpClass::InProgress),
            (3, FollowUpClass::Overdue),
            (4, FollowUpClass::Cancelled),
        ] {
            assert_eq!(class_of_code(code), class);
            assert!(sql.contains(&format!("{code}")));
        }
        assert!(sql.contains("'2026-06-30'"));
        assert_eq!(class_of_code(99), FollowUpClass::InProgress);
    }
}
