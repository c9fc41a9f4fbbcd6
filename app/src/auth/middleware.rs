//! Request middleware: refuses cross-site writes and resolves the session once per request.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use http::{header, Method, StatusCode};
use std::net::SocketAddr;

use super::{ClientIp, SessionState};
use crate::domain::CurrentUser;
use crate::domain::UserId;
use crate::i18n::Lang;
use crate::services::accounts::session;
use crate::services::units::directory::RequestNames;
use crate::state::AppState;

/// Resolves the session cookie into a [`SessionState`] request extension, and refuses writes
/// coming from another site (a second line of defence behind the per-form tokens).
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Static files and the health check need no session: no database round trip for them.
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/health" {
        return next.run(req).await;
    }
    if is_cross_site_write(&req) {
        tracing::warn!(uri = %req.uri(), "refused a cross-site write");
        return (
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang khác (CSRF). / Request refused: cross-site form submission.",
        )
            .into_response();
    }

    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = match peer {
        Some(peer) => client_address(peer, req.headers(), &state.auth.trusted_proxies).to_string(),
        None => "unknown".into(),
    };
    req.extensions_mut().insert(ClientIp(ip));

    let jar = CookieJar::from_headers(req.headers());
    let lang = jar
        .get(session::LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default();
    let mut names = RequestNames::default();
    let state_found = match jar.get(session::COOKIE).map(|c| c.value().to_string()) {
        None => SessionState::Anonymous,
        Some(token) => {
            match session::lookup(&state.db, &token, &state.auth, chrono::Utc::now()).await {
                Ok(Some(found)) => {
                    names = RequestNames::with_stamp(found.stamp);
                    let user = found.user;
                    SessionState::Active {
                        user: CurrentUser {
                            id: UserId(user.id),
                            username: user.username,
                            full_name: user.full_name,
                            role: user.role,
                            unit_id: user.unit_id,
                            lang,
                            must_change_password: user.must_change_password,
                        },
                        csrf: found.session.csrf_token,
                        unread: found.unread,
                    }
                }
                Ok(None) => SessionState::Expired,
                Err(_) => {
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Cơ sở dữ liệu không phản hồi. / Database unavailable.",
                    )
                        .into_response()
                }
            }
        }
    };
    req.extensions_mut().insert(names);
    if let SessionState::Active { user, .. } = &state_found {
        if user.must_change_password && !allowed_before_password_change(req.uri().path()) {
            return password_change_first(req.uri().path());
        }
    }
    req.extensions_mut().insert(state_found);
    req.extensions_mut().insert(lang);
    next.run(req).await
}

/// What a user whose password an administrator set may reach before choosing their own: the
/// page and call that change it, the session, log-out, the language switch, and static files.
fn allowed_before_password_change(path: &str) -> bool {
    matches!(
        path,
        "/account/password" | "/api/account/password" | "/api/session" | "/api/logout" | "/login"
    ) || path.starts_with("/lang/")
}

/// Pages go to the password form; calls are refused with 403.
fn password_change_first(path: &str) -> Response {
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&crate::error::AppError::Forbidden).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/account/password?must=1")],
    )
        .into_response()
}

/// The client's address: the TCP peer, unless the peer is a trusted proxy; then the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy (the entries further left
/// are whatever the client chose to send, and are not believed).
fn client_address(
    peer: std::net::IpAddr,
    headers: &http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        match entry.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            // A malformed entry: nothing further left can be believed.
            Err(_) => return client,
        }
    }
    client
}

fn is_cross_site_write<B>(req: &http::Request<B>) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    origin == "null" || origin_host != host
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().expect("ip");
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            http::HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        let proxy = [ip("10.0.0.2")];
        // Not through the proxy: the header is the client's own words, ignored.
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &proxy),
            ip("198.51.100.1")
        );
        // Through the proxy: the address the proxy saw, not what the client prepended.
        assert_eq!(
            client_address(ip("10.0.0.2"), &headers, &proxy),
            ip("203.0.113.7")
        );
        // Through the proxy without a header: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.2"), &http::HeaderMap::new(), &proxy),
            ip("10.0.0.2")
        );
    }

    fn req(method: Method, origin: Option<&str>, host: &str) -> http::Request<Body> {
        let mut b = http::Request::builder()
            .method(method)
            .uri("/api/x")
            .header(header::HOST, host);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        b.body(Body::empty()).expect("request")
    }

    #[test]
    fn writes_from_another_origin_are_refused_same_origin_and_reads_pass() {
        assert!(is_cross_site_write(&req(
            Method::POST,
            Some("https://evil.example"),
            "cchc.local"
        )));
        assert!(is_cross_site_write(&req(
            Method::POST,
            Some("null"),
            "cchc.local"
        )));
        assert!(!is_cross_site_write(&req(
            Method::POST,
            Some("http://cchc.local"),
            "cchc.local"
        )));
        assert!(!is_cross_site_write(&req(Method::POST, None, "cchc.local")));
        assert!(!is_cross_site_write(&req(
            Method::GET,
            Some("https://evil.example"),
            "cchc.local"
        )));
    }
}
