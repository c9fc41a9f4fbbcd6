//! Passwords: a user changes their own (the old one required), an administrator's reset or a
//! new account forces a change at the next log-in, the policy refuses common passwords, and the
//! production start: no demo data, no default password, the first administrator created with a
//! password that never appears on a command line.

use app::domain::Role;
use std::process::Stdio;

use integration_tests::checks::{assert_invalid, assert_redirect, ok};
use integration_tests::{error_json, on_both_databases, TestApp, DEMO_PASSWORD};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::AsyncWriteExt;

on_both_databases!(
    a_user_changes_their_own_password_with_the_old_one,
    an_administrators_reset_forces_a_change_at_the_next_log_in,
    the_policy_refuses_common_passwords_and_the_user_name_wherever_a_person_sets_one,
    create_admin_reads_the_password_from_standard_input_not_the_command_line,
);

async fn change(
    app: &TestApp,
    client: &reqwest::Client,
    old: &str,
    new: &str,
    again: &str,
) -> reqwest::Response {
    app.write(
        client,
        "account/password",
        &[
            ("old_password", old),
            ("new_password", new),
            ("confirm_password", again),
        ],
    )
    .await
}

async fn audit_text(app: &TestApp) -> String {
    let admin = app.as_role(Role::Admin).await;
    app.audit_log(&admin, "user").await.to_string()
}

async fn a_user_changes_their_own_password_with_the_old_one(app: &TestApp) {
    let officer = app.as_role(Role::UnitOfficer).await;
    let other_device = app.as_role(Role::UnitOfficer).await;
    let new = "Song-Hong-chay-2026";
    for (old, new_pw, again, field, key) in [
        (
            "sai-mat-khau-1",
            new,
            new,
            "old_password",
            "err.password_wrong",
        ),
        (
            DEMO_PASSWORD,
            new,
            "khac-hoan-toan-9",
            "confirm_password",
            "err.password_confirm",
        ),
        (
            DEMO_PASSWORD,
            "vietnam2026",
            "vietnam2026",
            "new_password",
            "err.password_common",
        ),
        (
            DEMO_PASSWORD,
            "ngan1",
            "ngan1",
            "new_password",
            "err.password_length",
        ),
    ] {
        assert_invalid(change(app, &officer, old, new_pw, again).await, field, key).await;
    }
    // Nothing changed: the demo password still works.
    app.as_role(Role::UnitOfficer).await;
    ok(change(app, &officer, DEMO_PASSWORD, new, new).await).await;
    // This session goes on, the other device's ends, the old password is gone.
    assert_eq!(
        app.session(&officer).await["user"]["username"],
        "stp.chuyenvien"
    );
    assert_eq!(app.session(&other_device).await["user"], json!(null));
    assert_eq!(
        app.login_status("stp.chuyenvien", DEMO_PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_status("stp.chuyenvien", new).await,
        StatusCode::OK
    );
    let res = change(app, &officer, new, new, new).await;
    assert_eq!(
        error_json(res).await,
        json!({ "Invalid": { "field": "new_password", "reason": "err.password_same" } })
    );
    let log = audit_text(app).await;
    assert!(log.contains("user.change_password"));
    assert!(!log.contains(new), "passwords never reach the log");
    // Without the session's token nothing changes.
    let res = app
        .call(
            &officer,
            "account/password",
            &[
                ("old_password", new),
                ("new_password", "Mot-mat-khau-khac-7"),
                ("confirm_password", "Mot-mat-khau-khac-7"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Guessing the old password counts against the account like failed log-ins.
    for _ in 0..5 {
        change(
            app,
            &officer,
            "doan-mo-123",
            "Mot-mat-khau-khac-7",
            "Mot-mat-khau-khac-7",
        )
        .await;
    }
    let res = change(
        app,
        &officer,
        new,
        "Mot-mat-khau-khac-7",
        "Mot-mat-khau-khac-7",
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn an_administrators_reset_forces_a_change_at_the_next_log_in(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let id = app.user_id("tanphu.congchuc").await.to_string();
    let res = app.reset_password(&admin, &id, "Tam-thoi-2026x").await;
    assert_eq!(res.status(), StatusCode::OK);
    // The log-in sends the user to the password form ...
    let client = app.browser();
    let res = app
        .login(&client, "tanphu.congchuc", "Tam-thoi-2026x")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = app.get(&client, "/my-tasks").await;
    assert_redirect(&page, "/account/password?must=1", "the first page");
    // ... and every other call is refused until the password is the user's own.
    let res = app.call(&client, "plans/list", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = app
        .open(&client, "/account/password?must=1", StatusCode::OK)
        .await;
    assert!(
        html.contains("Mật khẩu của bạn do quản trị viên đặt"),
        "{html}"
    );
    let res = change(
        app,
        &client,
        "Tam-thoi-2026x",
        "Cua-rieng-toi-2026",
        "Cua-rieng-toi-2026",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&client, "/my-tasks").await.status(), StatusCode::OK);
    // A new account made by the administrator is in the same state.
    let unit = app.unit_id("SYT").await.to_string();
    let newcomer = [
        ("user[username]", "syt.moi"),
        ("user[full_name]", "Nguyễn Văn Mới"),
        ("user[email]", ""),
        ("user[role]", "unit_officer"),
        ("user[unit_id]", &unit),
        ("password", "Tam-thoi-2026x"),
    ];
    ok(app.write(&admin, "users/create", &newcomer).await).await;
    let newcomer = app.browser();
    app.login(&newcomer, "syt.moi", "Tam-thoi-2026x").await;
    assert_eq!(
        app.get(&newcomer, "/plans").await.status(),
        StatusCode::SEE_OTHER
    );
    let log = audit_text(app).await;
    assert!(log.contains("user.reset_password") && log.contains("user.change_password"));
}

async fn the_policy_refuses_common_passwords_and_the_user_name_wherever_a_person_sets_one(
    app: &TestApp,
) {
    let admin = app.as_role(Role::Admin).await;
    let id = app.user_id("tanphu.congchuc").await.to_string();
    for (password, key) in [
        ("Matkhau@2026", "err.password_common"),
        ("password123", "err.password_common"),
        ("tanphu.congchuc99", "err.password_has_username"),
    ] {
        let res = app.reset_password(&admin, &id, password).await;
        assert_invalid(res, "password", key).await;
    }
    app.logged_in("tanphu.congchuc").await;
}

async fn create_admin_reads_the_password_from_standard_input_not_the_command_line(app: &TestApp) {
    // The old flag is gone: a password on the command line is refused by the parser.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_cchc-server"))
        .args([
            "create-admin",
            "--username",
            "quantri",
            "--password",
            "Bi-mat-2026x",
        ])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .await
        .expect("run");
    assert!(!out.status.success());
    let args = ["--username", "quantri", "--unit", "SNV"];
    let out = create_admin(app, &args, b"Quan-tri-tinh-2026\n").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let client = app.browser();
    assert_eq!(
        app.login(&client, "quantri", "Quan-tri-tinh-2026")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(app.session(&client).await["user"]["role"], "admin");
    // A common password is refused there too, and nothing is created.
    let out = create_admin(app, &["--username", "quantri2"], b"admin@123\n").await;
    assert!(!out.status.success());
    assert_eq!(
        app.login_status("quantri2", "admin@123").await,
        StatusCode::UNAUTHORIZED
    );
}

/// `cchc-server create-admin ARGS` on the test's database, with `password` typed on its
/// standard input; what it did.
async fn create_admin(app: &TestApp, args: &[&str], password: &[u8]) -> std::process::Output {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cchc-server"))
        .arg("create-admin")
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(password).await.expect("write");
    drop(stdin);
    child.wait_with_output().await.expect("wait")
}

/// `server serve` without `--demo`, on a database of its own; returns the child, the address
/// it printed and, when it did not start, its standard error.
async fn production_server(
    database_url: &str,
    data_dir: &std::path::Path,
) -> (tokio::process::Child, Option<String>, String) {
    let s = integration_tests::process::serve(
        env!("CARGO_BIN_EXE_cchc-server"),
        database_url,
        data_dir,
        &[],
    )
    .await;
    (s.child, s.addr, s.stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_production_start_on_an_empty_database_creates_no_account_and_no_demo() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cchc.db").display());
    let (mut child, addr, stderr) = production_server(&url, dir.path()).await;
    let addr = addr.unwrap_or_else(|| panic!("the server started: {stderr}"));
    let health = reqwest::get(format!("{addr}/health"))
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    let login = reqwest::get(format!("{addr}/login"))
        .await
        .expect("login")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !login.contains("Tài khoản dùng thử"),
        "no demo accounts listed"
    );
    let _ = child.kill().await;
    let db = sea_orm::Database::connect(&url).await.expect("db");
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        app::entities::user::Entity::find()
            .count(&db)
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        app::entities::plan::Entity::find()
            .count(&db)
            .await
            .expect("count"),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_production_start_refuses_a_database_holding_the_demo_accounts() {
    let app = TestApp::spawn(integration_tests::Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("dir");
    let (mut child, addr, stderr) = production_server(&app.database_url, dir.path()).await;
    assert!(addr.is_none(), "it must not serve");
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
        .await
        .expect("it stops")
        .expect("status");
    assert!(!status.success());
    assert!(
        stderr.contains("demo") && stderr.contains("create-admin"),
        "{stderr}"
    );
}
