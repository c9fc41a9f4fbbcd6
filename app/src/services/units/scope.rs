//! Which units a user acts for, and the names of units.
//!
//! A unit user acts for their unit and for every unit it succeeded (transitively): open tasks of
//! a retired unit are handed to its successor without rewriting history.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use crate::domain::CurrentUser;
use crate::domain::Right;
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
    pub successor_id: Option<i32>,
}

/// Every unit's names and successor by id, in one query (a province has at most a few hundred
/// units). Load it once per request and derive the rest from it.
pub async fn unit_names(db: &impl ConnectionTrait) -> Result<HashMap<i32, UnitNames>, AppError> {
    let rows = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Name)
        .column(unit::Column::ShortName)
        .column(unit::Column::Kind)
        .column(unit::Column::ValidTo)
        .column(unit::Column::SuccessorId)
        .into_tuple::<(
            i32,
            String,
            String,
            UnitKind,
            Option<chrono::NaiveDate>,
            Option<i32>,
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
pub fn acting_units_in(units: &HashMap<i32, UnitNames>, unit_id: i32) -> Vec<i32> {
    let links: Vec<(i32, Option<i32>)> =
        units.iter().map(|(id, u)| (*id, u.successor_id)).collect();
    crate::domain::unit::predecessors(unit_id, &links)
}

/// [`acting_units_in`] for callers that have not loaded the units.
pub async fn acting_units(db: &impl ConnectionTrait, unit_id: i32) -> Result<Vec<i32>, AppError> {
    Ok(acting_units_in(&unit_names(db).await?, unit_id))
}

/// The units a unit user acts for; `None` for roles that see every unit.
pub fn user_scope_in(units: &HashMap<i32, UnitNames>, user: &CurrentUser) -> Option<Vec<i32>> {
    if user.may(Right::SeeAllUnits) {
        return None;
    }
    Some(
        user.unit_id
            .map(|u| acting_units_in(units, u.0))
            .unwrap_or_default(),
    )
}

/// [`user_scope_in`] for callers that have not loaded the units.
pub async fn user_scope(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<Option<Vec<i32>>, AppError> {
    if user.may(Right::SeeAllUnits) {
        return Ok(None);
    }
    Ok(user_scope_in(&unit_names(db).await?, user))
}
