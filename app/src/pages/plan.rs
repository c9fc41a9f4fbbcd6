//! Plans: the list, the plan form, and the plan page (tasks by area, filters, indicators).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::{
    choice_options, data_table, form_page, id_options, load_by_id, load_for_form, route_id,
    save_form, Col,
};
use crate::components::task::{ClassChips, Pager, TaskTable};
use crate::components::{action_result, form_done, guarded, guarded_page, tr, use_lang, ErrorBox};
use crate::domain::task::{Direction, FollowUpClass, PeriodKind, PlanKind, PlanStatus};
use crate::domain::PlanId;
use crate::domain::Right;
use crate::error::AppError;
use crate::i18n::{date, t, tf};
use crate::model::plan::{IndicatorRow, PlanPageData, PlanSummary, PlanView, TaskFilter};
use crate::server_fns::plan::{
    form_choices, get_plan, list_plans, plan_page, ConfirmImport, CreateIndicator, CreatePlan,
    CreateTask, DiscardImport, EnterIndicatorValue, PlanFormChoices, UpdatePlan,
};

/// `/plans`
#[component]
pub fn PlansPage() -> impl IntoView {
    let plans = Resource::new(|| (), |_| list_plans());
    guarded_page(plans, None, |plans, access| {
        let manage = Right::ManagePlans.held_by(access.user.role, access.user.unit_id);
        view! {
            <section>
                <div class="page-head">
                    <h1>{tr("plans.title")}</h1>
                    {manage.then(|| view! {
                        <div class="actions">
                            <a class="btn-primary" href="/plans/new">{tr("plans.new")}</a>
                            <a class="btn" href="/plans/new?kind=directive">{tr("plans.new_directive")}</a>
                        </div>
                    })}
                </div>
                {match plans {
                    Ok(list) if list.is_empty() => view! { <p class="hint">{tr("plans.empty")}</p> }.into_any(),
                    Ok(list) => {
                        let (directives, plans): (Vec<_>, Vec<_>) =
                            list.into_iter().partition(|p| p.kind.is_directive());
                        view! {
                            <h2>{tr("plans.section_plans")}</h2>
                            <PlanTable plans/>
                            <h2>{tr("plans.section_directives")}</h2>
                            {if directives.is_empty() {
                                view! { <p class="hint">{tr("plans.no_directives")}</p> }.into_any()
                            } else {
                                view! { <PlanTable plans=directives/> }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }}
            </section>
        }
    })
}

#[component]
fn PlanTable(plans: Vec<PlanSummary>) -> impl IntoView {
    let rows = plans
        .into_iter()
        .map(|p| {
            let href = format!("/plans/{}", p.id);
            let years = if p.year_from == p.year_to {
                p.year_from.to_string()
            } else {
                format!("{}–{}", p.year_from, p.year_to)
            };
            let c = p.counts;
            view! {
                <tr>
                    <td><a href=href.clone()>{p.number.clone()}</a></td>
                    <td><a href=href>{p.title.clone()}</a>
                        <div class="hint">{tr(p.kind.label_key())}" · "{years}" · "{tr("plans.issued")}" "{date(p.issued_on)}</div>
                    </td>
                    <td><span class=format!("status status-{}", p.status.as_str())>{tr(p.status.label_key())}</span></td>
                    <td class="num">{c.total()}</td>
                    <td class="num">{c.on_time + c.late}</td>
                    <td class="num">{c.in_progress}</td>
                    <td class="num overdue">{c.overdue}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        "data",
        &[
            Col::text("plans.col_number"),
            Col::text("plans.col_title"),
            Col::text("plans.col_status"),
            Col::num("plans.col_tasks"),
            Col::num("plans.col_done"),
            Col::num("class.in_progress"),
            Col::num("class.overdue"),
        ],
        rows,
    )
}

/// `/plans/new`
#[component]
pub fn PlanNewPage() -> impl IntoView {
    plan_form_page(|| None)
}

/// `/plans/:id/edit`
#[component]
pub fn PlanEditPage() -> impl IntoView {
    plan_form_page(route_id::<PlanId>())
}

fn plan_form_page(id: impl Fn() -> Option<PlanId> + Send + Sync + 'static) -> AnyView {
    let data = load_for_form(id, get_plan, form_choices);
    let query = use_query_map();
    guarded(
        data,
        Some(Right::ManagePlans),
        move |(current, choices), access| {
            let notice = query.with_untracked(|q| {
                crate::components::task::url_notice(q.get("ok"), q.get("err"), "plans.source_saved")
            });
            let year = chrono::Datelike::year(&choices.today);
            let kind = query.with_untracked(|q| q.get("kind").and_then(|k| PlanKind::parse(&k)));
            let issuing_body = choices.issuing_body;
            view! { {notice}<PlanForm current parents=choices.parents year kind issuing_body csrf=access.csrf/> }
        },
    )
    .into_any()
}

#[component]
fn PlanForm(
    current: Option<PlanView>,
    parents: Vec<(PlanId, String)>,
    year: i32,
    /// The kind asked for by the link that opened a new form.
    kind: Option<PlanKind>,
    /// The issuing body a new plan proposes (the province's People's Committee).
    issuing_body: String,
    csrf: String,
) -> impl IntoView {
    let c = current.clone();
    let value = move |f: fn(&PlanView) -> String| c.as_ref().map(f).unwrap_or_default();
    let kind_now = current
        .as_ref()
        .map(|p| p.kind)
        .or(kind)
        .unwrap_or(PlanKind::Annual);
    let directive = kind_now.is_directive();
    let status_now = current.as_ref().map_or(PlanStatus::Draft, |p| p.status);
    let parent_now = current.as_ref().and_then(|p| p.parent_id);
    let own = current.as_ref().map(|p| p.id);
    let kinds = choice_options(PlanKind::ALL, Some(kind_now));
    let statuses = choice_options(PlanStatus::ALL, Some(status_now));
    let parent_opts = id_options(
        parents.into_iter().filter(|(id, _)| Some(*id) != own),
        |id| Some(id) == parent_now,
    );
    let this_year = year.to_string();
    let fields = view! {
        <label for="number">{tr("field.number")}</label>
        <input id="number" name="plan[number]" required maxlength="64" placeholder="235/QĐ-UBND" value=value(|p| p.number.clone())/>
        <label for="title">{tr("field.title")}</label>
        <textarea id="title" name="plan[title]" required maxlength="1000" rows="3">{value(|p| p.title.clone())}</textarea>
        <label for="kind">{tr("field.plan_kind")}</label>
        <select id="kind" name="plan[kind]">{kinds}</select>
        <label for="issued_on">{tr("field.issued_on")}</label>
        <input id="issued_on" name="plan[issued_on]" type="date" required value=value(|p| p.issued_on.format("%Y-%m-%d").to_string())/>
        <label for="issuing_body">{tr("field.issuing_body")}</label>
        <input id="issuing_body" name="plan[issuing_body]" required maxlength="255"
            value=current.as_ref().map(|p| p.issuing_body.clone()).unwrap_or(issuing_body)/>
        <div class="row2">
            <div>
                <label for="year_from">{tr("field.year_from")}</label>
                <input id="year_from" name="plan[year_from]" type="number" min="2000" max="2100" required
                    value=current.as_ref().map(|p| p.year_from.to_string()).unwrap_or_else(|| this_year.clone())/>
            </div>
            <div>
                <label for="year_to">{tr("field.year_to")}</label>
                <input id="year_to" name="plan[year_to]" type="number" min="2000" max="2100" required
                    value=current.as_ref().map(|p| p.year_to.to_string()).unwrap_or_else(|| this_year.clone())/>
            </div>
        </div>
        <label for="signer">{tr("field.signer")}</label>
        <input id="signer" name="plan[signer]" maxlength="255" required=directive
            placeholder=tr("field.signer_hint") value=value(|p| p.signer.clone())/>
        <label for="summary">{tr("field.doc_summary")}</label>
        <textarea id="summary" name="plan[summary]" maxlength="4000" rows="4">{value(|p| p.summary.clone())}</textarea>
        <p class="hint">{tr("plans.directive_hint")}</p>
        <label for="parent_id">{tr("field.parent_plan")}</label>
        <select id="parent_id" name="plan[parent_id]">
            <option value="">{tr("common.none")}</option>
            {parent_opts}
        </select>
        <label for="status">{tr("field.plan_status")}</label>
        <select id="status" name="plan[status]">{statuses}</select>
    };
    let title = match (current.is_some(), directive) {
        (true, false) => tr("plans.edit"),
        (true, true) => tr("plans.edit_directive"),
        (false, false) => tr("plans.new"),
        (false, true) => tr("plans.new_directive"),
    };
    let form = save_form::<CreatePlan, UpdatePlan>(
        own.map(|id| id.to_string()),
        csrf.clone(),
        fields.into_any(),
    );
    let source = current.map(|p| {
        let action = format!("/plans/{}/source", p.id);
        let existing = p.source_file.map(|f| {
            view! { <p>{tr("plans.source_current")}" "<a href=format!("/files/{}", f.id) rel="external">{f.file_name}</a></p> }
        });
        view! {
            <section class="card">
                <h2>{tr("plans.source_title")}</h2>
                {existing}
                <form method="post" action=action enctype="multipart/form-data" class="form">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <label for="source_file">{tr("plans.source_file")}</label>
                    <input id="source_file" name="file" type="file" required accept=".pdf,.doc,.docx,.odt"/>
                    <p class="hint">{tr("files.limits")}</p>
                    <button type="submit" class="btn">{tr("plans.source_upload")}</button>
                </form>
            </section>
        }
    });
    let back = own
        .map(|id| format!("/plans/{id}"))
        .unwrap_or_else(|| "/plans".into());
    form_page(back, "plans.back", title, form, source)
}

/// For a form that adds to the plan the route names (a task, an indicator): the plan's id and
/// what the form offers to choose from.
pub(crate) fn plan_and_choices() -> Resource<Result<(PlanId, PlanFormChoices), AppError>> {
    load_by_id(route_id::<PlanId>(), |id| async move {
        Ok((id, form_choices().await?))
    })
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> TaskFilter {
    TaskFilter {
        unit: q.get("unit").unwrap_or_default(),
        area: q.get("area").unwrap_or_default(),
        class: q.get("class").unwrap_or_default(),
        q: q.get("q").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        ..TaskFilter::default()
    }
}

fn filter_href(base: &str, f: &TaskFilter, class: Option<&str>, page: u32) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [("unit", &f.unit), ("area", &f.area), ("q", &f.q)] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if let Some(c) = class.filter(|c| !c.is_empty()) {
        s.append_pair("class", c);
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    let qs = s.finish();
    if qs.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{qs}")
    }
}

/// `/plans/:id`
#[component]
pub fn PlanPage() -> impl IntoView {
    let id = route_id::<PlanId>();
    let query = use_query_map();
    let data = load_by_id(
        move || id().map(|id| (id, query.with(filter_from_query))),
        |(id, filter)| plan_page(id, filter),
    );
    guarded(data, None, move |d, access| {
        let filter = query.with_untracked(filter_from_query);
        view! { <PlanView data=d filter csrf=access.csrf unit_id=access.user.unit_id/> }
    })
}

#[component]
fn PlanView(
    data: PlanPageData,
    filter: TaskFilter,
    csrf: String,
    unit_id: Option<crate::domain::UnitId>,
) -> impl IntoView {
    let lang = use_lang();
    let p = data.plan.clone();
    let base = format!("/plans/{}", p.id);
    let f1 = filter.clone();
    let b1 = base.clone();
    let chip_href = crate::components::task::href_fn(move |c: Option<FollowUpClass>| {
        filter_href(&b1, &f1, c.map(|c| c.as_str()), 1)
    });
    let f2 = filter.clone();
    let b2 = base.clone();
    let page_href =
        crate::components::task::href_fn(move |n: u32| filter_href(&b2, &f2, Some(&f2.class), n));
    let current_class = FollowUpClass::parse(&filter.class);
    let years = if p.year_from == p.year_to {
        p.year_from.to_string()
    } else {
        format!("{}–{}", p.year_from, p.year_to)
    };
    let actions = data.can_manage.then(|| {
        view! {
            <div class="actions">
                <a class="btn-primary" href=format!("/plans/{}/tasks/new", p.id)>{tr("plan.add_task")}</a>
                <a class="btn" href=format!("/plans/{}/import", p.id)>{tr("plan.import")}</a>
                <a class="btn" href=format!("/plans/{}/indicators/new", p.id)>{tr("plan.add_indicator")}</a>
                <a class="btn" href=format!("/plans/{}/edit", p.id)>
                    {tr(if p.kind.is_directive() { "plans.edit_directive" } else { "plan.edit" })}
                </a>
            </div>
        }
    });
    let unit_opts = data
        .units
        .iter()
        .map(|u| {
            let sel = filter.unit == u.id.to_string();
            view! { <option value=u.id.to_string() selected=sel>{u.name.clone()}</option> }
        })
        .collect_view();
    let area_opts = data
        .areas
        .iter()
        .map(|a| {
            let sel = filter.area == a.id.to_string();
            view! { <option value=a.id.to_string() selected=sel>{a.name(lang).to_string()}</option> }
        })
        .collect_view();
    let class_opts = choice_options(FollowUpClass::ALL, FollowUpClass::parse(&filter.class));
    let groups = data
        .groups
        .into_iter()
        .map(|g| {
            let c = g.counts;
            let summary = tf(
                lang,
                "plan.area_summary",
                &[
                    ("total", &c.total().to_string()),
                    ("done", &(c.on_time + c.late).to_string()),
                    ("overdue", &c.overdue.to_string()),
                    ("progress", &format!("{:.0}", g.avg_progress)),
                ],
            );
            view! {
                <section class="area-group">
                    <h3>{g.area.name(lang).to_string()}</h3>
                    <p class="hint">{summary}</p>
                    <TaskTable tasks=g.tasks/>
                </section>
            }
        })
        .collect_view();
    let empty = (data.matching == 0).then(|| view! { <p class="hint">{tr("plan.no_tasks")}</p> });
    let indicators = (!data.indicators.is_empty()).then(|| {
        view! { <IndicatorTable rows=data.indicators.clone() csrf=csrf.clone() unit_id year=p.year_to/> }
    });
    let matching = tf(lang, "plan.matching", &[("n", &data.matching.to_string())]);
    view! {
        <section class="plan">
            <p><a href="/plans">"← "{tr("plans.title")}</a></p>
            <div class="page-head">
                <div>
                    <p class="doc-number">{p.number.clone()}" · "{tr(p.kind.label_key())}" · "{years}</p>
                    <h1>{p.title.clone()}</h1>
                    {form_done::<CreatePlan>("common.saved")}
                    {form_done::<CreateTask>("task.created")}
                    {form_done::<ConfirmImport>("import.confirmed")}
                    {form_done::<DiscardImport>("import.discarded")}
                    {form_done::<CreateIndicator>("common.saved")}
                    <p class="hint">{p.issuing_body.clone()}" · "{tr("plans.issued")}" "{date(p.issued_on)}
                        " · "<span class=format!("status status-{}", p.status.as_str())>{tr(p.status.label_key())}</span>
                        {p.source_file.clone().map(|f| view! { " · "<a href=format!("/files/{}", f.id) rel="external">{tr("plan.source_doc")}</a> })}
                    </p>
                    {(!p.signer.is_empty()).then(|| view! { <p class="hint">{tr("field.signer")}": "{p.signer.clone()}</p> })}
                    {(!p.summary.is_empty()).then(|| view! { <p class="doc-summary">{p.summary.clone()}</p> })}
                </div>
                <a class="btn" href=format!("/plans/{}/tasks.xlsx", p.id) rel="external" download="">{tr("plan.export_xlsx")}</a>
            </div>
            {actions}
            <p class="hint">{tf(lang, "plan.as_of", &[("date", &date(data.as_of))])}</p>
            <ClassChips counts=data.counts current=current_class href=chip_href/>
            <form method="get" action=base class="filters-form" role="search">
                <label>{tr("plan.filter_unit")}
                    <select name="unit"><option value="">{tr("common.all")}</option>{unit_opts}</select>
                </label>
                <label>{tr("plan.filter_area")}
                    <select name="area"><option value="">{tr("common.all")}</option>{area_opts}</select>
                </label>
                <label>{tr("plan.filter_class")}
                    <select name="class"><option value="">{tr("common.all")}</option>{class_opts}</select>
                </label>
                <label>{tr("plan.filter_text")}
                    <input type="search" name="q" value=filter.q/>
                </label>
                <button type="submit" class="btn">{tr("common.filter")}</button>
            </form>
            <p class="hint" role="status">{matching}</p>
            {empty}
            {groups}
            <Pager page=data.page pages=data.pages href=page_href/>
            {indicators}
        </section>
    }
}

#[component]
fn IndicatorTable(
    rows: Vec<IndicatorRow>,
    csrf: String,
    unit_id: Option<crate::domain::UnitId>,
    year: i32,
) -> impl IntoView {
    let lang = use_lang();
    let enter = ServerAction::<EnterIndicatorValue>::new();
    // "98,7" in Vietnamese, "98.7" in English.
    let fmt = move |v: f64| crate::i18n::num1(lang, v);
    let body = rows
        .into_iter()
        .map(|r| {
            let dir = match r.direction {
                Direction::AtLeast => "≥",
                Direction::AtMost => "≤",
            };
            let target = format!("{dir} {} {}", fmt(r.target), r.measure);
            let baseline = r.baseline.map(|b| {
                format!("{} {} {}", t(lang, "indicator.baseline"), fmt(b), r.measure)
            });
            let way = t(lang, r.aggregation.label_key());
            let needs_base = r.aggregation.needs_base();
            let ratio = r.aggregation == crate::domain::task::Aggregation::Ratio;
            let actual = r
                .latest_actual
                .map(|a| format!("{} {}", fmt(a), r.measure))
                .unwrap_or_else(|| t(lang, "indicator.no_value"));
            let period = r
                .latest_period
                .map(|(y, p)| format!("{} {y}", t(lang, p.label_key())))
                .unwrap_or_default();
            let att = r.attainment.map(|a| format!("{a:.0}%")).unwrap_or_default();
            let attained = r.latest_actual.is_some_and(|a| r.direction.attained(r.target, a));
            let units = r.units.iter().map(|u| u.name.clone()).collect::<Vec<_>>().join(", ");
            let responsible = unit_id.is_some_and(|me| r.units.iter().any(|u| u.id == me));
            let csrf = csrf.clone();
            let form = responsible.then(|| {
                let periods = choice_options(PeriodKind::ALL, None);
                view! {
                    <ActionForm action=enter attr:class="form inline-form">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="id" value=r.id.to_string()/>
                        <input type="number" name="year" value=year.to_string() min="2000" max="2100" aria-label=tr("field.year") class="w-year"/>
                        <select name="period" aria-label=tr("field.period")>{periods}</select>
                        <input name="value" required inputmode="decimal" class="w-num"
                            aria-label=tr(if ratio { "indicator.value_count" } else { "field.value" })
                            placeholder=tr(if ratio { "indicator.value_count" } else { "field.value" })/>
                        {needs_base.then(|| {
                            let key = if ratio { "indicator.base_count" } else { "indicator.base_weight" };
                            view! { <input name="base" required inputmode="decimal" class="w-num" aria-label=tr(key) placeholder=tr(key)/> }
                        })}
                        <input name="note" aria-label=tr("field.note") placeholder=tr("field.note")/>
                        <button type="submit" class="btn">{tr("indicator.enter")}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <td>{r.name}<div class="hint">{units}</div>{form}</td>
                    <td>{target}<div class="hint">{baseline}</div><div class="hint">{way}</div></td>
                    <td>{actual}<div class="hint">{period}</div></td>
                    <td class={if attained { "num ok" } else { "num" }}>{att}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="indicators">
            <h2>{tr("indicator.title")}</h2>
            {action_result(enter, "indicator.saved")}
            {data_table(
                "data",
                &[
                    Col::text("indicator.col_name"),
                    Col::text("indicator.col_target"),
                    Col::text("indicator.col_actual"),
                    Col::num("indicator.col_attainment"),
                ],
                body,
            )}
        </section>
    }
}
