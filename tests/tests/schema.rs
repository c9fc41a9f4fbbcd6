//! Databases made by earlier schemas: the demo database as each released schema left it
//! (`tests/fixtures/schema/`) is upgraded by today's migrations at start, and then every page
//! opens for every role. Each released schema adds its fixture here.

use integration_tests::{Backend, TestApp, DEMO_PASSWORD};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};

/// The schemas with a fixture, oldest first.
const FIXTURES: [&str; 2] = ["m20261127_000007", "m20261203_000008"];

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
