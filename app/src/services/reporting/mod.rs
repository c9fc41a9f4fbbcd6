//! The reporting cycle: reporting periods (generated per plan-year, dates editable, opened and
//! closed by the PAR office), the submission board and the review queue. Unit reports are in
//! [`unit`], the province report in [`province`], the documents in [`document`].

pub mod province;
pub mod unit;

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::domain::report::{BoardState, PeriodDates, ReportStatus};
use crate::domain::task::PeriodKind;
use crate::domain::CurrentUser;
use crate::domain::{PeriodId, PlanId, Right, UnitId, UnitReportId};
use crate::entities::{plan, province_report, reporting_period, task, task_unit, unit_report};
use crate::error::AppError;
use crate::model::report::{
    BoardRow, PeriodBoard, PeriodDatesInput, PeriodView, QueueItem, ReportsPage,
};
use crate::services::audit::{self, Actor};
use crate::services::grouped::grouped;
use crate::services::units::scope::UnitNames;
use crate::services::{parse_date, unique_or_internal};

/// Plans cover at most this many years of periods (a 2021-2030 programme has 10).
const MAX_YEARS: i32 = 15;

/// The view of a period.
pub fn view(p: &reporting_period::Model, plan_number: &str) -> PeriodView {
    PeriodView {
        id: PeriodId(p.id),
        plan_id: p.plan_id,
        plan_number: plan_number.to_string(),
        year: p.year,
        kind: p.kind,
        dates: PeriodDates {
            window_start: p.window_start,
            cutoff: p.cutoff,
            unit_due_on: p.unit_due_on,
            province_due_on: p.province_due_on,
        },
        is_open: p.is_open,
    }
}

/// A period, or "not found".
pub async fn find(
    db: &impl ConnectionTrait,
    id: PeriodId,
) -> Result<reporting_period::Model, AppError> {
    reporting_period::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A period with its plan.
pub async fn find_with_plan(
    db: &impl ConnectionTrait,
    id: PeriodId,
) -> Result<(reporting_period::Model, plan::Model), AppError> {
    let p = find(db, id).await?;
    let plan = crate::services::plans::find(db, p.plan_id).await?;
    Ok((p, plan))
}

/// Creates the missing periods (Quý I, 6 tháng, 9 tháng, Năm) of every year of a plan with
/// the default dates; returns how many were created. Periods start closed.
pub async fn generate(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    plan_id: PlanId,
) -> Result<usize, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let txn = db.begin().await?;
    let n = generate_in(&txn, Actor::User(actor), plan_id, false).await?;
    txn.commit().await?;
    Ok(n)
}

/// [`generate`] inside a transaction, for any actor (the demo loader opens some periods).
pub async fn generate_in(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    plan_id: PlanId,
    open: bool,
) -> Result<usize, AppError> {
    let plan = crate::services::plans::find(db, plan_id).await?;
    let existing: Vec<(i32, PeriodKind)> = reporting_period::Entity::find()
        .select_only()
        .column(reporting_period::Column::Year)
        .column(reporting_period::Column::Kind)
        .filter(reporting_period::Column::PlanId.eq(plan.id))
        .into_tuple()
        .all(db)
        .await?;
    let last = plan
        .year_to
        .min(plan.year_from.saturating_add(MAX_YEARS - 1));
    let now = Utc::now();
    let mut created = Vec::new();
    for year in plan.year_from..=last {
        for kind in PeriodKind::ALL {
            if existing.contains(&(year, kind)) {
                continue;
            }
            let d = PeriodDates::defaults(kind, year);
            reporting_period::ActiveModel {
                plan_id: Set(plan.id),
                year: Set(year),
                kind: Set(kind),
                window_start: Set(d.window_start),
                cutoff: Set(d.cutoff),
                unit_due_on: Set(d.unit_due_on),
                province_due_on: Set(d.province_due_on),
                is_open: Set(open),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(unique_or_internal("plan_id", "err.periods_exist"))?;
            created.push(format!("{year}/{}", kind.as_str()));
        }
    }
    if !created.is_empty() {
        audit::Change::new("reporting_period.generate", "plan", plan.id)
            .after(&created)
            .record(db, actor)
            .await?;
    }
    Ok(created.len())
}

/// Changes a period's dates (PAR office).
pub async fn update_dates(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: PeriodId,
    input: &PeriodDatesInput,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let dates = PeriodDates {
        window_start: parse_date("window_start", &input.window_start)?,
        cutoff: parse_date("cutoff", &input.cutoff)?,
        unit_due_on: parse_date("unit_due_on", &input.unit_due_on)?,
        province_due_on: parse_date("province_due_on", &input.province_due_on)?,
    };
    if let Some((field, key)) = dates.problem() {
        return Err(AppError::invalid(field, key));
    }
    let txn = db.begin().await?;
    let p = find(&txn, id).await?;
    let before = PeriodDates {
        window_start: p.window_start,
        cutoff: p.cutoff,
        unit_due_on: p.unit_due_on,
        province_due_on: p.province_due_on,
    };
    let mut m: reporting_period::ActiveModel = p.into();
    m.window_start = Set(dates.window_start);
    m.cutoff = Set(dates.cutoff);
    m.unit_due_on = Set(dates.unit_due_on);
    m.province_due_on = Set(dates.province_due_on);
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    audit::Change::new("reporting_period.update", "period", id)
        .before(&before)
        .after(&dates)
        .commit(txn, Actor::User(actor))
        .await
}

/// Opens or closes a period for submissions (PAR office).
pub async fn set_open(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: PeriodId,
    open: bool,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let txn = db.begin().await?;
    let p = find(&txn, id).await?;
    let was = p.is_open;
    let mut m: reporting_period::ActiveModel = p.into();
    m.is_open = Set(open);
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    audit::Change::new(
        if open {
            "reporting_period.open"
        } else {
            "reporting_period.close"
        },
        "period",
        id,
    )
    .before(&was)
    .after(&open)
    .commit(txn, Actor::User(actor))
    .await
}

/// Plan numbers by id.
pub async fn plan_numbers(db: &impl ConnectionTrait) -> Result<HashMap<PlanId, String>, AppError> {
    Ok(plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Number)
        .into_tuple::<(PlanId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The current unit that reports for `unit_id`: the unit itself, or the successor it was
/// handed to (transitively) once retired.
pub fn reporting_unit(units: &HashMap<UnitId, UnitNames>, unit_id: UnitId) -> UnitId {
    crate::domain::unit::last_successor(unit_id, |u| {
        units
            .get(&u)
            .filter(|n| n.retired)
            .and_then(|n| n.successor_id)
    })
}

/// The units expected to report for a plan, with their number of tasks (lead or co-operating;
/// retired units' tasks count for their successor).
pub async fn expected_units(
    db: &impl ConnectionTrait,
    plan_id: PlanId,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<HashMap<UnitId, u64>, AppError> {
    Ok(expected_units_of_plans(db, &[plan_id], units, None)
        .await?
        .remove(&plan_id)
        .unwrap_or_default())
}

/// [`expected_units`] of several plans in two queries, by plan.
pub async fn expected_units_of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[PlanId],
    units: &HashMap<UnitId, UnitNames>,
    only: Option<&[UnitId]>,
) -> Result<HashMap<PlanId, HashMap<UnitId, u64>>, AppError> {
    let mut lead = task::Entity::find()
        .select_only()
        .column(task::Column::PlanId)
        .column(task::Column::LeadUnitId)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(task::Column::PlanId.is_in(plan_ids.to_vec()));
    let mut co = task_unit::Entity::find();
    if let Some(only) = only {
        lead = lead.filter(task::Column::LeadUnitId.is_in(only.to_vec()));
        co = co.filter(task_unit::Column::UnitId.is_in(only.to_vec()));
    }
    let lead = lead
        .group_by(task::Column::PlanId)
        .group_by(task::Column::LeadUnitId);
    // Each link holds its task's plan: read from the (plan, unit) index, no task looked up.
    let co = co
        .select_only()
        .column_as(Expr::cust("task_units.plan_id"), "plan_id")
        .column(task_unit::Column::UnitId)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(task_unit::Column::PlanId.is_in(plan_ids.to_vec()))
        .group_by(task_unit::Column::PlanId)
        .group_by(task_unit::Column::UnitId);
    // Two independent passes: at the same time.
    let (lead, co) = tokio::try_join!(
        grouped(db, &lead, &["plan_id", "lead_unit_id", "n"]),
        grouped(db, &co, &["plan_id", "unit_id", "n"]),
    )?;
    let mut out: HashMap<PlanId, HashMap<UnitId, u64>> = HashMap::new();
    for mut row in lead.rows().chain(co.rows()) {
        let (p, u, n) = (row.id()?, row.id()?, row.int()?);
        *out.entry(p)
            .or_default()
            .entry(reporting_unit(units, u))
            .or_default() += u64::try_from(n).unwrap_or(0);
    }
    Ok(out)
}

/// The reporting page.
pub async fn page(db: &DatabaseConnection, user: &CurrentUser) -> Result<ReportsPage, AppError> {
    let numbers = plan_numbers(db).await?;
    let periods = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::Cutoff)
        .order_by_asc(reporting_period::Column::PlanId)
        .all(db)
        .await?;
    let can_manage = user.may(Right::ManagePlans);
    let my_unit = user.unit_id.filter(|_| user.role.requires_unit());
    let mut mine: HashMap<i32, (ReportStatus, bool)> = HashMap::new();
    if let Some(u) = my_unit {
        for r in unit_report::Entity::find()
            .filter(unit_report::Column::UnitId.eq(u.0))
            .all(db)
            .await?
        {
            mine.insert(r.period_id, (r.status, r.submitted_late));
        }
    }
    let views: HashMap<i32, PeriodView> = periods
        .iter()
        .map(|p| {
            let n = numbers.get(&p.plan_id).map(String::as_str).unwrap_or("");
            (p.id, view(p, n))
        })
        .collect();
    let mut queue = Vec::new();
    if can_manage {
        let units = crate::services::units::scope::unit_names(db).await?;
        for r in unit_report::Entity::find()
            .filter(unit_report::Column::Status.eq(ReportStatus::Submitted))
            .order_by_asc(unit_report::Column::SubmittedAt)
            .all(db)
            .await?
        {
            let Some(period) = views.get(&r.period_id) else {
                continue;
            };
            queue.push(QueueItem {
                report_id: UnitReportId(r.id),
                period: period.clone(),
                unit_id: r.unit_id,
                unit_name: units
                    .get(&r.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                submitted_at: r.submitted_at,
                late: r.submitted_late,
                submissions: r.submissions,
            });
        }
    }
    let plans = if can_manage {
        plan::Entity::find()
            .order_by_desc(plan::Column::IssuedOn)
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.number))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ReportsPage {
        periods: periods
            .iter()
            .filter_map(|p| {
                let v = views.get(&p.id)?.clone();
                let state = my_unit.map(|_| {
                    let s = mine.get(&p.id);
                    BoardState::of(s.map(|s| s.0), s.is_some_and(|s| s.1))
                });
                Some((v, state))
            })
            .collect(),
        plans,
        queue,
        can_manage,
        my_unit,
    })
}

/// Units and their board state for a period (shared by the board and the province figures).
pub async fn board_rows(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Vec<BoardRow>, AppError> {
    let expected = expected_units(db, period.plan_id, units).await?;
    let reports: HashMap<UnitId, unit_report::Model> = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(period.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.unit_id, r))
        .collect();
    Ok(board_rows_of(&expected, &reports, units))
}

/// The board of a period from the units expected to report (with their tasks) and the
/// period's reports by unit: every expected unit, and any unit that reported anyway, in board
/// order then by name.
pub fn board_rows_of(
    expected: &HashMap<UnitId, u64>,
    reports: &HashMap<UnitId, unit_report::Model>,
    units: &HashMap<UnitId, UnitNames>,
) -> Vec<BoardRow> {
    let mut ids: Vec<UnitId> = expected.keys().copied().collect();
    for u in reports.keys() {
        if !expected.contains_key(u) {
            ids.push(*u);
        }
    }
    let mut rows: Vec<BoardRow> = ids
        .into_iter()
        .map(|u| {
            let r = reports.get(&u);
            BoardRow {
                unit_id: u,
                unit_name: units.get(&u).map(|n| n.name.clone()).unwrap_or_default(),
                state: BoardState::of(r.map(|r| r.status), r.is_some_and(|r| r.submitted_late)),
                report_id: r.map(|r| UnitReportId(r.id)),
                submitted_at: r.and_then(|r| r.submitted_at),
                tasks: expected.get(&u).copied().unwrap_or(0),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let pos = |s: BoardState| BoardState::ALL.iter().position(|x| *x == s);
        pos(a.state)
            .cmp(&pos(b.state))
            .then_with(|| a.unit_name.cmp(&b.unit_name))
    });
    rows
}

/// A period's submission board (everyone who sees all units; a unit user is sent to their
/// own report by the page).
pub async fn board(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: PeriodId,
) -> Result<PeriodBoard, AppError> {
    if !user.may(Right::SeeAllUnits) {
        return Err(AppError::Forbidden);
    }
    let (p, plan) = find_with_plan(db, id).await?;
    let units = crate::services::units::scope::unit_names(db).await?;
    let rows = board_rows(db, &p, &units).await?;
    let counts = BoardState::ALL
        .iter()
        .map(|s| (*s, rows.iter().filter(|r| r.state == *s).count() as u64))
        .collect();
    let province_compiled = province_report::Entity::find()
        .filter(province_report::Column::PeriodId.eq(p.id))
        .one(db)
        .await?
        .is_some();
    Ok(PeriodBoard {
        period: view(&p, &plan.number),
        rows,
        counts,
        province_compiled,
        can_manage: user.may(Right::ManagePlans),
    })
}
