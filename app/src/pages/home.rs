//! The home page, one per role. Later work fills each with the role's daily view.

use leptos::prelude::*;

use crate::components::{any_role, check_access, tr, use_session, Loading};
use crate::domain::Role;

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let user = match check_access(session.info.await, any_role) {
                    Ok(access) => access.user,
                    Err(other) => return other,
                };
                {
                    let (title_key, intro_key, links): (&str, &str, Vec<(&str, &str, &str)>) = match user.role {
                        Role::Admin => ("home.admin_title", "home.admin_intro", vec![
                            ("/units", "nav.units", "home.link_units"),
                            ("/users", "nav.users", "home.link_users"),
                            ("/audit", "nav.audit", "home.link_audit"),
                        ]),
                        Role::ParOffice => ("home.par_title", "home.par_intro", vec![]),
                        Role::UnitHead => ("home.head_title", "home.head_intro", vec![]),
                        Role::UnitOfficer => ("home.officer_title", "home.officer_intro", vec![]),
                        Role::Leader => ("home.leader_title", "home.leader_intro", vec![]),
                    };
                    let cards = links.into_iter().map(|(href, label, text)| view! {
                        <a class="card card-link" href=href>
                            <h2>{tr(label)}</h2>
                            <p>{tr(text)}</p>
                        </a>
                    }).collect_view();
                    let unit = user.unit_name.clone().map(|u| view! { <p class="hint">{tr("home.your_unit")}" "<strong>{u}</strong></p> });
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
            })}
        </Suspense>
    }
}
