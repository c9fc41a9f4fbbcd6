//! Leaders' directions (ý kiến chỉ đạo): the Chairman or a vice-chair writes one to a unit, on
//! a task (it goes to the task's lead unit, or the unit that succeeded it), on the unit's
//! report of a period, or on the unit itself; the unit's users answer it once. Both are kept
//! and audited; the task page, the unit's report, the home pages and `/directions` show them.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::domain::{CurrentUser, PeriodId, Right, TaskId, UnitId};
use crate::entities::{direction, reporting_period, task};
use crate::error::AppError;
use crate::model::direction::{DirectionList, DirectionView};
use crate::services::accounts::users::names_by_id;
use crate::services::audit::{self, Actor};
use crate::services::reporting::reporting_unit;
use crate::services::reporting::unit::clean_section;
use crate::services::units::scope::{acting_units_in, unit_names, UnitNames};

/// Shortest direction or answer, in characters.
const MIN_TEXT: usize = 5;
/// Longest, in characters.
const MAX_TEXT: usize = 5_000;

/// What a direction is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A task: its lead unit answers.
    Task(TaskId),
    /// A unit's report of a period.
    Report(PeriodId, UnitId),
    /// A unit.
    Unit(UnitId),
}

fn text(field: &str, raw: &str) -> Result<String, AppError> {
    let s = clean_section(field, raw)?;
    let n = s.chars().count();
    if n < MIN_TEXT {
        return Err(AppError::invalid(field, "err.direction_short"));
    }
    if n > MAX_TEXT {
        return Err(AppError::invalid(field, "err.direction_long"));
    }
    Ok(s)
}

/// A leader writes a direction; returns its id.
pub async fn give(
    db: &DatabaseConnection,
    user: &CurrentUser,
    target: Target,
    body: &str,
) -> Result<i32, AppError> {
    user.ensure(Right::GiveDirections)?;
    let body = text("body", body)?;
    let txn = db.begin().await?;
    let units = unit_names(&txn).await?;
    let (unit_id, task_id, period_id) = match target {
        Target::Task(id) => {
            let t = crate::services::tasks::find(&txn, id).await?;
            (reporting_unit(&units, t.lead_unit_id), Some(id.0), None)
        }
        Target::Report(period, unit) => {
            crate::services::reporting::find(&txn, period).await?;
            (unit, None, Some(period.0))
        }
        Target::Unit(unit) => (unit, None, None),
    };
    let Some(u) = units.get(&unit_id) else {
        return Err(AppError::invalid("unit_id", "err.bad_choice"));
    };
    if u.retired {
        return Err(AppError::invalid("unit_id", "err.period_unit_retired"));
    }
    let d = direction::ActiveModel {
        unit_id: Set(unit_id),
        task_id: Set(task_id),
        period_id: Set(period_id),
        body: Set(body.clone()),
        given_by: Set(Some(user.id.0)),
        given_at: Set(Utc::now()),
        answer: Set(String::new()),
        answered_by: Set(None),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Change::new("direction.give", "direction", d.id)
        .after(&serde_json::json!({
            "unit": unit_id.0, "task": task_id, "period": period_id, "body": body,
        }))
        .commit(txn, Actor::User(user))
        .await?;
    Ok(d.id)
}

/// Whether `user` answers for `unit`: one of the unit's users (or of the unit that succeeded
/// it).
fn answers_for(user: &CurrentUser, units: &HashMap<UnitId, UnitNames>, unit: UnitId) -> bool {
    user.role.requires_unit()
        && user.unit_id.is_some_and(|own| {
            user.may(Right::WriteFor(own)) && acting_units_in(units, own).contains(&unit)
        })
}

/// The unit answers a direction, once; returns what it was about (for the redirect).
pub async fn answer(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    answer: &str,
) -> Result<(), AppError> {
    let answer = text("answer", answer)?;
    let txn = db.begin().await?;
    let d = direction::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let units = unit_names(&txn).await?;
    if !answers_for(user, &units, d.unit_id) {
        // Another unit's direction is not revealed; others may read but not answer.
        return Err(if user.role.requires_unit() {
            AppError::NotFound
        } else {
            AppError::Forbidden
        });
    }
    // Conditional on no answer yet, so two answers cannot both pass.
    let done = direction::Entity::update_many()
        .col_expr(direction::Column::Answer, Expr::value(answer.clone()))
        .col_expr(direction::Column::AnsweredBy, Expr::value(user.id.0))
        .col_expr(direction::Column::AnsweredAt, Expr::value(Utc::now()))
        .filter(direction::Column::Id.eq(id))
        .filter(direction::Column::AnsweredAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("answer", "err.direction_answered"));
    }
    audit::Change::new("direction.answer", "direction", id)
        .after(&answer)
        .commit(txn, Actor::User(user))
        .await
}

/// [`views`] of `rows`, reading the unit names only when there is a row to name (a task page
/// without directions costs one indexed query).
async fn shown(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    rows: Vec<direction::Model>,
) -> Result<Vec<DirectionView>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let units = unit_names(db).await?;
    views(db, user, rows, &units).await
}

/// Directions as pages show them, for `user` (who may answer the unanswered ones of their
/// unit).
async fn views(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    rows: Vec<direction::Model>,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Vec<DirectionView>, AppError> {
    let mut people_ids: Vec<i32> = Vec::with_capacity(rows.len() * 2);
    for d in &rows {
        people_ids.extend(d.given_by);
        people_ids.extend(d.answered_by);
    }
    let people = names_by_id(db, people_ids.into_iter()).await?;
    let task_ids: Vec<i32> = rows.iter().filter_map(|d| d.task_id).collect();
    let titles: HashMap<i32, String> = if task_ids.is_empty() {
        HashMap::new()
    } else {
        task::Entity::find()
            .filter(task::Column::Id.is_in(task_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.title))
            .collect()
    };
    let period_ids: Vec<i32> = rows.iter().filter_map(|d| d.period_id).collect();
    let periods: HashMap<i32, reporting_period::Model> = if period_ids.is_empty() {
        HashMap::new()
    } else {
        reporting_period::Entity::find()
            .filter(reporting_period::Column::Id.is_in(period_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let who = |u: Option<i32>| u.and_then(|u| people.get(&u).cloned()).unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|d| DirectionView {
            id: d.id,
            unit_id: d.unit_id,
            unit_name: units
                .get(&d.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            task: d
                .task_id
                .map(|t| (TaskId(t), titles.get(&t).cloned().unwrap_or_default())),
            period: d
                .period_id
                .and_then(|p| periods.get(&p))
                .map(|p| (PeriodId(p.id), p.year, p.kind)),
            given_by: who(d.given_by),
            given_at: d.given_at,
            answered_by: who(d.answered_by),
            answered_at: d.answered_at,
            can_answer: d.answered_at.is_none() && answers_for(user, units, d.unit_id),
            answer: d.answer,
            body: d.body,
        })
        .collect())
}

/// The directions `user` sees: all of them for those who see every unit, else those of their
/// unit (and of the units it succeeded); unanswered first, newest first.
pub async fn page(db: &DatabaseConnection, user: &CurrentUser) -> Result<DirectionList, AppError> {
    let units = unit_names(db).await?;
    let mut q = direction::Entity::find();
    if !user.may(Right::SeeAllUnits) {
        let Some(own) = user.unit_id.filter(|_| user.role.requires_unit()) else {
            return Err(AppError::Forbidden);
        };
        q = q.filter(direction::Column::UnitId.is_in(acting_units_in(&units, own)));
    }
    let rows = q
        .order_by_desc(Expr::cust(
            "(CASE WHEN directions.answered_at IS NULL THEN 1 ELSE 0 END)",
        ))
        .order_by_desc(direction::Column::GivenAt)
        .order_by_desc(direction::Column::Id)
        .all(db)
        .await?;
    let can_give = user.may(Right::GiveDirections);
    let mut choices: Vec<(UnitId, String)> = if can_give {
        units
            .iter()
            .filter(|(_, u)| !u.retired)
            .map(|(id, u)| (*id, u.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    choices.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(DirectionList {
        items: views(db, user, rows, &units).await?,
        can_give,
        units: choices,
    })
}

/// The directions on a task (the caller has checked the viewer may see the task).
pub async fn of_task(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    task_id: TaskId,
) -> Result<Vec<DirectionView>, AppError> {
    let rows = direction::Entity::find()
        .filter(direction::Column::TaskId.eq(task_id.0))
        .order_by_asc(direction::Column::Id)
        .all(db)
        .await?;
    shown(db, user, rows).await
}

/// The directions on a unit's report of a period and on the unit itself given up to the
/// period's end (the caller has checked the viewer may see the unit).
pub async fn of_report(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    period: &reporting_period::Model,
    unit_id: UnitId,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Vec<DirectionView>, AppError> {
    let acting = acting_units_in(units, unit_id);
    let rows = direction::Entity::find()
        .filter(direction::Column::UnitId.is_in(acting))
        .filter(
            Condition::any()
                .add(direction::Column::PeriodId.eq(period.id))
                .add(
                    Condition::all()
                        .add(direction::Column::PeriodId.is_null())
                        .add(direction::Column::TaskId.is_null()),
                ),
        )
        .order_by_asc(direction::Column::Id)
        .all(db)
        .await?;
    views(db, user, rows, units).await
}

/// Unanswered directions of a unit (and of the units it succeeded).
pub async fn open_count(
    db: &impl ConnectionTrait,
    units: &HashMap<UnitId, UnitNames>,
    unit_id: UnitId,
) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(direction::Entity::find()
        .filter(direction::Column::UnitId.is_in(acting_units_in(units, unit_id)))
        .filter(direction::Column::AnsweredAt.is_null())
        .count(db)
        .await?)
}

/// Directions answered, newest answer first (a leader's home).
pub async fn answered(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    limit: u64,
) -> Result<Vec<DirectionView>, AppError> {
    use sea_orm::QuerySelect;
    let rows = direction::Entity::find()
        .filter(direction::Column::AnsweredAt.is_not_null())
        .order_by_desc(direction::Column::AnsweredAt)
        .limit(limit)
        .all(db)
        .await?;
    shown(db, user, rows).await
}

/// The directions of a period for the province report: those on its unit reports, and those
/// on tasks or units given from the start of its window to its province due date.
pub async fn of_period(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    period: &reporting_period::Model,
) -> Result<Vec<DirectionView>, AppError> {
    use crate::domain::calendar::day_start;
    let from = day_start(period.window_start);
    // Up to the end of the province's due day: the start of the next.
    let to = day_start(period.province_due_on) + chrono::Duration::days(1);
    let rows = direction::Entity::find()
        .filter(
            Condition::any()
                .add(direction::Column::PeriodId.eq(period.id))
                .add(
                    Condition::all()
                        .add(direction::Column::PeriodId.is_null())
                        .add(direction::Column::GivenAt.gte(from))
                        .add(direction::Column::GivenAt.lt(to)),
                ),
        )
        .order_by_asc(direction::Column::Id)
        .all(db)
        .await?;
    shown(db, user, rows).await
}
