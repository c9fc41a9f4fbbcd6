//! The leaders in charge: each vice-chair is assigned reform areas or units, and a task overdue
//! past the last reminder step goes to the leader in charge of its area or unit.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use serde::Serialize;

use crate::domain::access::CurrentUser;
use crate::domain::{AreaId, Right, Role, UnitId, UserId};
use crate::entities::{leader_scope, reform_area, unit, user};
use crate::error::AppError;
use crate::model::LeaderScopes;
use crate::services::audit::{self, Actor};

/// What a leader is in charge of, for the user page (administrators).
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: UserId,
) -> Result<LeaderScopes, AppError> {
    actor.ensure(Right::ManageUsers)?;
    let rows = leader_scope::Entity::find()
        .filter(leader_scope::Column::UserId.eq(id.0))
        .all(db)
        .await?;
    Ok(LeaderScopes {
        areas: crate::services::tasks::areas(db).await?,
        chosen_areas: rows.iter().filter_map(|r| r.area_id).collect(),
        chosen_units: rows.iter().filter_map(|r| r.unit_id).collect(),
    })
}

#[derive(Serialize)]
struct Fields<'a> {
    areas: &'a [AreaId],
    units: &'a [UnitId],
}

/// Sets the areas and units a leader is in charge of (replacing what they were), in one
/// transaction. Only a leader's account takes them; every id must exist.
pub async fn set(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UserId,
    areas: &[AreaId],
    units: &[UnitId],
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUsers)?;
    let mut areas = areas.to_vec();
    areas.sort_unstable();
    areas.dedup();
    let mut units = units.to_vec();
    units.sort_unstable();
    units.dedup();
    let txn = db.begin().await?;
    let u = user::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if u.role != Role::Leader {
        return Err(AppError::invalid("role", "err.scopes_leaders_only"));
    }
    let known_areas = reform_area::Entity::find()
        .filter(reform_area::Column::Id.is_in(areas.iter().map(|a| a.0)))
        .all(&txn)
        .await?
        .len();
    let known_units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(units.iter().copied()))
        .filter(unit::Column::ValidTo.is_null())
        .all(&txn)
        .await?
        .len();
    if known_areas != areas.len() || known_units != units.len() {
        return Err(AppError::invalid("areas", "err.bad_choice"));
    }
    let before = leader_scope::Entity::find()
        .filter(leader_scope::Column::UserId.eq(id.0))
        .all(&txn)
        .await?;
    let before_areas: Vec<AreaId> = before.iter().filter_map(|r| r.area_id).collect();
    let before_units: Vec<UnitId> = before.iter().filter_map(|r| r.unit_id).collect();
    leader_scope::Entity::delete_many()
        .filter(leader_scope::Column::UserId.eq(id.0))
        .exec(&txn)
        .await?;
    let rows = areas
        .iter()
        .map(|a| (Some(*a), None))
        .chain(units.iter().map(|u| (None, Some(*u))));
    for (area_id, unit_id) in rows {
        leader_scope::ActiveModel {
            user_id: Set(id.0),
            area_id: Set(area_id),
            unit_id: Set(unit_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::Change::new("user.scopes", "user", id.0)
        .before(&Fields {
            areas: &before_areas,
            units: &before_units,
        })
        .after(&Fields {
            areas: &areas,
            units: &units,
        })
        .commit(txn, Actor::User(actor))
        .await
}

/// Who is in charge of what, for the reminders: leaders by area and by unit, and the leaders
/// in charge of nothing in particular (the Chairman), who hear of what nobody else is in
/// charge of (every leader does when there is no such leader).
#[derive(Clone, Debug, Default)]
pub struct InCharge {
    /// Active leaders in charge of each area.
    pub by_area: HashMap<AreaId, Vec<i32>>,
    /// Active leaders in charge of each unit.
    pub by_unit: HashMap<UnitId, Vec<i32>>,
    /// Active leaders in charge of no area and no unit.
    pub at_large: Vec<i32>,
    /// Every active leader.
    pub all: Vec<i32>,
}

impl InCharge {
    /// The leaders to tell of a task of `area` led by `unit`: those in charge of the unit or
    /// the area, else the leaders at large, else (every leader is in charge of something, but
    /// not of this) every leader: a long-overdue task is never told to nobody.
    pub fn of(&self, area: AreaId, unit: UnitId) -> Vec<i32> {
        let mut out: Vec<i32> = Vec::new();
        for id in self
            .by_unit
            .get(&unit)
            .into_iter()
            .chain(self.by_area.get(&area))
            .flatten()
        {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        if out.is_empty() {
            out.clone_from(&self.at_large);
        }
        if out.is_empty() {
            out.clone_from(&self.all);
        }
        out
    }
}

/// Reads who is in charge of what (active leaders only).
pub async fn in_charge(db: &impl ConnectionTrait) -> Result<InCharge, AppError> {
    let leaders: Vec<i32> = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Leader))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut out = InCharge::default();
    let scopes = leader_scope::Entity::find()
        .filter(leader_scope::Column::UserId.is_in(leaders.clone()))
        .all(db)
        .await?;
    for s in &scopes {
        if let Some(a) = s.area_id {
            out.by_area.entry(a).or_default().push(s.user_id);
        }
        if let Some(u) = s.unit_id {
            out.by_unit.entry(u).or_default().push(s.user_id);
        }
    }
    out.at_large = leaders
        .iter()
        .copied()
        .filter(|l| !scopes.iter().any(|s| s.user_id == *l))
        .collect();
    out.all = leaders;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_and_area_leaders_hear_else_those_at_large() {
        let c = InCharge {
            by_area: HashMap::from([(AreaId(1), vec![10, 11])]),
            by_unit: HashMap::from([(UnitId(5), vec![11, 12])]),
            at_large: vec![1],
            all: vec![1, 10, 11, 12],
        };
        assert_eq!(c.of(AreaId(1), UnitId(5)), vec![11, 12, 10]);
        assert_eq!(c.of(AreaId(1), UnitId(6)), vec![10, 11]);
        assert_eq!(c.of(AreaId(2), UnitId(6)), vec![1]);
        // Nobody at large: an area nobody covers goes to every leader.
        let c = InCharge {
            at_large: Vec::new(),
            ..c
        };
        assert_eq!(c.of(AreaId(2), UnitId(6)), vec![1, 10, 11, 12]);
    }
}
