//! The overview dashboard: the figures of the plans in force (or one plan) as of today or a
//! period's cut-off, computed by the same queries as the province report
//! ([`class_counts`], [`per_reporting_unit`], [`indicator_values`], [`board_rows`]), and the
//! drill-down lists behind them.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::domain::dashboard::{Bands, UnitLevel};
use crate::domain::report::BoardState;
use crate::domain::task::{FollowUpClass, PlanStatus, SourceClass};
use crate::domain::CurrentUser;
use crate::domain::{AreaId, PeriodId, PlanId, Right, Role, UnitId};
use crate::entities::{indicator_unit, reporting_period, unit_report};
use crate::error::AppError;
use crate::model::dashboard::{
    AreaFigure, DashFilter, DashTasks, DashboardData, IndicatorFigure, PeriodChoice,
    ReportStatusFigure, TrendPoint, UnitFigure,
};
use crate::services::audit::{self, Actor};
use crate::services::kept::Kept;
use crate::services::reporting::province::per_reporting_unit;
use crate::services::reporting::unit::{figure, indicator_values};
use crate::services::reporting::{board_rows_of, expected_unit_ids};
use crate::services::settings;
use crate::services::tasks::facts::{KeptFacts, TaskFacts};
use crate::services::tasks::query::{
    self, class_counts_at, class_counts_by_area_and_unit, ListOrder, TaskScope,
};
use crate::services::units::directory::{Names, PlanDoc, Stamp};
use crate::services::units::scope::acting_units_in;

/// The setting holding the ranking's thresholds ("green,amber").
pub const BANDS_KEY: &str = "dashboard_bands";
/// The longest overdue tasks shown on the dashboard.
const OVERDUE_TOP: u64 = 10;
/// Rows per page of a drill-down list.
const DRILL_PAGE: u64 = 50;

/// What every dashboard request works from: the filters understood, the plans and periods,
/// the as-of date and the task scope.
struct Context {
    filter: DashFilter,
    plans: Vec<PlanDoc>,
    plan_ids: Vec<PlanId>,
    periods: Vec<reporting_period::Model>,
    choices: Vec<PeriodChoice>,
    selected: Option<PeriodChoice>,
    today: NaiveDate,
    as_of: NaiveDate,
    level: UnitLevel,
    /// Unit names and plan numbers (kept between requests, see [`Directory`]).
    ///
    /// [`Directory`]: crate::services::units::directory::Directory
    names: Arc<Names>,
    /// A unit head's units (their own and those it succeeded).
    own: Option<Vec<UnitId>>,
    scope: TaskScope,
}

/// The period key of a period: "2026-q1".
pub fn period_key(p: &reporting_period::Model) -> String {
    format!("{}-{}", p.year, p.kind.as_str())
}

async fn context(
    db: &impl ConnectionTrait,
    names: Arc<Names>,
    user: &CurrentUser,
    today: NaiveDate,
    filter: &DashFilter,
) -> Result<Context, AppError> {
    if !user.may(Right::ViewDashboard) {
        return Err(AppError::Forbidden);
    }
    // The plans come from the kept names (newest issued first), the periods from one small read.
    let mut plans = names.docs.clone();
    let all_periods = reporting_period::Entity::find()
        .order_by_asc(reporting_period::Column::Cutoff)
        .all(db)
        .await?;
    let own = if user.role == Role::UnitHead {
        let unit = user.unit_id.ok_or(AppError::Forbidden)?;
        Some(acting_units_in(&names.units, unit))
    } else {
        None
    };
    let mut filter = filter.clone();
    plans.sort_by_key(|p| p.status != PlanStatus::InForce);
    let chosen = filter
        .plan
        .parse::<PlanId>()
        .ok()
        .filter(|id| plans.iter().any(|p| p.id == *id));
    // "plans" or "directives": the sources of that class in force.
    let source = SourceClass::parse(&filter.plan);
    let plan_ids: Vec<PlanId> = match (chosen, source) {
        (Some(id), _) => vec![id],
        (None, Some(class)) => plans
            .iter()
            .filter(|p| p.status == PlanStatus::InForce && class.holds(p.kind))
            .map(|p| p.id)
            .collect(),
        (None, None) => {
            filter.plan.clear();
            plans
                .iter()
                .filter(|p| p.status == PlanStatus::InForce)
                .map(|p| p.id)
                .collect()
        }
    };
    // The province's periods (those merged into one keep only history).
    let periods: Vec<reporting_period::Model> = all_periods
        .into_iter()
        .filter(|p| p.merged_into.is_none())
        .collect();
    let mut by_key: HashMap<String, PeriodChoice> = HashMap::new();
    for p in &periods {
        let c = by_key.entry(period_key(p)).or_insert_with(|| PeriodChoice {
            key: period_key(p),
            year: p.year,
            kind: p.kind,
            cutoff: p.cutoff,
        });
        c.cutoff = c.cutoff.max(p.cutoff);
    }
    let mut choices: Vec<PeriodChoice> = by_key.into_values().collect();
    choices.sort_by(|a, b| b.cutoff.cmp(&a.cutoff).then_with(|| b.key.cmp(&a.key)));
    let selected = choices.iter().find(|c| c.key == filter.period).cloned();
    if selected.is_none() {
        filter.period.clear();
    }
    let as_of = selected.as_ref().map_or(today, |c| c.cutoff);
    let level = UnitLevel::parse(&filter.level);
    filter.level = level.as_str().to_string();
    let scope = TaskScope {
        plans: Some(plan_ids.clone()),
        lead_units: own.clone(),
        lead_local: level.local(),
        ..TaskScope::default()
    };
    Ok(Context {
        filter,
        plans,
        plan_ids,
        periods,
        choices,
        selected,
        today,
        as_of,
        level,
        names,
        own,
        scope,
    })
}

/// The ranking's thresholds (the defaults until the PAR office sets them).
pub async fn bands(db: &impl ConnectionTrait) -> Result<Bands, AppError> {
    Ok(settings::get(db, BANDS_KEY)
        .await?
        .map(|s| Bands::from_setting(&s))
        .unwrap_or_default())
}

/// Sets the thresholds (PAR office).
pub async fn save_bands(
    db: &DatabaseConnection,
    user: &CurrentUser,
    green: u8,
    amber: u8,
) -> Result<(), AppError> {
    if !user.may(Right::SetDashboardBands) {
        return Err(AppError::Forbidden);
    }
    let new = Bands { green, amber };
    if let Some((field, reason)) = new.problem() {
        return Err(AppError::invalid(field, reason));
    }
    let before = bands(db).await?;
    settings::set(db, BANDS_KEY, &new.to_setting()).await?;
    audit::Change::new("dashboard.bands", "setting", BANDS_KEY)
        .before(&before)
        .after(&new)
        .record(db, Actor::User(user))
        .await?;
    Ok(())
}

/// The board states of the period of one key (the units the scope covers), built as the
/// submission board builds them ([`board_rows_of`]).
async fn report_states<'c>(
    db: &impl ConnectionTrait,
    ctx: &'c Context,
    key: &str,
) -> Result<
    (
        Vec<&'c reporting_period::Model>,
        HashMap<UnitId, BoardState>,
    ),
    AppError,
> {
    let Some(period) = ctx.periods.iter().find(|p| period_key(p) == key) else {
        return Ok((Vec::new(), HashMap::new()));
    };
    // The states need the units expected, not their task counts (the board's other column).
    let expected: HashMap<UnitId, u64> =
        expected_unit_ids(db, period, &ctx.names.units, ctx.own.as_deref())
            .await?
            .into_iter()
            .map(|u| (u, 0))
            .collect();
    let reports: HashMap<UnitId, unit_report::Model> = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(period.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.unit_id, r))
        .collect();
    let states = board_rows_of(&expected, &reports, &ctx.names.units)
        .into_iter()
        .filter(|row| {
            ctx.names
                .units
                .get(&row.unit_id)
                .is_some_and(|u| ctx.level.covers(u.kind))
                && ctx.own.as_ref().is_none_or(|o| o.contains(&row.unit_id))
        })
        .map(|row| (row.unit_id, row.state))
        .collect();
    Ok((vec![period], states))
}

/// Dashboards computed recently, so that leaders opening the same view between two writes do
/// not recompute it ([`Kept`]: keyed by the latest audit entry as of the request, today's date,
/// the viewer's role and unit and the filters; dropped after [`DashboardCache::TTL`] for
/// changes made outside the application).
pub struct DashboardCache {
    kept: Kept<DashboardData>,
    /// Every task's class facts, followed write by write (the server's, shared with the plan
    /// page): what a dashboard computed afresh counts.
    facts: Arc<KeptFacts>,
}

impl DashboardCache {
    /// Dashboards counted from `facts`.
    pub fn new(facts: Arc<KeptFacts>) -> DashboardCache {
        DashboardCache {
            kept: Kept::new(Self::TTL, Self::MAX),
            facts,
        }
    }

    /// How long an entry is used at most.
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(120);
    /// Entries kept at most (the oldest go first).
    const MAX: usize = 64;

    /// The dashboard for `user` and `filter`: from the cache if nothing was written since it was
    /// computed, otherwise computed by [`dashboard`] and kept.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        names: Arc<Names>,
        stamp: Stamp,
        user: &CurrentUser,
        today: NaiveDate,
        filter: &DashFilter,
    ) -> Result<DashboardData, AppError> {
        if !user.may(Right::ViewDashboard) {
            return Err(AppError::Forbidden);
        }
        let view = format!(
            "{:?}|{:?}|{}",
            user.role,
            user.unit_id,
            serde_json::to_string(filter).map_err(|_| AppError::Internal)?
        );
        self.kept
            .get_or(Kept::<DashboardData>::key(stamp, today, &view), async {
                let facts = self.facts.get(db, stamp).await?;
                dashboard(db, names, &facts, user, today, filter).await
            })
            .await
    }
}

/// The dashboard, its counts by class from `facts`.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    names: Arc<Names>,
    facts: &TaskFacts,
    user: &CurrentUser,
    today: NaiveDate,
    filter: &DashFilter,
) -> Result<DashboardData, AppError> {
    let ctx = context(db, names, user, today, filter).await?;
    let as_of = ctx.as_of;
    let scope = &ctx.scope;

    // Trend: every period up to today, each over the plans that have it, then today. The
    // headline's change is measured from the previous period over the same plans as the
    // headline.
    let mut past: Vec<&PeriodChoice> = ctx
        .choices
        .iter()
        .filter(|c| c.cutoff <= ctx.today)
        .collect();
    past.reverse();
    let mut trend_points: Vec<(Option<&PeriodChoice>, NaiveDate)> =
        past.iter().map(|c| (Some(*c), c.cutoff)).collect();
    if past.last().map(|c| c.cutoff) != Some(ctx.today) {
        trend_points.push((None, ctx.today));
    }
    let previous = ctx.choices.iter().find(|c| c.cutoff < as_of).cloned();
    let mut points: Vec<(NaiveDate, Option<Vec<PlanId>>)> =
        trend_points.iter().map(|(_, d)| (*d, None)).collect();
    if let Some(p) = &previous {
        points.push((p.cutoff, None));
    }
    let report_key = ctx
        .selected
        .as_ref()
        .map(|c| c.key.clone())
        .or_else(|| past.last().map(|c| c.key.clone()));

    // The parts below read independent things: they run at the same time, each on its own
    // pooled connection (on two cores a dashboard computed afresh takes about a quarter less).
    let overdue_scope = TaskScope {
        class: Some(FollowUpClass::Overdue),
        ..scope.clone()
    };
    // The counts by class come from the kept facts (in memory, see [`KeptFacts`]); a scope they
    // cannot filter is counted in SQL.
    let kept_at = facts.class_counts_at(scope, &ctx.names.units, &points);
    let kept_counts = facts.class_counts_by_area_and_unit(scope, &ctx.names.units, as_of);
    let (at, areas, counts, (report_periods, states), bands, overdue, indicators) = tokio::try_join!(
        async {
            match kept_at {
                Some(at) => Ok(at),
                None => class_counts_at(db, scope, &points).await,
            }
        },
        crate::services::tasks::areas(db),
        async {
            match kept_counts {
                Some(c) => Ok(c),
                None => class_counts_by_area_and_unit(db, scope, as_of).await,
            }
        },
        async {
            match &report_key {
                Some(k) => report_states(db, &ctx, k).await,
                None => Ok((Vec::new(), HashMap::new())),
            }
        },
        bands(db),
        query::rows(
            db,
            &overdue_scope,
            as_of,
            ListOrder::Urgency,
            0,
            OVERDUE_TOP,
            &ctx.names.units,
            &ctx.names.plans,
            &[],
        ),
        indicator_figures(db, &ctx),
    )?;

    let trend: Vec<TrendPoint> = trend_points
        .iter()
        .zip(&at)
        .map(|((c, d), counts)| TrendPoint {
            key: c.map(|c| c.key.clone()).unwrap_or_default(),
            period: c.map(|c| (c.year, c.kind)),
            as_of: *d,
            completion: counts.completion_rate(),
            on_time: counts.on_time_rate(),
        })
        .collect();
    let previous_totals = previous.as_ref().and(at.last().copied());

    // By area (the totals are their sum), by unit.
    let totals = counts.total;
    let by_area: Vec<AreaFigure> = areas
        .iter()
        .filter_map(|a| {
            counts.by_area.get(&a.id).map(|c| AreaFigure {
                area_id: a.id,
                name: a.name_vi.clone(),
                counts: *c,
            })
        })
        .collect();

    let mut unit_rows: Vec<UnitFigure> = per_reporting_unit(counts.by_unit, &ctx.names.units)
        .into_iter()
        .filter_map(|(u, counts)| {
            let names = ctx.names.units.get(&u)?;
            let rate = counts.on_time_rate();
            Some(UnitFigure {
                unit_id: u,
                name: names.name.clone(),
                kind: names.kind,
                counts,
                on_time_rate: rate,
                band: bands.of(rate),
                report: states.get(&u).copied(),
            })
        })
        .collect();
    unit_rows.sort_by(|a, b| {
        b.on_time_rate
            .unwrap_or(-1.0)
            .total_cmp(&a.on_time_rate.unwrap_or(-1.0))
            .then_with(|| a.counts.overdue.cmp(&b.counts.overdue))
            .then_with(|| a.name.cmp(&b.name))
    });

    let reports = match (&report_key, report_periods.first()) {
        (Some(_), Some(first)) => {
            let counts = BoardState::ALL
                .iter()
                .map(|s| (*s, states.values().filter(|x| *x == s).count() as u64))
                .collect();
            let own = match (&ctx.own, user.unit_id) {
                (Some(_), Some(u)) => Some((PeriodId(first.id), u)),
                _ => None,
            };
            Some(ReportStatusFigure {
                year: first.year,
                kind: first.kind,
                unit_due_on: first.unit_due_on,
                period: PeriodId(first.id),
                counts,
                own,
            })
        }
        _ => None,
    };

    Ok(DashboardData {
        plans: ctx
            .plans
            .iter()
            .map(|p| {
                (
                    p.id,
                    p.number.clone(),
                    p.title.clone(),
                    p.status == PlanStatus::InForce,
                )
            })
            .collect(),
        periods: ctx.choices.clone(),
        today: ctx.today,
        as_of,
        period: ctx.selected.clone(),
        previous,
        totals,
        previous_totals,
        by_area,
        units: unit_rows,
        overdue,
        indicators,
        reports,
        trend,
        bands,
        can_set_bands: user.may(Right::SetDashboardBands),
        own_unit: user
            .unit_id
            .filter(|_| ctx.own.is_some())
            .and_then(|u| ctx.names.units.get(&u))
            .map(|u| u.name.clone()),
        role: user.role,
        filter: ctx.filter,
    })
}

/// Indicators of the plans: each unit's latest value of the year up to the period (all of the
/// year's values for "today"), formed province-wide as each indicator says, and per
/// responsible unit.
async fn indicator_figures(
    db: &impl ConnectionTrait,
    ctx: &Context,
) -> Result<Vec<IndicatorFigure>, AppError> {
    let (year, upto) = match &ctx.selected {
        Some(c) => (c.year, Some(c.kind)),
        None => (ctx.today.year(), None),
    };
    let list = indicator_values(db, &ctx.plan_ids, year, upto, ctx.own.as_deref()).await?;
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut responsible: HashMap<i32, Vec<UnitId>> = HashMap::new();
    for link in indicator_unit::Entity::find()
        .filter(indicator_unit::Column::IndicatorId.is_in(list.iter().map(|(i, _)| i.id)))
        .all(db)
        .await?
    {
        responsible
            .entry(link.indicator_id)
            .or_default()
            .push(link.unit_id);
    }
    let covered = |u: UnitId| {
        ctx.names
            .units
            .get(&u)
            .is_some_and(|n| ctx.level.covers(n.kind))
            && ctx.own.as_ref().is_none_or(|o| o.contains(&u))
    };
    Ok(list
        .into_iter()
        .map(|(i, vals)| {
            let vals: Vec<_> = vals.into_iter().filter(|v| covered(v.unit_id)).collect();
            let actual = figure(&i, &vals);
            let mut unit_ids: Vec<UnitId> = responsible
                .remove(&i.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|u| covered(*u))
                .collect();
            for v in &vals {
                if !unit_ids.contains(&v.unit_id) {
                    unit_ids.push(v.unit_id);
                }
            }
            let mut units: Vec<(String, Option<f64>, Option<f64>)> = unit_ids
                .into_iter()
                .map(|u| {
                    let value = vals
                        .iter()
                        .find(|v| v.unit_id == u)
                        .and_then(|v| i.aggregation.unit_figure(v.value, v.base));
                    (
                        ctx.names
                            .units
                            .get(&u)
                            .map(|n| n.name.clone())
                            .unwrap_or_default(),
                        value,
                        value.and_then(|v| i.direction.attainment(i.target, v)),
                    )
                })
                .collect();
            units.sort_by(|a, b| a.0.cmp(&b.0));
            IndicatorFigure {
                attainment: actual.and_then(|a| i.direction.attainment(i.target, a)),
                attained: actual.map(|a| i.direction.attained(i.target, a)),
                actual,
                name: i.name,
                measure: i.measure,
                target: i.target,
                direction: i.direction,
                units,
            }
        })
        .collect())
}

/// A drill-down list: the tasks behind a figure, with the dashboard's filters. A unit head may
/// only list their own unit's tasks.
pub async fn tasks(
    db: &impl ConnectionTrait,
    names: Arc<Names>,
    user: &CurrentUser,
    today: NaiveDate,
    filter: &DashFilter,
) -> Result<DashTasks, AppError> {
    let ctx = context(db, names, user, today, filter).await?;
    let mut f = ctx.filter.clone();
    let mut scope = ctx.scope.clone();
    let areas = crate::services::tasks::areas(db).await?;
    let area = f
        .area
        .parse::<AreaId>()
        .ok()
        .and_then(|id| areas.iter().find(|a| a.id == id));
    scope.area_id = area.map(|a| a.id);
    f.area = area.map(|a| a.id.to_string()).unwrap_or_default();
    let unit = match f.unit.trim() {
        "" => None,
        raw => {
            let id = raw
                .parse::<UnitId>()
                .ok()
                .filter(|id| ctx.names.units.contains_key(id))
                .ok_or(AppError::NotFound)?;
            if ctx.own.as_ref().is_some_and(|o| !o.contains(&id)) {
                return Err(AppError::Forbidden);
            }
            Some(id)
        }
    };
    if let Some(u) = unit {
        scope.lead_units = Some(acting_units_in(&ctx.names.units, u));
    }
    let class = FollowUpClass::parse(&f.class);
    scope.class = class;
    // The figures leave cancelled tasks out; so do their lists (unless asked for).
    scope.exclude_cancelled = class.is_none();
    f.class = class.map(|c| c.as_str().to_string()).unwrap_or_default();
    let matching = query::count(db, &scope, ctx.as_of).await?;
    let pages = matching.div_ceil(DRILL_PAGE).max(1) as u32;
    let page = f.page.clamp(1, pages);
    f.page = page;
    let numbers = &ctx.names.plans;
    let tasks = query::rows(
        db,
        &scope,
        ctx.as_of,
        ListOrder::Urgency,
        u64::from(page - 1) * DRILL_PAGE,
        DRILL_PAGE,
        &ctx.names.units,
        numbers,
        &[],
    )
    .await?;
    Ok(DashTasks {
        plan_label: match ctx.plan_ids.as_slice() {
            [one] if f.plan.parse::<PlanId>().is_ok() => numbers.get(one).cloned(),
            _ => None,
        },
        period: ctx.selected.as_ref().map(|c| (c.year, c.kind)),
        area_label: area.map(|a| a.name_vi.clone()),
        unit_label: unit
            .and_then(|u| ctx.names.units.get(&u))
            .map(|u| u.name.clone()),
        as_of: ctx.as_of,
        matching,
        page,
        pages,
        tasks,
        filter: f,
    })
}
