//! A user's notifications (the bell), the unit head's choice of recipients, and the outbox as
//! admins see it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;

use crate::domain::reminder::RuleCode;
use crate::domain::CurrentUser;
use crate::domain::{Right, Role, UserId};
use crate::entities::{email_outbox, notification, unit, user};
use crate::error::AppError;
use crate::model::reminder::{
    NotificationView, NotificationsPage, OutboxPage, OutboxRow, RecipientView, RecipientsPage,
};
use crate::services::audit::{self, Actor};

/// Rows per page of notifications.
pub const PER_PAGE: u64 = 30;

/// The same count as [`unread`], as an SQL expression over the user id in `user_id` (a column
/// of the enclosing statement): the session lookup reads it along with the session.
pub fn unread_sql(user_id: &str) -> String {
    format!(
        "CAST((SELECT COUNT(*) FROM notifications n \
         WHERE n.user_id = {user_id} AND n.read_at IS NULL) AS BIGINT)"
    )
}

/// The bell's count.
pub async fn unread(db: &impl ConnectionTrait, user_id: UserId) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id.0))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The user's notifications, newest first; `unread_only` hides the read ones.
pub async fn page(
    db: &DatabaseConnection,
    user: &CurrentUser,
    page: u64,
    unread_only: bool,
) -> Result<NotificationsPage, AppError> {
    let mut q = notification::Entity::find().filter(notification::Column::UserId.eq(user.id.0));
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    let total = q.clone().count(db).await?;
    let page = page.max(1);
    let rows = q
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .all(db)
        .await?;
    Ok(NotificationsPage {
        items: rows
            .into_iter()
            .filter_map(|n| {
                RuleCode::parse(&n.rule).map(|rule| NotificationView {
                    id: n.id,
                    rule,
                    title: n.title,
                    body: n.body,
                    created_at: n.created_at,
                    read_at: n.read_at,
                })
            })
            .collect(),
        unread: unread(db, user.id).await?,
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// Marks one of the user's notifications read (or every one, with `None`). Another user's
/// notification is not found.
pub async fn mark_read(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user.id.0))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        let n = notification::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|n| n.user_id == user.id.0)
            .ok_or(AppError::NotFound)?;
        q = q.filter(notification::Column::Id.eq(n.id));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Opens a notification: marks it read and gives the page it is about.
pub async fn open(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let n = notification::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|n| n.user_id == user.id.0)
        .ok_or(AppError::NotFound)?;
    if n.read_at.is_none() {
        mark_read(db, user, Some(id), now).await?;
    }
    Ok(n.link)
}

fn head_unit(user: &CurrentUser) -> Result<i32, AppError> {
    user.ensure(Right::ChooseReminderRecipients)?;
    user.unit_id.map(|u| u.0).ok_or(AppError::Forbidden)
}

/// The unit head's page: the unit's active officers and heads, and who receives reminders.
pub async fn recipients(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<RecipientsPage, AppError> {
    let unit_id = head_unit(user)?;
    let unit_name = unit::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let users = user::Entity::find()
        .filter(user::Column::UnitId.eq(unit_id))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([Role::UnitHead, Role::UnitOfficer]))
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?;
    Ok(RecipientsPage {
        unit_name,
        users: users
            .into_iter()
            .map(|u| RecipientView {
                user_id: u.id,
                full_name: u.full_name,
                role: u.role,
                email: u.email,
                receives: u.receives_reminders,
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct RecipientsAudit {
    receiving: Vec<i32>,
}

/// Saves the unit head's choice: exactly the users in `receiving` get the unit's reminders.
/// Ids of users outside the unit are refused and nothing changes.
pub async fn save_recipients(
    db: &DatabaseConnection,
    user: &CurrentUser,
    receiving: &[i32],
) -> Result<(), AppError> {
    let unit_id = head_unit(user)?;
    let txn = db.begin().await?;
    let members: Vec<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::UnitId.eq(unit_id))
        .filter(user::Column::Role.is_in([Role::UnitHead, Role::UnitOfficer]))
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some(bad) = receiving.iter().find(|id| !members.contains(id)) {
        tracing::warn!(
            user = bad,
            unit = unit_id,
            "recipient outside the unit refused"
        );
        return Err(AppError::invalid("users", "reminder.err.not_in_unit"));
    }
    let before: Vec<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(members.clone()))
        .filter(user::Column::ReceivesReminders.eq(true))
        .into_tuple()
        .all(&txn)
        .await?;
    for (on, ids) in [
        (true, receiving.to_vec()),
        (
            false,
            members
                .iter()
                .copied()
                .filter(|m| !receiving.contains(m))
                .collect(),
        ),
    ] {
        if ids.is_empty() {
            continue;
        }
        user::Entity::update_many()
            .col_expr(user::Column::ReceivesReminders, Expr::value(on))
            .filter(user::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
    }
    let mut after = receiving.to_vec();
    after.sort_unstable();
    audit::Change::new("reminder_recipients.update", "unit", unit_id)
        .before(&RecipientsAudit { receiving: before })
        .after(&RecipientsAudit { receiving: after })
        .commit(txn, Actor::User(user))
        .await
}

/// The outbox states, in the order shown.
pub const STATES: [&str; 7] = [
    "pending",
    "sending",
    "sent",
    "failed",
    "cancelled",
    "expired",
    "skipped",
];

/// The outbox for admins: counts per state and the latest 100 messages of `state`.
pub async fn outbox(
    db: &DatabaseConnection,
    user: &CurrentUser,
    state: &str,
    mail_enabled: bool,
    server: String,
) -> Result<OutboxPage, AppError> {
    user.ensure(Right::ReadOutbox)?;
    let counts: Vec<(String, i64)> = email_outbox::Entity::find()
        .select_only()
        .column(email_outbox::Column::State)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(email_outbox::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    let state = if STATES.contains(&state) { state } else { "" };
    let mut q = email_outbox::Entity::find();
    if !state.is_empty() {
        q = q.filter(email_outbox::Column::State.eq(state));
    }
    let rows = q
        .order_by_desc(email_outbox::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    Ok(OutboxPage {
        mail_enabled,
        server,
        counts: STATES
            .iter()
            .map(|s| {
                let n = counts
                    .iter()
                    .find(|(k, _)| k == s)
                    .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
                    .unwrap_or(0);
                ((*s).to_string(), n)
            })
            .collect(),
        rows: rows
            .into_iter()
            .map(|m| OutboxRow {
                id: m.id,
                to_addr: m.to_addr,
                to_name: m.to_name,
                subject: m.subject,
                state: m.state,
                attempts: m.attempts,
                last_error: m.last_error,
                created_at: m.created_at,
                sent_at: m.sent_at,
                next_attempt_at: m.next_attempt_at,
            })
            .collect(),
        state: state.to_string(),
    })
}

/// Puts a failed or expired message back in the queue (admins).
pub async fn retry(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    user.ensure(Right::ReadOutbox)?;
    let txn = db.begin().await?;
    let done = email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::State, Expr::value("pending"))
        .col_expr(email_outbox::Column::Attempts, Expr::value(0))
        .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(email_outbox::Column::CreatedAt, Expr::value(now))
        .col_expr(email_outbox::Column::UpdatedAt, Expr::value(now))
        .filter(email_outbox::Column::Id.eq(id))
        .filter(email_outbox::Column::State.is_in(["failed", "expired"]))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("state", "mail.err.not_retryable"));
    }
    audit::Change::new("mail_outbox.retry", "email_outbox", id)
        .commit(txn, Actor::User(user))
        .await
}
