//! Indicators (chỉ tiêu): defined per plan by the PAR office; actual values entered by the
//! responsible units per reporting period.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

use crate::domain::form::clean_text;
use crate::domain::task::{Aggregation, Direction, PeriodKind};
use crate::domain::CurrentUser;
use crate::domain::{AreaId, IndicatorId, PlanId, Right, UnitId};
use crate::entities::{indicator, indicator_unit, indicator_value, reform_area, unit};
use crate::error::AppError;
use crate::model::plan::{IndicatorInput, IndicatorRow, IndicatorValueView, UnitOption};
use crate::services::audit::{self, Actor};
use crate::services::parse_opt_id;
use crate::services::units::scope::UnitNames;

fn parse_number(field: &str, raw: &str) -> Result<f64, AppError> {
    let v = raw
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .map_err(|_| AppError::invalid(field, "err.bad_number"))?;
    if !v.is_finite() || v.abs() > 1e12 {
        return Err(AppError::invalid(field, "err.bad_number"));
    }
    Ok(v)
}

#[derive(Serialize)]
struct IndicatorAudit<'a> {
    name: &'a str,
    measure: &'a str,
    target: f64,
    direction: Direction,
    baseline: Option<f64>,
    aggregation: Aggregation,
    area_id: Option<AreaId>,
    unit_ids: &'a [UnitId],
}

fn parse_opt_number(field: &str, raw: &str) -> Result<Option<f64>, AppError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_number(field, raw).map(Some)
    }
}

/// Defines an indicator of a plan.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    plan_id: PlanId,
    input: &IndicatorInput,
) -> Result<IndicatorId, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let name = clean_text("name", &input.name, 3, 1000, "err.required")?;
    let measure = input.measure.trim().to_string();
    if measure.is_empty() || measure.chars().count() > 64 {
        return Err(AppError::invalid("measure", "err.required"));
    }
    let target = parse_number("target", &input.target)?;
    let direction = Direction::parse(&input.direction)
        .ok_or_else(|| AppError::invalid("direction", "err.bad_choice"))?;
    let baseline = parse_opt_number("baseline", &input.baseline)?;
    let aggregation = if input.aggregation.trim().is_empty() {
        Aggregation::Average
    } else {
        Aggregation::parse(&input.aggregation)
            .ok_or_else(|| AppError::invalid("aggregation", "err.bad_choice"))?
    };
    let area_id = parse_opt_id("area_id", &input.area_id)?;
    let mut unit_ids: Vec<UnitId> = Vec::new();
    for raw in &input.unit_ids {
        if let Some(id) = parse_opt_id("unit_ids", raw)? {
            if !unit_ids.contains(&id) {
                unit_ids.push(id);
            }
        }
    }
    if unit_ids.is_empty() {
        return Err(AppError::invalid("unit_ids", "err.indicator_units"));
    }
    let txn = db.begin().await?;
    crate::services::plans::find(&txn, plan_id).await?;
    if let Some(a) = area_id {
        if reform_area::Entity::find_by_id(a)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(AppError::invalid("area_id", "err.bad_choice"));
        }
    }
    let known = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::Id.is_in(unit_ids.clone()))
        .filter(unit::Column::ValidTo.is_null())
        .into_tuple::<UnitId>()
        .all(&txn)
        .await?;
    if unit_ids.iter().any(|u| !known.contains(u)) {
        return Err(AppError::invalid("unit_ids", "err.unit_not_current"));
    }
    let position = indicator::Entity::find()
        .filter(indicator::Column::PlanId.eq(plan_id))
        .count(&txn)
        .await?;
    let position = i32::try_from(position).unwrap_or(i32::MAX - 1);
    let now = Utc::now();
    let m = indicator::ActiveModel {
        plan_id: Set(plan_id),
        area_id: Set(area_id),
        position: Set(position + 1),
        name: Set(name.clone()),
        measure: Set(measure.clone()),
        target: Set(target),
        direction: Set(direction),
        baseline: Set(baseline),
        aggregation: Set(aggregation),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for u in &unit_ids {
        indicator_unit::ActiveModel {
            indicator_id: Set(m.id),
            unit_id: Set(*u),
        }
        .insert(&txn)
        .await?;
    }
    audit::Change::new("indicator.create", "indicator", m.id)
        .after(&IndicatorAudit {
            name: &name,
            measure: &measure,
            target,
            direction,
            baseline,
            aggregation,
            area_id,
            unit_ids: &unit_ids,
        })
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(IndicatorId(m.id))
}

fn period_rank(year: i32, period: PeriodKind) -> (i32, usize) {
    (
        year,
        PeriodKind::ALL
            .iter()
            .position(|p| *p == period)
            .unwrap_or(0),
    )
}

/// The plan's indicators with their latest period's values (two queries for the whole plan).
/// `visible`: the units whose own values the viewer may read (`None`: every unit, for the PAR
/// office and leaders). The province figure is shown to everyone; another unit's value is not.
pub async fn rows_for_plan(
    db: &impl ConnectionTrait,
    plan_id: PlanId,
    units: &HashMap<UnitId, UnitNames>,
    visible: Option<&[UnitId]>,
) -> Result<Vec<IndicatorRow>, AppError> {
    let inds = indicator::Entity::find()
        .filter(indicator::Column::PlanId.eq(plan_id))
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    if inds.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = inds.iter().map(|i| i.id).collect();
    let mut resp: HashMap<i32, Vec<UnitId>> = HashMap::new();
    for l in indicator_unit::Entity::find()
        .filter(indicator_unit::Column::IndicatorId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        resp.entry(l.indicator_id).or_default().push(l.unit_id);
    }
    let mut values: HashMap<i32, Vec<indicator_value::Model>> = HashMap::new();
    for v in indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.is_in(ids))
        .all(db)
        .await?
    {
        values.entry(v.indicator_id).or_default().push(v);
    }
    Ok(inds
        .into_iter()
        .map(|i| {
            let vals = values.remove(&i.id).unwrap_or_default();
            let latest = vals.iter().map(|v| period_rank(v.year, v.period)).max();
            let latest_vals: Vec<&indicator_value::Model> = vals
                .iter()
                .filter(|v| Some(period_rank(v.year, v.period)) == latest)
                .collect();
            let pairs: Vec<(f64, Option<f64>)> =
                latest_vals.iter().map(|v| (v.value, v.base)).collect();
            let latest_actual = i.aggregation.combine(&pairs);
            let latest_period = latest_vals.first().map(|v| (v.year, v.period));
            let attainment = latest_actual.and_then(|a| i.direction.attainment(i.target, a));
            let name_of = |id: UnitId| units.get(&id).map(|u| u.name.clone()).unwrap_or_default();
            IndicatorRow {
                id: IndicatorId(i.id),
                area_id: i.area_id,
                name: i.name,
                measure: i.measure,
                target: i.target,
                direction: i.direction,
                baseline: i.baseline,
                aggregation: i.aggregation,
                units: resp
                    .remove(&i.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|id| UnitOption {
                        id,
                        name: name_of(id),
                        department: units.get(&id).is_some_and(|u| u.kind.is_department()),
                    })
                    .collect(),
                latest_period,
                latest_actual,
                attainment,
                values: latest_vals
                    .into_iter()
                    .filter(|v| visible.is_none_or(|mine| mine.contains(&v.unit_id)))
                    .map(|v| IndicatorValueView {
                        unit_name: name_of(v.unit_id),
                        year: v.year,
                        period: v.period,
                        value: v.value,
                        base: v.base,
                        note: v.note.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// What a unit enters for an indicator, as typed.
#[derive(Clone, Copy, Debug)]
pub struct ValueInput<'a> {
    /// Year.
    pub year: &'a str,
    /// Period (stable string).
    pub period: &'a str,
    /// The value (a count, for a ratio).
    pub value: &'a str,
    /// The weight, or the count a ratio is over; "" when the indicator needs none.
    pub base: &'a str,
    /// A note.
    pub note: &'a str,
}

/// A responsible unit enters (or corrects) its actual value for a period; an indicator formed
/// by weight or as a ratio also takes the base (a ratio's count may not exceed it).
pub async fn enter_value(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: IndicatorId,
    input: ValueInput<'_>,
) -> Result<(), AppError> {
    let ValueInput {
        year,
        period,
        value,
        base,
        note,
    } = input;
    if !actor.may(Right::WriteUnitProgress) {
        return Err(AppError::Forbidden);
    }
    let unit_id = actor.unit_id.ok_or(AppError::Forbidden)?;
    let year = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| AppError::invalid("year", "err.bad_year"))?;
    let period =
        PeriodKind::parse(period).ok_or_else(|| AppError::invalid("period", "err.bad_choice"))?;
    let value = parse_number("value", value)?;
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(AppError::invalid("note", "err.too_long"));
    }
    let txn = db.begin().await?;
    let ind = indicator::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = if ind.aggregation.needs_base() {
        let b = parse_number("base", base)?;
        if b <= 0.0 {
            return Err(AppError::invalid("base", "err.indicator_base"));
        }
        if ind.aggregation == Aggregation::Ratio && (value < 0.0 || value > b) {
            return Err(AppError::invalid("value", "err.ratio_over_base"));
        }
        Some(b)
    } else {
        None
    };
    let p = crate::services::plans::find(&txn, ind.plan_id).await?;
    if year < p.year_from || year > p.year_to {
        return Err(AppError::invalid("year", "err.year_outside_plan"));
    }
    let mine = crate::services::units::scope::acting_units(&txn, unit_id).await?;
    let responsible = indicator_unit::Entity::find()
        .filter(indicator_unit::Column::IndicatorId.eq(ind.id))
        .filter(indicator_unit::Column::UnitId.is_in(mine))
        .one(&txn)
        .await?
        .ok_or(AppError::Forbidden)?;
    let existing = indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.eq(ind.id))
        .filter(indicator_value::Column::UnitId.eq(responsible.unit_id))
        .filter(indicator_value::Column::Year.eq(year))
        .filter(indicator_value::Column::Period.eq(period))
        .one(&txn)
        .await?;
    let mut change = audit::Change::new("indicator.value", "indicator", ind.id);
    if let Some(e) = &existing {
        change =
            change.before(&serde_json::json!({ "value": e.value, "base": e.base, "note": e.note }));
    }
    let now = Utc::now();
    match existing {
        Some(e) => {
            let mut m: indicator_value::ActiveModel = e.into();
            m.value = Set(value);
            m.base = Set(base);
            m.note = Set(note.to_string());
            m.entered_by = Set(Some(actor.id.0));
            m.updated_at = Set(now);
            m.update(&txn).await?;
        }
        None => {
            indicator_value::ActiveModel {
                indicator_id: Set(ind.id),
                unit_id: Set(responsible.unit_id),
                year: Set(year),
                period: Set(period),
                value: Set(value),
                base: Set(base),
                note: Set(note.to_string()),
                entered_by: Set(Some(actor.id.0)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(crate::services::unique_or_internal(
                "value",
                "err.value_conflict",
            ))?;
        }
    }
    change
        .after(&serde_json::json!({
            "unit_id": responsible.unit_id, "year": year, "period": period, "value": value,
            "base": base, "note": note
        }))
        .commit(txn, Actor::User(actor))
        .await
}
