//! Databases made by earlier schemas: the demo database as each released schema left it
//! (`tests/fixtures/schema/`) is upgraded by today's migrations at start, and then every page
//! opens for every role. Each released schema adds its fixture here.
//!
//! A migration that has shipped never changes what it does: a fresh database made by today's
//! migrations has the schema of the newest fixture (upgraded by today's migrations, should
//! there be newer ones), on both databases.

use integration_tests::{Backend, Scratch, TestApp, DEMO_PASSWORD};
use migration::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbErr, EntityTrait, QueryOrder, Statement,
};

/// The schemas with a fixture, oldest first.
const FIXTURES: [&str; 6] = [
    "m20261127_000007",
    "m20261203_000008",
    "m20261204_000009",
    "m20261205_000011",
    "m20261206_000012",
    "m20261207_000013",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fixtures_upgrade_and_every_page_opens() {
    for fixture in FIXTURES {
        let app = TestApp::spawn_fixture(Backend::Sqlite, fixture).await;
        stored_values_read(&app, fixture).await;
        every_page_opens(&app, fixture).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fixtures_upgrade_and_every_page_opens() {
    for fixture in FIXTURES {
        let app = TestApp::spawn_fixture(Backend::Postgres, fixture).await;
        stored_values_read(&app, fixture).await;
        every_page_opens(&app, fixture).await;
    }
}

/// A fresh SQLite file made by today's migrations has the newest fixture's schema.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fresh_schema_is_the_newest_fixtures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("fresh.db");
    let fresh = fresh_schema(
        &format!("sqlite://{}?mode=rwc", file.display()),
        &[SQLITE_MASTER],
    )
    .await
    .expect("migrate and describe a fresh SQLite file");
    is_the_newest_fixtures(Backend::Sqlite, &fresh, &[SQLITE_MASTER]).await;
}

/// A fresh PostgreSQL database made by today's migrations has the newest fixture's schema.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fresh_schema_is_the_newest_fixtures() {
    let scratch = Scratch::new(Backend::Postgres).await;
    let fresh = fresh_schema(&scratch.url, &PG_CATALOGUE)
        .await
        .expect("migrate and describe a fresh PostgreSQL database");
    is_the_newest_fixtures(Backend::Postgres, &fresh, &PG_CATALOGUE).await;
}

/// The newest fixture: the schema today's migrations make.
fn newest() -> &'static str {
    FIXTURES[FIXTURES.len() - 1]
}

/// The schema (as `queries` describe it) of the empty database at `url` once today's migrations
/// have run on it.
async fn fresh_schema(url: &str, queries: &[&str]) -> Result<Vec<String>, DbErr> {
    let db = Database::connect(url).await?;
    Migrator::up(&db, None).await?;
    let lines = describe(&db, queries).await;
    db.close().await.ok();
    lines
}

/// SQLite's own record of the schema: each table, index and trigger with its SQL
/// (`sqlite_sequence` holds counters, not schema).
const SQLITE_MASTER: &str = "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || \
     coalesce(sql, '') AS line FROM sqlite_master WHERE name <> 'sqlite_sequence' \
     ORDER BY type, name";

/// PostgreSQL's catalogue of the public schema: relations, columns in order with their type,
/// nullability, default and identity, constraints by name, indexes and sequences.
const PG_CATALOGUE: [&str; 5] = [
    "SELECT c.relkind::text || ' ' || c.relname AS line FROM pg_class c \
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' \
     ORDER BY c.relname",
    "SELECT concat_ws(' ', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), \
     CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, \
     pg_get_expr(d.adbin, d.adrelid), 'identity ' || nullif(a.attidentity::text, ''), \
     'generated ' || nullif(a.attgenerated::text, '')) AS line \
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY c.relname, a.attnum",
    "SELECT concat_ws(' ', c.relname, con.conname, pg_get_constraintdef(con.oid)) AS line \
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' \
     ORDER BY c.relname, con.conname",
    "SELECT concat_ws(' ', tablename, indexname, indexdef) AS line FROM pg_indexes \
     WHERE schemaname = 'public' ORDER BY tablename, indexname",
    "SELECT concat_ws(' ', sequencename, data_type, start_value, min_value, max_value, \
     increment_by, cycle) AS line FROM pg_sequences WHERE schemaname = 'public' \
     ORDER BY sequencename",
];

/// The lines the `queries` (each answering a column `line`) read from `db`.
async fn describe(db: &DatabaseConnection, queries: &[&str]) -> Result<Vec<String>, DbErr> {
    let mut lines = Vec::new();
    for sql in queries {
        let statement = Statement::from_string(db.get_database_backend(), *sql);
        for row in db.query_all_raw(statement).await? {
            lines.push(row.try_get::<String>("", "line")?);
        }
    }
    Ok(lines)
}

/// Fails, naming the lines that differ, unless `fresh` is the schema (as `queries` describe it)
/// of the newest fixture upgraded by today's migrations.
async fn is_the_newest_fixtures(backend: Backend, fresh: &[String], queries: &[&str]) {
    let app = TestApp::spawn_fixture(backend, newest()).await;
    let fixture = describe(&app.db, queries)
        .await
        .expect("describe the fixture");
    if fresh == fixture {
        return;
    }
    let fixture = &fixture[..];
    let only = |a: &[String], b: &[String]| -> String {
        a.iter()
            .filter(|l| !b.contains(l))
            .map(|l| format!("\n  {l}"))
            .collect()
    };
    let (fresh_only, fixture_only) = (only(fresh, fixture), only(fixture, fresh));
    let difference = if fresh_only.is_empty() && fixture_only.is_empty() {
        format!(
            "the same lines in another order; fresh:{}",
            only(fresh, &[])
        )
    } else {
        format!("only in the fresh database:{fresh_only}\nonly in the fixture:{fixture_only}")
    };
    panic!(
        "a fresh database's schema is not {}'s: has a shipped migration changed what it does?\n\
         {difference}",
        newest()
    );
}

/// What the old schema stored in JSON columns (report snapshots, province figures, staged import
/// rows, written before versions existed) reads as version 0 of today's stored shapes.
async fn stored_values_read(app: &TestApp, fixture: &str) {
    use app::entities::{import_batch, province_report, unit_report};
    use app::services::stored::{import_rows, report};
    let reports = unit_report::Entity::find()
        .all(&app.db)
        .await
        .expect("reports");
    let snapshots: Vec<_> = reports
        .iter()
        .filter_map(|r| r.snapshot.as_deref().map(|s| (r.id, s)))
        .collect();
    assert!(
        !snapshots.is_empty(),
        "{fixture}: the demo's submitted reports"
    );
    for (id, json) in snapshots {
        let s = report::read_snapshot(json, id)
            .unwrap_or_else(|e| panic!("{fixture}: snapshot of report {id}: {e:?}"));
        assert!(!s.tasks.is_empty(), "{fixture}: report {id} has its tasks");
        // Sources read as the report prints them, whatever version stored them ("45/KH-UBND"
        // alone in version 2).
        for t in &s.tasks {
            assert!(
                t.source.is_empty()
                    || ["Kế hoạch số ", "Chỉ thị số ", "Thông báo số "]
                        .iter()
                        .any(|p| t.source.starts_with(p)),
                "{fixture}: report {id}: source {}",
                t.source
            );
        }
    }
    let compiled = province_report::Entity::find()
        .all(&app.db)
        .await
        .expect("province");
    assert!(
        !compiled.is_empty(),
        "{fixture}: the demo's province report"
    );
    for r in compiled {
        report::read_figures(&r.figures, r.id)
            .unwrap_or_else(|e| panic!("{fixture}: figures of {}: {e:?}", r.id));
    }
    for b in import_batch::Entity::find()
        .all(&app.db)
        .await
        .expect("imports")
    {
        import_rows::read_rows(&b.rows, b.id)
            .unwrap_or_else(|e| panic!("{fixture}: rows of import {}: {e:?}", b.id));
    }
}

async fn every_page_opens(app: &TestApp, fixture: &str) {
    use app::entities::{plan, reporting_period, task, unit_report};
    let plans: Vec<i32> = plan::Entity::find()
        .all(&app.db)
        .await
        .expect("plans")
        .into_iter()
        .map(|p| p.id.0)
        .collect();
    assert!(!plans.is_empty(), "{fixture}: the demo's plans survived");
    let tasks: Vec<i32> = task::Entity::find()
        .order_by_asc(task::Column::Id)
        .all(&app.db)
        .await
        .expect("tasks")
        .into_iter()
        .map(|t| t.id)
        .collect();
    let periods: Vec<i32> = reporting_period::Entity::find()
        .all(&app.db)
        .await
        .expect("periods")
        .into_iter()
        .map(|p| p.id)
        .collect();
    let reports: Vec<(i32, i32)> = unit_report::Entity::find()
        .all(&app.db)
        .await
        .expect("unit reports")
        .into_iter()
        .map(|r| (r.period_id, r.unit_id.0))
        .collect();

    let mut common = vec![
        "/".to_string(),
        "/plans".into(),
        "/reports".into(),
        "/notifications".into(),
    ];
    common.extend(plans.iter().map(|p| format!("/plans/{p}")));
    common.extend(plans.iter().map(|p| format!("/plans/{p}/tasks.xlsx")));
    common.extend(periods.iter().map(|p| format!("/reports/periods/{p}")));
    let office: Vec<String> = [
        "/dashboard",
        "/dashboard.pdf",
        "/dashboard/tasks?class=overdue",
        "/reminders",
        "/plans/new",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(tasks.iter().map(|t| format!("/tasks/{t}")))
    .chain(
        periods
            .iter()
            .map(|p| format!("/reports/periods/{p}/province")),
    )
    .chain(
        reports
            .iter()
            .map(|(p, u)| format!("/reports/periods/{p}/units/{u}")),
    )
    .collect();
    let admin: Vec<String> = ["/units", "/users", "/audit", "/mail"]
        .iter()
        .map(|s| s.to_string())
        .collect();

    for (user, pages) in [
        ("sonv.cchc", [common.clone(), office.clone()].concat()),
        ("admin", [common.clone(), admin].concat()),
        (
            "chutich",
            [common.clone(), vec!["/dashboard".into()]].concat(),
        ),
        (
            "stp.chuyenvien",
            [common.clone(), vec!["/my-tasks".into()]].concat(),
        ),
        (
            "tanphu.chutich",
            [common.clone(), vec!["/my-tasks".into()]].concat(),
        ),
    ] {
        let client = app.browser();
        let res = app.login(&client, user, DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "{fixture}: log-in of {user}");
        for page in &pages {
            let mut res = app.get(&client, page).await;
            // A home page sends each role on to its own page.
            if res.status() == StatusCode::FOUND || res.status() == StatusCode::SEE_OTHER {
                let next = res.headers()["location"]
                    .to_str()
                    .unwrap_or("/")
                    .to_string();
                res = app.get(&client, &next).await;
            }
            assert_eq!(
                res.status(),
                StatusCode::OK,
                "{fixture}: {user} opens {page}"
            );
            let body = res.text().await.unwrap_or_default();
            assert!(
                !body.contains("err.internal")
                    && !body.contains("Có lỗi xảy ra trên máy chủ")
                    && !body.contains("Không đọc được dữ liệu đã lưu"),
                "{fixture}: {user} on {page}"
            );
        }
    }
}
