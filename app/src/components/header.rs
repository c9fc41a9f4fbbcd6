//! The page header: the province's name, navigation for the role, language switch, log-out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::{tr, use_lang, use_session, CsrfField};
use crate::domain::Role;

/// The navigation entries of a role: (href, translation key).
pub fn nav_items(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("/", "nav.home")];
    if role.requires_unit() {
        items.push(("/my-tasks", "nav.my_tasks"));
    }
    items.push(("/plans", "nav.plans"));
    items.push(("/reports", "nav.reports"));
    if role == Role::Admin {
        items.extend([
            ("/units", "nav.units"),
            ("/users", "nav.users"),
            ("/audit", "nav.audit"),
        ]);
    }
    items
}

/// The top bar.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let location = use_location();
    let switch_href = move || {
        let path = location.pathname.get();
        let query = location.search.get();
        let next = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        format!("/lang/{}?next={next}", lang.other().code())
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"CCHC"</span>
                <span class="brand-text">
                    <span class="brand-title">{tr("app.title")}</span>
                    <span class="brand-sub">{tr("app.province")}</span>
                </span>
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = session.info.await.ok().unwrap_or_default();
                    let csrf = info.csrf;
                    info.user.map(|user| {
                        let items = nav_items(user.role)
                            .into_iter()
                            .map(|(href, key)| view! { <li><A href=href exact=true>{tr(key)}</A></li> })
                            .collect_view();
                        let role_key = user.role.label_key();
                        view! {
                            <nav class="mainnav" aria-label=tr("nav.main")>
                                <ul>{items}</ul>
                            </nav>
                            <div class="userbox">
                                <span class="user-name">{user.full_name}</span>
                                <span class="user-role">{tr(role_key)}</span>
                                <ActionForm action=session.logout attr:class="inline">
                                    <CsrfField token=csrf/>
                                    <button type="submit" class="btn-link" disabled=move || session.logout.pending().get()>
                                        {tr("nav.logout")}
                                    </button>
                                </ActionForm>
                            </div>
                        }
                    })
                })}
            </Transition>
            <a class="langswitch" rel="external" href=switch_href hreflang=lang.other().code()>
                {if lang == crate::i18n::Lang::Vi { "English" } else { "Tiếng Việt" }}
            </a>
        </header>
    }
}
