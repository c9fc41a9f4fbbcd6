//! Units: the demo structure, create, edit, retire, and the bad inputs.

use app::domain::Role;
use integration_tests::checks::{assert_change, assert_invalid};
use integration_tests::tasks::with;
use integration_tests::{error_json, json, on_both_databases, TestApp};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

on_both_databases!(
    the_demo_province_has_the_post_2025_structure,
    an_admin_creates_edits_and_retires_a_unit_and_each_step_is_audited,
    a_duplicate_unit_code_is_refused_on_its_field,
    bad_unit_input_is_refused_with_a_field_message_and_changes_nothing,
    a_retirement_needs_a_successor_existing_the_next_day,
    an_unknown_unit_is_not_found,
    an_admin_sets_the_provinces_name_and_place_and_nobody_else_can,
);

async fn an_admin_sets_the_provinces_name_and_place_and_nobody_else_can(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    // The demo names its province.
    let p: Value = app.call_json(&admin, "province/get", &[]).await;
    assert_eq!(
        (&p["name"], &p["place"]),
        (&json!("tỉnh Sơn Hà"), &json!("Sơn Hà"))
    );
    let save = |who: &Client, name: &str, place: &str| {
        let (who, name, place) = (who.clone(), name.to_string(), place.to_string());
        async move {
            app.write(
                &who,
                "province/save",
                &[("province[name]", &name), ("province[place]", &place)],
            )
            .await
        }
    };
    // Others may neither read nor change it.
    for role in [Role::ParOffice, Role::Leader, Role::UnitHead] {
        let who = app.as_role(role).await;
        assert_eq!(
            app.call(&who, "province/get", &[]).await.status(),
            StatusCode::FORBIDDEN
        );
        let res = save(&who, "thành phố Hải Phòng", "Hải Phòng").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    // Too short a name is refused and changes nothing.
    let bad = save(&admin, "t", "Sơn Hà").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_json(bad).await["Invalid"]["field"], "name");
    let p: Value = app.call_json(&admin, "province/get", &[]).await;
    assert_eq!(p["name"], "tỉnh Sơn Hà");
    // A good one is saved and audited with before and after.
    let res = save(&admin, "  thành phố Hải Phòng ", "Hải Phòng").await;
    assert!(res.status().is_success(), "{}", res.status());
    let p: Value = app.call_json(&admin, "province/get", &[]).await;
    assert_eq!(
        (&p["name"], &p["place"]),
        (&json!("thành phố Hải Phòng"), &json!("Hải Phòng"))
    );
    // Every page is headed with it (also before logging in), and the plan form proposes its
    // People's Committee as the issuing body.
    let login = app.page(&app.browser(), "/login").await;
    assert!(login.contains("Thành phố Hải Phòng"), "{login}");
    let par = app.as_role(Role::ParOffice).await;
    let form = app.page(&par, "/plans/new").await;
    assert!(
        form.contains(r#"value="UBND thành phố Hải Phòng""#),
        "the proposed issuing body"
    );
    assert_eq!(
        app.count("audit_entries WHERE action = 'province.update'")
            .await,
        1
    );
}

/// The units as `who` lists them, with the retired ones when `retired` is "true".
async fn units(app: &TestApp, who: &Client, retired: &str) -> Vec<Value> {
    app.call_json(who, "units/list", &[("include_retired", retired)])
        .await
}

/// Unit `id` as `who` reads it.
async fn read_unit(app: &TestApp, who: &Client, id: &str) -> Value {
    app.call_json(who, "units/get", &[("id", id)]).await
}

/// `who` retires unit `id` on `valid_to`, handing it to `successor` (an id, or "").
async fn retire(
    app: &TestApp,
    who: &Client,
    id: &str,
    valid_to: &str,
    successor: &str,
) -> Response {
    let form = [
        ("id", id),
        ("valid_to", valid_to),
        ("successor_id", successor),
    ];
    app.write(who, "units/retire", &form).await
}

async fn the_demo_province_has_the_post_2025_structure(app: &TestApp) {
    let client = app.as_role(Role::ParOffice).await;
    let all = units(app, &client, "true").await;
    let current = units(app, &client, "false").await;
    let communes = current
        .iter()
        .filter(|u| ["commune", "ward", "special_zone"].contains(&u["kind"].as_str().unwrap_or("")))
        .count();
    assert!(
        (18..=25).contains(&communes),
        "about twenty communes and wards, got {communes}"
    );
    assert!(
        current.iter().all(|u| u["kind"] != "district"),
        "no district exists after 1/7/2025"
    );
    let districts: Vec<&Value> = all.iter().filter(|u| u["kind"] == "district").collect();
    assert!(!districts.is_empty());
    for d in districts {
        assert_eq!(d["valid_to"], json!("2025-06-30"), "{d}");
        assert!(
            d["successor_name"]
                .as_str()
                .is_some_and(|s| s.contains("xã") || s.contains("phường")),
            "{d}"
        );
    }
    let snv = all.iter().find(|u| u["code"] == "SNV").expect("Sở Nội vụ");
    assert_eq!(snv["name"], json!("Sở Nội vụ"));
    let ldtbxh = all
        .iter()
        .find(|u| u["code"] == "SLDTBXH")
        .expect("the merged labour department");
    assert_eq!(ldtbxh["successor_name"], json!("Sở Nội vụ"));
}

fn unit_form<'a>(
    code: &'a str,
    name: &'a str,
    kind: &'a str,
    from: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("unit[code]", code),
        ("unit[name]", name),
        ("unit[short_name]", ""),
        ("unit[kind]", kind),
        ("unit[parent_id]", ""),
        ("unit[valid_from]", from),
    ]
}

async fn an_admin_creates_edits_and_retires_a_unit_and_each_step_is_audited(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let res = app
        .write(
            &admin,
            "units/create",
            &unit_form(
                "x-binh-an",
                "Ủy ban nhân dân xã Bình An",
                "commune",
                "01/07/2025",
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i32 = json(res).await;
    let id_s = id.to_string();
    let unit = read_unit(app, &admin, &id_s).await;
    assert_eq!(unit["code"], json!("X-BINH-AN"), "codes are upper-cased");
    assert_eq!(
        unit["valid_from"],
        json!("2025-07-01"),
        "dd/mm/yyyy is understood"
    );
    assert_eq!(unit["short_name"], json!("Ủy ban nhân dân xã Bình An"));

    let mut form = unit_form(
        "X-BINH-AN",
        "Ủy ban nhân dân xã Bình An",
        "commune",
        "2025-07-01",
    );
    form[2] = ("unit[short_name]", "Xã Bình An");
    form.insert(0, ("id", &id_s));
    assert_eq!(
        app.write(&admin, "units/update", &form).await.status(),
        StatusCode::OK
    );

    let successor = app.unit_id("X-TANPHU").await.to_string();
    let res = retire(app, &admin, &id_s, "2026-06-30", &successor).await;
    assert_eq!(res.status(), StatusCode::OK);
    let unit = read_unit(app, &admin, &id_s).await;
    assert_eq!(unit["short_name"], json!("Xã Bình An"));
    assert_eq!(unit["valid_to"], json!("2026-06-30"));
    assert_eq!(unit["successor_name"], json!("Ủy ban nhân dân xã Tân Phú"));

    let log: Value = app.audit_log(&admin, "unit").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["object_id"] == json!(id_s))
        .map(|e| e["action"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(actions, vec!["unit.retire", "unit.update", "unit.create"]);
    let update = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["action"] == "unit.update")
        .expect("update entry");
    assert_change(update, "Ủy ban nhân dân xã Bình An", "Xã Bình An");
    assert_eq!(update["actor"], json!("admin"));
}

async fn a_duplicate_unit_code_is_refused_on_its_field(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let before = app.count("units").await;
    let res = app
        .write(
            &admin,
            "units/create",
            &unit_form("stp", "Sở Tư pháp thứ hai", "department", "2025-01-01"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        error_json(res).await,
        json!({ "Conflict": { "field": "code", "reason": "err.unit_code_taken" } })
    );
    // Renaming another unit to a taken code too.
    let id = app.unit_id("SCT").await.to_string();
    let mut form = unit_form("STP", "Sở Công Thương", "department", "2008-01-01");
    form.insert(0, ("id", &id));
    assert_eq!(
        app.write(&admin, "units/update", &form).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(app.count("units").await, before);
    let audit_before = app.count("audit_entries").await;
    assert_eq!(
        app.write(
            &admin,
            "units/create",
            &unit_form("STP", "x x", "department", "2025-01-01")
        )
        .await
        .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.count("audit_entries").await,
        audit_before,
        "a refused write leaves no audit entry"
    );
}

async fn bad_unit_input_is_refused_with_a_field_message_and_changes_nothing(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let before = app.count("units").await;
    let good = unit_form("X-MOT", "Xã Một", "commune", "2025-07-01");
    // The good form but for one field: (that field, its value, why it is refused).
    for (field, value, reason) in [
        ("code", "X", "err.unit_code_length"),
        ("code", "XÃ-MỘT", "err.unit_code_chars"),
        ("name", " ", "err.unit_name_length"),
        ("kind", "thon", "err.unit_kind"),
        ("valid_from", "31/02/2025", "err.bad_date"),
    ] {
        let key = format!("unit[{field}]");
        let form = with(good.clone(), &key, value);
        let res = app.write(&admin, "units/create", &form).await;
        assert_invalid(res, field, reason).await;
    }
    let mut with_missing_parent = unit_form("X-MOT", "Xã Một", "commune", "2025-07-01");
    with_missing_parent[4] = ("unit[parent_id]", "999999");
    assert_eq!(
        app.write(&admin, "units/create", &with_missing_parent)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.count("units").await, before);
}

async fn a_retirement_needs_a_successor_existing_the_next_day(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let id = app.unit_id("X-YENLAC").await.to_string();
    let retired = app.unit_id("H-BINHSON").await.to_string();
    let res = retire(app, &admin, &id, "2026-01-31", &retired).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_json(res).await["Invalid"]["field"],
        json!("successor_id")
    );
    for (unit, valid_to, successor, reason) in [
        (&id, "2026-01-31", id.as_str(), "err.unit_successor_self"),
        (&id, "2020-01-31", "", "err.unit_retire_before_start"),
        (&retired, "2026-01-31", "", "err.unit_already_retired"),
    ] {
        let res = retire(app, &admin, unit, valid_to, successor).await;
        assert_eq!(error_json(res).await["Invalid"]["reason"], json!(reason));
    }
    let unit = read_unit(app, &admin, &id).await;
    assert_eq!(unit["valid_to"], json!(null), "nothing changed");
}

async fn an_unknown_unit_is_not_found(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let res = app.call(&admin, "units/get", &[("id", "987654")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let page = app.get(&admin, "/units/987654").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let res = app.call(&admin, "units/get", &[("id", "abc")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
