//! Official documents a clerk can sign: a commune's and a department's report exported as PDF
//! and as Word through the report page's form, each read back (the Word file also through
//! LibreOffice): the issuer, its number and symbol, the place and date, the recipients, the
//! signing block of the signer chosen, both annexes; the signers kept on a unit's page by
//! administrators only; the province's recipients as a setting; bad choices refused with
//! nothing stored.

use app::domain::Role;
use integration_tests::checks::{assert_contains_each, assert_invalid, ok};
use integration_tests::documents::{docx_text, docx_to_pdf, pdf_page_sizes, pdf_text};
use integration_tests::tasks::pairs;
use integration_tests::{on_both_databases, TestApp};
use reqwest::{Client, StatusCode};
use sea_orm::EntityTrait;
use serde_json::Value;

on_both_databases!(
    a_communes_and_a_departments_reports_are_signed_numbered_and_dated_as_their_issuers_do,
    the_province_report_in_word_carries_its_annexes_and_the_signer_chosen,
    administrators_keep_each_units_signers_and_the_provinces_recipients,
);

/// `who` exports the report of `unit` for `period` as `format`, signed by `signer` (an id, or
/// "" for the default) under `number` ("" to leave it blank).
async fn export(
    app: &TestApp,
    who: &Client,
    (period, unit): (i32, i32),
    format: &str,
    signer: &str,
    number: &str,
) -> reqwest::Response {
    let form = [
        ("period_id", period.to_string()),
        ("unit_id", unit.to_string()),
        ("format", format.to_string()),
        ("signer_id", signer.to_string()),
        ("number", number.to_string()),
    ];
    app.write(who, "reports/export_unit", &pairs(&form)).await
}

/// The bytes of export `id` as `who` downloads it, with its content type checked.
async fn download(app: &TestApp, who: &Client, id: i64, content_type: &str) -> Vec<u8> {
    let res = app.get_export(who, i32::try_from(id).expect("id")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap_or(""),
        content_type
    );
    res.bytes().await.expect("bytes").to_vec()
}

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The id of the signer named `name` on a report page's list.
fn signer_id(view: &Value, name: &str) -> String {
    view["signers"]
        .as_array()
        .expect("signers")
        .iter()
        .find(|s| s["full_name"] == name)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("signer {name} in {}", view["signers"]))
        .to_string()
}

async fn a_communes_and_a_departments_reports_are_signed_numbered_and_dated_as_their_issuers_do(
    app: &TestApp,
) {
    let p = app.period(2025, "m9").await;
    let tanphu = app.unit_id("X-TANPHU").await;
    let commune = app.logged_in("tanphu.congchuc").await;
    app.draft_report(
        &commune,
        p.id,
        tanphu,
        "Xã đã rà soát, công khai thủ tục hành chính.",
    )
    .await;
    let view = app.unit_report(&commune, p.id, tanphu).await;
    assert_eq!(view["doc_symbol"], "UBND");
    assert_eq!(
        view["signers"][0]["full_name"], "Hoàng Văn Bình",
        "the default signer comes first"
    );
    let deputy = signer_id(&view, "Ngô Thị Hạnh");

    // The PDF, numbered 08, signed by the vice-chair for the chairman.
    let id = ok(export(app, &commune, (p.id, tanphu), "pdf", &deputy, "08").await).await;
    let text = pdf_text(&download(app, &commune, id.as_i64().expect("id"), PDF).await);
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN",
            "XÃ TÂN PHÚ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 08/BC-UBND",
            "Tân Phú, ngày",
            "BÁO CÁO",
            "Nơi nhận:",
            "- Sở Nội vụ (để tổng hợp);",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Ngô Thị Hạnh",
            "Phụ lục I",
            "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
            "Phụ lục II",
            "SỐ LIỆU THỐNG KÊ KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH",
            "(Kèm theo Báo cáo số 08/BC-UBND ngày",
            "của Ủy ban nhân dân xã Tân Phú)",
            "Kết quả thực hiện nhiệm vụ theo vai trò của đơn vị",
        ],
    );
    // A commune issues in its own name, from its own place.
    assert!(!text.contains("TỈNH SƠN HÀ"), "{text}");
    assert!(!text.contains("Sơn Hà, ngày"), "{text}");

    // The Word file: the default signer, the number left for the clerk.
    let id = ok(export(app, &commune, (p.id, tanphu), "docx", "", "").await).await;
    let docx = download(app, &commune, id.as_i64().expect("id"), DOCX).await;
    assert!(docx.starts_with(b"PK"), "a DOCX is a ZIP");
    let text = docx_text(&docx);
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: /BC-UBND",
            "Tân Phú, ngày",
            "Nơi nhận: - Sở Nội vụ (để tổng hợp); - Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Hoàng Văn Bình",
            "Phụ lục I DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
            "Phụ lục II SỐ LIỆU THỐNG KÊ KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH",
            "Xã đã rà soát, công khai thủ tục hành chính.",
        ],
    );
    // LibreOffice opens it: A4 portrait pages, the task annex on landscape ones, the same text.
    let pdf = docx_to_pdf(&docx);
    let sizes = pdf_page_sizes(&pdf);
    assert!(sizes.len() >= 3, "{sizes:?}");
    let portrait = |(w, h): (f32, f32)| (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0;
    let landscape = |(w, h): (f32, f32)| portrait((h, w));
    assert!(portrait(sizes[0]), "{sizes:?}");
    assert!(sizes.iter().any(|s| landscape(*s)), "{sizes:?}");
    assert!(
        sizes.iter().all(|s| portrait(*s) || landscape(*s)),
        "{sizes:?}"
    );
    let text = pdf_text(&pdf);
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN",
            "XÃ TÂN PHÚ",
            "Tân Phú, ngày",
            "Hoàng Văn Bình",
            "Phụ lục I",
            "Phụ lục II",
            "Xã đã rà soát, công khai thủ tục hành chính.",
        ],
    );
    let view = app.unit_report(&commune, p.id, tanphu).await;
    let formats: Vec<&str> = view["exports"]
        .as_array()
        .expect("exports")
        .iter()
        .filter_map(|e| e["format"].as_str())
        .collect();
    assert_eq!(
        formats,
        ["docx", "pdf"],
        "each a numbered export of its own"
    );

    // A department: under the province's People's Committee, dated from the province, the
    // deputy director signing for the director, the number blank.
    let stp = app.unit_id("STP").await;
    let officer = app.as_role(Role::UnitOfficer).await;
    app.draft_report(&officer, p.id, stp, "Sở đã hoàn thành rà soát văn bản.")
        .await;
    let view = app.unit_report(&officer, p.id, stp).await;
    assert_eq!(view["doc_symbol"], "STP");
    let deputy = signer_id(&view, "Lương Văn Hải");
    let id = ok(export(app, &officer, (p.id, stp), "pdf", &deputy, "").await).await;
    let text = pdf_text(&download(app, &officer, id.as_i64().expect("id"), PDF).await);
    assert_contains_each(
        &text,
        &[
            "UBND TỈNH SƠN HÀ",
            "SỞ TƯ PHÁP",
            "Số: /BC-STP",
            "Sơn Hà, ngày",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Lương Văn Hải",
            "của Sở Tư pháp)",
        ],
    );
    assert!(!text.contains("THỦ TRƯỞNG CƠ QUAN"), "{text}");

    // Another unit's signer, a number that is not one, an unknown format: refused, nothing
    // stored.
    let exports = app.count("report_exports").await;
    let commune_signer = signer_id(
        &app.unit_report(&commune, p.id, tanphu).await,
        "Hoàng Văn Bình",
    );
    let res = export(app, &officer, (p.id, stp), "pdf", &commune_signer, "").await;
    assert_invalid(res, "signer_id", "err.signer_not_of_unit").await;
    let res = export(app, &officer, (p.id, stp), "docx", "", "12a").await;
    assert_invalid(res, "number", "err.doc_number").await;
    let res = export(app, &officer, (p.id, stp), "exe", "", "").await;
    assert_invalid(res, "format", "err.bad_choice").await;
    // Nor may a unit export another unit's report.
    let res = export(app, &officer, (p.id, tanphu), "docx", "", "").await;
    assert!(res.status() == StatusCode::FORBIDDEN || res.status() == StatusCode::NOT_FOUND);
    assert_eq!(app.count("report_exports").await, exports);
}

async fn the_province_report_in_word_carries_its_annexes_and_the_signer_chosen(app: &TestApp) {
    use app::entities::province_report;
    let par = app.as_role(Role::ParOffice).await;
    let compiled = province_report::Entity::find()
        .one(&app.db)
        .await
        .expect("read")
        .expect("the demo's compiled province report");
    let period = compiled.period_id;
    let view = ok(app
        .call(
            &par,
            "reports/province",
            &[("period_id", &period.to_string())],
        )
        .await)
    .await;
    let chairman = signer_id(&view, "Lê Văn Quang");
    let form = [
        ("period_id", period.to_string()),
        ("format", "docx".to_string()),
        ("signer_id", chairman),
    ];
    let id = ok(app
        .write(&par, "reports/export_province", &pairs(&form))
        .await)
    .await;
    let docx = download(app, &par, id.as_i64().expect("id"), DOCX).await;
    let text = docx_text(&docx);
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN TỈNH SƠN HÀ",
            "BÁO CÁO",
            "Nơi nhận:",
            "- Lưu: VT, SNV.",
            "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Văn Quang",
            "Phụ lục I DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH VÀ TÌNH HÌNH THỰC HIỆN",
            "Phụ lục II SỐ LIỆU THỐNG KÊ KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH",
            "1. Kết quả thực hiện nhiệm vụ theo lĩnh vực cải cách hành chính",
            "2. Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì",
            "3. Kết quả thực hiện các chỉ tiêu",
            "4. Cơ quan, đơn vị chưa báo cáo hoặc báo cáo chậm",
            "Giá trị đầu kỳ",
        ],
    );
    let text = pdf_text(&docx_to_pdf(&docx));
    assert_contains_each(
        &text,
        &[
            "ỦY BAN NHÂN DÂN",
            "TỈNH SƠN HÀ",
            "Lê Văn Quang",
            "Phụ lục II",
        ],
    );
    // The workbook numbers its sheets as the report numbers its annexes.
    let form = [("period_id", period.to_string()), ("format", "xlsx".into())];
    let id = ok(app
        .write(&par, "reports/export_province", &pairs(&form))
        .await)
    .await;
    let xlsx = download(
        app,
        &par,
        id.as_i64().expect("id"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("a real workbook");
    assert_eq!(
        calamine::Reader::sheet_names(&book),
        [
            "PL I - Nhiem vu",
            "PL II.1 - Linh vuc",
            "PL II.2 - Co quan chu tri",
            "PL II.3 - Chi tieu",
            "PL II.4 - Bao cao cham"
        ]
    );
    // A unit officer may not export the province's report.
    let officer = app.as_role(Role::UnitOfficer).await;
    let form = [("period_id", period.to_string()), ("format", "docx".into())];
    let res = app
        .write(&officer, "reports/export_province", &pairs(&form))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn administrators_keep_each_units_signers_and_the_provinces_recipients(app: &TestApp) {
    let admin = app.as_role(Role::Admin).await;
    let head = app.as_role(Role::UnitHead).await;
    let stp = app.unit_id("STP").await.to_string();
    let add = |name: &'static str, title: &'static str, on_behalf: &'static str| {
        vec![
            ("unit_id", stp.clone()),
            ("signer[full_name]", name.to_string()),
            ("signer[title]", title.to_string()),
            ("signer[on_behalf]", on_behalf.to_string()),
            ("signer[is_default]", "on".to_string()),
        ]
    };
    // Only administrators keep signers.
    let form = add("Đặng Thu Trang", "phó giám đốc", "kt. giám đốc");
    let res = app.write(&head, "units/signer_add", &pairs(&form)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    ok(app.write(&admin, "units/signer_add", &pairs(&form)).await).await;
    let unit = ok(app.call(&admin, "units/get", &[("id", &stp)]).await).await;
    let signers = unit["signers"].as_array().expect("signers");
    assert_eq!(signers[0]["full_name"], "Đặng Thu Trang");
    assert_eq!(signers[0]["title"], "PHÓ GIÁM ĐỐC");
    assert_eq!(signers[0]["on_behalf"], "KT. GIÁM ĐỐC");
    assert_eq!(
        signers.iter().filter(|s| s["is_default"] == true).count(),
        1,
        "one default"
    );
    let trang = signers[0]["id"].as_i64().expect("id").to_string();

    // Bad signers are refused.
    let form = add("Đặng Thu Trang", "PHÓ GIÁM ĐỐC", "A\nB\nC\nD");
    let res = app.write(&admin, "units/signer_add", &pairs(&form)).await;
    assert_invalid(res, "on_behalf", "err.signer_lines").await;
    let form = add(" ", "GIÁM ĐỐC", "");
    let res = app.write(&admin, "units/signer_add", &pairs(&form)).await;
    assert_invalid(res, "full_name", "err.required").await;

    // Another unit's signer is not reached through this unit.
    let tanphu = app.unit_id("X-TANPHU").await.to_string();
    let change = |unit: &str, signer: &str, op: &str| {
        vec![
            ("unit_id", unit.to_string()),
            ("signer_id", signer.to_string()),
            ("op", op.to_string()),
        ]
    };
    let res = app
        .write(
            &admin,
            "units/signer_change",
            &pairs(&change(&tanphu, &trang, "remove")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .write(
            &head,
            "units/signer_change",
            &pairs(&change(&stp, &trang, "remove")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Removing the default makes the longest-standing other signer the default.
    ok(app
        .write(
            &admin,
            "units/signer_change",
            &pairs(&change(&stp, &trang, "remove")),
        )
        .await)
    .await;
    let unit = ok(app.call(&admin, "units/get", &[("id", &stp)]).await).await;
    assert_eq!(unit["signers"][0]["full_name"], "Trần Minh Đức");
    assert_eq!(unit["signers"][0]["is_default"], true);
    let changes = app
        .count("audit_entries WHERE action IN ('unit.signer_add', 'unit.signer_remove')")
        .await;
    assert_eq!(changes, 2);

    // The province's recipients: the last line is the archive.
    let province = |recipients: &str| {
        vec![
            ("province[name]", "tỉnh Sơn Hà".to_string()),
            ("province[place]", "Sơn Hà".to_string()),
            ("province[province_recipients]", recipients.to_string()),
            (
                "province[unit_recipients]",
                "- Sở Nội vụ;\n- Lưu: VT.".to_string(),
            ),
        ]
    };
    let res = app
        .write(&admin, "province/save", &pairs(&province("- Bộ Nội vụ;")))
        .await;
    assert_invalid(res, "province_recipients", "err.recipients_archive").await;
    ok(app
        .write(
            &admin,
            "province/save",
            &pairs(&province("- Bộ Nội vụ (để báo cáo);\n\n- Lưu: VT, SNV.")),
        )
        .await)
    .await;
    let saved = ok(app.call(&admin, "province/get", &[]).await).await;
    assert_eq!(
        saved["province_recipients"],
        "- Bộ Nội vụ (để báo cáo);\n- Lưu: VT, SNV."
    );
    assert_eq!(saved["unit_recipients"], "- Sở Nội vụ;\n- Lưu: VT.");
}
