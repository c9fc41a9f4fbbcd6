//! Server functions: thin. Each gets the request's user and state, checks the guard, calls one
//! service and returns. Endpoints are fixed (`/api/<name>`) so that tests and forms can name them.

pub mod audit;
pub mod auth;
pub mod dashboard;
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
