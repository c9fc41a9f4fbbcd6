//! Importing a plan's task table from XLSX and CSV: preview, confirm all or nothing, and hostile
//! files.

use app::domain::Role;
use integration_tests::checks::ok;
use integration_tests::{location, on_both_databases, TestApp};
use reqwest::{Client, Response, StatusCode};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

on_both_databases!(
    an_xlsx_task_table_is_previewed_then_saved_all_at_once,
    a_csv_task_table_imports_too,
    a_table_with_bad_rows_shows_every_problem_and_saves_nothing,
    hostile_files_are_refused_with_a_message_and_save_nothing,
    only_the_par_office_confirms_an_import,
);

/// A realistic plan table: title rows, the header, a numbering row, Roman headings with merged
/// cells, tasks, an empty row, a formula and a date cell.
fn plan_xlsx(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet
        .write_string_with_format(0, 0, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026", &bold)
        .expect("write");
    sheet
        .write_string(1, 0, "(Kèm theo Kế hoạch số 77/KH-UBND)")
        .expect("write");
    let header = [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm dự kiến",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(3, c as u16, *h, &bold)
            .expect("write");
        sheet
            .write_string(4, c as u16, format!("({})", c + 1))
            .expect("write");
    }
    let mut r = 5u32;
    for row in rows {
        if row[0].chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && !row[0].is_empty() {
            sheet
                .write_string_with_format(r, 0, row[0], &bold)
                .expect("write");
            sheet.merge_range(r, 1, r, 5, row[1], &bold).expect("merge");
        } else {
            for (c, v) in row.iter().enumerate() {
                if c == 0 && v.parse::<f64>().is_ok() {
                    sheet
                        .write_number(r, 0, v.parse::<f64>().unwrap_or(0.0))
                        .expect("write");
                } else if !v.is_empty() {
                    sheet.write_string(r, c as u16, *v).expect("write");
                }
            }
        }
        r += 1;
        if r == 8 {
            r += 1; // an empty row in the middle
        }
    }
    book.save_to_buffer().expect("xlsx")
}

const GOOD: [[&str; 6]; 6] = [
    ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
    [
        "1",
        "Rà soát văn bản quy phạm pháp luật về đất đai",
        "Sở Tư pháp",
        "Sở Nông nghiệp và Môi trường",
        "Quý II/2026",
        "Báo cáo rà soát",
    ],
    [
        "2",
        "Xây dựng quy chế phối hợp kiểm tra văn bản",
        "So Tu phap",
        "Sở Nội vụ; Văn phòng UBND tỉnh",
        "Trước ngày 30/9/2026",
        "Quy chế",
    ],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
    [
        "1",
        "Tự rà soát thủ tục hành chính thuộc thẩm quyền",
        "Các sở, ban, ngành",
        "",
        "Tháng 10/2026",
        "Báo cáo",
    ],
    [
        "2",
        "Duy trì Bộ phận Một cửa cấp xã",
        "UBND xã Tân Phú",
        "",
        "Thường xuyên",
        "Bộ phận Một cửa hoạt động",
    ],
];

fn import_id(res: &Response) -> i32 {
    let loc = location(res);
    loc.strip_prefix("/imports/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no import in {loc}"))
}

/// The preview of import `id` as `who` reads it.
async fn preview_of(app: &TestApp, who: &Client, id: i32) -> Value {
    app.call_json(who, "imports/get", &[("id", &id.to_string())])
        .await
}

/// `who` confirms import `id`: its tasks are saved, all or none.
async fn confirm(app: &TestApp, who: &Client, id: i32) -> Response {
    app.write(who, "imports/confirm", &[("id", &id.to_string())])
        .await
}

async fn an_xlsx_task_table_is_previewed_then_saved_all_at_once(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let before = app.count("tasks").await;
    let res = app
        .upload_and_follow(&par, plan, ("ke-hoach-77.xlsx", plan_xlsx(&GOOD)))
        .await;
    let id = import_id(&res);
    assert_eq!(
        app.count("tasks").await,
        before,
        "nothing saved before confirmation"
    );
    let preview = preview_of(app, &par, id).await;
    assert_eq!(preview["error_count"], 0, "{preview:#}");
    let departments = app
        .count("units WHERE valid_to IS NULL AND kind IN ('department', 'agency')")
        .await;
    assert_eq!(preview["task_count"].as_i64(), Some(3 + departments));
    let rows = preview["rows"].as_array().expect("rows");
    let first = rows
        .iter()
        .find(|r| r["stt"] == "1" && r["heading"] == false)
        .expect("a task row");
    assert_eq!(first["lead_units"][0]["name"], "Sở Tư pháp");
    assert_eq!(first["due_on"], "2026-06-30");
    assert_eq!(first["deadline_kind"], "quarter");
    let html = app.page(&par, &format!("/imports/{id}")).await;
    assert!(html.contains("Rà soát văn bản quy phạm pháp luật về đất đai"));

    ok(confirm(app, &par, id).await).await;
    assert_eq!(app.count("tasks").await, before + 3 + departments);
    let again = confirm(app, &par, id).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "confirmed once only");
    assert_eq!(app.count("tasks").await, before + 3 + departments);
    let ongoing = app
        .count("tasks WHERE deadline_kind = 'ongoing' AND title = 'Duy trì Bộ phận Một cửa cấp xã'")
        .await;
    assert_eq!(ongoing, 1);
}

async fn a_csv_task_table_imports_too(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let csv = "\u{feff}STT;Nội dung nhiệm vụ;Cơ quan chủ trì;Cơ quan phối hợp;Thời gian hoàn thành;Sản phẩm dự kiến\n\
        VI;XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ;;;;\n\
        1;\"Triển khai ký số trên thiết bị di động,\nthí điểm tại 3 xã\";Sở Khoa học và Công nghệ;UBND xã Tân Phú;Tháng 12/2026;Báo cáo\n";
    let before = app.count("tasks").await;
    let res = app
        .upload_task_table(&par, plan, "nhiem-vu.csv", csv.as_bytes().to_vec())
        .await;
    let id = import_id(&res);
    let preview = preview_of(app, &par, id).await;
    assert_eq!(preview["error_count"], 0, "{preview:#}");
    let res = confirm(app, &par, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("tasks").await, before + 1);
    assert_eq!(
        app.count("tasks WHERE title LIKE '%thí điểm tại 3 xã%'")
            .await,
        1
    );
}

async fn a_table_with_bad_rows_shows_every_problem_and_saves_nothing(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let bad = [
        [
            "1",
            "Nhiệm vụ trước mọi tiêu đề lĩnh vực",
            "Sở Tư pháp",
            "",
            "Quý I/2026",
            "",
        ],
        ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
        [
            "2",
            "Nhiệm vụ giao cho đơn vị không tồn tại",
            "Sở Vũ trụ",
            "Sở Tư pháp, Ban Mặt Trăng",
            "Quý II/2026",
            "",
        ],
        [
            "3",
            "Nhiệm vụ có thời hạn không hiểu được",
            "Sở Tư pháp",
            "",
            "khi nào xong",
            "",
        ],
        [
            "4",
            "Nhiệm vụ thiếu cơ quan chủ trì",
            "",
            "",
            "Tháng 13/2026",
            "",
        ],
        ["5", "Nhiệm vụ hợp lệ", "Sở Tư pháp", "", "Quý III/2026", ""],
    ];
    let before = app.count("tasks").await;
    let res = app
        .upload_task_table(&par, plan, "loi.xlsx", plan_xlsx(&bad))
        .await;
    let id = import_id(&res);
    let preview = preview_of(app, &par, id).await;
    let keys: Vec<String> = preview["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["problems"].as_array().cloned().unwrap_or_default())
        .map(|p| {
            format!(
                "{}:{}",
                p["key"].as_str().unwrap_or(""),
                p["text"].as_str().unwrap_or("")
            )
        })
        .collect();
    for expected in [
        "import.err_no_area:",
        "import.err_unknown_unit:Sở Vũ trụ",
        "import.err_unknown_unit:Ban Mặt Trăng",
        "err.deadline_text_invalid:khi nào xong",
        "err.deadline_text_invalid:Tháng 13/2026",
    ] {
        assert!(
            keys.iter().any(|k| k == expected),
            "missing {expected} in {keys:#?}"
        );
    }
    assert_eq!(preview["error_count"], 4);
    let html = app.page(&par, &format!("/imports/{id}")).await;
    assert!(
        html.contains("Không tìm thấy đơn vị"),
        "the problems are shown in Vietnamese"
    );
    assert!(html.contains("Sở Vũ trụ"));
    let res = confirm(app, &par, id).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("tasks").await, before, "all rows or none");
}

async fn hostile_files_are_refused_with_a_message_and_save_nothing(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let batches = app.count("import_batches").await;
    let mut many = vec![["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""]];
    for _ in 0..10_000 {
        many.push(["1", "Nhiệm vụ lặp lại", "Sở Tư pháp", "", "Quý II/2026", ""]);
    }
    let wrong_columns = {
        let mut book = Workbook::new();
        let s = book.add_worksheet();
        for (c, h) in ["Họ tên", "Ngày sinh", "Quê quán"].iter().enumerate() {
            s.write_string(0, c as u16, *h).expect("write");
        }
        book.save_to_buffer().expect("xlsx")
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "anh.xlsx",
            b"\x89PNG\r\n\x1a\nnot a sheet".to_vec(),
            "import.err_not_spreadsheet",
        ),
        (
            "hong.xlsx",
            plan_xlsx(&GOOD)[..400].to_vec(),
            "import.err_not_spreadsheet",
        ),
        ("cot-sai.xlsx", wrong_columns, "import.err_missing_columns"),
        (
            "rong.csv",
            "STT,Nội dung,Cơ quan chủ trì,Thời gian hoàn thành\n,,,\n"
                .as_bytes()
                .to_vec(),
            "import.err_empty",
        ),
        (
            "latin1.csv",
            b"STT;N\xf4i dung;C\xf4 quan ch\xfa tr\xec;Th\xf2i gian\n1;a;b;c\n".to_vec(),
            "import.err_encoding",
        ),
        (
            "qua-lon.csv",
            vec![b'a'; 6 * 1024 * 1024],
            "import.err_too_large",
        ),
        (
            "nhieu-dong.xlsx",
            plan_xlsx(&many),
            "import.err_too_many_rows",
        ),
    ];
    for (name, bytes, key) in cases {
        let res = app.upload_and_follow(&par, plan, (name, bytes)).await;
        let to = format!("/plans/{plan}/import?err={key}&field=file");
        assert_eq!(location(&res), to, "{name}");
    }
    let none = app
        .upload(&par, &format!("/plans/{plan}/import"), &[], &[])
        .await;
    assert!(location(&none).contains("err=import.err_no_file"));
    assert_eq!(app.count("import_batches").await, batches);
    // The upload page shows the message in Vietnamese.
    let form = format!("/plans/{plan}/import?err=import.err_missing_columns&field=file");
    let html = app.page(&par, &form).await;
    assert!(html.contains("Không tìm thấy các cột bắt buộc"));
}

async fn only_the_par_office_confirms_an_import(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let id = import_id(
        &app.upload_task_table(&par, plan, "ke-hoach.xlsx", plan_xlsx(&GOOD))
            .await,
    );
    let before = app.count("tasks").await;
    let id_s = id.to_string();
    for user in ["stp.giamdoc", "chutich", "tanphu.congchuc"] {
        let c = app.logged_in(user).await;
        let res = confirm(app, &c, id).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = app.call(&c, "imports/get", &[("id", &id_s)]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
    }
    assert_eq!(app.count("tasks").await, before);
    let res = app.write(&par, "imports/discard", &[("id", &id_s)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = confirm(app, &par, id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("tasks").await, before);
}
