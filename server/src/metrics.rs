//! `/metrics` in Prometheus's text format: requests by route and status, their duration, the
//! database pool, and what the services count (log-in failures and locks, reports submitted,
//! reminders, e-mails). Rendered on request; nothing listens on a port of its own.
//!
//! Who may read it: a request straight from this machine (a loopback peer that is not a
//! configured proxy: what a proxy forwards comes from elsewhere), or one that carries the
//! configured bearer token (`CCHC_METRICS_TOKEN`), for a monitoring server.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::DatabaseConnection;

/// Request durations' histogram buckets, in seconds: a page takes milliseconds, an export or an
/// import up to seconds.
const DURATION_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How often histogram samples are folded into their buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The process's recorder, installed by the first caller (the server, or the first test
/// server of a test process).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &DURATION_BUCKETS,
            )
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics shows its own");
        }
        describe();
        // Histograms keep each sample until upkeep folds it into the buckets: without a
        // scraper the samples would pile up, so upkeep runs every few seconds regardless.
        let upkeep = handle.clone();
        if let Err(e) = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            })
        {
            tracing::warn!(error = %e, "metrics upkeep thread not started");
        }
        handle
    })
}

/// The help text of each metric.
fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route and status."
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request, by route and status."
    );
    describe_gauge!(
        "db_pool_connections",
        "Database connections of the pool, by state (idle, in_use) and the pool's maximum (max)."
    );
    describe_gauge!(
        "scheduler_lag_seconds",
        "How late the last scheduled reminder run started after its scheduled time."
    );
    app::services::counters::describe();
}

/// Counts and times every request, labelled by the route it matched (not by its raw path, so
/// ids do not make a series each).
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = method_label(req.method()).to_string();
    let start = Instant::now();
    let res = next.run(req).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", res.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    res
}

/// The method as a label: the standard ones by name, any other as "other" (a client may send
/// any token as a method; each would otherwise make series of its own).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// What `/metrics` needs: who may read it, and the pool to describe.
#[derive(Clone)]
pub struct Access {
    /// The bearer token that opens it to other machines (`CCHC_METRICS_TOKEN`).
    pub token: Option<Arc<str>>,
    /// Proxies whose requests are forwarded ones, never "direct from this machine".
    pub trusted_proxies: Arc<[IpAddr]>,
    /// The database, for its pool's figures.
    pub db: DatabaseConnection,
}

/// `GET /metrics`.
pub async fn serve(
    State(access): State<Access>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !access.allows(peer.ip(), &headers) {
        return (StatusCode::FORBIDDEN, "forbidden\n").into_response();
    }
    pool_gauges(&access.db);
    let handle = handle();
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

impl Access {
    /// Direct from this machine, or with the token.
    fn allows(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        let direct = peer.is_loopback() && !self.trusted_proxies.contains(&peer);
        direct
            || self
                .token
                .as_deref()
                .is_some_and(|t| bearer_matches(headers, t))
    }
}

/// The request's `Authorization: Bearer <token>` is `token` (compared in constant time).
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(token.as_bytes())))
}

/// The pool's connections now: idle, in use, and its maximum.
fn pool_gauges(db: &DatabaseConnection) {
    use sea_orm::DatabaseBackend;
    let (size, idle, max) = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        DatabaseBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!("db_pool_connections", "state" => "max").set(f64::from(max));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(token: Option<&str>, proxies: &[&str]) -> Access {
        Access {
            token: token.map(Arc::from),
            trusted_proxies: proxies.iter().map(|p| p.parse().expect("ip")).collect(),
            db: DatabaseConnection::default(),
        }
    }

    fn with_auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, value.parse().expect("header"));
        h
    }

    #[test]
    fn made_up_methods_share_one_label() {
        use axum::http::Method;
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::POST), "POST");
        for made_up in ["FOOBAR", "XYZ1", "PROPFIND"] {
            let m = Method::from_bytes(made_up.as_bytes()).expect("method");
            assert_eq!(method_label(&m), "other");
        }
    }

    #[test]
    fn only_this_machine_directly_or_the_token_opens_it() {
        let none = HeaderMap::new();
        let local: IpAddr = "127.0.0.1".parse().expect("ip");
        let remote: IpAddr = "203.0.113.9".parse().expect("ip");
        let a = access(None, &[]);
        assert!(a.allows(local, &none));
        assert!(a.allows("::1".parse().expect("ip"), &none));
        assert!(!a.allows(remote, &none));
        // Through a proxy on this machine the request comes from elsewhere.
        let proxied = access(None, &["127.0.0.1"]);
        assert!(!proxied.allows(local, &none));
        let with_token = access(Some("s3cret-token"), &["127.0.0.1"]);
        assert!(with_token.allows(remote, &with_auth("Bearer s3cret-token")));
        assert!(with_token.allows(local, &with_auth("Bearer s3cret-token")));
        assert!(!with_token.allows(remote, &with_auth("Bearer s3cret-tokeN")));
        assert!(!with_token.allows(remote, &with_auth("s3cret-token")));
        assert!(!with_token.allows(remote, &none));
        // No token configured: no header opens it.
        assert!(!a.allows(remote, &with_auth("Bearer ")));
    }
}
