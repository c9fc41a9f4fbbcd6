//! Importing a plan's task table: the upload form, then the preview with every row's problems,
//! then confirm (all rows) or discard.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::{load_by_id, route_id};
use crate::components::task::url_notice;
use crate::components::{action_result, guarded, tr, use_lang, CsrfField};
use crate::domain::progress::ImportStatus;
use crate::domain::Right;
use crate::domain::{AreaId, ImportId, PlanId};
use crate::i18n::{date, t, tf};
use crate::model::plan::ImportPreview;
use crate::server_fns::plan::{get_import, get_plan, ConfirmImport, DiscardImport, SetImportArea};

/// `/plans/:id/import`
#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let plan = load_by_id(route_id::<PlanId>(), get_plan);
    let query = use_query_map();
    guarded(plan, Some(Right::ManagePlans), move |plan, access| {
        let notice = query.with_untracked(|q| url_notice(None, q.get("err"), ""));
        view! {
            <section>
                <p><a href=format!("/plans/{}", plan.id)>"← "{plan.number.clone()}</a></p>
                <h1>{tr("import.title")}</h1>
                <p class="lead">{plan.title.clone()}</p>
                {notice}
                <div class="two-col">
                    <div class="card">
                        <form method="post" action=format!("/plans/{}/import", plan.id) enctype="multipart/form-data"
                            class="form">
                            <input type="hidden" name="csrf" value=access.csrf/>
                            <label for="file">{tr("import.file")}</label>
                            <input id="file" name="file" type="file" required accept=".xlsx,.xls,.csv"/>
                            <p class="hint">{tr("import.limits")}</p>
                            <button type="submit" class="btn-primary" data-busy-label=tr("import.reading")>
                                {tr("import.upload")}
                            </button>
                        </form>
                    </div>
                    <div class="card">
                        <h2>{tr("import.shape_title")}</h2>
                        <p>{tr("import.shape")}</p>
                        <table class="data small">
                            <thead><tr>
                                <th>"STT"</th><th>"Nội dung nhiệm vụ"</th><th>"Cơ quan chủ trì"</th>
                                <th>"Cơ quan phối hợp"</th><th>"Thời gian hoàn thành"</th><th>"Sản phẩm dự kiến"</th>
                            </tr></thead>
                            <tbody>
                                <tr><td>"II"</td><td colspan="5">"CẢI CÁCH THỦ TỤC HÀNH CHÍNH"</td></tr>
                                <tr><td>"1"</td><td>"Rà soát, đơn giản hóa thủ tục hành chính"</td><td>"Sở Tư pháp"</td>
                                    <td>"Các sở, ban, ngành"</td><td>"Quý II/2025"</td><td>"Báo cáo"</td></tr>
                            </tbody>
                        </table>
                        <p class="hint">{tr("import.times")}</p>
                    </div>
                </div>
            </section>
        }
    })
}

/// `/imports/:id`
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let data = load_by_id(route_id::<ImportId>(), get_import);
    guarded(data, Some(Right::ManagePlans), move |p, access| {
        view! { <Preview p csrf=access.csrf/> }.into_any()
    })
}

#[component]
fn Preview(p: ImportPreview, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let confirm = ServerAction::<ConfirmImport>::new();
    let discard = ServerAction::<DiscardImport>::new();
    let set_area = ServerAction::<SetImportArea>::new();
    let pending = p.status == ImportStatus::Pending;
    // The area form of a row (or of every row, with no line), while the import waits.
    let area_form = {
        let areas = p.areas.clone();
        let csrf = csrf.clone();
        let import = p.id.to_string();
        move |line: Option<usize>, current: Option<AreaId>| {
            let (csrf, import) = (csrf.clone(), import.clone());
            let opts = areas
                .iter()
                .map(|a| {
                    view! { <option value=a.id.to_string() selected=Some(a.id) == current>{a.name(lang).to_string()}</option> }
                })
                .collect_view();
            let label = if line.is_some() {
                "import.area_row"
            } else {
                "import.area_all"
            };
            pending.then(|| view! {
                <ActionForm action=set_area attr:class="inline area-form">
                    <CsrfField token=csrf/>
                    <input type="hidden" name="id" value=import/>
                    <input type="hidden" name="line" value=line.map(|l| l.to_string()).unwrap_or_default()/>
                    <label>
                        <span class=if line.is_some() { "sr-only" } else { "" }>{tr(label)}</span>
                        <select name="area" required>
                            <option value="">"—"</option>
                            {opts}
                        </select>
                    </label>
                    <button type="submit" class="btn-small">{tr("import.area_apply")}</button>
                </ActionForm>
            })
        }
    };
    let area_form = &area_form;
    let area_name = |id: Option<AreaId>| {
        id.and_then(|id| p.areas.iter().find(|a| a.id == id))
            .map(|a| a.name(lang).to_string())
            .unwrap_or_default()
    };
    // While the import waits the row's choice shows its area; afterwards, its name.
    let area_cell = |line: usize, area: Option<AreaId>| {
        if pending {
            area_form(Some(line), area).into_any()
        } else {
            area_name(area).into_any()
        }
    };
    let rows = p
        .rows
        .iter()
        .map(|r| {
            let problems = r
                .problems
                .iter()
                .map(|pr| {
                    let text = if pr.text.is_empty() {
                        String::new()
                    } else {
                        format!(": «{}»", pr.text)
                    };
                    view! { <li>{t(lang, &pr.key)}{text}</li> }
                })
                .collect_view();
            let bad = !r.problems.is_empty();
            if r.heading {
                return view! {
                    <tr class="heading-row" class:row-error=bad>
                        <td class="num">{r.line}</td>
                        <td>{r.stt.clone()}</td>
                        <td colspan="4"><strong>{r.title.clone()}</strong>
                            {bad.then(|| view! { <ul class="problems">{problems}</ul> })}
                        </td>
                        <td>{area_cell(r.line, r.area_id)}</td>
                    </tr>
                }
                .into_any();
            }
            let leads = if r.lead_units.len() > 3 {
                tf(
                    lang,
                    "import.one_per_unit",
                    &[("n", &r.lead_units.len().to_string())],
                )
            } else {
                r.lead_units
                    .iter()
                    .map(|u| u.name.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let co = if r.co_units.len() > 3 {
                tf(
                    lang,
                    "import.units_n",
                    &[("n", &r.co_units.len().to_string())],
                )
            } else {
                r.co_units
                    .iter()
                    .map(|u| u.name.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let due = match (r.deadline_kind, r.due_on) {
                (Some(k), Some(d)) => format!("{} · {}", t(lang, k.label_key()), date(d)),
                (Some(k), None) => t(lang, k.label_key()),
                _ => String::new(),
            };
            view! {
                <tr class:row-error=bad>
                    <td class="num">{r.line}</td>
                    <td>{r.stt.clone()}</td>
                    <td>{r.title.clone()}
                        {bad.then(|| view! { <ul class="problems">{problems}</ul> })}
                    </td>
                    <td>{leads}</td>
                    <td>{co}</td>
                    <td>{r.due_text.clone()}<div class="hint">{due}</div></td>
                    <td>{area_cell(r.line, r.area_id)}</td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let can_confirm = pending && p.error_count == 0 && p.task_count > 0;
    let summary = tf(
        lang,
        "import.summary",
        &[
            ("rows", &p.rows.len().to_string()),
            ("tasks", &p.task_count.to_string()),
            ("errors", &p.error_count.to_string()),
        ],
    );
    let status_note = (!pending).then(|| {
        view! { <p class="notice">{tr(match p.status {
            ImportStatus::Confirmed => "import.already_confirmed",
            _ => "import.discarded",
        })}</p> }
    });
    let c1 = csrf.clone();
    view! {
        <section class="import-preview">
            <p><a href=format!("/plans/{}", p.plan_id)>"← "{p.plan_number.clone()}</a></p>
            <h1>{tr("import.preview_title")}</h1>
            <p class="lead">{p.file_name.clone()}</p>
            <p class={if p.error_count > 0 { "notice notice-error" } else { "notice notice-ok" }} role="status">{summary}</p>
            {status_note}
            {(p.error_count > 0 && pending).then(|| view! { <p>{tr("import.fix_and_retry")}" "<a href=format!("/plans/{}/import", p.plan_id)>{tr("import.upload_again")}</a></p> })}
            {pending.then(|| view! {
                <div class="actions">
                    <ActionForm action=confirm attr:class="inline">
                        <CsrfField token=c1.clone()/>
                        <input type="hidden" name="id" value=p.id.to_string()/>
                        <button type="submit" class="btn-primary" disabled=!can_confirm data-busy-label=tr("import.saving")>
                            {tr("import.confirm")}
                        </button>
                    </ActionForm>
                    <ActionForm action=discard attr:class="inline">
                        <CsrfField token=csrf.clone()/>
                        <input type="hidden" name="id" value=p.id.to_string()/>
                        <button type="submit" class="btn">{tr("import.discard")}</button>
                    </ActionForm>
                </div>
                {action_result(confirm, "import.confirmed")}
                {action_result(discard, "import.discarded")}
                {action_result(set_area, "import.area_set")}
                <div class="area-all">
                    <p class="hint">{tr("import.area_hint")}</p>
                    {area_form(None, None)}
                </div>
            })}
            <div class="table-wrap">
                <table class="data import">
                    <thead><tr>
                        <th class="num">{tr("import.col_line")}</th>
                        <th>"STT"</th>
                        <th>{tr("task.col_title")}</th>
                        <th>{tr("task.col_lead")}</th>
                        <th>{tr("task.co")}</th>
                        <th>{tr("task.col_due")}</th>
                        <th>{tr("plan.filter_area")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
