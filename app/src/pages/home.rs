//! The home page, one per role: a unit's tasks and its report due, the PAR office's work queue
//! (reports to review, units late to report, overdue tasks by unit), the leaders' dashboard.

use leptos::prelude::*;

use crate::components::{guarded_page, tr, use_lang, ErrorBox};
use crate::domain::Role;
use crate::i18n::{date, datetime, tf};
use crate::model::home::{OfficeQueue, ReportDue};
use crate::model::plan::TaskFilter;
use crate::model::report::PeriodView;
use crate::pages::report::BoardBadge;
use crate::pages::task::MyTasks;
use crate::server_fns::home::home_queue;
use crate::server_fns::plan::my_tasks;

fn period_name(p: &PeriodView) -> String {
    format!("{} {}", tr(p.kind.label_key()), p.year)
}

/// A unit's report of the current period: its due date, where it is, the way to it.
fn report_due(r: &ReportDue) -> impl IntoView {
    let lang = use_lang();
    let p = &r.period;
    view! {
        <section class="card report-due" id="report-due">
            <h2>{tf(lang, "home.report_due", &[("period", &period_name(p)), ("due", &date(p.dates.unit_due_on))])}</h2>
            <p><BoardBadge state=r.state/>" "
                <a class="btn" href=format!("/reports/periods/{}/units/{}", p.id, r.unit_id)>{tr("home.open_report")}</a></p>
        </section>
    }
}

/// The unit's unanswered directions: how many, and the way to them.
fn open_directions(n: u64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card notice" id="open-directions">
            <h2>{tf(lang, "home.open_directions", &[("n", &n.to_string())])}</h2>
            <p><a class="btn-primary" href="/directions">{tr("home.open_directions_link")}</a></p>
        </section>
    }
}

/// The PAR office's work queue.
fn office_queue(q: &OfficeQueue) -> impl IntoView {
    let lang = use_lang();
    let review = q
        .review
        .iter()
        .take(10)
        .map(|r| {
            view! {
                <li><a href=format!("/reports/periods/{}/units/{}", r.period.id, r.unit_id)>{r.unit_name.clone()}</a>
                    " · "{period_name(&r.period)}" · "<span class="hint">{r.submitted_at.map(datetime).unwrap_or_default()}</span></li>
            }
        })
        .collect_view();
    let current = q.current.as_ref().map(|c| {
        let p = &c.period;
        let missing = c
            .missing
            .iter()
            .take(10)
            .map(|m| view! { <li><a href=format!("/reports/periods/{}/units/{}", p.id, m.unit_id)>{m.unit_name.clone()}</a>" "<BoardBadge state=m.state/></li> })
            .collect_view();
        let more = c.missing.len().saturating_sub(10);
        view! {
            <section class="card" id="queue-period">
                <h2>{tf(lang, "home.queue_period", &[("period", &period_name(p)), ("due", &date(p.dates.unit_due_on))])}</h2>
                <p>{tf(lang, "home.received", &[("n", &c.received.to_string()), ("of", &c.expected.to_string())])}</p>
                {if c.missing.is_empty() {
                    view! { <p class="hint">{tr("home.all_in")}</p> }.into_any()
                } else {
                    view! {
                        <h3>{if c.overdue { tr("home.late_units") } else { tr("home.not_in_units") }}" ("{c.missing.len()}")"</h3>
                        <ul class="queue">{missing}</ul>
                        {(more > 0).then(|| view! { <p class="hint">{tf(lang, "home.and_more", &[("n", &more.to_string())])}</p> })}
                    }.into_any()
                }}
                <p><a href=format!("/reports/periods/{}", p.id)>{tr("home.open_board")}</a></p>
            </section>
        }
    });
    let overdue = q
        .overdue_units
        .iter()
        .map(|u| {
            view! {
                <tr><td><a href=format!("/dashboard/tasks?unit={}&class=overdue", u.unit_id)>{u.name.clone()}</a></td>
                    <td class="num">{u.overdue}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="work-queue">
            <section class="card" id="queue-review">
                <h2>{tr("home.queue_review")}" ("{q.review.len()}")"</h2>
                {if q.review.is_empty() {
                    view! { <p class="hint">{tr("home.queue_review_empty")}</p> }.into_any()
                } else {
                    view! { <ul class="queue">{review}</ul> }.into_any()
                }}
                <p><a href="/reports">{tr("home.all_reports")}</a></p>
            </section>
            {current}
            <section class="card" id="queue-overdue">
                <h2>{tf(lang, "home.queue_overdue", &[("n", &q.overdue_total.to_string())])}</h2>
                {if q.overdue_units.is_empty() {
                    view! { <p class="hint">{tr("home.no_overdue")}</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th>{tr("report.col_unit")}</th><th>{tr("class.overdue")}</th></tr></thead>
                            <tbody>{overdue}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    // Unit users' home is their task list; the resource answers "forbidden" for other roles,
    // which then simply do not show it.
    let data = Resource::new(
        || (),
        |_| async {
            let mine = my_tasks(TaskFilter::default()).await;
            Ok::<_, crate::error::AppError>((mine, home_queue().await?))
        },
    );
    guarded_page(data, None, |data, access| {
        let (mine, queue) = match data {
            Ok(d) => d,
            Err(e) => return view! { <ErrorBox error=e/> }.into_any(),
        };
        let user = access.user;
        if user.role == Role::Leader {
            // The leaders' home is the dashboard.
            return view! { <leptos_router::components::Redirect path="/dashboard"/> }.into_any();
        }
        if user.role.requires_unit() {
            return match mine {
                Ok(d) => view! {
                    <div class="home" data-role=user.role.as_str()>
                        {(queue.open_directions > 0).then(|| open_directions(queue.open_directions))}
                        {queue.report_due.as_ref().map(report_due)}
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
                            {queue.office.as_ref().map(office_queue)}
                            <div class="cards">{cards}</div>
                        </section>
                    }.into_any()
        }
    })
}
