//! The task page (details, progress, contributions, extensions and the units' extension
//! requests, history), the new-task form and "my tasks".

use leptos::prelude::*;

use crate::components::direction::{direction_list, give_form};
use crate::server_fns::direction::{AnswerDirection, GiveDirection};
use leptos_router::hooks::use_query_map;

use crate::components::form::{choice_options, id_options, load_by_id, route_id, submit_button};
use crate::components::task::{url_notice, ClassBadge, ClassChips, Pager, ProgressBar, TaskTable};
use crate::components::{action_result, form_done, guarded, tr, use_lang, CsrfField, ErrorBox};
use crate::domain::extension::{ExtensionStatus, REASON_MAX, REASON_MIN};
use crate::domain::task::{DeadlineKind, FollowUpClass, SourceClass, TaskState};
use crate::domain::unit::LeadChoice;
use crate::domain::Right;
use crate::domain::{AreaId, PlanId, TaskId};
use crate::i18n::{date, datetime, t, tf};
use crate::model::plan::{ExtensionRequestView, MyTasksData, TaskDetail, TaskFilter};
use crate::server_fns::plan::{
    form_choices, get_task, my_tasks, ApproveExtension, CancelTask, CreateTask, EditTask,
    ExtendTask, RefuseExtension,
};

/// `/tasks/:id`
#[component]
pub fn TaskPage() -> impl IntoView {
    let data = load_by_id(route_id::<TaskId>(), get_task);
    let query = use_query_map();
    let give = ServerAction::<GiveDirection>::new();
    let answer = ServerAction::<AnswerDirection>::new();
    guarded(data, None, move |d, access| {
        let (ok, err, field) =
            query.with_untracked(|q| (q.get("ok"), q.get("err"), q.get("field")));
        let directions = task_directions(&d, &access.csrf, give, answer);
        view! {
            <TaskView d csrf=access.csrf ok err field/>
            {directions}
        }
        .into_any()
    })
}

/// The leaders' directions on the task, the lead unit's answers, and a leader's form.
fn task_directions(
    d: &TaskDetail,
    csrf: &str,
    give: ServerAction<GiveDirection>,
    answer: ServerAction<AnswerDirection>,
) -> Option<AnyView> {
    if d.directions.is_empty() && !d.can_direct {
        return None;
    }
    let form = d
        .can_direct
        .then(|| give_form(csrf, give, vec![("task_id", d.row.id.to_string())], None));
    Some(
        view! {
            <section class="card task" id="task-directions">
                <h2>{tr("direction.section")}</h2>
                {direction_list(&d.directions, csrf, answer)}
                {form}
            </section>
        }
        .into_any(),
    )
}

#[component]
fn TaskView(
    d: TaskDetail,
    csrf: String,
    ok: Option<String>,
    err: Option<String>,
    field: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let r = d.row.clone();
    let ok_key = match ok.as_deref() {
        Some("extension_request") => "extreq.requested_ok",
        _ => "task.progress_saved",
    };
    let notice = url_notice(ok, err.clone(), ok_key);
    let field_hint = field
        .filter(|_| err.is_some())
        .and_then(|f| crate::i18n::known(lang, &format!("field.{f}")))
        .map(|name| view! { <p class="hint">{tr("common.field")}": "{name}</p> });
    let co = if d.co_units.is_empty() {
        tr("common.none")
    } else {
        d.co_units
            .iter()
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let original = d
        .original_due_on
        .map(date)
        .unwrap_or_else(|| tr("deadline_kind.ongoing"));
    let overdue = r.days_overdue.map(|n| view! { <span class="overdue-days">{tf(lang, "task.days_overdue", &[("days", &n.to_string())])}</span> });
    let cancelled = d.cancel_reason.clone().map(|reason| {
        view! {
            <p class="notice notice-error">{tr("task.cancelled_because")}" "{reason}</p>
        }
    });
    let update_form = d.can_update.then(|| progress_form(&d, &csrf, "update"));
    let contribution_form = d
        .can_contribute
        .then(|| progress_form(&d, &csrf, "contribution"));
    let manage = d.can_manage.then(|| view! { <ManageForms id=r.id csrf=csrf.clone() ongoing=d.deadline_kind == DeadlineKind::Ongoing done=r.state == TaskState::Completed/> });
    let pending_request = pending_request_card(&d, &csrf);
    let request_form = extension_request_form(&d, &csrf);
    let request_history = extension_request_history(&d);
    let extensions = (!d.extensions.is_empty()).then(|| {
        let items = d
            .extensions
            .iter()
            .map(|e| {
                let before = e.previous_due_on.map(date).unwrap_or_default();
                view! {
                    <li>{before}" → "<strong>{date(e.new_due_on)}</strong>" · "{e.document.clone()}
                        {(!e.note.is_empty()).then(|| format!(" · {}", e.note))}
                        <span class="hint">" ("{datetime(e.created_at)}")"</span>
                    </li>
                }
            })
            .collect_view();
        view! { <section class="card"><h2>{tr("task.extensions")}</h2><ul>{items}</ul></section> }
    });
    let updates = if d.updates.is_empty() {
        view! { <p class="hint">{tr("task.no_updates")}</p> }.into_any()
    } else {
        d.updates
            .iter()
            .map(|u| {
                let files = u
                    .files
                    .iter()
                    .map(|f| {
                        let kb = (f.size_bytes + 1023) / 1024;
                        view! { <li><a href=format!("/files/{}", f.id) rel="external">{f.file_name.clone()}</a>" ("{kb}" KB)"</li> }
                    })
                    .collect_view();
                let what = match (u.progress, u.state) {
                    (Some(p), Some(s)) => format!("{} · {p}%", t(lang, s.label_key())),
                    _ => String::new(),
                };
                let completed = u.completed_on.map(|c| format!(" · {} {}", t(lang, "task.completed_on"), date(c)));
                // Updates loaded with the demo data have no author: no empty " · " for them.
                let author = if u.user_name.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", u.user_name)
                };
                view! {
                    <li class=format!("update update-{}", if u.progress.is_some() { "progress" } else { "contribution" })>
                        <div class="update-head">
                            <strong>{u.unit_name.clone()}</strong>{author}
                            " · "<span class="hint">{datetime(u.created_at)}</span>
                            " · "<span class="badge">{tr(u.kind.label_key())}</span>
                        </div>
                        <div>{what}{completed}</div>
                        <p class="update-body">{u.body.clone()}</p>
                        {(!u.files.is_empty()).then(|| view! { <ul class="files">{files}</ul> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let trail = d
        .trail
        .iter()
        .map(|e| view! { <li><span class="hint">{datetime(e.at)}</span>" · "{e.actor.clone()}" · "<span title=e.action.clone()>{crate::i18n::action(lang, &e.action)}</span></li> })
        .collect_view();
    view! {
        <section class="task">
            <p><a href=format!("/plans/{}", r.plan_id)>"← "{r.plan_number.clone()}" – "{d.plan_title.clone()}</a></p>
            <p class="doc-number">{d.area.name(lang).to_string()}{(!d.heading.is_empty()).then(|| format!(" · {}", d.heading))}
                {(!r.item_no.is_empty()).then(|| format!(" · {} {}", t(lang, "task.col_no"), r.item_no))}</p>
            <h1>{r.title.clone()}</h1>
            {notice}
            {form_done::<CreateTask>("task.created")}
            {form_done::<EditTask>("task.edited_ok")}
            // A decided request leaves the page with its forms: the outcome is said here.
            {form_done::<ApproveExtension>("extreq.approved_ok")}
            {form_done::<RefuseExtension>("extreq.refused_ok")}
            {field_hint}
            {cancelled}
            {pending_request}
            <div class="task-status">
                <ClassBadge class=r.class extended=r.extended/>
                {overdue}
                <ProgressBar value=r.progress/>
                <span>{tr(r.state.label_key())}</span>
            </div>
            <dl class="facts">
                <dt>{tr("task.lead")}</dt><dd>{r.lead_unit.clone()}</dd>
                <dt>{tr("task.co")}</dt><dd>{co}</dd>
                <dt>{tr("task.deadline")}</dt><dd>{r.due_text.clone()}" ("{tr(d.deadline_kind.label_key())}")"</dd>
                <dt>{tr("task.original_due")}</dt><dd>{original}</dd>
                <dt>{tr("task.current_due")}</dt><dd>{r.due_on.map(date).unwrap_or_default()}</dd>
                <dt>{tr("task.output")}</dt><dd>{d.expected_output.clone()}</dd>
                <dt>{tr("task.completed_on")}</dt><dd>{d.completed_on.map(date).unwrap_or_default()}</dd>
            </dl>
            <div class="two-col">
                <div>
                    {update_form}
                    {request_form}
                    {contribution_form}
                    <section class="card">
                        <h2>{tr("task.history")}</h2>
                        <ul class="updates">{updates}</ul>
                    </section>
                </div>
                <div>
                    {manage}
                    {extensions}
                    {request_history}
                    <section class="card">
                        <h2>{tr("task.trail")}</h2>
                        <ul class="trail">{trail}</ul>
                    </section>
                </div>
            </div>
        </section>
    }
    .into_any()
}

/// The progress (or contribution) form: a plain multipart form, so it works with and without
/// JavaScript; the server answers with a redirect back here.
fn progress_form(d: &TaskDetail, csrf: &str, kind: &'static str) -> AnyView {
    let action = format!("/tasks/{}/progress", d.row.id);
    let is_update = kind == "update";
    let states = choice_options(
        [
            TaskState::NotStarted,
            TaskState::InProgress,
            TaskState::Completed,
        ],
        Some(d.row.state),
    );
    let today = d.as_of.format("%Y-%m-%d").to_string();
    let title = if is_update {
        tr("task.update_title")
    } else {
        tr("task.contribution_title")
    };
    let id_suffix = kind;
    view! {
        <section class="card">
            <h2>{title}</h2>
            <form method="post" action=action enctype="multipart/form-data" class="form">
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                <input type="hidden" name="kind" value=kind/>
                {is_update.then(|| view! {
                    <label for="progress">{tr("field.progress")}</label>
                    <input id="progress" name="progress" type="number" min="0" max="100" required value=d.row.progress.to_string()/>
                    <label for="state">{tr("field.state")}</label>
                    <select id="state" name="state">{states}</select>
                    <label for="completed_on">{tr("field.completed_on")}</label>
                    <input id="completed_on" name="completed_on" type="date" max=today.clone()/>
                    <p class="hint">{tr("task.completed_on_hint")}</p>
                })}
                <label for=format!("body-{id_suffix}")>{tr("field.body")}</label>
                <textarea id=format!("body-{id_suffix}") name="body" rows="4" required maxlength="10000"></textarea>
                <label for=format!("files-{id_suffix}")>{tr("field.files")}</label>
                <input id=format!("files-{id_suffix}") name="files" type="file" multiple
                    accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.odt"/>
                <p class="hint">{tr("files.limits")}</p>
                {submit_button("task.submit")}
            </form>
        </section>
    }
    .into_any()
}

/// The unit's pending extension request, shown to everyone who sees the task; with the PAR
/// office's approve and refuse forms for those who decide.
fn pending_request_card(d: &TaskDetail, csrf: &str) -> Option<AnyView> {
    let req = d
        .extension_requests
        .iter()
        .find(|x| x.status == ExtensionStatus::Pending)?
        .clone();
    // The deadline can still move: the task is open and dated (otherwise only a refusal).
    let movable = !matches!(d.row.state, TaskState::Completed | TaskState::Cancelled)
        && d.deadline_kind != DeadlineKind::Ongoing;
    let decide = d.can_decide_extension.then(|| {
        view! { <DecideForms request=req.id proposed=req.proposed_due_on csrf=csrf.to_string() movable/> }
    });
    Some(
        view! {
            <section class="card extension-request extension-pending" id="extension-request">
                <h2>{tr("extreq.pending_title")}</h2>
                {request_facts(&req)}
                {decide}
            </section>
        }
        .into_any(),
    )
}

/// What a request says: who asked and when, the dates, the reason, the evidence file.
fn request_facts(req: &ExtensionRequestView) -> AnyView {
    let who = [req.unit_name.as_str(), req.requested_by.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    let file = req.file.clone().map(|f| {
        let kb = (f.size_bytes + 1023) / 1024;
        view! {
            <dt>{tr("extreq.evidence")}</dt>
            <dd><a href=format!("/files/{}", f.id) rel="external">{f.file_name}</a>" ("{kb}" KB)"</dd>
        }
    });
    view! {
        <p>
            <span class=format!("badge extreq-{}", req.status.as_str())>{tr(req.status.label_key())}</span>
            " "{who}" · "<span class="hint">{datetime(req.created_at)}</span>
        </p>
        <dl class="facts">
            <dt>{tr("extreq.proposed")}</dt><dd><strong>{date(req.proposed_due_on)}</strong></dd>
            <dt>{tr("extreq.previous")}</dt><dd>{req.previous_due_on.map(date).unwrap_or_default()}</dd>
            <dt>{tr("extreq.reason")}</dt><dd class="update-body">{req.reason.clone()}</dd>
            {file}
        </dl>
    }
    .into_any()
}

/// The PAR office's decision on a pending request: approve with the approving document and the
/// new date (the proposed one unless changed), or refuse with a reason.
#[component]
fn DecideForms(
    request: i32,
    proposed: chrono::NaiveDate,
    csrf: String,
    movable: bool,
) -> impl IntoView {
    let approve = ServerAction::<ApproveExtension>::new();
    let refuse = ServerAction::<RefuseExtension>::new();
    let c2 = csrf.clone();
    let approve_form = movable.then(|| view! {
        <h3>{tr("extreq.approve_title")}</h3>
        <ActionForm action=approve attr:class="form">
            <CsrfField token=csrf.clone()/>
            <input type="hidden" name="request" value=request.to_string()/>
            <label for="approve_new_due_on">{tr("field.new_due_on")}</label>
            <input id="approve_new_due_on" name="new_due_on" type="date" required value=proposed.format("%Y-%m-%d").to_string()/>
            <label for="approve_document">{tr("field.document")}</label>
            <input id="approve_document" name="document" required maxlength="255" placeholder="Công văn số 123/UBND-KSTT ngày 05/12/2026"/>
            <label for="approve_note">{tr("field.note")}</label>
            <input id="approve_note" name="note" maxlength="1000"/>
            {action_result(approve, "extreq.approved_ok")}
            <button type="submit" class="btn">{tr("extreq.approve_submit")}</button>
        </ActionForm>
    });
    view! {
        {approve_form}
        <h3>{tr("extreq.refuse_title")}</h3>
        <ActionForm action=refuse attr:class="form">
            <CsrfField token=c2/>
            <input type="hidden" name="request" value=request.to_string()/>
            <label for="refusal_reason">{tr("field.refusal_reason")}</label>
            <textarea id="refusal_reason" name="refusal_reason" rows="2" required maxlength=REASON_MAX.to_string()></textarea>
            {action_result(refuse, "extreq.refused_ok")}
            <button type="submit" class="btn-danger">{tr("extreq.refuse_submit")}</button>
        </ActionForm>
    }
}

/// "Đề nghị gia hạn": the lead unit's head asks for a later deadline (a plain multipart form, with
/// or without JavaScript). The unit's officers are told only the head may ask.
fn extension_request_form(d: &TaskDetail, csrf: &str) -> Option<AnyView> {
    if !d.can_request_extension {
        return (d.can_update && d.extension_open).then(|| {
            view! {
                <section class="card extension-request">
                    <h2>{tr("extreq.form_title")}</h2>
                    <p class="hint">{tr("extreq.head_only")}</p>
                </section>
            }
            .into_any()
        });
    }
    let action = format!("/tasks/{}/extension-request", d.row.id);
    let earliest = d
        .row
        .due_on
        .map(|due| due + chrono::Duration::days(1))
        .map_or(d.as_of, |day| day.max(d.as_of));
    Some(
        view! {
            <section class="card extension-request">
                <h2>{tr("extreq.form_title")}</h2>
                <p class="hint">{tr("extreq.form_hint")}</p>
                <form method="post" action=action enctype="multipart/form-data" class="form">
                    <input type="hidden" name="csrf" value=csrf.to_string()/>
                    <label for="extension_reason">{tr("field.extension_reason")}</label>
                    <textarea id="extension_reason" name="extension_reason" rows="3" required
                        minlength=REASON_MIN.to_string() maxlength=REASON_MAX.to_string()></textarea>
                    <label for="proposed_due_on">{tr("field.proposed_due_on")}</label>
                    <input id="proposed_due_on" name="proposed_due_on" type="date" required
                        min=earliest.format("%Y-%m-%d").to_string()/>
                    <label for="extension_file">{tr("extreq.evidence_file")}</label>
                    <input id="extension_file" name="file" type="file"
                        accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.odt"/>
                    <p class="hint">{tr("files.limits")}</p>
                    {submit_button("extreq.submit")}
                </form>
            </section>
        }
        .into_any(),
    )
}

/// The decided requests, newest first: approved (with the document) and refused (with why).
fn extension_request_history(d: &TaskDetail) -> Option<AnyView> {
    let decided: Vec<&ExtensionRequestView> = d
        .extension_requests
        .iter()
        .filter(|x| x.status != ExtensionStatus::Pending)
        .collect();
    if decided.is_empty() {
        return None;
    }
    let items = decided
        .into_iter()
        .map(|req| {
            let by = [
                req.decided_by.clone(),
                req.decided_at.map(datetime).unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            let decision = match req.status {
                ExtensionStatus::Approved => format!(
                    "{}{}",
                    req.decision_document,
                    if req.decision_note.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", req.decision_note)
                    }
                ),
                _ => req.decision_note.clone(),
            };
            view! {
                <li class=format!("extreq extreq-{}", req.status.as_str())>
                    {request_facts(req)}
                    <p><strong>{tr("extreq.decision")}</strong>" "{decision}
                        <span class="hint">" ("{by}")"</span></p>
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <section class="card">
                <h2>{tr("extreq.history")}</h2>
                <ul class="updates">{items}</ul>
            </section>
        }
        .into_any(),
    )
}

#[component]
fn ManageForms(id: TaskId, csrf: String, ongoing: bool, done: bool) -> impl IntoView {
    let extend = ServerAction::<ExtendTask>::new();
    let cancel = ServerAction::<CancelTask>::new();
    let c2 = csrf.clone();
    let extend_form = (!ongoing && !done).then(|| view! {
        <section class="card">
            <h2>{tr("task.extend_title")}</h2>
            <ActionForm action=extend attr:class="form">
                <CsrfField token=csrf.clone()/>
                <input type="hidden" name="id" value=id.to_string()/>
                <label for="new_due_on">{tr("field.new_due_on")}</label>
                <input id="new_due_on" name="new_due_on" type="date" required/>
                <label for="document">{tr("field.document")}</label>
                <input id="document" name="document" required maxlength="255" placeholder="Công văn số 123/UBND-NC ngày ..."/>
                <label for="note">{tr("field.note")}</label>
                <input id="note" name="note" maxlength="1000"/>
                {action_result(extend, "task.extended_ok")}
                <button type="submit" class="btn">{tr("task.extend_submit")}</button>
            </ActionForm>
        </section>
    });
    view! {
        <p><a class="btn" href=format!("/tasks/{id}/edit")>{tr("task.edit_link")}</a></p>
        {extend_form}
        <section class="card">
            <h2>{tr("task.cancel_title")}</h2>
            <ActionForm action=cancel attr:class="form">
                <CsrfField token=c2/>
                <input type="hidden" name="id" value=id.to_string()/>
                <label for="reason">{tr("field.reason")}</label>
                <textarea id="reason" name="reason" rows="2" required maxlength="2000"></textarea>
                {action_result(cancel, "task.cancelled_ok")}
                <button type="submit" class="btn-danger">{tr("task.cancel_submit")}</button>
            </ActionForm>
        </section>
    }
}

/// `/plans/:id/tasks/new`
#[component]
pub fn TaskNewPage() -> impl IntoView {
    let data = super::plan::plan_and_choices();
    guarded(
        data,
        Some(Right::ManagePlans),
        |(plan_id, choices), access| {
            view! { <TaskForm plan_id choices csrf=access.csrf/> }
        },
    )
}

#[component]
fn TaskForm(
    plan_id: PlanId,
    choices: crate::server_fns::plan::PlanFormChoices,
    csrf: String,
) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateTask>::new();
    let text = TaskFields {
        areas: &choices.areas,
        area_id: None,
        heading: String::new(),
        item_no: String::new(),
        title: String::new(),
    }
    .view(lang);
    let lead_opts = unit_options(&choices.units, |_| false);
    let co_opts = unit_options(&choices.units, |_| false);
    let kinds = choice_options(DeadlineKind::ALL, Some(DeadlineKind::Date));
    let year = chrono::Datelike::year(&choices.today).to_string();
    view! {
        <section>
            <p><a href=format!("/plans/{plan_id}")>"← "{tr("plans.back")}</a></p>
            <h1>{tr("task.new_title")}</h1>
            <div class="card">
                <ActionForm action=create attr:class="form">
                    <CsrfField token=csrf/>
                    <input type="hidden" name="plan_id" value=plan_id.to_string()/>
                    {text}
                    <label for="lead_unit_id">{tr("field.lead_unit_id")}</label>
                    <select id="lead_unit_id" name="task[lead_unit_id]" required>
                        <option value="">{tr("common.choose")}</option>
                        <option value=LeadChoice::ALL_DEPARTMENTS>{tr("task.all_departments")}</option>
                        <option value=LeadChoice::ALL_COMMUNES>{tr("task.all_communes")}</option>
                        {lead_opts}
                    </select>
                    <p class="hint">{tr("task.group_hint")}</p>
                    {co_units_field(co_opts)}
                    <label for="deadline_kind">{tr("field.deadline_kind")}</label>
                    <select id="deadline_kind" name="task[deadline_kind]">{kinds}</select>
                    <label for="due_on">{tr("field.due_on")}</label>
                    <input id="due_on" name="task[due_on]" type="date"/>
                    <div class="row2">
                        <div>
                            <label for="due_part">{tr("field.due_part")}</label>
                            <input id="due_part" name="task[due_part]" type="number" min="1" max="12"/>
                        </div>
                        <div>
                            <label for="due_year">{tr("field.due_year")}</label>
                            <input id="due_year" name="task[due_year]" type="number" min="2000" max="2100" value=year/>
                        </div>
                    </div>
                    <p class="hint">{tr("task.deadline_hint")}</p>
                    {expected_output_field(String::new())}
                    {action_result(create, "task.created")}
                    {submit_button("common.create")}
                </ActionForm>
            </div>
        </section>
    }
}

/// `/tasks/:id/edit`: the PAR office corrects a task's text, area, numbering, units and
/// expected output (its deadline moves only by an extension).
#[component]
pub fn TaskEditPage() -> impl IntoView {
    let data = load_by_id(route_id::<TaskId>(), |id| async move {
        Ok((get_task(id).await?, form_choices().await?))
    });
    guarded(data, Some(Right::ManagePlans), |(d, c), access| {
        if d.can_manage {
            view! { <TaskEditForm d=d choices=c csrf=access.csrf/> }.into_any()
        } else {
            view! { <ErrorBox error=crate::error::AppError::conflict("state", "err.task_cancelled")/> }.into_any()
        }
    })
}

#[component]
fn TaskEditForm(
    d: TaskDetail,
    choices: crate::server_fns::plan::PlanFormChoices,
    csrf: String,
) -> impl IntoView {
    let lang = use_lang();
    let edit = ServerAction::<EditTask>::new();
    let id = d.row.id;
    let text = TaskFields {
        areas: &choices.areas,
        area_id: Some(d.area.id),
        heading: d.heading.clone(),
        item_no: d.row.item_no.clone(),
        title: d.row.title.clone(),
    };
    let text = text.view(lang);
    let lead = d.row.lead_unit_id;
    let co_ids: Vec<_> = d.co_units.iter().map(|u| u.id).collect();
    // The current lead and co-operating units stay choosable even if retired since.
    let mut units = choices.units.clone();
    for u in std::iter::once(crate::model::plan::UnitOption {
        id: lead,
        name: d.row.lead_unit.clone(),
        department: false,
    })
    .chain(d.co_units.iter().cloned())
    {
        if !units.iter().any(|x| x.id == u.id) {
            units.push(u);
        }
    }
    let lead_opts = unit_options(&units, |u| u == lead);
    let co_opts = unit_options(&units, |u| co_ids.contains(&u));
    view! {
        <section>
            <p><a href=format!("/tasks/{id}")>"← "{tr("task.back")}</a></p>
            <h1>{tr("task.edit_title")}</h1>
            <p class="hint">{tr("task.edit_hint")}</p>
            <div class="card">
                <ActionForm action=edit attr:class="form">
                    <CsrfField token=csrf/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    {text}
                    <label for="lead_unit_id">{tr("field.lead_unit_id")}</label>
                    <select id="lead_unit_id" name="task[lead_unit_id]" required>{lead_opts}</select>
                    {co_units_field(co_opts)}
                    {expected_output_field(d.expected_output.clone())}
                    {action_result(edit, "task.edited_ok")}
                    {submit_button("common.save")}
                </ActionForm>
            </div>
        </section>
    }
}

/// The fields the new-task and edit-task forms share: area, heading and item number, text.
struct TaskFields<'a> {
    areas: &'a [crate::model::plan::AreaView],
    area_id: Option<AreaId>,
    heading: String,
    item_no: String,
    title: String,
}

impl TaskFields<'_> {
    fn view(self, lang: crate::i18n::Lang) -> AnyView {
        let area_id = self.area_id;
        let areas = self
            .areas
            .iter()
            .map(|a| view! { <option value=a.id.to_string() selected=Some(a.id) == area_id>{a.name(lang).to_string()}</option> })
            .collect_view();
        view! {
            <label for="area_id">{tr("field.area_id")}</label>
            <select id="area_id" name="task[area_id]" required>{areas}</select>
            <div class="row2">
                <div>
                    <label for="heading">{tr("field.heading")}</label>
                    <input id="heading" name="task[heading]" maxlength="255" placeholder="II" value=self.heading/>
                </div>
                <div>
                    <label for="item_no">{tr("field.item_no")}</label>
                    <input id="item_no" name="task[item_no]" maxlength="32" placeholder="3" value=self.item_no/>
                </div>
            </div>
            <label for="title">{tr("field.task_title")}</label>
            <textarea id="title" name="task[title]" rows="3" required maxlength="4000">{self.title}</textarea>
        }
        .into_any()
    }
}

/// Units as options of a select, those `selected` says marked.
fn unit_options(
    units: &[crate::model::plan::UnitOption],
    selected: impl Fn(crate::domain::UnitId) -> bool,
) -> AnyView {
    id_options(units.iter().map(|u| (u.id, u.name.clone())), selected)
}

/// The co-operating units' multiple select.
fn co_units_field(options: AnyView) -> AnyView {
    view! {
        <label for="co_unit_ids">{tr("field.co_unit_ids")}</label>
        <select id="co_unit_ids" name="task[co_unit_ids][]" multiple size="6">{options}</select>
    }
    .into_any()
}

/// The expected output's text area.
fn expected_output_field(value: String) -> AnyView {
    view! {
        <label for="expected_output">{tr("field.expected_output")}</label>
        <textarea id="expected_output" name="task[expected_output]" rows="2" maxlength="4000">{value}</textarea>
    }
    .into_any()
}

fn my_filter(q: &leptos_router::params::ParamsMap) -> TaskFilter {
    TaskFilter {
        class: q.get("class").unwrap_or_default(),
        q: q.get("q").unwrap_or_default(),
        source: q.get("source").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        ..TaskFilter::default()
    }
}

fn my_href(class: Option<&str>, f: &TaskFilter, page: u32) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    if let Some(c) = class.filter(|c| !c.is_empty()) {
        s.append_pair("class", c);
    }
    for (k, v) in [("q", &f.q), ("source", &f.source)] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    let qs = s.finish();
    if qs.is_empty() {
        "/my-tasks".into()
    } else {
        format!("/my-tasks?{qs}")
    }
}

/// `/my-tasks`
#[component]
pub fn MyTasksPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.with(my_filter), my_tasks);
    guarded(data, Some(Right::WriteUnitProgress), move |d, _| {
        let filter = query.with_untracked(my_filter);
        view! { <MyTasks d filter/> }
    })
}

/// The body of "my tasks" (also the home page of unit users).
#[component]
pub fn MyTasks(d: MyTasksData, filter: TaskFilter) -> impl IntoView {
    let lang = use_lang();
    let f1 = filter.clone();
    let chip_href = crate::components::task::href_fn(move |c: Option<FollowUpClass>| {
        my_href(c.map(|c| c.as_str()), &f1, 1)
    });
    let f2 = filter.clone();
    let page_href =
        crate::components::task::href_fn(move |n: u32| my_href(Some(&f2.class), &f2, n));
    let source_opts = SourceClass::ALL
        .map(|c| (c.as_str().to_string(), t(lang, c.label_key())))
        .into_iter()
        .chain(
            d.sources
                .iter()
                .map(|(id, label)| (id.to_string(), label.clone())),
        )
        .map(|(v, label)| {
            let selected = filter.source == v;
            view! { <option value=v selected=selected>{label}</option> }
        })
        .collect_view();
    let current = FollowUpClass::parse(&filter.class);
    let empty = d
        .tasks
        .is_empty()
        .then(|| view! { <p class="hint">{tr("my.empty")}</p> });
    view! {
        <section class="my-tasks">
            <h1>{tr("my.title")}</h1>
            <p class="lead">{d.unit_name.clone()}</p>
            <p class="hint">{tf(lang, "plan.as_of", &[("date", &date(d.as_of))])}</p>
            <ClassChips counts=d.counts current href=chip_href/>
            <form method="get" action="/my-tasks" class="filters-form" role="search">
                {current.map(|c| view! { <input type="hidden" name="class" value=c.as_str()/> })}
                <label>{tr("task.filter_source")}
                    <select name="source"><option value="">{tr("common.all")}</option>{source_opts}</select>
                </label>
                <label>{tr("plan.filter_text")}<input type="search" name="q" value=filter.q/></label>
                <button type="submit" class="btn">{tr("common.filter")}</button>
            </form>
            <p class="hint" role="status">{tf(lang, "plan.matching", &[("n", &d.matching.to_string())])}</p>
            {empty}
            <TaskTable tasks=d.tasks show_plan=true/>
            <Pager page=d.page pages=d.pages href=page_href/>
        </section>
    }
}
