//! The reporting cycle: the province's reporting periods (four a year, created by the PAR
//! office with the default dates, which it may change, and opened and closed by it), the units
//! expected to report in each, the submission board and the review queue. Unit reports are in
//! [`unit`], the province report in [`province`], the documents in [`document`].

pub mod province;
pub mod unit;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::domain::report::{BoardState, PeriodDates, ReportStatus};
use crate::domain::task::{PeriodKind, PlanKind, PlanStatus};
use crate::domain::unit::UnitKind;
use crate::domain::CurrentUser;
use crate::domain::{PeriodId, PlanId, Right, UnitId, UnitReportId};
use crate::entities::{
    period_unit, plan, province_report, reporting_period, task, task_unit, unit_report,
};
use crate::error::AppError;
use crate::model::report::{
    BoardRow, ExemptUnit, PeriodBoard, PeriodDatesInput, PeriodView, QueueItem, ReportsPage,
};
use crate::services::audit::{self, Actor};
use crate::services::grouped::grouped;
use crate::services::units::scope::UnitNames;
use crate::services::{parse_date, unique_or_internal};

/// The years periods can be created for: from 2000 to two years ahead of today.
const FIRST_YEAR: i32 = 2000;

/// The view of a period (`plan_number`: the plan of a period merged into a province period).
pub fn view(p: &reporting_period::Model, plan_number: &str) -> PeriodView {
    PeriodView {
        id: PeriodId(p.id),
        merged_into: p.merged_into.map(PeriodId),
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

/// A period with its view (the plan's number for a merged per-plan period).
pub async fn find_view(
    db: &impl ConnectionTrait,
    id: PeriodId,
) -> Result<(reporting_period::Model, PeriodView), AppError> {
    let p = find(db, id).await?;
    let number = match p.plan_id {
        Some(plan) => crate::services::plans::find(db, plan).await?.number,
        None => String::new(),
    };
    let v = view(&p, &number);
    Ok((p, v))
}

/// A province period (not one merged into another), or "not found"; a merged period answers
/// "conflict": nothing is written on it any more.
pub async fn find_live(
    db: &impl ConnectionTrait,
    id: PeriodId,
) -> Result<reporting_period::Model, AppError> {
    let p = find(db, id).await?;
    if p.merged_into.is_some() {
        return Err(AppError::conflict("period", "err.period_merged"));
    }
    Ok(p)
}

/// The plans in force with their numbers, oldest first: the sources of what units report.
pub async fn plans_in_force(db: &impl ConnectionTrait) -> Result<Vec<(PlanId, String)>, AppError> {
    Ok(plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Number)
        .filter(plan::Column::Status.eq(PlanStatus::InForce))
        .order_by_asc(plan::Column::IssuedOn)
        .order_by_asc(plan::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// The plans a period of `year` reports on, oldest first: the issued plans whose years include
/// `year`, and those still in force after their last year (their tasks run late). A plan of a
/// later year, or a draft, is not reported on.
pub async fn plans_of_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<(PlanId, String)>, AppError> {
    Ok(sources_of_year(db, year)
        .await?
        .into_iter()
        .map(|s| (s.id, s.number))
        .collect())
}

/// A document a period reports on.
#[derive(Clone, Debug)]
pub struct Source {
    /// The plan (or directive).
    pub id: PlanId,
    /// Its number ("45/KH-UBND").
    pub number: String,
    /// Its kind.
    pub kind: PlanKind,
}

impl Source {
    /// As a report names it ("Kế hoạch số 45/KH-UBND").
    pub fn label(&self) -> String {
        self.kind.document_label(&self.number)
    }
}

/// [`plans_of_year`] with each document's kind, in one query.
pub async fn sources_of_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<Source>, AppError> {
    let found: Vec<(PlanId, String, PlanKind)> = plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Number)
        .column(plan::Column::Kind)
        .filter(plan::Column::Status.ne(PlanStatus::Draft))
        .filter(plan::Column::YearFrom.lte(year))
        .filter(
            Condition::any()
                .add(plan::Column::YearTo.gte(year))
                .add(plan::Column::Status.eq(PlanStatus::InForce)),
        )
        .order_by_asc(plan::Column::IssuedOn)
        .order_by_asc(plan::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .map(|(id, number, kind)| Source { id, number, kind })
        .collect())
}

/// Creates the missing periods (Quý I, 6 tháng, 9 tháng, Năm) of a year with the default
/// dates (PAR office); returns how many were created. Periods start closed.
pub async fn generate(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    today: NaiveDate,
    year: i32,
) -> Result<usize, AppError> {
    actor.ensure(Right::ManagePlans)?;
    if !(FIRST_YEAR..=today.year().saturating_add(2)).contains(&year) {
        return Err(AppError::invalid("year", "err.period_year"));
    }
    let txn = db.begin().await?;
    let n = generate_in(&txn, Actor::User(actor), year, false).await?;
    txn.commit().await?;
    Ok(n)
}

/// [`generate`] inside a transaction, for any actor (the demo loader opens some periods).
pub async fn generate_in(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    year: i32,
    open: bool,
) -> Result<usize, AppError> {
    let existing: Vec<PeriodKind> = reporting_period::Entity::find()
        .select_only()
        .column(reporting_period::Column::Kind)
        .filter(reporting_period::Column::Year.eq(year))
        .filter(reporting_period::Column::MergedInto.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let now = Utc::now();
    let mut created = Vec::new();
    for kind in PeriodKind::ALL {
        if existing.contains(&kind) {
            continue;
        }
        let d = PeriodDates::defaults(kind, year);
        reporting_period::ActiveModel {
            plan_id: Set(None),
            year: Set(year),
            kind: Set(kind),
            window_start: Set(d.window_start),
            cutoff: Set(d.cutoff),
            unit_due_on: Set(d.unit_due_on),
            province_due_on: Set(d.province_due_on),
            is_open: Set(open),
            merged_into: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(unique_or_internal("year", "err.periods_exist"))?;
        created.push(kind.as_str());
    }
    if !created.is_empty() {
        audit::Change::new("reporting_period.generate", "year", year)
            .after(&created)
            .record(db, actor)
            .await?;
    }
    Ok(created.len())
}

/// [`generate_in`] for every year of `years` (at most 15, the longest programme).
pub async fn generate_years(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    years: std::ops::RangeInclusive<i32>,
    open: bool,
) -> Result<usize, AppError> {
    let mut n = 0;
    for year in years.take(15) {
        n += generate_in(db, actor, year, open).await?;
    }
    Ok(n)
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
    let p = find_live(&txn, id).await?;
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
    let p = find_live(&txn, id).await?;
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

/// Whether a unit is expected to report by default: every current unit but the province's
/// People's Committee itself (it receives the reports).
pub fn expected_by_default(u: &UnitNames) -> bool {
    !u.retired && u.kind != UnitKind::PeopleCommittee
}

/// The units expected to report for a period: the default units, plus those the PAR office
/// added, less those it exempted. A period merged into a province period expects nobody (it is
/// history). The dashboard and the reminders need only these; the submission board also counts
/// their tasks ([`expected_units`]).
pub async fn expected_unit_ids(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    units: &HashMap<UnitId, UnitNames>,
    only: Option<&[UnitId]>,
) -> Result<HashSet<UnitId>, AppError> {
    if period.merged_into.is_some() {
        return Ok(HashSet::new());
    }
    let overrides = period_unit::Entity::find()
        .filter(period_unit::Column::PeriodId.eq(period.id))
        .all(db)
        .await?;
    let mut expected: HashSet<UnitId> = units
        .iter()
        .filter(|(_, u)| expected_by_default(u))
        .map(|(id, _)| *id)
        .collect();
    for o in overrides {
        if o.expected {
            expected.insert(o.unit_id);
        } else {
            expected.remove(&o.unit_id);
        }
    }
    if let Some(only) = only {
        expected.retain(|u| only.contains(u));
    }
    Ok(expected)
}

/// The units expected to report for a period ([`expected_unit_ids`]), each with its number of
/// tasks (lead or co-operating) in the plans the period reports on ([`plans_of_year`]; a retired
/// unit's tasks count for its successor).
pub async fn expected_units(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    units: &HashMap<UnitId, UnitNames>,
    only: Option<&[UnitId]>,
) -> Result<HashMap<UnitId, u64>, AppError> {
    let mut expected: HashMap<UnitId, u64> = expected_unit_ids(db, period, units, only)
        .await?
        .into_iter()
        .map(|u| (u, 0))
        .collect();
    if expected.is_empty() {
        return Ok(expected);
    }
    let plans: Vec<PlanId> = plans_of_year(db, period.year)
        .await?
        .into_iter()
        .map(|p| p.0)
        .collect();
    for (_, counts) in task_counts_by_unit(db, &plans, units, only).await? {
        for (u, n) in counts {
            if let Some(e) = expected.get_mut(&u) {
                *e += n;
            }
        }
    }
    Ok(expected)
}

/// The number of tasks each unit leads or co-operates in, per plan, in two queries; retired
/// units' tasks count for their successor.
pub async fn task_counts_by_unit(
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

/// Adds a unit to a period's expected units, or exempts it, with a reason (PAR office). Adding
/// back a unit the default expects only drops its exemption.
pub async fn set_expected(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    period_id: PeriodId,
    unit_id: UnitId,
    expected: bool,
    reason: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let reason = crate::domain::form::clean_text("reason", reason, 0, 500, "err.required")?;
    let txn = db.begin().await?;
    let p = find_live(&txn, period_id).await?;
    let units = crate::services::units::scope::unit_names(&txn).await?;
    let unit = units.get(&unit_id).ok_or(AppError::NotFound)?;
    let default = expected_by_default(unit);
    // A change of the default needs its reason; going back to the default needs none.
    if expected != default && reason.chars().count() < 3 {
        return Err(AppError::invalid("reason", "err.reason_required"));
    }
    if expected && unit.retired {
        return Err(AppError::invalid("unit_id", "err.period_unit_retired"));
    }
    period_unit::Entity::delete_many()
        .filter(period_unit::Column::PeriodId.eq(p.id))
        .filter(period_unit::Column::UnitId.eq(unit_id))
        .exec(&txn)
        .await?;
    if expected != default {
        period_unit::ActiveModel {
            period_id: Set(p.id),
            unit_id: Set(unit_id),
            expected: Set(expected),
            reason: Set(reason.clone()),
            created_by: Set(Some(actor.id.0)),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::Change::new(
        if expected {
            "reporting_period.expect"
        } else {
            "reporting_period.exempt"
        },
        "period",
        period_id,
    )
    .after(&serde_json::json!({ "unit": unit_id.0, "reason": reason }))
    .commit(txn, Actor::User(actor))
    .await
}

/// The reporting page: the province periods, newest first.
pub async fn page(
    db: &DatabaseConnection,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<ReportsPage, AppError> {
    let periods = reporting_period::Entity::find()
        .filter(reporting_period::Column::MergedInto.is_null())
        .order_by_desc(reporting_period::Column::Cutoff)
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
    let views: HashMap<i32, PeriodView> = periods.iter().map(|p| (p.id, view(p, ""))).collect();
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
    // This year, or the next once this year's four periods exist.
    let this_year = today.year();
    let have = periods.iter().filter(|p| p.year == this_year).count();
    let next_year = if have >= PeriodKind::ALL.len() {
        this_year + 1
    } else {
        this_year
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
        next_year,
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
    let expected = expected_units(db, period, units, None).await?;
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
                late: r.is_some_and(|r| r.submitted_late),
                tasks: expected.get(&u).copied().unwrap_or(0),
                added_reason: None,
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
    let (p, period) = find_view(db, id).await?;
    let units = crate::services::units::scope::unit_names(db).await?;
    let mut rows = board_rows(db, &p, &units).await?;
    let overrides = period_unit::Entity::find()
        .filter(period_unit::Column::PeriodId.eq(p.id))
        .all(db)
        .await?;
    let name = |u: UnitId| units.get(&u).map(|n| n.name.clone()).unwrap_or_default();
    let mut exempted = Vec::new();
    for o in overrides {
        if o.expected {
            if let Some(r) = rows.iter_mut().find(|r| r.unit_id == o.unit_id) {
                r.added_reason = Some(o.reason);
            }
        } else {
            exempted.push(ExemptUnit {
                unit_id: o.unit_id,
                unit_name: name(o.unit_id),
                reason: o.reason,
            });
        }
    }
    exempted.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    let mut addable: Vec<(UnitId, String)> = if p.merged_into.is_none() {
        units
            .iter()
            .filter(|(u, n)| !n.retired && !rows.iter().any(|r| r.unit_id == **u))
            .map(|(u, n)| (*u, n.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    addable.sort_by(|a, b| a.1.cmp(&b.1));
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
        period,
        rows,
        exempted,
        addable,
        counts,
        province_compiled,
        can_manage: user.may(Right::ManagePlans) && p.merged_into.is_none(),
    })
}
