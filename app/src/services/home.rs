//! The home pages' work queues: what waits for the PAR office (reports to review, units late
//! to report this period, overdue tasks by unit) and for a unit (its report due).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::report::{BoardState, ReportStatus};
use crate::domain::{CurrentUser, Right, UnitId, UnitReportId};
use crate::entities::{reporting_period, unit_report};
use crate::error::AppError;
use crate::model::home::{CurrentPeriod, OfficeQueue, OverdueUnit, ReportDue, WorkQueue};
use crate::model::report::QueueItem;
use crate::services::reporting::{board_rows, plans_in_force, view};
use crate::services::tasks::query::{class_counts_by_area_and_unit, TaskScope};
use crate::services::units::scope::UnitNames;

/// Rows of each list shown at most (the rest is one link away).
const SHOWN: usize = 10;

/// The period units report on now: the open period due first; with none open, the latest
/// whose cut-off has passed.
pub async fn current_period(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Option<reporting_period::Model>, AppError> {
    let live = reporting_period::Entity::find()
        .filter(reporting_period::Column::MergedInto.is_null())
        .order_by_asc(reporting_period::Column::UnitDueOn)
        .all(db)
        .await?;
    if let Some(open) = live.iter().find(|p| p.is_open) {
        return Ok(Some(open.clone()));
    }
    Ok(live.into_iter().rev().find(|p| p.cutoff <= today))
}

/// The home page's queue for `user` (empty for roles without one).
pub async fn queue(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<WorkQueue, AppError> {
    if user.may(Right::ManagePlans) {
        return Ok(WorkQueue {
            office: Some(office(db, today, units).await?),
            ..WorkQueue::default()
        });
    }
    let Some(unit) = user.unit_id.filter(|_| user.role.requires_unit()) else {
        return Ok(WorkQueue::default());
    };
    let open_directions = crate::services::directions::open_count(db, units, unit).await?;
    let Some(p) = current_period(db, today).await? else {
        return Ok(WorkQueue {
            open_directions,
            ..WorkQueue::default()
        });
    };
    let report = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(p.id))
        .filter(unit_report::Column::UnitId.eq(unit))
        .one(db)
        .await?;
    Ok(WorkQueue {
        office: None,
        open_directions,
        report_due: Some(ReportDue {
            period: view(&p, ""),
            unit_id: unit,
            state: BoardState::of(
                report.as_ref().map(|r| r.status),
                report.is_some_and(|r| r.submitted_late),
            ),
        }),
    })
}

async fn office(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<OfficeQueue, AppError> {
    let name = |u: UnitId| units.get(&u).map(|n| n.name.clone()).unwrap_or_default();
    // Reports waiting for review, in live periods.
    let live: HashMap<i32, reporting_period::Model> = reporting_period::Entity::find()
        .filter(reporting_period::Column::MergedInto.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let review = unit_report::Entity::find()
        .filter(unit_report::Column::Status.eq(ReportStatus::Submitted))
        .order_by_asc(unit_report::Column::SubmittedAt)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            let p = live.get(&r.period_id)?;
            Some(QueueItem {
                report_id: UnitReportId(r.id),
                period: view(p, ""),
                unit_id: r.unit_id,
                unit_name: name(r.unit_id),
                submitted_at: r.submitted_at,
                late: r.submitted_late,
                submissions: r.submissions,
            })
        })
        .collect();
    // Where the units are with the current period.
    let current = match current_period(db, today).await? {
        Some(p) => {
            let rows = board_rows(db, &p, units).await?;
            let received = rows
                .iter()
                .filter(|r| {
                    matches!(
                        r.state,
                        BoardState::SubmittedOnTime
                            | BoardState::SubmittedLate
                            | BoardState::Accepted
                    )
                })
                .count() as u64;
            let expected = rows.len() as u64;
            let mut missing: Vec<_> = rows
                .into_iter()
                .filter(|r| {
                    matches!(
                        r.state,
                        BoardState::NotStarted | BoardState::Draft | BoardState::Returned
                    )
                })
                .collect();
            missing.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
            Some(CurrentPeriod {
                overdue: today > p.unit_due_on,
                period: view(&p, ""),
                missing,
                expected,
                received,
            })
        }
        None => None,
    };
    // Overdue tasks by the unit that answers for them now.
    let scope = TaskScope {
        plans: Some(plans_in_force(db).await?.into_iter().map(|p| p.0).collect()),
        ..TaskScope::default()
    };
    let counts = class_counts_by_area_and_unit(db, &scope, today).await?;
    let overdue_total = counts.total.overdue;
    let mut overdue_units: Vec<OverdueUnit> =
        crate::services::reporting::province::per_reporting_unit(counts.by_unit, units)
            .into_iter()
            .filter(|(_, c)| c.overdue > 0)
            .map(|(u, c)| OverdueUnit {
                unit_id: u,
                name: name(u),
                overdue: c.overdue,
            })
            .collect();
    overdue_units.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.name.cmp(&b.name)));
    overdue_units.truncate(SHOWN);
    Ok(OfficeQueue {
        review,
        current,
        overdue_units,
        overdue_total,
    })
}
