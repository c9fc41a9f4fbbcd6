//! A unit's periodic report: drafted by the unit's officer or head from a live view of the
//! unit's tasks and indicator values, submitted by the head (which freezes the figures),
//! accepted or returned by the PAR office, fixed and resubmitted. Every step is kept.

use chrono::NaiveDate;
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::domain::progress::UpdateKind;
use crate::domain::report::{is_late, BoardState, ReportEvent, ReportStatus};
use crate::domain::task::PeriodKind;
use crate::domain::CurrentUser;
use crate::domain::{AreaId, PeriodId, PlanId, Right, UnitId, UnitReportId};
use crate::entities::{
    indicator, indicator_unit, indicator_value, progress_update, reporting_period, task,
    unit_report, unit_report_event,
};
use crate::error::AppError;
use crate::model::plan::ClassCounts;
use crate::model::report::{
    HistoryEntry, RelatedReport, Sections, SnapIndicator, SnapTask, Snapshot, UnitReportView,
};
use crate::services::accounts::users::names_by_id;
use crate::services::audit::{self, Actor};
use crate::services::reporting::{find_live, find_view};
use crate::services::stored;
use crate::services::tasks::query::{self, ListOrder, TaskScope};
use crate::services::units::scope::{acting_units_in, unit_names, UnitNames};

/// Longest narrative section, in characters.
pub const MAX_SECTION: usize = 50_000;

/// A narrative section as stored: line breaks kept (as `\n`), other control characters
/// dropped, surrounding blank space trimmed, at most [`MAX_SECTION`] characters.
pub fn clean_section(field: &str, raw: &str) -> Result<String, AppError> {
    let s: String = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let s = s.trim().to_string();
    if s.chars().count() > MAX_SECTION {
        return Err(AppError::invalid(field, "err.section_too_long"));
    }
    Ok(s)
}

/// Cleans the four sections.
pub fn clean_sections(input: &Sections) -> Result<Sections, AppError> {
    Ok(Sections {
        results: clean_section("results", &input.results)?,
        shortcomings: clean_section("shortcomings", &input.shortcomings)?,
        next_tasks: clean_section("next_tasks", &input.next_tasks)?,
        proposals: clean_section("proposals", &input.proposals)?,
    })
}

/// The figures of a period for a set of units (`None`: the whole province), as of the cut-off:
/// the tasks of every plan the period reports on, by source document (oldest first) then in plan order,
/// with their class and latest update text; counts; indicator values.
pub async fn snapshot(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    scope_units: Option<&[UnitId]>,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Snapshot, AppError> {
    let as_of = period.cutoff;
    let sources = crate::services::reporting::sources_of_year(db, period.year).await?;
    let plan_ids: Vec<PlanId> = sources.iter().map(|p| p.id).collect();
    let numbers: HashMap<PlanId, String> =
        sources.iter().map(|p| (p.id, p.number.clone())).collect();
    let labels: HashMap<PlanId, String> = sources.iter().map(|p| (p.id, p.label())).collect();
    let scope = TaskScope {
        plans: Some(plan_ids.clone()),
        units: scope_units.map(<[UnitId]>::to_vec),
        ..TaskScope::default()
    };
    let areas = crate::services::tasks::areas(db).await?;
    let area_names: HashMap<AreaId, String> =
        areas.iter().map(|a| (a.id, a.name_vi.clone())).collect();
    let positions = crate::services::tasks::area_positions(&areas);
    let mut rows = query::rows(
        db,
        &scope,
        as_of,
        ListOrder::Plan,
        0,
        u64::MAX >> 1,
        units,
        &numbers,
        &positions,
    )
    .await?;
    // By source document, keeping each plan's own order.
    rows.sort_by_key(|r| plan_ids.iter().position(|p| *p == r.plan_id));
    // The latest update of each task written up to the cut-off (Vietnam's day ends at 17:00
    // UTC).
    let until = as_of
        .and_hms_opt(17, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(Utc::now);
    let mut latest: HashMap<i32, String> = HashMap::new();
    if !rows.is_empty() {
        let updates: Vec<(i32, String)> = progress_update::Entity::find()
            .select_only()
            .column(progress_update::Column::TaskId)
            .column(progress_update::Column::Body)
            .filter(progress_update::Column::Kind.eq(UpdateKind::Update))
            .filter(progress_update::Column::CreatedAt.lt(until))
            .filter(
                progress_update::Column::TaskId.in_subquery(
                    Query::select()
                        .column(task::Column::Id)
                        .from(task::Entity)
                        .and_where(Expr::col(task::Column::PlanId).is_in(plan_ids.clone()))
                        .to_owned(),
                ),
            )
            .order_by_asc(progress_update::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        for (t, body) in updates {
            latest.insert(t, body);
        }
    }
    let mut counts = ClassCounts::default();
    let tasks: Vec<SnapTask> = rows
        .into_iter()
        .map(|r| {
            counts.add(r.class, 1);
            SnapTask {
                id: r.id,
                item_no: r.item_no,
                area: area_names.get(&r.area_id).cloned().unwrap_or_default(),
                source: labels.get(&r.plan_id).cloned().unwrap_or(r.plan_number),
                lead: scope_units.is_none_or(|u| u.contains(&r.lead_unit_id)),
                lead_unit: r.lead_unit,
                due_text: r.due_text,
                due_on: r.due_on,
                progress: r.progress,
                state: r.state,
                class: r.class,
                days_overdue: r.days_overdue.unwrap_or(0),
                latest_update: latest.remove(&r.id.0).unwrap_or_default(),
                title: r.title,
            }
        })
        .collect();
    let indicators = indicators(db, period, &plan_ids, scope_units).await?;
    Ok(Snapshot {
        as_of,
        counts,
        tasks,
        indicators,
    })
}

/// The plans' indicators (those one of `scope_units` answers for, when given) with each unit's
/// latest value of `year` up to period `upto` (all of the year's periods when `None`); values
/// of other units are left out when `scope_units` is given. Two queries.
pub async fn indicator_values(
    db: &impl ConnectionTrait,
    plan_ids: &[PlanId],
    year: i32,
    upto: Option<PeriodKind>,
    scope_units: Option<&[UnitId]>,
) -> Result<Vec<(indicator::Model, Vec<indicator_value::Model>)>, AppError> {
    let mut s =
        indicator::Entity::find().filter(indicator::Column::PlanId.is_in(plan_ids.to_vec()));
    if let Some(u) = scope_units {
        s = s.filter(
            indicator::Column::Id.in_subquery(
                Query::select()
                    .column(indicator_unit::Column::IndicatorId)
                    .from(indicator_unit::Entity)
                    .and_where(Expr::col(indicator_unit::Column::UnitId).is_in(u.to_vec()))
                    .to_owned(),
            ),
        );
    }
    let inds = s
        .order_by_asc(indicator::Column::PlanId)
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    if inds.is_empty() {
        return Ok(Vec::new());
    }
    // The periods of the year up to this one: a unit's value is its latest reported by then.
    let rank = |k: PeriodKind| PeriodKind::ALL.iter().position(|p| *p == k).unwrap_or(0);
    let last = upto.map_or(PeriodKind::ALL.len(), rank);
    let kinds: Vec<PeriodKind> = PeriodKind::ALL
        .into_iter()
        .filter(|k| rank(*k) <= last)
        .collect();
    let mut vs = indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.is_in(inds.iter().map(|i| i.id)))
        .filter(indicator_value::Column::Year.eq(year))
        .filter(indicator_value::Column::Period.is_in(kinds));
    if let Some(u) = scope_units {
        vs = vs.filter(indicator_value::Column::UnitId.is_in(u.to_vec()));
    }
    let mut latest: HashMap<(i32, UnitId), indicator_value::Model> = HashMap::new();
    for v in vs.all(db).await? {
        match latest.get(&(v.indicator_id, v.unit_id)) {
            Some(old) if rank(old.period) >= rank(v.period) => {}
            _ => {
                latest.insert((v.indicator_id, v.unit_id), v);
            }
        }
    }
    let mut values: HashMap<i32, Vec<indicator_value::Model>> = HashMap::new();
    for v in latest.into_values() {
        values.entry(v.indicator_id).or_default().push(v);
    }
    Ok(inds
        .into_iter()
        .map(|i| {
            let mut vals = values.remove(&i.id).unwrap_or_default();
            vals.sort_by_key(|v| v.unit_id);
            (i, vals)
        })
        .collect())
}

/// An indicator's actual value from the units' values as the indicator says to form it
/// (one unit's own, or the province's over the units that reported).
pub fn figure(i: &indicator::Model, vals: &[indicator_value::Model]) -> Option<f64> {
    let pairs: Vec<(f64, Option<f64>)> = vals.iter().map(|v| (v.value, v.base)).collect();
    i.aggregation.combine(&pairs)
}

/// The plans' indicators (those a unit answers for, when given) with their actual value at the
/// period: each unit's latest value of the year up to the period; the unit's own, or the
/// province's formed as the indicator says ([`figure`]).
async fn indicators(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    plan_ids: &[PlanId],
    scope_units: Option<&[UnitId]>,
) -> Result<Vec<SnapIndicator>, AppError> {
    Ok(
        indicator_values(db, plan_ids, period.year, Some(period.kind), scope_units)
            .await?
            .into_iter()
            .map(|(i, vals)| {
                let actual = figure(&i, &vals);
                let note = if scope_units.is_some() {
                    vals.iter()
                        .map(|v| v.note.clone())
                        .filter(|n| !n.is_empty())
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    vals.len().to_string()
                };
                SnapIndicator {
                    attainment: actual.and_then(|a| i.direction.attainment(i.target, a)),
                    attained: actual.map(|a| i.direction.attained(i.target, a)),
                    actual,
                    name: i.name,
                    measure: i.measure,
                    target: i.target,
                    direction: i.direction,
                    note,
                    baseline: i.baseline,
                    aggregation: i.aggregation,
                }
            })
            .collect(),
    )
}

/// The viewer may draft this unit's report.
fn may_edit(user: &CurrentUser, unit_id: UnitId) -> bool {
    user.may(Right::WriteFor(unit_id))
}

/// A unit report and its period, if started.
async fn find_report(
    db: &impl ConnectionTrait,
    period_id: PeriodId,
    unit_id: UnitId,
) -> Result<Option<unit_report::Model>, AppError> {
    Ok(unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(period_id.0))
        .filter(unit_report::Column::UnitId.eq(unit_id))
        .one(db)
        .await?)
}

/// The unit report page (live figures while drafting, the frozen snapshot once submitted).
pub async fn get(
    db: &DatabaseConnection,
    user: &CurrentUser,
    period_id: PeriodId,
    unit_id: UnitId,
) -> Result<UnitReportView, AppError> {
    user.ensure(Right::SeeUnit(unit_id))?;
    let (p, period) = find_view(db, period_id).await?;
    let units = unit_names(db).await?;
    let Some(u) = units.get(&unit_id) else {
        return Err(AppError::NotFound);
    };
    let unit_name = u.name.clone();
    let report = find_report(db, period_id, unit_id).await?;
    // A submitted report shows the figures it was submitted with; one that cannot be read is
    // an error, never the live figures instead.
    let frozen_snapshot = match report.as_ref() {
        Some(r) if !r.status.editable() => match r.snapshot.as_deref() {
            Some(json) => Some(stored::report::read_snapshot(json, r.id)?),
            None => None,
        },
        _ => None,
    };
    let frozen = frozen_snapshot.is_some();
    let snapshot = match frozen_snapshot {
        Some(s) => s,
        None => {
            let acting = acting_units_in(&units, unit_id);
            snapshot(db, &p, Some(&acting), &units).await?
        }
    };
    let mut history = Vec::new();
    let mut exports = Vec::new();
    if let Some(r) = &report {
        let events = unit_report_event::Entity::find()
            .filter(unit_report_event::Column::ReportId.eq(r.id))
            .order_by_asc(unit_report_event::Column::Id)
            .all(db)
            .await?;
        let names = names_by_id(db, events.iter().filter_map(|e| e.user_id)).await?;
        history = events
            .into_iter()
            .map(|e| HistoryEntry {
                action: e.action,
                user: e
                    .user_id
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                at: e.at,
                comment: e.comment,
            })
            .collect();
        exports =
            crate::services::documents::reports::exports_of(db, &format!("u:{}", r.id)).await?;
    }
    let related = related_reports(db, &p, unit_id).await?;
    let directions = crate::services::directions::of_report(db, user, &p, unit_id, &units).await?;
    let status = report.as_ref().map(|r| r.status);
    // A period merged into a province period only keeps its reports as history.
    let live = p.merged_into.is_none();
    let editable = live && status.is_none_or(ReportStatus::editable);
    let issuer = crate::services::units::issuer(db, unit_id).await?;
    Ok(UnitReportView {
        signers: issuer.signers,
        doc_symbol: issuer.symbol,
        period,
        unit_id,
        unit_name,
        report_id: report.as_ref().map(|r| UnitReportId(r.id)),
        status,
        state: BoardState::of(status, report.as_ref().is_some_and(|r| r.submitted_late)),
        sections: report
            .as_ref()
            .map(|r| Sections {
                results: r.results.clone(),
                shortcomings: r.shortcomings.clone(),
                next_tasks: r.next_tasks.clone(),
                proposals: r.proposals.clone(),
            })
            .unwrap_or_default(),
        snapshot,
        frozen,
        review_comment: report
            .as_ref()
            .map(|r| r.review_comment.clone())
            .unwrap_or_default(),
        submitted_at: report.as_ref().and_then(|r| r.submitted_at),
        history,
        exports,
        related,
        directions,
        can_direct: live && user.may(Right::GiveDirections),
        can_edit: editable && may_edit(user, unit_id),
        can_submit: editable && p.is_open && user.may(Right::SubmitFor(unit_id)),
        can_review: live && status == Some(ReportStatus::Submitted) && user.may(Right::ManagePlans),
    })
}

/// The unit's other reports of the same period: on a province period, those made for single
/// plans in the periods merged into it; on such a merged period, the province period's report.
async fn related_reports(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    unit_id: UnitId,
) -> Result<Vec<RelatedReport>, AppError> {
    let periods: Vec<reporting_period::Model> = match period.merged_into {
        Some(live) => reporting_period::Entity::find_by_id(live).all(db).await?,
        None => {
            reporting_period::Entity::find()
                .filter(reporting_period::Column::MergedInto.eq(period.id))
                .all(db)
                .await?
        }
    };
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let numbers = crate::services::reporting::plan_numbers(db).await?;
    let reports = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.is_in(periods.iter().map(|p| p.id)))
        .filter(unit_report::Column::UnitId.eq(unit_id))
        .order_by_asc(unit_report::Column::Id)
        .all(db)
        .await?;
    Ok(reports
        .into_iter()
        .map(|r| {
            let plan = periods
                .iter()
                .find(|p| p.id == r.period_id)
                .and_then(|p| p.plan_id);
            RelatedReport {
                period_id: PeriodId(r.period_id),
                plan_number: plan
                    .and_then(|p| numbers.get(&p).cloned())
                    .unwrap_or_default(),
                status: r.status,
            }
        })
        .collect())
}

async fn event(
    db: &impl ConnectionTrait,
    report_id: i32,
    action: ReportEvent,
    user: &CurrentUser,
    comment: &str,
) -> Result<(), AppError> {
    unit_report_event::ActiveModel {
        report_id: Set(report_id),
        action: Set(action),
        user_id: Set(Some(user.id.0)),
        comment: Set(comment.to_string()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Saves the draft's narrative (the unit's officer or head), starting the report if needed.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    period_id: PeriodId,
    unit_id: UnitId,
    input: &Sections,
) -> Result<UnitReportId, AppError> {
    if !may_edit(user, unit_id) {
        return Err(AppError::Forbidden);
    }
    let sections = clean_sections(input)?;
    let txn = db.begin().await?;
    find_live(&txn, period_id).await?;
    let id = write_sections(&txn, user, period_id, unit_id, &sections).await?;
    audit::Change::new("unit_report.save", "unit_report", id)
        .after(&sections)
        .commit(txn, Actor::User(user))
        .await?;
    Ok(id)
}

/// Writes the sections of an editable report (creating the draft); refuses a report under
/// review or accepted.
async fn write_sections(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    period_id: PeriodId,
    unit_id: UnitId,
    s: &Sections,
) -> Result<UnitReportId, AppError> {
    let now = Utc::now();
    match find_report(db, period_id, unit_id).await? {
        Some(r) => {
            if !r.status.editable() {
                return Err(AppError::conflict("status", "err.report_not_editable"));
            }
            let id = r.id;
            let mut m: unit_report::ActiveModel = r.into();
            m.results = Set(s.results.clone());
            m.shortcomings = Set(s.shortcomings.clone());
            m.next_tasks = Set(s.next_tasks.clone());
            m.proposals = Set(s.proposals.clone());
            m.updated_at = Set(now);
            m.update(db).await?;
            Ok(UnitReportId(id))
        }
        None => {
            let m = unit_report::ActiveModel {
                period_id: Set(period_id.0),
                unit_id: Set(unit_id),
                status: Set(ReportStatus::Draft),
                results: Set(s.results.clone()),
                shortcomings: Set(s.shortcomings.clone()),
                next_tasks: Set(s.next_tasks.clone()),
                proposals: Set(s.proposals.clone()),
                snapshot: Set(None),
                submitted_at: Set(None),
                submitted_by: Set(None),
                submitted_late: Set(false),
                submissions: Set(0),
                reviewed_at: Set(None),
                reviewed_by: Set(None),
                review_comment: Set(String::new()),
                created_by: Set(Some(user.id.0)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(crate::services::unique_or_internal(
                "status",
                "err.report_not_editable",
            ))?;
            event(db, m.id, ReportEvent::Created, user, "").await?;
            Ok(UnitReportId(m.id))
        }
    }
}

/// Saves the narrative and submits the report (the unit head, while the period is open):
/// freezes the figures as of the cut-off. A second submission is refused.
pub async fn submit(
    db: &DatabaseConnection,
    user: &CurrentUser,
    today: NaiveDate,
    period_id: PeriodId,
    unit_id: UnitId,
    input: &Sections,
) -> Result<UnitReportId, AppError> {
    user.ensure(Right::WriteFor(unit_id))?;
    if !user.may(Right::SubmitFor(unit_id)) {
        return Err(AppError::conflict("status", "err.only_head_submits"));
    }
    let sections = clean_sections(input)?;
    if sections.results.is_empty() {
        return Err(AppError::invalid("results", "err.results_required"));
    }
    let txn = db.begin().await?;
    let p = find_live(&txn, period_id).await?;
    if !p.is_open {
        return Err(AppError::conflict("period", "err.period_closed"));
    }
    let id = write_sections(&txn, user, period_id, unit_id, &sections).await?;
    let units = unit_names(&txn).await?;
    let acting = acting_units_in(&units, unit_id);
    let snap = snapshot(&txn, &p, Some(&acting), &units).await?;
    let r = unit_report::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let first = r.submissions == 0;
    let late = if first {
        is_late(today, p.unit_due_on)
    } else {
        r.submitted_late
    };
    let now = Utc::now();
    // Conditional on the status, so two simultaneous submissions cannot both pass.
    let done = unit_report::Entity::update_many()
        .col_expr(
            unit_report::Column::Status,
            Expr::value(ReportStatus::Submitted.as_str()),
        )
        .col_expr(
            unit_report::Column::Snapshot,
            Expr::value(stored::report::write_snapshot(&snap)?),
        )
        .col_expr(unit_report::Column::SubmittedAt, Expr::value(now))
        .col_expr(unit_report::Column::SubmittedBy, Expr::value(user.id.0))
        .col_expr(unit_report::Column::SubmittedLate, Expr::value(late))
        .col_expr(
            unit_report::Column::Submissions,
            Expr::value(r.submissions.saturating_add(1)),
        )
        .col_expr(unit_report::Column::UpdatedAt, Expr::value(now))
        .filter(unit_report::Column::Id.eq(id.0))
        .filter(unit_report::Column::Status.is_in([ReportStatus::Draft, ReportStatus::Returned]))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("status", "err.report_not_editable"));
    }
    crate::services::reminders::stop_for_report(&txn, period_id.0, unit_id, now).await?;
    event(
        &txn,
        id.0,
        if first {
            ReportEvent::Submitted
        } else {
            ReportEvent::Resubmitted
        },
        user,
        "",
    )
    .await?;
    audit::Change::new("unit_report.submit", "unit_report", id)
        .after(&serde_json::json!({ "late": late, "tasks": snap.tasks.len() }))
        .commit(txn, Actor::User(user))
        .await?;
    crate::services::counters::report_submitted();
    Ok(id)
}

/// Accepts a submitted report, or returns it with a comment (PAR office).
pub async fn review(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: UnitReportId,
    accept: bool,
    comment: &str,
) -> Result<(PeriodId, UnitId), AppError> {
    user.ensure(Right::ManagePlans)?;
    let comment = clean_section("comment", comment)?;
    if !accept && comment.chars().count() < 3 {
        return Err(AppError::invalid("comment", "err.return_comment"));
    }
    let txn = db.begin().await?;
    let r = unit_report::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    find_live(&txn, PeriodId(r.period_id)).await?;
    let (status, action) = if accept {
        (ReportStatus::Accepted, ReportEvent::Accepted)
    } else {
        (ReportStatus::Returned, ReportEvent::Returned)
    };
    let done = unit_report::Entity::update_many()
        .col_expr(unit_report::Column::Status, Expr::value(status.as_str()))
        .col_expr(unit_report::Column::ReviewedAt, Expr::value(Utc::now()))
        .col_expr(unit_report::Column::ReviewedBy, Expr::value(user.id.0))
        .col_expr(
            unit_report::Column::ReviewComment,
            Expr::value(comment.clone()),
        )
        .col_expr(unit_report::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(unit_report::Column::Id.eq(r.id))
        .filter(unit_report::Column::Status.eq(ReportStatus::Submitted))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("status", "err.report_not_submitted"));
    }
    event(&txn, r.id, action, user, &comment).await?;
    audit::Change::new(
        if accept {
            "unit_report.accept"
        } else {
            "unit_report.return"
        },
        "unit_report",
        r.id,
    )
    .after(&comment)
    .commit(txn, Actor::User(user))
    .await?;
    Ok((PeriodId(r.period_id), r.unit_id))
}
