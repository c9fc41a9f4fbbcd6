//! The people who sign a unit's documents: kept on the unit's page by administrators, chosen
//! when a report is exported, the default one unless another is asked for.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use crate::domain::form::{clean_multiline, clean_text};
use crate::domain::{CurrentUser, Right, UnitId};
use crate::entities::{unit, unit_signer};
use crate::error::AppError;
use crate::model::{SignerInput, SignerView};
use crate::services::audit::{self, Actor};

/// At most this many signers per unit (a head and a few deputies).
pub const MAX_PER_UNIT: usize = 12;

fn to_view(m: unit_signer::Model) -> SignerView {
    SignerView {
        id: m.id,
        full_name: m.full_name,
        title: m.title,
        on_behalf: m.on_behalf,
        is_default: m.is_default,
    }
}

/// A unit's signers, the default first, then in the order they were added.
pub async fn of_unit(db: &impl ConnectionTrait, unit: UnitId) -> Result<Vec<SignerView>, AppError> {
    let mut rows = unit_signer::Entity::find()
        .filter(unit_signer::Column::UnitId.eq(unit))
        .order_by_asc(unit_signer::Column::Id)
        .all(db)
        .await?;
    rows.sort_by_key(|s| !s.is_default);
    Ok(rows.into_iter().map(to_view).collect())
}

/// The signer to print of a unit's `signers` (default first, as [`of_unit`] gives them): the
/// one asked for (it must be one of them), else the default, else none.
pub fn choose(signers: &[SignerView], asked: Option<i32>) -> Result<Option<SignerView>, AppError> {
    match asked {
        Some(id) => signers
            .iter()
            .find(|s| s.id == id)
            .cloned()
            .map(Some)
            .ok_or_else(|| AppError::invalid("signer_id", "err.signer_not_of_unit")),
        None => Ok(signers.first().cloned()),
    }
}

fn parse(input: &SignerInput) -> Result<(String, String, String), AppError> {
    let full_name = clean_text("full_name", &input.full_name, 2, 128, "err.required")?;
    let title = clean_text("title", &input.title, 2, 128, "err.required")?.to_uppercase();
    let on_behalf: Vec<String> = clean_multiline("on_behalf", &input.on_behalf, 255)?
        .lines()
        .map(|l| {
            l.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        })
        .filter(|l| !l.is_empty())
        .collect();
    if on_behalf.len() > 3 {
        return Err(AppError::invalid("on_behalf", "err.signer_lines"));
    }
    Ok((full_name, title, on_behalf.join("\n")))
}

/// Adds a signer to a unit (administrators); the first one, or one asked to be, becomes the
/// default.
pub async fn add(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    unit_id: UnitId,
    input: &SignerInput,
) -> Result<i32, AppError> {
    actor.ensure(Right::ManageUnits)?;
    let (full_name, title, on_behalf) = parse(input)?;
    let txn = db.begin().await?;
    unit::Entity::find_by_id(unit_id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = of_unit(&txn, unit_id).await?;
    if existing.len() >= MAX_PER_UNIT {
        return Err(AppError::invalid("full_name", "err.signers_too_many"));
    }
    let is_default = existing.is_empty() || input.is_default == "on";
    if is_default {
        clear_default(&txn, unit_id).await?;
    }
    let now = Utc::now();
    let m = unit_signer::ActiveModel {
        unit_id: Set(unit_id),
        full_name: Set(full_name),
        title: Set(title),
        on_behalf: Set(on_behalf),
        is_default: Set(is_default),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let id = m.id;
    audit::Change::new("unit.signer_add", "unit", unit_id)
        .after(&to_view(m))
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(id)
}

async fn clear_default(db: &impl ConnectionTrait, unit_id: UnitId) -> Result<(), AppError> {
    unit_signer::Entity::update_many()
        .col_expr(
            unit_signer::Column::IsDefault,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(unit_signer::Column::UnitId.eq(unit_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn find_of(
    db: &impl ConnectionTrait,
    unit_id: UnitId,
    id: i32,
) -> Result<unit_signer::Model, AppError> {
    unit_signer::Entity::find_by_id(id)
        .filter(unit_signer::Column::UnitId.eq(unit_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Makes a signer the unit's default (administrators).
pub async fn make_default(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    unit_id: UnitId,
    id: i32,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUnits)?;
    let txn = db.begin().await?;
    let m = find_of(&txn, unit_id, id).await?;
    clear_default(&txn, unit_id).await?;
    let mut a: unit_signer::ActiveModel = m.clone().into();
    a.is_default = Set(true);
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    audit::Change::new("unit.signer_default", "unit", unit_id)
        .after(&to_view(m))
        .commit(txn, Actor::User(actor))
        .await
}

/// Removes a signer (administrators); when it was the default, the longest-standing other
/// one becomes the default. Documents already made keep the name they print.
pub async fn remove(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    unit_id: UnitId,
    id: i32,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUnits)?;
    let txn = db.begin().await?;
    let m = find_of(&txn, unit_id, id).await?;
    unit_signer::Entity::delete_by_id(m.id).exec(&txn).await?;
    if m.is_default {
        if let Some(next) = unit_signer::Entity::find()
            .filter(unit_signer::Column::UnitId.eq(unit_id))
            .order_by_asc(unit_signer::Column::Id)
            .one(&txn)
            .await?
        {
            let mut a: unit_signer::ActiveModel = next.into();
            a.is_default = Set(true);
            a.update(&txn).await?;
        }
    }
    audit::Change::new("unit.signer_remove", "unit", unit_id)
        .before(&to_view(m))
        .commit(txn, Actor::User(actor))
        .await
}
