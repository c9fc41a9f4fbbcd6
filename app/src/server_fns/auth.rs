//! Log in, log out, and what the current request's session is.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionInfo;

/// Checks the credentials, sets the session cookie and goes to the home page.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, client_ip};
    use crate::auth::session;
    let state = app_state()?;
    let token = crate::services::auth::login(
        &state.db,
        &state.auth,
        &username,
        &password,
        &client_ip(),
        chrono::Utc::now(),
    )
    .await?;
    set_cookie(&session::cookie_header(&token, &state.auth))?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends the session and goes to the log-in page.
#[server(endpoint = "logout")]
pub async fn logout(#[server(default)] csrf: String) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::auth::session;
    let user = require_write(&csrf)?;
    let state = app_state()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(&parts.headers);
    if let Some(cookie) = jar.get(session::COOKIE) {
        crate::services::auth::logout(&state.db, &user, cookie.value()).await?;
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
    let state = app_state()?;
    let lang = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::i18n::Lang>().copied())
        .unwrap_or_default();
    match session_state() {
        SessionState::Active { user, csrf } => {
            crate::services::auth::session_info(&state.db, Some(&user), false, csrf, lang).await
        }
        SessionState::Expired => {
            crate::services::auth::session_info(&state.db, None, true, String::new(), lang).await
        }
        SessionState::Anonymous => {
            crate::services::auth::session_info(&state.db, None, false, String::new(), lang).await
        }
    }
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    let res = expect_context::<leptos_axum::ResponseOptions>();
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    res.append_header(http::header::SET_COOKIE, value);
    Ok(())
}
