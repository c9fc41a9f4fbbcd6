//! The benchmark: builds the scale province (150 units, 5 plans, 10,000 tasks, 100,000 progress
//! updates by default) on SQLite and on PostgreSQL, then prints the server time (p50/p95, from
//! the `Server-Timing` header) of the plan page and "my tasks", and the requests per second of
//! "my tasks" with 8 concurrent clients (wrk).
//!
//! `cargo run --release -p integration-tests --bin bench -- [sqlite|postgres|both] [tasks]`

use std::process::Command;
use std::time::Instant;

use integration_tests::{Backend, TestApp};
use reqwest::header::{ACCEPT, COOKIE, SET_COOKIE};

const SAMPLES: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn session_cookie(app: &TestApp, username: &str) -> String {
    let client = app.browser();
    let res = app.login(&client, username, "cchc2025").await;
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cchc_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .expect("a session cookie")
}

async fn measure(app: &TestApp, cookie: &str, path: &str) -> (f64, f64, f64, usize) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", app.base);
    let mut server = Vec::with_capacity(SAMPLES);
    let mut bytes = 0;
    for i in 0..(SAMPLES + 20) {
        let res = client
            .get(&url)
            .header(COOKIE, cookie)
            .header(ACCEPT, "text/html")
            .send()
            .await
            .expect("GET");
        assert!(res.status().is_success(), "{path}: {}", res.status());
        let timing = res
            .headers()
            .get("server-timing")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split("dur=").nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .expect("server-timing");
        bytes = res.bytes().await.expect("body").len();
        if i >= 20 {
            server.push(timing);
        }
    }
    server.sort_by(f64::total_cmp);
    let mean = server.iter().sum::<f64>() / server.len() as f64;
    (
        percentile(&server, 0.5),
        percentile(&server, 0.95),
        mean,
        bytes,
    )
}

fn wrk(url: &str, cookie: &str) -> Option<f64> {
    let out = Command::new("wrk")
        .args([
            "-t2",
            "-c8",
            "-d10s",
            "-H",
            &format!("Cookie: {cookie}"),
            "-H",
            "Accept: text/html",
            url,
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    println!(
        "{}",
        text.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    text.lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

async fn run(backend: Backend, tasks: usize) {
    println!("== {backend:?} ==");
    let app = TestApp::spawn(backend).await;
    let started = Instant::now();
    let added = app::services::scale::generate(
        &app.db,
        app::services::scale::Sizes {
            units: 150,
            plans: 5,
            tasks,
            updates: tasks * 10,
        },
    )
    .await
    .expect("scale province");
    println!(
        "scale province: {} units added, {} plans, {} tasks, {} co-operating links, {} updates ({:.1} s)",
        added.units,
        added.plans,
        added.tasks,
        added.links,
        added.updates,
        started.elapsed().as_secs_f64()
    );
    if matches!(backend, Backend::Postgres) {
        use sea_orm::ConnectionTrait;
        app.db.execute_unprepared("ANALYZE").await.expect("analyze");
    }
    let plan = app.plan_id("900/KH-UBND-TN").await;
    let par = session_cookie(&app, "sonv.cchc").await;
    let officer = session_cookie(&app, "stp.chuyenvien").await;
    let plan_tasks = app.count(&format!("tasks WHERE plan_id = {plan}")).await;
    let stp = app.unit_id("STP").await;
    let mine = app
        .count(&format!(
            "tasks WHERE lead_unit_id = {stp} OR id IN (SELECT task_id FROM task_units WHERE unit_id = {stp})"
        ))
        .await;
    for (label, cookie, path) in [
        (
            format!("plan page ({plan_tasks} tasks, first page of 100)"),
            &par,
            format!("/plans/{plan}"),
        ),
        (
            "plan page, filtered to overdue".to_string(),
            &par,
            format!("/plans/{plan}?class=overdue"),
        ),
        (
            format!("my tasks ({mine} tasks of Sở Tư pháp)"),
            &officer,
            "/my-tasks".to_string(),
        ),
    ] {
        let (p50, p95, mean, bytes) = measure(&app, cookie, &path).await;
        println!("{label}: server time p50 {p50:.2} ms, p95 {p95:.2} ms, mean {mean:.2} ms over {SAMPLES} requests ({bytes} bytes)");
    }
    match wrk(&format!("{}/my-tasks", app.base), &officer) {
        Some(rps) => println!("my tasks, 8 concurrent clients for 10 s: {rps:.0} requests/s"),
        None => println!("my tasks: wrk is not installed (bash scripts/setup.sh installs it)"),
    }
}

#[tokio::main]
async fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "both".into());
    let tasks = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    if which == "sqlite" || which == "both" {
        run(Backend::Sqlite, tasks).await;
    }
    if which == "postgres" || which == "both" {
        run(Backend::Postgres, tasks).await;
    }
}
