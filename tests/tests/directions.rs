//! Leaders' directions: a leader writes to a unit, on a task or on its report; the unit's users
//! answer once; everyone else reads or is refused, and nothing changes on a refusal.

use app::domain::Role;
use integration_tests::checks::{assert_conflict, assert_contains_each};
use integration_tests::{error_json, json, on_both_databases, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_databases!(
    a_leader_directs_a_unit_and_the_unit_answers_once,
    directions_on_a_task_and_a_report_go_to_the_right_unit,
);

async fn give(app: &TestApp, who: &Client, form: &[(&str, &str)]) -> reqwest::Response {
    app.write(who, "directions/give", form).await
}

async fn list(app: &TestApp, who: &Client) -> Vec<Value> {
    let l: Value = app.call_json(who, "directions/list", &[]).await;
    l["items"].as_array().cloned().unwrap_or_default()
}

async fn a_leader_directs_a_unit_and_the_unit_answers_once(app: &TestApp) {
    let leader = app.as_role(Role::Leader).await;
    let par = app.as_role(Role::ParOffice).await;
    let head = app.logged_in("stp.giamdoc").await;
    let officer = app.logged_in("stp.chuyenvien").await;
    let commune = app.logged_in("tanphu.chutich").await;
    let stp = app.unit_id("STP").await.to_string();
    let body = "Đề nghị Sở Tư pháp hoàn thành rà soát văn bản trước ngày 20/12.";
    // The demo's directions, given and answered before.
    let given = app.count("directions").await;
    let audited = app
        .count("audit_entries WHERE action IN ('direction.give', 'direction.answer')")
        .await;

    // Only leaders give directions; a too short one is refused; nothing is stored.
    for who in [&officer, &head, &par] {
        let res = give(app, who, &[("unit_id", &stp), ("body", body)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let short = give(app, &leader, &[("unit_id", &stp), ("body", " ok ")]).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_json(short).await["Invalid"]["field"], "body");
    assert_eq!(app.count("directions").await, given);

    let id = json::<i32>(give(app, &leader, &[("unit_id", &stp), ("body", body)]).await).await;
    // The unit sees it on its home page and may answer; another unit does not see it.
    let home: Value = app.call_json(&head, "home/queue", &[]).await;
    assert_eq!(home["open_directions"], 1);
    let mine = with_body(list(app, &officer).await, body);
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["can_answer"], true);
    assert!(with_body(list(app, &commune).await, body).is_empty());
    let html = app.open(&head, "/", StatusCode::OK).await;
    assert_contains_each(&html, &["Ý kiến chỉ đạo chưa trả lời: 1", "/directions"]);

    // Others cannot answer: another unit (not found), the office and the leader (forbidden).
    let answer = "Sở Tư pháp đã hoàn thành rà soát 412 văn bản.";
    let id_s = id.to_string();
    let form = [("id", id_s.as_str()), ("answer", answer)];
    let res = app.write(&commune, "directions/answer", &form).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for who in [&par, &leader] {
        let res = app.write(who, "directions/answer", &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // The unit's officer answers; a second answer is refused.
    let res = app.write(&officer, "directions/answer", &form).await;
    assert!(res.status().is_success(), "{}", res.status());
    let again = app
        .write(
            &head,
            "directions/answer",
            &[("id", &id_s), ("answer", "Trả lời lại.")],
        )
        .await;
    assert_conflict(again, "err.direction_answered").await;
    // The leader and the office read the answer.
    for who in [&leader, &par] {
        let all = with_body(list(app, who).await, body);
        assert_eq!(all[0]["answer"], answer);
        assert_eq!(all[0]["can_answer"], false);
    }
    let home: Value = app.call_json(&head, "home/queue", &[]).await;
    assert_eq!(home["open_directions"], 0);
    // The leader's home (the dashboard) shows the answered direction first; others get none.
    let answered: Vec<Value> = app.call_json(&leader, "directions/answered", &[]).await;
    assert_eq!(answered[0]["answer"], answer, "the latest answer first");
    let none: Vec<Value> = app.call_json(&par, "directions/answered", &[]).await;
    assert!(none.is_empty());
    let html = app.open(&leader, "/dashboard", StatusCode::OK).await;
    assert_contains_each(&html, &["Ý kiến chỉ đạo đã được trả lời", answer]);
    assert_eq!(
        app.count("audit_entries WHERE action IN ('direction.give', 'direction.answer')")
            .await,
        audited + 2
    );
}

/// The directions of `items` with the text `body`.
fn with_body(items: Vec<Value>, body: &str) -> Vec<Value> {
    items.into_iter().filter(|d| d["body"] == body).collect()
}

async fn directions_on_a_task_and_a_report_go_to_the_right_unit(app: &TestApp) {
    let leader = app.as_role(Role::Leader).await;
    let officer = app.logged_in("stp.chuyenvien").await;
    let stp = app.unit_id("STP").await;
    // A task led by the Department of Justice: the direction goes to it.
    let task_id = app
        .one(
            {
                use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
                app::entities::task::Entity::find()
                    .filter(app::entities::task::Column::LeadUnitId.eq(stp))
                    .order_by_asc(app::entities::task::Column::Id)
            },
            "a task of STP",
        )
        .await
        .id;
    let body = "Đề nghị đẩy nhanh tiến độ, báo cáo kết quả trong tháng 12.";
    json::<i32>(
        give(
            app,
            &leader,
            &[("task_id", &task_id.to_string()), ("body", body)],
        )
        .await,
    )
    .await;
    let mine = with_body(list(app, &officer).await, body);
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["unit_id"].as_i64(), Some(i64::from(stp)));
    assert_eq!(mine[0]["task"][0].as_i64(), Some(i64::from(task_id)));
    // On the unit's report of the open period: shown on the report page with the form to answer.
    let p = app.period(2026, "year").await;
    let on_report = "Báo cáo cần nêu rõ số văn bản đề nghị bãi bỏ.";
    json::<i32>(
        give(
            app,
            &leader,
            &[
                ("period_id", &p.id.to_string()),
                ("unit_id", &stp.to_string()),
                ("body", on_report),
            ],
        )
        .await,
    )
    .await;
    let report = app.unit_report(&officer, p.id, stp).await;
    let directions = report["directions"].as_array().expect("directions");
    assert_eq!(directions.len(), 1);
    assert_eq!(directions[0]["body"], on_report);
    assert_eq!(directions[0]["can_answer"], true);
    let html = app
        .open(
            &officer,
            &format!("/reports/periods/{}/units/{stp}", p.id),
            StatusCode::OK,
        )
        .await;
    assert_contains_each(&html, &[on_report, "Gửi trả lời"]);
    // A target that names nothing, or two things, is refused.
    for form in [
        vec![("body", body)],
        vec![("task_id", "1"), ("unit_id", "1"), ("body", body)],
        vec![("task_id", "abc"), ("body", body)],
    ] {
        let res = give(app, &leader, &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
    }
}
