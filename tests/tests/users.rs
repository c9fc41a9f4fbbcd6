//! User accounts: create, edit role and unit, deactivate, reset password; bad inputs.

use app::domain::Role;
use integration_tests::checks::{assert_change, assert_invalid};
use integration_tests::{error_json, on_both_databases, TestApp, DEMO_PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

on_both_databases!(
    an_admin_creates_a_user_who_can_then_log_in,
    a_duplicate_username_is_refused_on_its_field,
    bad_user_input_is_refused_with_a_field_message_and_changes_nothing,
    an_admin_changes_role_and_unit_and_the_change_is_audited,
    a_password_reset_replaces_the_old_password_and_ends_sessions,
    an_admin_cannot_lock_themselves_out,
);

fn user_form<'a>(username: &'a str, role: &'a str, unit: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("user[username]", username),
        ("user[full_name]", "Vũ Thị Hồng Nhung"),
        ("user[email]", "nhung@sonha.gov.vn"),
        ("user[role]", role),
        ("user[unit_id]", unit),
    ]
}

async fn an_admin_creates_a_user_who_can_then_log_in(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let unit = app.unit_id("SYT").await.to_string();
    let mut form = user_form("syt.nhung", "unit_officer", &unit);
    form.push(("password", "SongHong2026"));
    let res = app.write(&admin, "users/create", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let client = app.browser();
    let res = app.login(&client, "syt.nhung", "SongHong2026").await;
    assert_eq!(res.status(), StatusCode::OK);
    let session = app.session(&client).await;
    assert_eq!(session["user"]["unit_name"], json!("Sở Y tế"));
    assert_eq!(session["user"]["full_name"], json!("Vũ Thị Hồng Nhung"));
}

async fn a_duplicate_username_is_refused_on_its_field(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let unit = app.unit_id("SYT").await.to_string();
    let before = app.count("users").await;
    let mut form = user_form("STP.ChuyenVien", "unit_officer", &unit);
    form.push(("password", "SongHong2026"));
    let res = app.write(&admin, "users/create", &form).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        error_json(res).await,
        json!({ "Conflict": { "field": "username", "reason": "err.username_taken" } })
    );
    assert_eq!(app.count("users").await, before);
}

async fn bad_user_input_is_refused_with_a_field_message_and_changes_nothing(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let unit = app.unit_id("SYT").await.to_string();
    let retired = app.unit_id("SGTVT").await.to_string();
    let before = app.count("users").await;
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            user_form("ab", "unit_officer", &unit),
            "username",
            "err.username_length",
        ),
        (
            user_form("nguyễn.a", "unit_officer", &unit),
            "username",
            "err.username_chars",
        ),
        (
            user_form("syt.a", "superuser", &unit),
            "role",
            "err.role_unknown",
        ),
        (
            user_form("syt.a", "unit_officer", ""),
            "unit_id",
            "err.unit_required_for_role",
        ),
        (
            user_form("syt.a", "unit_officer", &retired),
            "unit_id",
            "err.unit_retired",
        ),
    ];
    for (mut form, field, reason) in cases {
        form.push(("password", "SongHong2026"));
        let res = app.write(&admin, "users/create", &form).await;
        assert_invalid(res, field, reason).await;
    }
    let mut bad_email = user_form("syt.a", "unit_officer", &unit);
    bad_email[2] = ("user[email]", "không phải thư");
    bad_email.push(("password", "SongHong2026"));
    assert_eq!(
        error_json(app.write(&admin, "users/create", &bad_email).await).await["Invalid"]["field"],
        json!("email")
    );
    let mut weak = user_form("syt.a", "unit_officer", &unit);
    weak.push(("password", "ngan1"));
    assert_eq!(
        error_json(app.write(&admin, "users/create", &weak).await).await["Invalid"]["field"],
        json!("password")
    );
    assert_eq!(app.count("users").await, before);
}

async fn an_admin_changes_role_and_unit_and_the_change_is_audited(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let id = app.user_id("stp.chuyenvien").await.to_string();
    let unit = app.unit_id("SCT").await.to_string();
    let mut form = user_form("", "unit_head", &unit);
    form[1] = ("user[full_name]", "Phạm Thị Lan");
    form.insert(0, ("id", &id));
    assert_eq!(
        app.write(&admin, "users/update", &form).await.status(),
        StatusCode::OK
    );
    let user: Value = app.call_json(&admin, "users/get", &[("id", &id)]).await;
    assert_eq!(user["role"], json!("unit_head"));
    assert_eq!(user["unit_name"], json!("Sở Công Thương"));
    assert_eq!(
        user["username"],
        json!("stp.chuyenvien"),
        "the login name does not change"
    );
    let log: Value = app.audit_log(&admin, "user").await;
    let entry = &log["entries"][0];
    assert_eq!(entry["action"], json!("user.update"));
    assert_change(entry, "unit_officer", "unit_head");
}

async fn a_password_reset_replaces_the_old_password_and_ends_sessions(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let officer = app.logged_in("tanphu.congchuc").await;
    let id = app.user_id("tanphu.congchuc").await.to_string();
    let res = app.reset_password(&admin, &id, "short").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.login_status("tanphu.congchuc", DEMO_PASSWORD).await,
        StatusCode::OK
    );
    let res = app.reset_password(&admin, &id, "MatKhauMoi2026").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.session(&officer).await["user"],
        json!(null),
        "old sessions end"
    );
    for (password, status) in [
        (DEMO_PASSWORD, StatusCode::UNAUTHORIZED),
        ("MatKhauMoi2026", StatusCode::OK),
    ] {
        let got = app.login_status("tanphu.congchuc", password).await;
        assert_eq!(got, status, "{password}");
    }
    let log: Value = app.audit_log(&admin, "user").await;
    let text = log.to_string();
    assert!(text.contains("user.reset_password"));
    assert!(
        !text.contains("MatKhauMoi2026"),
        "passwords never reach the log"
    );
}

async fn an_admin_cannot_lock_themselves_out(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let id = app.user_id("admin").await.to_string();
    let res = app.set_active(&admin, &id, false).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut form = user_form("", "par_office", "");
    form[1] = ("user[full_name]", "Quản trị hệ thống");
    form.insert(0, ("id", &id));
    assert_eq!(
        app.write(&admin, "users/update", &form).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.session(&admin).await["user"]["role"], json!("admin"));
}
