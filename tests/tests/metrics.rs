//! `/metrics`: Prometheus text with requests by route and status, the database pool and what
//! the services count; open to requests made directly on the server's machine, or with the
//! configured bearer token.

use app::domain::Role;
use integration_tests::{on_both_databases, Backend, TestApp, DEMO_PASSWORD};
use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;

on_both_databases!(requests_log_in_failures_and_reports_are_counted);

/// The value of the series `series` (its name and labels as written), or 0 before it exists.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn metrics(app: &TestApp) -> String {
    let res = app.get(&app.browser(), "/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    res.text().await.expect("text")
}

async fn requests_log_in_failures_and_reports_are_counted(app: &TestApp) {
    let before = metrics(app).await;
    let failures = r#"auth_login_failures_total{reason="bad_credentials"}"#;
    let submitted = "reports_submitted_total";

    // Two wrong passwords, a plan page (by its route, not its id), a report submitted.
    for _ in 0..2 {
        let status = app.login_status("stp.chuyenvien", "sai-mat-khau").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    app.open(&par, &format!("/plans/{plan}"), StatusCode::OK)
        .await;
    let head = app.as_role(Role::UnitHead).await;
    let stp = app.unit_id("STP").await;
    let p = app.period(2025, "year").await;
    app.open_period(&par, p.id, true).await;
    app.submit_report(&head, p.id, stp, "Sở Tư pháp hoàn thành các nhiệm vụ.")
        .await;

    let after = metrics(app).await;
    assert_eq!(value(&after, failures) - value(&before, failures), 2.0);
    assert_eq!(value(&after, submitted) - value(&before, submitted), 1.0);
    let page = r#"http_requests_total{method="GET",route="/plans/{id}",status="200"}"#;
    assert!(value(&after, page) >= 1.0, "{after}");
    assert!(
        !after.contains(&format!("route=\"/plans/{plan}\"")),
        "ids make no series"
    );
    assert!(after.contains("# TYPE http_request_duration_seconds histogram"));
    assert!(after.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/plans/{id}",status="200",le="0.1"}"#));
    assert!(value(&after, r#"db_pool_connections{state="max"}"#) >= 1.0);
    assert!(after.contains("# HELP auth_login_failures_total"));
}

/// Behind a proxy on the same machine, a request is a forwarded one: refused without the token,
/// answered with it; a wrong token is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_a_proxy_only_the_token_opens_it() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
        c.metrics_token = Some("jeton-de-surveillance-2026".into());
    })
    .await;
    let client = app.browser();
    let plain = app.get(&client, "/metrics").await;
    assert_eq!(plain.status(), StatusCode::FORBIDDEN);
    let with_token = |token: &'static str| {
        client
            .get(format!("{}/metrics", app.base))
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
    };
    let wrong = with_token("jeton-de-surveillance-2027")
        .await
        .expect("request");
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let right = with_token("jeton-de-surveillance-2026")
        .await
        .expect("request");
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right
        .text()
        .await
        .expect("text")
        .contains("http_requests_total"));
    // Other pages still answer through the proxy.
    assert_eq!(
        app.login_status("admin", DEMO_PASSWORD).await,
        StatusCode::OK
    );
}
