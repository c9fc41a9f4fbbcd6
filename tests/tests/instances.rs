//! Two instances behind a real proxy: two server processes, each with its own data folder, on
//! one PostgreSQL database and one S3-compatible store, behind nginx. A user logs in through
//! the proxy, uploads evidence through one instance and downloads it through the other; the
//! reminder job runs on both at once and each reminder is made once; one instance is killed and
//! the province keeps working through the other.

use app::domain::Role;
use integration_tests::process::serve;
use integration_tests::proxy::Nginx;
use integration_tests::s3::S3Server;
use integration_tests::{in_days, Backend, Scratch, TestApp, DEMO_PASSWORD};
use reqwest::StatusCode;

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n% Bi\xc3\xaan b\xe1\xba\xa3n h\xe1\xbb\x8dp\n%%EOF\n".to_vec()
}

/// "Reminders: 3 due, 2 new notifications, ..." -> 2.
fn created(stdout: &str) -> u64 {
    stdout
        .split(" due, ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no reminder summary in {stdout:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_nginx_share_the_database_and_the_files() {
    let bin = env!("CARGO_BIN_EXE_cchc-server");
    let database = Scratch::new(Backend::Postgres).await;
    let s3 = S3Server::start();
    let endpoint = s3.config.endpoint.clone().expect("endpoint");
    let env: Vec<(&str, &str)> = vec![
        ("CCHC_DEMO", "1"),
        ("CCHC_TRUSTED_PROXIES", "127.0.0.1"),
        ("CCHC_S3_BUCKET", &s3.config.bucket),
        ("CCHC_S3_ENDPOINT", &endpoint),
        ("CCHC_S3_ACCESS_KEY", &s3.config.access_key),
        ("CCHC_S3_SECRET_KEY", &s3.config.secret_key),
    ];
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("a"),
        tempfile::tempdir().expect("b"),
    );
    let mut a = serve(bin, &database.url, dir_a.path(), &env).await;
    let addr_a = a.addr.clone().unwrap_or_else(|| panic!("a: {}", a.stderr));
    let b = serve(bin, &database.url, dir_b.path(), &env).await;
    let addr_b = b.addr.clone().unwrap_or_else(|| panic!("b: {}", b.stderr));
    let strip = |addr: &str| addr.trim_start_matches("http://").to_string();
    let (host_a, host_b) = (strip(&addr_a), strip(&addr_b));
    let nginx = Nginx::start(&[("a", &host_a), ("b", &host_b)]);

    let db = server::db::connect(&database.url).await.expect("connect");
    let app = TestApp::remote(nginx.base.clone(), db, Backend::Postgres);
    let ready = app.get(&app.browser(), "/ready").await;
    assert_eq!(ready.status(), StatusCode::OK, "{}", nginx.log());

    // The same officer logs in through the proxy twice: once held to each instance.
    let (on_a, on_b) = (
        app.browser_with_header("x-instance", "a"),
        app.browser_with_header("x-instance", "b"),
    );
    let officer = integration_tests::demo_account(Role::UnitOfficer);
    for client in [&on_a, &on_b] {
        let res = app.login(client, officer, DEMO_PASSWORD).await;
        assert!(
            res.status().is_success(),
            "log-in through the proxy: {}",
            res.status()
        );
    }

    // Evidence uploaded through A is downloaded through B.
    let plan = app.new_plan("88/KH-UBND").await;
    let task = app
        .new_task(plan, "Chuẩn hóa quy trình nội bộ", "STP", &[], in_days(20))
        .await;
    let fields = [
        ("kind", "update"),
        ("progress", "50"),
        ("state", "in_progress"),
        ("body", "Đã ban hành 12 quy trình."),
    ];
    let res = app
        .post_on_task(&on_a, task, &fields, &[("files", "quy trình.pdf", pdf())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let detail = app.task_detail(&on_b, task).await;
    let id = detail["updates"][0]["files"][0]["id"]
        .as_i64()
        .expect("file id");
    let dl = app.download(&on_b, &format!("/files/{id}")).await;
    assert_eq!(dl.status(), StatusCode::OK);
    assert_eq!(dl.bytes().await.expect("bytes").to_vec(), pdf());
    assert!(
        !dir_a.path().join("files").exists() && !dir_b.path().join("files").exists(),
        "the files are in the store, not in an instance's folder"
    );

    // The reminder job on both instances at once: each reminder is made once.
    let before = app.count("notifications").await;
    let run = |dir: std::path::PathBuf| {
        let mut cmd = tokio::process::Command::new(bin);
        cmd.arg("run-reminders")
            .env("DATABASE_URL", &database.url)
            .env("CCHC_DATA_DIR", dir)
            .env("RUST_LOG", "warn");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        cmd.output()
    };
    let (ra, rb) = tokio::join!(run(dir_a.path().into()), run(dir_b.path().into()));
    let (ra, rb) = (ra.expect("run on a"), rb.expect("run on b"));
    assert!(
        ra.status.success(),
        "{}",
        String::from_utf8_lossy(&ra.stderr)
    );
    assert!(
        rb.status.success(),
        "{}",
        String::from_utf8_lossy(&rb.stderr)
    );
    let made = created(&String::from_utf8_lossy(&ra.stdout))
        + created(&String::from_utf8_lossy(&rb.stdout));
    let after = app.count("notifications").await;
    assert!(after > before, "the demo has reminders due");
    assert_eq!(
        u64::try_from(after - before).expect("count"),
        made,
        "every reminder made once, by one instance or the other"
    );

    // A dies; the province keeps working through B.
    a.child.kill().await.expect("kill a");
    let _ = a.child.wait().await;
    let anyone = app.browser();
    let res = app.login(&anyone, officer, DEMO_PASSWORD).await;
    assert!(res.status().is_success(), "log-in after A died");
    for _ in 0..6 {
        let res = app.get(&anyone, "/my-tasks").await;
        assert_eq!(res.status(), StatusCode::OK, "{}", nginx.log());
    }
    let dl = app.download(&on_b, &format!("/files/{id}")).await;
    assert_eq!(dl.bytes().await.expect("bytes").to_vec(), pdf());
    // Held to A, a request now fails at the proxy: the requests above did reach two processes.
    let res = app.get(&on_a, "/my-tasks").await;
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
}
