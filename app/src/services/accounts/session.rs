//! Database-stored sessions. The cookie carries a random token; the table stores its SHA-256.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::IdenStatic;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, QueryTrait, SelectA, SelectB, Set,
};
use sha2::{Digest, Sha256};

use crate::domain::UserId;
use crate::entities::{session, user};
use crate::error::AppError;
use crate::services::units::directory::{Stamp, STAMP_COLUMNS};

/// Authentication settings.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Send cookies with `Secure` (behind HTTPS).
    pub cookie_secure: bool,
    /// Idle lifetime of a session, in minutes (sliding).
    pub session_idle_minutes: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client; any other peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            session_idle_minutes: 8 * 60,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The session cookie's name.
pub const COOKIE: &str = "cchc_session";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "cchc_lang";

/// A fresh random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored id for a cookie token.
pub fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a session for `user_id`; returns the cookie token.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: UserId,
    config: &AuthConfig,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = random_token();
    session::ActiveModel {
        id: Set(token_id(&token)),
        user_id: Set(user_id.0),
        csrf_token: Set(random_token()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::minutes(config.session_idle_minutes)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A live session and what every page asks for along with it, read in one statement.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The session.
    pub session: session::Model,
    /// Its user (active).
    pub user: user::Model,
    /// The user's unread notifications.
    pub unread: u64,
    /// What has been written, as of this request.
    pub stamp: Stamp,
}

/// Looks up a live session and its active user; slides the expiry forward when used. The same
/// statement reads the user's unread notifications and the directory stamp, which the page
/// header and most pages need: one round trip to the database instead of three.
pub async fn lookup(
    db: &impl ConnectionTrait,
    token: &str,
    config: &AuthConfig,
    now: DateTime<Utc>,
) -> Result<Option<Resolved>, AppError> {
    let mut select = session::Entity::find_by_id(token_id(token))
        .find_also_related(user::Entity)
        .expr_as(
            Expr::cust(crate::services::reminders::inbox::unread_sql(
                "sessions.user_id",
            )),
            "x_unread",
        );
    for (i, column) in STAMP_COLUMNS.iter().enumerate() {
        select = select.expr_as(Expr::cust(*column), format!("x_stamp{i}"));
    }
    let Some(row) = db
        .query_one_raw(select.build(db.get_database_backend()))
        .await?
    else {
        return Ok(None);
    };
    let sess = session::Model::from_query_result(&row, SelectA.as_str())?;
    let Some(usr) = user::Model::from_query_result_optional(&row, SelectB.as_str())? else {
        return Ok(None);
    };
    if sess.expires_at <= now || !usr.active {
        return Ok(None);
    }
    let unread: i64 = row.try_get("", "x_unread")?;
    let stamp = Stamp::read(&row, "x_stamp")?;
    // Write at most once a minute per session, not on every request.
    if now - sess.last_seen_at > Duration::minutes(1) {
        let mut active: session::ActiveModel = sess.clone().into();
        active.last_seen_at = Set(now);
        active.expires_at = Set(now + Duration::minutes(config.session_idle_minutes));
        active.update(db).await?;
    }
    Ok(Some(Resolved {
        session: sess,
        user: usr,
        unread: u64::try_from(unread).unwrap_or(0),
        stamp,
    }))
}

/// Deletes one session.
pub async fn delete(db: &impl ConnectionTrait, token: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(token_id(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every session of a user (on deactivation or password reset).
pub async fn delete_all_for_user(
    db: &impl ConnectionTrait,
    user_id: UserId,
) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every session of a user but the one of `keep_token` (after a password change).
pub async fn delete_others_of_user(
    db: &impl ConnectionTrait,
    user_id: UserId,
    keep_token: &str,
) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id.0))
        .filter(session::Column::Id.ne(token_id(keep_token)))
        .exec(db)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value that stores a session token.
pub fn cookie_header(token: &str, config: &AuthConfig) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        config.session_idle_minutes * 60
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie_header(config: &AuthConfig) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_id(&a), a);
        assert_eq!(token_id(&a), token_id(&a));
    }

    #[test]
    fn cookies_are_http_only_and_same_site() {
        let c = cookie_header("abc", &AuthConfig::default());
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        let secure = AuthConfig {
            cookie_secure: true,
            ..AuthConfig::default()
        };
        assert!(cookie_header("abc", &secure).ends_with("; Secure"));
        assert!(clear_cookie_header(&secure).contains("Max-Age=0"));
    }
}
