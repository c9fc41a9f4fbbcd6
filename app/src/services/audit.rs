//! The audit log: who did what to which object, when, with before/after values.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::domain::CurrentUser;
use crate::domain::Right;
use crate::entities::audit_entry;
use crate::error::AppError;
use crate::model::{AuditPage, AuditView};

/// Who made a change.
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    /// A logged-in user.
    User(&'a CurrentUser),
    /// The system itself (scheduler, command line, demo loader).
    System,
}

/// Records one change. Call it inside the same transaction as the change.
pub async fn record<B: Serialize, A: Serialize>(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    action: &str,
    object_type: &str,
    object_id: Option<String>,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), AppError> {
    let (actor_id, actor_name) = match actor {
        Actor::User(u) => (Some(u.id.0), u.username.clone()),
        Actor::System => (None, "system".to_string()),
    };
    audit_entry::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor_name: Set(actor_name),
        action: Set(action.to_string()),
        object_type: Set(object_type.to_string()),
        object_id: Set(object_id),
        before: Set(before.and_then(|b| serde_json::to_string(b).ok())),
        after: Set(after.and_then(|a| serde_json::to_string(a).ok())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One page of the log, newest first, optionally for one kind of object.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    object_type: Option<String>,
    page: u64,
) -> Result<AuditPage, AppError> {
    user.ensure(Right::ReadAudit)?;
    const PER_PAGE: u64 = 50;
    let page = page.max(1);
    let mut query = audit_entry::Entity::find();
    if let Some(t) = object_type.filter(|t| !t.trim().is_empty()) {
        query = query.filter(audit_entry::Column::ObjectType.eq(t.trim().to_string()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_entry::Column::Id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .all(db)
        .await?;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditView {
                id: r.id,
                at: r.at,
                actor: r.actor_name,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                before: r.before,
                after: r.after,
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}
