//! The province report of a period: compiled by the PAR office from the accepted unit reports
//! and the task data (figures as of the cut-off), narrative pre-filled from the unit reports,
//! then edited.

use chrono::NaiveDate;
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::domain::form::clean_text;
use crate::domain::report::{period_phrase_vi, BoardState, ReportStatus};
use crate::domain::task::FollowUpClass;
use crate::domain::CurrentUser;
use crate::domain::{PeriodId, Right, UnitId};
use crate::entities::{province_report, reporting_period, unit_report};
use crate::error::AppError;
use crate::model::plan::ClassCounts;
use crate::model::report::{
    FigureRow, LateUnit, ProvinceFigures, ProvinceInput, ProvinceReportView,
};
use crate::services::audit::{self, Actor};
use crate::services::parse_date;
use crate::services::reporting::unit::{clean_section, snapshot};
use crate::services::reporting::{board_rows, find_live, find_view};
use crate::services::stored;
use crate::services::tasks::query::{class_counts_by_area_and_unit, TaskScope};
use crate::services::units::scope::{unit_names, UnitNames};

/// Counts per lead unit folded into the units that answer for them now: a retired unit's tasks
/// count for its successor (the report's and the dashboard's unit rows).
pub fn per_reporting_unit(
    counts: HashMap<UnitId, ClassCounts>,
    units: &HashMap<UnitId, UnitNames>,
) -> HashMap<UnitId, ClassCounts> {
    let mut out: HashMap<UnitId, ClassCounts> = HashMap::new();
    for (u, c) in counts {
        let e = out
            .entry(crate::services::reporting::reporting_unit(units, u))
            .or_default();
        for class in FollowUpClass::ALL {
            e.add(class, c.get(class));
        }
    }
    out
}

/// The figures of a period, as of its cut-off: counts per class overall, per area and per lead
/// unit (aggregated by the database), indicators, units late to report, overdue tasks and the
/// task list.
pub async fn figures(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<ProvinceFigures, AppError> {
    let as_of = period.cutoff;
    let plans = crate::services::reporting::plans_of_year(db, period.year).await?;
    let scope = TaskScope {
        plans: Some(plans.into_iter().map(|p| p.0).collect()),
        ..TaskScope::default()
    };
    let counts = class_counts_by_area_and_unit(db, &scope, as_of).await?;
    let totals = counts.total;
    let areas = crate::services::tasks::areas(db).await?;
    let by_area = areas
        .iter()
        .filter_map(|a| {
            counts.by_area.get(&a.id).map(|c| FigureRow {
                label: a.name_vi.clone(),
                counts: *c,
            })
        })
        .collect();
    let mut by_unit: Vec<FigureRow> = per_reporting_unit(counts.by_unit, units)
        .into_iter()
        .map(|(u, c)| FigureRow {
            label: units.get(&u).map(|n| n.name.clone()).unwrap_or_default(),
            counts: c,
        })
        .collect();
    by_unit.sort_by(|a, b| {
        b.counts
            .overdue
            .cmp(&a.counts.overdue)
            .then_with(|| a.label.cmp(&b.label))
    });
    let snap = snapshot(db, period, None, units).await?;
    let mut overdue: Vec<_> = snap
        .tasks
        .iter()
        .filter(|t| t.class == FollowUpClass::Overdue)
        .cloned()
        .collect();
    overdue.sort_by_key(|t| std::cmp::Reverse(t.days_overdue));
    let board = board_rows(db, period, units).await?;
    let late_units = board
        .iter()
        .filter(|r| {
            matches!(
                r.state,
                BoardState::NotStarted
                    | BoardState::Draft
                    | BoardState::SubmittedLate
                    | BoardState::Returned
            )
        })
        .map(|r| LateUnit {
            unit_name: r.unit_name.clone(),
            state: r.state,
        })
        .collect();
    Ok(ProvinceFigures {
        as_of,
        totals,
        by_area,
        by_unit,
        indicators: snap.indicators,
        late_units,
        units_expected: board.len() as u64,
        units_accepted: board
            .iter()
            .filter(|r| r.state == BoardState::Accepted)
            .count() as u64,
        overdue,
        tasks: snap.tasks,
    })
}

/// Accepted unit reports of a period, with their unit's name, by name.
async fn accepted_reports(
    db: &impl ConnectionTrait,
    period_id: i32,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Vec<(String, unit_report::Model)>, AppError> {
    let mut out: Vec<(String, unit_report::Model)> = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(period_id))
        .filter(unit_report::Column::Status.eq(ReportStatus::Accepted))
        .order_by_asc(unit_report::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                units
                    .get(&r.unit_id)
                    .map(|u| u.short_name.clone())
                    .unwrap_or_default(),
                r,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// "- Unit: text" lines from the units' sections (empty sections skipped).
fn gather(
    reports: &[(String, unit_report::Model)],
    pick: fn(&unit_report::Model) -> &str,
) -> String {
    reports
        .iter()
        .filter(|(_, r)| !pick(r).trim().is_empty())
        .map(|(name, r)| format!("- {name}: {}", pick(r).trim().replace('\n', " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source documents as a sentence names them: "Kế hoạch số 52/KH-UBND", or "Kế hoạch số
/// 52/KH-UBND, Kế hoạch số 45/KH-UBND và Thông báo số 156/TB-UBND".
pub fn sources_text(labels: &[String]) -> String {
    match labels {
        [] => "các kế hoạch cải cách hành chính của tỉnh".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

/// The opening paragraph of section I from the figures.
pub fn direction_text(f: &ProvinceFigures, sources: &str) -> String {
    let total = f.totals.total();
    let rate = f
        .totals
        .completion_rate()
        .map(|r| format!("{r:.1}").replace('.', ","))
        .unwrap_or_else(|| "0".into());
    format!(
        "Thực hiện {sources}, tính đến ngày {}, toàn tỉnh có {total} nhiệm vụ được giao; \
         đã hoàn thành {} nhiệm vụ (đạt {rate}%), trong đó {} nhiệm vụ hoàn thành đúng hạn và {} nhiệm vụ \
         hoàn thành quá hạn; {} nhiệm vụ đang thực hiện trong hạn; {} nhiệm vụ quá hạn chưa hoàn thành. \
         Có {}/{} cơ quan, đơn vị có báo cáo được tiếp nhận.",
        f.as_of.format("%d/%m/%Y"),
        f.totals.on_time + f.totals.late,
        f.totals.on_time,
        f.totals.late,
        f.totals.in_progress,
        f.totals.overdue,
        f.units_accepted,
        f.units_expected,
    )
}

/// Compiles (or re-compiles) the period's report: refreshes the figures and fills the
/// narrative sections that are still empty from the accepted unit reports. Refused while no
/// unit report has been accepted.
pub async fn compile(
    db: &DatabaseConnection,
    user: &CurrentUser,
    today: NaiveDate,
    period_id: PeriodId,
) -> Result<(), AppError> {
    user.ensure(Right::ManagePlans)?;
    let txn = db.begin().await?;
    let p = find_live(&txn, period_id).await?;
    let province = crate::services::settings::province(&txn).await?;
    let labels: Vec<String> = crate::services::reporting::sources_of_year(&txn, p.year)
        .await?
        .iter()
        .map(crate::services::reporting::Source::label)
        .collect();
    let sources = sources_text(&labels);
    let units = unit_names(&txn).await?;
    let accepted = accepted_reports(&txn, p.id, &units).await?;
    if accepted.is_empty() {
        return Err(AppError::conflict("period", "err.no_accepted_reports"));
    }
    let f = figures(&txn, &p, &units).await?;
    let figures_json = stored::report::write_figures(&f)?;
    let now = Utc::now();
    let existing = province_report::Entity::find()
        .filter(province_report::Column::PeriodId.eq(p.id))
        .one(&txn)
        .await?;
    let fill = |current: Option<&String>, default: String| match current {
        Some(c) if !c.trim().is_empty() => c.clone(),
        _ => default,
    };
    let results = gather(&accepted, |r| &r.results);
    let shortcomings = gather(&accepted, |r| &r.shortcomings);
    let next_tasks = gather(&accepted, |r| &r.next_tasks);
    let proposals = gather(&accepted, |r| &r.proposals);
    // A new report is signed, numbered and sent as the People's Committee does by default.
    let committee = match crate::services::units::province_committee(&txn).await? {
        Some(c) => Some(crate::services::units::issuer(&txn, c.id).await?),
        None => None,
    };
    let symbol = committee
        .as_ref()
        .map_or_else(|| "UBND".to_string(), |c| c.symbol.clone());
    let signer = committee.and_then(|c| c.signers.into_iter().next());
    match existing {
        Some(r) => {
            let mut m: province_report::ActiveModel = r.clone().into();
            m.direction = Set(fill(Some(&r.direction), direction_text(&f, &sources)));
            m.results = Set(fill(Some(&r.results), results));
            m.assessment = Set(fill(Some(&r.assessment), shortcomings));
            m.next_tasks = Set(fill(Some(&r.next_tasks), next_tasks));
            m.proposals = Set(fill(Some(&r.proposals), proposals));
            m.figures = Set(figures_json);
            m.compiled_at = Set(now);
            m.compiled_by = Set(Some(user.id.0));
            m.updated_at = Set(now);
            m.update(&txn).await?;
        }
        None => {
            province_report::ActiveModel {
                period_id: Set(p.id),
                number: Set(format!("/BC-{symbol}")),
                place: Set(province.place.clone()),
                report_date: Set(today),
                summary: Set(format!(
                    "Kết quả thực hiện công tác cải cách hành chính {}",
                    period_phrase_vi(p.kind, p.year)
                )),
                direction: Set(direction_text(&f, &sources)),
                results: Set(results),
                assessment: Set(shortcomings),
                next_tasks: Set(next_tasks),
                proposals: Set(proposals),
                recipients: Set(province.province_recipients.clone()),
                signer_lines: Set(signer
                    .as_ref()
                    .map(|s| s.block_lines().join("\n"))
                    .unwrap_or_else(|| "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".into())),
                signer_name: Set(signer.map(|s| s.full_name).unwrap_or_default()),
                figures: Set(figures_json),
                compiled_at: Set(now),
                compiled_by: Set(Some(user.id.0)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(crate::services::unique_or_internal(
                "period",
                "err.conflict_retry",
            ))?;
        }
    }
    audit::Change::new("province_report.compile", "period", p.id)
        .after(&serde_json::json!({
            "accepted": accepted.len(),
            "tasks": f.totals.total(),
        }))
        .commit(txn, Actor::User(user))
        .await
}

/// The province report of a period, if compiled.
pub async fn find(
    db: &impl ConnectionTrait,
    period_id: i32,
) -> Result<Option<province_report::Model>, AppError> {
    Ok(province_report::Entity::find()
        .filter(province_report::Column::PeriodId.eq(period_id))
        .one(db)
        .await?)
}

fn input_of(r: &province_report::Model) -> ProvinceInput {
    ProvinceInput {
        number: r.number.clone(),
        place: r.place.clone(),
        report_date: r.report_date.format("%Y-%m-%d").to_string(),
        summary: r.summary.clone(),
        steering: r.direction.clone(),
        results: r.results.clone(),
        assessment: r.assessment.clone(),
        next_tasks: r.next_tasks.clone(),
        proposals: r.proposals.clone(),
        recipients: r.recipients.clone(),
        signer_lines: r.signer_lines.clone(),
        signer_name: r.signer_name.clone(),
    }
}

/// The province report page (PAR office, admin and leaders).
pub async fn get(
    db: &DatabaseConnection,
    user: &CurrentUser,
    period_id: PeriodId,
) -> Result<ProvinceReportView, AppError> {
    if !user.may(Right::SeeAllUnits) {
        return Err(AppError::Forbidden);
    }
    let (p, period) = find_view(db, period_id).await?;
    let r = find(db, p.id).await?;
    let accepted = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(p.id))
        .filter(unit_report::Column::Status.eq(ReportStatus::Accepted))
        .all(db)
        .await?
        .len() as u64;
    let exports = match &r {
        Some(r) => {
            crate::services::documents::reports::exports_of(db, &format!("p:{}", r.id)).await?
        }
        None => Vec::new(),
    };
    let directions = crate::services::directions::of_period(db, user, &p).await?;
    let signers = match crate::services::units::province_committee(db).await? {
        Some(c) => crate::services::units::signers::of_unit(db, c.id).await?,
        None => Vec::new(),
    };
    Ok(ProvinceReportView {
        period,
        signers,
        directions,
        compiled: r.is_some(),
        compiled_at: r.as_ref().map(|r| r.compiled_at),
        input: r.as_ref().map(input_of).unwrap_or_default(),
        figures: match r.as_ref() {
            Some(r) => Some(stored::report::read_figures(&r.figures, r.id)?),
            None => None,
        },
        accepted,
        exports,
        can_manage: user.may(Right::ManagePlans) && p.merged_into.is_none(),
    })
}

/// Saves the editable text of a compiled report (PAR office).
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    period_id: PeriodId,
    input: &ProvinceInput,
) -> Result<(), AppError> {
    user.ensure(Right::ManagePlans)?;
    let number = clean_text("number", &input.number, 3, 64, "err.required")?;
    let place = clean_text("place", &input.place, 2, 128, "err.required")?;
    let report_date = parse_date("report_date", &input.report_date)?;
    let summary = clean_text("summary", &input.summary, 5, 500, "err.required")?;
    let direction = clean_section("steering", &input.steering)?;
    let results = clean_section("results", &input.results)?;
    let assessment = clean_section("assessment", &input.assessment)?;
    let next_tasks = clean_section("next_tasks", &input.next_tasks)?;
    let proposals = clean_section("proposals", &input.proposals)?;
    let recipients = clean_section("recipients", &input.recipients)?;
    let signer_lines = clean_section("signer_lines", &input.signer_lines)?;
    let signer_name = clean_text("signer_name", &input.signer_name, 0, 255, "err.required")?;
    let txn = db.begin().await?;
    find_live(&txn, period_id).await?;
    let r = find(&txn, period_id.0)
        .await?
        .ok_or_else(|| AppError::conflict("period", "err.not_compiled"))?;
    let before = input_of(&r);
    let mut m: province_report::ActiveModel = r.into();
    m.number = Set(number);
    m.place = Set(place);
    m.report_date = Set(report_date);
    m.summary = Set(summary);
    m.direction = Set(direction);
    m.results = Set(results);
    m.assessment = Set(assessment);
    m.next_tasks = Set(next_tasks);
    m.proposals = Set(proposals);
    m.recipients = Set(recipients);
    m.signer_lines = Set(signer_lines);
    m.signer_name = Set(signer_name);
    m.updated_at = Set(Utc::now());
    let after = m.update(&txn).await?;
    audit::Change::new("province_report.save", "period", period_id)
        .before(&before)
        .after(&input_of(&after))
        .commit(txn, Actor::User(user))
        .await
}
