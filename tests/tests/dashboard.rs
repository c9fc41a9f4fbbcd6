//! The overview dashboard on a crafted plan with known answers (every class, an extended
//! deadline, an ongoing task, completion on the due date and after the as-of date, retired
//! units handed to their successors), its drill-down lists, the report's figures compared with
//! the dashboard's, the thresholds, the one-page PDF and who may see what.

use app::domain::{AreaId, PlanId, Role, UnitId};
use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use integration_tests::checks::{assert_contains_each, invalid_field, ok, ok_json};
use integration_tests::documents::poppler;
use integration_tests::reports::submitted_report;
use integration_tests::tasks::pairs;
use integration_tests::{json, on_both_databases, TestApp};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;

use app::domain::report::ReportStatus;
use app::domain::task::{DeadlineKind, Direction, PeriodKind, PlanKind, PlanStatus, TaskState};
use app::entities::{
    indicator, indicator_unit, indicator_value, plan, reform_area, task, unit_report,
};

on_both_databases!(
    the_figures_of_a_crafted_plan_are_the_known_answers,
    every_figure_drills_down_to_exactly_the_tasks_it_counts,
    the_dashboard_agrees_with_the_compiled_province_report,
    a_unit_head_sees_only_their_unit_and_an_officer_nothing,
    thresholds_are_set_by_the_par_office_only_and_checked,
    a_write_shows_on_the_dashboard_at_once,
    a_plan_without_tasks_shows_zeros,
    kept_facts_count_as_the_sql_does_and_follow_every_write,
);

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The crafted plan: its id and the ids of its tasks by number (1-10).
struct Crafted {
    plan: PlanId,
    tasks: BTreeMap<u8, i32>,
    areas: (AreaId, AreaId),
}

#[expect(clippy::too_many_arguments, reason = "one crafted task per call")]
async fn add_task(
    app: &TestApp,
    plan: PlanId,
    area: AreaId,
    n: u8,
    lead: &str,
    due: Option<&str>,
    extended_to: Option<&str>,
    state: TaskState,
    completed: Option<&str>,
) -> i32 {
    let now = Utc::now();
    let due_on = due.map(d);
    task::ActiveModel {
        plan_id: Set(plan),
        area_id: Set(area),
        heading: Set(String::new()),
        item_no: Set(n.to_string()),
        position: Set(i32::from(n)),
        title: Set(format!("Nhiệm vụ thử số {n}")),
        lead_unit_id: Set(UnitId(app.unit_id(lead).await)),
        deadline_kind: Set(if due.is_some() {
            DeadlineKind::Date
        } else {
            DeadlineKind::Ongoing
        }),
        due_on: Set(due_on),
        due_text: Set(due.map_or_else(|| "Thường xuyên".into(), |s| s.to_string())),
        effective_due_on: Set(extended_to.map(d).or(due_on)),
        expected_output: Set(String::new()),
        progress: Set(if state == TaskState::Completed {
            100
        } else {
            40
        }),
        state: Set(state),
        completed_on: Set(completed.map(d)),
        cancel_reason: Set((state == TaskState::Cancelled).then(|| "Không còn phù hợp".into())),
        last_update_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("insert task")
    .id
}

/// A plan of 2026 in force, without tasks: its id.
async fn insert_plan(app: &TestApp, number: &str, title: &str, issued_on: &str) -> PlanId {
    let now = Utc::now();
    plan::ActiveModel {
        number: Set(number.into()),
        title: Set(title.into()),
        kind: Set(PlanKind::Annual),
        issued_on: Set(d(issued_on)),
        issuing_body: Set("UBND tỉnh Sơn Hà".into()),
        year_from: Set(2026),
        year_to: Set(2026),
        status: Set(PlanStatus::InForce),
        // No parent plan, source file or author: those columns stay NULL.
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("insert plan")
    .id
}

/// Plan 900/KH-TEST (2026, in force) with ten tasks, an indicator with values and two unit
/// reports of the province's 9-month period of 2026 (in place of the demo's). As of 14/09/2026 (the 9-month cut-off):
/// on time 1, 6, 8 · late 2 · in progress 3, 5, 10 · overdue 4 (extended to 31/08), 7 ·
/// cancelled 9. As of 14/06/2026: on time 1, 8 · overdue 2, 7 · in progress 3, 4, 5, 6, 10.
async fn craft(app: &TestApp) -> Crafted {
    let now = Utc::now();
    let plan = insert_plan(
        app,
        "900/KH-TEST",
        "Kế hoạch thử nghiệm bảng điều hành",
        "2026-01-05",
    )
    .await;
    let areas = reform_area::Entity::find().order_by_asc(reform_area::Column::Position);
    let areas: Vec<AreaId> = app.all(areas).await.into_iter().map(|a| a.id).collect();
    let (a1, a2) = (areas[0], areas[1]);
    use TaskState::{Cancelled, Completed, InProgress};
    // (number, area, lead unit, due, extended to, state, completed on)
    type Spec<'a> = (
        u8,
        AreaId,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        TaskState,
        Option<&'a str>,
    );
    let spec: [Spec<'_>; 10] = [
        (
            1,
            a1,
            "STP",
            Some("2026-05-31"),
            None,
            Completed,
            Some("2026-05-20"),
        ),
        (
            2,
            a1,
            "STP",
            Some("2026-05-31"),
            None,
            Completed,
            Some("2026-07-10"),
        ),
        (3, a1, "STP", Some("2026-12-31"), None, InProgress, None),
        (
            4,
            a1,
            "STP",
            Some("2026-06-30"),
            Some("2026-08-31"),
            InProgress,
            None,
        ),
        (5, a2, "X-TANPHU", None, None, InProgress, None),
        (
            6,
            a2,
            "X-TANPHU",
            Some("2026-09-14"),
            None,
            Completed,
            Some("2026-09-14"),
        ),
        (
            7,
            a2,
            "H-TANPHU",
            Some("2026-03-31"),
            None,
            InProgress,
            None,
        ),
        (
            8,
            a2,
            "SKHDT",
            Some("2026-04-30"),
            None,
            Completed,
            Some("2026-04-15"),
        ),
        (9, a1, "STP", Some("2026-05-31"), None, Cancelled, None),
        (
            10,
            a2,
            "X-TANPHU",
            Some("2026-10-31"),
            None,
            Completed,
            Some("2026-10-01"),
        ),
    ];
    let mut tasks = BTreeMap::new();
    for (n, area, lead, due, ext, state, done) in spec {
        tasks.insert(
            n,
            add_task(app, plan, area, n, lead, due, ext, state, done).await,
        );
    }

    // An indicator of STP and Tân Phú: STP 80 at 6 months then 95 at 9 months, Tân Phú 60 at
    // the first quarter; 70 at year end comes after the cut-off.
    let ind = indicator::ActiveModel {
        plan_id: Set(plan),
        area_id: Set(Some(a1)),
        position: Set(1),
        name: Set("Tỷ lệ hồ sơ giải quyết đúng hạn".into()),
        measure: Set("%".into()),
        target: Set(90.0),
        direction: Set(Direction::AtLeast),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("indicator")
    .id;
    for code in ["STP", "X-TANPHU"] {
        indicator_unit::ActiveModel {
            indicator_id: Set(ind),
            unit_id: Set(UnitId(app.unit_id(code).await)),
        }
        .insert(&app.db)
        .await
        .expect("indicator unit");
    }
    for (code, period, value) in [
        ("STP", PeriodKind::H1, 80.0),
        ("STP", PeriodKind::M9, 95.0),
        ("X-TANPHU", PeriodKind::Q1, 60.0),
        ("X-TANPHU", PeriodKind::Year, 70.0),
    ] {
        indicator_value::ActiveModel {
            indicator_id: Set(ind),
            unit_id: Set(UnitId(app.unit_id(code).await)),
            year: Set(2026),
            period: Set(period),
            value: Set(value),
            note: Set(String::new()),
            entered_by: Set(None),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("indicator value");
    }

    // Reports of the 9-month period: STP submitted on time, Tân Phú accepted, the other units
    // none (the demo's reports of the period give way).
    let m9 = app.period(2026, "m9").await;
    unit_report::Entity::delete_many()
        .filter(unit_report::Column::PeriodId.eq(m9.id))
        .exec(&app.db)
        .await
        .expect("the demo's reports of the period");
    for (code, status) in [
        ("STP", ReportStatus::Submitted),
        ("X-TANPHU", ReportStatus::Accepted),
    ] {
        let unit = UnitId(app.unit_id(code).await);
        let results = format!("Kết quả của {code}.");
        submitted_report(m9.id, unit, status, results, now)
            .insert(&app.db)
            .await
            .expect("unit report");
    }
    Crafted {
        plan,
        tasks,
        areas: (a1, a2),
    }
}

/// The units expected to report in a period of the demo province: every current unit but the
/// People's Committee.
async fn expected_units(app: &TestApp) -> u64 {
    app.count("units WHERE valid_to IS NULL AND kind <> 'people_committee'")
        .await as u64
}

/// `who` calls the dashboard's `endpoint` with `filter` as its form sends it (`filter[plan]` ...).
async fn with_filter(
    app: &TestApp,
    who: &Client,
    endpoint: &str,
    filter: &[(&str, &str)],
) -> Response {
    let form: Vec<(String, &str)> = filter
        .iter()
        .map(|(k, v)| (format!("filter[{k}]"), *v))
        .collect();
    app.call(who, endpoint, &pairs(&form)).await
}

async fn dashboard(app: &TestApp, who: &Client, filter: &[(&str, &str)]) -> Value {
    ok_json(with_filter(app, who, "dashboard/get", filter).await).await
}

async fn drill(app: &TestApp, who: &Client, filter: &[(&str, &str)]) -> Response {
    with_filter(app, who, "dashboard/tasks", filter).await
}

async fn drill_items(app: &TestApp, who: &Client, filter: &[(&str, &str)]) -> Vec<String> {
    let v: Value = ok_json(drill(app, who, filter).await).await;
    assert_eq!(
        v["matching"].as_u64(),
        Some(v["tasks"].as_array().map_or(0, Vec::len) as u64)
    );
    v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["item_no"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn counts(v: &Value) -> [u64; 5] {
    [
        v["on_time"].as_u64().unwrap_or(99),
        v["late"].as_u64().unwrap_or(99),
        v["in_progress"].as_u64().unwrap_or(99),
        v["overdue"].as_u64().unwrap_or(99),
        v["cancelled"].as_u64().unwrap_or(99),
    ]
}

/// Each row of the list `rows` as (its `label` field, its counts), in order.
fn labelled_counts(rows: &Value, label: &str) -> Vec<(Value, Value)> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| (r[label].clone(), r["counts"].clone()))
        .collect()
}

/// The ids of the tasks of the list `rows`, in order.
fn ids(rows: &Value) -> Vec<&Value> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|t| &t["id"])
        .collect()
}

fn unit_line<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("unit {name} in {}", d["units"]))
}

async fn the_figures_of_a_crafted_plan_are_the_known_answers(app: &TestApp) {
    let c = craft(app).await;
    let leader = app.as_role(Role::Leader).await;
    let plan = c.plan.to_string();
    let nine_months = [("plan", plan.as_str()), ("period", "2026-m9")];
    let dash = dashboard(app, &leader, &nine_months).await;
    assert_eq!(dash["as_of"], "2026-09-14");
    assert_eq!(dash["period"]["key"], "2026-m9");
    assert_eq!(dash["previous"]["key"], "2026-h1");
    assert_eq!(counts(&dash["totals"]), [3, 1, 3, 2, 1]);
    assert_eq!(counts(&dash["previous_totals"]), [2, 0, 5, 2, 1]);

    // By area, in printed order.
    let areas = dash["by_area"].as_array().expect("areas");
    assert_eq!(areas.len(), 2);
    assert_eq!(areas[0]["area_id"].as_i64(), Some(i64::from(c.areas.0 .0)));
    assert_eq!(counts(&areas[0]["counts"]), [1, 1, 1, 1, 1]);
    assert_eq!(counts(&areas[1]["counts"]), [2, 0, 2, 1, 0]);

    // Ranking: retired units count for their successors; best on-time rate first.
    let names: Vec<&str> = dash["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["Sở Tài chính", "Ủy ban nhân dân xã Tân Phú", "Sở Tư pháp"]
    );
    let stc = unit_line(&dash, "Sở Tài chính");
    assert_eq!(stc["on_time_rate"].as_f64(), Some(100.0));
    assert_eq!(stc["band"], "green");
    assert_eq!(stc["report"], "not_started");
    let tanphu = unit_line(&dash, "Ủy ban nhân dân xã Tân Phú");
    assert_eq!(counts(&tanphu["counts"]), [1, 0, 2, 1, 0]);
    assert_eq!(tanphu["on_time_rate"].as_f64(), Some(50.0));
    assert_eq!(tanphu["band"], "amber");
    assert_eq!(tanphu["report"], "accepted");
    let stp = unit_line(&dash, "Sở Tư pháp");
    assert_eq!(counts(&stp["counts"]), [1, 1, 1, 1, 1]);
    assert_eq!(stp["band"], "red");
    assert_eq!(stp["report"], "submitted_on_time");

    // The longest overdue first: task 7 (due 31/03) then task 4 (extended to 31/08).
    let overdue: Vec<(&str, i64)> = dash["overdue"]
        .as_array()
        .expect("overdue")
        .iter()
        .map(|t| {
            (
                t["item_no"].as_str().unwrap_or_default(),
                t["days_overdue"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(overdue, [("7", 167), ("4", 14)]);

    // Indicators: STP's latest by the 9 months (95) and Tân Phú's Q1 value (60); the year-end
    // value is not yet counted.
    let ind = &dash["indicators"][0];
    assert_eq!(ind["actual"].as_f64(), Some(77.5));
    assert_eq!(ind["attained"], false);
    let per_unit: Vec<(String, Option<f64>)> = ind["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| (u[0].as_str().unwrap_or_default().to_string(), u[1].as_f64()))
        .collect();
    assert_eq!(
        per_unit,
        [
            ("Sở Tư pháp".to_string(), Some(95.0)),
            ("Ủy ban nhân dân xã Tân Phú".to_string(), Some(60.0))
        ]
    );

    // Reports of the period: submitted on time and accepted one each, every other expected unit
    // not started.
    let reports = &dash["reports"];
    assert_eq!(reports["kind"], "m9");
    let by_state: BTreeMap<String, u64> = reports["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or_default().to_string(),
                p[1].as_u64().unwrap_or(0),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        by_state,
        BTreeMap::from([
            ("accepted".to_string(), 1),
            ("not_started".to_string(), expected_units(app).await - 2),
            ("submitted_on_time".to_string(), 1)
        ])
    );

    // The trend: every period up to today, then today; the 9-month point matches the headline.
    let trend = dash["trend"].as_array().expect("trend");
    let keys: Vec<&str> = trend
        .iter()
        .map(|p| p["key"].as_str().unwrap_or("?"))
        .collect();
    let at = keys.iter().position(|k| *k == "2026-q1").expect("2026-q1");
    assert_eq!(&keys[at..at + 3], ["2026-q1", "2026-h1", "2026-m9"]);
    assert_eq!(trend.last().expect("today")["key"], "");
    let m9 = &trend[at + 2];
    assert!((m9["completion"].as_f64().expect("rate") - 400.0 / 9.0).abs() < 1e-9);
    assert_eq!(m9["on_time"].as_f64(), Some(50.0));
    let h1 = &trend[at + 1];
    assert!((h1["completion"].as_f64().expect("rate") - 200.0 / 9.0).abs() < 1e-9);

    // Local units only: Tân Phú (with the former district's task).
    let local = [nine_months[0], nine_months[1], ("level", "local")];
    let local = dashboard(app, &leader, &local).await;
    assert_eq!(counts(&local["totals"]), [1, 0, 2, 1, 0]);
    assert_eq!(local["units"].as_array().map(Vec::len), Some(1));
    let provincial = [nine_months[0], nine_months[1], ("level", "provincial")];
    let provincial = dashboard(app, &leader, &provincial).await;
    assert_eq!(counts(&provincial["totals"]), [2, 1, 1, 1, 1]);

    // Today, over every plan in force: the crafted plan's tasks are among them (all of its
    // tasks are done or due by now except task 3).
    let today = dashboard(app, &leader, &[]).await;
    assert_eq!(today["filter"]["plan"], "");
    assert_eq!(today["period"], Value::Null);
    let only = dashboard(app, &leader, &[("plan", &plan)]).await;
    // Task 10 is now completed on time; task 3 is due 31/12/2026.
    let vietnam_today = (Utc::now() + chrono::Duration::hours(7)).date_naive();
    let expected = if vietnam_today > d("2026-12-31") {
        [4, 1, 1, 3, 1]
    } else {
        [4, 1, 2, 2, 1]
    };
    assert_eq!(counts(&only["totals"]), expected);
    let mut sum = [0u64; 5];
    let in_force = plan::Entity::find().filter(plan::Column::Status.eq(PlanStatus::InForce));
    for p in app.all(in_force).await {
        let one = dashboard(app, &leader, &[("plan", &p.id.to_string())]).await;
        for (i, n) in counts(&one["totals"]).into_iter().enumerate() {
            sum[i] += n;
        }
    }
    assert_eq!(
        counts(&today["totals"]),
        sum,
        "plans in force = the sum of each plan in force"
    );
    // Unknown filter values are dropped, not errors.
    let odd = [("plan", "99999"), ("period", "1999-q1"), ("level", "moon")];
    let odd = dashboard(app, &leader, &odd).await;
    assert_eq!(odd["filter"]["plan"], "");
    assert_eq!(odd["filter"]["period"], "");
    assert_eq!(odd["filter"]["level"], "");
}

async fn every_figure_drills_down_to_exactly_the_tasks_it_counts(app: &TestApp) {
    let c = craft(app).await;
    let leader = app.as_role(Role::Leader).await;
    let plan = c.plan.to_string();
    let base = [("plan", plan.as_str()), ("period", "2026-m9")];
    let dash = dashboard(app, &leader, &base).await;
    let classes = ["on_time", "late", "in_progress", "overdue"];
    // Headline.
    let all = drill_items(app, &leader, &base).await;
    assert_eq!(all.len(), 9, "cancelled tasks are not in the total's list");
    for class in classes {
        let items = drill_items(app, &leader, &[base[0], base[1], ("class", class)]).await;
        assert_eq!(
            items.len() as u64,
            dash["totals"][class].as_u64().unwrap_or(99),
            "{class}"
        );
    }
    let mut overdue = drill_items(app, &leader, &[base[0], base[1], ("class", "overdue")]).await;
    overdue.sort();
    assert_eq!(overdue, ["4", "7"]);
    // Each bar segment.
    for a in dash["by_area"].as_array().expect("areas") {
        let area = a["area_id"].to_string();
        for class in classes {
            let items = drill_items(
                app,
                &leader,
                &[base[0], base[1], ("area", &area), ("class", class)],
            )
            .await;
            assert_eq!(
                items.len() as u64,
                a["counts"][class].as_u64().unwrap_or(99)
            );
        }
    }
    // Each unit of the ranking (with the tasks of the units it succeeded).
    for u in dash["units"].as_array().expect("units") {
        let unit = u["unit_id"].to_string();
        let items = drill_items(app, &leader, &[base[0], base[1], ("unit", &unit)]).await;
        let c = &u["counts"];
        let total: u64 = classes.iter().map(|k| c[*k].as_u64().unwrap_or(0)).sum();
        assert_eq!(items.len() as u64, total, "{}", u["name"]);
    }
    let tanphu = app.unit_id("X-TANPHU").await.to_string();
    let mut items = drill_items(app, &leader, &[base[0], base[1], ("unit", &tanphu)]).await;
    items.sort();
    assert_eq!(items, ["10", "5", "6", "7"]);
    // The same filters hold: local units only.
    let local = drill_items(app, &leader, &[base[0], base[1], ("level", "local")]).await;
    assert_eq!(local.len(), 4);
    // Task 10 was completed after the cut-off: in progress as of 14/09.
    let in_progress =
        drill_items(app, &leader, &[base[0], base[1], ("class", "in_progress")]).await;
    assert!(in_progress.contains(&"10".to_string()));
    // An unknown unit is not found.
    let res = drill(app, &leader, &[base[0], ("unit", "999999")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The pages render without JavaScript, with the drill-down links.
    let page = format!("/dashboard?plan={plan}&period=2026-m9");
    let html = app.open(&leader, &page, StatusCode::OK).await;
    let link = format!(
        "/dashboard/tasks?plan={plan}&amp;period=2026-m9&amp;area={}&amp;class=overdue",
        c.areas.0
    );
    assert_contains_each(
        &html,
        &[
            "Tổng quan cải cách hành chính",
            "<svg class=\"chart chart-bars\"",
            &link,
        ],
    );
    let page = format!("/dashboard/tasks?plan={plan}&period=2026-m9&class=overdue");
    let html = app.open(&leader, &page, StatusCode::OK).await;
    assert!(html.contains("Nhiệm vụ thử số 7"));
    assert!(!html.contains("Nhiệm vụ thử số 1<"));
    let _ = c.tasks;
}

async fn the_dashboard_agrees_with_the_compiled_province_report(app: &TestApp) {
    let c = craft(app).await;
    let par = app.as_role(Role::ParOffice).await;
    let m9 = app.period(2026, "m9").await;
    ok(app.compile_report(&par, m9.id).await).await;
    let report: Value = json(app.read_province_report(&par, m9.id).await).await;
    let f = &report["figures"];
    // The period reports on every plan of 2026 in force: the dashboard over all of them.
    assert!(c.plan.0 > 0);
    let dash = dashboard(app, &par, &[("period", "2026-m9")]).await;
    assert_eq!(f["as_of"], dash["as_of"]);
    assert_eq!(f["totals"], dash["totals"]);
    assert_eq!(
        labelled_counts(&f["by_area"], "label"),
        labelled_counts(&dash["by_area"], "name")
    );
    let by_name = |rows: Vec<(Value, Value)>| -> BTreeMap<String, Value> {
        rows.into_iter()
            .map(|(label, counts)| (label.as_str().unwrap_or_default().to_string(), counts))
            .collect()
    };
    assert_eq!(
        by_name(labelled_counts(&f["by_unit"], "label")),
        by_name(labelled_counts(&dash["units"], "name"))
    );
    assert_eq!(
        f["indicators"][0]["actual"], dash["indicators"][0]["actual"],
        "indicator actuals"
    );
    assert_eq!(
        f["units_expected"].as_u64(),
        Some(expected_units(app).await)
    );
    let accepted = dash["reports"]["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|p| p[0] == "accepted")
        .and_then(|p| p[1].as_u64());
    assert_eq!(f["units_accepted"].as_u64(), accepted);
    assert_eq!(ids(&f["overdue"]), ids(&dash["overdue"]));
}

async fn a_unit_head_sees_only_their_unit_and_an_officer_nothing(app: &TestApp) {
    let c = craft(app).await;
    let plan = c.plan.to_string();
    let head = app.as_role(Role::UnitHead).await;
    let dash = dashboard(app, &head, &[("plan", &plan), ("period", "2026-m9")]).await;
    assert_eq!(dash["own_unit"], "Sở Tư pháp");
    assert_eq!(counts(&dash["totals"]), [1, 1, 1, 1, 1]);
    assert_eq!(dash["units"].as_array().map(Vec::len), Some(1));
    assert_eq!(dash["can_set_bands"], false);
    let ind_units = dash["indicators"][0]["units"].as_array().expect("units");
    assert_eq!(ind_units.len(), 1);
    assert_eq!(dash["indicators"][0]["actual"].as_f64(), Some(95.0));
    let own = dash["reports"]["own"].clone();
    assert_eq!(own[1].as_i64(), Some(i64::from(app.unit_id("STP").await)));
    // Their unit's drill-downs only.
    let mine = drill_items(app, &head, &[("plan", &plan), ("period", "2026-m9")]).await;
    assert_eq!(mine.len(), 4);
    let stp = app.unit_id("STP").await.to_string();
    assert_eq!(
        drill_items(app, &head, &[("plan", &plan), ("unit", &stp)])
            .await
            .len(),
        4
    );
    for other in ["X-TANPHU", "STC", "H-TANPHU"] {
        let id = app.unit_id(other).await.to_string();
        let res = drill(app, &head, &[("plan", &plan), ("unit", &id)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{other}");
    }
    // The PDF is theirs too.
    let pdf = format!("/dashboard.pdf?plan={plan}&period=2026-m9");
    let res = app.get(&head, &pdf).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = pdftotext(&res.bytes().await.expect("pdf"));
    assert!(text.contains("Sở Tư pháp"), "{text}");
    assert!(!text.contains("Tân Phú"), "{text}");

    // An officer, and an administrator, cannot open the dashboard in any form.
    for user in ["stp.chuyenvien", "admin"] {
        let who = app.logged_in(user).await;
        let res = app.call(&who, "dashboard/get", &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = drill(app, &who, &[("plan", &plan)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        for page in ["/dashboard", "/dashboard/tasks", "/dashboard.pdf"] {
            let res = app.get(&who, page).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} {page}");
        }
    }
    // Nobody logged in: to the log-in page.
    let anon = app.browser();
    for page in ["/dashboard", "/dashboard.pdf"] {
        let res = app.get(&anon, page).await;
        assert!(res.status().is_redirection(), "{page}: {}", res.status());
    }
    let res = app.call(&anon, "dashboard/get", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The leader's home is the dashboard.
    let leader = app.as_role(Role::Leader).await;
    let res = app.get(&leader, "/").await;
    assert!(res.status().is_redirection());
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/dashboard")
    );
}

fn pdftotext(bytes: &[u8]) -> String {
    let info = poppler("pdfinfo", bytes, &[], &[]);
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("841.89 x 595.276 pts (A4)"),
        "A4 landscape: {info}"
    );
    let out = poppler("pdftotext", bytes, &["-layout", "-enc", "UTF-8"], &["-"]);
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn thresholds_are_set_by_the_par_office_only_and_checked(app: &TestApp) {
    let c = craft(app).await;
    let plan = c.plan.to_string();
    let par = app.as_role(Role::ParOffice).await;
    let leader = app.as_role(Role::Leader).await;
    let head = app.as_role(Role::UnitHead).await;
    for who in [&leader, &head] {
        let res = set_bands(app, who, "60", "30").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    for (green, amber, field, reason) in [
        ("50", "50", "amber", "err.band_order"),
        ("40", "60", "amber", "err.band_order"),
        ("101", "50", "green", "err.band_range"),
        ("80", "-1", "amber", "err.band_range"),
        ("tám mươi", "50", "green", "err.band_range"),
    ] {
        let e = invalid_field(set_bands(app, &par, green, amber).await, field).await;
        assert_eq!(e["Invalid"]["reason"], reason, "{green}/{amber}");
    }
    let nine_months = [("plan", plan.as_str()), ("period", "2026-m9")];
    let dash = dashboard(app, &par, &nine_months).await;
    assert_eq!(dash["bands"]["green"], 80);
    assert_eq!(dash["can_set_bands"], true);
    let res = set_bands(app, &par, "45", "30").await;
    assert_eq!(res.status(), StatusCode::OK);
    let dash = dashboard(app, &leader, &nine_months).await;
    assert_eq!(dash["bands"]["green"], 45);
    assert_eq!(
        unit_line(&dash, "Ủy ban nhân dân xã Tân Phú")["band"],
        "green"
    );
    assert_eq!(unit_line(&dash, "Sở Tư pháp")["band"], "amber");
    assert_eq!(
        app.count("audit_entries WHERE action = 'dashboard.bands'")
            .await,
        1
    );
    // The one-page PDF of the leader: the province's figures, diacritics intact.
    let pdf = format!("/dashboard.pdf?plan={plan}&period=2026-m9");
    let res = app.get(&leader, &pdf).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let text = pdftotext(&res.bytes().await.expect("pdf"));
    assert_contains_each(
        &text,
        &[
            "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "Kế hoạch 900/KH-TEST",
            "9 tháng 2026",
            "14/09/2026",
            "Ủy ban nhân dân xã Tân Phú",
            "Nhiệm vụ thử số 7",
            "167 ngày",
        ],
    );
}

/// `who` sets the ranking's thresholds: `green` and `amber` per cent on time.
async fn set_bands(app: &TestApp, who: &Client, green: &str, amber: &str) -> Response {
    let form = [("green", green), ("amber", amber)];
    app.write(who, "dashboard/bands", &form).await
}

/// The dashboard keeps what it computed until the next write: a cancellation made between two
/// views shows on the second at once.
async fn a_write_shows_on_the_dashboard_at_once(app: &TestApp) {
    let c = craft(app).await;
    let leader = app.as_role(Role::Leader).await;
    let plan = c.plan.to_string();
    let before = counts(&dashboard(app, &leader, &[("plan", &plan)]).await["totals"]);
    assert_eq!(
        counts(&dashboard(app, &leader, &[("plan", &plan)]).await["totals"]),
        before,
        "nothing written, the same figures"
    );
    let mut open = None;
    for id in c.tasks.values() {
        if app.task(*id).await.state != TaskState::Cancelled {
            open = Some(*id);
            break;
        }
    }
    let id = open.expect("a task that is not cancelled");
    let par = app.as_role(Role::ParOffice).await;
    let res = app
        .cancel_task(&par, id, "Không còn phù hợp với kế hoạch")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = counts(&dashboard(app, &leader, &[("plan", &plan)]).await["totals"]);
    assert_eq!(after[4], before[4] + 1, "{before:?} → {after:?}");
    assert_eq!(
        after[..4].iter().sum::<u64>() + 1,
        before[..4].iter().sum::<u64>(),
        "{before:?} → {after:?}"
    );
}

/// A plan in force with no task yet: every count is zero (no group comes back from the
/// database), not an error, and nothing is listed.
async fn a_plan_without_tasks_shows_zeros(app: &TestApp) {
    let empty = insert_plan(
        app,
        "909/KH-TEST",
        "Kế hoạch chưa có nhiệm vụ",
        "2026-02-01",
    )
    .await;
    let leader = app.as_role(Role::Leader).await;
    let dash = dashboard(app, &leader, &[("plan", &empty.to_string())]).await;
    assert_eq!(counts(&dash["totals"]), [0, 0, 0, 0, 0]);
    assert_eq!(dash["by_area"].as_array().map(Vec::len), Some(0));
    assert_eq!(dash["units"].as_array().map(Vec::len), Some(0));
    assert_eq!(dash["overdue"].as_array().map(Vec::len), Some(0));
}

/// The dashboard and the plan page count by class from the kept task facts, in memory: on the crafted plan and
/// the demo province, over several scopes and dates, they are the SQL's counts; they follow an
/// audited progress update (one task read again) and, after a write of another kind (a unit
/// renamed), read every task again.
async fn kept_facts_count_as_the_sql_does_and_follow_every_write(app: &TestApp) {
    use app::services::tasks::facts::{KeptFacts, TaskFacts};
    use app::services::tasks::query::{self, GroupBy, TaskScope};
    use app::services::units::directory::Stamp;
    use app::services::units::scope::unit_names;
    let c = craft(app).await;
    let units = unit_names(&app.db).await.expect("units");
    let all_plans: Vec<PlanId> = app
        .all(plan::Entity::find())
        .await
        .iter()
        .map(|p| p.id)
        .collect();
    let stp = UnitId(app.unit_id("STP").await);
    let scopes = [
        TaskScope::default(),
        TaskScope {
            plans: Some(vec![c.plan]),
            ..TaskScope::default()
        },
        TaskScope {
            plans: Some(all_plans.clone()),
            lead_local: Some(true),
            ..TaskScope::default()
        },
        TaskScope {
            plans: Some(all_plans.clone()),
            lead_local: Some(false),
            ..TaskScope::default()
        },
        TaskScope {
            lead_units: Some(vec![stp]),
            ..TaskScope::default()
        },
        TaskScope {
            plan_id: Some(c.plan),
            area_id: Some(c.areas.0),
            exclude_cancelled: true,
            ..TaskScope::default()
        },
        TaskScope {
            plan_id: Some(c.plan),
            class: Some(app::domain::task::FollowUpClass::Overdue),
            ..TaskScope::default()
        },
    ];
    let dates = [
        "2025-12-31",
        "2026-03-31",
        "2026-06-30",
        "2026-09-30",
        "2026-12-31",
        "2027-06-30",
    ]
    .map(d);
    let points: Vec<(NaiveDate, Option<Vec<PlanId>>)> = dates
        .iter()
        .map(|x| (*x, None))
        .chain([(dates[2], Some(vec![c.plan]))])
        .collect();
    let same_as_sql = |facts: std::sync::Arc<TaskFacts>| {
        let (scopes, units, points) = (&scopes, &units, &points);
        async move {
            for scope in scopes {
                let kept = facts
                    .class_counts_at(scope, units, points)
                    .expect("a scope the facts filter");
                let sql = query::class_counts_at(&app.db, scope, points)
                    .await
                    .expect("sql");
                assert_eq!(kept, sql, "counts at the points, {scope:?}");
                for as_of in dates {
                    let kept = facts
                        .class_counts_by_area_and_unit(scope, units, as_of)
                        .expect("a scope the facts filter");
                    let sql = query::class_counts_by_area_and_unit(&app.db, scope, as_of)
                        .await
                        .expect("sql");
                    assert_eq!(kept.total, sql.total, "{scope:?} as of {as_of}");
                    assert_eq!(kept.by_area, sql.by_area, "{scope:?} as of {as_of}");
                    assert_eq!(kept.by_unit, sql.by_unit, "{scope:?} as of {as_of}");
                    for group in [
                        GroupBy::None,
                        GroupBy::Plan,
                        GroupBy::Area,
                        GroupBy::LeadUnit,
                    ] {
                        let kept = facts
                            .class_counts_with_progress(scope, units, as_of, group)
                            .expect("a scope the facts filter");
                        let sql = query::class_counts_with_progress(&app.db, scope, as_of, group)
                            .await
                            .expect("sql");
                        assert_eq!(kept, sql, "{scope:?} as of {as_of} by {group:?}");
                    }
                }
            }
        }
    };
    let kept = KeptFacts::default();
    let stamp = Stamp::now(&app.db).await.expect("stamp");
    let facts = kept.get(&app.db, stamp).await.expect("facts");
    assert!(
        facts.all().len() > c.tasks.len(),
        "the demo's tasks and the crafted ones"
    );
    same_as_sql(facts.clone()).await;
    // Nothing written: the same facts, not read again.
    let again = kept.get(&app.db, stamp).await.expect("facts");
    assert!(std::sync::Arc::ptr_eq(&facts, &again));

    // A commune reports a task completed, through the server: that task is read again.
    let tanphu = app.unit_id("X-TANPHU").await;
    let open = app
        .all(
            task::Entity::find()
                .filter(task::Column::LeadUnitId.eq(tanphu))
                .filter(task::Column::State.is_in([TaskState::NotStarted, TaskState::InProgress])),
        )
        .await;
    let open = open.first().expect("an open task of the commune");
    app.complete_task("tanphu.congchuc", open.id).await;
    let stamp = Stamp::now(&app.db).await.expect("stamp");
    let followed = kept.get(&app.db, stamp).await.expect("facts");
    let fact = followed
        .all()
        .iter()
        .find(|t| t.id == open.id)
        .expect("the task");
    assert_eq!(fact.state, TaskState::Completed);
    assert!(fact.completed_on.is_some());
    assert_eq!(
        followed.all(),
        TaskFacts::read_all(&app.db).await.expect("all").all()
    );
    same_as_sql(followed).await;

    // A task changed in the transaction of a write audited as a unit's (as a unit merged into
    // another moves its tasks): every task is read again.
    let other = app.task(*c.tasks.values().next().expect("a task")).await;
    let mut m: task::ActiveModel = other.clone().into();
    m.state = Set(TaskState::Cancelled);
    m.update(&app.db).await.expect("update");
    app::services::audit::Change::new("unit.update", "unit", stp)
        .record(&app.db, app::services::audit::Actor::System)
        .await
        .expect("audit");
    let stamp = Stamp::now(&app.db).await.expect("stamp");
    let reread = kept.get(&app.db, stamp).await.expect("facts");
    let fact = reread
        .all()
        .iter()
        .find(|t| t.id == other.id)
        .expect("the task");
    assert_eq!(fact.state, TaskState::Cancelled);
    same_as_sql(reread).await;
}
