//! 404.

use leptos::prelude::*;

use crate::components::tr;

/// Any unknown address.
#[component]
pub fn NotFound() -> impl IntoView {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="notice notice-error">
            <h1>{tr("page.not_found_title")}</h1>
            <p>{tr("page.not_found_text")}</p>
            <p><a href="/">{tr("nav.home")}</a></p>
        </section>
    }
}
