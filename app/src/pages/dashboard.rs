//! The overview dashboard (the leaders' home) and the drill-down lists behind its figures.

use leptos::prelude::*;

use crate::model::direction::DirectionView;
use crate::server_fns::direction::answered_directions;
use leptos_router::hooks::use_query_map;

use crate::components::chart::{self, Bar, Point, Segment};
use crate::components::task::{ClassBadge, Pager, TaskTable};
use crate::components::{action_result, guarded, tr, use_lang, CsrfField};
use crate::domain::dashboard::change;
use crate::domain::task::SourceClass;
use crate::domain::task::{FollowUpClass, PeriodKind};
use crate::domain::Right;
use crate::i18n::{date, datetime, num1, t, tf, Lang};
use crate::model::dashboard::{DashFilter, DashTasks, DashboardData, UnitFigure};
use crate::model::plan::ClassCounts;
use crate::pages::report::BoardBadge;
use crate::server_fns::dashboard::{get_dashboard, get_dashboard_tasks, SaveDashboardBands};

/// The classes the dashboard splits tasks into, in display order.
const CLASSES: [FollowUpClass; 4] = [
    FollowUpClass::CompletedOnTime,
    FollowUpClass::CompletedLate,
    FollowUpClass::InProgress,
    FollowUpClass::Overdue,
];

fn filter_of(q: &leptos_router::params::ParamsMap) -> DashFilter {
    DashFilter {
        plan: q.get("plan").unwrap_or_default(),
        period: q.get("period").unwrap_or_default(),
        level: q.get("level").unwrap_or_default(),
        area: q.get("area").unwrap_or_default(),
        unit: q.get("unit").unwrap_or_default(),
        class: q.get("class").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        sort: q.get("sort").unwrap_or_default(),
    }
}

/// "Quý I/2026".
pub fn period_label(lang: Lang, year: i32, kind: PeriodKind) -> String {
    format!("{} {year}", t(lang, kind.label_key()))
}

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| format!("{}%", num1(lang, v)))
        .unwrap_or_else(|| "—".into())
}

/// `/dashboard` (and the leaders' home page).
#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let bands = ServerAction::<SaveDashboardBands>::new();
    // A leader's home is this page: the directions that got answers come first (read with the
    // figures, so the page waits for both).
    let data = Resource::new(
        move || query.with(filter_of),
        |f| async move {
            Ok::<_, crate::error::AppError>((get_dashboard(f).await?, answered_directions().await?))
        },
    );
    guarded(
        data,
        Some(Right::ViewDashboard),
        move |(d, answered), access| {
            let sort = query.with_untracked(|q| q.get("sort").unwrap_or_default());
            view! {
                {(!answered.is_empty()).then(|| answered_card(&answered))}
                {dashboard_view(&d, &sort, &access.csrf, bands)}
            }
        },
    )
}

/// The latest directions that got answers, each with its answer.
fn answered_card(items: &[DirectionView]) -> impl IntoView {
    let list = items
        .iter()
        .map(|d| {
            view! {
                <li class="direction answered">
                    <div><strong>{d.unit_name.clone()}</strong>" · "<span class="hint">{d.answered_at.map(datetime).unwrap_or_default()}</span></div>
                    <div class="direction-body">{d.body.clone()}</div>
                    <div class="direction-answer"><strong>{tr("direction.answer")}": "</strong>{d.answer.clone()}</div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card dash-section" id="answered-directions">
            <h2>{tr("dash.answered_directions")}</h2>
            <ul class="directions">{list}</ul>
            <p><a href="/directions">{tr("dash.all_directions")}</a></p>
        </section>
    }
}

fn dashboard_view(
    d: &DashboardData,
    sort: &str,
    csrf: &str,
    bands: ServerAction<SaveDashboardBands>,
) -> impl IntoView {
    let lang = use_lang();
    let f = d.filter.clone();
    let scope_line = match &d.own_unit {
        Some(u) => tf(lang, "dash.scope_unit", &[("unit", u)]),
        None => t(lang, "dash.scope_province"),
    };
    let as_of_line = match &d.period {
        Some(p) => tf(
            lang,
            "dash.as_of_period",
            &[
                ("period", &period_label(lang, p.year, p.kind)),
                ("date", &date(d.as_of)),
            ],
        ),
        None => tf(lang, "dash.as_of_today", &[("date", &date(d.as_of))]),
    };
    let compare_line = d.previous.as_ref().map(|p| {
        tf(
            lang,
            "dash.compared_to",
            &[
                ("period", &period_label(lang, p.year, p.kind)),
                ("date", &date(p.cutoff)),
            ],
        )
    });
    let pdf_href = {
        let q = f.base().query();
        if q.is_empty() {
            "/dashboard.pdf".to_string()
        } else {
            format!("/dashboard.pdf?{q}")
        }
    };
    let role = d.role.as_str();
    view! {
        <section class="dashboard" data-role=role>
            <div class="page-head">
                <div>
                    <h1>{tr("dash.title")}</h1>
                    <p class="lead">{scope_line}</p>
                    <p class="hint">{as_of_line}" "{compare_line}</p>
                </div>
                <div class="no-print actions">
                    <a class="btn" href=pdf_href rel="external" download="">{tr("dash.pdf")}</a>
                </div>
            </div>
            // Each section erased to AnyView: the page's type stays small enough to compile.
            {filters_form(d, lang).into_any()}
            {headline(d, lang).into_any()}
            {areas_section(d, lang).into_any()}
            {ranking_section(d, sort, lang, csrf, bands).into_any()}
            {overdue_section(d, lang).into_any()}
            {reports_section(d).into_any()}
            {indicators_section(d, lang).into_any()}
            {trend_section(d, lang).into_any()}
        </section>
    }
}

fn filters_form(d: &DashboardData, lang: Lang) -> impl IntoView {
    let f = &d.filter;
    let plan_options = d
        .plans
        .iter()
        .map(|(id, number, title, in_force)| {
            let v = id.to_string();
            let selected = f.plan == v;
            let label = if *in_force {
                format!("{number} — {title}")
            } else {
                format!("{number} — {title} ({})", t(lang, "dash.not_in_force"))
            };
            view! { <option value=v selected=selected>{label}</option> }
        })
        .collect_view();
    let period_options = d
        .periods
        .iter()
        .map(|p| {
            let selected = f.period == p.key;
            view! {
                <option value=p.key.clone() selected=selected>
                    {format!("{} ({})", period_label(lang, p.year, p.kind), date(p.cutoff))}
                </option>
            }
        })
        .collect_view();
    let level_options = crate::domain::dashboard::UnitLevel::ALL
        .into_iter()
        .map(|l| {
            let selected = f.level == l.as_str();
            view! { <option value=l.as_str() selected=selected>{tr(l.label_key())}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/dashboard" class="filters-form no-print" role="search">
            <label>{tr("dash.plan")}
                <select name="plan">
                    <option value="" selected=f.plan.is_empty()>{tr("dash.plans_in_force")}</option>
                    {SourceClass::ALL.map(|c| view! {
                        <option value=c.as_str() selected=f.plan == c.as_str()>{tr(c.label_key())}</option>
                    })}
                    {plan_options}
                </select>
            </label>
            <label>{tr("dash.period")}
                <select name="period">
                    <option value="" selected=f.period.is_empty()>{format!("{} ({})", t(lang, "dash.today"), date(d.today))}</option>
                    {period_options}
                </select>
            </label>
            <label>{tr("dash.level")}
                <select name="level">{level_options}</select>
            </label>
            <button type="submit" class="btn">{tr("dash.show")}</button>
        </form>
    }
}

/// "+3" / "−2" / "±0" with its direction for the headline's change.
fn delta_view(lang: Lang, now: f64, before: Option<f64>, points: bool, good_up: bool) -> AnyView {
    let Some(diff) = change(Some(now), before) else {
        return ().into_any();
    };
    let (arrow, cls) = if diff.abs() < 0.05 {
        ("±", "delta delta-flat")
    } else if (diff > 0.0) == good_up {
        (if diff > 0.0 { "▲" } else { "▼" }, "delta delta-good")
    } else {
        (if diff > 0.0 { "▲" } else { "▼" }, "delta delta-bad")
    };
    let amount = num1(lang, diff.abs());
    let text = if points {
        tf(lang, "dash.change_points", &[("n", &amount)])
    } else {
        tf(lang, "dash.change_count", &[("n", &amount)])
    };
    view! { <span class=cls>{arrow}" "{text}</span> }.into_any()
}

fn headline(d: &DashboardData, lang: Lang) -> impl IntoView {
    let c = d.totals;
    let p = d.previous_totals;
    let f = &d.filter;
    let card = |key: &str, value: String, href: String, delta: AnyView, cls: &str| {
        view! {
            <a class=format!("stat {cls}") href=href>
                <span class="stat-num">{value}</span>
                <span class="stat-label">{tr(key)}</span>
                {delta}
            </a>
        }
    };
    let count = |class: FollowUpClass, good_up: bool| {
        let n = c.get(class);
        card(
            class.label_key(),
            n.to_string(),
            f.drill(None, None, Some(class.as_str())),
            delta_view(
                lang,
                n as f64,
                p.map(|p| p.get(class) as f64),
                false,
                good_up,
            ),
            &format!("stat-{}", class.as_str()),
        )
    };
    view! {
        <section class="headline" aria-label=tr("dash.headline")>
            {card(
                "dash.total",
                c.total().to_string(),
                f.drill(None, None, None),
                delta_view(lang, c.total() as f64, p.map(|p| p.total() as f64), false, true),
                "stat-total",
            )}
            {count(FollowUpClass::CompletedOnTime, true)}
            {count(FollowUpClass::CompletedLate, false)}
            {count(FollowUpClass::InProgress, true)}
            {count(FollowUpClass::Overdue, false)}
            {card(
                "dash.completion_rate",
                pct(lang, c.completion_rate()),
                f.drill(None, None, None),
                match c.completion_rate() {
                    Some(r) => delta_view(lang, r, p.and_then(|p| p.completion_rate()), true, true),
                    None => ().into_any(),
                },
                "stat-rate",
            )}
            {card(
                "dash.on_time_rate",
                pct(lang, c.on_time_rate()),
                f.drill(None, None, Some(FollowUpClass::CompletedOnTime.as_str())),
                match c.on_time_rate() {
                    Some(r) => delta_view(lang, r, p.and_then(|p| p.on_time_rate()), true, true),
                    None => ().into_any(),
                },
                "stat-rate",
            )}
        </section>
    }
}

fn legend() -> impl IntoView {
    let items = CLASSES
        .into_iter()
        .map(|c| {
            view! {
                <li><span class="swatch" style=format!("background:{}", chart::colour(c.as_str()))></span>{tr(c.label_key())}</li>
            }
        })
        .collect_view();
    view! { <ul class="legend">{items}</ul> }
}

fn counts_cells(c: &ClassCounts, href: impl Fn(FollowUpClass) -> String) -> AnyView {
    CLASSES
        .into_iter()
        .map(|class| {
            view! { <td class="num"><a href=href(class)>{c.get(class)}</a></td> }
        })
        .collect_view()
        .into_any()
}

fn class_heads() -> impl IntoView {
    CLASSES
        .into_iter()
        .map(|c| view! { <th class="num">{tr(c.label_key())}</th> })
        .collect_view()
}

fn areas_section(d: &DashboardData, lang: Lang) -> impl IntoView {
    let f = &d.filter;
    let bars: Vec<Bar> = d
        .by_area
        .iter()
        .map(|a| Bar {
            label: a.name.clone(),
            segments: CLASSES
                .into_iter()
                .map(|c| Segment {
                    series: c.as_str(),
                    value: a.counts.get(c),
                    href: f.drill(Some(a.area_id), None, Some(c.as_str())),
                    label: format!(
                        "{} — {}: {}",
                        a.name,
                        t(lang, c.label_key()),
                        a.counts.get(c)
                    ),
                })
                .collect(),
        })
        .collect();
    let svg = chart::stacked_bars(&t(lang, "dash.by_area"), &bars);
    let rows = d
        .by_area
        .iter()
        .map(|a| {
            let id = a.area_id;
            view! {
                <tr>
                    <th scope="row"><a href=f.drill(Some(id), None, None)>{a.name.clone()}</a></th>
                    <td class="num">{a.counts.total()}</td>
                    {counts_cells(&a.counts, |c| f.drill(Some(id), None, Some(c.as_str())))}
                    <td class="num">{pct(lang, a.counts.completion_rate())}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = d
        .by_area
        .is_empty()
        .then(|| view! { <p class="hint">{tr("dash.no_tasks")}</p> });
    view! {
        <section class="card dash-section" aria-labelledby="dash-areas">
            <h2 id="dash-areas">{tr("dash.by_area")}</h2>
            {empty}
            {legend()}
            <div class="chart-wrap" inner_html=svg></div>
            <div class="table-wrap">
                <table class="data compact">
                    <caption class="sr-only">{tr("dash.by_area_table")}</caption>
                    <thead><tr><th>{tr("dash.area")}</th><th class="num">{tr("dash.total")}</th>{class_heads()}<th class="num">{tr("dash.completion_rate")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Sorts the ranking by a column ("" keeps the server's order: best on-time rate first).
fn sorted_units(units: &[UnitFigure], sort: &str) -> Vec<UnitFigure> {
    let mut v = units.to_vec();
    match sort {
        "name" => v.sort_by(|a, b| a.name.cmp(&b.name)),
        "tasks" => v.sort_by_key(|u| std::cmp::Reverse(u.counts.total())),
        "overdue" => v.sort_by_key(|u| std::cmp::Reverse(u.counts.overdue)),
        "report" => v.sort_by_key(|u| {
            u.report
                .map(|s| {
                    crate::domain::report::BoardState::ALL
                        .iter()
                        .position(|x| *x == s)
                        .unwrap_or(0)
                })
                .unwrap_or(usize::MAX)
        }),
        _ => {}
    }
    v
}

fn ranking_section(
    d: &DashboardData,
    sort: &str,
    lang: Lang,
    csrf: &str,
    bands: ServerAction<SaveDashboardBands>,
) -> impl IntoView {
    let f = &d.filter;
    let sort_link = |key: &str, label: &str| {
        let g = DashFilter {
            sort: key.to_string(),
            ..f.base()
        };
        let active = sort == key;
        view! {
            <a href=format!("{}#ranking", g.dashboard_href_sorted()) aria-current=active.then_some("true") class:active=active>
                {tr(label)}
            </a>
        }
    };
    let rows = sorted_units(&d.units, sort)
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let id = u.unit_id;
            let band = u.band;
            view! {
                <tr class=format!("rank-{}", band.as_str())>
                    <td class="num">{i + 1}</td>
                    <th scope="row"><a href=f.drill(None, Some(id), None)>{u.name.clone()}</a></th>
                    <td class="num">{u.counts.total()}</td>
                    <td class="num">{pct(lang, u.on_time_rate)}</td>
                    <td class="num"><a href=f.drill(None, Some(id), Some("overdue"))>{u.counts.overdue}</a></td>
                    <td>{u.report.map(|s| view! { <BoardBadge state=s/> })}</td>
                    <td><span class=format!("band band-{}", band.as_str())>{tr(band.label_key())}</span></td>
                </tr>
            }
        })
        .collect_view();
    let thresholds = tf(
        lang,
        "dash.bands_are",
        &[
            ("green", &d.bands.green.to_string()),
            ("amber", &d.bands.amber.to_string()),
        ],
    );
    let (green, amber) = (d.bands.green.to_string(), d.bands.amber.to_string());
    let form = d.can_set_bands.then(|| {
        let token = csrf.to_string();
        view! {
            <details class="no-print bands-form">
                <summary>{tr("dash.bands_set")}</summary>
                <ActionForm action=bands attr:class="form-inline">
                    <CsrfField token=token/>
                    <label>{tr("dash.band_green_from")}<input name="green" inputmode="numeric" size="4" value=green required/></label>
                    <label>{tr("dash.band_amber_from")}<input name="amber" inputmode="numeric" size="4" value=amber required/></label>
                    <button type="submit" class="btn">{tr("common.save")}</button>
                </ActionForm>
                {action_result(bands, "dash.bands_saved")}
            </details>
        }
    });
    view! {
        <section class="card dash-section" id="ranking" aria-labelledby="dash-ranking">
            <h2 id="dash-ranking">{tr("dash.ranking")}</h2>
            <p class="hint">{thresholds}" "{tr("dash.on_time_rate_is")}</p>
            {form}
            <div class="table-wrap">
                <table class="data compact ranking">
                    <thead>
                        <tr>
                            <th class="num">"#"</th>
                            <th>{sort_link("name", "dash.unit")}</th>
                            <th class="num">{sort_link("tasks", "dash.tasks")}</th>
                            <th class="num">{sort_link("", "dash.on_time_rate")}</th>
                            <th class="num">{sort_link("overdue", "class.overdue")}</th>
                            <th>{sort_link("report", "dash.report")}</th>
                            <th>{tr("dash.band")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn overdue_section(d: &DashboardData, lang: Lang) -> impl IntoView {
    let f = &d.filter;
    let all = f.drill(None, None, Some("overdue"));
    let more = (d.totals.overdue > d.overdue.len() as u64).then(|| {
        view! { <p><a href=all.clone()>{tf(lang, "dash.overdue_all", &[("n", &d.totals.overdue.to_string())])}</a></p> }
    });
    let body = if d.overdue.is_empty() {
        view! { <p class="hint">{tr("dash.no_overdue")}</p> }.into_any()
    } else {
        view! { <TaskTable tasks=d.overdue.clone() show_plan=true/> }.into_any()
    };
    view! {
        <section class="card dash-section" aria-labelledby="dash-overdue">
            <h2 id="dash-overdue">{tr("dash.overdue")}</h2>
            {body}
            {more}
        </section>
    }
}

fn reports_section(d: &DashboardData) -> impl IntoView {
    let lang = use_lang();
    let Some(r) = &d.reports else {
        return view! {
            <section class="card dash-section" aria-labelledby="dash-reports">
                <h2 id="dash-reports">{tr("dash.reports")}</h2>
                <p class="hint">{tr("dash.no_period")}</p>
            </section>
        }
        .into_any();
    };
    let boards = match r.own {
        Some((period, unit)) => view! {
            <p><a href=format!("/reports/periods/{period}/units/{unit}")>{tr("dash.own_report")}</a></p>
        }
        .into_any(),
        None => view! {
            <p><a href=format!("/reports/periods/{}", r.period)>{tr("dash.board")}</a></p>
        }
        .into_any(),
    };
    let counts = r
        .counts
        .iter()
        .map(|(s, n)| {
            view! { <li><BoardBadge state=*s/>" "<strong>{*n}</strong></li> }
        })
        .collect_view();
    view! {
        <section class="card dash-section" aria-labelledby="dash-reports">
            <h2 id="dash-reports">{tf(lang, "dash.reports_of", &[("period", &period_label(lang, r.year, r.kind))])}</h2>
            <p class="hint">{tf(lang, "dash.reports_due", &[("date", &date(r.unit_due_on))])}</p>
            <ul class="board-counts">{counts}</ul>
            {boards}
        </section>
    }
    .into_any()
}

fn indicators_section(d: &DashboardData, lang: Lang) -> impl IntoView {
    if d.indicators.is_empty() {
        return view! {
            <section class="card dash-section" aria-labelledby="dash-indicators">
                <h2 id="dash-indicators">{tr("dash.indicators")}</h2>
                <p class="hint">{tr("dash.no_indicators")}</p>
            </section>
        }
        .into_any();
    }
    let num = move |v: f64| num1(lang, v);
    let rows = d
        .indicators
        .iter()
        .map(|i| {
            let units = i
                .units
                .iter()
                .map(|(name, value, att)| {
                    view! {
                        <tr>
                            <td>{name.clone()}</td>
                            <td class="num">{value.map(num).unwrap_or_else(|| t(lang, "dash.no_value"))}</td>
                            <td class="num">{pct(lang, *att)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let met = match i.attained {
                Some(true) => view! { <span class="badge badge-on_time">{tr("dash.met")}</span> }.into_any(),
                Some(false) => view! { <span class="badge badge-overdue">{tr("dash.not_met")}</span> }.into_any(),
                None => view! { <span class="hint">{tr("dash.no_value")}</span> }.into_any(),
            };
            let n_units = i.units.len().to_string();
            view! {
                <tr>
                    <th scope="row">{i.name.clone()}" "<span class="hint">"("{i.measure.clone()}")"</span></th>
                    <td class="num">{tr(i.direction.label_key())}" "{num(i.target)}</td>
                    <td class="num">{i.actual.map(num).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{pct(lang, i.attainment)}</td>
                    <td>{met}</td>
                    <td>
                        <details>
                            <summary>{tf(lang, "dash.per_unit", &[("n", &n_units)])}</summary>
                            <table class="data compact">
                                <thead><tr><th>{tr("dash.unit")}</th><th class="num">{tr("dash.actual")}</th><th class="num">{tr("dash.attainment")}</th></tr></thead>
                                <tbody>{units}</tbody>
                            </table>
                        </details>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card dash-section" aria-labelledby="dash-indicators">
            <h2 id="dash-indicators">{tr("dash.indicators")}</h2>
            <div class="table-wrap">
                <table class="data compact">
                    <thead><tr>
                        <th>{tr("dash.indicator")}</th><th class="num">{tr("dash.target")}</th>
                        <th class="num">{tr("dash.actual")}</th><th class="num">{tr("dash.attainment")}</th>
                        <th>{tr("dash.result")}</th><th>{tr("dash.units")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

fn trend_section(d: &DashboardData, lang: Lang) -> impl IntoView {
    let f = &d.filter;
    let label_of = |p: &crate::model::dashboard::TrendPoint| match p.period {
        Some((y, k)) => period_label(lang, y, k),
        None => t(lang, "dash.today"),
    };
    let points: Vec<Point> = d
        .trend
        .iter()
        .map(|p| Point {
            label: label_of(p),
            href: DashFilter {
                period: p.key.clone(),
                ..f.base()
            }
            .dashboard_href(),
            values: vec![p.completion, p.on_time],
        })
        .collect();
    let svg = chart::line_chart(
        lang,
        &t(lang, "dash.trend"),
        &[
            ("completion", t(lang, "dash.completion_rate")),
            ("on_time", t(lang, "dash.on_time_rate")),
        ],
        &points,
    );
    let rows = d
        .trend
        .iter()
        .map(|p| {
            let href = DashFilter {
                period: p.key.clone(),
                ..f.base()
            }
            .dashboard_href();
            view! {
                <tr>
                    <th scope="row"><a href=href>{label_of(p)}</a></th>
                    <td>{date(p.as_of)}</td>
                    <td class="num">{pct(lang, p.completion)}</td>
                    <td class="num">{pct(lang, p.on_time)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card dash-section" aria-labelledby="dash-trend">
            <h2 id="dash-trend">{tr("dash.trend")}</h2>
            <div class="chart-wrap" inner_html=svg></div>
            <div class="table-wrap">
                <table class="data compact">
                    <caption class="sr-only">{tr("dash.trend_table")}</caption>
                    <thead><tr><th>{tr("dash.period")}</th><th>{tr("dash.as_of")}</th><th class="num">{tr("dash.completion_rate")}</th><th class="num">{tr("dash.on_time_rate")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// `/dashboard/tasks`: the tasks behind a dashboard figure.
#[component]
pub fn DashboardTasksPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.with(filter_of), get_dashboard_tasks);
    guarded(data, Some(Right::ViewDashboard), |d, _| drill_view(d))
}

fn drill_view(d: DashTasks) -> impl IntoView {
    let lang = use_lang();
    let f = d.filter.clone();
    let mut parts: Vec<String> = Vec::new();
    parts.push(
        d.plan_label
            .clone()
            .or_else(|| SourceClass::parse(&f.plan).map(|c| t(lang, c.label_key())))
            .unwrap_or_else(|| t(lang, "dash.plans_in_force")),
    );
    parts.push(match d.period {
        Some((y, k)) => period_label(lang, y, k),
        None => t(lang, "dash.today"),
    });
    let level = crate::domain::dashboard::UnitLevel::parse(&f.level);
    if level != crate::domain::dashboard::UnitLevel::All {
        parts.push(t(lang, level.label_key()));
    }
    if let Some(a) = &d.area_label {
        parts.push(a.clone());
    }
    if let Some(u) = &d.unit_label {
        parts.push(u.clone());
    }
    let class = FollowUpClass::parse(&f.class);
    let f2 = f.clone();
    let page_href = crate::components::task::href_fn(move |n: u32| {
        let g = DashFilter {
            page: n,
            ..f2.clone()
        };
        format!("/dashboard/tasks?{}", g.query())
    });
    let back = f.dashboard_href();
    view! {
        <section class="drill">
            <p class="no-print"><a href=back>"← "{tr("dash.back")}</a></p>
            <h1>{tr("dash.drill_title")}</h1>
            <p class="lead drill-filters">
                {parts.join(" · ")}
                {class.map(|c| view! { " · "<ClassBadge class=c/> })}
            </p>
            <p class="hint">{tf(lang, "dash.figures_as_of", &[("date", &date(d.as_of))])}</p>
            <p class="hint" role="status">{tf(lang, "plan.matching", &[("n", &d.matching.to_string())])}</p>
            {d.tasks.is_empty().then(|| view! { <p class="hint">{tr("dash.no_tasks")}</p> })}
            <TaskTable tasks=d.tasks show_plan=true/>
            <Pager page=d.page pages=d.pages href=page_href/>
        </section>
    }
}
