//! The migration that gives reporting periods to the province and the year
//! (`m20261204_000009_province_periods`), on SQLite and on PostgreSQL: what it makes of a
//! database with periods per plan, that a failure in its middle changes nothing, and that `down`
//! gives back the former schema and `up` the same data again.
//!
//! PostgreSQL: each test makes a database of its own on the server at `CCHC_TEST_PG_URL`
//! (`postgres://postgres@127.0.0.1:5432` by default) and drops it at the end.

use std::future::Future;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

/// The number of migrations before this one.
const BEFORE: u32 = 8;

macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::on_sqlite(crate::$name).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::on_postgres(crate::$name).await;
                }
            )*
        }
    };
}

on_both_databases!(
    periods_of_a_year_and_kind_merge_into_one_and_the_best_reports_go_there,
    a_failure_in_the_middle_leaves_the_database_as_it_was,
    down_restores_the_former_schema_and_up_the_same_data,
    down_refuses_a_live_period_no_plan_can_take_and_changes_nothing,
    down_without_any_plan_deletes_the_live_periods,
);

/// Plans, units, periods of two plans with their reports, exports and a notification, in a
/// database migrated up to [`BEFORE`].
struct Seed {
    p1: i32,
    p2: i32,
    q1_a: i32,
    q1_b: i32,
    h1_a: i32,
    h1_b: i32,
    y25: i32,
    /// (report, its period after the migration).
    reports_after: Vec<(i32, i32)>,
    /// (province report, its period after the migration).
    province_after: Vec<(i32, i32)>,
    /// (export, its period after the migration).
    exports_after: Vec<(i32, i32)>,
    x: i32,
    y: i32,
    notification: i32,
}

const T: &str = "'2026-01-02T03:04:05+07:00'";

async fn seed(db: &DatabaseConnection) -> Seed {
    let mut plans = Vec::new();
    for n in 1..=2 {
        plans.push(
            insert(
                db,
                &format!(
                    "INSERT INTO plans (number, title, kind, issued_on, issuing_body, year_from, \
                     year_to, status, created_at, updated_at) VALUES ('{n}/KH-UBND', \
                     'Kế hoạch cải cách hành chính {n}', 'annual', '2026-01-05', 'UBND tỉnh', \
                     2026, 2026, 'active', {T}, {T})"
                ),
            )
            .await,
        );
    }
    let (p1, p2) = (plans[0], plans[1]);
    let mut units = Vec::new();
    for code in ["SX", "SY", "SZ"] {
        units.push(
            insert(
                db,
                &format!(
                    "INSERT INTO units (code, name, short_name, kind, valid_from, created_at, \
                     updated_at) VALUES ('{code}', 'Sở {code}', '{code}', 'department', \
                     '2020-01-01', {T}, {T})"
                ),
            )
            .await,
        );
    }
    let (x, y, z) = (units[0], units[1], units[2]);
    let user = insert(
        db,
        &format!(
            "INSERT INTO users (username, full_name, role, password_hash, active, language, \
             created_at, updated_at) VALUES ('sonv', 'Chuyên viên', 'par_office', 'x', TRUE, \
             'vi', {T}, {T})"
        ),
    )
    .await;

    // Plan 1's periods come first: they are kept (lowest id); plan 2's q1 is open.
    let q1_a = period(db, p1, 2026, "q1", "2026-03-14", false).await;
    let h1_a = period(db, p1, 2026, "h1", "2026-06-14", false).await;
    let q1_b = period(db, p2, 2026, "q1", "2026-03-13", true).await;
    let h1_b = period(db, p2, 2026, "h1", "2026-06-13", false).await;
    let y25 = period(db, p2, 2025, "year", "2025-12-14", true).await;

    // Q1: X accepted in the archived period and a draft in the kept one (they swap); Y
    // submitted in the kept one and a later draft in the other (nothing moves); Z only in the
    // archived one (moves).
    let x_draft_a = report(
        db,
        q1_a,
        x,
        "draft",
        None,
        None,
        "2026-03-10T08:00:00+07:00",
    )
    .await;
    let x_acc_b = report(
        db,
        q1_b,
        x,
        "accepted",
        Some("2026-03-12T08:00:00+07:00"),
        Some("2026-03-13T08:00:00+07:00"),
        "2026-03-13T08:00:00+07:00",
    )
    .await;
    let y_sub_a = report(
        db,
        q1_a,
        y,
        "submitted",
        Some("2026-03-12T08:00:00+07:00"),
        None,
        "2026-03-12T08:00:00+07:00",
    )
    .await;
    let y_draft_b = report(
        db,
        q1_b,
        y,
        "draft",
        None,
        None,
        "2026-03-14T08:00:00+07:00",
    )
    .await;
    let z_draft_b = report(
        db,
        q1_b,
        z,
        "draft",
        None,
        None,
        "2026-03-11T08:00:00+07:00",
    )
    .await;
    // H1: X accepted in both; the archived one's review is the later instant though its text
    // sorts first (another UTC offset). Y returned in the kept one, submitted later in the
    // other. Z's later draft is in the archived one.
    let x_acc_a = report(
        db,
        h1_a,
        x,
        "accepted",
        Some("2026-06-15T08:00:00+07:00"),
        Some("2026-06-20T10:00:00+07:00"),
        "2026-06-20T10:00:00+07:00",
    )
    .await;
    let x_acc_b2 = report(
        db,
        h1_b,
        x,
        "accepted",
        Some("2026-06-15T08:00:00+07:00"),
        Some("2026-06-20T05:00:00+00:00"),
        "2026-06-20T05:00:00+00:00",
    )
    .await;
    let y_ret_a = report(
        db,
        h1_a,
        y,
        "returned",
        Some("2026-06-15T09:00:00+07:00"),
        Some("2026-06-16T09:00:00+07:00"),
        "2026-06-16T09:00:00+07:00",
    )
    .await;
    let y_sub_b = report(
        db,
        h1_b,
        y,
        "submitted",
        Some("2026-06-15T10:00:00+07:00"),
        None,
        "2026-06-15T10:00:00+07:00",
    )
    .await;
    let z_draft_a = report(
        db,
        h1_a,
        z,
        "draft",
        None,
        None,
        "2026-06-01T08:00:00+07:00",
    )
    .await;
    let z_draft_b2 = report(
        db,
        h1_b,
        z,
        "draft",
        None,
        None,
        "2026-06-02T08:00:00+07:00",
    )
    .await;
    // 2025: one period only.
    let z_y25 = report(
        db,
        y25,
        z,
        "accepted",
        Some("2025-12-15T08:00:00+07:00"),
        Some("2025-12-16T08:00:00+07:00"),
        "2025-12-16T08:00:00+07:00",
    )
    .await;
    for (id, actions) in [
        (x_acc_b, &["submit", "accept"][..]),
        (y_sub_a, &["submit"]),
        (x_acc_a, &["submit", "accept"]),
        (y_ret_a, &["submit", "return"]),
        (y_sub_b, &["submit"]),
        (x_draft_a, &["create"]),
    ] {
        for action in actions {
            exec(
                db,
                &format!(
                    "INSERT INTO unit_report_events (report_id, action, user_id, comment, at) \
                     VALUES ({id}, '{action}', {user}, '', {T})"
                ),
            )
            .await;
        }
    }

    // The province report of plan 2's Q1 was compiled last; H1 has one, in the archived period.
    let pr_a = province(db, q1_a, "2026-03-25T08:00:00+07:00").await;
    let pr_b = province(db, q1_b, "2026-03-26T08:00:00+07:00").await;
    let pr_h1 = province(db, h1_b, "2026-06-25T08:00:00+07:00").await;

    let e_x_acc = export(db, &format!("u:{x_acc_b}"), q1_b, Some(x)).await;
    let e_x_draft = export(db, &format!("u:{x_draft_a}"), q1_a, Some(x)).await;
    let e_y_sub = export(db, &format!("u:{y_sub_a}"), q1_a, Some(y)).await;
    let e_pr_a = export(db, &format!("p:{pr_a}"), q1_a, None).await;
    let e_pr_b = export(db, &format!("p:{pr_b}"), q1_b, None).await;
    let e_pr_h1 = export(db, &format!("p:{pr_h1}"), h1_b, None).await;

    let notification = insert(
        db,
        &format!(
            "INSERT INTO notifications (user_id, rule, subject, occurrence, period_id, unit_id, \
             title, body, link, created_at) VALUES ({user}, 'report_due_soon', \
             'report:{q1_b}:{x}', '2026-03-15:1', {q1_b}, {x}, 'Sắp đến hạn', '', '/reports', \
             {T})"
        ),
    )
    .await;

    Seed {
        p1,
        p2,
        q1_a,
        q1_b,
        h1_a,
        h1_b,
        y25,
        reports_after: vec![
            (x_acc_b, q1_a),
            (x_draft_a, q1_b),
            (y_sub_a, q1_a),
            (y_draft_b, q1_b),
            (z_draft_b, q1_a),
            (x_acc_b2, h1_a),
            (x_acc_a, h1_b),
            (y_sub_b, h1_a),
            (y_ret_a, h1_b),
            (z_draft_b2, h1_a),
            (z_draft_a, h1_b),
            (z_y25, y25),
        ],
        province_after: vec![(pr_b, q1_a), (pr_a, q1_b), (pr_h1, h1_a)],
        exports_after: vec![
            (e_x_acc, q1_a),
            (e_x_draft, q1_b),
            (e_y_sub, q1_a),
            (e_pr_a, q1_b),
            (e_pr_b, q1_a),
            (e_pr_h1, h1_a),
        ],
        x,
        y,
        notification,
    }
}

async fn periods_of_a_year_and_kind_merge_into_one_and_the_best_reports_go_there(
    db: DatabaseConnection,
) {
    Migrator::up(&db, Some(BEFORE)).await.expect("up to 8");
    let s = seed(&db).await;
    let counted = [
        "reporting_periods",
        "unit_reports",
        "unit_report_events",
        "province_reports",
        "report_exports",
        "notifications",
    ];
    let mut before = Vec::new();
    for table in counted {
        before.push(count(&db, table).await);
    }
    // What the reports say, apart from their period.
    let contents = |table: &'static str| {
        let db = db.clone();
        async move {
            let cols: &[&str] = if table == "unit_reports" {
                &[
                    "id",
                    "unit_id",
                    "status",
                    "results",
                    "submitted_at",
                    "reviewed_at",
                    "updated_at",
                ]
            } else {
                &["id", "number", "compiled_at", "updated_at"]
            };
            lines(
                &db,
                &format!("SELECT {} AS line FROM {table} ORDER BY id", joined(cols)),
            )
            .await
        }
    };
    let (unit_contents, province_contents) = (
        contents("unit_reports").await,
        contents("province_reports").await,
    );

    Migrator::up(&db, Some(1)).await.expect("the migration");

    for (table, n) in counted.iter().zip(before) {
        assert_eq!(
            count(&db, table).await,
            n,
            "{table}: nothing added or deleted"
        );
    }
    assert_eq!(contents("unit_reports").await, unit_contents);
    assert_eq!(contents("province_reports").await, province_contents);

    // One live period per year and kind: the kept ones, without a plan, with their own dates.
    assert_eq!(
        lines(
            &db,
            "SELECT CAST(year AS TEXT) || ' ' || kind || ' ' || CAST(COUNT(*) AS TEXT) AS line \
             FROM reporting_periods WHERE merged_into IS NULL GROUP BY year, kind \
             ORDER BY year, kind"
        )
        .await,
        ["2025 year 1", "2026 h1 1", "2026 q1 1"]
    );
    let period = |id: i32| {
        let db = db.clone();
        async move {
            lines(
                &db,
                &format!(
                    "SELECT {} AS line FROM reporting_periods WHERE id = {id}",
                    joined(&["plan_id", "merged_into", "is_open", "cutoff"])
                ),
            )
            .await
            .join("")
        }
    };
    let (t, f) = if db.get_database_backend() == DbBackend::Sqlite {
        ("1", "0")
    } else {
        ("true", "false")
    };
    // Q1 is open: plan 2's period was.
    assert_eq!(period(s.q1_a).await, format!("-|-|{t}|2026-03-14"));
    assert_eq!(period(s.h1_a).await, format!("-|-|{f}|2026-06-14"));
    assert_eq!(period(s.y25).await, format!("-|-|{t}|2025-12-14"));
    // The archived ones keep their plan and dates, closed.
    assert_eq!(
        period(s.q1_b).await,
        format!("{}|{}|{f}|2026-03-13", s.p2, s.q1_a)
    );
    assert_eq!(
        period(s.h1_b).await,
        format!("{}|{}|{f}|2026-06-13", s.p2, s.h1_a)
    );

    // The best reports are in the live periods, the others on the archived ones.
    for (table, expected) in [
        ("unit_reports", &s.reports_after),
        ("province_reports", &s.province_after),
        ("report_exports", &s.exports_after),
    ] {
        let mut found = Vec::new();
        for (id, _) in expected.iter() {
            found.push((
                *id,
                int(
                    &db,
                    &format!("SELECT period_id AS v FROM {table} WHERE id = {id}"),
                )
                .await,
            ));
        }
        assert_eq!(&found, expected, "{table}");
    }
    // Every export follows its report.
    assert_eq!(
        count(
            &db,
            "report_exports e WHERE NOT EXISTS (SELECT 1 FROM unit_reports r \
             WHERE e.owner = 'u:' || CAST(r.id AS TEXT) AND r.period_id = e.period_id) \
             AND NOT EXISTS (SELECT 1 FROM province_reports r \
             WHERE e.owner = 'p:' || CAST(r.id AS TEXT) AND r.period_id = e.period_id)"
        )
        .await,
        0
    );
    // Notifications keep their period.
    assert_eq!(
        int(
            &db,
            &format!(
                "SELECT period_id AS v FROM notifications WHERE id = {}",
                s.notification
            )
        )
        .await,
        s.q1_b
    );
    references_hold(&db).await;

    // A second live period of a year and kind is refused, an archived one is not.
    let again = |plan: &str, merged: &str| {
        format!(
            "INSERT INTO reporting_periods (plan_id, year, kind, window_start, cutoff, \
             unit_due_on, province_due_on, is_open, created_at, updated_at, merged_into) VALUES \
             ({plan}, 2026, 'q1', '2025-12-15', '2026-03-14', '2026-03-15', '2026-03-20', FALSE, \
             {T}, {T}, {merged})"
        )
    };
    refused(&db, &again("NULL", "NULL"), "a second live Q1 2026").await;
    refused(
        &db,
        &again(&s.p1.to_string(), "NULL"),
        "a second live Q1 2026 of a plan",
    )
    .await;
    exec(&db, &again(&s.p1.to_string(), &s.q1_a.to_string())).await;
    exec(
        &db,
        &format!(
            "INSERT INTO reporting_periods (plan_id, year, kind, window_start, cutoff, \
             unit_due_on, province_due_on, is_open, created_at, updated_at) VALUES \
             (NULL, 2026, 'm9', '2025-12-15', '2026-09-14', '2026-09-15', '2026-09-20', TRUE, \
             {T}, {T})"
        ),
    )
    .await;
    // The other tables keep their constraints.
    refused(
        &db,
        &format!(
            "INSERT INTO unit_reports (period_id, unit_id, status, results, shortcomings, \
             next_tasks, proposals, submitted_late, submissions, review_comment, created_at, \
             updated_at) VALUES ({}, {}, 'draft', '', '', '', '', FALSE, 0, '', {T}, {T})",
            s.q1_a, s.x
        ),
        "a second report of a unit in a period",
    )
    .await;
    refused(
        &db,
        &province_sql(s.q1_a, "2026-03-27T08:00:00+07:00"),
        "a second province report",
    )
    .await;

    // The units added to or exempted from a period.
    let period_unit = |unit: i32, expected: bool| {
        format!(
            "INSERT INTO period_units (period_id, unit_id, expected, reason, created_by, \
             created_at) VALUES ({}, {unit}, {}, 'Theo Kế hoạch số 2', NULL, {T})",
            s.q1_a,
            if expected { "TRUE" } else { "FALSE" }
        )
    };
    exec(&db, &period_unit(s.x, true)).await;
    exec(&db, &period_unit(s.y, false)).await;
    refused(&db, &period_unit(s.x, false), "a unit twice in a period").await;
    refused(&db, &period_unit(-1, true), "a unit that does not exist").await;
    assert_eq!(count(&db, "period_units").await, 2);
    references_hold(&db).await;
}

async fn a_failure_in_the_middle_leaves_the_database_as_it_was(db: DatabaseConnection) {
    Migrator::up(&db, Some(BEFORE)).await.expect("up to 8");
    seed(&db).await;
    // Moving a report fails: the merge stops after the table was rebuilt and periods merged.
    if db.get_database_backend() == DbBackend::Sqlite {
        exec(
            &db,
            "CREATE TRIGGER refuse_moves BEFORE UPDATE OF period_id ON unit_reports \
             BEGIN SELECT RAISE(ABORT, 'moves refused'); END",
        )
        .await;
    } else {
        exec(
            &db,
            "CREATE FUNCTION refuse_moves() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'moves refused'; END $$",
        )
        .await;
        exec(
            &db,
            "CREATE TRIGGER refuse_moves BEFORE UPDATE OF period_id ON unit_reports \
             FOR EACH ROW EXECUTE FUNCTION refuse_moves()",
        )
        .await;
    }
    let schema_before = schema(&db).await;
    let data_before = data(&db, false).await;

    let failed = Migrator::up(&db, Some(1)).await;
    assert!(
        failed
            .as_ref()
            .is_err_and(|e| e.to_string().contains("moves refused")),
        "{failed:?}"
    );
    assert_eq!(schema(&db).await, schema_before);
    assert_eq!(data(&db, false).await, data_before);
    assert_eq!(count(&db, "seaql_migrations").await, i64::from(BEFORE));
    references_hold(&db).await;

    // Once nothing stands in the way, it runs.
    if db.get_database_backend() == DbBackend::Sqlite {
        exec(&db, "DROP TRIGGER refuse_moves").await;
    } else {
        exec(&db, "DROP TRIGGER refuse_moves ON unit_reports").await;
    }
    Migrator::up(&db, Some(1)).await.expect("the migration");
    assert_eq!(
        count(&db, "reporting_periods WHERE merged_into IS NOT NULL").await,
        2
    );
    references_hold(&db).await;
}

async fn down_restores_the_former_schema_and_up_the_same_data(db: DatabaseConnection) {
    Migrator::up(&db, Some(BEFORE)).await.expect("up to 8");
    let s = seed(&db).await;
    let schema_8 = schema(&db).await;
    Migrator::up(&db, Some(1)).await.expect("the migration");
    let schema_9 = schema(&db).await;
    let data_9 = data(&db, true).await;
    assert_ne!(schema_9, schema_8);

    let counter = sequence(&db).await;
    Migrator::down(&db, Some(1)).await.expect("down");
    assert_eq!(schema(&db).await, schema_8, "the former schema, exactly");
    // Ids once given (here the one the merge used for a moment) are not given again.
    assert_eq!(sequence(&db).await, counter);
    references_hold(&db).await;
    assert_eq!(
        count(&db, "reporting_periods WHERE plan_id IS NULL").await,
        0
    );
    assert_eq!(count(&db, "reporting_periods").await, 5);
    // The live periods took the lowest plan without a period of their year and kind; the
    // archived ones kept theirs.
    for (id, plan) in [
        (s.q1_a, s.p1),
        (s.h1_a, s.p1),
        (s.y25, s.p1),
        (s.q1_b, s.p2),
        (s.h1_b, s.p2),
    ] {
        assert_eq!(
            int(
                &db,
                &format!("SELECT plan_id AS v FROM reporting_periods WHERE id = {id}")
            )
            .await,
            plan
        );
    }
    for (id, period) in &s.reports_after {
        assert_eq!(
            int(
                &db,
                &format!("SELECT period_id AS v FROM unit_reports WHERE id = {id}")
            )
            .await,
            *period
        );
    }

    Migrator::up(&db, Some(1)).await.expect("up again");
    assert_eq!(schema(&db).await, schema_9);
    assert_eq!(data(&db, true).await, data_9);
    references_hold(&db).await;
}

async fn down_refuses_a_live_period_no_plan_can_take_and_changes_nothing(db: DatabaseConnection) {
    Migrator::up(&db, Some(BEFORE)).await.expect("up to 8");
    let s = seed(&db).await;
    Migrator::up(&db, Some(1)).await.expect("the migration");
    // Both plans now have a Q1 2026 period: the live one can take neither.
    let extra = insert(
        &db,
        &format!(
            "INSERT INTO reporting_periods (plan_id, year, kind, window_start, cutoff, \
             unit_due_on, province_due_on, is_open, created_at, updated_at, merged_into) VALUES \
             ({}, 2026, 'q1', '2025-12-15', '2026-03-14', '2026-03-15', '2026-03-20', FALSE, \
             {T}, {T}, {})",
            s.p1, s.q1_a
        ),
    )
    .await;
    exec(
        &db,
        &format!(
            "INSERT INTO period_units (period_id, unit_id, expected, reason, created_at) \
             VALUES ({}, {}, TRUE, 'x', {T})",
            s.q1_a, s.x
        ),
    )
    .await;
    let (schema_9, data_9) = (schema(&db).await, data(&db, true).await);

    let refused = Migrator::down(&db, Some(1)).await;
    match &refused {
        Err(DbErr::Migration(message)) => {
            assert!(message.contains(&format!("(id {})", s.q1_a)), "{message}")
        }
        other => panic!("down should refuse: {other:?}"),
    }
    assert_eq!(schema(&db).await, schema_9);
    assert_eq!(data(&db, true).await, data_9);
    assert_eq!(count(&db, "period_units").await, 1);
    assert_eq!(count(&db, "seaql_migrations").await, i64::from(BEFORE) + 1);

    exec(
        &db,
        &format!("DELETE FROM reporting_periods WHERE id = {extra}"),
    )
    .await;
    Migrator::down(&db, Some(1)).await.expect("down");
    references_hold(&db).await;
}

async fn down_without_any_plan_deletes_the_live_periods(db: DatabaseConnection) {
    Migrator::up(&db, Some(BEFORE)).await.expect("up to 8");
    let schema_8 = schema(&db).await;
    Migrator::up(&db, Some(1)).await.expect("the migration");
    let unit = insert(
        &db,
        &format!(
            "INSERT INTO units (code, name, short_name, kind, valid_from, created_at, \
             updated_at) VALUES ('SX', 'Sở X', 'SX', 'department', '2020-01-01', {T}, {T})"
        ),
    )
    .await;
    let live = insert(
        &db,
        &format!(
            "INSERT INTO reporting_periods (year, kind, window_start, cutoff, unit_due_on, \
             province_due_on, is_open, created_at, updated_at) VALUES (2026, 'q1', \
             '2025-12-15', '2026-03-14', '2026-03-15', '2026-03-20', TRUE, {T}, {T})"
        ),
    )
    .await;
    report(
        &db,
        live,
        unit,
        "draft",
        None,
        None,
        "2026-03-10T08:00:00+07:00",
    )
    .await;

    Migrator::down(&db, Some(1)).await.expect("down");
    assert_eq!(schema(&db).await, schema_8);
    assert_eq!(count(&db, "reporting_periods").await, 0);
    assert_eq!(count(&db, "unit_reports").await, 0);
    references_hold(&db).await;
}

/// The demo database as the previous release left it (the newest schema fixture of the
/// integration tests) goes up, down to exactly its former schema, and up again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_the_demo_database_goes_up_down_and_up() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/schema/m20261203_000008.sqlite"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("demo.db");
    std::fs::copy(fixture, &file).expect("copy the demo database");
    let db = connect_sqlite(&file).await;
    let schema_8 = schema(&db).await;
    let tables = [
        "reporting_periods",
        "unit_reports",
        "unit_report_events",
        "province_reports",
        "report_exports",
        "notifications",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&db, table).await);
    }

    Migrator::up(&db, Some(1)).await.expect("the migration");
    references_hold(&db).await;
    for (table, n) in tables.iter().zip(&before) {
        assert_eq!(count(&db, table).await, *n, "{table}");
    }
    assert_eq!(
        count(&db, "reporting_periods WHERE plan_id IS NOT NULL").await,
        0
    );
    let data_9 = data(&db, true).await;

    Migrator::down(&db, Some(1)).await.expect("down");
    assert_eq!(schema(&db).await, schema_8);
    references_hold(&db).await;
    Migrator::up(&db, Some(1)).await.expect("up again");
    assert_eq!(data(&db, true).await, data_9);
    db.close().await.ok();
}

// Databases.

async fn connect_sqlite(file: &std::path::Path) -> DatabaseConnection {
    // Several connections, as the server has: the migration must hold to one by itself.
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rwc", file.display()));
    options.max_connections(4).sqlx_logging(false);
    let db = Database::connect(options).await.expect("SQLite");
    assert_eq!(
        int(&db, "SELECT foreign_keys AS v FROM pragma_foreign_keys").await,
        1,
        "foreign keys are on"
    );
    db
}

async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let db = connect_sqlite(&dir.path().join("test.db")).await;
    let outcome = tokio::spawn(test(db.clone())).await;
    db.close().await.ok();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let server = std::env::var("CCHC_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("cchc_migration_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(format!("{server}/postgres"))
        .await
        .expect("PostgreSQL must be reachable for the PostgreSQL tests (CCHC_TEST_PG_URL)");
    exec(&admin, &format!("CREATE DATABASE {name}")).await;
    let mut options = ConnectOptions::new(format!("{server}/{name}"));
    options.max_connections(4).sqlx_logging(false);
    let db = Database::connect(options).await.expect("the test database");
    let outcome = tokio::spawn(test(db.clone())).await;
    db.close().await.ok();
    exec(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    admin.close().await.ok();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

// Rows.

async fn period(
    db: &DatabaseConnection,
    plan: i32,
    year: i32,
    kind: &str,
    cutoff: &str,
    open: bool,
) -> i32 {
    insert(
        db,
        &format!(
            "INSERT INTO reporting_periods (plan_id, year, kind, window_start, cutoff, \
             unit_due_on, province_due_on, is_open, created_at, updated_at) VALUES \
             ({plan}, {year}, '{kind}', '2025-12-15', '{cutoff}', '{cutoff}', '{cutoff}', {}, \
             {T}, {T})",
            if open { "TRUE" } else { "FALSE" }
        ),
    )
    .await
}

async fn report(
    db: &DatabaseConnection,
    period: i32,
    unit: i32,
    status: &str,
    submitted_at: Option<&str>,
    reviewed_at: Option<&str>,
    updated_at: &str,
) -> i32 {
    let at = |t: Option<&str>| t.map_or("NULL".to_string(), |t| format!("'{t}'"));
    insert(
        db,
        &format!(
            "INSERT INTO unit_reports (period_id, unit_id, status, results, shortcomings, \
             next_tasks, proposals, snapshot, submitted_at, submitted_by, submitted_late, \
             submissions, reviewed_at, reviewed_by, review_comment, created_by, created_at, \
             updated_at) VALUES ({period}, {unit}, '{status}', 'Kết quả {status} {period} \
             {unit}', '', '', '', NULL, {}, NULL, FALSE, {}, {}, NULL, '', NULL, {T}, \
             '{updated_at}')",
            at(submitted_at),
            i32::from(submitted_at.is_some()),
            at(reviewed_at),
        ),
    )
    .await
}

fn province_sql(period: i32, compiled_at: &str) -> String {
    format!(
        "INSERT INTO province_reports (period_id, number, place, report_date, summary, \
         direction, results, assessment, next_tasks, proposals, recipients, signer_lines, \
         signer_name, figures, compiled_at, compiled_by, updated_at) VALUES ({period}, \
         '{period}/BC-UBND', 'Tây Ninh', '2026-03-28', '', '', '', '', '', '', '', '', '', '{{}}', \
         '{compiled_at}', NULL, '{compiled_at}')"
    )
}

async fn province(db: &DatabaseConnection, period: i32, compiled_at: &str) -> i32 {
    insert(db, &province_sql(period, compiled_at)).await
}

async fn export(db: &DatabaseConnection, owner: &str, period: i32, unit: Option<i32>) -> i32 {
    insert(
        db,
        &format!(
            "INSERT INTO report_exports (owner, period_id, unit_id, format, version, file_name, \
             size_bytes, sha256, pages, created_by, created_at) VALUES ('{owner}', {period}, \
             {}, 'pdf', 1, 'bao-cao.pdf', 1024, 'abc', 2, NULL, {T})",
            unit.map_or("NULL".to_string(), |u| u.to_string())
        ),
    )
    .await
}

// Reading and writing.

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Runs an INSERT and answers the new row's id.
async fn insert(db: &DatabaseConnection, sql: &str) -> i32 {
    int(db, &format!("{sql} RETURNING id AS v")).await
}

/// The integer column `v` of the one row `sql` reads.
async fn int(db: &DatabaseConnection, sql: &str) -> i32 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get("", "v")
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The rows of `from` (a table, maybe with a WHERE clause).
async fn count(db: &DatabaseConnection, from: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {from}");
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            &sql,
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get("", "n")
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The text column `line` of the rows `sql` reads.
async fn lines(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
    .iter()
    .map(|row| {
        row.try_get("", "line")
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    })
    .collect()
}

/// `cols` as one text, separated by "|", with "-" for NULL.
fn joined(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("COALESCE(CAST({c} AS TEXT), '-')"))
        .collect::<Vec<_>>()
        .join(" || '|' || ")
}

async fn refused(db: &DatabaseConnection, sql: &str, what: &str) {
    assert!(
        db.execute_unprepared(sql).await.is_err(),
        "{what} should be refused: {sql}"
    );
}

/// On SQLite, no row points at a missing row (PostgreSQL checks every statement).
async fn references_hold(db: &DatabaseConnection) {
    if db.get_database_backend() == DbBackend::Sqlite {
        let broken = lines(
            db,
            "SELECT \"table\" || ' ' || CAST(rowid AS TEXT) || ' -> ' || parent AS line \
             FROM pragma_foreign_key_check",
        )
        .await;
        assert!(broken.is_empty(), "broken references: {broken:?}");
    }
}

/// The next id of a period: SQLite's AUTOINCREMENT counter, PostgreSQL's sequence.
async fn sequence(db: &DatabaseConnection) -> i64 {
    let sql = if db.get_database_backend() == DbBackend::Sqlite {
        "SELECT seq AS n FROM sqlite_sequence WHERE name = 'reporting_periods'"
    } else {
        "SELECT last_value AS n FROM reporting_periods_id_seq"
    };
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get("", "n")
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The reporting data, row by row.
async fn data(db: &DatabaseConnection, merged: bool) -> Vec<String> {
    let mut periods = vec![
        "id",
        "plan_id",
        "year",
        "kind",
        "window_start",
        "cutoff",
        "unit_due_on",
        "province_due_on",
        "is_open",
        "created_at",
        "updated_at",
    ];
    if merged {
        periods.push("merged_into");
    }
    let mut all = Vec::new();
    for (table, cols) in [
        ("reporting_periods", &periods[..]),
        (
            "unit_reports",
            &[
                "id",
                "period_id",
                "unit_id",
                "status",
                "results",
                "submitted_at",
                "reviewed_at",
                "updated_at",
            ],
        ),
        ("unit_report_events", &["id", "report_id", "action", "at"]),
        (
            "province_reports",
            &["id", "period_id", "number", "compiled_at"],
        ),
        ("report_exports", &["id", "owner", "period_id", "unit_id"]),
        ("notifications", &["id", "period_id", "unit_id", "subject"]),
    ] {
        for line in lines(
            db,
            &format!("SELECT {} AS line FROM {table} ORDER BY id", joined(cols)),
        )
        .await
        {
            all.push(format!("{table}: {line}"));
        }
    }
    all
}

/// The schema: SQLite's own record of it, or PostgreSQL's catalogue of the public schema (as the
/// integration tests' schema check reads them).
async fn schema(db: &DatabaseConnection) -> Vec<String> {
    let queries: &[&str] = if db.get_database_backend() == DbBackend::Sqlite {
        &["SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') AS line \
           FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name"]
    } else {
        &[
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
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 \
             AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
            "SELECT concat_ws(' ', c.relname, con.conname, pg_get_constraintdef(con.oid)) AS line \
             FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' \
             ORDER BY c.relname, con.conname",
            "SELECT concat_ws(' ', tablename, indexname, indexdef) AS line FROM pg_indexes \
             WHERE schemaname = 'public' ORDER BY tablename, indexname",
            "SELECT concat_ws(' ', sequencename, data_type, start_value, min_value, max_value, \
             increment_by, cycle) AS line FROM pg_sequences WHERE schemaname = 'public' \
             ORDER BY sequencename",
        ]
    };
    let mut all = Vec::new();
    for sql in queries {
        all.extend(lines(db, sql).await);
    }
    all
}
