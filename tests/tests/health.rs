//! Health check, language switch, error pages.

use app::domain::Role;
use integration_tests::checks::assert_redirect;
use integration_tests::{on_both_databases, TestApp};
use reqwest::header::{ACCEPT, ACCEPT_ENCODING};
use reqwest::{Client, Response, StatusCode};
use sea_orm::ConnectionTrait;

on_both_databases!(
    health_answers_when_the_database_does,
    ready_answers_only_when_database_migrations_and_storage_do,
    the_language_switch_remembers_english_and_only_redirects_locally,
    an_unknown_address_is_a_404_page,
    a_page_that_redirects_answers_303_whatever_the_client_accepts,
    pages_and_json_are_compressed_as_the_browser_asks,
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

/// `/ready`: the database answers, every migration is applied, the data folder takes a file;
/// each failing part is named.
async fn ready_answers_only_when_database_migrations_and_storage_do(app: &TestApp) {
    let res = app.get(&app.browser(), "/ready").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.unwrap_or_default(),
        r#"{"database":"ok","migrations":"ok","status":"ready","storage":"ok"}"#
    );
    // A migration the database has not seen: not ready (and nothing is written to find out).
    let applied = app.count("seaql_migrations").await;
    app.db
        .execute_unprepared("DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)")
        .await
        .expect("forget the newest migration");
    let res = app.get(&app.browser(), "/ready").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["migrations"], "error", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    assert_eq!(app.count("seaql_migrations").await, applied - 1);
    // The data folder gone: storage fails too.
    std::fs::remove_dir_all(app.data_dir()).expect("remove the data folder");
    let body: serde_json::Value = app
        .get(&app.browser(), "/ready")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body["storage"], "error", "{body}");
    assert_eq!(body["status"], "not_ready", "{body}");
}

async fn the_language_switch_remembers_english_and_only_redirects_locally(app: &TestApp) {
    let client = app.browser();
    let res = app.get(&client, "/lang/en?next=/login").await;
    assert_redirect(&res, "/login", "to English");
    let page = app.page(&client, "/login").await;
    assert!(page.contains("lang=\"en\""), "html lang follows");
    assert!(page.contains("Log in") && page.contains("User name"));
    let res = app.get(&client, "/lang/vi?next=//evil.example/").await;
    assert_eq!(res.headers()["location"], "/");
    let page = app.page(&client, "/login").await;
    assert!(page.contains("Tên đăng nhập"));
    assert_eq!(
        app.get(&client, "/lang/fr").await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn an_unknown_address_is_a_404_page(app: &TestApp) {
    let client = app.as_role(Role::Leader).await;
    let page = app
        .open(&client, "/khong-co-trang-nay", StatusCode::NOT_FOUND)
        .await;
    assert!(page.contains("Không tìm thấy trang"));
}

/// A client that does not say it accepts HTML (a script, a crawler, a browser sending no
/// `Accept`) still gets a real redirect, never an empty 200 page.
async fn a_page_that_redirects_answers_303_whatever_the_client_accepts(app: &TestApp) {
    let client = app.browser();
    for accept in [None, Some("*/*"), Some("text/html")] {
        let mut req = client.get(format!("{}/", app.base));
        if let Some(a) = accept {
            req = req.header(ACCEPT, a);
        }
        let res = req.send().await.expect("GET /");
        assert_redirect(&res, "/login", &format!("Accept {accept:?}"));
        assert_eq!(res.text().await.unwrap_or_default(), "", "no page body");
    }
    // A leader's home is the dashboard, by the same kind of answer.
    let leader = app.as_role(Role::Leader).await;
    let res = app.download(&leader, "/").await;
    assert_redirect(&res, "/dashboard", "a leader's home");
}

/// The log-in page as a browser asks for it, saying it accepts `encoding` when there is one.
async fn login_page(app: &TestApp, client: &Client, encoding: Option<&str>) -> Response {
    let mut req = client
        .get(format!("{}/login", app.base))
        .header(ACCEPT, "text/html");
    if let Some(e) = encoding {
        req = req.header(ACCEPT_ENCODING, e);
    }
    req.send().await.expect("GET /login")
}

/// HTML and server-function JSON come brotli- or gzip-compressed when the browser asks, and
/// plain when it does not.
async fn pages_and_json_are_compressed_as_the_browser_asks(app: &TestApp) {
    let client = app.browser();
    let plain = login_page(app, &client, None).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await.expect("body").len();
    for (asks, gets) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let res = login_page(app, &client, Some(asks)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-encoding"], gets, "asks {asks}");
        let len = res.bytes().await.expect("body").len();
        assert!(
            len * 2 < plain_len,
            "{gets}: {len} bytes against {plain_len} plain"
        );
    }
    let officer = app.as_role(Role::UnitOfficer).await;
    let res = officer
        .post(format!("{}/api/plans/list", app.base))
        .header(ACCEPT, "application/json")
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("POST /api/plans/list");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "gzip");
}
