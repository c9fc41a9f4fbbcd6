//! The home page, one per role. Later work fills each with the role's daily view.

use leptos::prelude::*;

use crate::components::{guarded_page, tr, ErrorBox};
use crate::domain::Role;
use crate::model::plan::TaskFilter;
use crate::pages::task::MyTasks;
use crate::server_fns::plan::my_tasks;

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    // Unit users' home is their task list; the resource answers "forbidden" for other roles,
    // which then simply do not show it.
    let mine = Resource::new(|| (), |_| my_tasks(TaskFilter::default()));
    guarded_page(mine, None, |mine, access| {
        let user = access.user;
        if user.role == Role::Leader {
            // The leaders' home is the dashboard.
            return view! { <leptos_router::components::Redirect path="/dashboard"/> }.into_any();
        }
        if user.role.requires_unit() {
            return match mine {
                Ok(d) => view! {
                    <div class="home" data-role=user.role.as_str()>
                        <MyTasks d filter=TaskFilter::default()/>
                    </div>
                }
                .into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            };
        }
        {
            let (title_key, intro_key, links): (&str, &str, Vec<(&str, &str, &str)>) =
                match user.role {
                    Role::Admin => (
                        "home.admin_title",
                        "home.admin_intro",
                        vec![
                            ("/units", "nav.units", "home.link_units"),
                            ("/users", "nav.users", "home.link_users"),
                            ("/audit", "nav.audit", "home.link_audit"),
                        ],
                    ),
                    Role::ParOffice => (
                        "home.par_title",
                        "home.par_intro",
                        vec![
                            ("/plans", "nav.plans", "home.link_plans"),
                            ("/plans/new", "plans.new", "home.link_new_plan"),
                            ("/reports", "nav.reports", "home.link_reports_review"),
                        ],
                    ),
                    Role::UnitHead => ("home.head_title", "home.head_intro", vec![]),
                    Role::UnitOfficer => ("home.officer_title", "home.officer_intro", vec![]),
                    Role::Leader => (
                        "home.leader_title",
                        "home.leader_intro",
                        vec![
                            ("/plans", "nav.plans", "home.link_plans"),
                            ("/reports", "nav.reports", "home.link_reports"),
                        ],
                    ),
                };
            let cards = links
                .into_iter()
                .map(|(href, label, text)| {
                    view! {
                        <a class="card card-link" href=href>
                            <h2>{tr(label)}</h2>
                            <p>{tr(text)}</p>
                        </a>
                    }
                })
                .collect_view();
            let unit = user.unit_name.clone().map(
                |u| view! { <p class="hint">{tr("home.your_unit")}" "<strong>{u}</strong></p> },
            );
            view! {
                        <section class={format!("home home-{}", user.role.as_str())} data-role=user.role.as_str()>
                            <h1>{tr(title_key)}</h1>
                            <p class="lead">{tr("home.greeting")}" "<strong>{user.full_name.clone()}</strong>"."</p>
                            {unit}
                            <p>{tr(intro_key)}</p>
                            <div class="cards">{cards}</div>
                        </section>
                    }.into_any()
        }
    })
}
