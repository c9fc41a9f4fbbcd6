//! What an operator reads: with `CCHC_LOG_FORMAT=json` the server writes one JSON line per
//! request with its id, route, status, user and latency, and answers with the same id in
//! `x-request-id`.

use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::AsyncReadExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_have_one_line_per_request_with_the_id_the_answer_carries() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cchc.db").display());
    let serving = integration_tests::process::serve(
        env!("CARGO_BIN_EXE_cchc-server"),
        &url,
        dir.path(),
        &[
            ("CCHC_LOG_FORMAT", "json"),
            ("RUST_LOG", "info,sqlx=warn,sea_orm=warn"),
        ],
    )
    .await;
    let (mut child, mut lines) = (serving.child, serving.stdout);
    let addr = serving
        .addr
        .unwrap_or_else(|| panic!("the server started: {}", serving.stderr));
    let client = reqwest::Client::new();
    // A proxy's id is kept; without one the server makes one.
    let kept = client
        .get(format!("{addr}/login"))
        .header("x-request-id", "edge-4b1f")
        .send()
        .await
        .expect("GET /login");
    assert_eq!(kept.status(), StatusCode::OK);
    assert_eq!(kept.headers()["x-request-id"], "edge-4b1f");
    let made = client
        .get(format!("{addr}/health"))
        .send()
        .await
        .expect("GET /health");
    let made_id = made.headers()["x-request-id"]
        .to_str()
        .expect("an id")
        .to_string();
    assert!(!made_id.is_empty() && made_id != "edge-4b1f");

    // The log goes to standard output, after the line that names the address.
    child.start_kill().expect("stop");
    let mut log = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        log.push_str(&line);
        log.push('\n');
    }
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr).await;
    }
    let _ = child.wait().await;
    let entries: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!entries.is_empty(), "no log: {stderr}");
    let access = |id: &str| {
        entries
            .iter()
            .find(|e| e["target"] == "access" && e["request_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no line for {id} in {log}"))
    };
    let login = access("edge-4b1f");
    assert_eq!(login["route"], "/login");
    assert_eq!(login["method"], "GET");
    assert_eq!(login["status"], 200);
    assert!(login["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    assert!(login.get("user_id").is_none_or(Value::is_null), "anonymous");
    assert_eq!(access(&made_id)["route"], "/health");
}
