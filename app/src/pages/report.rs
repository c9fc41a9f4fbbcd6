//! The reporting cycle's pages: periods and the review queue, a period's submission board, a
//! unit's report (draft, submit, review, export) and the province report (compile, edit,
//! export).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::direction::{direction_list, give_form};
use crate::components::form::{load_by_id, route_id};
use crate::components::task::ClassBadge;
use crate::components::{action_result, guarded, guarded_page, tr, use_lang, CsrfField, ErrorBox};
use crate::domain::report::BoardState;
use crate::domain::{PeriodId, UnitId};
use crate::i18n::{date, datetime, num1, t, tf};
use crate::model::plan::ClassCounts;
use crate::model::report::{
    ExportView, FigureRow, PeriodBoard, PeriodView, ProvinceReportView, ReportsPage, SnapIndicator,
    Snapshot, UnitReportView,
};
use crate::server_fns::direction::{AnswerDirection, GiveDirection};
use crate::server_fns::report::{
    get_period_board, get_reports_page, province_report, unit_report, CompileProvinceReport,
    ExportProvinceReport, ExportUnitReport, GeneratePeriods, ReviewUnitReport, SaveProvinceReport,
    SaveUnitReport, SetPeriodOpen, SetPeriodUnit, UpdatePeriodDates,
};

fn period_name(p: &PeriodView) -> String {
    format!("{} {}", tr(p.kind.label_key()), p.year)
}

/// "Kế hoạch số 52/KH-UBND" for a period of one plan merged into a province period.
fn merged_note(p: &PeriodView) -> Option<impl IntoView> {
    let into = p.merged_into?;
    let lang = use_lang();
    Some(view! {
        <p class="notice" id="merged-period">
            {tf(lang, "report.merged_note", &[("plan", &p.plan_number)])}" "
            <a href=format!("/reports/periods/{into}")>{tr("report.merged_link")}</a>
        </p>
    })
}

/// The board state as a badge.
#[component]
pub fn BoardBadge(state: BoardState) -> impl IntoView {
    view! { <span class=format!("badge board-{}", state.as_str())>{tr(state.label_key())}</span> }
}

/// `/reports`
#[component]
pub fn ReportsPageView() -> impl IntoView {
    let generate = ServerAction::<GeneratePeriods>::new();
    let data = Resource::new(|| (), |_| get_reports_page());
    guarded(data, None, move |d, access| {
        reports_view(&d, access.csrf, generate).into_any()
    })
}

fn reports_view(
    d: &ReportsPage,
    csrf: String,
    generate: ServerAction<GeneratePeriods>,
) -> impl IntoView {
    let next_year = d.next_year.to_string();
    let queue = d.can_manage.then(|| {
        let rows = d
            .queue
            .iter()
            .map(|q| {
                view! {
                    <tr>
                        <td><a href=format!("/reports/periods/{}/units/{}", q.period.id, q.unit_id)>{q.unit_name.clone()}</a></td>
                        <td>{period_name(&q.period)}</td>
                        <td>{q.submitted_at.map(datetime).unwrap_or_default()}
                            {(q.submissions > 1).then(|| view! { " " <span class="badge">{tr("report.resubmitted")}</span> })}</td>
                        <td>{if q.late { view! { <BoardBadge state=BoardState::SubmittedLate/> } } else { view! { <BoardBadge state=BoardState::SubmittedOnTime/> } }}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" id="review-queue">
                <h2>{tr("report.queue")}" ("{d.queue.len()}")"</h2>
                {if d.queue.is_empty() {
                    view! { <p class="hint">{tr("report.queue_empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th>{tr("report.col_unit")}</th><th>{tr("report.col_period")}</th><th>{tr("report.col_submitted")}</th><th>{tr("report.col_state")}</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            <section class="card">
                <h2>{tr("report.generate_title")}</h2>
                <ActionForm action=generate attr:class="form form-inline">
                    <CsrfField token=csrf.clone()/>
                    <label for="gen-year">{tr("report.year")}</label>
                    <input id="gen-year" type="number" name="year" min="2000" max="2100" required value=next_year/>
                    <button type="submit" class="btn">{tr("report.generate")}</button>
                    {action_result(generate, "report.generated")}
                </ActionForm>
                <p class="hint">{tr("report.generate_hint")}</p>
            </section>
        }
    });
    let my_unit = d.my_unit;
    let rows = d
        .periods
        .iter()
        .map(|(p, state)| {
            let link = match my_unit {
                Some(u) => view! { <a href=format!("/reports/periods/{}/units/{u}", p.id)>{tr("report.my_report")}</a> }.into_any(),
                None => view! { <a href=format!("/reports/periods/{}", p.id)>{tr("report.board")}</a> }.into_any(),
            };
            view! {
                <tr class=if p.is_open { "period-open" } else { "period-closed" }>
                    <td><strong>{period_name(p)}</strong></td>
                    <td>{date(p.dates.window_start)}" – "{date(p.dates.cutoff)}</td>
                    <td>{date(p.dates.unit_due_on)}</td>
                    <td>{date(p.dates.province_due_on)}</td>
                    <td>{if p.is_open { view! { <span class="badge badge-ok">{tr("report.open")}</span> } } else { view! { <span class="badge">{tr("report.closed")}</span> } }}</td>
                    <td>{state.map(|s| view! { <BoardBadge state=s/> })}</td>
                    <td>{link}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h1>{tr("report.title")}</h1>
            {queue}
            <section class="card">
                <h2>{tr("report.periods")}</h2>
                {if d.periods.is_empty() {
                    view! { <p class="hint">{tr("report.no_periods")}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                        <table class="table" id="periods">
                            <thead><tr>
                                <th>{tr("report.col_period")}</th><th>{tr("report.window")}</th>
                                <th>{tr("report.unit_due")}</th><th>{tr("report.province_due")}</th><th>{tr("report.status")}</th>
                                <th>{my_unit.map(|_| tr("report.my_state"))}</th><th></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        </div>
                    }.into_any()
                }}
            </section>
        </section>
    }
}

/// `/reports/periods/:id`
#[component]
pub fn PeriodPage() -> impl IntoView {
    let id = route_id::<PeriodId>();
    let dates = ServerAction::<UpdatePeriodDates>::new();
    let open = ServerAction::<SetPeriodOpen>::new();
    let units = ServerAction::<SetPeriodUnit>::new();
    let data = load_by_id(id, get_period_board);
    guarded_page(data, None, move |data, access| {
        // A unit's users have no board (the data is forbidden to them): their own report is
        // the period's page for them, whatever the board's answer.
        if let (Some(u), Some(pid)) = (
            access
                .user
                .unit_id
                .filter(|_| access.user.role.requires_unit()),
            id(),
        ) {
            return view! { <leptos_router::components::Redirect path=format!("/reports/periods/{pid}/units/{u}")/> }.into_any();
        }
        match data {
            Ok(d) => board_view(&d, access.csrf, dates, open, units).into_any(),
            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
        }
    })
}

fn board_view(
    d: &PeriodBoard,
    csrf: String,
    dates: ServerAction<UpdatePeriodDates>,
    open: ServerAction<SetPeriodOpen>,
    units: ServerAction<SetPeriodUnit>,
) -> impl IntoView {
    let p = d.period.clone();
    let chips = d
        .counts
        .iter()
        .map(|(s, n)| view! { <span class=format!("chip chip-board-{}", s.as_str())><span class="chip-num">{*n}</span><span class="chip-label">{tr(s.label_key())}</span></span> })
        .collect_view();
    let rows = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr class=format!("board-row board-{}", r.state.as_str())>
                    <td><a href=format!("/reports/periods/{}/units/{}", p.id, r.unit_id)>{r.unit_name.clone()}</a>
                        {r.added_reason.clone().map(|why| view! { <div class="hint">{tr("report.added")}": "{why}</div> })}</td>
                    <td class="num">{r.tasks}</td>
                    <td><BoardBadge state=r.state/></td>
                    <td>{r.submitted_at.map(datetime).unwrap_or_default()}
                        {r.late.then(|| view! { <div class="hint overdue">{tr("report.submitted_late")}</div> })}</td>
                </tr>
            }
        })
        .collect_view();
    let expected_units = units_card(d, &csrf, units);
    let manage = d.can_manage.then(|| {
        let c2 = csrf.clone();
        let fmt = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        view! {
            <div class="two-col">
                <section class="card">
                    <h2>{tr("report.dates_title")}</h2>
                    <ActionForm action=dates attr:class="form">
                        <CsrfField token=csrf.clone()/>
                        <input type="hidden" name="id" value=p.id.to_string()/>
                        <label for="window_start">{tr("field.window_start")}</label>
                        <input id="window_start" type="date" name="dates[window_start]" value=fmt(p.dates.window_start) required/>
                        <label for="cutoff">{tr("field.cutoff")}</label>
                        <input id="cutoff" type="date" name="dates[cutoff]" value=fmt(p.dates.cutoff) required/>
                        <label for="unit_due_on">{tr("field.unit_due_on")}</label>
                        <input id="unit_due_on" type="date" name="dates[unit_due_on]" value=fmt(p.dates.unit_due_on) required/>
                        <label for="province_due_on">{tr("field.province_due_on")}</label>
                        <input id="province_due_on" type="date" name="dates[province_due_on]" value=fmt(p.dates.province_due_on) required/>
                        {action_result(dates, "common.saved")}
                        <button type="submit" class="btn">{tr("common.save")}</button>
                    </ActionForm>
                </section>
                <section class="card">
                    <h2>{tr("report.status")}</h2>
                    <p>{if p.is_open { tr("report.open_hint") } else { tr("report.closed_hint") }}</p>
                    <ActionForm action=open attr:class="form">
                        <CsrfField token=c2/>
                        <input type="hidden" name="id" value=p.id.to_string()/>
                        <input type="hidden" name="open" value=if p.is_open { "false" } else { "true" }/>
                        {action_result(open, "common.saved")}
                        <button type="submit" class=if p.is_open { "btn" } else { "btn-primary" }>
                            {if p.is_open { tr("report.close") } else { tr("report.open_action") }}
                        </button>
                    </ActionForm>
                    <p><a class="btn" href=format!("/reports/periods/{}/province", p.id)>{tr("report.province")}</a></p>
                </section>
            </div>
        }
    });
    let leader_link = (!d.can_manage && d.province_compiled).then(|| {
        view! { <p><a class="btn" href=format!("/reports/periods/{}/province", p.id)>{tr("report.province")}</a></p> }
    });
    view! {
        <section>
            <p><a href="/reports">"← "{tr("report.title")}</a></p>
            <h1>{tr("report.board_title")}": "{period_name(&p)}</h1>
            {merged_note(&p)}
            <p class="doc-number">{tr("report.window")}" "{date(p.dates.window_start)}" – "{date(p.dates.cutoff)}
                " · "{tr("report.unit_due")}" "{date(p.dates.unit_due_on)}" · "
                {if p.is_open { view! { <span class="badge badge-ok">{tr("report.open")}</span> } } else { view! { <span class="badge">{tr("report.closed")}</span> } }}</p>
            {leader_link}
            <div class="chips">{chips}</div>
            <section class="card">
                <div class="table-wrap">
                <table class="table" id="board">
                    <thead><tr><th>{tr("report.col_unit")}</th><th>{tr("report.col_tasks")}</th><th>{tr("report.col_state")}</th><th>{tr("report.col_submitted")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            </section>
            {expected_units}
            {manage}
        </section>
    }
}

/// The units expected to report: those exempted with the reason, and for the PAR office the
/// forms that add a unit or exempt one.
fn units_card(d: &PeriodBoard, csrf: &str, units: ServerAction<SetPeriodUnit>) -> impl IntoView {
    let pid = d.period.id.to_string();
    let manage = d.can_manage;
    let exempted = d
        .exempted
        .iter()
        .map(|e| {
            let undo = manage.then(|| {
                let (csrf, pid, unit) = (csrf.to_string(), pid.clone(), e.unit_id.to_string());
                view! {
                    <ActionForm action=units attr:class="form-inline">
                        <CsrfField token=csrf/>
                        <input type="hidden" name="id" value=pid/>
                        <input type="hidden" name="unit_id" value=unit/>
                        <input type="hidden" name="expected" value="true"/>
                        <button type="submit" class="btn btn-small">{tr("report.unexempt")}</button>
                    </ActionForm>
                }
            });
            view! { <li><strong>{e.unit_name.clone()}</strong>" · "{e.reason.clone()}{undo}</li> }
        })
        .collect_view();
    let forms = manage.then(|| {
        let addable = d
            .addable
            .iter()
            .map(|(id, n)| view! { <option value=id.to_string()>{n.clone()}</option> })
            .collect_view();
        let expected = d
            .rows
            .iter()
            .filter(|r| r.report_id.is_none())
            .map(|r| view! { <option value=r.unit_id.to_string()>{r.unit_name.clone()}</option> })
            .collect_view();
        let (csrf1, csrf2, pid1, pid2) =
            (csrf.to_string(), csrf.to_string(), pid.clone(), pid.clone());
        view! {
            {action_result(units, "common.saved")}
            <div class="two-col">
                <ActionForm action=units attr:class="form" attr:id="exempt-form">
                    <CsrfField token=csrf1/>
                    <input type="hidden" name="id" value=pid1/>
                    <input type="hidden" name="expected" value="false"/>
                    <label for="exempt-unit">{tr("report.exempt_unit")}</label>
                    <select id="exempt-unit" name="unit_id" required>{expected}</select>
                    <label for="exempt-reason">{tr("report.reason")}</label>
                    <input id="exempt-reason" name="reason" required minlength="3" maxlength="500"/>
                    <button type="submit" class="btn">{tr("report.exempt")}</button>
                </ActionForm>
                <ActionForm action=units attr:class="form" attr:id="add-unit-form">
                    <CsrfField token=csrf2/>
                    <input type="hidden" name="id" value=pid2/>
                    <input type="hidden" name="expected" value="true"/>
                    <label for="add-unit">{tr("report.add_unit")}</label>
                    <select id="add-unit" name="unit_id" required>{addable}</select>
                    <label for="add-reason">{tr("report.reason")}</label>
                    <input id="add-reason" name="reason" maxlength="500"/>
                    <button type="submit" class="btn">{tr("report.add")}</button>
                </ActionForm>
            </div>
        }
    });
    let any_exempted = !d.exempted.is_empty();
    (any_exempted || manage).then(|| view! {
        <section class="card" id="expected-units">
            <h2>{tr("report.expected_units")}</h2>
            <p class="hint">{tr("report.expected_hint")}</p>
            {any_exempted.then(|| view! { <h3>{tr("report.exempted")}</h3><ul id="exempted">{exempted}</ul> })}
            {forms}
        </section>
    })
}

fn counts_line(c: &ClassCounts) -> impl IntoView {
    use crate::domain::task::FollowUpClass as F;
    let items = [F::CompletedOnTime, F::CompletedLate, F::InProgress, F::Overdue]
        .into_iter()
        .map(|k| view! { <span class=format!("chip chip-{}", k.as_str())><span class="chip-num">{c.get(k)}</span><span class="chip-label">{tr(k.label_key())}</span></span> })
        .collect_view();
    view! { <div class="chips"><span class="chip"><span class="chip-num">{c.total()}</span><span class="chip-label">{tr("report.total")}</span></span>{items}</div> }
}

fn indicator_rows(inds: &[SnapIndicator], note_key: &'static str) -> AnyView {
    if inds.is_empty() {
        return view! { <p class="hint">{tr("report.no_indicators")}</p> }.into_any();
    }
    let lang = use_lang();
    let rows = inds
        .iter()
        .map(|i| {
            let verdict = match i.attained {
                Some(true) => view! { <span class="badge badge-ok">{tr("report.attained")}</span> }.into_any(),
                Some(false) => view! { <span class="badge badge-bad">{tr("report.not_attained")}</span> }.into_any(),
                None => view! { <span class="hint">{tr("report.no_value")}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td>{i.name.clone()}</td>
                    <td>{t(lang, i.direction.label_key())}" "{num1(lang, i.target)}" "{i.measure.clone()}
                        <div class="hint">{t(lang, i.aggregation.label_key())}</div></td>
                    <td class="num">{i.baseline.map(|b| num1(lang, b)).unwrap_or_else(|| "–".into())}</td>
                    <td class="num">{i.actual.map(|a| num1(lang, a)).unwrap_or_else(|| "–".into())}</td>
                    <td>{verdict}</td>
                    <td>{i.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead><tr><th>{tr("report.indicator")}</th><th>{tr("report.target")}</th><th>{tr("field.baseline")}</th><th>{tr("report.actual")}</th><th>{tr("report.verdict")}</th><th>{tr(note_key)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn snapshot_view(s: &Snapshot) -> impl IntoView {
    let mut source: Option<&str> = None;
    let mut area: Option<&str> = None;
    let rows = s
        .tasks
        .iter()
        .map(|t| {
            // Headings: the source document, then the reform area within it.
            let source_row =
                (!t.source.is_empty() && source != Some(t.source.as_str())).then(|| {
                    source = Some(t.source.as_str());
                    area = None;
                    view! { <tr class="source-row"><th colspan="7">{t.source.clone()}</th></tr> }
                });
            let area_row = (!t.area.is_empty() && area != Some(t.area.as_str())).then(|| {
                area = Some(t.area.as_str());
                view! { <tr class="area-row"><td colspan="7">{t.area.clone()}</td></tr> }
            });
            view! {
                {source_row}
                {area_row}
                <tr>
                    <td>{t.item_no.clone()}</td>
                    <td><a href=format!("/tasks/{}", t.id)>{t.title.clone()}</a></td>
                    <td>{if t.lead { tr("report.role_lead") } else { tr("report.role_co") }}</td>
                    <td>{t.due_text.clone()}</td>
                    <td class="num">{t.progress}"%"</td>
                    <td><ClassBadge class=t.class/></td>
                    <td class="update-body">{t.latest_update.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {counts_line(&s.counts)}
        <div class="table-wrap">
        <table class="table" id="report-tasks">
            <thead><tr><th>{tr("task.col_no")}</th><th>{tr("task.col_title")}</th><th>{tr("report.role")}</th><th>{tr("task.col_due")}</th>
                <th>{tr("task.col_progress")}</th><th>{tr("task.col_class")}</th><th>{tr("report.latest_update")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <h3>{tr("report.indicators")}</h3>
        {indicator_rows(&s.indicators, "report.note")}
    }
}

/// The choice of who signs an export: the issuer's signers, the default first and chosen; for
/// the province report first `none_key`, the signing block as written in the report.
fn signer_select(signers: &[crate::model::SignerView], none_key: Option<&'static str>) -> AnyView {
    let options = signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let selected = none_key.is_none() && i == 0;
            view! { <option value=s.id.to_string() selected=selected>{s.label()}</option> }
        })
        .collect_view();
    let first = match (none_key, signers.is_empty()) {
        (Some(key), _) => Some(view! { <option value="" selected=true>{tr(key)}</option> }),
        (None, true) => {
            Some(view! { <option value="" selected=true>{tr("report.signer_none")}</option> })
        }
        (None, false) => None,
    };
    view! { <select id="export-signer" name="signer_id">{first}{options}</select> }.into_any()
}

fn exports_list(exports: &[ExportView]) -> AnyView {
    if exports.is_empty() {
        return view! { <p class="hint">{tr("report.no_exports")}</p> }.into_any();
    }
    let items = exports
        .iter()
        .map(|e| {
            let kb = (e.size_bytes + 1023) / 1024;
            let pages = (e.pages > 0).then(|| format!(", {} {}", e.pages, tr("report.pages")));
            view! {
                <li class=format!("export export-{}", e.format)>
                    <a href=format!("/reports/exports/{}", e.id) rel="external">{e.file_name.clone()}</a>
                    " ("{e.format.to_uppercase()}", "{kb}" KB"{pages}") · "<span class="hint">{datetime(e.created_at)}" · "{e.created_by.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="exports">{items}</ul> }.into_any()
}

/// `/reports/periods/:id/units/:unit`
#[component]
pub fn UnitReportPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            Some((
                p.get("id")?.parse::<PeriodId>().ok()?,
                p.get("unit")?.parse::<UnitId>().ok()?,
            ))
        })
    };
    let save = ServerAction::<SaveUnitReport>::new();
    let review = ServerAction::<ReviewUnitReport>::new();
    let export = ServerAction::<ExportUnitReport>::new();
    let give = ServerAction::<GiveDirection>::new();
    let answer = ServerAction::<AnswerDirection>::new();
    let data = load_by_id(ids, |(p, u)| unit_report(p, u));
    guarded(data, None, move |d, access| {
        let directions = directions_card(&d, &access.csrf, give, answer);
        view! {
            {unit_report_view(d, access.csrf, save, review, export)}
            {directions}
        }
        .into_any()
    })
}

/// The leaders' directions on a unit's report, the answers, and a leader's form.
fn directions_card(
    d: &UnitReportView,
    csrf: &str,
    give: ServerAction<GiveDirection>,
    answer: ServerAction<AnswerDirection>,
) -> impl IntoView {
    let form = d.can_direct.then(|| {
        give_form(
            csrf,
            give,
            vec![
                ("period_id", d.period.id.to_string()),
                ("unit_id", d.unit_id.to_string()),
            ],
            None,
        )
    });
    view! {
        <section class="card unit-report" id="report-directions">
            <h2>{tr("direction.section")}</h2>
            {direction_list(&d.directions, csrf, answer)}
            {form}
        </section>
    }
}

fn section_field(name: &'static str, value: &str, editable: bool) -> impl IntoView {
    let id = format!("sec-{name}");
    view! {
        <label for=id.clone()>{tr(&format!("field.{name}"))}</label>
        <textarea id=id name=format!("sections[{name}]") rows="5" maxlength="50000" readonly=!editable>{value.to_string()}</textarea>
    }
}

fn unit_report_view(
    d: UnitReportView,
    csrf: String,
    save: ServerAction<SaveUnitReport>,
    review: ServerAction<ReviewUnitReport>,
    export: ServerAction<ExportUnitReport>,
) -> impl IntoView {
    let lang = use_lang();
    let p = d.period.clone();
    let returned = (d.state == BoardState::Returned && !d.review_comment.is_empty()).then(|| {
        view! { <div class="notice notice-error" role="alert"><strong>{tr("report.returned_comment")}": "</strong>{d.review_comment.clone()}</div> }
    });
    let frozen_note = if d.frozen {
        tf(
            lang,
            "report.frozen_note",
            &[("date", &d.submitted_at.map(datetime).unwrap_or_default())],
        )
    } else {
        tf(
            lang,
            "report.live_note",
            &[("date", &date(d.snapshot.as_of))],
        )
    };
    let editable = d.can_edit;
    let closed_note = (editable && !p.is_open)
        .then(|| view! { <p class="notice">{tr("report.period_closed_note")}</p> });
    let buttons = editable.then(|| {
        let submit = d.can_submit.then(|| view! {
            <button type="submit" name="intent" value="submit" class="btn-primary">{tr("report.submit")}</button>
        });
        let head_hint = (!d.can_submit).then(|| view! { <p class="hint">{tr("report.head_submits")}</p> });
        view! {
            {action_result(save, "report.saved")}
            <div class="actions">
                <button type="submit" name="intent" value="save" class="btn" data-busy-label=tr("common.saving")>
                    {tr("report.save_draft")}
                </button>
                {submit}
            </div>
            {head_hint}
        }
    });
    let csrf_review = csrf.clone();
    let csrf_export = csrf.clone();
    let review_form = d.can_review.then(move || {
        let rid = d.report_id.map(|r| r.to_string()).unwrap_or_default();
        view! {
            <section class="card" id="review">
                <h2>{tr("report.review_title")}</h2>
                <ActionForm action=review attr:class="form">
                    <CsrfField token=csrf_review/>
                    <input type="hidden" name="id" value=rid/>
                    <label for="comment">{tr("field.comment")}</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="5000"></textarea>
                    <p class="hint">{tr("report.comment_hint")}</p>
                    {action_result(review, "report.reviewed")}
                    <div class="actions">
                        <button type="submit" name="decision" value="accept" class="btn-primary">{tr("report.accept")}</button>
                        <button type="submit" name="decision" value="return" class="btn-danger">{tr("report.return")}</button>
                    </div>
                </ActionForm>
            </section>
        }
    });
    let history = d
        .history
        .iter()
        .map(|h| {
            view! {
                <li><span class="hint">{datetime(h.at)}</span>" · "<strong>{tr(h.action.label_key())}</strong>" · "{h.user.clone()}
                    {(!h.comment.is_empty()).then(|| view! { <div class="update-body">{h.comment.clone()}</div> })}</li>
            }
        })
        .collect_view();
    let related = (!d.related.is_empty()).then(|| {
        let items = d
            .related
            .iter()
            .map(|r| {
                let label = if r.plan_number.is_empty() {
                    tr("report.current_report")
                } else {
                    tf(lang, "report.plan_report", &[("plan", &r.plan_number)])
                };
                view! {
                    <li><a href=format!("/reports/periods/{}/units/{}", r.period_id, d.unit_id)>{label}</a>
                        " · "{tr(BoardState::of(Some(r.status), false).label_key())}</li>
                }
            })
            .collect_view();
        view! { <section class="card" id="related-reports"><h2>{tr("report.related")}</h2><ul>{items}</ul></section> }
    });
    let signers = d.signers.clone();
    let symbol = d.doc_symbol.clone();
    let export_form = d.report_id.is_some().then(move || {
        view! {
            <ActionForm action=export attr:class="form form-export" attr:data-busy-label=tr("report.exporting")>
                <CsrfField token=csrf_export/>
                <input type="hidden" name="period_id" value=p.id.to_string()/>
                <input type="hidden" name="unit_id" value=d.unit_id.to_string()/>
                <label for="export-signer">{tr("report.signer")}</label>
                {signer_select(&signers, None)}
                <label for="export-number">{tr("report.doc_number")}</label>
                <span class="number-field">"Số:"
                    <input id="export-number" name="number" inputmode="numeric" pattern="[0-9]{0,8}"
                        maxlength="8" size="6" aria-describedby="export-number-hint"/>
                    {format!("/BC-{}", symbol)}
                </span>
                <p class="hint" id="export-number-hint">{tr("report.doc_number_hint")}</p>
                <button type="submit" name="format" value="pdf" class="btn">{tr("report.export_pdf")}</button>
                <button type="submit" name="format" value="docx" class="btn">{tr("report.export_docx")}</button>
                <button type="submit" name="format" value="xlsx" class="btn">{tr("report.export_xlsx")}</button>
                {action_result(export, "report.exported")}
            </ActionForm>
        }
    });
    view! {
        <section class="unit-report">
            <p><a href="/reports">"← "{tr("report.title")}</a></p>
            <h1>{tr("report.unit_title")}" "{period_name(&p)}</h1>
            <p class="doc-number">{d.unit_name.clone()}" · "{tr("report.unit_due")}" "{date(p.dates.unit_due_on)}
                " · "<BoardBadge state=d.state/></p>
            {merged_note(&p)}
            {related}
            {returned}
            <section class="card">
                <h2>{tr("report.figures")}</h2>
                <p class="hint">{frozen_note}</p>
                {snapshot_view(&d.snapshot)}
            </section>
            <section class="card">
                <h2>{tr("report.narrative")}</h2>
                {closed_note}
                <ActionForm action=save attr:class="form" attr:id="report-form">
                    <CsrfField token=csrf.clone()/>
                    <input type="hidden" name="period_id" value=p.id.to_string()/>
                    <input type="hidden" name="unit_id" value=d.unit_id.to_string()/>
                    {section_field("results", &d.sections.results, editable)}
                    {section_field("shortcomings", &d.sections.shortcomings, editable)}
                    {section_field("next_tasks", &d.sections.next_tasks, editable)}
                    {section_field("proposals", &d.sections.proposals, editable)}
                    {buttons}
                </ActionForm>
            </section>
            {review_form}
            <div class="two-col">
                <section class="card">
                    <h2>{tr("report.history")}</h2>
                    {if d.history.is_empty() { view! { <p class="hint">{tr("report.not_started")}</p> }.into_any() } else { view! { <ul class="trail">{history}</ul> }.into_any() }}
                </section>
                <section class="card">
                    <h2>{tr("report.exports")}</h2>
                    {export_form}
                    {exports_list(&d.exports)}
                </section>
            </div>
        </section>
    }
}

fn figure_table(first_key: &'static str, rows: &[FigureRow]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.label.clone()}</td>
                    <td class="num">{r.counts.total()}</td>
                    <td class="num">{r.counts.on_time}</td>
                    <td class="num">{r.counts.late}</td>
                    <td class="num">{r.counts.in_progress}</td>
                    <td class="num">{r.counts.overdue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
        <table class="table">
            <thead><tr><th>{tr(first_key)}</th><th>{tr("report.total")}</th><th>{tr("class.on_time")}</th><th>{tr("class.late")}</th>
                <th>{tr("class.in_progress")}</th><th>{tr("class.overdue")}</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
        </div>
    }
}

/// `/reports/periods/:id/province`
#[component]
pub fn ProvinceReportPage() -> impl IntoView {
    let id = route_id::<PeriodId>();
    let compile = ServerAction::<CompileProvinceReport>::new();
    let save = ServerAction::<SaveProvinceReport>::new();
    let export = ServerAction::<ExportProvinceReport>::new();
    let data = load_by_id(id, province_report);
    guarded(data, None, move |d, access| {
        province_view(&d, access.csrf, compile, save, export).into_any()
    })
}

fn province_view(
    d: &ProvinceReportView,
    csrf: String,
    compile: ServerAction<CompileProvinceReport>,
    save: ServerAction<SaveProvinceReport>,
    export: ServerAction<ExportProvinceReport>,
) -> impl IntoView {
    let lang = use_lang();
    let p = d.period.clone();
    let (csrf_compile, csrf_edit, csrf_export) = (csrf.clone(), csrf.clone(), csrf);
    let compiled = d.compiled;
    let accepted_text = tf(
        lang,
        "report.accepted_count",
        &[("n", &d.accepted.to_string())],
    );
    let compile_form = d.can_manage.then(move || {
        view! {
            <ActionForm action=compile attr:class="form form-inline">
                <CsrfField token=csrf_compile/>
                <input type="hidden" name="period_id" value=p.id.to_string()/>
                <button type="submit" class="btn-primary" data-busy-label=tr("report.compiling")>
                    {if compiled { tr("report.recompile") } else { tr("report.compile") }}
                </button>
                <span class="hint">{accepted_text}</span>
                {action_result(compile, "report.compiled")}
            </ActionForm>
        }
    });
    let figures = d.figures.as_ref().map(|f| {
        let overdue = f
            .overdue
            .iter()
            .take(50)
            .map(|t| view! { <li><a href=format!("/tasks/{}", t.id)>{t.title.clone()}</a>" · "{t.lead_unit.clone()}" · "<span class="overdue-days">{tf(lang, "task.days_overdue", &[("days", &t.days_overdue.to_string())])}</span></li> })
            .collect_view();
        let late = f
            .late_units
            .iter()
            .map(|u| view! { <li>{u.unit_name.clone()}" · "<BoardBadge state=u.state/></li> })
            .collect_view();
        view! {
            <section class="card" id="figures">
                <h2>{tr("report.figures")}" ("{tr("report.as_of")}" "{date(f.as_of)}")"</h2>
                {counts_line(&f.totals)}
                <h3>{tr("report.by_area")}</h3>
                {figure_table("report.area", &f.by_area)}
                <h3>{tr("report.by_unit")}</h3>
                {figure_table("report.col_unit", &f.by_unit)}
                <h3>{tr("report.indicators")}</h3>
                {indicator_rows(&f.indicators, "report.units_reported")}
                <h3>{tr("report.late_units")}" ("{f.late_units.len()}")"</h3>
                <ul>{late}</ul>
                <h3>{tr("report.overdue")}" ("{f.overdue.len()}")"</h3>
                <ul>{overdue}</ul>
            </section>
        }
    });
    let i = d.input.clone();
    let editor = (d.compiled && d.can_manage).then(move || {
        let area = |name: &'static str, value: String, rows: &'static str| {
            let id = format!("pr-{name}");
            view! {
                <label for=id.clone()>{tr(&format!("field.{name}"))}</label>
                <textarea id=id name=format!("report[{name}]") rows=rows maxlength="50000">{value}</textarea>
            }
        };
        view! {
            <section class="card">
                <h2>{tr("report.editor")}</h2>
                <ActionForm action=save attr:class="form" attr:id="province-form">
                    <CsrfField token=csrf_edit/>
                    <input type="hidden" name="period_id" value=p.id.to_string()/>
                    <div class="row2">
                        <div><label for="pr-number">{tr("field.number")}</label>
                            <input id="pr-number" name="report[number]" value=i.number.clone() required maxlength="64"/></div>
                        <div><label for="pr-place">{tr("field.place")}</label>
                            <input id="pr-place" name="report[place]" value=i.place.clone() required maxlength="128"/></div>
                    </div>
                    <label for="pr-date">{tr("field.report_date")}</label>
                    <input id="pr-date" type="date" name="report[report_date]" value=i.report_date.clone() required/>
                    <label for="pr-summary">{tr("field.summary")}</label>
                    <input id="pr-summary" name="report[summary]" value=i.summary.clone() required maxlength="500"/>
                    {area("steering", i.steering.clone(), "5")}
                    {area("results", i.results.clone(), "8")}
                    {area("assessment", i.assessment.clone(), "6")}
                    {area("next_tasks", i.next_tasks.clone(), "5")}
                    {area("proposals", i.proposals.clone(), "4")}
                    <div class="row2">
                        <div>{area("recipients", i.recipients.clone(), "6")}</div>
                        <div>{area("signer_lines", i.signer_lines.clone(), "3")}
                            <label for="pr-signer">{tr("field.signer_name")}</label>
                            <input id="pr-signer" name="report[signer_name]" value=i.signer_name.clone() maxlength="255"/></div>
                    </div>
                    {action_result(save, "common.saved")}
                    <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                        {tr("common.save")}
                    </button>
                </ActionForm>
            </section>
        }
    });
    let signers = d.signers.clone();
    let export_form = (d.compiled && d.can_manage).then(move || {
        view! {
            <ActionForm action=export attr:class="form form-export" attr:data-busy-label=tr("report.exporting")>
                <CsrfField token=csrf_export/>
                <input type="hidden" name="period_id" value=p.id.to_string()/>
                <label for="export-signer">{tr("report.signer")}</label>
                {signer_select(&signers, Some("report.signer_as_written"))}
                <button type="submit" name="format" value="pdf" class="btn-primary">{tr("report.export_pdf")}</button>
                <button type="submit" name="format" value="docx" class="btn">{tr("report.export_docx")}</button>
                <button type="submit" name="format" value="xlsx" class="btn">{tr("report.export_xlsx")}</button>
                {action_result(export, "report.exported")}
            </ActionForm>
        }
    });
    view! {
        <section class="province-report">
            <p><a href=format!("/reports/periods/{}", p.id)>"← "{tr("report.board_title")}</a></p>
            <h1>{tr("report.province")}" "{period_name(&p)}</h1>
            {merged_note(&p)}
            <p class="doc-number">{tr("report.province_due")}" "{date(p.dates.province_due_on)}
                {d.compiled_at.map(|c| format!(" · {} {}", t(lang, "report.compiled_at"), datetime(c)))}</p>
            {compile_form}
            {(!d.compiled).then(|| view! { <p class="hint">{tr("report.not_compiled")}</p> })}
            {figures}
            {(!d.directions.is_empty()).then(|| view! {
                <section class="card" id="period-directions">
                    <h2>{tr("direction.section")}</h2>
                    {direction_list(&d.directions, "", ServerAction::<AnswerDirection>::new())}
                </section>
            })}
            {editor}
            <section class="card">
                <h2>{tr("report.exports")}</h2>
                {export_form}
                {exports_list(&d.exports)}
            </section>
        </section>
    }
}
