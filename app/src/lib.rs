//! Reform-plan management and task tracking for a province's public administration reform
//! (cải cách hành chính): components, pages, domain rules, services and server functions.
//!
//! Compiled twice: with `ssr` for the server (pages, services on sea-orm, server functions), and
//! with `hydrate` to WebAssembly for the browser. Pages are rendered on the server only (Leptos
//! islands): the browser build holds just the interactive parts in [`islands`], so a page is
//! readable and every form works before, and without, any script.

#![recursion_limit = "256"]

pub mod domain;
pub mod error;
pub mod i18n;
pub mod islands;
pub mod model;

#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod components;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
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

/// The browser entry point: makes the page's islands interactive (the page itself is already
/// complete HTML from the server).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
