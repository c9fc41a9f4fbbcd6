//! Server functions: thin. Each gets the request's user and state, checks the guard, calls one
//! service and returns. Endpoints are fixed (`/api/<name>`) so that tests and forms can name them.

pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod direction;
pub mod home;
pub mod plan;
pub mod reminder;
pub mod report;
pub mod unit;
pub mod user;

/// Sends the browser that posted a form to `to` (a new object's page, the list it went into),
/// telling that page which server function succeeded (`__ok=<path>`), so it can say so.
/// Callers that are not browsers get the address in a header and their data as usual.
fn redirect_done<S: server_fn::ServerFn>(to: &str) {
    leptos_axum::redirect(&format!("{to}?__ok={}", S::PATH));
}

/// This request's [`RequestNames`](crate::services::units::directory::RequestNames), put in by
/// the request middleware.
fn request_names() -> Option<crate::services::units::directory::RequestNames> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::services::units::directory::RequestNames>()
            .cloned()
    })
}

/// Unit names and plan numbers for this request: read once per request, kept between requests
/// while nothing was written (see [`crate::services::units::directory`]).
async fn names(
    state: &crate::state::AppState,
) -> Result<std::sync::Arc<crate::services::units::directory::Names>, crate::error::AppError> {
    match request_names() {
        Some(request) => request.get(&state.directory, &state.db).await,
        None => state.directory.names(&state.db).await,
    }
}

/// What has been written as of this request (read with the session).
async fn stamp(
    state: &crate::state::AppState,
) -> Result<crate::services::units::directory::Stamp, crate::error::AppError> {
    match request_names() {
        Some(request) => request.stamp(&state.db).await,
        None => crate::services::units::directory::Stamp::now(&state.db).await,
    }
}
