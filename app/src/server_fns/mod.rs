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
