//! The reporting cycle: periods, a unit report drafted, submitted, returned, resubmitted and
//! accepted (with the forbidden steps), the frozen snapshot, the submission board, the province
//! report compiled and exported as PDF and XLSX in numbered versions, and who may see what.

use app::domain::Role;
use integration_tests::checks::{assert_conflict, assert_contains_each, ok, texts};
use integration_tests::documents::poppler;
use integration_tests::tasks::{plan_form, with};
use integration_tests::{error_json, json, on_both_databases, TestApp};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use app::entities::{province_report, unit_report};

on_both_databases!(
    periods_are_generated_once_edited_with_checks_and_opened_by_the_par_office,
    a_unit_report_goes_through_the_whole_cycle_with_its_forbidden_steps,
    the_province_report_compiles_from_accepted_reports_and_exports_numbered_versions,
    bad_narratives_are_refused_and_odd_characters_still_give_a_pdf,
    a_stored_snapshot_that_cannot_be_read_is_an_error_never_the_live_figures,
    every_current_unit_is_expected_and_the_office_adds_or_exempts_with_a_reason,
    a_units_report_covers_its_tasks_of_every_plan_of_the_year,
);

/// The unit ids on a period's board.
async fn board_units(app: &TestApp, par: &Client, period: i32) -> Vec<i64> {
    let board = ok(app
        .call(par, "reports/board", &[("id", &period.to_string())])
        .await)
    .await;
    board["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["unit_id"].as_i64())
        .collect()
}

async fn every_current_unit_is_expected_and_the_office_adds_or_exempts_with_a_reason(
    app: &TestApp,
) {
    let par = app.as_role(Role::ParOffice).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    // A period the demo has no report in (its units' reports keep them on the board).
    let p = app.period(2025, "q1").await;
    let current = app
        .count("units WHERE valid_to IS NULL AND kind <> 'people_committee'")
        .await;
    assert!(current >= 30, "the demo has its departments and communes");
    let rows = board_units(app, &par, p.id).await;
    assert_eq!(rows.len() as i64, current, "one row per expected unit");
    let ubnd = i64::from(app.unit_id("UBND").await);
    assert!(
        !rows.contains(&ubnd),
        "the People's Committee receives, not reports"
    );
    let set = |unit: i64, expected: &'static str, reason: &'static str| {
        let (pid, unit) = (p.id.to_string(), unit.to_string());
        let par = &par;
        async move {
            app.write(
                par,
                "reports/period_unit",
                &[
                    ("id", &pid),
                    ("unit_id", &unit),
                    ("expected", expected),
                    ("reason", reason),
                ],
            )
            .await
        }
    };
    // Exempting needs a reason; a unit officer may not change the list.
    let tp = i64::from(app.unit_id("X-TANPHU").await);
    let no_reason = set(tp, "false", " ").await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_json(no_reason).await["Invalid"]["field"], "reason");
    let res = app
        .write(
            &officer,
            "reports/period_unit",
            &[
                ("id", &p.id.to_string()),
                ("unit_id", &tp.to_string()),
                ("expected", "false"),
                ("reason", "Không có nhiệm vụ"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("period_units").await, 0, "nothing changed");
    ok(set(tp, "false", "Xã mới thành lập, chưa có nhiệm vụ").await).await;
    let board = ok(app
        .call(&par, "reports/board", &[("id", &p.id.to_string())])
        .await)
    .await;
    assert!(!board_units(app, &par, p.id).await.contains(&tp));
    assert_eq!(
        board["exempted"][0]["reason"],
        "Xã mới thành lập, chưa có nhiệm vụ"
    );
    // The People's Committee may be added, with a reason; expecting a unit again needs none.
    ok(set(ubnd, "true", "Báo cáo riêng về chỉ đạo điều hành").await).await;
    ok(set(tp, "true", "").await).await;
    let rows = board_units(app, &par, p.id).await;
    assert_eq!(rows.len() as i64, current + 1);
    assert!(rows.contains(&tp) && rows.contains(&ubnd));
    assert_eq!(
        app.count("period_units").await,
        1,
        "only the addition is stored"
    );
    // A retired unit cannot be added; a period of another id is not found.
    let old = i64::from(app.unit_id("H-TANPHU").await);
    assert_eq!(
        app.count(&format!("units WHERE id = {old} AND valid_to IS NOT NULL"))
            .await,
        1,
        "the district merged in 2025"
    );
    assert_eq!(
        set(old, "true", "Đơn vị cũ").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let audited = app
        .count(
            "audit_entries WHERE action IN ('reporting_period.exempt', 'reporting_period.expect')",
        )
        .await;
    assert_eq!(audited, 3);
}

async fn a_units_report_covers_its_tasks_of_every_plan_of_the_year(app: &TestApp) {
    let officer = app.as_role(Role::UnitOfficer).await;
    let stp = app.unit_id("STP").await;
    // 2026: the 2026 plan, the 2025 plan (still in force) and the Chairman's conclusion
    // notice all have tasks of the unit, each named as the report prints it.
    let p = app.period(2026, "year").await;
    let report = app.unit_report(&officer, p.id, stp).await;
    let sources: std::collections::BTreeSet<String> = report["snapshot"]["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["source"].as_str().map(str::to_string))
        .collect();
    for source in [
        "Kế hoạch số 45/KH-UBND",
        "Kế hoạch số 52/KH-UBND",
        "Thông báo số 156/TB-UBND",
    ] {
        assert!(sources.contains(source), "{source} in {sources:?}");
    }
    // Grouped by source: once a source is left, it does not come back.
    let order: Vec<String> = report["snapshot"]["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["source"].as_str().map(str::to_string))
        .collect();
    let mut seen: Vec<&String> = Vec::new();
    for s in &order {
        if seen.last() != Some(&s) {
            assert!(!seen.contains(&s), "{s} comes back: {order:?}");
            seen.push(s);
        }
    }
    // 2025: neither the 2026 plan nor the 2026 notice is reported on.
    let p = app.period(2025, "year").await;
    let report = app.unit_report(&officer, p.id, stp).await;
    let tasks = report["snapshot"]["tasks"].as_array().expect("tasks");
    assert!(tasks
        .iter()
        .any(|t| t["source"] == "Kế hoạch số 52/KH-UBND"));
    assert!(tasks
        .iter()
        .all(|t| t["source"] != "Kế hoạch số 45/KH-UBND"
            && t["source"] != "Thông báo số 156/TB-UBND"));
    // The page shows the source headings.
    let html = app
        .open(
            &officer,
            &format!(
                "/reports/periods/{}/units/{stp}",
                app.period(2026, "year").await.id
            ),
            StatusCode::OK,
        )
        .await;
    assert_contains_each(&html, &["Kế hoạch số 45/KH-UBND", "Kế hoạch số 52/KH-UBND"]);
}

async fn periods_are_generated_once_edited_with_checks_and_opened_by_the_par_office(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    // The demo made the province's four periods of 2025; generating again adds nothing.
    assert_eq!(
        json::<usize>(
            app.write(&par, "reports/generate", &[("year", "2025")])
                .await
        )
        .await,
        0
    );
    // A year out of range, or not a year, is refused.
    for bad in ["1990", "2999", "năm nay"] {
        let res = app.write(&par, "reports/generate", &[("year", bad)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let p = app.period(2025, "q1").await;
    assert_eq!(p.cutoff.to_string(), "2025-03-14");
    assert_eq!(p.unit_due_on.to_string(), "2025-03-15");
    assert_eq!(p.province_due_on.to_string(), "2025-03-20");
    assert!(!p.is_open);
    // A unit officer may not generate, edit or open periods.
    for (endpoint, form) in [
        ("reports/generate", vec![("year", "2027".to_string())]),
        (
            "reports/period_open",
            vec![("id", p.id.to_string()), ("open", "true".into())],
        ),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.write(&officer, endpoint, &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
    // Dates that contradict each other are refused and change nothing.
    let pid = p.id.to_string();
    let dates = ["2024-12-15", "2025-03-14", "2025-03-01", "2025-03-20"];
    let bad = set_dates(app, &par, &pid, dates).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_json(bad).await["Invalid"]["field"], "unit_due_on");
    assert_eq!(
        app.period(2025, "q1").await.unit_due_on.to_string(),
        "2025-03-15"
    );
    // Good dates are saved and audited.
    let dates = ["2024-12-15", "2025-03-14", "18/03/2025", "2025-03-22"];
    ok(set_dates(app, &par, &pid, dates).await).await;
    let p = app.period(2025, "q1").await;
    assert_eq!(p.unit_due_on.to_string(), "2025-03-18");
    app.open_period(&par, p.id, true).await;
    assert!(app.period(2025, "q1").await.is_open);
    // A new plan of 2027 brings the province's four periods of 2027, once: periods belong to
    // the province, not to a plan.
    let live = "reporting_periods WHERE merged_into IS NULL";
    let before = app.count(live).await;
    let title = "Kế hoạch cải cách hành chính chuyên đề năm 2027";
    for number in ["77/KH-UBND", "78/KH-UBND"] {
        let form = plan_form(number, title, "2026-11-01", ("2027", "2027"));
        let form = with(form, "plan[kind]", "thematic");
        let form = with(form, "plan[issuing_body]", "UBND tỉnh Sơn Hà");
        let form = with(form, "plan[status]", "in_force");
        json::<i32>(app.write(&par, "plans/create", &form).await).await;
    }
    assert_eq!(app.count(live).await, before + 4);
    assert_eq!(app.count("reporting_periods WHERE year = 2027").await, 4);
    assert_eq!(
        app.count("reporting_periods WHERE plan_id IS NOT NULL")
            .await,
        0
    );
    let page = ok(app.call(&par, "reports/page", &[]).await).await;
    assert!(page["periods"].as_array().is_some_and(|a| a.len() >= 12));
    // The demo's 2026 annual period has a report waiting for review.
    assert!(page["queue"].as_array().is_some_and(|q| !q.is_empty()));
    let audited = app
        .count("audit_entries WHERE action IN ('reporting_period.update', 'reporting_period.open')")
        .await;
    assert_eq!(audited, 2, "the new dates and the opening");
}

async fn a_unit_report_goes_through_the_whole_cycle_with_its_forbidden_steps(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let head = app.as_role(Role::UnitHead).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let other_unit = app.logged_in("tanphu.chutich").await;
    let leader = app.as_role(Role::Leader).await;
    let stp = app.unit_id("STP").await;
    let p = app.period(2025, "year").await;

    // Drafting works while the period is closed; submitting does not.
    let results = "Sở Tư pháp hoàn thành các nhiệm vụ năm 2025.";
    app.draft_report(&officer, p.id, stp, results).await;
    let closed = app.save_report(&head, p.id, stp, "Kết quả", "submit").await;
    assert_conflict(closed, "err.period_closed").await;
    app.open_period(&par, p.id, true).await;

    // Officers draft, only the head submits; other units and leaders cannot write.
    let by_officer = app
        .save_report(&officer, p.id, stp, "Kết quả", "submit")
        .await;
    assert_conflict(by_officer, "err.only_head_submits").await;
    for who in [&other_unit, &leader, &par] {
        let res = app.save_report(who, p.id, stp, "Ghi đè", "save").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = app.read_unit_report(&other_unit, p.id, stp).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The head submits: the figures freeze.
    let draft = app.unit_report(&head, p.id, stp).await;
    assert_eq!(draft["frozen"], false);
    assert_eq!(draft["can_submit"], true);
    let tasks = draft["snapshot"]["tasks"]
        .as_array()
        .expect("tasks")
        .clone();
    assert!(
        !tasks.is_empty(),
        "the Department of Justice has 2025 tasks"
    );
    app.submit_report(&head, p.id, stp, results).await;
    let twice = app.save_report(&head, p.id, stp, "Lại", "submit").await;
    assert_conflict(twice, "err.report_not_editable").await;
    let edit = app
        .save_report(&officer, p.id, stp, "Sửa sau khi nộp", "save")
        .await;
    assert_eq!(edit.status(), StatusCode::CONFLICT);

    // A later change to a task does not change the submitted report.
    let first_task = tasks[0]["id"].as_i64().expect("task id") as i32;
    let before = tasks[0]["progress"].as_i64().expect("progress");
    app::entities::task::ActiveModel {
        id: Set(first_task),
        progress: Set(if before == 37 { 38 } else { 37 }),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .expect("change a task behind the report");
    let submitted = app.unit_report(&par, p.id, stp).await;
    assert_eq!(submitted["frozen"], true);
    // The 2025 annual report was due on 15/12/2025: it is late.
    assert_eq!(submitted["state"], "submitted_late");
    assert_eq!(
        submitted["snapshot"]["tasks"][0]["progress"].as_i64(),
        Some(before)
    );
    assert_eq!(submitted["can_review"], true);

    // Review: only the PAR office; returning needs a comment.
    let rid = submitted["report_id"]
        .as_i64()
        .expect("report id")
        .to_string();
    let by_head = app.review_report(&head, &rid, "accept", None).await;
    assert_eq!(by_head.status(), StatusCode::FORBIDDEN);
    let no_reason = app.review_report(&par, &rid, "return", None).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let comment = "Đề nghị bổ sung số liệu văn bản đã rà soát.";
    ok(app.review_report(&par, &rid, "return", Some(comment)).await).await;
    let returned = app.unit_report(&officer, p.id, stp).await;
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["review_comment"], comment);
    assert_eq!(returned["can_edit"], true);
    // The unit fixes and resubmits; the PAR office accepts.
    app.draft_report(&officer, p.id, stp, "Đã rà soát 412 văn bản.")
        .await;
    let results = "Đã rà soát 412 văn bản, đề nghị bãi bỏ 17.";
    app.submit_report(&head, p.id, stp, results).await;
    ok(app.review_report(&par, &rid, "accept", None).await).await;
    let accepted = app.unit_report(&leader, p.id, stp).await;
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(accepted["sections"]["results"], results);
    let history = texts(&accepted["history"], "action");
    assert_eq!(
        history,
        [
            "created",
            "submitted",
            "returned",
            "resubmitted",
            "accepted"
        ]
    );
    let accept_twice = app.review_report(&par, &rid, "accept", None).await;
    assert_eq!(accept_twice.status(), StatusCode::CONFLICT);

    // The board shows the unit as accepted; a unit user has no board.
    let board = ok(app
        .call(&par, "reports/board", &[("id", &p.id.to_string())])
        .await)
    .await;
    let row = board["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["unit_id"].as_i64() == Some(i64::from(stp)))
        .expect("the unit is on the board")
        .clone();
    assert_eq!(row["state"], "accepted");
    let res = app
        .call(&officer, "reports/board", &[("id", &p.id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let stored = app
        .all(unit_report::Entity::find().filter(unit_report::Column::PeriodId.eq(p.id)))
        .await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].submissions, 2);
}

fn pdftotext(bytes: &[u8]) -> String {
    // Raw order keeps the lines of a table cell together.
    let out = poppler("pdftotext", bytes, &["-raw", "-enc", "UTF-8"], &["-"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8 text")
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn the_province_report_compiles_from_accepted_reports_and_exports_numbered_versions(
    app: &TestApp,
) {
    let par = app.as_role(Role::ParOffice).await;
    let leader = app.as_role(Role::Leader).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let head = app.as_role(Role::UnitHead).await;
    let stp = app.unit_id("STP").await;
    let p = app.period(2025, "h1").await;
    let pid = p.id.to_string();

    // Nothing accepted yet: compiling is refused and nothing is stored.
    let empty = app.compile_report(&par, p.id).await;
    assert_conflict(empty, "err.no_accepted_reports").await;
    let demos = app.count("province_reports").await;
    assert_eq!(demos, 3, "only the demo's: Quý I, 6 tháng, 9 tháng 2026");

    app.open_period(&par, p.id, true).await;
    let results = "Kết quả 6 tháng đầu năm của Sở Tư pháp.";
    app.submit_report(&head, p.id, stp, results).await;
    let rid = app.unit_report(&par, p.id, stp).await["report_id"]
        .as_i64()
        .expect("id")
        .to_string();
    ok(app.review_report(&par, &rid, "accept", None).await).await;
    // Only the PAR office compiles.
    let res = app.compile_report(&leader, p.id).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    ok(app.compile_report(&par, p.id).await).await;
    let view = ok(app.read_province_report(&leader, p.id).await).await;
    assert_eq!(view["compiled"], true);
    assert_eq!(view["accepted"], 1);
    let f = &view["figures"];
    assert_eq!(f["as_of"], "2025-06-14");
    // The totals are the plan's tasks per class as of the cut-off, and the areas add up.
    let total: i64 = ["on_time", "late", "in_progress", "overdue"]
        .iter()
        .map(|k| f["totals"][k].as_i64().expect("count"))
        .sum();
    assert_eq!(
        total,
        f["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .filter(|t| t["class"] != "cancelled")
            .count() as i64
    );
    let area_sum: i64 = f["by_area"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|a| {
            ["on_time", "late", "in_progress", "overdue"]
                .iter()
                .map(|k| a["counts"][k].as_i64().expect("count"))
                .sum::<i64>()
        })
        .sum();
    assert_eq!(area_sum, total);
    assert!(view["input"]["results"]
        .as_str()
        .expect("results")
        .contains(results));
    // Others may not read it.
    let res = app.read_province_report(&officer, p.id).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The office edits and exports; every export is a new version.
    let long_title = f["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["title"].as_str())
        .max_by_key(|t| t.chars().count())
        .expect("a task")
        .to_string();
    assert!(long_title.chars().count() > 80, "{long_title}");
    let mut form: Vec<(&str, String)> = vec![
        ("period_id", pid.clone()),
        ("report[number]", "125/BC-UBND".into()),
        ("report[place]", "Sơn Hà".into()),
        ("report[report_date]", "2025-06-19".into()),
        (
            "report[summary]",
            "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2025".into(),
        ),
    ];
    for (k, v) in [
        (
            "report[steering]",
            view["input"]["steering"].as_str().unwrap_or("").to_string(),
        ),
        (
            "report[results]",
            "Các sở, ngành đã tích cực triển khai nhiệm vụ.".to_string(),
        ),
        ("report[assessment]", "Còn nhiệm vụ quá hạn.".to_string()),
        (
            "report[next_tasks]",
            "Tập trung hoàn thành nhiệm vụ quá hạn.".to_string(),
        ),
        (
            "report[proposals]",
            "Đề nghị Bộ Nội vụ hướng dẫn.".to_string(),
        ),
        (
            "report[recipients]",
            "- Bộ Nội vụ;\n- Lưu: VT, SNV.".to_string(),
        ),
        (
            "report[signer_lines]",
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".to_string(),
        ),
        ("report[signer_name]", "Nguyễn Văn Khánh".to_string()),
    ] {
        form.push((k, v));
    }
    let form_ref: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ok(app.write(&par, "reports/province_save", &form_ref).await).await;

    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(json::<i32>(app.export_province(&par, p.id, "pdf").await).await);
    }
    let xlsx = json::<i32>(app.export_province(&par, p.id, "xlsx").await).await;
    let view = ok(app.read_province_report(&par, p.id).await).await;
    let versions: Vec<(String, i64)> = view["exports"]
        .as_array()
        .expect("exports")
        .iter()
        .map(|e| {
            (
                e["format"].as_str().unwrap_or("").to_string(),
                e["version"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("xlsx".to_string(), 1),
            ("pdf".to_string(), 2),
            ("pdf".to_string(), 1)
        ]
    );

    // The PDF: the leader downloads it; it reads back with its Vietnamese intact.
    let res = app.get_export(&leader, ids[1]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap_or(""),
        "application/pdf"
    );
    let pdf = res.bytes().await.expect("pdf").to_vec();
    assert!(pdf.starts_with(b"%PDF"));
    let text = squeeze(&pdftotext(&pdf));
    let tasks_total = format!("toàn tỉnh có {total} nhiệm vụ");
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN TỈNH SƠN HÀ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 125/BC-UBND",
            "Sơn Hà, ngày 19 tháng 6 năm 2025",
            "BÁO CÁO",
            "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2025",
            "Nơi nhận:",
            "PHÓ CHỦ TỊCH",
            "Nguyễn Văn Khánh",
            "Phụ lục II",
            &long_title,
            &tasks_total,
        ],
    );

    // A unit officer cannot download the province's export; the XLSX is a real workbook.
    let res = app.get_export(&officer, ids[0]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.get_export(&par, xlsx).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.expect("xlsx").starts_with(b"PK"));
    // The unit exports its own report; the province office may read it, another unit not.
    let unit_pdf = json::<i32>(app.export_unit(&officer, p.id, stp, "pdf").await).await;
    let res = app.get_export(&par, unit_pdf).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = squeeze(&pdftotext(&res.bytes().await.expect("pdf")));
    assert_contains_each(&text, &["SỞ TƯ PHÁP", results]);
    let tanphu = app.logged_in("tanphu.congchuc").await;
    let res = app.get_export(&tanphu, unit_pdf).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn bad_narratives_are_refused_and_odd_characters_still_give_a_pdf(app: &TestApp) {
    let officer = app.as_role(Role::UnitOfficer).await;
    let stp = app.unit_id("STP").await;
    let p = app.period(2025, "m9").await;
    let huge = "Nội dung rất dài. ".repeat(6_000);
    let res = app.save_report(&officer, p.id, stp, &huge, "save").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = error_json(res).await;
    assert_eq!(e["Invalid"]["field"], "results");
    assert_eq!(e["Invalid"]["reason"], "err.section_too_long");
    assert_eq!(
        app.count(&format!("unit_reports WHERE period_id = {}", p.id))
            .await,
        0,
        "nothing saved"
    );
    // Characters the font lacks are kept in the report and do not break its PDF.
    let odd = "Kết quả 🎉 tốt; 漢字; tab\there\u{0007}.";
    app.draft_report(&officer, p.id, stp, odd).await;
    let stored = app.unit_report(&officer, p.id, stp).await;
    assert_eq!(
        stored["sections"]["results"],
        "Kết quả 🎉 tốt; 漢字; tab\there."
    );
    let id = json::<i32>(app.export_unit(&officer, p.id, stp, "pdf").await).await;
    let res = app.get_export(&officer, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = pdftotext(&res.bytes().await.expect("pdf"));
    assert!(text.contains("Kết quả"), "{text}");
}

/// A submitted report says what it said: when its frozen figures cannot be read (damaged in the
/// database), the page and the call say so, and nothing shows today's figures in their place.
async fn a_stored_snapshot_that_cannot_be_read_is_an_error_never_the_live_figures(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    // The demo's 9-month period has accepted unit reports and a compiled province report.
    let accepted = unit_report::Entity::find().filter(unit_report::Column::Status.eq("accepted"));
    let accepted = app.one(accepted, "accepted report in the demo").await;
    let (period, unit) = (accepted.period_id, accepted.unit_id.0);
    let before = app.unit_report(&par, period, unit).await;
    assert!(before["snapshot"]["tasks"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));

    let mut damaged: unit_report::ActiveModel = accepted.into();
    damaged.snapshot = Set(Some(r#"{"v":1,"data":{"as_of":"2026-09-30"}}"#.into()));
    damaged.update(&app.db).await.expect("damage the snapshot");
    let res = app.read_unit_report(&par, period, unit).await;
    assert_conflict(res, "err.stored_unreadable").await;
    let page = app
        .page(&par, &format!("/reports/periods/{period}/units/{unit}"))
        .await;
    assert!(page.contains("Không đọc được dữ liệu đã lưu"), "{page}");

    let compiled =
        province_report::Entity::find().filter(province_report::Column::PeriodId.eq(period));
    let compiled = app
        .one(compiled, "province report compiled by the demo")
        .await;
    let mut damaged: province_report::ActiveModel = compiled.into();
    damaged.figures = Set("[1, 2".into());
    damaged.update(&app.db).await.expect("damage the figures");
    let res = app.read_province_report(&par, period).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app.export_province(&par, period, "pdf").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

/// `who` sets the dates of period `id`: the window's start, the cut-off, the units' and the
/// province's due dates, as typed.
async fn set_dates(app: &TestApp, who: &Client, id: &str, dates: [&str; 4]) -> Response {
    let [window_start, cutoff, unit_due_on, province_due_on] = dates;
    let form = [
        ("id", id),
        ("dates[window_start]", window_start),
        ("dates[cutoff]", cutoff),
        ("dates[unit_due_on]", unit_due_on),
        ("dates[province_due_on]", province_due_on),
    ];
    app.write(who, "reports/period_dates", &form).await
}
