//! Backup and restore: the demo province backed up and restored on each database and across
//! them (SQLite to PostgreSQL and back), with the same rows and the same files; a damaged or
//! truncated backup refused with nothing restored; a database that holds rows kept unless the
//! operator says to replace it; a backup of an older schema restored and upgraded; and the
//! commands themselves.

use std::path::Path;

use integration_tests::{Backend, Scratch, TestApp};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set, Statement};
use server::backup::{self, archive::Manifest};

/// The data folder's file storage.
fn local(dir: &Path) -> app::services::storage::Storage {
    app::services::storage::Storage::local(dir).expect("file storage")
}

/// Rows of every table the manifest names, counted in `db`.
async fn counts(db: &DatabaseConnection, manifest: &Manifest) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for t in &manifest.tables {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM \"{}\"", t.name),
            ))
            .await
            .expect("count")
            .expect("a row");
        let n: i64 = row.try_get_by_index(0).expect("n");
        out.push((t.name.clone(), u64::try_from(n).expect("count")));
    }
    out
}

fn held(manifest: &Manifest) -> Vec<(String, u64)> {
    manifest
        .tables
        .iter()
        .map(|t| (t.name.clone(), t.rows))
        .collect()
}

/// Every file the backup holds is in `dir`, byte for byte as in `source`.
fn same_files(manifest: &Manifest, source: &Path, dir: &Path) {
    for f in &manifest.files {
        let a = std::fs::read(source.join(&f.path)).expect("source file");
        let b = std::fs::read(dir.join(&f.path)).unwrap_or_else(|_| panic!("{} restored", f.path));
        assert_eq!(a, b, "{} is the same file", f.path);
    }
}

fn rows_of(manifest: &Manifest, table: &str) -> u64 {
    manifest
        .tables
        .iter()
        .find(|t| t.name == table)
        .map_or(0, |t| t.rows)
}

/// After a restore the next row gets a new id (PostgreSQL's sequences continue past the
/// restored ids).
async fn a_new_unit_can_be_added(db: &DatabaseConnection) {
    let now = chrono::Utc::now();
    let unit = app::entities::unit::ActiveModel {
        code: Set("X-MOI".into()),
        name: Set("Xã Mới".into()),
        short_name: Set("Xã Mới".into()),
        kind: Set(app::domain::UnitKind::Commune),
        valid_from: Set(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a new unit after the restore");
    assert!(unit.id.0 > 0);
}

async fn round_trip(from: Backend, to: Backend) {
    let app = TestApp::spawn(from).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("demo.zip");
    let made = backup::backup(&app.db, &local(app.data_dir()), &file)
        .await
        .expect("backup");
    assert!(file.exists() && !dir.path().join("demo.zip.partial").exists());
    assert_eq!(
        counts(&app.db, &made).await,
        held(&made),
        "the backup holds every row"
    );
    for table in [
        "tasks",
        "progress_updates",
        "audit_entries",
        "units",
        "users",
    ] {
        assert!(rows_of(&made, table) > 0, "the demo has {table}");
    }
    assert!(!made.files.is_empty(), "the demo has evidence files");

    let target = Scratch::new(to).await;
    let db = server::db::connect(&target.url).await.expect("connect");
    let restored = backup::restore(&db, &local(target.dir.path()), &file, false)
        .await
        .expect("restore");
    assert_eq!(restored.manifest.migrations, made.migrations);
    assert!(
        restored.kept.is_none(),
        "nothing to keep in an empty target"
    );
    assert_eq!(
        counts(&db, &made).await,
        held(&made),
        "{from:?} -> {to:?}: same rows"
    );
    same_files(&made, app.data_dir(), target.dir.path());
    a_new_unit_can_be_added(&db).await;

    // And back: the restored database's own backup holds the same rows and files.
    let again = dir.path().join("again.zip");
    let second = backup::backup(&db, &local(target.dir.path()), &again)
        .await
        .expect("second backup");
    let mut expected = held(&made);
    for (table, rows) in &mut expected {
        if table == "units" {
            *rows += 1;
        }
    }
    assert_eq!(held(&second), expected);
    let files = |m: &Manifest| {
        m.files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&second), files(&made), "the same files, by checksum");
    db.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_round_trip() {
    round_trip(Backend::Sqlite, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_round_trip() {
    round_trip(Backend::Postgres, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_restores_onto_postgres() {
    round_trip(Backend::Sqlite, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backup_restores_onto_sqlite() {
    round_trip(Backend::Postgres, Backend::Sqlite).await;
}

/// The rows of a backup made on one database, restored on the other and backed up again, are
/// the same to the byte: one form for booleans, instants and numbers whichever wrote them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_reads_the_same_from_either_database() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let dir = tempfile::tempdir().expect("dir");
    let first = backup::backup(&app.db, &local(app.data_dir()), &dir.path().join("pg.zip"))
        .await
        .expect("backup");
    let target = Scratch::new(Backend::Sqlite).await;
    let db = server::db::connect(&target.url).await.expect("connect");
    backup::restore(
        &db,
        &local(target.dir.path()),
        &dir.path().join("pg.zip"),
        false,
    )
    .await
    .expect("restore");
    let second = backup::backup(
        &db,
        &local(target.dir.path()),
        &dir.path().join("sqlite.zip"),
    )
    .await
    .expect("backup of the restored");
    for (a, b) in first.tables.iter().zip(&second.tables) {
        assert_eq!(
            (&a.name, &a.sha256),
            (&b.name, &b.sha256),
            "table {}",
            a.name
        );
    }
    db.close().await.ok();
}

/// How many tables (besides SQLite's own) a database has.
async fn tables_in(db: &DatabaseConnection) -> usize {
    server::backup::schema::tables(db)
        .await
        .expect("tables")
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_or_truncated_backups_are_refused_and_restore_nothing() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("dir");
    let good = dir.path().join("good.zip");
    backup::backup(&app.db, &local(app.data_dir()), &good)
        .await
        .expect("backup");
    let bytes = std::fs::read(&good).expect("read");

    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let mut flipped = bytes.clone();
    // A byte in the middle of the compressed rows.
    let middle = flipped.len() / 3;
    flipped[middle] ^= 0x5a;
    let damaged = dir.path().join("damaged.zip");
    std::fs::write(&damaged, &flipped).expect("write");
    let not_zip = dir.path().join("notes.zip");
    std::fs::write(&not_zip, "Báo cáo quý I").expect("write");

    for (file, what) in [
        (&truncated, "truncated"),
        (&damaged, "damaged"),
        (&not_zip, "not a backup"),
    ] {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let target = Scratch::new(backend).await;
            let db = server::db::connect(&target.url).await.expect("connect");
            let err = backup::restore(&db, &local(target.dir.path()), file, false)
                .await
                .expect_err(what);
            let message = err.to_string();
            assert!(
                message.contains("not a usable backup") && message.contains("Nothing was restored"),
                "{what}: {message}"
            );
            assert_eq!(tables_in(&db).await, 0, "{what}: no table made");
            assert!(
                !target.dir.path().join("files").exists(),
                "{what}: no file restored"
            );
            db.close().await.ok();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_with_rows_is_replaced_only_when_told() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("demo.zip");
    let made = backup::backup(&app.db, &local(app.data_dir()), &file)
        .await
        .expect("backup");
    // A second province's rows and files, where the backup would go.
    let target = TestApp::spawn(Backend::Sqlite).await;
    target
        .db
        .execute_unprepared("UPDATE units SET name = 'Sở đã đổi tên' WHERE code = 'STP'")
        .await
        .expect("change");
    let err = backup::restore(&target.db, &local(target.data_dir()), &file, false)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("--force"), "{err}");
    let name: String = target
        .db
        .query_one_raw(Statement::from_string(
            target.db.get_database_backend(),
            "SELECT name FROM units WHERE code = 'STP'",
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index(0)
        .expect("name");
    assert_eq!(name, "Sở đã đổi tên", "nothing was overwritten");

    let restored = backup::restore(&target.db, &local(target.data_dir()), &file, true)
        .await
        .expect("forced restore");
    // What was replaced was backed up first, beside the backup, with the changed name in it.
    let kept = restored.kept.expect("a copy of the replaced data");
    assert_eq!(kept.parent(), file.parent());
    let scratch = Scratch::new(Backend::Sqlite).await;
    let db = server::db::connect(&scratch.url).await.expect("connect");
    backup::restore(&db, &local(scratch.dir.path()), &kept, false)
        .await
        .expect("the copy restores");
    let name: String = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT name FROM units WHERE code = 'STP'",
        ))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index(0)
        .expect("name");
    assert_eq!(name, "Sở đã đổi tên", "the copy holds what was replaced");
    db.close().await.ok();
    assert_eq!(counts(&target.db, &made).await, held(&made));
    same_files(&made, app.data_dir(), target.data_dir());
}

/// A backup of an older schema (the demo as migration 7 left it) restores and is upgraded to
/// today's schema, as the server upgrades an old database at start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_an_older_schema_is_upgraded_on_restore() {
    use migration::MigratorTrait;
    let dir = tempfile::tempdir().expect("dir");
    let old = dir.path().join("old.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema/m20261127_000007.sqlite"),
        &old,
    )
    .expect("copy the fixture");
    let source = server::db::connect(&format!("sqlite://{}?mode=rw", old.display()))
        .await
        .expect("connect");
    let file = dir.path().join("old.zip");
    let made = backup::backup(&source, &local(dir.path()), &file)
        .await
        .expect("backup");
    assert_eq!(
        made.migrations.last().map(String::as_str),
        Some("m20261127_000007_task_unit_plan")
    );
    source.close().await.ok();

    let target = Scratch::new(Backend::Postgres).await;
    let db = server::db::connect(&target.url).await.expect("connect");
    backup::restore(&db, &local(target.dir.path()), &file, false)
        .await
        .expect("restore");
    let pending = migration::Migrator::get_pending_migrations(&db)
        .await
        .expect("pending");
    assert!(pending.is_empty(), "the schema is today's");
    let tasks = rows_of(&made, "tasks");
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM tasks",
        ))
        .await
        .expect("count")
        .expect("row");
    assert_eq!(
        u64::try_from(row.try_get_by_index::<i64>(0).expect("n")).ok(),
        Some(tasks)
    );
    db.close().await.ok();
}

/// What an operator types: `server backup --to F`, then `server restore --from F` into a new data
/// folder, and the same counts come back; a second restore into it is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_backup_and_restore_commands() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let bin = env!("CARGO_BIN_EXE_cchc-server");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("demo.zip");
    let run = |args: &[&str], url: &str, data: &Path| {
        std::process::Command::new(bin)
            .args(args)
            .env("DATABASE_URL", url)
            .env("CCHC_DATA_DIR", data)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run the server binary")
    };
    let out = run(
        &["backup", "--to", file.to_str().expect("path")],
        &app.database_url,
        app.data_dir(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backed up"));

    let fresh = dir.path().join("fresh");
    let url = format!("sqlite://{}?mode=rwc", fresh.join("cchc.db").display());
    let restore = ["restore", "--from", file.to_str().expect("path")];
    let out = run(&restore, &url, &fresh);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Restored"));
    let db = server::db::connect(&url).await.expect("connect");
    let made = backup::archive::Backup::open(&file).expect("open").manifest;
    assert_eq!(counts(&db, &made).await, held(&made));
    db.close().await.ok();

    let out = run(&restore, &url, &fresh);
    assert!(!out.status.success(), "a second restore is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}

/// The nightly job: each run a new file in the folder, and only the newest `keep` stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nightly_backups_keep_the_newest() {
    use server::backup::nightly::{backups_in, run, Nightly};
    let app = TestApp::spawn(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("dir");
    let nightly = Nightly {
        dir: dir.path().join("backups"),
        keep: 2,
        cron: "0 30 1 * * *".into(),
    };
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(
            run(&app.db, &local(app.data_dir()), &nightly)
                .await
                .expect("nightly"),
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(backups_in(&nightly.dir), made[1..], "the oldest is removed");
    backup::archive::Backup::open(&made[2]).expect("a whole backup");
}
