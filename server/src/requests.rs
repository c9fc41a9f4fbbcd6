//! What every request goes through at the edge: a request id (kept from a proxy when it is a
//! sane one, else made here) that the answer carries as `x-request-id`; one log line per
//! request (id, method, route, status, user, latency), JSON when the configuration asks for
//! it; and a deadline on the handler's time, answered with 503 and a message.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header that carries the request id, both ways.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id and when it arrived (in the request's extensions).
#[derive(Clone, Debug)]
pub struct RequestContext {
    /// The id, as sent back in `x-request-id`.
    pub id: String,
    /// When the request reached the server.
    pub started: Instant,
}

/// Whether an incoming id may be kept: 1 to 64 characters of letters, digits, `-`, `_`, `.`
/// (what proxies send: UUIDs, hex); anything else is replaced, so that a client cannot write
/// what it likes into the logs.
fn sane(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new id: this process's start time and a counter, in hex (unique per process, short).
fn new_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static EPOCH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let epoch = *EPOCH.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    format!("{epoch:x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The outermost layer: gives the request its id and sends it back.
pub async fn context(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| sane(v))
        .map_or_else(new_id, str::to_string);
    req.extensions_mut().insert(RequestContext {
        id: id.clone(),
        started: Instant::now(),
    });
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID.clone(), v);
    }
    res
}

/// Inside the session layer: one line per request, with the user when there is one.
pub async fn access_log(req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let user = match req.extensions().get::<app::auth::SessionState>() {
        Some(app::auth::SessionState::Active { user, .. }) => Some(user.id.0),
        _ => None,
    };
    let method = req.method().clone();
    let res = next.run(req).await;
    let (id, started) = ctx.map_or_else(|| (String::new(), Instant::now()), |c| (c.id, c.started));
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: "access",
        request_id = %id,
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        user_id = user,
        latency_ms = (latency_ms * 10.0).round() / 10.0,
        "request"
    );
    res
}

/// The deadline on a request's handler time (`CCHC_REQUEST_TIMEOUT_SECS`).
#[derive(Clone, Copy, Debug)]
pub struct Deadline(pub Duration);

/// Answers 503 with a message when the handler takes longer than the deadline. An upload
/// (a multipart body, read by its handler as it arrives) is not cut: on a slow link its body
/// alone may take longer; its handler bounds what it reads.
pub async fn deadline(State(limit): State<Deadline>, req: Request, next: Next) -> Response {
    let upload = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/"));
    if upload {
        return next.run(req).await;
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string());
    match tokio::time::timeout(limit.0, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(route = %route, limit_ms = limit.0.as_millis() as u64, "request timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "Máy chủ đang bận, yêu cầu chưa xử lý xong trong thời gian cho phép. Vui lòng thử lại sau ít phút. \
                 (The server is busy: the request did not finish in time. Please try again shortly.)",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_kept() {
        assert!(sane("3f2a-19"));
        assert!(sane("0b9c6f0e-6c1d-4d7e-9a59-0d8e7f6a5b4c"));
        assert!(!sane(""));
        assert!(!sane(&"a".repeat(65)));
        assert!(!sane("x\ny"));
        assert!(!sane("id with spaces"));
        assert!(!sane("\"}{"));
    }

    #[test]
    fn new_ids_differ() {
        assert_ne!(new_id(), new_id());
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::any;
    use axum::Router;
    use tower::ServiceExt;

    /// A route whose handler takes 300 ms, behind a 30 ms deadline and the request id.
    fn slow() -> Router {
        Router::new()
            .route(
                "/slow",
                any(|| async {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    "done"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                Deadline(Duration::from_millis(30)),
                deadline,
            ))
            .layer(axum::middleware::from_fn(context))
    }

    async fn text(res: Response) -> String {
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .expect("body");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn a_slow_handler_is_answered_503_with_a_message_and_its_id() {
        let req = Request::get("/slow")
            .header("x-request-id", "proxy-7f3a")
            .body(Body::empty())
            .expect("request");
        let res = slow().oneshot(req).await.expect("answer");
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()["x-request-id"], "proxy-7f3a");
        assert_eq!(res.headers()[header::RETRY_AFTER], "5");
        assert!(text(res).await.contains("Vui lòng thử lại"));
    }

    #[tokio::test]
    async fn an_upload_is_not_cut_and_a_hostile_id_is_replaced() {
        let req = Request::post("/slow")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .header("x-request-id", "evil id; {\"level\":\"ERROR\"}")
            .body(Body::empty())
            .expect("request");
        let res = slow().oneshot(req).await.expect("answer");
        assert_eq!(res.status(), StatusCode::OK);
        let id = res.headers()["x-request-id"]
            .to_str()
            .expect("id")
            .to_string();
        assert!(sane(&id) && !id.contains("evil"), "{id}");
        assert_eq!(text(res).await, "done");
    }
}
