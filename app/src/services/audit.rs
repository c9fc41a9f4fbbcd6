//! The audit log: who did what to which object, when, with before/after values.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
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

/// One change for the audit log: what was done to which object, and its values before and after.
///
/// Built by naming the action and the object, then the values that apply, and written by
/// [`Change::record`] (inside the caller's transaction) or [`Change::commit`] (which also ends
/// the transaction). A value is stored as its JSON text; a value not given, or one that cannot
/// be written as JSON, is stored as NULL.
#[derive(Clone, Debug)]
#[must_use = "a change is written only by `record` or `commit`"]
pub struct Change {
    action: String,
    object_type: String,
    object_id: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

impl Change {
    /// `action` (such as `user.update`) done to the `object_type` object `object_id`.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "ids are small values, named as they are"
    )]
    pub fn new(action: &str, object_type: &str, object_id: impl ToString) -> Self {
        Self {
            object_id: Some(object_id.to_string()),
            ..Self::without_id(action, object_type)
        }
    }

    /// `action` done to no one object of `object_type` (such as loading the demo province).
    pub fn without_id(action: &str, object_type: &str) -> Self {
        Self {
            action: action.to_string(),
            object_type: object_type.to_string(),
            object_id: None,
            before: None,
            after: None,
        }
    }

    /// The object's values before the change.
    pub fn before(mut self, value: &(impl Serialize + ?Sized)) -> Self {
        self.before = serde_json::to_string(value).ok();
        self
    }

    /// The object's values after the change.
    pub fn after(mut self, value: &(impl Serialize + ?Sized)) -> Self {
        self.after = serde_json::to_string(value).ok();
        self
    }

    /// Records the change inside the caller's transaction.
    pub async fn record(self, db: &impl ConnectionTrait, actor: Actor<'_>) -> Result<(), AppError> {
        self.entry(actor).insert(db).await?;
        Ok(())
    }

    /// Records the change and commits the transaction that made it.
    pub async fn commit(self, txn: DatabaseTransaction, actor: Actor<'_>) -> Result<(), AppError> {
        self.record(&txn, actor).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The row that records the change, stamped now.
    fn entry(self, actor: Actor<'_>) -> audit_entry::ActiveModel {
        let (actor_id, actor_name) = match actor {
            Actor::User(u) => (Some(u.id.0), u.username.clone()),
            Actor::System => (None, "system".to_string()),
        };
        audit_entry::ActiveModel {
            at: Set(Utc::now()),
            actor_id: Set(actor_id),
            actor_name: Set(actor_name),
            action: Set(self.action),
            object_type: Set(self.object_type),
            object_id: Set(self.object_id),
            before: Set(self.before),
            after: Set(self.after),
            ..Default::default()
        }
    }
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use sea_orm::ActiveValue;

    use super::*;
    use crate::domain::{Role, UserId};

    fn admin() -> CurrentUser {
        CurrentUser {
            id: UserId(7),
            username: "admin".to_string(),
            full_name: "Admin".to_string(),
            role: Role::Admin,
            unit_id: None,
            lang: crate::i18n::Lang::default(),
            must_change_password: false,
        }
    }

    fn value<V: Into<sea_orm::Value>>(v: ActiveValue<V>) -> V {
        match v {
            ActiveValue::Set(v) | ActiveValue::Unchanged(v) => v,
            ActiveValue::NotSet => panic!("not set"),
        }
    }

    #[test]
    fn a_change_is_stored_as_its_names_and_json_text() {
        let user = admin();
        let e = Change::new("user.update", "user", UserId(3))
            .before(&serde_json::json!({ "active": true }))
            .after(&["a", "b"][..])
            .entry(Actor::User(&user));
        assert_eq!(value(e.actor_id), Some(7));
        assert_eq!(value(e.actor_name), "admin");
        assert_eq!(value(e.action), "user.update");
        assert_eq!(value(e.object_type), "user");
        assert_eq!(value(e.object_id).as_deref(), Some("3"));
        assert_eq!(value(e.before).as_deref(), Some(r#"{"active":true}"#));
        assert_eq!(value(e.after).as_deref(), Some(r#"["a","b"]"#));
    }

    #[test]
    fn what_is_not_given_or_not_json_is_null() {
        // A map with keys that are not strings cannot be written as JSON.
        let not_json = BTreeMap::from([((1, 2), 3)]);
        let e = Change::without_id("demo.load", "province")
            .after(&not_json)
            .entry(Actor::System);
        assert_eq!(value(e.actor_id), None);
        assert_eq!(value(e.actor_name), "system");
        assert_eq!(value(e.object_id), None);
        assert_eq!(value(e.before), None);
        assert_eq!(value(e.after), None);
        // `None` given as a value is JSON `null`, as it always was.
        let e = Change::new("reminder_rule.update", "reminder_rule", "overdue")
            .before(&None::<i32>)
            .entry(Actor::System);
        assert_eq!(value(e.before).as_deref(), Some("null"));
    }
}
