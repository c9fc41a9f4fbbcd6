//! Directives and conclusion notices as task sources (recorded, imported with areas chosen in
//! the preview, listed and reported with the plans), and the leaders in charge of areas and
//! units, to whom long-overdue tasks are escalated.

use app::domain::Role;
use app::entities::{notification, task};
use app::services::reminders::{run_due, RunOptions};
use chrono::{Duration, TimeZone, Utc};
use integration_tests::checks::{invalid_field, ok, ok_json};
use integration_tests::tasks::{task_form, with};
use integration_tests::{in_days, location, on_both_databases, ymd, TestApp};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

on_both_databases!(
    a_conclusion_notice_names_its_signer_and_its_table_takes_the_areas_the_officer_chooses,
    lists_filter_by_source_and_a_units_report_covers_plans_and_the_directive,
    long_overdue_tasks_go_to_the_leader_in_charge_of_their_area_or_unit,
    only_an_administrator_puts_only_a_leader_in_charge,
);

/// The form of a conclusion notice (no signer yet).
fn notice_form(number: &str) -> Vec<(&str, &str)> {
    vec![
        ("plan[number]", number),
        (
            "plan[title]",
            "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ",
        ),
        ("plan[kind]", "conclusion"),
        ("plan[issued_on]", "2026-10-15"),
        ("plan[issuing_body]", "UBND tỉnh Sơn Hà"),
        ("plan[year_from]", "2026"),
        ("plan[year_to]", "2026"),
        ("plan[status]", "in_force"),
        (
            "plan[summary]",
            "Giao các sở, ngành khắc phục tồn tại trong giải quyết thủ tục hành chính.",
        ),
    ]
}

/// A directive's task table: a title row and its "attached to" line above the header, no
/// reform-area headings.
const NOTICE_CSV: &str = "DANH MỤC NHIỆM VỤ;;;;;\n\
    (Kèm theo Thông báo số 200/TB-UBND ngày 15/10/2026 của UBND tỉnh);;;;;\n\
    STT;Nội dung nhiệm vụ;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian hoàn thành;Sản phẩm dự kiến\n\
    1;Công khai xin lỗi người dân đối với hồ sơ trễ hạn;Văn phòng UBND tỉnh;Sở Nội vụ;Tháng 11/2026;Báo cáo\n\
    2;Nâng cấp phần mềm một cửa điện tử cấp xã;Sở Khoa học và Công nghệ;;Quý IV/2026;Phần mềm\n\
    3;Kiểm tra đột xuất Bộ phận Một cửa;Sở Nội vụ;;Trước ngày 15/12/2026;Báo cáo\n";

async fn preview(app: &TestApp, who: &Client, id: &str) -> Value {
    app.call_json(who, "imports/get", &[("id", id)]).await
}

fn problems_of(p: &Value) -> Vec<String> {
    p["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["problems"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["key"].as_str().map(str::to_string))
        .collect()
}

async fn area_of_code(app: &TestApp, code: &str) -> i32 {
    use app::entities::reform_area;
    let q = reform_area::Entity::find().filter(reform_area::Column::Code.eq(code));
    app.one(q, code).await.id.0
}

async fn a_conclusion_notice_names_its_signer_and_its_table_takes_the_areas_the_officer_chooses(
    app: &TestApp,
) {
    let par = app.as_role(Role::ParOffice).await;
    let tables = ["plans", "audit_entries"];
    let before = app.counts(&tables).await;
    let unsigned = notice_form("200/TB-UBND");
    invalid_field(app.write(&par, "plans/create", &unsigned).await, "signer").await;
    assert_eq!(app.counts(&tables).await, before, "nothing saved");
    let signed = with(unsigned, "plan[signer]", "Chủ tịch Lê Văn Quang");
    let id: i32 = ok_json(app.write(&par, "plans/create", &signed).await).await;
    let html = app.page(&par, &format!("/plans/{id}")).await;
    for text in [
        "Thông báo kết luận",
        "Chủ tịch Lê Văn Quang",
        "khắc phục tồn tại trong giải quyết thủ tục hành chính",
    ] {
        assert!(html.contains(text), "the notice's page shows {text}");
    }
    let list = app.page(&par, "/plans").await;
    let directives = list
        .find("Văn bản chỉ đạo, thông báo kết luận")
        .expect("the directives' section");
    assert!(
        list[directives..].contains("200/TB-UBND"),
        "listed among the directives"
    );

    // The table has no area headings: every task row waits for an area.
    let res = app
        .upload_task_table(
            &par,
            id,
            "thong-bao-200.csv",
            NOTICE_CSV.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let import = location(&res).trim_start_matches("/imports/").to_string();
    let p = preview(app, &par, &import).await;
    assert_eq!(
        p["rows"].as_array().map(Vec::len),
        Some(3),
        "title rows skipped: {p:#}"
    );
    assert_eq!(p["error_count"], 3);
    assert!(problems_of(&p).iter().all(|k| k == "import.err_no_area"));
    let tasks = app.count("tasks").await;
    let refused = app.write(&par, "imports/confirm", &[("id", &import)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("tasks").await,
        tasks,
        "nothing saved with rows lacking an area"
    );

    // Only the PAR office chooses; a line that is no row is refused; neither changes anything.
    let (tthc, so) = (
        area_of_code(app, "tthc").await,
        area_of_code(app, "so").await,
    );
    let (tthc_s, so_s) = (tthc.to_string(), so.to_string());
    let officer = app.as_role(Role::UnitOfficer).await;
    let forbidden = app
        .write(
            &officer,
            "imports/area",
            &[("id", &import), ("area", &tthc_s)],
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let no_row = app
        .write(
            &par,
            "imports/area",
            &[("id", &import), ("line", "999"), ("area", &tthc_s)],
        )
        .await;
    invalid_field(no_row, "line").await;
    let no_area = app
        .write(&par, "imports/area", &[("id", &import), ("area", "99999")])
        .await;
    invalid_field(no_area, "area").await;
    assert_eq!(preview(app, &par, &import).await["error_count"], 3);

    // One area for the whole table, then another for one row.
    ok(app
        .write(&par, "imports/area", &[("id", &import), ("area", &tthc_s)])
        .await)
    .await;
    let p = preview(app, &par, &import).await;
    assert_eq!(p["error_count"], 0, "{p:#}");
    let software = p["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["title"] == "Nâng cấp phần mềm một cửa điện tử cấp xã")
        .expect("the software row");
    let line = software["line"].to_string();
    ok(app
        .write(
            &par,
            "imports/area",
            &[("id", &import), ("line", &line), ("area", &so_s)],
        )
        .await)
    .await;
    ok(app.write(&par, "imports/confirm", &[("id", &import)]).await).await;
    let saved = app
        .all(task::Entity::find().filter(task::Column::PlanId.eq(id)))
        .await;
    assert_eq!(saved.len(), 3);
    for t in &saved {
        let want = if t.title.starts_with("Nâng cấp phần mềm") {
            so
        } else {
            tthc
        };
        assert_eq!(t.area_id.0, want, "{}", t.title);
    }
    let set = app
        .count("audit_entries WHERE action = 'import.area'")
        .await;
    assert_eq!(set, 2, "each choice is audited");
}

/// The "my tasks" list of `who` filtered by `source`: the plan numbers of its tasks.
async fn my_sources(app: &TestApp, who: &Client, source: &str) -> (Vec<String>, Value) {
    let d: Value = app
        .call_json(who, "tasks/mine", &[("filter[source]", source)])
        .await;
    let numbers = d["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["plan_number"].as_str().map(str::to_string))
        .collect();
    (numbers, d)
}

async fn lists_filter_by_source_and_a_units_report_covers_plans_and_the_directive(app: &TestApp) {
    let notice = app.plan_id("156/TB-UBND").await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let (all, d) = my_sources(app, &officer, "").await;
    assert!(all.iter().any(|n| n == "156/TB-UBND") && all.iter().any(|n| n == "45/KH-UBND"));
    let offered: Vec<&str> = d["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s[1].as_str())
        .collect();
    assert!(
        offered.iter().any(|s| s.starts_with("156/TB-UBND")),
        "{offered:?}"
    );
    let (directives, _) = my_sources(app, &officer, "directives").await;
    assert!(!directives.is_empty() && directives.iter().all(|n| n == "156/TB-UBND"));
    let (one, _) = my_sources(app, &officer, &notice.to_string()).await;
    assert_eq!(one, directives);
    let (plans, _) = my_sources(app, &officer, "plans").await;
    assert!(!plans.is_empty() && plans.iter().all(|n| n != "156/TB-UBND"));
    let (foreign, _) = my_sources(app, &officer, "999999").await;
    assert!(
        foreign.is_empty(),
        "a document of none of its tasks lists nothing"
    );
    let html = app.page(&officer, "/my-tasks?source=directives").await;
    assert!(html.contains("Rà soát thủ tục hành chính lĩnh vực hộ tịch, chứng thực"));
    assert!(!html.contains("Kiểm tra, xử lý văn bản quy phạm pháp luật sau khi ban hành"));

    // The dashboard counts the directives in force apart.
    let leader = app.as_role(Role::Leader).await;
    let dash: Value = app
        .call_json(&leader, "dashboard/get", &[("filter[plan]", "directives")])
        .await;
    let in_notice = app
        .count(&format!(
            "tasks WHERE plan_id = {notice} AND state <> 'cancelled'"
        ))
        .await;
    let t = &dash["totals"];
    let total: i64 = ["on_time", "late", "in_progress", "overdue"]
        .iter()
        .map(|k| t[*k].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(total, in_notice, "{t}");
    assert_eq!(dash["filter"]["plan"], "directives");

    // The Department of Justice's report covers both plans of 2026 and the notice, each under
    // its own heading.
    let period = app.period(2026, "m9").await;
    let stp = app.unit_id("STP").await;
    let report: Value = app
        .call_json(
            &officer,
            "reports/unit",
            &[
                ("period_id", &period.id.to_string()),
                ("unit_id", &stp.to_string()),
            ],
        )
        .await;
    let sources: Vec<&str> = report["snapshot"]["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["source"].as_str())
        .collect();
    for want in ["Kế hoạch số 45/KH-UBND", "Thông báo số 156/TB-UBND"] {
        assert!(sources.contains(&want), "{want} in {sources:?}");
    }
    let html = app
        .page(
            &officer,
            &format!("/reports/periods/{}/units/{stp}", period.id),
        )
        .await;
    assert!(html.contains("Thông báo số 156/TB-UBND"));
}

fn opts() -> RunOptions {
    RunOptions {
        mail_enabled: false,
        instance: "test".into(),
        trigger: "manual".into(),
        batch: 500,
    }
}

/// The PAR office adds a task to 45/KH-UBND in reform area `area` (its code), led by `lead`.
async fn task_in(app: &TestApp, area: &str, lead: &str, due: chrono::NaiveDate) -> i32 {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await.to_string();
    let area = area_of_code(app, area).await.to_string();
    let lead = app.unit_id(lead).await.to_string();
    let due = ymd(due);
    let deadline = [
        ("task[deadline_kind]", "date"),
        ("task[due_on]", due.as_str()),
    ];
    let form = task_form(
        &plan,
        &area,
        "Nhiệm vụ thử chuyển lãnh đạo phụ trách",
        &lead,
        &deadline,
    );
    let ids: Vec<i32> = ok_json(app.write(&par, "tasks/create", &form).await).await;
    ids[0]
}

/// Who got the leader's escalation of `task`.
async fn told(app: &TestApp, task: i32) -> Vec<i32> {
    let q = notification::Entity::find()
        .filter(notification::Column::TaskId.eq(task))
        .filter(notification::Column::Rule.eq("task_escalate_leader"));
    let mut v: Vec<i32> = app.all(q).await.into_iter().map(|n| n.user_id).collect();
    v.sort_unstable();
    v
}

async fn long_overdue_tasks_go_to_the_leader_in_charge_of_their_area_or_unit(app: &TestApp) {
    let due = in_days(5);
    // The vice-chair is in charge of administrative procedures and of the commune of Bình Sơn;
    // nobody of direction and management, which the Chairman hears of.
    let procedures = task_in(app, "tthc", "STP", due).await;
    let commune = task_in(app, "chi_dao", "X-BINHSON", due).await;
    let nobody = task_in(app, "chi_dao", "SNV", due).await;
    let vice = app.user_id("phochutich").await;
    let chairman = app.user_id("chutich").await;
    let at = |days: i64| {
        Utc.from_utc_datetime(
            &(due + Duration::days(days))
                .and_hms_opt(0, 0, 0)
                .expect("midnight"),
        )
    };
    run_due(&app.db, at(29), &opts()).await.expect("run");
    for t in [procedures, commune, nobody] {
        assert!(told(app, t).await.is_empty(), "not before 30 days overdue");
    }
    run_due(&app.db, at(30), &opts()).await.expect("run");
    assert_eq!(told(app, procedures).await, vec![vice]);
    assert_eq!(told(app, commune).await, vec![vice]);
    assert_eq!(told(app, nobody).await, vec![chairman]);
    let n = app
        .one(
            notification::Entity::find()
                .filter(notification::Column::TaskId.eq(procedures))
                .filter(notification::Column::Rule.eq("task_escalate_leader")),
            "the escalation",
        )
        .await;
    assert!(n.title.contains("quá hạn 30 ngày"), "{}", n.title);
    // Once: a later run does not repeat it.
    run_due(&app.db, at(37), &opts()).await.expect("run");
    assert_eq!(told(app, procedures).await, vec![vice]);
}

async fn only_an_administrator_puts_only_a_leader_in_charge(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let vice = app.user_id("phochutich").await.to_string();
    let scopes: Value = app
        .call_json(&admin, "users/scopes", &[("id", &vice)])
        .await;
    assert_eq!(
        scopes["chosen_areas"].as_array().map(Vec::len),
        Some(3),
        "{scopes}"
    );
    assert_eq!(scopes["chosen_units"].as_array().map(Vec::len), Some(1));
    let chi_dao = area_of_code(app, "chi_dao").await.to_string();
    let others = [
        app.as_role(Role::ParOffice).await,
        app.as_role(Role::Leader).await,
        app.as_role(Role::UnitHead).await,
    ];
    let tables = ["leader_scopes", "audit_entries"];
    let before = app.counts(&tables).await;
    for who in &others {
        let res = app
            .write(
                who,
                "users/scopes_save",
                &[("id", &vice), ("areas[]", &chi_dao)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let read = app.call(who, "users/scopes", &[("id", &vice)]).await;
        assert_eq!(
            read.status(),
            StatusCode::FORBIDDEN,
            "reading is refused too"
        );
    }
    let head = app.user_id("stp.giamdoc").await.to_string();
    let not_leader = app
        .write(
            &admin,
            "users/scopes_save",
            &[("id", &head), ("areas[]", &chi_dao)],
        )
        .await;
    invalid_field(not_leader, "role").await;
    let unknown = app
        .write(
            &admin,
            "users/scopes_save",
            &[("id", &vice), ("areas[]", "99999")],
        )
        .await;
    invalid_field(unknown, "areas").await;
    assert_eq!(app.counts(&tables).await, before, "nothing changed");

    ok(app
        .write(
            &admin,
            "users/scopes_save",
            &[("id", &vice), ("areas[]", &chi_dao)],
        )
        .await)
    .await;
    let scopes: Value = app
        .call_json(&admin, "users/scopes", &[("id", &vice)])
        .await;
    assert_eq!(
        scopes["chosen_areas"],
        serde_json::json!([chi_dao.parse::<i32>().unwrap_or(0)])
    );
    assert_eq!(scopes["chosen_units"], serde_json::json!([]));
    assert_eq!(
        app.count("audit_entries WHERE action = 'user.scopes'")
            .await,
        1
    );
    let html = app.page(&admin, &format!("/users/{vice}")).await;
    assert!(html.contains("Lĩnh vực, đơn vị phụ trách"));
}
