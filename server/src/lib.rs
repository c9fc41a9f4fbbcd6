//! The application's wiring: configuration, database, router, graceful shutdown.
//! Startup is split into build-then-run so that tests can bind port 0.

pub mod assets;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod metrics;
pub mod reminders;
pub mod requests;

use std::net::SocketAddr;
use std::sync::Arc;

use app::app::{shell, App};
use app::error::AppError;
use app::services::accounts::session::AuthConfig;
use app::services::dashboard::DashboardCache;
use app::services::reminders::ReminderSettings;
use app::services::tasks::facts::KeptFacts;
use app::state::AppState;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tokio::net::TcpListener;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

pub use config::Config;

/// The allocator of the server and of everything that links it (tests, benchmarks): under load
/// glibc's spent a fifth of each page's time allocating, freeing and consolidating.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The leptos options from the environment (set by cargo-leptos, or by hand).
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = leptos::config::get_configuration(None)?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = Arc::from("cchc");
    }
    Ok(options)
}

/// Connects to the database, migrates, and loads the demo province when asked and the database
/// has none yet.
pub async fn prepare_database(config: &Config, demo: bool) -> anyhow::Result<DatabaseConnection> {
    let db = db::connect_and_migrate(&config.database_url).await?;
    if demo
        && app::demo::load(&db, &config.storage()?, config.clock.today())
            .await
            .map_err(|e| anyhow::anyhow!("loading the demo data failed: {e}"))?
    {
        tracing::info!("demo province loaded (first run)");
    }
    Ok(db)
}

/// The whole router: pages, server functions, health, language switch, static files (named by
/// their content, see [`assets`]).
pub fn router(
    state: AppState,
    fingerprint: assets::Fingerprint,
    metrics_token: Option<&str>,
    request_timeout: std::time::Duration,
) -> Router {
    metrics::handle();
    let metrics_access = metrics::Access {
        token: metrics_token.map(Arc::from),
        trusted_proxies: state.auth.trusted_proxies.iter().copied().collect(),
        db: state.db.clone(),
    };
    let routes = generate_route_list(App);
    let page_state = state.clone();
    let file_state = state.clone();
    let options = state.leptos_options.clone();
    let https = state.auth.cookie_secure || state.reminders.base_url.starts_with("https://");
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics::serve).with_state(metrics_access))
        .route("/pkg/{*file}", get(assets::serve).with_state(fingerprint))
        .route("/lang/{code}", get(set_language))
        .route("/files/{id}", get(app::handlers::download_file))
        .route("/dashboard.pdf", get(app::handlers::dashboard_pdf))
        .route(
            "/notifications/{id}/open",
            get(app::handlers::open_notification),
        )
        .route(
            "/reports/exports/{id}",
            get(app::handlers::download_report_export),
        )
        .route(
            "/plans/{id}/tasks.xlsx",
            get(app::handlers::export_plan_tasks),
        )
        .route(
            "/tasks/{id}/progress",
            post(app::handlers::post_progress)
                .layer(DefaultBodyLimit::max(app::handlers::MAX_UPLOAD_REQUEST)),
        )
        .route(
            "/tasks/{id}/extension-request",
            post(app::handlers::post_extension_request)
                .layer(DefaultBodyLimit::max(app::handlers::MAX_UPLOAD_REQUEST)),
        )
        .route(
            "/plans/{id}/import",
            post(app::handlers::post_import)
                .layer(DefaultBodyLimit::max(app::handlers::MAX_UPLOAD_REQUEST)),
        )
        .route(
            "/plans/{id}/source",
            post(app::handlers::post_plan_source)
                .layer(DefaultBodyLimit::max(app::handlers::MAX_UPLOAD_REQUEST)),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(page_state.clone());
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(move || provide_context(file_state.clone()), shell))
        .layer(axum::middleware::from_fn_with_state(
            requests::Deadline(request_timeout),
            requests::deadline,
        ))
        .layer(axum::middleware::from_fn(limit_bodies))
        .layer(DefaultBodyLimit::max(app::handlers::MAX_FORM_REQUEST))
        .layer(axum::middleware::from_fn(error_status))
        .layer(axum::middleware::from_fn(page_redirects))
        .layer(axum::middleware::from_fn(form_posts))
        .layer(axum::middleware::from_fn(requests::access_log))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::auth::middleware::resolve_session,
        ))
        .layer(axum::middleware::from_fn(server_timing))
        .layer(axum::middleware::from_fn_with_state(
            https,
            security_headers,
        ))
        .layer(compression())
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(requests::context))
        .with_state(state)
}

/// Compresses pages, JSON and files with brotli or gzip, as the browser asks. Quality 4: about
/// as small as the best for HTML and JSON at a small share of its time (the static files are
/// precompressed at their best by the build and served as they are). Already-compressed
/// formats (images, the XLSX zip) and small answers are left alone.
fn compression() -> CompressionLayer<impl tower_http::compression::Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                ))
                .and(NotForContentType::const_new("application/zip")),
        )
}

/// Refuses, before reading it, a body whose declared length is over the limit of its route
/// (uploads: [`app::handlers::MAX_UPLOAD_REQUEST`]; every other form and server function:
/// [`app::handlers::MAX_FORM_REQUEST`]), with 413 and a message in the user's language. A body
/// sent without a length is cut at the same limits while it is read.
async fn limit_bodies(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let limit = if app::handlers::is_upload_path(req.uri().path()) {
        app::handlers::MAX_UPLOAD_REQUEST
    } else {
        app::handlers::MAX_FORM_REQUEST
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        let lang = req
            .extensions()
            .get::<app::i18n::Lang>()
            .copied()
            .unwrap_or_default();
        tracing::warn!(uri = %req.uri(), ?declared, "refused a body over the limit");
        let key = if limit == app::handlers::MAX_UPLOAD_REQUEST {
            "err.file_too_large"
        } else {
            "err.body_too_large"
        };
        // The hydrated page's server-function calls read the error as JSON and show it in
        // the user's language; a browser posting a plain form gets the message as text.
        let wants_json = req.uri().path().starts_with("/api/")
            && !req
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"));
        if wants_json {
            let body = serde_json::to_string(&AppError::invalid("form", key)).unwrap_or_default();
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            app::i18n::t(lang, key),
        )
            .into_response();
    }
    next.run(req).await
}

/// Gives a server function's error the HTTP status of its [`AppError`] (401, 403, 409, 422,
/// 429 ...) instead of the generic 500 of the server-function layer. Form posts without
/// JavaScript keep their redirect back to the form.
async fn error_status(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response(),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyAttempts { retry_after_secs } = err {
            parts.headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(1)),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A page that redirects (log in first, a leader's home is the dashboard ...) answers
/// `303 See Other` with its `Location` and an empty body, whoever asks. The page renderer sets
/// the redirect status only for requests that accept `text/html`; any other client (a script,
/// a crawler, a browser that sends no `Accept`) would get `200` with an empty page and a
/// `Location` it does not follow. Server functions (`/api/...`) keep their own protocol.
async fn page_redirects(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let page_get = matches!(*req.method(), Method::GET | Method::HEAD)
        && !req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !page_get
        || !res.headers().contains_key(header::LOCATION)
        || !(res.status().is_success() || res.status() == StatusCode::FOUND)
    {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    parts.status = StatusCode::SEE_OTHER;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    Response::from_parts(parts, Body::empty())
}

/// A form posted to a server function by a browser (a plain post: pages are server-rendered)
/// is answered `303 See Other`, never with data. When the function sent it back to the page it
/// came from, the address says which function succeeded (`__ok=<path>`), so the page shows the
/// success message next to that form; a failure already carries `__err`.
async fn form_posts(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let path = req.uri().path().to_string();
    let browser_form = req.method() == Method::POST
        && path.starts_with("/api/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut res = next.run(req).await;
    if !browser_form || res.status() != StatusCode::FOUND {
        return res;
    }
    *res.status_mut() = StatusCode::SEE_OTHER;
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let (Some(location), Some(referer)) = (location, referer) {
        if let Some(done) = success_location(&location, &referer, &path) {
            if let Ok(v) = HeaderValue::from_str(&done) {
                res.headers_mut().insert(header::LOCATION, v);
            }
        }
    }
    res
}

/// The address to send a browser back to after a successful form post to the server function
/// at `path`: its page (`referer`) with `__ok=<path>` in place of any earlier outcome. `None`
/// when the function chose another address, or failed (`__err`).
fn success_location(location: &str, referer: &str, path: &str) -> Option<String> {
    let split = |url: &str| -> (String, Vec<(String, String)>) {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let pairs = form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| !matches!(&**k, "__path" | "__err" | "__ok"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        (base.to_string(), pairs)
    };
    if location.contains("__err=") || split(location) != split(referer) {
        return None;
    }
    let (base, pairs) = split(location);
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    query.append_pair("__ok", path);
    Some(format!("{base}?{}", query.finish()))
}

/// The security headers of every answer (see [`app::security`]).
async fn security_headers(
    State(https): State<bool>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let mut res = next.run(req).await;
    app::security::add_headers(res.headers_mut(), https);
    res
}

/// Adds `Server-Timing: app;dur=<ms>` to every answer: the time spent in the application
/// (session, queries, rendering), which the benchmark reads.
async fn server_timing(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        res.headers_mut().insert("server-timing", v);
    }
    res
}

/// `GET /health`: 200 when the database answers, 503 otherwise.
async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"ok","database":"ok"}"#,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"status":"error","database":"unreachable"}"#,
            )
                .into_response()
        }
    }
}

/// `GET /ready`: 200 only when this instance can serve: the database answers, every migration
/// is applied, and the file storage (uploads, exports) takes a new file. Otherwise 503 and which
/// part failed. `/health` stays the liveness answer.
async fn ready(State(state): State<AppState>) -> Response {
    use migration::MigratorTrait;
    let database = state.db.ping().await.is_ok();
    let migrations = database
        && migration::Migrator::get_pending_migrations_read_only(&state.db)
            .await
            .is_ok_and(|pending| pending.is_empty());
    let storage = match state.storage.writable().await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "file storage not writable");
            false
        }
    };
    let word = |ok: bool| if ok { "ok" } else { "error" };
    let all = database && migrations && storage;
    if !all {
        tracing::warn!(database, migrations, storage, "not ready");
    }
    (
        if all {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({
            "status": if all { "ready" } else { "not_ready" },
            "database": word(database),
            "migrations": word(migrations),
            "storage": word(storage),
        })
        .to_string(),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LangQuery {
    next: Option<String>,
}

/// `GET /lang/{vi|en}?next=/path`: remembers the language in a cookie and goes back.
async fn set_language(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let Some(lang) = app::i18n::Lang::parse(&code) else {
        return (
            StatusCode::NOT_FOUND,
            "Ngôn ngữ không hỗ trợ. / Unsupported language.",
        )
            .into_response();
    };
    // Only local paths: never an open redirect to another site.
    let next = q
        .next
        .as_deref()
        .and_then(app::domain::redirect::safe_local_path)
        .unwrap_or("/");
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::services::accounts::session::LANG_COOKIE,
        lang.code()
    );
    let mut res = (StatusCode::SEE_OTHER, "").into_response();
    if let (Ok(c), Ok(loc)) = (HeaderValue::from_str(&cookie), HeaderValue::from_str(next)) {
        res.headers_mut().insert(header::SET_COOKIE, c);
        res.headers_mut().insert(header::LOCATION, loc);
    }
    res
}

fn options_addr(listener: &TcpListener) -> String {
    listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "127.0.0.1".into())
}

/// This process's name in runs and e-mail claims: host and process id.
pub fn instance_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// The reminder and e-mail settings of `config`. A broken SMTP configuration is logged and
/// e-mail disabled; the server keeps running and notifications stay in-app.
pub fn reminder_settings(config: &Config, addr: &str) -> ReminderSettings {
    let schedule = reminders::Schedule::from_config(
        config.reminder_cron.as_deref(),
        config.timezone.as_deref(),
    );
    let mailer = match &config.smtp {
        Some(smtp) => match app::services::reminders::mail::Mailer::new(smtp) {
            Ok(m) => {
                tracing::info!(server = %m.describe, "e-mail enabled");
                Some(m)
            }
            Err(e) => {
                tracing::error!("{e}; e-mail disabled, notifications stay in-app");
                None
            }
        },
        None => {
            tracing::info!("e-mail disabled (CCHC_SMTP_HOST not set): notifications in-app only");
            None
        }
    };
    ReminderSettings {
        schedule: schedule.describe(),
        base_url: config
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}")),
        instance: instance_name(),
        mailer,
        batch: std::env::var("CCHC_REMINDER_BATCH")
            .ok()
            .and_then(|b| b.trim().parse::<usize>().ok())
            .filter(|b| (1..=5_000).contains(b))
            .unwrap_or(app::services::reminders::BATCH),
    }
}

/// A built application, bound to its address, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The state (database ...), for tests that look behind the HTTP interface.
    pub state: AppState,
}

impl Application {
    /// Connects, migrates, optionally loads the demo, binds `addr` (port 0 picks a free one).
    pub async fn build(
        config: &Config,
        mut options: LeptosOptions,
        addr: SocketAddr,
        demo: bool,
    ) -> anyhow::Result<Self> {
        let db = prepare_database(config, demo).await?;
        let listener = TcpListener::bind(addr).await?;
        options.site_addr = listener.local_addr()?;
        let fingerprint = assets::Fingerprint::of_site(&options);
        options.output_name = fingerprint.output_name().into();
        let task_facts = Arc::new(KeptFacts::default());
        let state = AppState {
            leptos_options: options,
            db,
            auth: Arc::new(AuthConfig {
                cookie_secure: config.cookie_secure,
                session_idle_minutes: config.session_idle_minutes,
                trusted_proxies: config.trusted_proxies.clone(),
            }),
            storage: config.storage()?,
            reminders: Arc::new(reminder_settings(config, &options_addr(&listener))),
            dashboards: Arc::new(DashboardCache::new(task_facts.clone())),
            my_tasks: Arc::default(),
            directory: Arc::default(),
            task_facts,
            clock: config.clock,
        };
        Ok(Application {
            listener,
            router: router(
                state.clone(),
                fingerprint,
                config.metrics_token.as_deref(),
                config.request_timeout,
            ),
            state,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight for at most
    /// [`DRAIN`] (a stuck one does not keep the process alive).
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (fired, heard) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            let _ = fired.send(());
        };
        let serve = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signal);
        let drained = async move {
            match heard.await {
                Ok(()) => tokio::time::sleep(DRAIN).await,
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            served = std::future::IntoFuture::into_future(serve) => served?,
            () = drained => tracing::warn!(
                seconds = DRAIN.as_secs(),
                "requests still in flight after the drain: stopping anyway"
            ),
        }
        self.state.db.clone().close().await?;
        Ok(())
    }
}

/// How long a stopping server finishes the requests in flight.
pub const DRAIN: std::time::Duration = std::time::Duration::from_secs(20);

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::success_location;

    #[test]
    fn a_form_sent_back_to_its_page_says_which_function_succeeded() {
        let page = "http://127.0.0.1:3000/units/5?tab=a";
        assert_eq!(
            success_location(page, page, "/api/units/update").as_deref(),
            Some("http://127.0.0.1:3000/units/5?tab=a&__ok=%2Fapi%2Funits%2Fupdate")
        );
        // An earlier outcome in the page's address is replaced, not repeated.
        let earlier = "http://h/units/5?__path=%2Fapi%2Funits%2Fupdate&__err=eA";
        assert_eq!(
            success_location("http://h/units/5", earlier, "/api/units/update").as_deref(),
            Some("http://h/units/5?__ok=%2Fapi%2Funits%2Fupdate")
        );
        // A failure, or an address the function chose, is left as it is.
        let failed = "http://h/units/5?__path=%2Fapi%2Funits%2Fupdate&__err=eA";
        assert_eq!(
            success_location(failed, "http://h/units/5", "/api/units/update"),
            None
        );
        assert_eq!(
            success_location("/login", "http://h/units/5", "/api/logout"),
            None
        );
    }
}
