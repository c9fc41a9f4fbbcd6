//! The audit log (administrators).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::{data_table, Col};
use crate::components::task::Pager;
use crate::components::{guarded_page, tr, use_lang, ErrorBox};
use crate::domain::Right;
use crate::i18n::datetime;
use crate::server_fns::audit::list_audit;

/// `/audit?type=unit&page=2`
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let kind = q.get("type").filter(|s| !s.is_empty());
            let page = q
                .get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1);
            (kind, page)
        })
    };
    let entries = Resource::new(filter, |(kind, page)| list_audit(kind, page));
    let type_links = move || {
        ["", "unit", "user"]
            .into_iter()
            .map(|k| {
                let href = if k.is_empty() {
                    "/audit".to_string()
                } else {
                    format!("/audit?type={k}")
                };
                let label = if k.is_empty() {
                    tr("audit.all")
                } else {
                    tr(&format!("audit.type_{k}"))
                };
                let active = move || {
                    if filter().0.unwrap_or_default() == k {
                        "active"
                    } else {
                        ""
                    }
                };
                view! { <a href=href class=active>{label}</a> }
            })
            .collect_view();
    };
    guarded_page(entries, Some(Right::ReadAudit), move |entries, _| {
        let body = match entries {
            Ok(page) => {
                let pages = page.total.div_ceil(page.per_page).max(1);
                let kind = filter().0.map(|k| format!("type={k}&")).unwrap_or_default();
                let href = crate::components::task::href_fn(move |n: u32| {
                    format!("/audit?{kind}page={n}")
                });
                let rows = page.entries.into_iter().map(|e| view! {
                    <tr>
                        <td>{datetime(e.at)}</td>
                        <td><code>{e.actor.clone()}</code></td>
                        <td>{crate::i18n::action(use_lang(), &e.action)}<br/><code class="hint">{e.action.clone()}</code></td>
                        <td>{e.object_type.clone()}" "{e.object_id.clone().unwrap_or_default()}</td>
                        <td class="json">{e.before.clone().unwrap_or_default()}</td>
                        <td class="json">{e.after.unwrap_or_default()}</td>
                    </tr>
                }).collect_view();
                view! {
                    {data_table("data", &[
                        Col::text("audit.at"),
                        Col::text("audit.actor"),
                        Col::text("audit.action"),
                        Col::text("audit.object"),
                        Col::text("audit.before"),
                        Col::text("audit.after"),
                    ], rows)}
                    <Pager page=page.page as u32 pages=pages as u32 href/>
                }
                .into_any()
            }
            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
        };
        view! {
            <section>
                <h1>{tr("audit.title")}</h1>
                <p class="filters">{type_links}</p>
                {body}
            </section>
        }
    })
}
