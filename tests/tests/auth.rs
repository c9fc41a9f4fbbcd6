//! Logging in and out, sessions, throttling, anti-forgery tokens.

use app::domain::Role;
use integration_tests::checks::assert_redirect;
use integration_tests::DEMO_PASSWORD;
use integration_tests::{error_json, location, on_both_databases, set_cookie, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::json;

on_both_databases!(
    every_demo_role_logs_in_and_sees_its_home_page,
    a_wrong_password_is_refused_with_401_and_opens_no_session,
    an_unknown_user_is_answered_like_a_wrong_password,
    a_deactivated_user_cannot_log_in,
    an_expired_session_is_reported_and_refused,
    five_failures_lock_the_account_even_for_the_right_password,
    logging_out_ends_the_session,
    a_write_without_or_with_a_forged_csrf_token_changes_nothing,
    a_write_from_another_site_is_refused,
    a_page_asked_without_a_session_redirects_to_log_in,
    log_in_works_as_a_plain_form_without_javascript,
    a_form_posted_without_javascript_comes_back_with_its_outcome,
);

async fn every_demo_role_logs_in_and_sees_its_home_page(app: &TestApp) {
    for (username, role) in [
        ("admin", "admin"),
        ("sonv.cchc", "par_office"),
        ("chutich", "leader"),
        ("stp.giamdoc", "unit_head"),
        ("stp.chuyenvien", "unit_officer"),
        ("tanphu.chutich", "unit_head"),
        ("tanphu.congchuc", "unit_officer"),
    ] {
        let client = app.logged_in(username).await;
        let session = app.session(&client).await;
        assert_eq!(session["user"]["username"], json!(username));
        assert_eq!(session["user"]["role"], json!(role));
        assert_eq!(
            session["demo_accounts"],
            json!([]),
            "demo accounts are listed only to anonymous visitors"
        );
        let home = if role == "leader" {
            // The leaders' home is the dashboard.
            assert_redirect(&app.get(&client, "/").await, "/dashboard", username);
            "/dashboard"
        } else {
            "/"
        };
        let html = app.open(&client, home, StatusCode::OK).await;
        assert!(
            html.contains(&format!("data-role=\"{role}\"")),
            "{username}'s home page"
        );
    }
}

async fn a_wrong_password_is_refused_with_401_and_opens_no_session(app: &TestApp) {
    let client = app.browser();
    let res = app.login(&client, "admin", "wrong-password-1").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("set-cookie").is_none());
    assert_eq!(error_json(res).await, json!("BadCredentials"));
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(app.session(&client).await["user"], json!(null));
}

async fn an_unknown_user_is_answered_like_a_wrong_password(app: &TestApp) {
    let client = app.browser();
    let res = app.login(&client, "khong.ton.tai", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_json(res).await, json!("BadCredentials"));
    // Ill-formed names too, without a different error that would tell them apart.
    let res = app.login(&client, "Nguyễn Văn A", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn a_deactivated_user_cannot_log_in(app: &TestApp) {
    let officer = app.as_role(Role::UnitOfficer).await;
    let admin = app.as_role(Role::Admin).await;
    let id = app.user_id("stp.chuyenvien").await.to_string();
    let res = app.set_active(&admin, &id, false).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Their open session ended at once...
    let res = app
        .call(&officer, "units/list", &[("include_retired", "false")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // ...and they cannot log in again, even with the right password.
    let res = app
        .login(&app.browser(), "stp.chuyenvien", DEMO_PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_json(res).await, json!("AccountDisabled"));
}

async fn an_expired_session_is_reported_and_refused(app: &TestApp) {
    use app::entities::session;
    use sea_orm::{sea_query::Expr, EntityTrait};
    let client = app.as_role(Role::ParOffice).await;
    let past = chrono::Utc::now() - chrono::Duration::hours(1);
    session::Entity::update_many()
        .col_expr(session::Column::ExpiresAt, Expr::value(past))
        .exec(&app.db)
        .await
        .expect("expire sessions");
    let session = app.session(&client).await;
    assert_eq!(session["user"], json!(null));
    assert_eq!(session["expired"], json!(true));
    let res = app
        .call(&client, "units/list", &[("include_retired", "false")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_json(res).await,
        json!({ "Unauthenticated": { "expired": true } })
    );
    assert_redirect(&app.get(&client, "/").await, "/login", "home");
}

async fn five_failures_lock_the_account_even_for_the_right_password(app: &TestApp) {
    let client = app.browser();
    for _ in 0..5 {
        let res = app.login(&client, "stp.giamdoc", "sai-mat-khau-1").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.login(&client, "stp.giamdoc", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = error_json(res).await;
    let wait = body["TooManyAttempts"]["retry_after_secs"]
        .as_i64()
        .unwrap_or(0);
    assert!((1..=15 * 60).contains(&wait), "retry after {wait}s");
    assert_eq!(app.count("sessions").await, 0);
    // Another account is not affected.
    assert_eq!(
        app.login_status("stp.chuyenvien", DEMO_PASSWORD).await,
        StatusCode::OK
    );
}

async fn logging_out_ends_the_session(app: &TestApp) {
    let client = app.as_role(Role::Leader).await;
    assert_eq!(app.count("sessions").await, 1);
    let res = app.write(&client, "logout", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(app.session(&client).await["user"], json!(null));
}

async fn a_write_without_or_with_a_forged_csrf_token_changes_nothing(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let before = app.count("units").await;
    let unit = [
        ("unit[code]", "XA-MOI"),
        ("unit[name]", "Ủy ban nhân dân xã Mới"),
        ("unit[kind]", "commune"),
        ("unit[valid_from]", "2025-07-01"),
    ];
    let res = app.call(&admin, "units/create", &unit).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a missing token is refused"
    );
    let mut forged = vec![("csrf", "0000")];
    forged.extend_from_slice(&unit);
    let res = app.call(&admin, "units/create", &forged).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_json(res).await, json!("Csrf"));
    // Another user's token does not work either.
    let other = app.as_role(Role::ParOffice).await;
    let other_token = app.csrf(&other).await;
    let mut stolen = vec![("csrf", other_token.as_str())];
    stolen.extend_from_slice(&unit);
    assert_eq!(
        app.call(&admin, "units/create", &stolen).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("units").await, before);
}

async fn a_write_from_another_site_is_refused(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let token = app.csrf(&admin).await;
    let before = app.count("units").await;
    let res = admin
        .post(format!("{}/api/units/create", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(format!("csrf={token}&unit[code]=XA-X&unit[name]=Xa%20X&unit[kind]=commune&unit[valid_from]=2025-07-01"))
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("units").await, before);
}

async fn a_page_asked_without_a_session_redirects_to_log_in(app: &TestApp) {
    let client = app.browser();
    for path in ["/", "/units", "/users", "/audit"] {
        assert_redirect(&app.get(&client, path).await, "/login", path);
    }
    let html = app.open(&client, "/login", StatusCode::OK).await;
    assert!(html.contains("Đăng nhập"));
    assert!(
        html.contains("tanphu.congchuc"),
        "demo mode lists the demo accounts"
    );
}

/// `client` posts `form` to the server function `endpoint` as a browser without JavaScript
/// does from the page `from`, and is sent back (303); returns where to and the page there.
async fn post_without_javascript(
    app: &TestApp,
    client: &Client,
    endpoint: &str,
    from: &str,
    form: &[(&str, &str)],
) -> (String, String) {
    let res = app.post_form(client, endpoint, from, form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = location(&res);
    let page = app.page_at(client, &back).await;
    (back, page)
}

async fn log_in_works_as_a_plain_form_without_javascript(app: &TestApp) {
    let client = app.browser();
    let wrong = [("username", "sonv.cchc"), ("password", "sai-mat-khau-9")];
    let (back, html) = post_without_javascript(app, &client, "login", "/login", &wrong).await;
    assert!(
        back.contains("/login?") && back.contains("__err="),
        "back to the form with the error: {back}"
    );
    assert!(
        html.contains("Tên đăng nhập hoặc mật khẩu không đúng."),
        "the error is shown without JavaScript"
    );

    let res = app
        .post_form(
            &client,
            "login",
            "/login",
            &[("username", "sonv.cchc"), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_redirect(&res, "/", "log-in");
    let cookie = set_cookie(&res);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let home = app.open(&client, "/", StatusCode::OK).await;
    assert!(home.contains("data-role=\"par_office\""));
}

async fn a_form_posted_without_javascript_comes_back_with_its_outcome(app: &TestApp) {
    let client = app.as_role(Role::UnitOfficer).await;
    let csrf = app.csrf(&client).await;
    let all_read = [("csrf", csrf.as_str()), ("id", "")];
    let from = "/notifications?unread=1";
    // A post answers 303 (the browser fetches the page with GET), back to the page it came from,
    // which says which function succeeded.
    let (back, html) =
        post_without_javascript(app, &client, "notifications/read", from, &all_read).await;
    assert!(
        back.ends_with("/notifications?unread=1&__ok=%2Fapi%2Fnotifications%2Fread"),
        "{back}"
    );
    assert!(
        html.contains("Đã đánh dấu đã đọc."),
        "the success message is shown"
    );

    // A refused post comes back with its error and without the earlier success.
    let res = app
        .post_form(
            &client,
            "notifications/read",
            back.trim_start_matches(&app.base),
            &[("csrf", &csrf), ("id", "không-phải-số")],
        )
        .await;
    let back = location(&res);
    assert!(back.contains("__err="), "{back}");
    let html = app.page_at(&client, &back).await;
    assert!(
        !html.contains("Đã đánh dấu đã đọc."),
        "no stale success message"
    );
    assert!(html.contains("notice-error"), "the error is shown");
}
