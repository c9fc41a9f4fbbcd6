//! The interactive parts of the pages: the only components compiled to WebAssembly.
//!
//! Every page is complete HTML from the server and every form is a plain form post, so a page
//! is readable and usable before the script arrives, and without it. An island only adds to
//! that. Islands take their text as properties (rendered in the user's language on the server):
//! nothing of the translations, the domain or the pages reaches the browser build.

use leptos::prelude::*;

/// Feedback on every form of the page while it is being sent: the button pressed reads
/// `busy_label` ("Đang lưu…") and is marked disabled, the form is marked busy, and a second
/// press does not post it again. Back on the page from the history, the forms are as before.
///
/// One island in the shell serves every form (it listens for `submit` on the window), so pages
/// need nothing of their own. A button or a form with `data-busy-label` names its own busy text
/// ("Đang xuất…"); forms sent with GET (filters, searches) are left alone.
#[island]
#[allow(
    clippy::needless_pass_by_value,
    reason = "island properties are owned; only the browser build moves this one"
)]
pub fn FormFeedback(busy_label: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        // The listeners live as long as the page (dropping a handle does not remove them).
        let _ = window_event_listener(leptos::ev::submit, move |ev| {
            browser::mark_busy(&ev, &busy_label);
        });
        let _ = window_event_listener(leptos::ev::pageshow, |ev| {
            if ev.persisted() {
                browser::clear_busy();
            }
        });
        // The page's islands are live (this one comes last in the page): tests and the
        // slow-link bench wait for this mark.
        browser::mark_live();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = busy_label;
}

/// The "use" button of a demo account on the log-in page: fills the user name and moves to the
/// password field. (No password is ever on the page.)
#[island]
pub fn DemoAccount(username: String, label: String) -> impl IntoView {
    let user = username.clone();
    let fill = move |_| {
        #[cfg(feature = "hydrate")]
        browser::fill_login(&user);
        #[cfg(not(feature = "hydrate"))]
        let _ = &user;
    };
    view! {
        <button type="button" class="btn-small" data-demo-user=username on:click=fill>
            {label}
        </button>
    }
}

/// What the islands do to the page, in the browser only.
#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlFormElement, HtmlInputElement, SubmitEvent};

    /// Marks the form of `ev` busy, or stops a second sending of a busy one.
    pub fn mark_busy(ev: &SubmitEvent, busy_label: &str) {
        if ev.default_prevented() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if !form.method().eq_ignore_ascii_case("post") {
            return;
        }
        if form.has_attribute("data-busy") {
            ev.prevent_default();
            return;
        }
        let _ = form.set_attribute("data-busy", "");
        let _ = form.set_attribute("aria-busy", "true");
        let submitter = ev.submitter();
        let label = submitter
            .as_ref()
            .and_then(|b| b.get_attribute("data-busy-label"))
            .or_else(|| form.get_attribute("data-busy-label"))
            .unwrap_or_else(|| busy_label.to_string());
        if let Some(button) = submitter {
            // The button stays enabled (a disabled submitter would drop its name and value
            // from what is sent); it only looks and reads disabled.
            let _ = button.set_attribute("aria-disabled", "true");
            if button.child_element_count() == 0 {
                if let Some(text) = button.text_content() {
                    let _ = button.set_attribute("data-label", &text);
                }
                button.set_text_content(Some(&label));
            }
        }
    }

    /// Clears every busy mark (the page came back from the browser's history).
    pub fn clear_busy() {
        let doc = leptos::prelude::document();
        let Ok(busy) = doc.query_selector_all("form[data-busy]") else {
            return;
        };
        for i in 0..busy.length() {
            let Some(form) = busy.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let _ = form.remove_attribute("data-busy");
            let _ = form.remove_attribute("aria-busy");
            let Ok(buttons) = form.query_selector_all("[aria-disabled='true']") else {
                continue;
            };
            for j in 0..buttons.length() {
                let Some(button) = buttons.item(j).and_then(|n| n.dyn_into::<Element>().ok())
                else {
                    continue;
                };
                let _ = button.remove_attribute("aria-disabled");
                if let Some(text) = button.get_attribute("data-label") {
                    button.set_text_content(Some(&text));
                    let _ = button.remove_attribute("data-label");
                }
            }
        }
    }

    /// Marks the document: its islands are interactive (`<html data-islands="live">`).
    pub fn mark_live() {
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-islands", "live");
        }
    }

    /// Puts `username` in the log-in form and the focus on its password field.
    pub fn fill_login(username: &str) {
        let doc = leptos::prelude::document();
        if let Some(input) = doc
            .get_element_by_id("username")
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        {
            input.set_value(username);
        }
        if let Some(input) = doc
            .get_element_by_id("password")
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        {
            let _ = input.focus();
        }
    }
}
