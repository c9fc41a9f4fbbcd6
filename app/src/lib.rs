//! Reform-plan management and task tracking for a province's public administration reform
//! (cải cách hành chính): components, pages, domain rules, services and server functions.
//!
//! Compiled twice: with `ssr` for the server (services on sea-orm, server functions run here)
//! and with `hydrate` to WebAssembly for the browser.

#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod state;

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
