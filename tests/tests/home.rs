//! The home pages as work queues: the PAR office's (reports to review, units yet to report this
//! period, overdue tasks by unit) and a unit's report due.

use app::domain::Role;
use integration_tests::checks::assert_contains_each;
use integration_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    the_par_office_home_lists_what_waits_for_it,
    a_units_home_shows_its_report_due_and_others_have_no_queue,
);

async fn the_par_office_home_lists_what_waits_for_it(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let q: Value = app.call_json(&par, "home/queue", &[]).await;
    let office = &q["office"];
    // The demo: xã Tân Phú's annual report of 2026 waits for review.
    let review = office["review"].as_array().expect("review");
    assert_eq!(review.len(), 1, "{review:?}");
    assert_eq!(review[0]["unit_name"], "Ủy ban nhân dân xã Tân Phú");
    // The open period is the annual one of 2026: every expected unit is counted, one report is in.
    let current = &office["current"];
    assert_eq!(current["period"]["kind"], "year");
    assert_eq!(current["period"]["year"], 2026);
    let expected = app
        .count("units WHERE valid_to IS NULL AND kind <> 'people_committee'")
        .await;
    assert_eq!(current["expected"].as_i64(), Some(expected));
    assert_eq!(current["received"], 1);
    let missing = current["missing"].as_array().expect("missing");
    assert_eq!(missing.len() as i64, expected - 1);
    let stp = missing
        .iter()
        .find(|m| m["unit_name"] == "Sở Tư pháp")
        .expect("the Department of Justice has not sent its report");
    assert_eq!(stp["state"], "draft");
    // Overdue tasks by unit: most first, and no more than the total.
    let units = office["overdue_units"].as_array().expect("overdue units");
    let counts: Vec<i64> = units.iter().filter_map(|u| u["overdue"].as_i64()).collect();
    assert!(!counts.is_empty(), "the demo has overdue tasks");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts.iter().sum::<i64>() <= office["overdue_total"].as_i64().unwrap_or(0));
    // The page shows it, each entry a link to act on.
    let html = app.open(&par, "/", StatusCode::OK).await;
    assert_contains_each(
        &html,
        &[
            "Báo cáo chờ tiếp nhận",
            "Ủy ban nhân dân xã Tân Phú",
            "Đơn vị chưa gửi báo cáo",
            "Nhiệm vụ quá hạn theo đơn vị",
            "/dashboard/tasks?unit=",
        ],
    );
}

async fn a_units_home_shows_its_report_due_and_others_have_no_queue(app: &TestApp) {
    let head = app.logged_in("stp.giamdoc").await;
    let q: Value = app.call_json(&head, "home/queue", &[]).await;
    assert_eq!(q["office"], Value::Null);
    let due = &q["report_due"];
    assert_eq!(due["period"]["kind"], "year");
    assert_eq!(due["state"], "draft");
    assert_eq!(
        due["unit_id"].as_i64(),
        Some(i64::from(app.unit_id("STP").await))
    );
    let html = app.open(&head, "/", StatusCode::OK).await;
    assert_contains_each(
        &html,
        &["Báo cáo Năm 2026: hạn gửi", "Mở báo cáo của đơn vị"],
    );
    // A leader has no queue here (the leader's home is the dashboard); an administrator, who
    // may act for the PAR office, has the office's.
    let leader = app.as_role(Role::Leader).await;
    let q: Value = app.call_json(&leader, "home/queue", &[]).await;
    assert_eq!(q["office"], Value::Null);
    assert_eq!(q["report_due"], Value::Null);
    let admin = app.as_role(Role::Admin).await;
    let q: Value = app.call_json(&admin, "home/queue", &[]).await;
    assert!(q["office"]["review"].is_array());
}
