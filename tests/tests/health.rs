//! Health check, language switch, error pages.

use app::domain::Role;
use integration_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;

on_both_databases!(
    health_answers_when_the_database_does,
    the_language_switch_remembers_english_and_only_redirects_locally,
    an_unknown_address_is_a_404_page,
);

async fn health_answers_when_the_database_does(app: &TestApp) {
    let res = app.get(&app.browser(), "/health").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap_or_default(),
        r#"{"status":"ok","database":"ok"}"#
    );
    app.db.clone().close().await.expect("close the pool");
    let res = app.get(&app.browser(), "/health").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn the_language_switch_remembers_english_and_only_redirects_locally(app: &TestApp) {
    let client = app.browser();
    let res = app.get(&client, "/lang/en?next=/login").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let page = app
        .get(&client, "/login")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("lang=\"en\""), "html lang follows");
    assert!(page.contains("Log in") && page.contains("User name"));
    let res = app.get(&client, "/lang/vi?next=//evil.example/").await;
    assert_eq!(res.headers()["location"], "/");
    let page = app
        .get(&client, "/login")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains("Tên đăng nhập"));
    assert_eq!(
        app.get(&client, "/lang/fr").await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn an_unknown_address_is_a_404_page(app: &TestApp) {
    let client = app.as_role(Role::Leader).await;
    let res = app.get(&client, "/khong-co-trang-nay").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res
        .text()
        .await
        .unwrap_or_default()
        .contains("Không tìm thấy trang"));
}
