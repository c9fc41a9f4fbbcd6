//! Logging in and out, with throttling after repeated failures.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::json;

use crate::domain::access::CurrentUser;
use crate::domain::{throttle, UserId, Username};
use crate::entities::{login_attempt, user};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{CurrentUserView, SessionInfo};
use crate::services::accounts::session::AuthConfig;
use crate::services::accounts::{password, session};
use crate::services::audit::{self, Actor};

/// A session opened by [`login`].
#[derive(Debug)]
pub struct LoggedIn {
    /// The cookie token.
    pub token: String,
    /// An administrator set the password: the user must choose their own first.
    pub must_change_password: bool,
}

/// Checks the credentials and opens a session.
pub async fn login(
    db: &DatabaseConnection,
    config: &AuthConfig,
    raw_username: &str,
    raw_password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<LoggedIn, AppError> {
    // An ill-formed name cannot exist: answer like any unknown user.
    let name = Username::parse(raw_username)
        .map(|u| u.as_str().to_string())
        .unwrap_or_else(|_| {
            raw_username
                .trim()
                .to_lowercase()
                .chars()
                .take(64)
                .collect()
        });

    // The attempt is written as a failure *before* anything is checked, and then the failures
    // are counted: of any number of concurrent tries (on any instance sharing the database),
    // the one written last sees all the others, so no more than the limit ever reach the
    // password check. A refused try is removed again: it guessed nothing. The turn at hashing
    // comes first, so that only the few attempts being checked right now are pending (a burst
    // of good log-ins from one office does not lock the office's address).
    let turn = password::turn().await?;
    let attempt = record_attempt(db, &name, ip, false, now).await?;
    let since = now - throttle::window();
    let user_failures =
        failures(db, login_attempt::Column::Username, &name, since, attempt).await?;
    let ip_failures = failures(db, login_attempt::Column::Ip, ip, since, attempt).await?;
    let lock = [
        throttle::locked_until(&user_failures, throttle::MAX_FAILURES_PER_USER, now),
        throttle::locked_until(&ip_failures, throttle::MAX_FAILURES_PER_IP, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(until) = lock {
        login_attempt::Entity::delete_by_id(attempt)
            .exec(db)
            .await?;
        tracing::warn!(username = %name, ip, "log-in refused: throttled");
        crate::services::counters::login_refused("locked");
        return Err(AppError::TooManyAttempts {
            retry_after_secs: (until - now).num_seconds().max(1),
        });
    }

    let found = user::Entity::find()
        .filter(user::Column::Username.eq(name.clone()))
        .one(db)
        .await?;
    // An unknown user is checked against a dummy hash: the answer takes as long.
    let ok = turn
        .verify(
            raw_password.to_owned(),
            found.as_ref().map(|u| u.password_hash.clone()),
        )
        .await?;
    drop(turn);
    let Some(found) = found.filter(|_| ok) else {
        crate::services::counters::login_refused("bad_credentials");
        return Err(AppError::BadCredentials);
    };
    if !found.active {
        crate::services::counters::login_refused("disabled");
        return Err(AppError::AccountDisabled);
    }

    let txn = db.begin().await?;
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Success, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(attempt))
        .exec(&txn)
        .await?;
    let mut active: user::ActiveModel = found.clone().into();
    active.last_login_at = Set(Some(now));
    active.update(&txn).await?;
    let token = session::create(&txn, UserId(found.id), config, now).await?;
    let actor = current_user_of(&found, Lang::default());
    audit::Change::new("auth.login", "user", found.id)
        .after(&json!({ "ip": ip }))
        .commit(txn, Actor::User(&actor))
        .await?;
    Ok(LoggedIn {
        token,
        must_change_password: found.must_change_password,
    })
}

/// Closes the session of `token`.
pub async fn logout(
    db: &DatabaseConnection,
    user: &CurrentUser,
    token: &str,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    session::delete(&txn, token).await?;
    audit::Change::new("auth.logout", "user", user.id)
        .commit(txn, Actor::User(user))
        .await
}

/// What the UI needs to know about the current request (the demo accounts are the demo
/// module's to add): the user with their unread notifications, as the session lookup read them.
pub fn session_info(
    user: Option<(&CurrentUser, &crate::services::units::directory::Names, u64)>,
    expired: bool,
    csrf: String,
    lang: Lang,
) -> SessionInfo {
    let user_view = match user {
        Some((u, names, unread)) => {
            let unit_name = u
                .unit_id
                .and_then(|id| names.units.get(&id))
                .map(|n| n.name.clone());
            Some(CurrentUserView {
                id: u.id,
                username: u.username.clone(),
                full_name: u.full_name.clone(),
                role: u.role,
                unit_id: u.unit_id,
                unit_name,
                unread,
            })
        }
        None => None,
    };
    SessionInfo {
        user: user_view,
        lang,
        csrf,
        expired,
        demo_accounts: Vec::new(),
        province: String::new(),
    }
}

/// The session view of a user row.
pub fn current_user_of(u: &user::Model, lang: Lang) -> CurrentUser {
    CurrentUser {
        id: UserId(u.id),
        username: u.username.clone(),
        full_name: u.full_name.clone(),
        role: u.role,
        unit_id: u.unit_id,
        lang,
        must_change_password: u.must_change_password,
    }
}

/// The times of the failures for `value` in the window, other than the attempt `own`.
pub(super) async fn failures(
    db: &impl ConnectionTrait,
    column: login_attempt::Column,
    value: &str,
    since: DateTime<Utc>,
    own: i32,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    Ok(login_attempt::Entity::find()
        .select_only()
        .column(login_attempt::Column::At)
        .filter(column.eq(value.to_string()))
        .filter(login_attempt::Column::Id.ne(own))
        .filter(login_attempt::Column::Success.eq(false))
        .filter(login_attempt::Column::At.gt(since))
        .into_tuple::<DateTime<Utc>>()
        .all(db)
        .await?)
}

/// Writes an attempt; returns its id.
pub(super) async fn record_attempt(
    db: &impl ConnectionTrait,
    username: &str,
    ip: &str,
    success: bool,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let row = login_attempt::ActiveModel {
        username: Set(username.chars().take(64).collect()),
        ip: Set(ip.chars().take(64).collect()),
        success: Set(success),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}
