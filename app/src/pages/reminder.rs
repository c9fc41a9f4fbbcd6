//! Notifications (every user), the reminder rules (PAR office), the unit's recipients (unit
//! head) and the e-mail outbox (administrators).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::{data_table, Col};
use crate::components::task::Pager;
use crate::components::{action_result, guarded, tr, CsrfField};
use crate::domain::reminder::RuleSetting;
use crate::domain::Right;
use crate::domain::Role;
use crate::i18n::{datetime, tf};
use crate::model::reminder::{NotificationsPage, OutboxPage, RecipientsPage, RuleView, RulesPage};
use crate::server_fns::reminder::{
    get_notifications, get_outbox, get_reminder_recipients, get_reminder_rules,
    MarkNotificationsRead, RetryMail, RunRemindersNow, SaveReminderRecipients, SaveReminderRule,
};

/// `/notifications?unread=1&page=2`
#[component]
pub fn NotificationsPageView() -> impl IntoView {
    let query = use_query_map();
    let read = ServerAction::<MarkNotificationsRead>::new();
    let filter = move || {
        query.with(|q| {
            let unread = q.get("unread").unwrap_or_default();
            let page = q
                .get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1);
            (unread, page)
        })
    };
    let data = Resource::new(filter, |(unread, page)| get_notifications(page, unread));
    guarded(data, None, move |d, access| {
        notifications_view(&d, &access.csrf, read, &filter().0)
    })
}

fn notifications_view(
    d: &NotificationsPage,
    csrf: &str,
    read: ServerAction<MarkNotificationsRead>,
    unread_filter: &str,
) -> impl IntoView {
    let only_unread = unread_filter == "1";
    let q = if only_unread { "unread=1&" } else { "" };
    let pages = d.total.div_ceil(d.per_page).max(1);
    let href =
        crate::components::task::href_fn(move |n: u32| format!("/notifications?{q}page={n}"));
    let items = d
        .items
        .iter()
        .map(|n| {
            let unread = n.read_at.is_none();
            let token = csrf.to_string();
            let nid = n.id.to_string();
            let mark = unread.then(move || view! {
                <ActionForm action=read attr:class="inline">
                    <CsrfField token=token/>
                    <input type="hidden" name="id" value=nid/>
                    <button type="submit" class="btn-small">{tr("notif.mark_read")}</button>
                </ActionForm>
            });
            view! {
                <li class=if unread { "notif notif-unread" } else { "notif" }>
                    <a class="notif-title" rel="external" href=format!("/notifications/{}/open", n.id)>{n.title.clone()}</a>
                    <p class="notif-body">{n.body.clone()}</p>
                    <div class="notif-meta">
                        {unread.then(|| view! { <span class="badge badge-unread">{tr("notif.unread")}</span> })}
                        <span class=format!("badge rule-{}", n.rule.as_str())>{tr(&n.rule.label_key())}</span>
                        " · "<time>{datetime(n.created_at)}</time>
                        " "{mark}
                    </div>
                </li>
            }
        })
        .collect_view();
    let all_token = csrf.to_string();
    view! {
        <section>
            <h1>{tr("notif.title")}</h1>
            <p class="filters">
                <a href="/notifications" class=if only_unread { "" } else { "active" }>{tr("notif.all")}" ("{d.total}")"</a>
                <a href="/notifications?unread=1" class=if only_unread { "active" } else { "" }>{tr("notif.unread_only")}" ("{d.unread}")"</a>
            </p>
            {(d.unread > 0).then(|| view! {
                <ActionForm action=read attr:class="form-inline">
                    <CsrfField token=all_token/>
                    <input type="hidden" name="id" value=""/>
                    <button type="submit" class="btn">{tr("notif.mark_all")}</button>
                </ActionForm>
            })}
            {action_result(read, "notif.marked")}
            {if d.items.is_empty() {
                view! { <p class="hint">{tr("notif.empty")}</p> }.into_any()
            } else {
                view! { <ul class="notif-list">{items}</ul> }.into_any()
            }}
            <Pager page=d.page as u32 pages=pages as u32 href/>
        </section>
    }
}

/// `/reminders`: the rules, the schedule and the latest runs (PAR office and administrators).
#[component]
pub fn ReminderRulesPage() -> impl IntoView {
    let save = ServerAction::<SaveReminderRule>::new();
    let run = ServerAction::<RunRemindersNow>::new();
    let data = Resource::new(|| (), |_| get_reminder_rules());
    guarded(data, Some(Right::ManageReminders), move |d, access| {
        rules_view(&d, &access.csrf, save, run, access.user.role)
    })
}

fn rule_row(r: &RuleView, csrf: &str, save: ServerAction<SaveReminderRule>) -> impl IntoView {
    let code: &'static str = r.code.as_str();
    let id = move |f: &str| format!("{code}-{f}");
    let offsets = r.offsets.clone();
    let repeat = r.repeat_days.map(|d| d.to_string()).unwrap_or_default();
    let token = csrf.to_string();
    let enabled = r.enabled;
    let label = tr(&r.code.label_key());
    let hint = tr(&format!("rule.{code}.hint"));
    let number = match r.setting {
        RuleSetting::DaysBefore => view! {
            <label for=id("offsets")>{tr("reminder.days_before")}</label>
            <input id=id("offsets") name="rule[offsets]" value=offsets inputmode="numeric" size="10" required/>
            <input type="hidden" name="rule[repeat_days]" value=""/>
        }
        .into_any(),
        RuleSetting::DaysOverdue => view! {
            <label for=id("offsets")>{tr("reminder.days_overdue")}</label>
            <input id=id("offsets") name="rule[offsets]" value=offsets inputmode="numeric" size="4" required/>
            <input type="hidden" name="rule[repeat_days]" value=""/>
        }
        .into_any(),
        RuleSetting::Repeat => view! {
            <input type="hidden" name="rule[offsets]" value=""/>
            <label for=id("repeat")>{tr("reminder.repeat_every")}</label>
            <input id=id("repeat") name="rule[repeat_days]" value=repeat inputmode="numeric" size="4" required/>
        }
        .into_any(),
        RuleSetting::None => view! {
            <input type="hidden" name="rule[offsets]" value=""/>
            <input type="hidden" name="rule[repeat_days]" value=""/>
        }
        .into_any(),
    };
    view! {
        <li class="card rule">
            <ActionForm action=save attr:class="form-inline">
                <CsrfField token=token/>
                <input type="hidden" name="rule[code]" value=code/>
                <h3>{label}</h3>
                <p class="hint">{hint}</p>
                <label class="check" for=id("enabled")>
                    <input id=id("enabled") type="checkbox" name="rule[enabled]" value="true" checked=enabled/>
                    " "{tr("reminder.enabled")}
                </label>
                {number}
                <button type="submit" class="btn">{tr("common.save")}</button>
            </ActionForm>
        </li>
    }
}

fn rules_view(
    d: &RulesPage,
    csrf: &str,
    save: ServerAction<SaveReminderRule>,
    run: ServerAction<RunRemindersNow>,
    role: Role,
) -> impl IntoView {
    let rules = d
        .rules
        .iter()
        .map(|r| rule_row(r, csrf, save))
        .collect_view();
    let runs = d
        .runs
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{datetime(r.evaluated_at)}</td>
                    <td>{tr(&format!("reminder.trigger_{}", r.trigger))}</td>
                    <td><code>{r.instance.clone()}</code></td>
                    <td>{match r.finished_at { Some(t) => datetime(t), None => tr("reminder.unfinished") }}</td>
                    <td class="num">{r.created}</td>
                    <td class="num">{r.emails}</td>
                    <td class="num">{r.failed}</td>
                </tr>
            }
        })
        .collect_view();
    let run_token = csrf.to_string();
    let ran = crate::components::request_query();
    let ran = form_urlencoded::parse(ran.as_bytes())
        .find(|(k, _)| k == "ran")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let run_result = match ran {
        Some(n) => view! { <p class="notice notice-ok" role="status">{tf(crate::components::use_lang(), "reminder.ran", &[("n", &n.to_string())])}</p> }.into_any(),
        None => action_result(run, "reminder.ran"),
    };
    view! {
        <section>
            <h1>{tr("reminder.title")}</h1>
            <p class="lead">{tr("reminder.intro")}</p>
            <section class="card">
                <p>{tr("reminder.schedule")}": "<strong>{schedule_text(&d.schedule)}</strong>" "<code>{d.schedule.clone()}</code></p>
                <p>{if d.mail_enabled { tr("reminder.mail_on") } else { tr("reminder.mail_off") }}
                    {Right::ReadOutbox.held_by(role, None).then(|| view! { " " <a href="/mail">{tr("nav.mail")}</a> })}</p>
                <ActionForm action=run attr:class="form-inline">
                    <CsrfField token=run_token/>
                    <button type="submit" class="btn-primary" data-busy-label=tr("reminder.running")>
                        {tr("reminder.run_now")}
                    </button>
                </ActionForm>
                {run_result}
            </section>
            {action_result(save, "common.saved")}
            <ul class="rule-list">{rules}</ul>
            <h2>{tr("reminder.runs")}</h2>
            {if d.runs.is_empty() {
                view! { <p class="hint">{tr("reminder.no_runs")}</p> }.into_any()
            } else {
                data_table("data", &[Col::text("reminder.col_at"), Col::text("reminder.col_trigger"), Col::text("reminder.col_instance"), Col::text("reminder.col_finished"), Col::text("reminder.col_created"), Col::text("reminder.col_emails"), Col::text("reminder.col_failed")], runs)
            }}
        </section>
    }
}

/// "0 0 7 * * * (Asia/Ho_Chi_Minh)" → "every day at 07:00"; other schedules stay as they are.
fn schedule_text(raw: &str) -> String {
    let expr = raw.split(" (").next().unwrap_or_default();
    let f: Vec<&str> = expr.split(' ').collect();
    match f.as_slice() {
        ["0", m, h, "*", "*", "*"] => match (m.parse::<u32>(), h.parse::<u32>()) {
            (Ok(m), Ok(h)) if m < 60 && h < 24 => tf(
                crate::components::use_lang(),
                "reminder.daily_at",
                &[("time", &format!("{h:02}:{m:02}"))],
            ),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// `/reminders/recipients`: who in the unit receives its reminders (unit head).
#[component]
pub fn RecipientsPageView() -> impl IntoView {
    let save = ServerAction::<SaveReminderRecipients>::new();
    let data = Resource::new(|| (), |_| get_reminder_recipients());
    guarded(
        data,
        Some(Right::ChooseReminderRecipients),
        move |d, access| recipients_view(&d, access.csrf, save).into_any(),
    )
}

fn recipients_view(
    d: &RecipientsPage,
    csrf: String,
    save: ServerAction<SaveReminderRecipients>,
) -> impl IntoView {
    let rows = d
        .users
        .iter()
        .map(|u| {
            let id = format!("recipient-{}", u.user_id);
            view! {
                <tr>
                    <td>
                        <input id=id.clone() type="checkbox" name="choice[users][]" value=u.user_id.to_string() checked=u.receives/>
                    </td>
                    <td><label for=id>{u.full_name.clone()}</label></td>
                    <td>{tr(u.role.label_key())}</td>
                    <td>{match &u.email {
                        Some(e) => view! { <span>{e.clone()}</span> }.into_any(),
                        None => view! { <span class="hint">{tr("reminder.no_email")}</span> }.into_any(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>{tr("reminder.recipients_title")}</h1>
            <p class="lead">{tf(crate::components::use_lang(), "reminder.recipients_intro", &[("unit", &d.unit_name)])}</p>
            <ActionForm action=save attr:class="form">
                <CsrfField token=csrf/>
                {data_table("data", &[Col::text("reminder.receives"), Col::text("field.full_name"), Col::text("field.role"), Col::text("field.email")], rows)}
                <p class="hint">{tr("reminder.heads_always")}</p>
                {action_result(save, "common.saved")}
                <button type="submit" class="btn-primary">{tr("common.save")}</button>
            </ActionForm>
        </section>
    }
}

/// `/mail?state=failed`: the e-mail outbox (administrators).
#[component]
pub fn OutboxPageView() -> impl IntoView {
    let query = use_query_map();
    let retry = ServerAction::<RetryMail>::new();
    let state = move || query.with(|q| q.get("state").unwrap_or_default());
    let data = Resource::new(state, get_outbox);
    guarded(data, Some(Right::ReadOutbox), move |d, access| {
        outbox_view(&d, &access.csrf, retry)
    })
}

fn outbox_view(d: &OutboxPage, csrf: &str, retry: ServerAction<RetryMail>) -> impl IntoView {
    let all: u64 = d.counts.iter().map(|(_, n)| n).sum();
    let filters = std::iter::once((String::new(), all))
        .chain(d.counts.iter().cloned())
        .map(|(s, n)| {
            let href = if s.is_empty() {
                "/mail".to_string()
            } else {
                format!("/mail?state={s}")
            };
            let label = if s.is_empty() {
                tr("outbox.all")
            } else {
                tr(&format!("outbox.state_{s}"))
            };
            let class = if s == d.state { "active" } else { "" };
            view! { <a href=href class=class>{label}" ("{n}")"</a> }
        })
        .collect_view();
    let rows = d
        .rows
        .iter()
        .map(|m| {
            let retryable = m.state == "failed" || m.state == "expired";
            let token = csrf.to_string();
            let mid = m.id.to_string();
            view! {
                <tr>
                    <td>{datetime(m.created_at)}</td>
                    <td>{m.to_name.clone()}<br/><code>{m.to_addr.clone()}</code></td>
                    <td>{m.subject.clone()}</td>
                    <td><span class=format!("badge mail-{}", m.state)>{tr(&format!("outbox.state_{}", m.state))}</span></td>
                    <td class="num">{m.attempts}</td>
                    <td>{m.sent_at.map(datetime).unwrap_or_default()}</td>
                    <td class="error-text">{m.last_error.clone().unwrap_or_default()}</td>
                    <td>{retryable.then(move || view! {
                        <ActionForm action=retry attr:class="inline">
                            <CsrfField token=token/>
                            <input type="hidden" name="id" value=mid/>
                            <button type="submit" class="btn">{tr("outbox.retry")}</button>
                        </ActionForm>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>{tr("outbox.title")}</h1>
            <p class=if d.mail_enabled { "notice notice-ok" } else { "notice notice-error" }>
                {if d.mail_enabled {
                    tf(crate::components::use_lang(), "outbox.enabled", &[("server", &d.server)])
                } else {
                    tr("outbox.disabled")
                }}
            </p>
            <p class="filters">{filters}</p>
            {action_result(retry, "outbox.requeued")}
            {if d.rows.is_empty() {
                view! { <p class="hint">{tr("outbox.empty")}</p> }.into_any()
            } else {
                data_table("data", &[Col::text("outbox.col_created"), Col::text("outbox.col_to"), Col::text("outbox.col_subject"), Col::text("outbox.col_state"), Col::text("outbox.col_attempts"), Col::text("outbox.col_sent"), Col::text("outbox.col_error"), Col::blank()], rows)
            }}
        </section>
    }
}
