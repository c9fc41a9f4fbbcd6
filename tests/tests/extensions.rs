//! Extension requests from units: the head of a task's lead unit asks the PAR office for a later
//! deadline (reason, proposed date, evidence file); the office approves it with its document
//! (the deadline moves as with its own extension) or refuses it with a reason. The forbidden
//! paths, refused inputs that change nothing, one pending request per task, a decision taken
//! once, the task page as each role sees it, the notifications and the reminders' words.

use app::domain::Role;
use app::entities::{extension_request, notification, task_extension};
use app::services::reminders::{run_due, RunOptions};
use chrono::NaiveDate;
use integration_tests::checks::{assert_contains_each, assert_invalid, ok};
use integration_tests::{in_days, location, on_both_databases, today, ymd, TestApp};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

on_both_databases!(
    the_lead_units_head_asks_and_the_par_office_approves_with_its_document,
    a_refused_request_leaves_the_deadline_and_says_why,
    only_the_lead_units_head_asks_and_only_the_par_office_decides,
    each_role_sees_the_request_and_only_its_own_forms,
    refused_requests_change_nothing_and_one_request_waits_at_a_time,
    refused_decisions_change_nothing_and_a_request_is_decided_once,
    a_late_tasks_reminders_name_the_pending_request,
    completing_or_cancelling_the_task_closes_its_waiting_request,
);

/// A reason long enough.
const REASON: &str = "Chờ ý kiến thẩm định của Bộ Tư pháp về dự thảo quy chế.";
/// An approving document.
const DOCUMENT: &str = "Công văn số 123/UBND-KSTT ngày 05/12/2026";
/// The tables a refused request or decision must leave as they were.
const TABLES: [&str; 5] = [
    "extension_requests",
    "task_extensions",
    "attachments",
    // Log-ins are audited too.
    "audit_entries WHERE object_type = 'task'",
    "notifications",
];

/// A new task of a new plan, led by Sở Tư pháp, due on `due`.
async fn stp_task(app: &TestApp, plan: &str, due: NaiveDate) -> i32 {
    let plan = app.new_plan(plan).await;
    let title = "Xây dựng quy chế phối hợp kiểm soát thủ tục hành chính";
    app.new_task(plan, title, "STP", &["SNV"], due).await
}

/// `client` posts the "Đề nghị gia hạn" form of task `task` (multipart, as the page does), with the
/// evidence `file` (name, bytes) when there is one.
async fn ask(
    app: &TestApp,
    client: &Client,
    task: i32,
    reason: &str,
    proposed: &str,
    file: Option<(&str, Vec<u8>)>,
) -> Response {
    let fields = [("extension_reason", reason), ("proposed_due_on", proposed)];
    let files: Vec<(&str, &str, Vec<u8>)> = file
        .into_iter()
        .map(|(name, bytes)| ("file", name, bytes))
        .collect();
    let path = format!("/tasks/{task}/extension-request");
    app.upload(client, &path, &fields, &files).await
}

/// The form was refused: back to the task page (303) with the status `status` and the message
/// `key`.
fn assert_sent_back(res: &Response, task: i32, status: &str, key: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{key}");
    assert_eq!(res.headers()["x-outcome"], status, "{key}");
    let to = location(res);
    assert!(
        to.starts_with(&format!("/tasks/{task}?err={key}")),
        "{key}: {to}"
    );
}

/// The request was sent: back to the task page, told so.
fn assert_asked(res: &Response, task: i32) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(res), format!("/tasks/{task}?ok=extension_request"));
}

/// `client` approves `request`, moving the deadline to `date` by `document`.
async fn approve(
    app: &TestApp,
    client: &Client,
    request: i32,
    date: &str,
    document: &str,
) -> Response {
    let request = request.to_string();
    let form = [
        ("request", request.as_str()),
        ("new_due_on", date),
        ("document", document),
    ];
    app.write(client, "extensions/approve", &form).await
}

/// `client` refuses `request` for `reason`.
async fn refuse(app: &TestApp, client: &Client, request: i32, reason: &str) -> Response {
    let request = request.to_string();
    let form = [("request", request.as_str()), ("refusal_reason", reason)];
    app.write(client, "extensions/refuse", &form).await
}

/// The requests of task `task`, oldest first.
async fn requests(app: &TestApp, task: i32) -> Vec<extension_request::Model> {
    let query = extension_request::Entity::find()
        .filter(extension_request::Column::TaskId.eq(task))
        .order_by_asc(extension_request::Column::Id);
    app.all(query).await
}

/// The one request of task `task`.
async fn only_request(app: &TestApp, task: i32) -> extension_request::Model {
    let mut all = requests(app, task).await;
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// The notifications of `rule` about task `task`, as (user id, title, body).
async fn notices(app: &TestApp, task: i32, rule: &str) -> Vec<(i32, String, String)> {
    let query = notification::Entity::find()
        .filter(notification::Column::TaskId.eq(task))
        .filter(notification::Column::Rule.eq(rule))
        .order_by_asc(notification::Column::Id);
    app.all(query)
        .await
        .into_iter()
        .map(|n| (n.user_id, n.title, n.body))
        .collect()
}

/// The audit actions on task `task`, oldest first.
async fn actions(app: &TestApp, task: i32) -> Vec<String> {
    use app::entities::audit_entry;
    let query = audit_entry::Entity::find()
        .filter(audit_entry::Column::ObjectType.eq("task"))
        .filter(audit_entry::Column::ObjectId.eq(task.to_string()))
        .order_by_asc(audit_entry::Column::Id);
    app.all(query).await.into_iter().map(|e| e.action).collect()
}

/// dd/mm/yyyy, as pages print dates.
fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

async fn the_lead_units_head_asks_and_the_par_office_approves_with_its_document(app: &TestApp) {
    let due = in_days(5);
    let id = stp_task(app, "201/KH-UBND", due).await;
    let head = app.logged_in("stp.giamdoc").await;
    let proposed = in_days(40);
    let pdf = ("cong-van-de-nghi.pdf", b"%PDF-1.7 de nghi gia han".to_vec());
    let res = ask(app, &head, id, REASON, &ymd(proposed), Some(pdf)).await;
    assert_asked(&res, id);

    let r = only_request(app, id).await;
    assert_eq!(r.status.as_str(), "pending");
    assert_eq!(r.proposed_due_on, proposed);
    assert_eq!(r.previous_due_on, Some(due));
    assert_eq!(r.unit_id.0, app.unit_id("STP").await);
    assert_eq!(r.requested_by, Some(app.user_id("stp.giamdoc").await));
    assert_eq!(r.reason, REASON);
    let file = r.attachment_id.expect("the evidence file");
    // The deadline waits for the decision.
    assert_eq!(app.task(id).await.effective_due_on, Some(due));
    // The PAR office hears of it in the application.
    let office = app.user_id("sonv.cchc").await;
    let asked = notices(app, id, "extension_requested").await;
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0].0, office);
    assert_contains_each(&asked[0].2, &[&dmy(proposed), "Bộ Tư pháp"]);
    let par = app.as_role(Role::ParOffice).await;
    let bell = app.open(&par, "/notifications", StatusCode::OK).await;
    assert_contains_each(&bell, &["đề nghị gia hạn nhiệm vụ", "Đề nghị gia hạn"]);
    // The evidence opens for those who see the task.
    let download = app.download(&head, &format!("/files/{file}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    let download = app.download(&par, &format!("/files/{file}")).await;
    assert_eq!(download.status(), StatusCode::OK);

    // The office approves it with another date than proposed, without JavaScript.
    let granted = in_days(45);
    let token = app.csrf(&par).await;
    let page = format!("/tasks/{id}");
    let (request, date) = (r.id.to_string(), ymd(granted));
    let form = [
        ("csrf", token.as_str()),
        ("request", request.as_str()),
        ("new_due_on", date.as_str()),
        ("document", DOCUMENT),
        ("note", "Lần gia hạn duy nhất"),
    ];
    let res = app
        .post_form(&par, "extensions/approve", &page, &form)
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = location(&res);
    assert!(
        back.ends_with(&format!("/tasks/{id}?__ok=%2Fapi%2Fextensions%2Fapprove")),
        "{back}"
    );
    let html = app.page_at(&par, &back).await;
    assert!(html.contains("Đã đồng ý gia hạn"), "{html}");

    // The deadline moved by the same path as the office's own extension.
    let t = app.task(id).await;
    assert_eq!(t.effective_due_on, Some(granted));
    assert_eq!(t.due_on, Some(due), "the original deadline is kept");
    let query = task_extension::Entity::find().filter(task_extension::Column::TaskId.eq(id));
    let extensions = app.all(query).await;
    assert_eq!(extensions.len(), 1);
    assert_eq!(extensions[0].document, DOCUMENT);
    assert_eq!(extensions[0].previous_due_on, Some(due));
    assert_eq!(extensions[0].new_due_on, granted);
    assert_eq!(extensions[0].created_by, Some(office));
    let r = only_request(app, id).await;
    assert_eq!(r.status.as_str(), "approved");
    assert_eq!(r.decided_by, Some(office));
    assert!(r.decided_at.is_some());
    assert_eq!(r.decision_document, DOCUMENT);
    assert_eq!(r.decision_note, "Lần gia hạn duy nhất");
    assert_eq!(
        actions(app, id).await,
        [
            "task.create",
            "task.extension_request",
            "task.extend",
            "task.extension_approve"
        ]
    );
    // The unit's head hears of the decision.
    let decided = notices(app, id, "extension_decided").await;
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert_eq!(decided[0].0, app.user_id("stp.giamdoc").await);
    assert_contains_each(&decided[0].1, &[&dmy(granted)]);
    assert_contains_each(&decided[0].2, &[DOCUMENT]);

    // The task page shows both histories: the extension and the request decided.
    let detail = app.task_detail(&head, id).await;
    assert_eq!(detail["row"]["extended"], true, "{}", detail["row"]);
    let html = app.open(&head, &page, StatusCode::OK).await;
    assert_contains_each(
        &html,
        &[
            "Các lần gia hạn",
            "Các đề nghị gia hạn của đơn vị",
            "Đã đồng ý",
            DOCUMENT,
            REASON,
            "cong-van-de-nghi.pdf",
            &dmy(proposed),
            &dmy(granted),
            "Nguyễn Thị Thu Hà",
        ],
    );
    assert!(!html.contains("Đề nghị gia hạn đang chờ xem xét"));
    // Nothing waits any more: the head may ask again.
    assert!(html.contains(&format!("/tasks/{id}/extension-request")));
}

async fn a_refused_request_leaves_the_deadline_and_says_why(app: &TestApp) {
    let due = in_days(3);
    let id = stp_task(app, "202/KH-UBND", due).await;
    let head = app.logged_in("stp.giamdoc").await;
    let res = ask(app, &head, id, REASON, &ymd(in_days(60)), None).await;
    assert_asked(&res, id);
    let r = only_request(app, id).await;
    assert_eq!(r.attachment_id, None);
    let par = app.as_role(Role::ParOffice).await;
    let why = "Nhiệm vụ phải hoàn thành đúng hạn theo chỉ đạo của UBND tỉnh.";
    ok(refuse(app, &par, r.id, why).await).await;

    assert_eq!(app.task(id).await.effective_due_on, Some(due));
    let extended = format!("task_extensions WHERE task_id = {id}");
    assert_eq!(app.count(&extended).await, 0);
    let r = only_request(app, id).await;
    assert_eq!(r.status.as_str(), "refused");
    assert_eq!(r.decision_note, why);
    assert_eq!(r.decision_document, "");
    assert_eq!(r.decided_by, Some(app.user_id("sonv.cchc").await));
    assert!(actions(app, id).await.ends_with(&[
        "task.extension_request".to_string(),
        "task.extension_refuse".to_string()
    ]));
    let decided = notices(app, id, "extension_decided").await;
    assert_eq!(decided.len(), 1);
    assert_contains_each(&decided[0].2, &[why, &dmy(due)]);

    let html = app
        .open(&head, &format!("/tasks/{id}"), StatusCode::OK)
        .await;
    assert_contains_each(
        &html,
        &[
            "Các đề nghị gia hạn của đơn vị",
            "Không đồng ý",
            why,
            REASON,
        ],
    );
    assert!(
        !html.contains("Các lần gia hạn"),
        "no extension was granted"
    );
    // Refused, nothing waits: the head may ask again, and the office approve that one.
    let res = ask(app, &head, id, REASON, &ymd(in_days(20)), None).await;
    assert_asked(&res, id);
    let second = requests(app, id).await.pop().expect("the second request");
    assert_eq!(second.status.as_str(), "pending");
    ok(approve(app, &par, second.id, &ymd(in_days(20)), DOCUMENT).await).await;
    assert_eq!(app.task(id).await.effective_due_on, Some(in_days(20)));
}

async fn only_the_lead_units_head_asks_and_only_the_par_office_decides(app: &TestApp) {
    let id = stp_task(app, "203/KH-UBND", in_days(10)).await;
    let proposed = ymd(in_days(30));
    let before = app.counts(&TABLES).await;
    for (user, status) in [
        ("stp.chuyenvien", "403"),
        // Another unit's head does not learn that the task exists.
        ("tanphu.chutich", "404"),
        ("tanphu.congchuc", "404"),
        ("chutich", "403"),
        ("sonv.cchc", "403"),
        ("admin", "403"),
    ] {
        let who = app.logged_in(user).await;
        let res = ask(app, &who, id, REASON, &proposed, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{user}");
        assert_eq!(res.headers()["x-outcome"], status, "{user}");
    }
    assert_eq!(app.counts(&TABLES).await, before);

    // The head asks; only the PAR office (and administrators) decide.
    let head = app.logged_in("stp.giamdoc").await;
    assert_asked(&ask(app, &head, id, REASON, &proposed, None).await, id);
    let r = only_request(app, id).await;
    let before = app.counts(&TABLES).await;
    for user in ["stp.giamdoc", "stp.chuyenvien", "chutich", "tanphu.chutich"] {
        let who = app.logged_in(user).await;
        let res = approve(app, &who, r.id, &proposed, DOCUMENT).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} approving");
        let res = refuse(app, &who, r.id, "Không đồng ý gia hạn").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} refusing");
    }
    let anonymous = app.browser();
    let res = approve(app, &anonymous, r.id, &proposed, DOCUMENT).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let par = app.as_role(Role::ParOffice).await;
    let res = approve(app, &par, r.id + 1000, &proposed, DOCUMENT).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.counts(&TABLES).await, before);
    assert_eq!(only_request(app, id).await.status.as_str(), "pending");
    assert_eq!(app.task(id).await.effective_due_on, Some(in_days(10)));

    // An administrator decides as the office does.
    let admin = app.as_role(Role::Admin).await;
    ok(refuse(app, &admin, r.id, "Đã có chỉ đạo khác").await).await;

    // A commune that succeeded a district asks for the district's open task.
    let commune = app.logged_in("tanphu.chutich").await;
    let search = [("filter[q]", "địa giới hành chính")];
    let mine: Value = app.call_json(&commune, "tasks/mine", &search).await;
    let district_task = mine["tasks"][0]["id"]
        .as_i64()
        .and_then(|i| i32::try_from(i).ok())
        .expect("the district's task is handed over");
    let t = app.task(district_task).await;
    assert_eq!(t.lead_unit_id.0, app.unit_id("H-TANPHU").await);
    let due = t.effective_due_on.expect("a dated task");
    let later = ymd(due.max(today()) + chrono::Duration::days(30));
    let res = ask(app, &commune, district_task, REASON, &later, None).await;
    assert_asked(&res, district_task);
    let r = only_request(app, district_task).await;
    assert_eq!(
        r.unit_id.0,
        app.unit_id("X-TANPHU").await,
        "the commune asked"
    );
    // ... and its officer may not.
    let officer = app.logged_in("tanphu.congchuc").await;
    let res = ask(app, &officer, district_task, REASON, &later, None).await;
    assert_eq!(res.headers()["x-outcome"], "403");
}

async fn each_role_sees_the_request_and_only_its_own_forms(app: &TestApp) {
    let id = stp_task(app, "204/KH-UBND", in_days(10)).await;
    let page = format!("/tasks/{id}");
    let form_action = format!("action=\"/tasks/{id}/extension-request\"");
    let head_only = "Chỉ lãnh đạo đơn vị chủ trì mới được đề nghị gia hạn nhiệm vụ.";
    let (approve_form, refuse_form) = ("/api/extensions/approve", "/api/extensions/refuse");
    let pending = "Đề nghị gia hạn đang chờ xem xét";

    let head = app.logged_in("stp.giamdoc").await;
    let officer = app.logged_in("stp.chuyenvien").await;
    let par = app.as_role(Role::ParOffice).await;
    let leader = app.as_role(Role::Leader).await;
    let other = app.logged_in("tanphu.chutich").await;
    // Before any request: the head has the form, the officer is told who may ask.
    let html = app.open(&head, &page, StatusCode::OK).await;
    assert_contains_each(
        &html,
        &[&form_action, "Đề nghị gia hạn", "Gửi đề nghị gia hạn"],
    );
    assert!(!html.contains(head_only));
    let html = app.open(&officer, &page, StatusCode::OK).await;
    assert_contains_each(&html, &["Đề nghị gia hạn", head_only]);
    assert!(!html.contains(&form_action));
    for who in [&par, &leader] {
        let html = app.open(who, &page, StatusCode::OK).await;
        assert!(!html.contains(&form_action) && !html.contains(head_only));
    }
    app.open(&other, &page, StatusCode::NOT_FOUND).await;

    let proposed = in_days(31);
    assert_asked(&ask(app, &head, id, REASON, &ymd(proposed), None).await, id);
    // Everyone who sees the task sees what waits; only the office has the decision forms,
    // the approval's date filled with the proposed one.
    for (who, decides) in [
        (&head, false),
        (&officer, false),
        (&leader, false),
        (&par, true),
    ] {
        let html = app.open(who, &page, StatusCode::OK).await;
        assert_contains_each(&html, &[pending, REASON, &dmy(proposed), "Trần Minh Đức"]);
        assert!(!html.contains(&form_action), "one request at a time");
        assert!(!html.contains(head_only));
        assert_eq!(html.contains(approve_form), decides);
        assert_eq!(html.contains(refuse_form), decides);
        if decides {
            assert!(html.contains(&format!("value=\"{}\"", ymd(proposed))));
        }
    }
    app.open(&other, &page, StatusCode::NOT_FOUND).await;
    let res = app.read_task(&other, id).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The task as data says the same.
    let d = app.task_detail(&par, id).await;
    assert_eq!(d["extension_requests"][0]["status"], "pending");
    assert_eq!(d["can_decide_extension"], true);
    assert_eq!(d["can_request_extension"], false);
    let d = app.task_detail(&head, id).await;
    assert_eq!(d["can_decide_extension"], false);
}

async fn refused_requests_change_nothing_and_one_request_waits_at_a_time(app: &TestApp) {
    let due = in_days(10);
    let id = stp_task(app, "205/KH-UBND", due).await;
    let head = app.logged_in("stp.giamdoc").await;
    let later = ymd(in_days(30));
    let before = app.counts(&TABLES).await;
    let too_long = "x".repeat(2001);
    let cases: Vec<Refused> = vec![
        ("", later.clone(), None, "422", "err.extension_reason"),
        (
            "Gấp lắm",
            later.clone(),
            None,
            "422",
            "err.extension_reason",
        ),
        (&too_long, later.clone(), None, "422", "err.too_long"),
        (REASON, ymd(due), None, "422", "err.extension_not_later"),
        (
            REASON,
            ymd(in_days(2)),
            None,
            "422",
            "err.extension_not_later",
        ),
        (REASON, "31/02/2027".into(), None, "422", "err.bad_date"),
        (REASON, String::new(), None, "422", "err.bad_date"),
        (
            REASON,
            later.clone(),
            Some(("virus.exe", b"MZ...".to_vec())),
            "422",
            "err.file_type",
        ),
        (
            REASON,
            later.clone(),
            Some(("gia-mao.pdf", b"<html>".to_vec())),
            "422",
            "err.file_content",
        ),
    ];
    for (reason, date, file, status, key) in cases {
        let res = ask(app, &head, id, reason, &date, file).await;
        assert_sent_back(&res, id, status, key);
    }
    // The field is named for the page's hint.
    let res = ask(app, &head, id, "", &later, None).await;
    assert!(location(&res).ends_with("&field=extension_reason"));
    assert_eq!(app.counts(&TABLES).await, before);

    // An overdue task: a date later than the deadline, but already past, is refused.
    let late = stp_task(app, "206/KH-UBND", in_days(-10)).await;
    let res = ask(app, &head, late, REASON, &ymd(in_days(-5)), None).await;
    assert_sent_back(&res, late, "422", "err.extension_in_past");
    // Today is a date the unit may still propose.
    assert_asked(
        &ask(app, &head, late, REASON, &ymd(today()), None).await,
        late,
    );

    // Closed and ongoing tasks take no request.
    let plan = app.plan_id("205/KH-UBND").await;
    let par = app.as_role(Role::ParOffice).await;
    let done = app
        .new_task(plan, "Nhiệm vụ đã hoàn thành", "STP", &[], in_days(10))
        .await;
    app.complete_task("stp.chuyenvien", done).await;
    let res = ask(app, &head, done, REASON, &later, None).await;
    assert_sent_back(&res, done, "409", "err.task_completed");
    let cancelled = app
        .new_task(plan, "Nhiệm vụ đã bị hủy bỏ", "STP", &[], in_days(10))
        .await;
    ok(app.cancel_task(&par, cancelled, "Không còn phù hợp").await).await;
    let res = ask(app, &head, cancelled, REASON, &later, None).await;
    assert_sent_back(&res, cancelled, "409", "err.task_cancelled");
    let ongoing = ongoing_task(app, plan).await;
    let res = ask(app, &head, ongoing, REASON, &later, None).await;
    assert_sent_back(&res, ongoing, "422", "err.extension_ongoing");

    // One request waits at a time: a second is refused, and changes nothing.
    assert_asked(&ask(app, &head, id, REASON, &later, None).await, id);
    let before = app.counts(&TABLES).await;
    let pdf = Some(("them.pdf", b"%PDF-1.4".to_vec()));
    let res = ask(app, &head, id, REASON, &ymd(in_days(50)), pdf).await;
    assert_sent_back(&res, id, "409", "err.extension_pending");
    assert_eq!(app.counts(&TABLES).await, before);
    // The database keeps it so too.
    let mut second: extension_request::ActiveModel = only_request(app, id).await.into();
    second.id = sea_orm::ActiveValue::NotSet;
    let refused = extension_request::Entity::insert(second)
        .exec(&app.db)
        .await;
    assert!(refused.is_err(), "a second pending request was stored");
    assert_eq!(app.counts(&TABLES).await, before);
}

/// A request the form refuses: reason, proposed date, file, the status and message expected.
type Refused<'a> = (
    &'a str,
    String,
    Option<(&'a str, Vec<u8>)>,
    &'a str,
    &'a str,
);

/// A new ongoing ("thường xuyên") task of `plan`, led by Sở Tư pháp.
async fn ongoing_task(app: &TestApp, plan: i32) -> i32 {
    use integration_tests::checks::ok_json;
    use integration_tests::tasks::task_form;
    let par = app.as_role(Role::ParOffice).await;
    let (plan, lead) = (plan.to_string(), app.unit_id("STP").await.to_string());
    let ongoing = [("task[deadline_kind]", "ongoing")];
    let title = "Thường xuyên rà soát thủ tục hành chính";
    let form = task_form(&plan, "2", title, &lead, &ongoing);
    let ids: Vec<i32> = ok_json(app.write(&par, "tasks/create", &form).await).await;
    ids[0]
}

async fn refused_decisions_change_nothing_and_a_request_is_decided_once(app: &TestApp) {
    let due = in_days(10);
    let id = stp_task(app, "207/KH-UBND", due).await;
    let head = app.logged_in("stp.giamdoc").await;
    let proposed = ymd(in_days(30));
    assert_asked(&ask(app, &head, id, REASON, &proposed, None).await, id);
    let r = only_request(app, id).await;
    let par = app.as_role(Role::ParOffice).await;
    let before = app.counts(&TABLES).await;
    let res = approve(app, &par, r.id, &ymd(due), DOCUMENT).await;
    assert_invalid(res, "new_due_on", "err.extension_not_later").await;
    let res = approve(app, &par, r.id, "2027-13-01", DOCUMENT).await;
    assert_invalid(res, "new_due_on", "err.bad_date").await;
    let res = approve(app, &par, r.id, &proposed, " ").await;
    assert_invalid(res, "document", "err.extension_document").await;
    let res = refuse(app, &par, r.id, "  ").await;
    assert_invalid(res, "refusal_reason", "err.extension_refusal_reason").await;
    assert_eq!(app.counts(&TABLES).await, before);
    assert_eq!(only_request(app, id).await.status.as_str(), "pending");
    assert_eq!(app.task(id).await.effective_due_on, Some(due));

    // Decided once: a second approval or a refusal after it is refused.
    ok(approve(app, &par, r.id, &proposed, DOCUMENT).await).await;
    let before = app.counts(&TABLES).await;
    let res = approve(app, &par, r.id, &ymd(in_days(90)), DOCUMENT).await;
    integration_tests::checks::assert_conflict(res, "err.extension_decided").await;
    let res = refuse(app, &par, r.id, "Đổi ý, không đồng ý").await;
    integration_tests::checks::assert_conflict(res, "err.extension_decided").await;
    assert_eq!(app.counts(&TABLES).await, before);
    assert_eq!(app.task(id).await.effective_due_on, Some(in_days(30)));
    assert_eq!(only_request(app, id).await.status.as_str(), "approved");

    // A request waiting when the task is completed is closed with it: no form is left to
    // decide it, and a late decision is refused.
    assert_asked(
        &ask(app, &head, id, REASON, &ymd(in_days(40)), None).await,
        id,
    );
    let waiting = requests(app, id).await.pop().expect("a request");
    app.complete_task("stp.chuyenvien", id).await;
    let html = app
        .open(&par, &format!("/tasks/{id}"), StatusCode::OK)
        .await;
    assert!(!html.contains("/api/extensions/approve") && !html.contains("/api/extensions/refuse"));
    let res = approve(app, &par, waiting.id, &ymd(in_days(40)), DOCUMENT).await;
    integration_tests::checks::assert_conflict(res, "err.extension_decided").await;
    let closed = requests(app, id).await.pop().expect("a request");
    assert_eq!(closed.status.as_str(), "refused");
    assert_eq!(app.task(id).await.effective_due_on, Some(in_days(30)));
}

async fn a_late_tasks_reminders_name_the_pending_request(app: &TestApp) {
    let asked = stp_task(app, "208/KH-UBND", in_days(-3)).await;
    let plan = app.plan_id("208/KH-UBND").await;
    let silent = app
        .new_task(
            plan,
            "Nhiệm vụ quá hạn chưa đề nghị",
            "STP",
            &[],
            in_days(-3),
        )
        .await;
    let head = app.logged_in("stp.giamdoc").await;
    let proposed = in_days(20);
    assert_asked(
        &ask(app, &head, asked, REASON, &ymd(proposed), None).await,
        asked,
    );
    let opts = RunOptions {
        mail_enabled: false,
        instance: "test".into(),
        trigger: "manual".into(),
        batch: 500,
    };
    run_due(&app.db, chrono::Utc::now(), &opts)
        .await
        .expect("run");
    let sentence = format!(
        "Đơn vị đã đề nghị gia hạn đến {}, đang chờ Sở Nội vụ xem xét.",
        dmy(proposed)
    );
    let late = notices(app, asked, "task_overdue").await;
    assert!(!late.is_empty(), "an overdue reminder");
    for (_, _, body) in &late {
        assert!(body.ends_with(&sentence), "{body}");
    }
    let plain = notices(app, silent, "task_overdue").await;
    assert!(!plain.is_empty());
    for (_, _, body) in &plain {
        assert!(!body.contains("đề nghị gia hạn"), "{body}");
    }
}

async fn completing_or_cancelling_the_task_closes_its_waiting_request(app: &TestApp) {
    let head = app.logged_in("stp.giamdoc").await;
    // Completed by the unit: nothing is left to extend, the office's queue empties.
    let done = stp_task(app, "206/KH-UBND", in_days(3)).await;
    assert_asked(
        &ask(app, &head, done, REASON, &ymd(in_days(60)), None).await,
        done,
    );
    app.complete_task("stp.chuyenvien", done).await;
    let r = only_request(app, done).await;
    assert_eq!(r.status.as_str(), "refused");
    assert_eq!(r.decided_by, None, "closed by nobody");
    assert!(
        r.decision_note.contains("đã hoàn thành"),
        "{}",
        r.decision_note
    );
    assert_eq!(app.task(done).await.effective_due_on, Some(in_days(3)));
    // Cancelled by the office: the same.
    let plan = app.plan_id("206/KH-UBND").await;
    let title = "Rà soát quy chế phối hợp kiểm soát thủ tục hành chính";
    let cancelled = app.new_task(plan, title, "STP", &[], in_days(3)).await;
    assert_asked(
        &ask(app, &head, cancelled, REASON, &ymd(in_days(60)), None).await,
        cancelled,
    );
    let par = app.as_role(Role::ParOffice).await;
    let id = cancelled.to_string();
    let form = [
        ("id", id.as_str()),
        ("reason", "Nhiệm vụ đã được thay thế."),
    ];
    ok(app.write(&par, "tasks/cancel", &form).await).await;
    let r = only_request(app, cancelled).await;
    assert_eq!(r.status.as_str(), "refused");
    assert!(r.decision_note.contains("đã bị hủy"), "{}", r.decision_note);
    let waiting = app
        .count(&format!(
            "extension_requests WHERE status = 'pending' AND task_id IN ({done}, {cancelled})"
        ))
        .await;
    assert_eq!(waiting, 0, "nothing waits for the office");
}
