//! Plans, tasks, progress, extensions, cancellation, indicators, "my tasks" and the plan page,
//! with the forbidden paths.

use app::domain::Role;
use chrono::{Duration, NaiveDate};
use integration_tests::checks::{
    assert_invalid, assert_progress_saved, invalid_field, ok, ok_json, texts,
};
use integration_tests::tasks::{pairs, plan_form, task_form, with};
use integration_tests::{error_json, in_days, json, on_both_databases, today, ymd};
use integration_tests::{Backend, TestApp};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

on_both_databases!(
    over_long_texts_on_create_are_refused_on_their_field_and_nothing_is_saved,
    the_par_office_creates_a_plan_and_a_task_and_both_are_audited,
    a_line_for_all_departments_becomes_one_task_per_current_department,
    only_the_par_office_and_admins_manage_plans_and_tasks,
    bad_plan_and_task_input_is_refused_and_changes_nothing,
    an_extension_moves_the_deadline_and_a_cancelled_task_takes_no_update,
    the_lead_unit_updates_progress_with_evidence_and_the_class_changes,
    co_operating_units_contribute_and_other_units_and_leaders_cannot_write,
    bad_progress_input_is_refused_and_changes_nothing,
    my_tasks_lists_lead_and_co_operating_tasks_most_urgent_first,
    a_units_kept_task_list_follows_every_write_and_is_its_own,
    a_successor_commune_sees_and_updates_the_open_task_of_its_district,
    the_plan_page_filters_and_its_sql_classes_agree_with_the_domain_rule,
    responsible_units_enter_indicator_values_and_others_cannot,
    a_rate_indicator_is_formed_from_the_units_counts_not_from_their_rates,
    the_plan_exports_to_xlsx_with_classes,
    the_par_office_edits_a_task_and_nobody_else_can,
    co_operating_links_carry_their_tasks_plan_also_after_the_migration,
);

/// Links whose plan is missing or not their task's.
const STRAY_LINKS: &str = "task_units WHERE plan_id IS NULL \
    OR plan_id <> (SELECT tasks.plan_id FROM tasks WHERE tasks.id = task_units.task_id)";

/// Every co-operating link holds its task's plan: those made by the application, and those the
/// migration that added the column found (reverted, a link made without it, migrated again).
async fn co_operating_links_carry_their_tasks_plan_also_after_the_migration(app: &TestApp) {
    use migration::MigratorTrait;
    use sea_orm::ConnectionTrait;
    let links = app.count("task_units").await;
    assert!(links > 0, "the demo province has co-operating links");
    assert_eq!(app.count(STRAY_LINKS).await, 0);

    // Read while the entities match the schema.
    let plan = app.plan_id("52/KH-UBND").await;
    let snv = app.unit_id("SNV").await;
    // Back to before the migration that added the column (and the ones after it).
    let all = migration::Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == "m20261127_000007_task_unit_plan")
        .expect("the migration");
    migration::Migrator::down(&app.db, Some((all.len() - at) as u32))
        .await
        .expect("revert the migrations since");
    // A link as the application made them before: without a plan.
    assert!(app.count(&format!("tasks WHERE plan_id = {plan}")).await > 0);
    app.db
        .execute_unprepared(&format!(
            "INSERT INTO task_units (task_id, unit_id) \
             SELECT MIN(tasks.id), {unit} FROM tasks WHERE tasks.plan_id = {plan} \
             AND NOT EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = tasks.id \
             AND tu.unit_id = {unit})",
            unit = snv
        ))
        .await
        .expect("a link without a plan");
    migration::Migrator::up(&app.db, None)
        .await
        .expect("migrate again");
    assert_eq!(app.count("task_units").await, links + 1);
    assert_eq!(
        app.count(STRAY_LINKS).await,
        0,
        "every link got its task's plan"
    );
}

async fn the_par_office_creates_a_plan_and_a_task_and_both_are_audited(app: &TestApp) {
    let plan = app.new_plan("99/KH-UBND").await;
    let due = in_days(30);
    let title = "Rà soát quy trình nội bộ giải quyết thủ tục hành chính";
    let id = app.new_task(plan, title, "STP", &["SNV", "STC"], due).await;
    let t = app.task(id).await;
    assert_eq!(t.plan_id.0, plan);
    assert_eq!(t.effective_due_on, Some(due));
    assert_eq!(t.due_text, due.format("%d/%m/%Y").to_string());
    let par = app.as_role(Role::ParOffice).await;
    let detail = app.task_detail(&par, id).await;
    assert_eq!(detail["row"]["class"], "in_progress");
    assert_eq!(
        detail["co_units"].as_array().map(Vec::len),
        Some(2),
        "{detail}"
    );
    assert!(detail["trail"]
        .as_array()
        .is_some_and(|t| t.iter().any(|e| e["action"] == "task.create")));
    let audited: i64 = app
        .count("audit_entries WHERE action = 'plan.create'")
        .await;
    assert_eq!(audited, 1);
    // The plan page shows it.
    let html = app
        .open(&par, &format!("/plans/{plan}"), StatusCode::OK)
        .await;
    assert!(html.contains(title));
}

async fn a_line_for_all_departments_becomes_one_task_per_current_department(app: &TestApp) {
    let plan = app.new_plan("98/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let before = app.count("tasks").await;
    let (plan, year) = (plan.to_string(), today().format("%Y").to_string());
    let title = "Tự kiểm tra công tác cải cách hành chính tại cơ quan";
    let quarter = [
        ("task[deadline_kind]", "quarter"),
        ("task[due_part]", "4"),
        ("task[due_year]", &year),
    ];
    let form = task_form(&plan, "2", title, "all_departments", &quarter);
    let ids: Vec<i32> = ok_json(app.write(&par, "tasks/create", &form).await).await;
    let departments = app
        .count("units WHERE valid_to IS NULL AND kind IN ('department', 'agency')")
        .await;
    assert_eq!(ids.len() as i64, departments);
    assert_eq!(app.count("tasks").await, before + departments);
    let t = app.task(ids[0]).await;
    assert!(t.due_text.starts_with("Quý IV/"), "{}", t.due_text);
}

async fn only_the_par_office_and_admins_manage_plans_and_tasks(app: &TestApp) {
    let plan = app.new_plan("97/KH-UBND").await;
    let before = app.counts(&["plans", "tasks"]).await;
    let forged_plan = plan_form("1/KH-X", "Kế hoạch giả mạo", "2026-01-01", ("2026", "2026"));
    let forged_plan = with(forged_plan, "plan[issuing_body]", "X");
    let plan_s = plan.to_string();
    let ongoing = [("task[deadline_kind]", "ongoing")];
    let forged_task = task_form(&plan_s, "2", "Nhiệm vụ giả mạo", "all_communes", &ongoing);
    let import = format!("/plans/{plan}/import");
    for user in [
        "stp.chuyenvien",
        "stp.giamdoc",
        "chutich",
        "tanphu.congchuc",
    ] {
        let c = app.logged_in(user).await;
        let answers = [
            (
                "creating a plan",
                app.write(&c, "plans/create", &forged_plan).await,
            ),
            (
                "creating a task",
                app.write(&c, "tasks/create", &forged_task).await,
            ),
            (
                "cancelling",
                app.cancel_task(&c, 1, "Không còn phù hợp").await,
            ),
            (
                "extending",
                app.extend_task(&c, 1, "2027-01-01", "CV 1/UBND", None)
                    .await,
            ),
            ("opening the import page", app.get(&c, &import).await),
        ];
        for (what, res) in answers {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} {what}");
        }
        let up = app
            .upload_task_table(&c, plan, "x.csv", b"a,b\n".to_vec())
            .await;
        assert_eq!(up.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            up.headers()["x-outcome"],
            "403",
            "{user} uploading an import"
        );
    }
    let anon = app.browser();
    let res = app.call(&anon, "plans/list", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let page = app.get(&anon, "/plans").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.counts(&["plans", "tasks"]).await, before);
}

async fn bad_plan_and_task_input_is_refused_and_changes_nothing(app: &TestApp) {
    let plan = app.new_plan("96/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let tables = ["plans", "tasks", "audit_entries"];
    let before = app.counts(&tables).await;
    let twice = plan_form(
        "96/KH-UBND",
        "Trùng số hiệu văn bản",
        "2026-01-01",
        ("2026", "2026"),
    );
    let dup = app.write(&par, "plans/create", &twice).await;
    assert_eq!(dup.status(), StatusCode::CONFLICT);
    let e = error_json(dup).await;
    assert_eq!(e["Conflict"]["field"], "number");
    let title = "Năm kết thúc trước năm bắt đầu";
    let backwards = plan_form("95/KH-UBND", title, "2026-01-01", ("2026", "2025"));
    let years = app.write(&par, "plans/create", &backwards).await;
    invalid_field(years, "year_to").await;
    let (plan, stp) = (plan.to_string(), app.unit_id("STP").await.to_string());
    for (field, deadline) in [
        (
            "due_on",
            vec![
                ("task[deadline_kind]", "date"),
                ("task[due_on]", "31/02/2026"),
            ],
        ),
        (
            "due_part",
            vec![
                ("task[deadline_kind]", "quarter"),
                ("task[due_part]", "5"),
                ("task[due_year]", "2026"),
            ],
        ),
        ("deadline_kind", vec![("task[deadline_kind]", "someday")]),
    ] {
        let form = task_form(&plan, "2", "Nhiệm vụ có hạn sai", &stp, &deadline);
        invalid_field(app.write(&par, "tasks/create", &form).await, field).await;
    }
    // A retired unit cannot lead a new task.
    let retired = app.unit_id("H-TANPHU").await.to_string();
    let ongoing = [("task[deadline_kind]", "ongoing")];
    let form = task_form(&plan, "2", "Giao cho huyện đã giải thể", &retired, &ongoing);
    let res = app.write(&par, "tasks/create", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.counts(&tables).await, before);
}

async fn an_extension_moves_the_deadline_and_a_cancelled_task_takes_no_update(app: &TestApp) {
    let plan = app.new_plan("94/KH-UBND").await;
    let overdue_due = in_days(-10);
    let title = "Hoàn thiện quy chế phối hợp liên thông";
    let id = app.new_task(plan, title, "STP", &[], overdue_due).await;
    let par = app.as_role(Role::ParOffice).await;
    assert_eq!(app.task_detail(&par, id).await["row"]["class"], "overdue");
    let day_before = ymd(overdue_due - Duration::days(1));
    let earlier = app
        .extend_task(&par, id, &day_before, "CV 12/UBND-NC", None)
        .await;
    assert_eq!(earlier.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new_due = ymd(in_days(20));
    let note = Some("Chờ hướng dẫn của Bộ");
    ok(app
        .extend_task(&par, id, &new_due, "Công văn số 88/UBND-NC", note)
        .await)
    .await;
    let d = app.task_detail(&par, id).await;
    assert_eq!(d["row"]["class"], "in_progress");
    assert_eq!(d["row"]["extended"], true);
    assert_eq!(d["extensions"][0]["document"], "Công văn số 88/UBND-NC");
    assert_eq!(
        app.task(id).await.due_on,
        Some(overdue_due),
        "the original deadline is kept"
    );

    let short = app.cancel_task(&par, id, "x").await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "Nhiệm vụ đã được lồng ghép vào kế hoạch khác";
    let res = app.cancel_task(&par, id, reason).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.task_detail(&par, id).await["row"]["class"], "cancelled");
    let officer = app.as_role(Role::UnitOfficer).await;
    let updates = app.count("progress_updates").await;
    let res = app
        .post_update(&officer, id, "50", "in_progress", "Cập nhật")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["x-outcome"], "409");
    assert!(integration_tests::location(&res).contains("err=err.task_cancelled"));
    assert_eq!(app.count("progress_updates").await, updates);
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n% Bi\xc3\xaan b\xe1\xba\xa3n ki\xe1\xbb\x83m tra\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

async fn the_lead_unit_updates_progress_with_evidence_and_the_class_changes(app: &TestApp) {
    let plan = app.new_plan("93/KH-UBND").await;
    let title = "Xây dựng cơ sở dữ liệu văn bản pháp luật của tỉnh";
    let id = app.new_task(plan, title, "STP", &["SNV"], in_days(5)).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let body = "Đã nhập 1.200 văn bản vào cơ sở dữ liệu.";
    let fields = [
        ("kind", "update"),
        ("progress", "40"),
        ("state", "in_progress"),
        ("body", body),
    ];
    let evidence = [("files", "biên bản kiểm tra.pdf", pdf())];
    let res = app.post_on_task(&officer, id, &fields, &evidence).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_progress_saved(&res, id);
    let t = app.task(id).await;
    assert_eq!(t.progress, 40);
    let d = app.task_detail(&officer, id).await;
    assert_eq!(d["row"]["class"], "in_progress");
    let file = &d["updates"][0]["files"][0];
    assert_eq!(file["file_name"], "biên bản kiểm tra.pdf");
    let file = format!("/files/{}", file["id"].as_i64().expect("file id"));
    let dl = app.download(&officer, &file).await;
    assert_eq!(dl.status(), StatusCode::OK);
    assert_eq!(dl.headers()["content-type"], "application/pdf");
    assert_eq!(dl.bytes().await.expect("bytes").to_vec(), pdf());
    // A unit that has nothing to do with the task cannot download its evidence.
    let other = app.logged_in("tanphu.congchuc").await;
    let dl = app.download(&other, &file).await;
    assert_eq!(dl.status(), StatusCode::NOT_FOUND);

    let done_on = ymd(today());
    let fields = [
        ("kind", "update"),
        ("progress", "100"),
        ("state", "completed"),
        ("completed_on", &done_on),
        ("body", "Hoàn thành, đã vận hành."),
    ];
    let res = app.post_on_task(&officer, id, &fields, &[]).await;
    assert_progress_saved(&res, id);
    let d = app.task_detail(&officer, id).await;
    assert_eq!(d["row"]["class"], "on_time");
    assert_eq!(d["updates"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        app.count(&format!(
            "audit_entries WHERE action = 'task.progress' AND object_id = '{id}'"
        ))
        .await,
        2
    );
    // The page shows the history without JavaScript.
    let html = app.page(&officer, &format!("/tasks/{id}")).await;
    assert!(html.contains(body));
    assert!(html.contains("Hoàn thành đúng hạn"));
}

async fn co_operating_units_contribute_and_other_units_and_leaders_cannot_write(app: &TestApp) {
    let plan = app.new_plan("92/KH-UBND").await;
    let title = "Đánh giá tác động thủ tục hành chính trong dự thảo văn bản";
    let id = app
        .new_task(plan, title, "SNV", &["STP"], in_days(40))
        .await;
    let stp = app.as_role(Role::UnitOfficer).await;
    // The co-operating unit cannot move the task...
    let res = app
        .post_update(&stp, id, "90", "in_progress", "Tự ý cập nhật")
        .await;
    assert_eq!(res.headers()["x-outcome"], "403");
    assert_eq!(app.task(id).await.progress, 0);
    // ... but adds its contribution.
    let res = app
        .post_contribution(&stp, id, "Sở Tư pháp đã góp ý 3 dự thảo.")
        .await;
    assert_progress_saved(&res, id);
    let d = app.task_detail(&stp, id).await;
    assert_eq!(d["updates"][0]["kind"], "contribution");
    assert_eq!(d["can_update"], false);
    assert_eq!(d["can_contribute"], true);
    // Another unit sees nothing and writes nothing, even calling the route directly.
    let other = app.logged_in("tanphu.congchuc").await;
    let res = app.read_task(&other, id).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let before = app.count("progress_updates").await;
    for kind in ["update", "contribution"] {
        let fields = [
            ("kind", kind),
            ("progress", "10"),
            ("state", "in_progress"),
            ("body", "Không được phép"),
        ];
        let res = app.post_on_task(&other, id, &fields, &[]).await;
        assert_eq!(res.headers()["x-outcome"], "404", "{kind}");
    }
    // Leaders read but write nothing.
    let leader = app.as_role(Role::Leader).await;
    let res = app.read_task(&leader, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post_update(&leader, id, "10", "in_progress", "Chỉ đạo")
        .await;
    assert_eq!(res.headers()["x-outcome"], "403");
    // A forged form without the token is refused.
    let form = reqwest::multipart::Form::new()
        .text("kind", "contribution")
        .text("body", "Giả mạo");
    let res = stp
        .post(format!("{}/tasks/{id}/progress", app.base))
        .multipart(form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.headers()["x-outcome"], "403");
    assert_eq!(app.count("progress_updates").await, before);
}

async fn bad_progress_input_is_refused_and_changes_nothing(app: &TestApp) {
    let plan = app.new_plan("91/KH-UBND").await;
    let title = "Cập nhật quy trình ISO điện tử";
    let id = app.new_task(plan, title, "STP", &[], in_days(15)).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let tables = ["progress_updates", "attachments", "audit_entries"];
    let before = app.counts(&tables).await;
    let tomorrow = ymd(in_days(1));
    let big = {
        let mut v = pdf();
        v.resize(11 * 1024 * 1024, b' ');
        v
    };
    // A good update but for these fields, with these files; the refusal expected.
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<(&'a str, Vec<u8>)>, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("progress", "150")], vec![], "err.progress_range"),
        (vec![("progress", "-3")], vec![], "err.progress_range"),
        (
            vec![
                ("progress", "100"),
                ("state", "completed"),
                ("completed_on", &tomorrow),
            ],
            vec![],
            "err.completed_in_future",
        ),
        (
            vec![("progress", "100"), ("state", "completed")],
            vec![],
            "err.bad_date",
        ),
        (vec![("state", "cancelled")], vec![], "err.bad_choice"),
        (vec![("body", "  ")], vec![], "err.required"),
        (
            vec![],
            vec![("virus.exe", b"MZ\x90\x00".to_vec())],
            "err.file_type",
        ),
        (
            vec![],
            vec![("fake.pdf", b"<html>".to_vec())],
            "err.file_content",
        ),
        (vec![], vec![("big.pdf", big)], "err.file_too_large"),
    ];
    let good = vec![
        ("kind", "update"),
        ("progress", "10"),
        ("state", "in_progress"),
        ("body", "x"),
    ];
    for (changes, files, key) in cases {
        let all = changes
            .into_iter()
            .fold(good.clone(), |form, (k, v)| with(form, k, v));
        let files: Vec<_> = files.into_iter().map(|(n, b)| ("files", n, b)).collect();
        let res = app.post_on_task(&officer, id, &all, &files).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{key}");
        let loc = integration_tests::location(&res);
        assert!(loc.contains(&format!("err={key}")), "{key}: {loc}");
    }
    assert_eq!(app.counts(&tables).await, before);
    assert_eq!(app.task(id).await.progress, 0);
}

async fn my_tasks_lists_lead_and_co_operating_tasks_most_urgent_first(app: &TestApp) {
    let plan = app.new_plan("90/KH-UBND").await;
    let late_title = "Nhiệm vụ đã quá hạn của Sở Tư pháp";
    let late = app
        .new_task(plan, late_title, "STP", &[], in_days(-3))
        .await;
    let co_title = "Nhiệm vụ Sở Tư pháp phối hợp";
    let co = app
        .new_task(plan, co_title, "SNV", &["STP"], in_days(2))
        .await;
    let not_mine_title = "Nhiệm vụ của Sở Y tế";
    let not_mine = app
        .new_task(plan, not_mine_title, "SYT", &[], in_days(-30))
        .await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let res = app.call(&officer, "tasks/mine", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let d: Value = json(res).await;
    let ids: Vec<i64> = d["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    assert!(ids.contains(&i64::from(late)) && ids.contains(&i64::from(co)));
    assert!(!ids.contains(&i64::from(not_mine)));
    let classes = texts(&d["tasks"], "class");
    let rank = |c: &str| {
        ["overdue", "in_progress", "late", "on_time", "cancelled"]
            .iter()
            .position(|x| *x == c)
            .unwrap_or(9)
    };
    assert!(
        classes.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{classes:?}"
    );
    let total = d["counts"]["on_time"].as_u64().unwrap_or(0)
        + d["counts"]["late"].as_u64().unwrap_or(0)
        + d["counts"]["in_progress"].as_u64().unwrap_or(0)
        + d["counts"]["overdue"].as_u64().unwrap_or(0)
        + d["counts"]["cancelled"].as_u64().unwrap_or(0);
    assert_eq!(total, d["matching"].as_u64().unwrap_or(0));
    let overdue: Value = app
        .call_json(&officer, "tasks/mine", &[("filter[class]", "overdue")])
        .await;
    assert!(overdue["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|t| t["class"] == "overdue"));
    // The page, and the home page of a unit user, show the list.
    let html = app.page(&officer, "/").await;
    assert!(html.contains(late_title), "home shows my tasks");
    // Others have no "my tasks".
    let leader = app.as_role(Role::Leader).await;
    assert_eq!(
        app.get(&leader, "/my-tasks").await.status(),
        StatusCode::FORBIDDEN
    );
}

/// "My tasks" is kept between writes (`MyTasksCache`): the next request after a write sees it,
/// and a unit never gets another unit's kept list.
async fn a_units_kept_task_list_follows_every_write_and_is_its_own(app: &TestApp) {
    let plan = app.new_plan("91/KH-UBND").await;
    let title = "Nhiệm vụ của Sở Tư pháp, theo dõi danh sách";
    let id = app.new_task(plan, title, "STP", &[], in_days(5)).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let other = app.logged_in("tanphu.congchuc").await;
    let mine = |d: &Value| {
        d["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .find(|t| t["id"].as_i64() == Some(i64::from(id)))
            .cloned()
    };
    let search = [("filter[q]", "theo dõi danh sách")];
    let before: Value = app.call_json(&officer, "tasks/mine", &search).await;
    let row = mine(&before).expect("the task is listed");
    assert_eq!(row["progress"], 0);
    // Asked again with nothing written: the same answer.
    let again: Value = app.call_json(&officer, "tasks/mine", &search).await;
    assert_eq!(again, before);
    // Another unit asking for the same view gets its own list, without the task.
    let theirs: Value = app.call_json(&other, "tasks/mine", &search).await;
    assert!(mine(&theirs).is_none(), "{theirs}");
    assert_ne!(theirs["unit_name"], before["unit_name"]);
    // A write: the very next request sees it, as JSON and as the page.
    let res = app
        .post_update(&officer, id, "60", "in_progress", "Đã hoàn thành dự thảo.")
        .await;
    assert_progress_saved(&res, id);
    let after: Value = app.call_json(&officer, "tasks/mine", &search).await;
    assert_eq!(mine(&after).expect("still listed")["progress"], 60);
    let html = app
        .page(&officer, "/my-tasks?q=theo+d%C3%B5i+danh+s%C3%A1ch")
        .await;
    assert!(html.contains(">60%<"), "the page shows the new progress");
    // Completing it moves it to the completed count at once.
    app.complete_task("stp.chuyenvien", id).await;
    let done: Value = app.call_json(&officer, "tasks/mine", &search).await;
    assert_eq!(mine(&done).expect("still listed")["class"], "on_time");
    // The counts are the unit's, whatever the search: one more on time, one fewer in progress.
    let count = |d: &Value, class: &str| d["counts"][class].as_i64().expect("a count");
    assert_eq!(count(&done, "on_time"), count(&before, "on_time") + 1);
    assert_eq!(
        count(&done, "in_progress"),
        count(&before, "in_progress") - 1
    );
}

async fn a_successor_commune_sees_and_updates_the_open_task_of_its_district(app: &TestApp) {
    let commune = app.logged_in("tanphu.congchuc").await;
    let search = [("filter[q]", "địa giới hành chính")];
    let d: Value = app.call_json(&commune, "tasks/mine", &search).await;
    let row = d["tasks"]
        .as_array()
        .and_then(|t| t.first())
        .cloned()
        .expect("the district's task is handed over");
    assert_eq!(row["lead_unit"], "Huyện Tân Phú");
    let id = row["id"]
        .as_i64()
        .and_then(|i| i32::try_from(i).ok())
        .expect("id");
    let body = "Xã tiếp tục thực hiện sau sắp xếp.";
    let res = app
        .post_update(&commune, id, "90", "in_progress", body)
        .await;
    assert_progress_saved(&res, id);
    let t = app.task(id).await;
    assert_eq!(t.progress, 90);
    assert_eq!(
        t.lead_unit_id.0,
        app.unit_id("H-TANPHU").await,
        "history keeps the original lead unit"
    );
}

async fn the_plan_page_filters_and_its_sql_classes_agree_with_the_domain_rule(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let all = app.plan_page(&par, plan, &[]).await;
    let total = all["matching"].as_u64().expect("matching");
    assert!(total >= 20, "{total}");
    let mut sum = 0;
    for class in ["on_time", "late", "in_progress", "overdue", "cancelled"] {
        let d = app.plan_page(&par, plan, &[("filter[class]", class)]).await;
        let rows: Vec<Value> = d["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .flat_map(|g| g["tasks"].as_array().cloned().unwrap_or_default())
            .collect();
        // The database chose the rows by its SQL class; each row's class is the domain rule's.
        assert!(
            rows.iter().all(|r| r["class"] == class),
            "{class}: {rows:?}"
        );
        assert_eq!(d["matching"].as_u64(), Some(rows.len() as u64), "{class}");
        assert_eq!(
            all["counts"][class].as_u64(),
            Some(rows.len() as u64),
            "{class}"
        );
        sum += rows.len() as u64;
    }
    assert_eq!(sum, total);
    let q = app.plan_page(&par, plan, &[("filter[q]", "lgsp")]).await;
    assert_eq!(q["matching"], 1);
    let stp = app.unit_id("STP").await.to_string();
    let by_unit = app.plan_page(&par, plan, &[("filter[unit]", &stp)]).await;
    assert!(by_unit["matching"].as_u64().unwrap_or(0) >= 3);
    // A unit user sees only its own tasks of the plan.
    let officer = app.as_role(Role::UnitOfficer).await;
    let mine = app.plan_page(&officer, plan, &[]).await;
    assert_eq!(mine["matching"], by_unit["matching"]);
    let html = app
        .page(&par, &format!("/plans/{plan}?class=overdue"))
        .await;
    assert!(html.contains("Quá hạn chưa hoàn thành"));
}

/// `who` enters `value` as the 9-month figure of `year` of indicator `ind`, with `note` when
/// there is one.
async fn enter_value(
    app: &TestApp,
    who: &Client,
    ind: i32,
    year: i32,
    value: &str,
    note: Option<&str>,
) -> Response {
    let (ind, year) = (ind.to_string(), year.to_string());
    let mut form = vec![
        ("id", ind.as_str()),
        ("year", &year),
        ("period", "m9"),
        ("value", value),
    ];
    form.extend(note.map(|n| ("note", n)));
    app.write(who, "indicators/value", &form).await
}

async fn responsible_units_enter_indicator_values_and_others_cannot(app: &TestApp) {
    let plan = app.new_plan("89/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let stp = app.unit_id("STP").await.to_string();
    let res = app
        .write(
            &par,
            "indicators/create",
            &[
                ("plan_id", &plan.to_string()),
                (
                    "indicator[name]",
                    "Tỷ lệ văn bản được kiểm tra sau ban hành",
                ),
                ("indicator[measure]", "%"),
                ("indicator[target]", "95"),
                ("indicator[direction]", "at_least"),
                ("indicator[unit_ids][]", &stp),
            ],
        )
        .await;
    let ind: i32 = ok_json(res).await;
    let year = chrono::Datelike::year(&today());
    let officer = app.as_role(Role::UnitOfficer).await;
    let values_before = app.count("indicator_values").await;
    let note = Some("Theo báo cáo 9 tháng");
    for value in ["80", "96,5"] {
        ok(enter_value(app, &officer, ind, year, value, note).await).await;
    }
    assert_eq!(
        app.count("indicator_values").await,
        values_before + 1,
        "the second value replaced the first"
    );
    let d = app.plan_page(&par, plan, &[]).await;
    assert_eq!(d["indicators"][0]["latest_actual"], 96.5);
    for (user, status) in [
        ("tanphu.congchuc", StatusCode::FORBIDDEN),
        ("chutich", StatusCode::FORBIDDEN),
        ("sonv.cchc", StatusCode::FORBIDDEN),
    ] {
        let c = app.logged_in(user).await;
        let res = enter_value(app, &c, ind, year, "1", None).await;
        assert_eq!(res.status(), status, "{user}");
    }
    for (year, value) in [(year, "nhiều"), (2019, "1")] {
        let bad = enter_value(app, &officer, ind, year, value, None).await;
        assert_eq!(
            bad.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{year} {value}"
        );
    }
}

async fn a_rate_indicator_is_formed_from_the_units_counts_not_from_their_rates(app: &TestApp) {
    let plan = app.new_plan("90/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let (stp, tanphu) = (app.unit_id("STP").await, app.unit_id("X-TANPHU").await);
    let form = |aggregation: &str| {
        vec![
            ("plan_id", plan.to_string()),
            (
                "indicator[name]",
                "Tỷ lệ hồ sơ giải quyết đúng hạn".to_string(),
            ),
            ("indicator[measure]", "%".to_string()),
            ("indicator[target]", "98".to_string()),
            ("indicator[baseline]", "95,5".to_string()),
            ("indicator[direction]", "at_least".to_string()),
            ("indicator[aggregation]", aggregation.to_string()),
            ("indicator[unit_ids][]", stp.to_string()),
            ("indicator[unit_ids][]", tanphu.to_string()),
        ]
    };
    let res = app
        .write(&par, "indicators/create", &pairs(&form("median")))
        .await;
    assert_invalid(res, "aggregation", "err.bad_choice").await;
    let ind: i32 = ok_json(
        app.write(&par, "indicators/create", &pairs(&form("ratio")))
            .await,
    )
    .await;
    let year = chrono::Datelike::year(&today()).to_string();
    let value = |value: &'static str, base: &'static str| {
        let (ind, year) = (ind.to_string(), year.clone());
        vec![
            ("id", ind),
            ("year", year),
            ("period", "m9".to_string()),
            ("value", value.to_string()),
            ("base", base.to_string()),
        ]
    };
    let officer = app.as_role(Role::UnitOfficer).await;
    let commune = app.logged_in("tanphu.congchuc").await;
    // A ratio needs its total, and the count may not exceed it.
    let res = app
        .write(&officer, "indicators/value", &pairs(&value("990", "")))
        .await;
    assert_invalid(res, "base", "err.bad_number").await;
    let res = app
        .write(&officer, "indicators/value", &pairs(&value("990", "0")))
        .await;
    assert_invalid(res, "base", "err.indicator_base").await;
    let res = app
        .write(&officer, "indicators/value", &pairs(&value("1001", "1000")))
        .await;
    assert_invalid(res, "value", "err.ratio_over_base").await;
    ok(app
        .write(&officer, "indicators/value", &pairs(&value("990", "1000")))
        .await)
    .await;
    ok(app
        .write(&commune, "indicators/value", &pairs(&value("5", "10")))
        .await)
    .await;
    // 995 of 1,010 dossiers on time: 98.5%, not the 74.5% the average of 99% and 50% gives.
    let d = app.plan_page(&par, plan, &[]).await;
    let row = &d["indicators"][0];
    let actual = row["latest_actual"].as_f64().expect("a figure");
    assert!((actual - 995.0 / 1010.0 * 100.0).abs() < 1e-9, "{actual}");
    assert_eq!(row["baseline"], 95.5);
    assert_eq!(row["aggregation"], "ratio");
    let page = app.page(&par, &format!("/plans/{plan}")).await;
    assert!(page.contains("Tỷ lệ giữa hai số đếm"), "the way is shown");
    // Figures the Vietnamese way: the baseline 95,5 and the province's 98,5 (995 of 1,010).
    assert!(page.contains("Đầu kỳ: 95,5 %"), "{page}");
    assert!(page.contains("98,5 %"), "{page}");
}

async fn the_plan_exports_to_xlsx_with_classes(app: &TestApp) {
    use calamine::{Data, Reader, Xlsx};
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let export = format!("/plans/{plan}/tasks.xlsx");
    let res = app.download(&par, &export).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap_or("")
        .contains(".xlsx"));
    let bytes = res.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real xlsx");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let text: Vec<String> = sheet
        .rows()
        .flat_map(|r| {
            r.iter().map(|c| match c {
                Data::String(s) => s.clone(),
                other => other.to_string(),
            })
        })
        .collect();
    assert!(text
        .iter()
        .any(|c| c.contains("Triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP)")));
    assert!(text.iter().any(|c| c == "Hoàn thành đúng hạn"));
    assert!(text.iter().any(|c| c == "Cải cách thủ tục hành chính"));
    let res = app.download(&app.browser(), &export).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn the_par_office_edits_a_task_and_nobody_else_can(app: &TestApp) {
    let plan = app.new_plan("95/KH-UBND").await;
    let due = in_days(30);
    let id = app
        .new_task(plan, "Rà soat quy trinh noi bo", "STP", &["SNV"], due)
        .await;
    let par = app.as_role(Role::ParOffice).await;
    let id_s = id.to_string();
    let (stc, snv, stp) = (
        app.unit_id("STC").await.to_string(),
        app.unit_id("SNV").await.to_string(),
        app.unit_id("STP").await.to_string(),
    );
    let form = |lead: &str, co: &[&str], title: &str| -> Vec<(String, String)> {
        let mut f = vec![
            ("id".to_string(), id_s.clone()),
            ("task[area_id]".into(), "2".into()),
            ("task[heading]".into(), "II".into()),
            ("task[item_no]".into(), "4".into()),
            ("task[title]".into(), title.into()),
            ("task[lead_unit_id]".into(), lead.into()),
            (
                "task[expected_output]".into(),
                "Quyết định phê duyệt quy trình".into(),
            ),
        ];
        for c in co {
            f.push(("task[co_unit_ids][]".into(), (*c).to_string()));
        }
        f
    };
    let before = app.task(id).await;
    let edits = format!("audit_entries WHERE action = 'task.edit' AND object_id = '{id}'");

    // Nobody but the PAR office (and administrators) may edit; a unit user learns nothing.
    for user in ["stp.chuyenvien", "stp.giamdoc", "chutich"] {
        let client = app.logged_in(user).await;
        let f = form(&stc, &[], "Tiêu đề do người khác sửa");
        let res = app.write(&client, "tasks/edit", &pairs(&f)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} editing");
    }
    // Bad input: a retired lead unit, a too-short text, an unknown area. Nothing changes.
    let retired = app.unit_id("H-TANPHU").await.to_string();
    for (f, field) in [
        (
            form(&retired, &[], "Rà soát quy trình nội bộ"),
            "lead_unit_id",
        ),
        (form(&stc, &[], "abc"), "task_title"),
    ] {
        let res = app.write(&par, "tasks/edit", &pairs(&f)).await;
        let e = invalid_field(res, field).await;
        if field == "task_title" {
            // Says what is wrong with the text, not that it is missing.
            assert_eq!(e["Invalid"]["reason"], "err.task_title_length");
        }
    }
    let mut unknown_area = form(&stc, &[], "Rà soát quy trình nội bộ");
    unknown_area[1].1 = "9999".into();
    let res = app.write(&par, "tasks/edit", &pairs(&unknown_area)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.task(id).await, before);
    assert_eq!(app.count(&edits).await, 0);

    // The PAR office corrects the text and hands the lead to STC, with STP co-operating.
    let f = form(
        &stc,
        &[&stp, &snv, &stc],
        "Rà soát quy trình nội bộ giải quyết thủ tục",
    );
    ok(app.write(&par, "tasks/edit", &pairs(&f)).await).await;
    let t = app.task(id).await;
    assert_eq!(t.title, "Rà soát quy trình nội bộ giải quyết thủ tục");
    assert_eq!(t.lead_unit_id.to_string(), stc);
    assert_eq!(
        (t.area_id.0, t.heading.as_str(), t.item_no.as_str()),
        (2, "II", "4")
    );
    assert_eq!(t.expected_output, "Quyết định phê duyệt quy trình");
    assert_eq!(t.effective_due_on, Some(due), "the deadline is not edited");
    let co: i64 = app.count(&format!("task_units WHERE task_id = {id}")).await;
    assert_eq!(
        co, 2,
        "STP and SNV co-operate; the lead is not its own co-operator"
    );
    assert_eq!(
        app.count(&format!(
            "task_units WHERE task_id = {id} AND plan_id = {plan}"
        ))
        .await,
        2,
        "the new links carry the task's plan"
    );
    let d = app.task_detail(&par, id).await;
    assert!(d["trail"]
        .as_array()
        .is_some_and(|t| t.iter().any(|e| e["action"] == "task.edit")));
    assert_eq!(app.count(&edits).await, 1);
    // STP, now co-operating, sees the task; its page shows the words, not the code.
    let officer = app.as_role(Role::UnitOfficer).await;
    assert_eq!(app.task_detail(&officer, id).await["can_update"], false);
    let html = app.page(&par, &format!("/tasks/{id}")).await;
    assert!(html.contains("Sửa nhiệm vụ"), "the edit link and the trail");
    assert!(html.contains("Tạo nhiệm vụ"), "the creation, in words");

    // A cancelled task is not edited.
    let res = app
        .cancel_task(&par, id, "Đã lồng ghép vào kế hoạch khác")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let f = form(&stc, &[], "Rà soát lại sau khi hủy");
    let res = app.write(&par, "tasks/edit", &pairs(&f)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.task(id).await.title,
        "Rà soát quy trình nội bộ giải quyết thủ tục"
    );
}

/// Creating a task checks its texts as editing does: too long is refused with the field's own
/// message, never cut.
async fn over_long_texts_on_create_are_refused_on_their_field_and_nothing_is_saved(app: &TestApp) {
    let plan = app.new_plan("95/KH-UBND").await.to_string();
    let par = app.as_role(Role::ParOffice).await;
    let lead = app.unit_id("STP").await.to_string();
    let due = ymd(in_days(30));
    let tasks_before = app.count("tasks").await;
    let long_heading = "Đ".repeat(256);
    let long_item = "1".repeat(33);
    let long_output = "ư".repeat(4001);
    for (field, value, reason) in [
        ("heading", long_heading.as_str(), "err.heading_length"),
        ("item_no", long_item.as_str(), "err.item_no_length"),
        (
            "expected_output",
            long_output.as_str(),
            "err.expected_output_length",
        ),
    ] {
        let key = format!("task[{field}]");
        let title = "Rà soát quy trình nội bộ giải quyết thủ tục";
        let deadline = [("task[deadline_kind]", "date"), ("task[due_on]", &due)];
        let form = task_form(&plan, "3", title, &lead, &deadline);
        let form = with(form, "task[expected_output]", "Báo cáo");
        let res = app
            .write(&par, "tasks/create", &with(form, &key, value))
            .await;
        let e = invalid_field(res, field).await;
        assert_eq!(e["Invalid"]["reason"], reason);
    }
    assert_eq!(app.count("tasks").await, tasks_before);
}

/// The application's clock is the "today" of follow-up classes: at a fixed 5 July, a task due
/// on 30 June is overdue and one due on 10 July is in progress, whatever the real date.
async fn the_apps_clock_is_the_today_of_follow_up_classes(backend: Backend) {
    let five_july = NaiveDate::from_ymd_opt(2026, 7, 5)
        .and_then(|d| d.and_hms_opt(3, 0, 0))
        .expect("date")
        .and_utc();
    let app = TestApp::spawn_with(backend, |c| {
        c.clock = app::services::clock::Clock::fixed(five_july);
    })
    .await;
    let plan = app.new_plan("96/KH-UBND").await;
    let june = NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let july = NaiveDate::from_ymd_opt(2026, 7, 10).expect("date");
    let late = app
        .new_task(plan, "Số hoá hồ sơ thủ tục hành chính", "STP", &[], june)
        .await;
    let open = app
        .new_task(plan, "Rà soát quy chế làm việc", "STP", &[], july)
        .await;
    let par = app.as_role(Role::ParOffice).await;
    assert_eq!(app.task_detail(&par, late).await["row"]["class"], "overdue");
    assert_eq!(
        app.task_detail(&par, open).await["row"]["class"],
        "in_progress"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_clock_is_the_today_of_follow_up_classes_on_sqlite() {
    the_apps_clock_is_the_today_of_follow_up_classes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_clock_is_the_today_of_follow_up_classes_on_postgres() {
    the_apps_clock_is_the_today_of_follow_up_classes(Backend::Postgres).await;
}
