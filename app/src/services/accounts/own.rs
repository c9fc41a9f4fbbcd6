//! A user's own account: choosing one's own password (with the old one), which also ends the
//! "must change" state an administrator's reset leaves.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use crate::domain::access::CurrentUser;
use crate::domain::{throttle, Password};
use crate::entities::{login_attempt, user};
use crate::error::AppError;
use crate::services::accounts::login::{failures, record_attempt};
use crate::services::accounts::{password, session};
use crate::services::audit::{self, Actor};

/// The password form.
#[derive(Clone, Debug, Default)]
pub struct PasswordChange<'a> {
    /// The password in use now.
    pub old: &'a str,
    /// The new one.
    pub new: &'a str,
    /// The new one again.
    pub confirm: &'a str,
}

/// Sets `actor`'s own password after checking the old one. Wrong old passwords count as failed
/// log-ins of the account (the same lock applies); the user's other sessions end, the current
/// one (`keep_token`) stays; audited without the password.
pub async fn change_password(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    keep_token: &str,
    form: &PasswordChange<'_>,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if form.new != form.confirm {
        return Err(AppError::invalid(
            "confirm_password",
            "err.password_confirm",
        ));
    }
    let existing = user::Entity::find_by_id(actor.id.0)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated { expired: true })?;
    let new = Password::parse_for(form.new, &existing.username)
        .map_err(|k| AppError::invalid("new_password", k))?;
    if form.new == form.old {
        return Err(AppError::invalid("new_password", "err.password_same"));
    }

    let turn = password::turn().await?;
    let attempt = record_attempt(db, &existing.username, ip, false, now).await?;
    let since = now - throttle::window();
    let recent = failures(
        db,
        login_attempt::Column::Username,
        &existing.username,
        since,
        attempt,
    )
    .await?;
    if let Some(until) = throttle::locked_until(&recent, throttle::MAX_FAILURES_PER_USER, now) {
        login_attempt::Entity::delete_by_id(attempt)
            .exec(db)
            .await?;
        return Err(AppError::TooManyAttempts {
            retry_after_secs: (until - now).num_seconds().max(1),
        });
    }
    if !turn
        .verify(form.old.to_owned(), Some(existing.password_hash.clone()))
        .await?
    {
        tracing::warn!(user = %existing.username, ip, "password change refused: wrong old password");
        return Err(AppError::invalid("old_password", "err.password_wrong"));
    }
    let hash = turn.hash(new.expose().to_owned()).await?;
    drop(turn);

    let txn = db.begin().await?;
    login_attempt::Entity::update_many()
        .col_expr(
            login_attempt::Column::Success,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(login_attempt::Column::Id.eq(attempt))
        .exec(&txn)
        .await?;
    let mut active: user::ActiveModel = existing.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    session::delete_others_of_user(&txn, actor.id, keep_token).await?;
    // The password itself is never written to the log.
    audit::Change::new("user.change_password", "user", actor.id)
        .commit(txn, Actor::User(actor))
        .await
}
