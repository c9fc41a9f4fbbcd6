//! The page header: the province's name, navigation for the role, language switch, log-out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::{tr, use_lang, use_session, CsrfField};
use crate::domain::{Right, Role};

/// The navigation entries of a role: (href, translation key).
pub fn nav_items(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("/", "nav.home")];
    if Right::WriteUnitProgress.held_by(role, None) {
        items.push(("/my-tasks", "nav.my_tasks"));
    }
    if Right::ViewDashboard.held_by(role, None) {
        items.push(("/dashboard", "nav.dashboard"));
    }
    items.push(("/plans", "nav.plans"));
    items.push(("/reports", "nav.reports"));
    // Leaders write directions; the units answer them; the PAR office reads them.
    if role != Role::Admin {
        items.push(("/directions", "nav.directions"));
    }
    if Right::ManageReminders.held_by(role, None) {
        items.push(("/reminders", "nav.reminders"));
    }
    if Right::ChooseReminderRecipients.held_by(role, None) {
        items.push(("/reminders/recipients", "nav.recipients"));
    }
    for (right, item) in [
        (Right::ManageUnits, ("/units", "nav.units")),
        (Right::ManageUsers, ("/users", "nav.users")),
        (Right::ReadAudit, ("/audit", "nav.audit")),
        (Right::ReadOutbox, ("/mail", "nav.mail")),
    ] {
        if right.held_by(role, None) {
            items.push(item);
        }
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
                    <span class="brand-sub">
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                session.info.await.ok().map(|i| i.province).unwrap_or_default()
                            })}
                        </Transition>
                    </span>
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
                        let unread = user.unread;
                        let bell_label = if unread == 0 {
                            tr("notif.bell_none")
                        } else {
                            crate::i18n::tf(lang, "notif.bell_count", &[("n", &unread.to_string())])
                        };
                        view! {
                            <nav class="mainnav" aria-label=tr("nav.main")>
                                <ul>{items}</ul>
                            </nav>
                            <a class="bell" href="/notifications" aria-label=bell_label.clone() title=bell_label>
                                <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                                    <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/>
                                </svg>
                                {(unread > 0).then(|| view! { <span class="bell-count" aria-hidden="true">{if unread > 99 { "99+".to_string() } else { unread.to_string() }}</span> })}
                            </a>
                            <div class="userbox">
                                <span class="user-name">{user.full_name}</span>
                                <span class="user-role">{tr(role_key)}</span>
                                <a class="btn-link" href="/account/password">{tr("nav.password")}</a>
                                <ActionForm action=session.logout attr:class="inline">
                                    <CsrfField token=csrf/>
                                    <button type="submit" class="btn-link">
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
