//! The server as an attacker meets it: hostile workbooks, log-in bursts, redirects to other
//! sites, crafted messages, oversized bodies, other units' figures, and the headers that keep
//! a page from being framed or injected.

use app::domain::Role;
use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use integration_tests::checks::assert_redirect;
use integration_tests::DEMO_PASSWORD;
use integration_tests::{header, location, on_both_databases, set_cookie, Backend, TestApp};
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::{RequestBuilder, Response, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

on_both_databases!(
    a_workbook_declaring_a_hundred_trillion_strings_is_refused_and_the_server_stays_up,
    hostile_workbooks_are_refused_in_bounded_memory_and_save_nothing,
    a_burst_of_wrong_passwords_gets_at_most_five_answers_before_the_lock,
    a_burst_split_over_two_instances_gets_at_most_five_answers_too,
    one_client_address_gets_at_most_twenty_wrong_answers,
    next_parameters_lead_only_to_this_site,
    only_known_message_keys_reach_the_page,
    every_answer_carries_the_security_headers,
    the_demo_password_never_travels_to_the_browser,
    an_oversized_form_is_refused_with_a_message_and_changes_nothing,
    a_unit_reads_only_its_own_indicator_values,
    a_role_that_may_not_upload_is_refused_before_the_body_is_read,
    a_log_in_renews_the_session,
);

/// A plan table the importer accepts.
fn good_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        [
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời gian hoàn thành",
        ],
        ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
        [
            "1",
            "Rà soát văn bản quy phạm pháp luật",
            "Sở Tư pháp",
            "Quý II/2026",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32, c as u16, *v).expect("write");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// A copy of the workbook `bytes` with entries replaced (`change` returns new contents) and
/// entries added.
fn rewrite(
    bytes: &[u8],
    change: impl Fn(&str, &[u8]) -> Option<Vec<u8>>,
    extra: &[(String, Vec<u8>)],
) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        let data = change(&name, &data).unwrap_or(data);
        out.start_file(name, deflated).expect("start");
        out.write_all(&data).expect("write");
    }
    for (name, data) in extra {
        out.start_file(name.clone(), deflated).expect("start");
        out.write_all(data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn replace_text(data: &[u8], from: &str, to: &str) -> Vec<u8> {
    String::from_utf8_lossy(data).replace(from, to).into_bytes()
}

/// The workbook of the report: a few hundred bytes (the parts a reader needs, nothing else)
/// whose shared-string table declares 100,000,000,000,000 strings.
fn hundred_trillion_strings() -> Vec<u8> {
    let parts: [(&str, &str); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="s"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="t" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
        ),
        (
            "xl/sharedStrings.xml",
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="100000000000000" uniqueCount="100000000000000"><si><t>STT</t></si></sst>"#,
        ),
    ];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, xml) in parts {
        out.start_file(name, deflated).expect("start");
        out.write_all(xml.as_bytes()).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A workbook whose sheet inflates to 256 MiB of spaces; with `lie`, its headers declare 100
/// bytes.
fn zip_bomb(lie: bool) -> Vec<u8> {
    let base = good_xlsx();
    let mut archive = zip::ZipArchive::new(Cursor::new(base.as_slice())).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for i in 0..archive.len() {
        use std::io::Read;
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        out.start_file(name.clone(), deflated).expect("start");
        if name == "xl/worksheets/sheet1.xml" {
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..256 {
                out.write_all(&chunk).expect("write");
            }
        } else {
            out.write_all(&data).expect("write");
        }
    }
    let mut bytes = out.finish().expect("finish").into_inner();
    if !lie {
        return bytes;
    }
    // Make every header of the sheet lie: it "unpacks to 100 bytes".
    let archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).expect("zip");
    let mut spots = Vec::new();
    for i in 0..archive.len() {
        let mut a = archive.clone();
        let e = a.by_index_raw(i).expect("entry");
        if e.name().expect("name") == "xl/worksheets/sheet1.xml" {
            spots.push(e.header_start() as usize + 22);
            spots.push(e.central_header_start() as usize + 24);
        }
    }
    for at in spots {
        bytes[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
    }
    bytes
}

/// An XLS (compound file) whose workbook stream declares a sheet of 1,048,576 x 256 cells.
fn xls_with_huge_dimensions() -> Vec<u8> {
    let record = |typ: u16, data: &[u8]| {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    };
    let mut bof = Vec::new();
    bof.extend(0x0600u16.to_le_bytes()); // BIFF8
    bof.extend(0x0010u16.to_le_bytes()); // a worksheet
    bof.extend([0u8; 12]);
    let mut dims = Vec::new();
    dims.extend(0u32.to_le_bytes());
    dims.extend(1_048_576u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(256u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    let mut stream = record(0x0809, &bof);
    stream.extend(record(0x0200, &dims));
    stream.extend(record(0x000A, &[]));
    // Padded past the small-stream size so it lives in regular sectors.
    stream.resize(8192, 0);
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    file.create_stream("/Workbook")
        .expect("stream")
        .write_all(&stream)
        .expect("write");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

async fn stage(
    app: &TestApp,
    client: &reqwest::Client,
    plan: i32,
    name: &str,
    bytes: Vec<u8>,
) -> String {
    let res = app.upload_and_follow(client, plan, (name, bytes)).await;
    assert_eq!(res.headers()["x-outcome"], "422", "{name}");
    location(&res)
}

/// Peak resident memory of this process (the server runs in it), in MiB.
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

async fn a_workbook_declaring_a_hundred_trillion_strings_is_refused_and_the_server_stays_up(
    app: &TestApp,
) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let bytes = hundred_trillion_strings();
    assert!(bytes.len() < 2048, "a small file: {} bytes", bytes.len());
    let loc = stage(app, &par, plan, "ke-hoach.xlsx", bytes).await;
    assert_eq!(
        loc,
        format!("/plans/{plan}/import?err=import.err_too_complex&field=file")
    );
    // The page explains it in Vietnamese, and the server still answers everyone.
    let html = app.page(&par, &loc).await;
    assert!(
        html.contains("Cấu trúc tệp bảng tính phức tạp vượt mức cho phép"),
        "{html}"
    );
    let health = app.get(&app.browser(), "/health").await;
    assert_eq!(health.status(), StatusCode::OK);
}

async fn hostile_workbooks_are_refused_in_bounded_memory_and_save_nothing(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plan = app.plan_id("45/KH-UBND").await;
    let batches = app.count("import_batches").await;
    let tasks = app.count("tasks").await;
    let deep = format!(
        "<worksheet>{}{}</worksheet>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    let many_parts: Vec<(String, Vec<u8>)> = (0..20_000)
        .map(|i| (format!("xl/media/p{i}.bin"), vec![b'x']))
        .collect();
    let long_cell = format!(
        "STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời gian hoàn thành\n1,{},Sở Tư pháp,Quý II/2026\n",
        "a".repeat(40_000)
    );
    let bomb = zip_bomb(false);
    assert!(bomb.len() < 2 * 1024 * 1024, "bomb is {} bytes", bomb.len());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // Declaring its size: refused from the headers, before inflating anything.
        ("bom.xlsx", bomb, "import.err_unpacks_too_large"),
        // Declaring 100 bytes: inflating stops at the declared size and the check fails.
        (
            "bom-noi-doi.xlsx",
            zip_bomb(true),
            "import.err_not_spreadsheet",
        ),
        (
            "kich-thuoc.xlsx",
            rewrite(
                &good_xlsx(),
                |name, data| {
                    (name == "xl/worksheets/sheet1.xml").then(|| {
                        let s = String::from_utf8_lossy(data);
                        let at = s.find("<sheetData").expect("sheetData");
                        format!("{}<dimension ref=\"A1:XFD1048576\"/>{}", &s[..at], &s[at..])
                            .into_bytes()
                    })
                },
                &[],
            ),
            "import.err_sheet_too_large",
        ),
        (
            "long-sau.xlsx",
            rewrite(
                &good_xlsx(),
                |name, _| (name == "xl/worksheets/sheet1.xml").then(|| deep.clone().into_bytes()),
                &[],
            ),
            "import.err_too_complex",
        ),
        (
            "thuc-the.xlsx",
            rewrite(
                &good_xlsx(),
                |name, data| {
                    (name == "xl/sharedStrings.xml").then(|| {
                        replace_text(
                            data,
                            "<sst",
                            "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><sst",
                        )
                    })
                },
                &[],
            ),
            "import.err_too_complex",
        ),
        (
            "nhieu-phan.xlsx",
            rewrite(&good_xlsx(), |_, _| None, &many_parts),
            "import.err_too_many_parts",
        ),
        (
            "kich-thuoc.xls",
            xls_with_huge_dimensions(),
            "import.err_sheet_too_large",
        ),
        (
            "o-dai.csv",
            long_cell.into_bytes(),
            "import.err_cell_too_long",
        ),
    ];
    for (name, bytes, key) in cases {
        let loc = stage(app, &par, plan, name, bytes).await;
        assert_eq!(
            loc,
            format!("/plans/{plan}/import?err={key}&field=file"),
            "{name}"
        );
    }
    assert_eq!(app.count("import_batches").await, batches);
    assert_eq!(app.count("tasks").await, tasks);
    assert_eq!(
        app.get(&app.browser(), "/health").await.status(),
        StatusCode::OK
    );
    // The good workbook still goes through.
    let ok = app
        .upload_task_table(&par, plan, "tot.xlsx", good_xlsx())
        .await;
    assert!(location(&ok).starts_with("/imports/"));
    let peak = peak_rss_mib();
    assert!(peak < 300, "peak resident memory {peak} MiB");
}

async fn wrong_login(app: &TestApp, username: &str, forwarded: Option<&str>) -> StatusCode {
    wrong_login_at(&app.base, username, forwarded).await
}

async fn wrong_login_at(base: &str, username: &str, forwarded: Option<&str>) -> StatusCode {
    let client = reqwest::Client::new();
    let mut req = client
        .post(format!("{base}/api/login"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(format!("username={username}&password=sai-mat-khau"));
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.expect("POST").status()
}

/// How many of `statuses` are wrong-password answers (401); every other must be the lock (429).
fn wrong_answers(statuses: &[StatusCode]) -> usize {
    assert!(
        statuses
            .iter()
            .all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS)),
        "{statuses:?}"
    );
    statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count()
}

async fn a_burst_of_wrong_passwords_gets_at_most_five_answers_before_the_lock(app: &TestApp) {
    let attempts = (0..40).map(|_| wrong_login(app, "stp.chuyenvien", None));
    let statuses = futures_util::future::join_all(attempts).await;
    assert_eq!(statuses.len(), 40);
    let wrong = wrong_answers(&statuses);
    assert!(wrong <= 5, "{wrong} wrong-password answers: {statuses:?}");
    // Even the right password waits now, and the answer says for how long.
    let client = app.browser();
    let res = app.login(&client, "stp.chuyenvien", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = header(&res, "retry-after").parse().unwrap_or_default();
    assert!((1..=15 * 60).contains(&wait), "retry after {wait}");
    // Another account is not locked by it.
    app.as_role(Role::UnitHead).await;
}

async fn a_burst_split_over_two_instances_gets_at_most_five_answers_too(app: &TestApp) {
    // A second server process's worth: its own pool on the same database.
    let dir = tempfile::tempdir().expect("dir");
    let config = server::Config::for_database(app.database_url.clone(), dir.path().to_path_buf());
    let second = server::Application::build(
        &config,
        server::leptos_options().expect("options"),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        false,
    )
    .await
    .expect("a second instance");
    let second_base = format!("http://{}", second.addr());
    tokio::spawn(second.run_until(std::future::pending()));
    let bases = [app.base.clone(), second_base];
    let attempts = (0..40).map(|i| {
        let base = bases[i % 2].clone();
        async move { wrong_login_at(&base, "stp.giamdoc", None).await }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let wrong = wrong_answers(&statuses);
    assert!(wrong <= 5, "{wrong} wrong-password answers: {statuses:?}");
}

async fn one_client_address_gets_at_most_twenty_wrong_answers(app: &TestApp) {
    // 30 different (unknown) accounts from one address, all at once: the address is locked
    // after 20 failures, whatever name is tried.
    let attempts = (0..30).map(|i| async move {
        wrong_login(app, &format!("khong-ton-tai-{i}"), Some("203.0.113.9")).await
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let wrong = wrong_answers(&statuses);
    assert!(wrong <= 20, "{wrong} wrong answers: {statuses:?}");
    // Without a trusted proxy the forwarded header is the client's own claim: changing it
    // does not escape the lock.
    assert_eq!(
        wrong_login(app, "ai-do", Some("198.51.100.1")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// Runs `$name(Backend)` once on SQLite and once on PostgreSQL (for tests that configure their
/// own application).
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(integration_tests::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(integration_tests::Backend::Postgres).await;
            }
        }
    )*};
}

on_both_backends!(
    behind_a_trusted_proxy_one_client_is_locked_not_the_whole_province,
    over_https_browsers_are_told_to_stay_on_https_and_cookies_are_secure,
);

async fn behind_a_trusted_proxy_one_client_is_locked_not_the_whole_province(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    for i in 0..25 {
        wrong_login(&app, &format!("ke-do-{i}"), Some("203.0.113.9")).await;
    }
    assert_eq!(
        wrong_login(&app, "ke-do", Some("203.0.113.9")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another office behind the same proxy still logs in.
    assert_eq!(
        wrong_login(&app, "nguoi-khac", Some("198.51.100.20")).await,
        StatusCode::UNAUTHORIZED
    );
    // A client cannot escape by prepending its own entry: the proxy's is the one believed.
    assert_eq!(
        wrong_login(&app, "ke-do", Some("1.2.3.4, 203.0.113.9")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn next_parameters_lead_only_to_this_site(app: &TestApp) {
    let client = app.browser();
    for (next, expected) in [
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%252f%252fevil.example", "/"),
        ("https://evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/%0d%0aSet-Cookie:%20x=1", "/"),
        ("/plans?x=1", "/plans?x=1"),
    ] {
        let res = app.get(&client, &format!("/lang/en?next={next}")).await;
        assert_redirect(&res, expected, next);
    }
}

async fn only_known_message_keys_reach_the_page(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let phish = "Tài khoản của bạn bị khoá, gọi 0900 000 000";
    let encoded: String = form_urlencoded::byte_serialize(phish.as_bytes()).collect();
    let html = app.page(&par, &format!("/plans?err={encoded}")).await;
    assert!(!html.contains("0900 000 000"), "crafted text shown");
    let plan = app.plan_id("45/KH-UBND").await;
    let import = format!("/plans/{plan}/import?err=import.err_too_large&field=file");
    let html = app.page(&par, &import).await;
    assert!(html.contains("Tệp quá lớn"), "a known key is shown");
    let task = first_task_of(app, "STP").await;
    let task = format!("/tasks/{task}?err=err.required&field={encoded}");
    let html = app.page(&par, &task).await;
    assert!(!html.contains("0900 000 000"), "crafted field name shown");
}

async fn first_task_of(app: &TestApp, unit_code: &str) -> i32 {
    use app::entities::task;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let unit = app.unit_id(unit_code).await;
    let first = task::Entity::find()
        .filter(task::Column::LeadUnitId.eq(unit))
        .order_by_asc(task::Column::Id);
    app.one(first, "task").await.id
}

async fn every_answer_carries_the_security_headers(app: &TestApp) {
    let client = app.browser();
    let res = app.get(&client, "/login").await;
    let csp = header(&res, "content-security-policy");
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(res.headers()[name], value, "{name}");
    }
    assert!(res.headers().contains_key("permissions-policy"));
    assert!(!res.headers().contains_key("strict-transport-security"));
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    assert!(nonce.len() >= 16);
    let html = res.text().await.unwrap_or_default();
    // Every script of the page carries this response's nonce.
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
    // A second answer has another nonce.
    let again = app.get(&client, "/login").await;
    assert!(!header(&again, "content-security-policy").contains(&nonce));
    // Answers that are not pages forbid everything.
    for path in ["/health", "/files/1", "/lang/vi"] {
        let res = app.get(&client, path).await;
        assert_eq!(res.headers()["x-frame-options"], "DENY", "{path}");
        let csp = header(&res, "content-security-policy");
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
    }
    // The session cookie cannot be read by scripts nor sent by other sites' forms.
    let res = app.login(&client, "stp.chuyenvien", DEMO_PASSWORD).await;
    let cookie = set_cookie(&res);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

async fn over_https_browsers_are_told_to_stay_on_https_and_cookies_are_secure(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.base_url = Some("https://cchc.sonha.gov.vn".into());
        c.cookie_secure = true;
    })
    .await;
    let client = app.browser();
    let res = app.get(&client, "/login").await;
    assert!(header(&res, "strict-transport-security").starts_with("max-age="));
    let res = app.login(&client, "stp.chuyenvien", DEMO_PASSWORD).await;
    let cookie = set_cookie(&res);
    assert!(cookie.contains("Secure"), "{cookie}");
}

async fn the_demo_password_never_travels_to_the_browser(app: &TestApp) {
    let client = app.browser();
    let session = app
        .call(&client, "session", &[])
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        session.contains("tanphu.congchuc"),
        "the accounts are listed by name"
    );
    assert!(!session.contains(DEMO_PASSWORD), "{session}");
    let page = app.page(&client, "/login").await;
    assert!(page.contains("tanphu.congchuc"));
    assert!(!page.contains(DEMO_PASSWORD));
    // The form post still logs in, for scripts and people alike.
    app.logged_in("tanphu.congchuc").await;
}

async fn an_oversized_form_is_refused_with_a_message_and_changes_nothing(app: &TestApp) {
    let par = app.as_role(Role::ParOffice).await;
    let plans = app.count("plans").await;
    let huge = "ệ".repeat(300_000);
    let token = app.csrf(&par).await;
    let body: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &token)
        .append_pair("plan[number]", "99/KH-UBND")
        .append_pair("plan[title]", &huge)
        .finish();
    // Its declared length is enough: the answer comes while the client is still sending.
    let announced = |accept: &str| {
        par.post(format!("{}/api/plans/create", app.base))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, accept)
            .header(CONTENT_LENGTH, body.len().to_string())
    };
    let first = &body.as_bytes()[..64 * 1024];
    let res = answered_while_stalled(announced("text/html"), first.to_vec()).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = res.text().await.unwrap_or_default();
    assert!(text.contains("Nội dung gửi lên quá lớn"), "{text}");
    // The hydrated page's call gets the same refusal as an error it can show.
    let res = answered_while_stalled(announced("application/json"), first.to_vec()).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        integration_tests::error_json(res).await,
        serde_json::json!({ "Invalid": { "field": "form", "reason": "err.body_too_large" } })
    );
    // Sent without a length (chunked), it is cut while read: 422 with the same message.
    let stream = futures_util::stream::iter(
        body.into_bytes()
            .chunks(64 * 1024)
            .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(c)))
            .collect::<Vec<_>>(),
    );
    let res = par
        .post(format!("{}/api/plans/create", app.base))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    // The server answers as soon as the limit is passed and closes the connection; a client
    // still writing may see its write cut (broken pipe) before it reads the answer.
    match res {
        Ok(res) => assert!(
            matches!(
                res.status(),
                StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE
            ),
            "{}",
            res.status()
        ),
        Err(e) => assert!(e.is_request(), "only the write may fail: {e:?}"),
    }
    assert_eq!(app.count("plans").await, plans);
}

async fn a_unit_reads_only_its_own_indicator_values(app: &TestApp) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let ind = app::entities::indicator::Entity::find()
        .filter(
            app::entities::indicator::Column::Name
                .eq("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn"),
        )
        .one(&app.db)
        .await
        .expect("query")
        .expect("the demo indicator");
    let plan = ind.plan_id.0;
    let row_of = |d: &Value| -> Value {
        d["indicators"]
            .as_array()
            .and_then(|a| a.iter().find(|i| i["id"] == ind.id))
            .cloned()
            .expect("the indicator row")
    };
    let commune = app.logged_in("tanphu.congchuc").await;
    let d = app.plan_page(&commune, plan, &[]).await;
    let row = row_of(&d);
    let values = row["values"].as_array().cloned().unwrap_or_default();
    assert_eq!(values.len(), 1, "{values:?}");
    assert_eq!(values[0]["value"], 390.0);
    assert_eq!(values[0]["base"], 400.0);
    // The province figure is everyone's to read: dossiers on time over dossiers resolved,
    // 1,480 of 1,500.
    let expected = 1_480.0 / 1_500.0 * 100.0;
    assert!((row["latest_actual"].as_f64().unwrap_or_default() - expected).abs() < 1e-9);
    let page = app.page(&commune, &format!("/plans/{plan}")).await;
    assert!(
        !page.contains("1090") && !page.contains("1.090") && !page.contains("1100"),
        "another unit's value on the page"
    );
    for reader in ["sonv.cchc", "chutich"] {
        let c = app.logged_in(reader).await;
        let d = app.plan_page(&c, plan, &[]).await;
        assert_eq!(
            row_of(&d)["values"].as_array().map(Vec::len),
            Some(2),
            "{reader}"
        );
    }
    // A department that is not responsible sees no unit's value.
    let stp = app.as_role(Role::UnitOfficer).await;
    let d = app.plan_page(&stp, plan, &[]).await;
    assert_eq!(row_of(&d)["values"].as_array().map(Vec::len), Some(0));
}

async fn a_role_that_may_not_upload_is_refused_before_the_body_is_read(app: &TestApp) {
    let leader = app.as_role(Role::Leader).await;
    let task = first_task_of(app, "STP").await;
    let token = app.csrf(&leader).await;
    // 40 MB announced; the first megabyte is sent and then the client stalls. The answer
    // must come without the server waiting for the rest.
    let boundary = "XyZ";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-"
    );
    let first = [head.into_bytes(), vec![b'0'; 1 << 20]].concat();
    let progress = format!("{}/tasks/{task}/progress", app.base);
    let multipart = format!("multipart/form-data; boundary={boundary}");
    let started = Instant::now();
    let req = leader
        .post(&progress)
        .header(CONTENT_TYPE, &multipart)
        .header(CONTENT_LENGTH, (40 * 1024 * 1024).to_string());
    let res = answered_while_stalled(req, first).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(res.headers()["x-outcome"], "403");
    // Over the upload limit, even the right role is refused from the declared length alone.
    let officer = app.as_role(Role::UnitOfficer).await;
    let req = officer
        .post(&progress)
        .header(CONTENT_TYPE, &multipart)
        .header(CONTENT_LENGTH, (60 * 1024 * 1024).to_string());
    let res = answered_while_stalled(req, vec![b'-'; 1024]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap_or_default().contains("Tệp quá lớn"));
}

/// Sends `req` with `first` as the beginning of its body and then stalls without ending it: the
/// answer must come within 10 seconds all the same.
async fn answered_while_stalled(req: RequestBuilder, first: Vec<u8>) -> Response {
    let stream =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from(first))])
            .chain_pending();
    tokio::time::timeout(
        Duration::from_secs(10),
        req.body(reqwest::Body::wrap_stream(stream)).send(),
    )
    .await
    .expect("answered without waiting for the rest of the body")
    .expect("POST")
}

/// A stream that, once its items are sent, never ends (a client that stalls).
trait ChainPending: futures_util::Stream + Sized {
    fn chain_pending(
        self,
    ) -> futures_util::stream::Chain<Self, futures_util::stream::Pending<Self::Item>> {
        futures_util::StreamExt::chain(self, futures_util::stream::pending())
    }
}

impl<S: futures_util::Stream> ChainPending for S {}

async fn a_log_in_renews_the_session(app: &TestApp) {
    let client = app.browser();
    let first = app.login(&client, "stp.chuyenvien", DEMO_PASSWORD).await;
    let a = set_cookie(&first);
    let second = app.login(&client, "stp.chuyenvien", DEMO_PASSWORD).await;
    let b = set_cookie(&second);
    let token = |c: &str| c.split(';').next().unwrap_or_default().to_string();
    assert_ne!(token(&a), token(&b), "a new session at every log-in");
}
