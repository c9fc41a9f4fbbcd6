//! Pieces shared by the plan, task and "my tasks" pages.

use std::sync::Arc;

use leptos::prelude::*;

use super::{tr, use_lang};
use crate::domain::task::FollowUpClass;
use crate::i18n::{date, t, Lang};
use crate::model::plan::{ClassCounts, TaskRow};

/// A follow-up class as a coloured badge (the text says the class: colour is not the only cue).
#[component]
pub fn ClassBadge(class: FollowUpClass, #[prop(optional)] extended: bool) -> impl IntoView {
    class_badge(use_lang(), class, extended)
}

/// [`ClassBadge`] in `lang`, for tables that render many (no context lookup per row).
fn class_badge(lang: Lang, class: FollowUpClass, extended: bool) -> impl IntoView {
    let cls = format!("badge badge-{}", class.as_str());
    view! {
        <span class=cls>{t(lang, class.label_key())}</span>
        {extended.then(|| view! { <span class="badge badge-extended">{t(lang, "class.extended")}</span> })}
    }
}

/// A progress bar with its number.
#[component]
pub fn ProgressBar(value: u8) -> impl IntoView {
    progress_bar(value)
}

/// [`ProgressBar`] as a plain function, for tables that render many.
fn progress_bar(value: u8) -> impl IntoView {
    let width = format!("width:{}%", value.min(100));
    let number = format!("{value}%");
    view! {
        <span class="progress" role="img" aria-label=number.clone()>
            <span class="progress-fill" style=width></span>
        </span>
        <span class="progress-num">{number}</span>
    }
}

/// How a list builds a link from a class or a page number.
///
/// A plain shared function, not a Leptos `Callback`: a `Callback` lives in the reactive arena of
/// the owner that rendered it, and on the server a `Suspense` whose data arrive on another thread
/// can clean that owner up while the body is still being rendered. Reading a disposed callback
/// panicked ("Tried to access a reactive value that has already been disposed"), about once in
/// 20,000 pages under load with writes.
pub type Href<T> = Arc<dyn Fn(T) -> String + Send + Sync>;

/// `f` as an [`Href`].
pub fn href_fn<T>(f: impl Fn(T) -> String + Send + Sync + 'static) -> Href<T> {
    Arc::new(f)
}

/// Counts per class as links that filter the list (`href(class)` builds each link).
#[component]
pub fn ClassChips(
    counts: ClassCounts,
    current: Option<FollowUpClass>,
    href: Href<Option<FollowUpClass>>,
) -> impl IntoView {
    let total = counts.total();
    let all_href = href(None);
    let chips = FollowUpClass::REPORTED
        .into_iter()
        .map(move |c| {
            let n = counts.get(c);
            let link = href(Some(c));
            let active = current == Some(c);
            view! {
                <a class=format!("chip chip-{}", c.as_str()) class:active=active href=link
                    aria-current=active.then_some("true")>
                    <span class="chip-num">{n}</span>
                    <span class="chip-label">{tr(c.label_key())}</span>
                </a>
            }
        })
        .collect_view();
    view! {
        <nav class="chips" aria-label=tr("class.filter")>
            <a class="chip chip-all" class:active=current.is_none() href=all_href>
                <span class="chip-num">{total}</span>
                <span class="chip-label">{tr("class.all")}</span>
            </a>
            {chips}
        </nav>
    }
}

/// Previous / next page links.
#[component]
pub fn Pager(page: u32, pages: u32, href: Href<u32>) -> impl IntoView {
    (pages > 1).then(move || {
        let prev = (page > 1).then(|| href(page - 1));
        let next = (page < pages).then(|| href(page + 1));
        let lang = use_lang();
        let label = crate::i18n::tf(
            lang,
            "common.page_of",
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        );
        view! {
            <nav class="pager" aria-label=t(lang, "common.pages")>
                {prev.map(|h| view! { <a href=h rel="prev">"← "{tr("common.prev")}</a> })}
                <span>{label}</span>
                {next.map(|h| view! { <a href=h rel="next">{tr("common.next")}" →"</a> })}
            </nav>
        }
    })
}

/// A table of tasks (plan page groups, "my tasks").
#[component]
pub fn TaskTable(tasks: Vec<TaskRow>, #[prop(optional)] show_plan: bool) -> impl IntoView {
    // One language for the whole table: a context lookup walks up the owners, and a list has
    // hundreds of texts.
    let lang = use_lang();
    let co_short = t(lang, "task.co_short");
    let rows = tasks
        .into_iter()
        .map(|r| {
            let TaskRow {
                id,
                plan_number,
                item_no,
                title,
                lead_unit,
                co_units,
                due_text,
                due_on,
                extended,
                progress,
                class,
                days_overdue,
                ..
            } = r;
            let href = format!("/tasks/{id}");
            // The printed deadline, and the date it means when that says something more.
            let due = due_on
                .map(date)
                .filter(|d| *d != due_text)
                .unwrap_or_default();
            let overdue = days_overdue.map(|d| {
                view! { <span class="overdue-days">{crate::i18n::tf(lang, "task.days_overdue", &[("days", &d.to_string())])}</span> }
            });
            let co = (!co_units.is_empty()).then(|| {
                view! { <div class="co-units">{co_short.clone()}": "{co_units.join(", ")}</div> }
            });
            view! {
                <tr class=format!("row-{}", class.as_str())>
                    <td class="num">{item_no}</td>
                    <td>
                        <a href=href class="task-title">{title}</a>
                        {show_plan.then(|| view! { <div class="hint">{plan_number}</div> })}
                        {co}
                    </td>
                    <td>{lead_unit}</td>
                    <td>
                        <div>{due_text}</div>
                        <div class="hint">{due}</div>
                    </td>
                    <td>{progress_bar(progress)}</td>
                    <td>{class_badge(lang, class, extended)}{overdue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data tasks">
                <thead>
                    <tr>
                        <th class="num">{t(lang, "task.col_no")}</th>
                        <th>{t(lang, "task.col_title")}</th>
                        <th>{t(lang, "task.col_lead")}</th>
                        <th>{t(lang, "task.col_due")}</th>
                        <th>{t(lang, "task.col_progress")}</th>
                        <th>{t(lang, "task.col_class")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A message carried back in the URL by an upload form (`?ok=...` or `?err=...&field=...`).
/// Only the application's own message keys are shown: an unknown `err=` shows nothing.
pub fn url_notice(ok: Option<String>, err: Option<String>, ok_key: &'static str) -> AnyView {
    let err = err.and_then(|e| crate::i18n::known(use_lang(), &e));
    match (ok, err) {
        (_, Some(text)) => {
            view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any()
        }
        (Some(_), None) => {
            view! { <p class="notice notice-ok" role="status">{tr(ok_key)}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}
