//! User accounts: list, create, edit (role, unit), deactivate, reset password.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;
use serde_json::json;

use crate::domain::access::CurrentUser;
use crate::domain::user::parse_full_name;
use crate::domain::{Email, Password, Right, Role, UnitId, UserId, Username};
use crate::entities::{unit, user};
use crate::error::AppError;
use crate::model::{UserInput, UserView};
use crate::services::accounts::{password, session};
use crate::services::audit::{self, Actor};
use crate::services::{parse_opt_id, unique_or_internal};

#[derive(Clone, Debug, Serialize)]
struct UserFields {
    full_name: String,
    email: Option<String>,
    role: Role,
    unit_id: Option<UnitId>,
}

async fn parse_input(db: &impl ConnectionTrait, input: &UserInput) -> Result<UserFields, AppError> {
    let full_name =
        parse_full_name(&input.full_name).map_err(|k| AppError::invalid("full_name", k))?;
    let email = if input.email.trim().is_empty() {
        None
    } else {
        Some(
            Email::parse(&input.email)
                .map_err(|k| AppError::invalid("email", k))?
                .as_str()
                .to_string(),
        )
    };
    let role =
        Role::parse(&input.role).ok_or_else(|| AppError::invalid("role", "err.role_unknown"))?;
    let unit_id = parse_opt_id("unit_id", &input.unit_id)?;
    if role.requires_unit() && unit_id.is_none() {
        return Err(AppError::invalid("unit_id", "err.unit_required_for_role"));
    }
    if let Some(id) = unit_id {
        let found = unit::Entity::find_by_id(id).one(db).await?;
        match found {
            None => return Err(AppError::invalid("unit_id", "err.unit_parent_missing")),
            Some(u) if u.valid_to.is_some() => {
                return Err(AppError::invalid("unit_id", "err.unit_retired"))
            }
            Some(_) => {}
        }
    }
    Ok(UserFields {
        full_name,
        email,
        role,
        unit_id,
    })
}

fn view(m: user::Model, unit_names: &HashMap<UnitId, String>) -> UserView {
    UserView {
        id: UserId(m.id),
        unit_name: m.unit_id.and_then(|u| unit_names.get(&u).cloned()),
        username: m.username,
        full_name: m.full_name,
        email: m.email,
        role: m.role,
        unit_id: m.unit_id,
        active: m.active,
        last_login_at: m.last_login_at,
    }
}

async fn unit_names(db: &impl ConnectionTrait) -> Result<HashMap<UnitId, String>, AppError> {
    Ok(unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Name)
        .into_tuple::<(UnitId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Every account, by user name.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
) -> Result<Vec<UserView>, AppError> {
    actor.ensure(Right::ManageUsers)?;
    let names = unit_names(db).await?;
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?
        .into_iter()
        .map(|m| view(m, &names))
        .collect())
}

/// The account `id`, or not found.
async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One account.
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: UserId,
) -> Result<UserView, AppError> {
    actor.ensure(Right::ManageUsers)?;
    let m = find(db, id).await?;
    Ok(view(m, &unit_names(db).await?))
}

/// Creates an account with an initial password.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: &UserInput,
    raw_password: &str,
) -> Result<UserId, AppError> {
    actor.ensure(Right::ManageUsers)?;
    let username =
        Username::parse(&input.username).map_err(|k| AppError::invalid("username", k))?;
    let pw = Password::parse_for(raw_password, username.as_str())
        .map_err(|k| AppError::invalid("password", k))?;
    let txn = db.begin().await?;
    let fields = parse_input(&txn, input).await?;
    let new = NewUser {
        username: &username,
        full_name: &fields.full_name,
        email: fields.email.clone(),
        role: fields.role,
        unit_id: fields.unit_id,
        password: &pw,
        // The administrator knows it: the person chooses their own at the first log-in.
        must_change_password: true,
    };
    let id = insert(&txn, Actor::User(actor), new).await?;
    txn.commit().await?;
    Ok(id)
}

/// A checked new account.
#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a Username,
    /// Display name.
    pub full_name: &'a str,
    /// E-mail.
    pub email: Option<String>,
    /// Role.
    pub role: Role,
    /// Unit.
    pub unit_id: Option<UnitId>,
    /// Initial password.
    pub password: &'a Password,
    /// Someone else chose the password: the user must choose their own at the next log-in.
    pub must_change_password: bool,
}

/// Inserts a user row and its audit entry (used by the admin form, the CLI and the demo loader).
pub async fn insert(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    new: NewUser<'_>,
) -> Result<UserId, AppError> {
    let now = Utc::now();
    // Hashed before the row is written, so the transaction is not held open while hashing.
    let hash = password::hash_off_workers(new.password.expose().to_owned()).await?;
    let inserted = user::ActiveModel {
        username: Set(new.username.as_str().to_string()),
        full_name: Set(new.full_name.to_string()),
        email: Set(new.email.clone()),
        role: Set(new.role),
        unit_id: Set(new.unit_id),
        password_hash: Set(hash),
        must_change_password: Set(new.must_change_password),
        active: Set(true),
        language: Set("vi".into()),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(unique_or_internal("username", "err.username_taken"))?;
    audit::Change::new("user.create", "user", inserted.id)
        .after(&json!({
            "username": new.username.as_str(),
            "full_name": new.full_name,
            "email": new.email,
            "role": new.role,
            "unit_id": new.unit_id,
        }))
        .record(db, actor)
        .await?;
    Ok(UserId(inserted.id))
}

/// Changes an account's name, e-mail, role and unit.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UserId,
    input: &UserInput,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUsers)?;
    let txn = db.begin().await?;
    let fields = parse_input(&txn, input).await?;
    let existing = find(&txn, id).await?;
    if existing.id == actor.id.0 && fields.role != Role::Admin {
        return Err(AppError::invalid("role", "err.cannot_demote_self"));
    }
    let before = json!({ "full_name": existing.full_name, "email": existing.email, "role": existing.role, "unit_id": existing.unit_id });
    let mut active: user::ActiveModel = existing.into();
    active.full_name = Set(fields.full_name.clone());
    active.email = Set(fields.email.clone());
    active.role = Set(fields.role);
    active.unit_id = Set(fields.unit_id);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    audit::Change::new("user.update", "user", id)
        .before(&before)
        .after(&fields)
        .commit(txn, Actor::User(actor))
        .await
}

/// Activates or deactivates an account; deactivation ends its sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UserId,
    active_now: bool,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUsers)?;
    if id == actor.id && !active_now {
        return Err(AppError::invalid("active", "err.cannot_deactivate_self"));
    }
    let txn = db.begin().await?;
    let existing = find(&txn, id).await?;
    let was = existing.active;
    let mut active: user::ActiveModel = existing.into();
    active.active = Set(active_now);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    if !active_now {
        session::delete_all_for_user(&txn, id).await?;
    }
    audit::Change::new(
        if active_now {
            "user.activate"
        } else {
            "user.deactivate"
        },
        "user",
        id,
    )
    .before(&json!({ "active": was }))
    .after(&json!({ "active": active_now }))
    .commit(txn, Actor::User(actor))
    .await
}

/// Sets a new password chosen by the admin; the user's sessions end, and the user must choose
/// their own password at the next log-in.
pub async fn reset_password(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: UserId,
    raw_password: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManageUsers)?;
    let existing = find(db, id).await?;
    let pw = Password::parse_for(raw_password, &existing.username)
        .map_err(|k| AppError::invalid("password", k))?;
    let hash = password::hash_off_workers(pw.expose().to_owned()).await?;
    let txn = db.begin().await?;
    let mut active: user::ActiveModel = existing.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    session::delete_all_for_user(&txn, id).await?;
    // The password itself is never written to the log.
    audit::Change::new("user.reset_password", "user", id)
        .commit(txn, Actor::User(actor))
        .await
}

/// Display names of users by id, in one query.
pub async fn names_by_id(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    let mut ids: Vec<i32> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
