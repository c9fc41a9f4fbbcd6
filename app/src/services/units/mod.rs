//! Units: list, create, edit, retire (with a successor).

pub mod directory;
pub mod scope;
pub mod signers;

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

use crate::domain::unit::{check_retirement, SuccessorView, Validity};
use crate::domain::CurrentUser;
use crate::domain::{Right, UnitCode, UnitId, UnitKind};
use crate::entities::{unit, user};
use crate::error::AppError;
use crate::model::{UnitInput, UnitView};
use crate::services::audit::{self, Actor};
use crate::services::{parse_date, parse_opt_id, unique_or_internal};

/// A parsed, checked unit form.
#[derive(Clone, Debug, Serialize)]
struct UnitFields {
    code: String,
    name: String,
    short_name: String,
    kind: UnitKind,
    parent_id: Option<UnitId>,
    valid_from: NaiveDate,
    doc_symbol: String,
    place: String,
}

/// The issuer's code in a document number: letters (Vietnamese too), digits and hyphens, up
/// to 20, as the body writes it ("STP", "UBND", "TTr"); empty while unknown.
fn parse_symbol(raw: &str) -> Result<String, AppError> {
    let s = raw.trim().to_string();
    let ok = s.chars().count() <= 20
        && s.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if ok {
        Ok(s)
    } else {
        Err(AppError::invalid("doc_symbol", "err.doc_symbol"))
    }
}

fn parse_name(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    if n < 2 || n > max {
        return Err(AppError::invalid(field, "err.unit_name_length"));
    }
    Ok(s)
}

fn parse_input(input: &UnitInput) -> Result<UnitFields, AppError> {
    let code = UnitCode::parse(&input.code).map_err(|k| AppError::invalid("code", k))?;
    let name = parse_name("name", &input.name, 255)?;
    let short_name = if input.short_name.trim().is_empty() {
        name.chars().take(120).collect()
    } else {
        parse_name("short_name", &input.short_name, 120)?
    };
    let kind =
        UnitKind::parse(&input.kind).ok_or_else(|| AppError::invalid("kind", "err.unit_kind"))?;
    let parent_id = parse_opt_id("parent_id", &input.parent_id)?;
    let valid_from = parse_date("valid_from", &input.valid_from)?;
    let doc_symbol = parse_symbol(&input.doc_symbol)?;
    let place = if input.place.trim().is_empty() {
        String::new()
    } else {
        parse_name("place", &input.place, 64)?
    };
    Ok(UnitFields {
        code: code.as_str().to_string(),
        name,
        short_name,
        kind,
        parent_id,
        valid_from,
        doc_symbol,
        place,
    })
}

fn validity(m: &unit::Model) -> Validity {
    Validity {
        from: m.valid_from,
        to: m.valid_to,
    }
}

/// All units (retired ones too when asked), by kind then name, with user counts.
pub async fn list(
    db: &impl ConnectionTrait,
    include_retired: bool,
) -> Result<Vec<UnitView>, AppError> {
    let mut query = unit::Entity::find();
    if !include_retired {
        query = query.filter(unit::Column::ValidTo.is_null());
    }
    let mut units = query.all(db).await?;
    // Kinds in their display order (province, departments, ... communes), then by name.
    units.sort_by_key(|u| {
        (
            UnitKind::ALL.iter().position(|k| *k == u.kind),
            u.name.clone(),
        )
    });
    let names: HashMap<UnitId, String> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Name)
        .into_tuple::<(UnitId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let counts: HashMap<UnitId, i64> = user::Entity::find()
        .select_only()
        .column(user::Column::UnitId)
        .column_as(user::Column::Id.count(), "n")
        .filter(user::Column::UnitId.is_not_null())
        .group_by(user::Column::UnitId)
        .into_tuple::<(UnitId, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(units
        .into_iter()
        .map(|m| {
            let successor = m.successor_id.and_then(|s| names.get(&s).cloned());
            let users = counts.get(&m.id).copied().unwrap_or(0).max(0) as u64;
            to_view(m, successor, users)
        })
        .collect())
}

fn to_view(m: unit::Model, successor_name: Option<String>, user_count: u64) -> UnitView {
    UnitView {
        id: m.id,
        successor_name,
        user_count,
        code: m.code,
        name: m.name,
        short_name: m.short_name,
        kind: m.kind,
        parent_id: m.parent_id,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        successor_id: m.successor_id,
        doc_symbol: m.doc_symbol,
        place: m.place,
        signers: Vec::new(),
    }
}

/// The unit `id`, or not found.
async fn find(db: &impl ConnectionTrait, id: UnitId) -> Result<unit::Model, AppError> {
    unit::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One unit.
pub async fn get(db: &impl ConnectionTrait, id: UnitId) -> Result<UnitView, AppError> {
    let m = find(db, id).await?;
    let successor_name = match m.successor_id {
        Some(s) => unit::Entity::find_by_id(s).one(db).await?.map(|u| u.name),
        None => None,
    };
    let user_count = user::Entity::find()
        .filter(user::Column::UnitId.eq(m.id))
        .count(db)
        .await?;
    let signers = signers::of_unit(db, m.id).await?;
    Ok(UnitView {
        signers,
        ..to_view(m, successor_name, user_count)
    })
}

async fn check_parent(
    db: &impl ConnectionTrait,
    parent_id: Option<UnitId>,
    own: Option<UnitId>,
) -> Result<(), AppError> {
    if let Some(p) = parent_id {
        if Some(p) == own {
            return Err(AppError::invalid("parent_id", "err.unit_parent_self"));
        }
        if unit::Entity::find_by_id(p).one(db).await?.is_none() {
            return Err(AppError::invalid("parent_id", "err.unit_parent_missing"));
        }
    }
    Ok(())
}

/// Creates a unit. Duplicate codes are refused on the `code` field.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: &UnitInput,
) -> Result<UnitId, AppError> {
    actor.ensure(Right::ManageUnits)?;
    let fields = parse_input(input)?;
    let txn = db.begin().await?;
    check_parent(&txn, fields.parent_id, None).await?;
    let now = Utc::now();
    let inserted = unit::ActiveModel {
        code: Set(fields.code.clone()),
        name: Set(fields.name.clone()),
        short_name: Set(fields.short_name.clone()),
        kind: Set(fields.kind),
        parent_id: Set(fields.parent_id),
        valid_from: Set(fields.valid_from),
        valid_to: Set(None),
        successor_id: Set(None),
        doc_symbol: Set(fields.doc_symbol.clone()),
        place: Set(fields.place.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(unique_or_internal("code", "err.unit_code_taken"))?;
    audit::Change::new("unit.create", "unit", inserted.id)
        .after(&fields)
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(inserted.id)
}

/// Edits a unit's code, names, kind, parent and first day.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UnitId,
    input: &UnitInput,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUnits)?;
    let fields = parse_input(input)?;
    let txn = db.begin().await?;
    let existing = find(&txn, id).await?;
    check_parent(&txn, fields.parent_id, Some(id)).await?;
    if let Some(to) = existing.valid_to {
        if fields.valid_from > to {
            return Err(AppError::invalid(
                "valid_from",
                "err.unit_retire_before_start",
            ));
        }
    }
    let before = snapshot(&existing);
    let mut active: unit::ActiveModel = existing.into();
    active.code = Set(fields.code.clone());
    active.name = Set(fields.name.clone());
    active.short_name = Set(fields.short_name.clone());
    active.kind = Set(fields.kind);
    active.parent_id = Set(fields.parent_id);
    active.valid_from = Set(fields.valid_from);
    active.doc_symbol = Set(fields.doc_symbol.clone());
    active.place = Set(fields.place.clone());
    active.updated_at = Set(Utc::now());
    let updated = active
        .update(&txn)
        .await
        .map_err(unique_or_internal("code", "err.unit_code_taken"))?;
    audit::Change::new("unit.update", "unit", id)
        .before(&before)
        .after(&snapshot(&updated))
        .commit(txn, Actor::User(actor))
        .await
}

/// Retires a unit on `last_day`, optionally naming the successor that takes over its work.
pub async fn retire(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UnitId,
    raw_last_day: &str,
    raw_successor: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUnits)?;
    let last_day = parse_date("valid_to", raw_last_day)?;
    let successor_id = parse_opt_id("successor_id", raw_successor)?;
    let txn = db.begin().await?;
    let existing = find(&txn, id).await?;
    let successor = match successor_id {
        Some(s) => {
            let m = unit::Entity::find_by_id(s)
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("successor_id", "err.unit_successor_not_valid"))?;
            Some(SuccessorView {
                id: m.id,
                validity: validity(&m),
            })
        }
        None => None,
    };
    check_retirement(id, validity(&existing), last_day, successor)
        .map_err(|(field, key)| AppError::invalid(field, key))?;
    let before = snapshot(&existing);
    let mut active: unit::ActiveModel = existing.into();
    active.valid_to = Set(Some(last_day));
    active.successor_id = Set(successor_id);
    active.updated_at = Set(Utc::now());
    let updated = active.update(&txn).await?;
    audit::Change::new("unit.retire", "unit", id)
        .before(&before)
        .after(&snapshot(&updated))
        .commit(txn, Actor::User(actor))
        .await
}

#[derive(Serialize)]
struct Snapshot<'a> {
    code: &'a str,
    name: &'a str,
    short_name: &'a str,
    kind: UnitKind,
    parent_id: Option<UnitId>,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    successor_id: Option<UnitId>,
    doc_symbol: &'a str,
    place: &'a str,
}

fn snapshot(m: &unit::Model) -> serde_json::Value {
    serde_json::to_value(Snapshot {
        code: &m.code,
        name: &m.name,
        short_name: &m.short_name,
        kind: m.kind,
        parent_id: m.parent_id,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        successor_id: m.successor_id,
        doc_symbol: &m.doc_symbol,
        place: &m.place,
    })
    .unwrap_or_default()
}

/// The province's People's Committee: the current unit of that kind (the oldest, should there
/// be two).
pub async fn province_committee(
    db: &impl ConnectionTrait,
) -> Result<Option<unit::Model>, AppError> {
    use sea_orm::QueryOrder;
    Ok(unit::Entity::find()
        .filter(unit::Column::Kind.eq(UnitKind::PeopleCommittee))
        .filter(unit::Column::ValidTo.is_null())
        .order_by_asc(unit::Column::Id)
        .one(db)
        .await?)
}

/// Who a unit is on its documents.
#[derive(Clone, Debug)]
pub struct Issuer {
    /// The unit.
    pub unit: unit::Model,
    /// Its symbol in document numbers: its own, or "UBND" for a People's Committee that has
    /// none; empty when unknown.
    pub symbol: String,
    /// Its signers, the default first.
    pub signers: Vec<crate::model::SignerView>,
}

/// A unit as the issuer of its documents.
pub async fn issuer(db: &impl ConnectionTrait, id: UnitId) -> Result<Issuer, AppError> {
    let unit = find(db, id).await?;
    let symbol = if !unit.doc_symbol.is_empty() {
        unit.doc_symbol.clone()
    } else if unit.kind.is_local() || unit.kind == UnitKind::PeopleCommittee {
        "UBND".to_string()
    } else {
        String::new()
    };
    let signers = signers::of_unit(db, id).await?;
    Ok(Issuer {
        unit,
        symbol,
        signers,
    })
}
