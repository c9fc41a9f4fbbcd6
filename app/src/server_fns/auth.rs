//! Log in, log out, and what the current request's session is.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionInfo;

/// Checks the credentials, sets the session cookie and goes to the home page.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, client_ip};
    use crate::services::accounts::session;
    let state = app_state()?;
    let opened = crate::services::accounts::login::login(
        &state.db,
        &state.auth,
        &username,
        &password,
        &client_ip(),
        chrono::Utc::now(),
    )
    .await?;
    set_cookie(&session::cookie_header(&opened.token, &state.auth))?;
    // An administrator set the password: the user chooses their own before anything else.
    leptos_axum::redirect(if opened.must_change_password {
        "/account/password?must=1"
    } else {
        "/"
    });
    Ok(())
}

/// Changes the logged-in user's own password (the old one is required); the user's other
/// sessions end.
#[server(endpoint = "account/password")]
pub async fn change_password(
    #[server(default)] csrf: String,
    old_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, client_ip, require_write};
    use crate::services::accounts::own::PasswordChange;
    use crate::services::accounts::session;
    let user = require_write(&csrf)?;
    let state = app_state()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(&parts.headers);
    let token = jar
        .get(session::COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    crate::services::accounts::own::change_password(
        &state.db,
        &user,
        &token,
        &PasswordChange {
            old: &old_password,
            new: &new_password,
            confirm: &confirm_password,
        },
        &client_ip(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/account/password?ok=1");
    Ok(())
}

/// Ends the session and goes to the log-in page.
#[server(endpoint = "logout")]
pub async fn logout(#[server(default)] csrf: String) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::accounts::session;
    let user = require_write(&csrf)?;
    let state = app_state()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(&parts.headers);
    if let Some(cookie) = jar.get(session::COOKIE) {
        crate::services::accounts::login::logout(&state.db, &user, cookie.value()).await?;
    }
    set_cookie(&session::clear_cookie_header(&state.auth))?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Who is logged in, the language, the form token and (in demo mode) the demo accounts.
#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::auth::guards::{app_state, session_state};
    use crate::auth::SessionState;
    use crate::services::accounts::login::session_info;
    let state = app_state()?;
    let lang = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::i18n::Lang>().copied())
        .unwrap_or_default();
    let names = super::names(&state).await?;
    let mut info = match session_state() {
        SessionState::Active { user, csrf, unread } => {
            session_info(Some((&user, &names, unread)), false, csrf, lang)
        }
        SessionState::Expired => session_info(None, true, String::new(), lang),
        SessionState::Anonymous => session_info(None, false, String::new(), lang),
    };
    info.province = names.province.display_name();
    crate::demo::with_accounts(&state.db, info).await
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    let res = expect_context::<leptos_axum::ResponseOptions>();
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    res.append_header(http::header::SET_COOKIE, value);
    Ok(())
}
