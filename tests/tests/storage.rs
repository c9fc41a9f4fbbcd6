//! Files in an S3-compatible store: with `CCHC_S3_*` set, the demo's evidence, a new upload and a
//! report export are stored in a real S3 server (`s3s-fs`, started by the test) and nowhere in
//! the data folder, and come back byte for byte; a backup reads them there and restores them
//! into another store; `/ready` says when the store is gone.

use app::domain::Role;
use app::entities::province_report;
use integration_tests::s3::S3Server;
use integration_tests::{json, Backend, Scratch, TestApp};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use server::backup;

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n% Bi\xc3\xaan b\xe1\xba\xa3n nghi\xe1\xbb\x87m thu\n%%EOF\n".to_vec()
}

/// Whether the folder holds any file, at any depth.
fn holds_files(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let p = e.path();
            p.is_file() || holds_files(&p)
        })
    })
}

async fn files_live_in_the_store(backend: Backend) {
    let s3 = S3Server::start();
    let config = s3.config.clone();
    let app = TestApp::spawn_with(backend, move |c| c.s3 = Some(config)).await;
    // The demo's evidence went to the store, nothing to the data folder.
    assert!(holds_files(&s3.object("files")), "demo evidence in S3");
    assert!(
        !app.data_dir().join("files").exists(),
        "no files in the data folder"
    );

    // A unit officer's evidence goes there and comes back.
    let plan = app.new_plan("77/KH-UBND").await;
    let task = app
        .new_task(
            plan,
            "Số hóa hồ sơ",
            "STP",
            &[],
            integration_tests::in_days(10),
        )
        .await;
    let officer = app.as_role(Role::UnitOfficer).await;
    let fields = [
        ("kind", "update"),
        ("progress", "30"),
        ("state", "in_progress"),
        ("body", "Đã số hóa 300 hồ sơ."),
    ];
    let res = app
        .post_on_task(
            &officer,
            task,
            &fields,
            &[("files", "nghiệm thu.pdf", pdf())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let detail = app.task_detail(&officer, task).await;
    let id = detail["updates"][0]["files"][0]["id"]
        .as_i64()
        .expect("file id");
    assert_eq!(
        std::fs::read(s3.object(&format!("files/{id:08}"))).expect("the object in S3"),
        pdf()
    );
    let dl = app.download(&officer, &format!("/files/{id}")).await;
    assert_eq!(dl.status(), StatusCode::OK);
    assert_eq!(dl.bytes().await.expect("bytes").to_vec(), pdf());

    // A province report's export too.
    let par = app.as_role(Role::ParOffice).await;
    let compiled = province_report::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("the demo compiled a province report");
    let export = json::<i32>(app.export_province(&par, compiled.period_id, "pdf").await).await;
    let stored = std::fs::read(s3.object(&format!("reports/{export:08}"))).expect("export in S3");
    let res = app.get_export(&par, export).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.expect("pdf").to_vec(), stored);
    assert!(stored.starts_with(b"%PDF"));
    assert!(!app.data_dir().join("reports").exists());

    // A backup reads the files from the store; restored into a data folder they are the same.
    let ready = app.get(&app.browser(), "/ready").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("s3.zip");
    let store = app::services::storage::Storage::s3(&s3.config).expect("store");
    let made = backup::backup(&app.db, &store, &file)
        .await
        .expect("backup");
    assert!(made
        .files
        .iter()
        .any(|f| f.path == format!("files/{id:08}")));
    let target = Scratch::new(Backend::Sqlite).await;
    let db = server::db::connect(&target.url).await.expect("connect");
    let local = app::services::storage::Storage::local(target.dir.path()).expect("folder");
    backup::restore(&db, &local, &file, false)
        .await
        .expect("restore");
    for f in &made.files {
        assert_eq!(
            std::fs::read(target.dir.path().join(&f.path)).expect("restored"),
            std::fs::read(s3.object(&f.path)).expect("in S3"),
            "{}",
            f.path
        );
    }
    db.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_files_live_in_the_s3_store() {
    files_live_in_the_store(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_files_live_in_the_s3_store() {
    files_live_in_the_store(Backend::Postgres).await;
}

/// The store stopped: `/ready` answers 503 naming the storage, within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_says_when_the_store_is_gone() {
    let mut s3 = S3Server::start();
    let config = s3.config.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| c.s3 = Some(config)).await;
    let res = app.get(&app.browser(), "/ready").await;
    assert_eq!(res.status(), StatusCode::OK);
    s3.stop();
    let started = std::time::Instant::now();
    let res = app.get(&app.browser(), "/ready").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["storage"], "error", "{body}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
