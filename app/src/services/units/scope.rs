//! Which units a user acts for, and the names of units.
//!
//! A unit user acts for their unit and for every unit it succeeded (transitively): open tasks of
//! a retired unit are handed to its successor without rewriting history.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use crate::domain::CurrentUser;
use crate::domain::Right;
use crate::domain::UnitId;
use crate::domain::UnitKind;
use crate::entities::unit;
use crate::error::AppError;

/// A unit's names, for display.
#[derive(Clone, Debug)]
pub struct UnitNames {
    /// Full name.
    pub name: String,
    /// Short name for tables.
    pub short_name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Retired units have an end date.
    pub retired: bool,
    /// The unit that took over, once retired.
    pub successor_id: Option<UnitId>,
}

/// Every unit's names and successor by id, in one query (a province has at most a few hundred
/// units). Load it once per request and derive the rest from it.
pub async fn unit_names(db: &impl ConnectionTrait) -> Result<HashMap<UnitId, UnitNames>, AppError> {
    let rows = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Name)
        .column(unit::Column::ShortName)
        .column(unit::Column::Kind)
        .column(unit::Column::ValidTo)
        .column(unit::Column::SuccessorId)
        .into_tuple::<(
            UnitId,
            String,
            String,
            UnitKind,
            Option<chrono::NaiveDate>,
            Option<UnitId>,
        )>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, short_name, kind, valid_to, successor_id)| {
            (
                id,
                UnitNames {
                    name,
                    short_name,
                    kind,
                    retired: valid_to.is_some(),
                    successor_id,
                },
            )
        })
        .collect())
}

/// The units `unit_id` acts for: itself and all the units it succeeded, transitively.
pub fn acting_units_in(units: &HashMap<UnitId, UnitNames>, unit_id: UnitId) -> Vec<UnitId> {
    let links: Vec<(UnitId, Option<UnitId>)> =
        units.iter().map(|(id, u)| (*id, u.successor_id)).collect();
    crate::domain::unit::predecessors(unit_id, &links)
}

/// [`acting_units_in`] for callers that have not loaded the units.
pub async fn acting_units(
    db: &impl ConnectionTrait,
    unit_id: UnitId,
) -> Result<Vec<UnitId>, AppError> {
    Ok(acting_units_in(&unit_names(db).await?, unit_id))
}

/// The units a unit user acts for; `None` for roles that see every unit.
pub fn user_scope_in(
    units: &HashMap<UnitId, UnitNames>,
    user: &CurrentUser,
) -> Option<Vec<UnitId>> {
    if user.may(Right::SeeAllUnits) {
        return None;
    }
    Some(
        user.unit_id
            .map(|u| acting_units_in(units, u))
            .unwrap_or_default(),
    )
}

/// [`user_scope_in`] for callers that have not loaded the units.
pub async fn user_scope(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<Option<Vec<UnitId>>, AppError> {
    if user.may(Right::SeeAllUnits) {
        return Ok(None);
    }
    Ok(user_scope_in(&unit_names(db).await?, user))
}
