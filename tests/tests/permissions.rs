//! The permission matrix: every role (and an anonymous visitor) against every server function
//! and every page that exists, checked on the server by calling them directly.

use integration_tests::{on_both_databases, TestApp};
use reqwest::StatusCode;

on_both_databases!(every_role_against_every_server_function_and_page);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Anonymous,
    Admin,
    ParOffice,
    Leader,
    UnitHead,
    UnitOfficer,
}

const ROLES: [(Who, Option<&str>); 6] = [
    (Who::Anonymous, None),
    (Who::ParOffice, Some("sonv.cchc")),
    (Who::Leader, Some("chutich")),
    (Who::UnitHead, Some("stp.giamdoc")),
    (Who::UnitOfficer, Some("stp.chuyenvien")),
    // Last, because its writes succeed and change the data.
    (Who::Admin, Some("admin")),
];

/// Who may call it.
#[derive(Clone, Copy)]
enum Rule {
    AnyLoggedIn,
    AdminOnly,
}

async fn every_role_against_every_server_function_and_page(app: &TestApp) {
    let unit = app.unit_id("X-HOAMY").await.to_string();
    let successor = app.unit_id("X-MYLOC").await.to_string();
    let user = app.user_id("tanphu.congchuc").await.to_string();
    let syt = app.unit_id("SYT").await.to_string();
    let tanphu = app.unit_id("X-TANPHU").await.to_string();

    for (who, username) in ROLES {
        let client = match username {
            Some(u) => app.logged_in(u).await,
            None => app.browser(),
        };
        let code = format!("X-PERM-{who:?}").to_uppercase();
        let new_user = format!("perm.{who:?}").to_lowercase();
        type Call<'a> = (&'a str, Rule, Vec<(&'a str, &'a str)>);
        let calls: Vec<Call> = vec![
            (
                "units/list",
                Rule::AnyLoggedIn,
                vec![("include_retired", "true")],
            ),
            ("units/get", Rule::AnyLoggedIn, vec![("id", &unit)]),
            (
                "units/create",
                Rule::AdminOnly,
                vec![
                    ("unit[code]", &code),
                    ("unit[name]", "Xã Thử Quyền"),
                    ("unit[kind]", "commune"),
                    ("unit[valid_from]", "2025-07-01"),
                ],
            ),
            (
                "units/update",
                Rule::AdminOnly,
                vec![
                    ("id", &unit),
                    ("unit[code]", "X-HOAMY"),
                    ("unit[name]", "Ủy ban nhân dân xã Hòa Mỹ"),
                    ("unit[short_name]", "Xã Hòa Mỹ"),
                    ("unit[kind]", "commune"),
                    ("unit[valid_from]", "2025-07-01"),
                ],
            ),
            ("users/list", Rule::AdminOnly, vec![]),
            ("users/get", Rule::AdminOnly, vec![("id", &user)]),
            (
                "users/create",
                Rule::AdminOnly,
                vec![
                    ("user[username]", &new_user),
                    ("user[full_name]", "Người Thử"),
                    ("user[role]", "unit_officer"),
                    ("user[unit_id]", &syt),
                    ("password", "SongHong2026"),
                ],
            ),
            (
                "users/update",
                Rule::AdminOnly,
                vec![
                    ("id", &user),
                    ("user[full_name]", "Đỗ Thị Mai"),
                    ("user[role]", "unit_officer"),
                    ("user[unit_id]", &tanphu),
                ],
            ),
            (
                "users/set_active",
                Rule::AdminOnly,
                vec![("id", &user), ("active", "true")],
            ),
            ("audit/list", Rule::AdminOnly, vec![("page", "1")]),
            (
                "units/retire",
                Rule::AdminOnly,
                vec![
                    ("id", &unit),
                    ("valid_to", "2026-12-31"),
                    ("successor_id", &successor),
                ],
            ),
            (
                "users/reset_password",
                Rule::AdminOnly,
                vec![("id", &user), ("password", "MatKhauMoi2026")],
            ),
        ];
        for (endpoint, rule, form) in calls {
            let units_before = app.count("units").await;
            let users_before = app.count("users").await;
            let res = app.write(&client, endpoint, &form).await;
            let expected = match (who, rule) {
                (Who::Anonymous, _) => StatusCode::UNAUTHORIZED,
                (Who::Admin, _) | (_, Rule::AnyLoggedIn) => StatusCode::OK,
                (_, Rule::AdminOnly) => StatusCode::FORBIDDEN,
            };
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            assert_eq!(status, expected, "{who:?} → {endpoint}: {body}");
            if status != StatusCode::OK {
                assert_eq!(
                    app.count("units").await,
                    units_before,
                    "{who:?} → {endpoint} changed units"
                );
                assert_eq!(
                    app.count("users").await,
                    users_before,
                    "{who:?} → {endpoint} changed users"
                );
            }
        }

        for (path, admin_only) in [
            ("/", false),
            ("/units", true),
            ("/units/new", true),
            ("/users", true),
            ("/users/new", true),
            ("/audit", true),
        ] {
            let res = app.get(&client, path).await;
            let expected = match who {
                Who::Anonymous => StatusCode::SEE_OTHER,
                // The leaders' home is the dashboard.
                Who::Leader if path == "/" => StatusCode::SEE_OTHER,
                Who::Admin => StatusCode::OK,
                _ if admin_only => StatusCode::FORBIDDEN,
                _ => StatusCode::OK,
            };
            assert_eq!(res.status(), expected, "{who:?} GET {path}");
        }

        // The dashboard: leaders, the PAR office and unit heads (their unit) only.
        let dashboard = match who {
            Who::Anonymous => None,
            Who::Leader | Who::ParOffice | Who::UnitHead => Some(StatusCode::OK),
            Who::Admin | Who::UnitOfficer => Some(StatusCode::FORBIDDEN),
        };
        for path in [
            "/dashboard",
            "/dashboard/tasks?class=overdue",
            "/dashboard.pdf",
        ] {
            let res = app.get(&client, path).await;
            // Anonymous visitors are sent to log in.
            let expected = dashboard.unwrap_or(StatusCode::SEE_OTHER);
            assert_eq!(res.status(), expected, "{who:?} GET {path}");
        }
        for endpoint in ["dashboard/get", "dashboard/tasks"] {
            let res = app.call(&client, endpoint, &[]).await;
            let expected = dashboard.unwrap_or(StatusCode::UNAUTHORIZED);
            assert_eq!(res.status(), expected, "{who:?} → {endpoint}");
        }
    }
}
