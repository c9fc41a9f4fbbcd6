//! Plans, tasks, progress, extensions, cancellation, indicators, "my tasks" and the plan page,
//! with the forbidden paths.

use app::domain::Role;
use chrono::{Duration, NaiveDate};
use integration_tests::{error_json, json, on_both_databases, today, ymd, Backend, TestApp};
use reqwest::StatusCode;
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
    a_successor_commune_sees_and_updates_the_open_task_of_its_district,
    the_plan_page_filters_and_its_sql_classes_agree_with_the_domain_rule,
    responsible_units_enter_indicator_values_and_others_cannot,
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
    let plan = app.plan_id("52/KH-UBND").await;
    assert!(app.count(&format!("tasks WHERE plan_id = {plan}")).await > 0);
    app.db
        .execute_unprepared(&format!(
            "INSERT INTO task_units (task_id, unit_id) \
             SELECT MIN(tasks.id), {unit} FROM tasks WHERE tasks.plan_id = {plan} \
             AND NOT EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = tasks.id \
             AND tu.unit_id = {unit})",
            unit = app.unit_id("SNV").await
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

async fn task_json(app: &TestApp, client: &reqwest::Client, id: i32) -> Value {
    let res = app
        .call(client, "tasks/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    json(res).await
}

async fn the_par_office_creates_a_plan_and_a_task_and_both_are_audited(app: &TestApp) {
    let plan = app.new_plan("99/KH-UBND").await;
    let due = today() + Duration::days(30);
    let id = app
        .new_task(
            plan,
            "Rà soát quy trình nội bộ giải quyết thủ tục hành chính",
            "STP",
            &["SNV", "STC"],
            due,
        )
        .await;
    let t = app.task(id).await;
    assert_eq!(t.plan_id.0, plan);
    assert_eq!(t.effective_due_on, Some(due));
    assert_eq!(t.due_text, due.format("%d/%m/%Y").to_string());
    let par = app.as_role(Role::ParOffice).await;
    let detail = task_json(app, &par, id).await;
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
    let page = app.get(&par, &format!("/plans/{plan}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Rà soát quy trình nội bộ giải quyết thủ tục hành chính"));
}

async fn a_line_for_all_departments_becomes_one_task_per_current_department(app: &TestApp) {
    let plan = app.new_plan("98/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let before = app.count("tasks").await;
    let res = app
        .write(
            &par,
            "tasks/create",
            &[
                ("plan_id", &plan.to_string()),
                ("task[area_id]", "2"),
                (
                    "task[title]",
                    "Tự kiểm tra công tác cải cách hành chính tại cơ quan",
                ),
                ("task[lead_unit_id]", "all_departments"),
                ("task[deadline_kind]", "quarter"),
                ("task[due_part]", "4"),
                ("task[due_year]", &today().format("%Y").to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ids: Vec<i32> = json(res).await;
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
    let before_plans = app.count("plans").await;
    let before_tasks = app.count("tasks").await;
    for user in [
        "stp.chuyenvien",
        "stp.giamdoc",
        "chutich",
        "tanphu.congchuc",
    ] {
        let c = app.logged_in(user).await;
        let res = app
            .write(
                &c,
                "plans/create",
                &[
                    ("plan[number]", "1/KH-X"),
                    ("plan[title]", "Kế hoạch giả mạo"),
                    ("plan[kind]", "annual"),
                    ("plan[issued_on]", "2026-01-01"),
                    ("plan[issuing_body]", "X"),
                    ("plan[year_from]", "2026"),
                    ("plan[year_to]", "2026"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "{user} creating a plan"
        );
        let res = app
            .write(
                &c,
                "tasks/create",
                &[
                    ("plan_id", &plan.to_string()),
                    ("task[area_id]", "2"),
                    ("task[title]", "Nhiệm vụ giả mạo"),
                    ("task[lead_unit_id]", "all_communes"),
                    ("task[deadline_kind]", "ongoing"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "{user} creating a task"
        );
        let res = app
            .write(
                &c,
                "tasks/cancel",
                &[("id", "1"), ("reason", "Không còn phù hợp")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} cancelling");
        let res = app
            .write(
                &c,
                "tasks/extend",
                &[
                    ("id", "1"),
                    ("new_due_on", "2027-01-01"),
                    ("document", "CV 1/UBND"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} extending");
        let page = app.get(&c, &format!("/plans/{plan}/import")).await;
        assert_eq!(
            page.status(),
            StatusCode::FORBIDDEN,
            "{user} opening the import page"
        );
        let up = app
            .upload(
                &c,
                &format!("/plans/{plan}/import"),
                &[],
                &[("file", "x.csv", b"a,b\n".to_vec())],
            )
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
    assert_eq!(app.count("plans").await, before_plans);
    assert_eq!(app.count("tasks").await, before_tasks);
}

async fn bad_plan_and_task_input_is_refused_and_changes_nothing(app: &TestApp) {
    let plan = app.new_plan("96/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let before = (
        app.count("plans").await,
        app.count("tasks").await,
        app.count("audit_entries").await,
    );
    let dup = app
        .write(
            &par,
            "plans/create",
            &[
                ("plan[number]", "96/KH-UBND"),
                ("plan[title]", "Trùng số hiệu văn bản"),
                ("plan[kind]", "annual"),
                ("plan[issued_on]", "2026-01-01"),
                ("plan[issuing_body]", "UBND tỉnh"),
                ("plan[year_from]", "2026"),
                ("plan[year_to]", "2026"),
            ],
        )
        .await;
    assert_eq!(dup.status(), StatusCode::CONFLICT);
    let e = error_json(dup).await;
    assert_eq!(e["Conflict"]["field"], "number");
    let years = app
        .write(
            &par,
            "plans/create",
            &[
                ("plan[number]", "95/KH-UBND"),
                ("plan[title]", "Năm kết thúc trước năm bắt đầu"),
                ("plan[kind]", "annual"),
                ("plan[issued_on]", "2026-01-01"),
                ("plan[issuing_body]", "UBND tỉnh"),
                ("plan[year_from]", "2026"),
                ("plan[year_to]", "2025"),
            ],
        )
        .await;
    assert_eq!(years.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_json(years).await["Invalid"]["field"], "year_to");
    for (field, form) in [
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
        let mut all = vec![
            ("plan_id", plan.to_string()),
            ("task[area_id]", "2".into()),
            ("task[title]", "Nhiệm vụ có hạn sai".into()),
            ("task[lead_unit_id]", app.unit_id("STP").await.to_string()),
        ];
        all.extend(form.into_iter().map(|(k, v)| (k, v.to_string())));
        let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.write(&par, "tasks/create", &refs).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(error_json(res).await["Invalid"]["field"], field);
    }
    // A retired unit cannot lead a new task.
    let retired = app.unit_id("H-TANPHU").await.to_string();
    let res = app
        .write(
            &par,
            "tasks/create",
            &[
                ("plan_id", &plan.to_string()),
                ("task[area_id]", "2"),
                ("task[title]", "Giao cho huyện đã giải thể"),
                ("task[lead_unit_id]", &retired),
                ("task[deadline_kind]", "ongoing"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (
            app.count("plans").await,
            app.count("tasks").await,
            app.count("audit_entries").await
        ),
        before
    );
}

async fn an_extension_moves_the_deadline_and_a_cancelled_task_takes_no_update(app: &TestApp) {
    let plan = app.new_plan("94/KH-UBND").await;
    let overdue_due = today() - Duration::days(10);
    let id = app
        .new_task(
            plan,
            "Hoàn thiện quy chế phối hợp liên thông",
            "STP",
            &[],
            overdue_due,
        )
        .await;
    let par = app.as_role(Role::ParOffice).await;
    assert_eq!(task_json(app, &par, id).await["row"]["class"], "overdue");
    let earlier = app
        .write(
            &par,
            "tasks/extend",
            &[
                ("id", &id.to_string()),
                ("new_due_on", &ymd(overdue_due - Duration::days(1))),
                ("document", "CV 12/UBND-NC"),
            ],
        )
        .await;
    assert_eq!(earlier.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new_due = today() + Duration::days(20);
    let res = app
        .write(
            &par,
            "tasks/extend",
            &[
                ("id", &id.to_string()),
                ("new_due_on", &ymd(new_due)),
                ("document", "Công văn số 88/UBND-NC"),
                ("note", "Chờ hướng dẫn của Bộ"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let d = task_json(app, &par, id).await;
    assert_eq!(d["row"]["class"], "in_progress");
    assert_eq!(d["row"]["extended"], true);
    assert_eq!(d["extensions"][0]["document"], "Công văn số 88/UBND-NC");
    assert_eq!(
        app.task(id).await.due_on,
        Some(overdue_due),
        "the original deadline is kept"
    );

    let short = app
        .write(
            &par,
            "tasks/cancel",
            &[("id", &id.to_string()), ("reason", "x")],
        )
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .write(
            &par,
            "tasks/cancel",
            &[
                ("id", &id.to_string()),
                ("reason", "Nhiệm vụ đã được lồng ghép vào kế hoạch khác"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(task_json(app, &par, id).await["row"]["class"], "cancelled");
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
    let id = app
        .new_task(
            plan,
            "Xây dựng cơ sở dữ liệu văn bản pháp luật của tỉnh",
            "STP",
            &["SNV"],
            today() + Duration::days(5),
        )
        .await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let res = app
        .upload(
            &officer,
            &format!("/tasks/{id}/progress"),
            &[
                ("kind", "update"),
                ("progress", "40"),
                ("state", "in_progress"),
                ("body", "Đã nhập 1.200 văn bản vào cơ sở dữ liệu."),
            ],
            &[("files", "biên bản kiểm tra.pdf", pdf())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        format!("/tasks/{id}?ok=progress")
    );
    let t = app.task(id).await;
    assert_eq!(t.progress, 40);
    let d = task_json(app, &officer, id).await;
    assert_eq!(d["row"]["class"], "in_progress");
    let file = &d["updates"][0]["files"][0];
    assert_eq!(file["file_name"], "biên bản kiểm tra.pdf");
    let file_id = file["id"].as_i64().expect("file id");
    let dl = officer
        .get(format!("{}/files/{file_id}", app.base))
        .send()
        .await
        .expect("download");
    assert_eq!(dl.status(), StatusCode::OK);
    assert_eq!(dl.headers()["content-type"], "application/pdf");
    assert_eq!(dl.bytes().await.expect("bytes").to_vec(), pdf());
    // A unit that has nothing to do with the task cannot download its evidence.
    let other = app.logged_in("tanphu.congchuc").await;
    let dl = other
        .get(format!("{}/files/{file_id}", app.base))
        .send()
        .await
        .expect("download");
    assert_eq!(dl.status(), StatusCode::NOT_FOUND);

    let res = app
        .upload(
            &officer,
            &format!("/tasks/{id}/progress"),
            &[
                ("kind", "update"),
                ("progress", "100"),
                ("state", "completed"),
                ("completed_on", &ymd(today())),
                ("body", "Hoàn thành, đã vận hành."),
            ],
            &[],
        )
        .await;
    assert_eq!(
        res.headers()["location"],
        format!("/tasks/{id}?ok=progress")
    );
    let d = task_json(app, &officer, id).await;
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
    let html = app
        .get(&officer, &format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(html.contains("Đã nhập 1.200 văn bản vào cơ sở dữ liệu."));
    assert!(html.contains("Hoàn thành đúng hạn"));
}

async fn co_operating_units_contribute_and_other_units_and_leaders_cannot_write(app: &TestApp) {
    let plan = app.new_plan("92/KH-UBND").await;
    let id = app
        .new_task(
            plan,
            "Đánh giá tác động thủ tục hành chính trong dự thảo văn bản",
            "SNV",
            &["STP"],
            today() + Duration::days(40),
        )
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
    assert_eq!(
        res.headers()["location"],
        format!("/tasks/{id}?ok=progress")
    );
    let d = task_json(app, &stp, id).await;
    assert_eq!(d["updates"][0]["kind"], "contribution");
    assert_eq!(d["can_update"], false);
    assert_eq!(d["can_contribute"], true);
    // Another unit sees nothing and writes nothing, even calling the route directly.
    let other = app.logged_in("tanphu.congchuc").await;
    let res = app
        .call(&other, "tasks/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let before = app.count("progress_updates").await;
    for kind in ["update", "contribution"] {
        let res = app
            .upload(
                &other,
                &format!("/tasks/{id}/progress"),
                &[
                    ("kind", kind),
                    ("progress", "10"),
                    ("state", "in_progress"),
                    ("body", "Không được phép"),
                ],
                &[],
            )
            .await;
        assert_eq!(res.headers()["x-outcome"], "404", "{kind}");
    }
    // Leaders read but write nothing.
    let leader = app.as_role(Role::Leader).await;
    assert_eq!(
        app.call(&leader, "tasks/get", &[("id", &id.to_string())])
            .await
            .status(),
        StatusCode::OK
    );
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
    let id = app
        .new_task(
            plan,
            "Cập nhật quy trình ISO điện tử",
            "STP",
            &[],
            today() + Duration::days(15),
        )
        .await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let before = (
        app.count("progress_updates").await,
        app.count("attachments").await,
        app.count("audit_entries").await,
    );
    let tomorrow = ymd(today() + Duration::days(1));
    type Case<'a> = (
        Vec<(&'a str, &'a str)>,
        Vec<(&'a str, &'a str, Vec<u8>)>,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            vec![("progress", "150"), ("state", "in_progress"), ("body", "x")],
            vec![],
            "err.progress_range",
        ),
        (
            vec![("progress", "-3"), ("state", "in_progress"), ("body", "x")],
            vec![],
            "err.progress_range",
        ),
        (
            vec![
                ("progress", "100"),
                ("state", "completed"),
                ("completed_on", &tomorrow),
                ("body", "x"),
            ],
            vec![],
            "err.completed_in_future",
        ),
        (
            vec![("progress", "100"), ("state", "completed"), ("body", "x")],
            vec![],
            "err.bad_date",
        ),
        (
            vec![("progress", "10"), ("state", "cancelled"), ("body", "x")],
            vec![],
            "err.bad_choice",
        ),
        (
            vec![("progress", "10"), ("state", "in_progress"), ("body", "  ")],
            vec![],
            "err.required",
        ),
        (
            vec![("progress", "10"), ("state", "in_progress"), ("body", "x")],
            vec![("files", "virus.exe", b"MZ\x90\x00".to_vec())],
            "err.file_type",
        ),
        (
            vec![("progress", "10"), ("state", "in_progress"), ("body", "x")],
            vec![("files", "fake.pdf", b"<html>".to_vec())],
            "err.file_content",
        ),
        (
            vec![("progress", "10"), ("state", "in_progress"), ("body", "x")],
            vec![("files", "big.pdf", {
                let mut v = pdf();
                v.resize(11 * 1024 * 1024, b' ');
                v
            })],
            "err.file_too_large",
        ),
    ];
    for (fields, files, key) in cases {
        let mut all = vec![("kind", "update")];
        all.extend(fields);
        let res = app
            .upload(&officer, &format!("/tasks/{id}/progress"), &all, &files)
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{key}");
        let loc = integration_tests::location(&res);
        assert!(loc.contains(&format!("err={key}")), "{key}: {loc}");
    }
    assert_eq!(
        (
            app.count("progress_updates").await,
            app.count("attachments").await,
            app.count("audit_entries").await
        ),
        before
    );
    assert_eq!(app.task(id).await.progress, 0);
}

async fn my_tasks_lists_lead_and_co_operating_tasks_most_urgent_first(app: &TestApp) {
    let plan = app.new_plan("90/KH-UBND").await;
    let late = app
        .new_task(
            plan,
            "Nhiệm vụ đã quá hạn của Sở Tư pháp",
            "STP",
            &[],
            today() - Duration::days(3),
        )
        .await;
    let co = app
        .new_task(
            plan,
            "Nhiệm vụ Sở Tư pháp phối hợp",
            "SNV",
            &["STP"],
            today() + Duration::days(2),
        )
        .await;
    let not_mine = app
        .new_task(
            plan,
            "Nhiệm vụ của Sở Y tế",
            "SYT",
            &[],
            today() - Duration::days(30),
        )
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
    let classes: Vec<&str> = d["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["class"].as_str())
        .collect();
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
    let overdue: Value = json(
        app.call(&officer, "tasks/mine", &[("filter[class]", "overdue")])
            .await,
    )
    .await;
    assert!(overdue["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|t| t["class"] == "overdue"));
    // The page, and the home page of a unit user, show the list.
    let html = app
        .get(&officer, "/")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        html.contains("Nhiệm vụ đã quá hạn của Sở Tư pháp"),
        "home shows my tasks"
    );
    // Others have no "my tasks".
    let leader = app.as_role(Role::Leader).await;
    assert_eq!(
        app.get(&leader, "/my-tasks").await.status(),
        StatusCode::FORBIDDEN
    );
}

async fn a_successor_commune_sees_and_updates_the_open_task_of_its_district(app: &TestApp) {
    let commune = app.logged_in("tanphu.congchuc").await;
    let d: Value = json(
        app.call(
            &commune,
            "tasks/mine",
            &[("filter[q]", "địa giới hành chính")],
        )
        .await,
    )
    .await;
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
    let res = app
        .post_update(
            &commune,
            id,
            "90",
            "in_progress",
            "Xã tiếp tục thực hiện sau sắp xếp.",
        )
        .await;
    assert_eq!(
        res.headers()["location"],
        format!("/tasks/{id}?ok=progress")
    );
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
    let all: Value = json(
        app.call(&par, "plans/page", &[("id", &plan.to_string())])
            .await,
    )
    .await;
    let total = all["matching"].as_u64().expect("matching");
    assert!(total >= 20, "{total}");
    let mut sum = 0;
    for class in ["on_time", "late", "in_progress", "overdue", "cancelled"] {
        let d: Value = json(
            app.call(
                &par,
                "plans/page",
                &[("id", &plan.to_string()), ("filter[class]", class)],
            )
            .await,
        )
        .await;
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
    let q: Value = json(
        app.call(
            &par,
            "plans/page",
            &[("id", &plan.to_string()), ("filter[q]", "lgsp")],
        )
        .await,
    )
    .await;
    assert_eq!(q["matching"], 1);
    let stp = app.unit_id("STP").await.to_string();
    let by_unit: Value = json(
        app.call(
            &par,
            "plans/page",
            &[("id", &plan.to_string()), ("filter[unit]", &stp)],
        )
        .await,
    )
    .await;
    assert!(by_unit["matching"].as_u64().unwrap_or(0) >= 3);
    // A unit user sees only its own tasks of the plan.
    let officer = app.as_role(Role::UnitOfficer).await;
    let mine: Value = json(
        app.call(&officer, "plans/page", &[("id", &plan.to_string())])
            .await,
    )
    .await;
    assert_eq!(mine["matching"], by_unit["matching"]);
    let html = app
        .get(&par, &format!("/plans/{plan}?class=overdue"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(html.contains("Quá hạn chưa hoàn thành"));
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
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let ind: i32 = json(res).await;
    let year = today().format("%Y").to_string();
    let officer = app.as_role(Role::UnitOfficer).await;
    let values_before = app.count("indicator_values").await;
    for value in ["80", "96,5"] {
        let res = app
            .write(
                &officer,
                "indicators/value",
                &[
                    ("id", &ind.to_string()),
                    ("year", &year),
                    ("period", "m9"),
                    ("value", value),
                    ("note", "Theo báo cáo 9 tháng"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }
    assert_eq!(
        app.count("indicator_values").await,
        values_before + 1,
        "the second value replaced the first"
    );
    let d: Value = json(
        app.call(&par, "plans/page", &[("id", &plan.to_string())])
            .await,
    )
    .await;
    assert_eq!(d["indicators"][0]["latest_actual"], 96.5);
    for (user, status) in [
        ("tanphu.congchuc", StatusCode::FORBIDDEN),
        ("chutich", StatusCode::FORBIDDEN),
        ("sonv.cchc", StatusCode::FORBIDDEN),
    ] {
        let c = app.logged_in(user).await;
        let res = app
            .write(
                &c,
                "indicators/value",
                &[
                    ("id", &ind.to_string()),
                    ("year", &year),
                    ("period", "m9"),
                    ("value", "1"),
                ],
            )
            .await;
        assert_eq!(res.status(), status, "{user}");
    }
    let bad = app
        .write(
            &officer,
            "indicators/value",
            &[
                ("id", &ind.to_string()),
                ("year", &year),
                ("period", "m9"),
                ("value", "nhiều"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app
        .write(
            &officer,
            "indicators/value",
            &[
                ("id", &ind.to_string()),
                ("year", "2019"),
                ("period", "m9"),
                ("value", "1"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn the_plan_exports_to_xlsx_with_classes(app: &TestApp) {
    use calamine::{Data, Reader, Xlsx};
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let res = par
        .get(format!("{}/plans/{plan}/tasks.xlsx", app.base))
        .send()
        .await
        .expect("export");
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
    let anon = app.browser();
    let res = anon
        .get(format!("{}/plans/{plan}/tasks.xlsx", app.base))
        .send()
        .await
        .expect("export");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// A form of owned pairs as the borrowed pairs `TestApp::write` takes.
fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn the_par_office_edits_a_task_and_nobody_else_can(app: &TestApp) {
    let plan = app.new_plan("95/KH-UBND").await;
    let due = today() + Duration::days(30);
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
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let e = error_json(res).await;
        assert_eq!(e["Invalid"]["field"], field);
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
    let res = app.write(&par, "tasks/edit", &pairs(&f)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
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
    let d = task_json(app, &par, id).await;
    assert!(d["trail"]
        .as_array()
        .is_some_and(|t| t.iter().any(|e| e["action"] == "task.edit")));
    assert_eq!(app.count(&edits).await, 1);
    // STP, now co-operating, sees the task; its page shows the words, not the code.
    let officer = app.as_role(Role::UnitOfficer).await;
    assert_eq!(task_json(app, &officer, id).await["can_update"], false);
    let html = app
        .get(&par, &format!("/tasks/{id}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(html.contains("Sửa nhiệm vụ"), "the edit link and the trail");
    assert!(html.contains("Tạo nhiệm vụ"), "the creation, in words");

    // A cancelled task is not edited.
    let res = app
        .write(
            &par,
            "tasks/cancel",
            &[("id", &id_s), ("reason", "Đã lồng ghép vào kế hoạch khác")],
        )
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
    let due = ymd(today() + Duration::days(30));
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
        let mut form: Vec<(&str, &str)> = vec![
            ("plan_id", &plan),
            ("task[area_id]", "3"),
            ("task[title]", "Rà soát quy trình nội bộ giải quyết thủ tục"),
            ("task[lead_unit_id]", &lead),
            ("task[deadline_kind]", "date"),
            ("task[due_on]", &due),
            ("task[expected_output]", "Báo cáo"),
        ];
        form.retain(|(k, _)| *k != key.as_str());
        form.push((&key, value));
        let res = app.write(&par, "tasks/create", &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let e = error_json(res).await;
        assert_eq!(e["Invalid"]["field"], field);
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
    assert_eq!(task_json(&app, &par, late).await["row"]["class"], "overdue");
    assert_eq!(
        task_json(&app, &par, open).await["row"]["class"],
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
