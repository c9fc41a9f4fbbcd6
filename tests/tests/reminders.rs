//! Reminders: `run_due` over a scripted month, report reminders, recipients chosen by the unit
//! head, rules edited by the PAR office, the bell and its notifications, e-mail through a real
//! SMTP server on loopback, two server processes on one database, and a run killed half-way.

use app::domain::Role;
use std::collections::{BTreeMap, HashMap};
use std::process::Stdio;
use std::time::Duration as StdDuration;

use app::entities::{email_outbox, notification, reminder_run, unit_report, user};
use app::services::reminders::mail::{deliver_due, DeliverySummary, Mailer, SmtpConfig, TlsMode};
use app::services::reminders::{run_due, RunOptions, RunSummary};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use integration_tests::checks::{assert_redirect, invalid_field, ok};
use integration_tests::smtp::SmtpSink;
use integration_tests::{in_days, on_both_databases, Backend, TestApp};
use reqwest::{Client, Response, StatusCode};
use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use sea_orm::{Select, Set};
use serde_json::Value;

on_both_databases!(
    a_scripted_month_of_runs_notifies_each_step_once_on_its_day,
    report_reminders_follow_the_period_and_stop_on_submission,
    the_unit_head_chooses_recipients_and_the_par_office_edits_rules,
    the_bell_counts_unread_and_opening_a_notification_lands_on_the_task,
    e_mail_reaches_a_real_smtp_server_once_with_vietnamese_intact,
    a_run_killed_half_way_leaves_nothing_duplicated_or_missed,
);

fn opts(mail: bool) -> RunOptions {
    RunOptions {
        mail_enabled: mail,
        instance: "test".into(),
        trigger: "manual".into(),
        batch: 500,
    }
}

/// 07:00 in Vietnam on `day`.
fn at(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
}

/// The reminders run at `now` (e-mail queued when `mail`).
async fn run_at(app: &TestApp, now: DateTime<Utc>, mail: bool) -> RunSummary {
    run_due(&app.db, now, &opts(mail)).await.expect("run")
}

/// A task of the demo's plan 45/KH-UBND, led by the unit `lead`, due on `due`.
async fn demo_task(app: &TestApp, title: &str, lead: &str, due: NaiveDate) -> i32 {
    let plan = app.plan_id("45/KH-UBND").await;
    app.new_task(plan, title, lead, &[], due).await
}

/// (rule, user) of the notifications `query` finds, sorted.
async fn rules_and_users(app: &TestApp, query: Select<notification::Entity>) -> Vec<(String, i32)> {
    let mut v: Vec<(String, i32)> = app
        .all(query)
        .await
        .into_iter()
        .map(|n| (n.rule, n.user_id))
        .collect();
    v.sort();
    v
}

/// (`rule`, user) for each of `users`, sorted as [`rules_and_users`] gives them.
fn each(rule: &str, users: &[i32]) -> Vec<(String, i32)> {
    let mut v: Vec<(String, i32)> = users.iter().map(|u| (rule.to_string(), *u)).collect();
    v.sort();
    v
}

/// (rule, user) of the notifications about `task` written by the run at `now`.
async fn written(app: &TestApp, task: i32, now: DateTime<Utc>) -> Vec<(String, i32)> {
    let query = notification::Entity::find()
        .filter(notification::Column::TaskId.eq(task))
        .filter(notification::Column::CreatedAt.eq(now));
    rules_and_users(app, query).await
}

/// The e-mails of the notifications that `which` finds.
fn mails_of(which: Condition) -> Select<email_outbox::Entity> {
    let notifications = Query::select()
        .column(notification::Column::Id)
        .from(notification::Entity)
        .cond_where(which)
        .to_owned();
    email_outbox::Entity::find()
        .filter(email_outbox::Column::NotificationId.in_subquery(notifications))
}

async fn a_scripted_month_of_runs_notifies_each_step_once_on_its_day(app: &TestApp) {
    let due = in_days(40);
    let title = "Số hoá hồ sơ, kết quả giải quyết thủ tục hành chính";
    let t1 = demo_task(app, title, "STP", due).await;
    let title = "Rà soát, đơn giản hoá thủ tục hành chính nội bộ";
    let t2 = demo_task(app, title, "STP", due).await;
    let head = app.user_id("stp.giamdoc").await;
    let officer = app.user_id("stp.chuyenvien").await;
    let office = app.user_id("sonv.cchc").await;
    let unit = |rule: &str| each(rule, &[head, officer]);
    let mut expected: BTreeMap<i64, Vec<(String, i32)>> = BTreeMap::new();
    expected.insert(-7, unit("task_due_soon"));
    // The server was down on day −3: the next run catches the 3-day reminder up.
    expected.insert(-2, unit("task_due_soon"));
    expected.insert(-1, unit("task_due_soon"));
    expected.insert(0, unit("task_due_today"));
    expected.insert(1, unit("task_overdue"));
    expected.insert(7, vec![("task_escalate_head".to_string(), head)]);
    expected.insert(8, unit("task_overdue"));
    expected.insert(14, vec![("task_escalate_office".to_string(), office)]);
    expected.insert(15, unit("task_overdue"));
    expected.insert(22, unit("task_overdue"));

    for offset in -10..=24_i64 {
        if offset == -3 {
            continue;
        }
        if offset == -2 {
            // t2 is completed: its reminders stop at once.
            app.complete_task("stp.chuyenvien", t2).await;
            let about_t2 = Condition::all().add(notification::Column::TaskId.eq(t2));
            let pending = app
                .rows(mails_of(about_t2).filter(email_outbox::Column::State.eq("pending")))
                .await;
            assert_eq!(pending, 0, "no e-mail about a completed task stays queued");
            let unread = notification::Entity::find()
                .filter(notification::Column::TaskId.eq(t2))
                .filter(notification::Column::ReadAt.is_null());
            assert_eq!(app.rows(unread).await, 0);
        }
        let now = at(due + Duration::days(offset));
        run_at(app, now, true).await;
        let got = written(app, t1, now).await;
        let want = expected.get(&offset).cloned().unwrap_or_default();
        assert_eq!(got, want, "day {offset:+} relative to the deadline");
        if offset <= -7 || offset >= -2 {
            let t2_got = written(app, t2, now).await;
            let t2_want = if offset == -7 {
                unit("task_due_soon")
            } else {
                vec![]
            };
            assert_eq!(t2_got, t2_want, "t2 on day {offset:+}");
        }
        if offset == 0 || offset == 14 {
            // A second run the same day (a restart, another instance) writes nothing new.
            let again = run_at(app, now + Duration::hours(3), true).await;
            assert_eq!(again.created, 0, "day {offset:+}, second run");
        }
    }
    // Every notification of t1 has its e-mail, with the Vietnamese subject.
    let notes = app
        .all(notification::Entity::find().filter(notification::Column::TaskId.eq(t1)))
        .await;
    assert_eq!(notes.len(), 18);
    for n in &notes {
        let mail =
            email_outbox::Entity::find().filter(email_outbox::Column::NotificationId.eq(n.id));
        let mail = app.one(mail, "e-mail of a notification").await;
        assert_eq!(mail.state, "pending");
        assert!(
            mail.subject.starts_with("[CCHC] Nhiệm vụ"),
            "{}",
            mail.subject
        );
        // The text is not stored twice: it is composed from the notification when sent.
        assert_eq!(mail.body, "");
        assert_eq!(mail.subject, format!("[CCHC] {}", n.title));
    }
    let due_soon = notes
        .iter()
        .find(|n| n.rule == "task_due_soon" && n.user_id == officer && n.occurrence.ends_with(":3"))
        .expect("the caught-up 3-day reminder");
    assert_eq!(due_soon.title, "Nhiệm vụ sắp đến hạn: còn 2 ngày");
}

/// (rule, user) of the report notifications of (period, unit) written by the run at `now`.
async fn report_notes(
    app: &TestApp,
    period: i32,
    unit: i32,
    now: DateTime<Utc>,
) -> Vec<(String, i32)> {
    let query = notification::Entity::find()
        .filter(notification::Column::PeriodId.eq(period))
        .filter(notification::Column::UnitId.eq(unit))
        .filter(notification::Column::CreatedAt.eq(now));
    rules_and_users(app, query).await
}

async fn report_reminders_follow_the_period_and_stop_on_submission(app: &TestApp) {
    let p = app.period(2026, "year").await;
    assert!(p.is_open);
    let stp = app.unit_id("STP").await;
    let tanphu = app.unit_id("X-TANPHU").await;
    let (stp_head, stp_officer) = (
        app.user_id("stp.giamdoc").await,
        app.user_id("stp.chuyenvien").await,
    );
    let (tp_head, tp_officer) = (
        app.user_id("tanphu.chutich").await,
        app.user_id("tanphu.congchuc").await,
    );
    let stp_users = [stp_head, stp_officer];

    // Five days before: the draft unit is reminded, the unit that submitted is not.
    let day = at(p.unit_due_on - Duration::days(5));
    run_at(app, day, true).await;
    assert_eq!(
        report_notes(app, p.id, stp, day).await,
        each("report_due_soon", &stp_users)
    );
    assert_eq!(report_notes(app, p.id, tanphu, day).await, vec![]);

    // A day late: not submitted.
    let day = at(p.unit_due_on + Duration::days(1));
    run_at(app, day, true).await;
    assert_eq!(
        report_notes(app, p.id, stp, day).await,
        each("report_overdue", &stp_users)
    );
    let late = notification::Entity::find()
        .filter(notification::Column::PeriodId.eq(p.id))
        .filter(notification::Column::UnitId.eq(stp))
        .filter(notification::Column::UserId.eq(stp_officer))
        .filter(notification::Column::Rule.eq("report_overdue"));
    let late = app.one(late, "late reminder").await;
    assert_eq!(late.title, "Báo cáo Năm 2026 chưa gửi, đã quá hạn 1 ngày");
    assert_eq!(late.link, format!("/reports/periods/{}/units/{stp}", p.id));

    // The PAR office returns Tân Phú's report: the unit is told, with the comment.
    let par = app.as_role(Role::ParOffice).await;
    let report = unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(p.id))
        .filter(unit_report::Column::UnitId.eq(tanphu));
    let report = app.one(report, "report of Tân Phú").await.id.to_string();
    let comment = Some("Đề nghị bổ sung số liệu thủ tục hành chính trực tuyến.");
    ok(app.review_report(&par, &report, "return", comment).await).await;
    let day = at(p.unit_due_on + Duration::days(2));
    run_at(app, day, true).await;
    assert_eq!(
        report_notes(app, p.id, tanphu, day).await,
        each("report_returned", &[tp_head, tp_officer])
    );
    let returned = notification::Entity::find()
        .filter(notification::Column::UserId.eq(tp_officer))
        .filter(notification::Column::Rule.eq("report_returned"));
    let returned = app.one(returned, "returned").await;
    assert!(
        returned.body.contains(
            "Ý kiến của Sở Nội vụ: Đề nghị bổ sung số liệu thủ tục hành chính trực tuyến."
        ),
        "{}",
        returned.body
    );

    // STP's head submits: the queued e-mails about the report are cancelled, and the next
    // repeat (day 4) writes nothing for STP.
    let head = app.as_role(Role::UnitHead).await;
    app.submit_report(
        &head,
        p.id,
        stp,
        "Hoàn thành các nhiệm vụ trọng tâm về cải cách thủ tục hành chính.",
    )
    .await;
    let about_the_report = Condition::all()
        .add(notification::Column::PeriodId.eq(p.id))
        .add(notification::Column::UnitId.eq(stp));
    let queued = app.all(mails_of(about_the_report)).await;
    let queued: Vec<String> = queued.into_iter().map(|m| m.state).collect();
    assert_eq!(queued.len(), 4);
    assert!(queued.iter().all(|s| s == "cancelled"), "{queued:?}");
    let day = at(p.unit_due_on + Duration::days(4));
    run_at(app, day, true).await;
    assert_eq!(report_notes(app, p.id, stp, day).await, vec![]);
}

/// `who` saves reminder rule `code`, switched on, with `field` (its offsets, its repeat) set.
async fn save_rule(app: &TestApp, who: &Client, code: &str, field: (&str, &str)) -> Response {
    let form = [("rule[code]", code), ("rule[enabled]", "true"), field];
    app.write(who, "reminders/rule_save", &form).await
}

/// `who` chooses user `user` alone as the unit's recipient of reminders.
async fn save_recipients(app: &TestApp, who: &Client, user: i32) -> Response {
    let form = [("choice[users][]", user.to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.write(who, "reminders/recipients_save", &form).await
}

/// The user row with id `id`.
async fn user_row(app: &TestApp, id: i32) -> user::Model {
    app.one(user::Entity::find_by_id(id), &format!("user {id}"))
        .await
}

/// Changes the user row with id `id` behind the HTTP interface.
async fn change_user(app: &TestApp, id: i32, change: impl FnOnce(&mut user::ActiveModel)) {
    let mut row: user::ActiveModel = user_row(app, id).await.into();
    change(&mut row);
    row.update(&app.db).await.expect("update");
}

async fn the_unit_head_chooses_recipients_and_the_par_office_edits_rules(app: &TestApp) {
    let head = app.as_role(Role::UnitHead).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let par = app.as_role(Role::ParOffice).await;
    let head_id = app.user_id("stp.giamdoc").await;
    let officer_id = app.user_id("stp.chuyenvien").await;
    let other_unit_user = app.user_id("tanphu.congchuc").await;

    // Forbidden: an officer cannot see or change the recipients, nor the rules.
    let res = app.call(&officer, "reminders/recipients", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = save_recipients(app, &officer, officer_id).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for who in [&officer, &head] {
        let res = app.call(who, "reminders/rules", &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = save_rule(app, who, "task_due_soon", ("rule[offsets]", "2")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }

    // The head sees the unit's users and keeps only themself.
    let page: Value = app.call_json(&head, "reminders/recipients", &[]).await;
    assert_eq!(page["users"].as_array().map(Vec::len), Some(2));
    // A user of another unit is refused and nothing changes.
    let res = save_recipients(app, &head, other_unit_user).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(user_row(app, officer_id).await.receives_reminders);
    let res = save_recipients(app, &head, head_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!user_row(app, officer_id).await.receives_reminders);

    // Bad offsets are refused with the field named and change nothing.
    for bad in ["-3", "0", "400", "3, 3", "ba ngày", "1,2,3,4,5,6"] {
        let res = save_rule(app, &par, "task_due_soon", ("rule[offsets]", bad)).await;
        invalid_field(res, "offsets").await;
    }
    let res = save_rule(app, &par, "task_overdue", ("rule[repeat_days]", "-1")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rules: Value = app.call_json(&par, "reminders/rules", &[]).await;
    assert_eq!(rules["rules"][0]["offsets"], "7, 3, 1");
    assert_eq!(rules["rules"][2]["repeat_days"], 7);

    // The office sets "10, 2" days before; the head alone gets the 2-day reminder.
    let res = save_rule(app, &par, "task_due_soon", ("rule[offsets]", "2 ,10")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let rules: Value = app.call_json(&par, "reminders/rules", &[]).await;
    assert_eq!(rules["rules"][0]["offsets"], "10, 2");
    let due = in_days(30);
    let title = "Công khai thủ tục hành chính trên Cổng dịch vụ công";
    let task = demo_task(app, title, "STP", due).await;
    // The head chose English: their messages are in English.
    change_user(app, head_id, |h| h.language = Set("en".into())).await;
    let now = at(due - Duration::days(2));
    run_at(app, now, false).await;
    assert_eq!(
        written(app, task, now).await,
        vec![("task_due_soon".to_string(), head_id)]
    );
    let note = notification::Entity::find().filter(notification::Column::TaskId.eq(task));
    let note = app.one(note, "note").await;
    assert_eq!(note.title, "Task due in 2 days");
    assert!(
        note.body.contains("Lead unit: Sở Tư pháp."),
        "{}",
        note.body
    );
    // Without e-mail configured, notifications are in-app only.
    assert_eq!(app.rows(email_outbox::Entity::find()).await, 0);

    // Switched off, the rule is not evaluated (the unchecked box is absent from the form).
    let res = app
        .write(
            &par,
            "reminders/rule_save",
            &[
                ("rule[code]", "task_due_today"),
                ("rule[offsets]", ""),
                ("rule[repeat_days]", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let now = at(due);
    run_at(app, now, false).await;
    assert_eq!(written(app, task, now).await, vec![]);
}

async fn the_bell_counts_unread_and_opening_a_notification_lands_on_the_task(app: &TestApp) {
    let title = "Kiểm soát thủ tục hành chính tại Bộ phận Một cửa";
    let task = demo_task(app, title, "STP", in_days(3)).await;
    run_at(app, Utc::now(), false).await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let session = app.session(&officer).await;
    let unread = session["user"]["unread"].as_u64().expect("unread count");
    assert!(unread >= 1, "{session}");
    // The header shows the bell with the count.
    let html = app.page(&officer, "/").await;
    assert!(
        html.contains(&format!("Thông báo: {unread} chưa đọc")),
        "bell missing"
    );

    let list: Value = app
        .call_json(&officer, "notifications/list", &[("unread", "1")])
        .await;
    let mine = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|n| n["title"] == "Nhiệm vụ sắp đến hạn: còn 3 ngày")
        .expect("the new reminder")
        .clone();
    let id = mine["id"].as_i64().expect("id");

    // Another user can neither open nor mark it.
    let open = format!("/notifications/{id}/open");
    let other = app.logged_in("tanphu.congchuc").await;
    let res = app.get(&other, &open).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .write(&other, "notifications/read", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.get(&app.browser(), &open).await;
    assert_redirect(&res, "/login", "anonymous");

    // Opening it marks it read and lands on the task.
    let res = app.get(&officer, &open).await;
    assert_redirect(&res, &format!("/tasks/{task}"), "the owner");
    let after = app.session(&officer).await["user"]["unread"]
        .as_u64()
        .expect("unread");
    assert_eq!(after, unread - 1);

    // Mark all read.
    let res = app
        .write(&officer, "notifications/read", &[("id", "")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.session(&officer).await["user"]["unread"], 0);
}

fn mailer(port: u16) -> Mailer {
    Mailer::new(&SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        tls: TlsMode::None,
        credentials: None,
        from: "Hệ thống CCHC tỉnh Sơn Hà <no-reply@sonha.gov.vn>".into(),
    })
    .expect("mailer")
}

/// One delivery pass at `now` through the SMTP server on `port`.
async fn deliver(app: &TestApp, port: u16, now: DateTime<Utc>) -> DeliverySummary {
    deliver_due(
        &app.db,
        &mailer(port),
        "test",
        "http://cchc.test",
        now,
        10_000,
    )
    .await
    .expect("deliver")
}

async fn states(app: &TestApp) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for m in app.all(email_outbox::Entity::find()).await {
        *out.entry(m.state).or_default() += 1;
    }
    out
}

/// The e-mail messages in state `state`.
async fn mails_in(app: &TestApp, state: &str) -> Vec<email_outbox::Model> {
    app.all(email_outbox::Entity::find().filter(email_outbox::Column::State.eq(state)))
        .await
}

async fn e_mail_reaches_a_real_smtp_server_once_with_vietnamese_intact(app: &TestApp) {
    // tanphu.congchuc has no address; the server refuses lanpt@stp.
    let commune = app.user_id("tanphu.congchuc").await;
    change_user(app, commune, |u| u.email = Set(None)).await;
    let due = in_days(1);
    let title = "Triển khai dịch vụ công trực tuyến toàn trình";
    demo_task(app, title, "STP", due).await;
    let title = "Cập nhật hồ sơ thủ tục hành chính lên hệ thống";
    demo_task(app, title, "X-TANPHU", due).await;

    let sink = SmtpSink::start(&["lanpt@stp.sonha.gov.vn"]).await;
    let port = sink.addr.port();
    let now = Utc::now();
    let run = run_at(app, now, true).await;
    assert!(run.created > 0);
    let before = states(app).await;
    let pending = before.get("pending").copied().unwrap_or(0);
    assert!(
        before.get("skipped").copied().unwrap_or(0) >= 1,
        "{before:?}"
    );

    // A reminder deleted before its e-mail went out (its task was deleted) is not sent: its
    // e-mail has no text of its own.
    let gone = mails_in(app, "pending")
        .await
        .into_iter()
        .find(|m| m.to_addr != "lanpt@stp.sonha.gov.vn")
        .expect("a pending e-mail");
    notification::Entity::delete_by_id(gone.notification_id.expect("its notification"))
        .exec(&app.db)
        .await
        .expect("delete the notification");

    let sent = deliver(app, port, Utc::now()).await;
    let got = sink.messages();
    assert_eq!(sent.sent, got.len());
    assert!(sent.failed >= 1, "the refused recipient fails for good");
    assert_eq!((sent.sent + sent.failed) as u64, pending - 1);
    let gone = app
        .one(
            email_outbox::Entity::find_by_id(gone.id),
            "the orphan e-mail",
        )
        .await;
    assert_eq!(gone.state, "cancelled");
    let after = states(app).await;
    assert_eq!(after.get("sent").copied().unwrap_or(0), got.len() as u64);
    // The refusal is recorded on the message, with the server's words.
    let refused = email_outbox::Entity::find()
        .filter(email_outbox::Column::ToAddr.eq("lanpt@stp.sonha.gov.vn"));
    let refused = app.one(refused, "refused").await;
    assert_eq!(refused.state, "failed");
    assert!(
        refused
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("no such user"),
        "{:?}",
        refused.last_error
    );
    let skipped = email_outbox::Entity::find().filter(email_outbox::Column::State.eq("skipped"));
    let skipped = app.one(skipped, "skipped").await;
    assert!(skipped
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("chưa có địa chỉ thư điện tử"));

    // The Vietnamese subject and body arrive intact.
    let head_mail = got
        .iter()
        .find(|r| {
            r.to == ["giamdoc@stp.sonha.gov.vn"]
                && r.subject() == "[CCHC] Nhiệm vụ sắp đến hạn: còn 1 ngày"
                && r.body()
                    .contains("Triển khai dịch vụ công trực tuyến toàn trình")
        })
        .expect("the head's reminder");
    let body = head_mail.body();
    assert!(
        body.starts_with("Kính gửi đồng chí Trần Minh Đức,"),
        "{body}"
    );
    assert!(body.contains("Đơn vị chủ trì: Sở Tư pháp."), "{body}");
    assert!(
        body.contains("Xem chi tiết: http://cchc.test/tasks/"),
        "{body}"
    );
    assert!(
        body.contains("Hệ thống theo dõi cải cách hành chính tỉnh Sơn Hà"),
        "{body}"
    );
    assert_eq!(head_mail.from, "no-reply@sonha.gov.vn");

    // A second pass sends nothing again.
    let again = deliver(app, port, Utc::now()).await;
    assert_eq!(again.sent, 0);
    assert_eq!(sink.messages().len(), got.len());

    // An unreachable server: nothing is lost, each message waits for its retry.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let later = now + Duration::days(1);
    let run = run_at(app, later, true).await;
    assert!(run.emails > 0);
    let pass = deliver(app, closed, later).await;
    assert_eq!(pass.sent, 0);
    assert_eq!(pass.retried, run.emails);
    let waiting = mails_in(app, "pending").await;
    assert_eq!(waiting.len(), run.emails);
    for w in &waiting {
        assert_eq!(w.attempts, 1);
        assert!(w.next_attempt_at > later);
        assert!(w.last_error.is_some());
    }
    // Not before their time; when the server is back and the wait is over, they go out.
    let early = deliver(app, port, later).await;
    assert_eq!(early.sent, 0);
    let back = deliver(app, port, later + Duration::minutes(2)).await;
    assert_eq!(back.sent + back.failed, run.emails);
}

/// Starts `cchc-server run-reminders --at <at>` on the test's database.
fn server_process(
    app: &TestApp,
    at: DateTime<Utc>,
    smtp_port: u16,
    batch: usize,
) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_cchc-server"));
    cmd.arg("run-reminders")
        .arg("--at")
        .arg(at.to_rfc3339())
        .env("DATABASE_URL", &app.database_url)
        .env("CCHC_SMTP_HOST", "127.0.0.1")
        .env("CCHC_SMTP_PORT", smtp_port.to_string())
        .env("CCHC_SMTP_TLS", "none")
        .env("CCHC_SMTP_FROM", "CCHC <no-reply@sonha.gov.vn>")
        .env("CCHC_REMINDER_BATCH", batch.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

/// Every e-mail in the outbox was received exactly once and nothing else was, each with the
/// text of its notification.
async fn each_mail_received_once(app: &TestApp, sink: &SmtpSink) {
    let mut sent: HashMap<(String, String), i64> = HashMap::new();
    for m in mails_in(app, "sent").await {
        *sent.entry((m.to_addr, m.subject)).or_default() += 1;
    }
    let mut got: HashMap<(String, String), i64> = HashMap::new();
    for r in sink.messages() {
        let body = r.body();
        let subject = r.subject();
        let title = subject
            .strip_prefix("[CCHC] ")
            .or_else(|| subject.strip_prefix("[PAR] "))
            .unwrap_or(&subject);
        assert!(
            body.starts_with("Kính gửi") || body.starts_with("Dear"),
            "{body}"
        );
        assert!(body.contains(title), "{body}");
        *got.entry((r.to.join(","), r.subject())).or_default() += 1;
    }
    assert_eq!(got.values().sum::<i64>(), sent.values().sum::<i64>());
    assert_eq!(got, sent);
}

/// Starts from empty inboxes: the demo's own notifications (its extension requests and
/// decisions, its directions) go, with their e-mails, so that every one left is a run's.
async fn empty_inboxes(app: &TestApp) {
    use sea_orm::ConnectionTrait;
    for table in ["email_outbox", "notifications"] {
        app.db
            .execute_unprepared(&format!("DELETE FROM {table}"))
            .await
            .expect("empty the inboxes");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_postgres_write_and_send_everything_once() {
    let app = TestApp::spawn(Backend::Postgres).await;
    empty_inboxes(&app).await;
    let sink = SmtpSink::start(&[]).await;
    let now = Utc::now();
    let mut a = server_process(&app, now, sink.addr.port(), 3)
        .spawn()
        .expect("start a");
    let mut b = server_process(&app, now, sink.addr.port(), 3)
        .spawn()
        .expect("start b");
    let (ra, rb) = tokio::join!(a.wait(), b.wait());
    assert!(ra.expect("a").success() && rb.expect("b").success());
    let total = app.rows(notification::Entity::find()).await;
    assert!(total >= 10, "{total}");
    let runs = app.all(reminder_run::Entity::find()).await;
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.finished_at.is_some()));
    let created: i64 = runs.iter().map(|r| i64::from(r.created)).sum();
    assert_eq!(
        created as u64, total,
        "each notification was written by exactly one process"
    );
    assert_eq!(app.rows(email_outbox::Entity::find()).await, total);
    assert_eq!(states(&app).await.get("sent").copied(), Some(total));
    each_mail_received_once(&app, &sink).await;
}

async fn a_run_killed_half_way_leaves_nothing_duplicated_or_missed(app: &TestApp) {
    app.add_scale_province(60, 2, 2_000, 0).await;
    empty_inboxes(app).await;
    let sink = SmtpSink::start(&[]).await;
    let now = Utc::now();
    let mut first = server_process(app, now, sink.addr.port(), 10)
        .spawn()
        .expect("start");
    // Kill it as soon as its first batches are in.
    let mut at_kill = 0;
    for _ in 0..5_000 {
        at_kill = app.rows(notification::Entity::find()).await;
        if at_kill > 0 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(2)).await;
    }
    first.start_kill().expect("kill");
    let _ = first.wait().await;
    let killed_with = app.rows(notification::Entity::find()).await;
    assert!(at_kill > 0);
    let run = reminder_run::Entity::find().order_by_asc(reminder_run::Column::Id);
    let run = app.one(run, "killed run").await;
    assert!(
        run.finished_at.is_none(),
        "the first process died in the middle of its run"
    );

    let out = server_process(app, now, sink.addr.port(), 10)
        .output()
        .await
        .expect("restart");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let due: u64 = stdout
        .split("Reminders: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("summary line: {stdout}"));
    let total = app.rows(notification::Entity::find()).await;
    assert!(
        killed_with < total,
        "the kill left work for the restart ({killed_with} of {total})"
    );
    assert_eq!(total, due, "everything due exists after the restart");
    // One e-mail per notification, each received once.
    assert_eq!(app.rows(email_outbox::Entity::find()).await, total);
    each_mail_received_once(app, &sink).await;
    // And a third run finds nothing to do.
    let again = run_at(app, now, true).await;
    assert_eq!(again.created, 0);
    assert_eq!(again.due as u64, total);
}
