//! Property tests over every parser of user input: the task-table reader (XLSX, XLS, CSV, and
//! bytes that are none of them), the completion-time text ("Quý II/2026"), dates, the unit
//! names of a table's cells, `next=` paths and the small form fields.
//!
//! Each property runs `PROPTEST_CASES` generated or mutated inputs (256 in the normal test
//! run; `bash scripts/fuzz.sh` runs 10,000 each). The property is first of all "no panic":
//! an abort (a failed allocation) would end the test process, and a panic fails the case.

use proptest::prelude::*;

use crate::domain::deadline_text::parse_completion_time;
use crate::domain::redirect::safe_local_path;
use crate::domain::text::{UnitMatcher, UnitName};
use crate::domain::unit::UnitGroup;
use crate::domain::UnitId;
use crate::services::imports::read::{read_table, ReadError, MAX_CELL_CHARS, MAX_ROWS};

/// A real BIFF8 workbook (written by xlwt) holding a small plan table.
const REAL_XLS: &[u8] = include_bytes!("../../../../tests/fixtures/ke-hoach-mau.xls");

/// Characters plan tables are made of, and the ones that break parsers.
const ALPHABET: &[char] = &[
    'a', 'Q', 'u', 'ý', 'I', 'V', 'X', '1', '2', '0', '9', '/', '-', '.', ',', ';', '"', '\'',
    '\t', '\n', '\r', ' ', 'ệ', 'ạ', 'Đ', 'ồ', '<', '>', '&', '%', '\\', '\u{0}', '\u{feff}', 'T',
    'h', 'á', 'n', 'g', 'N', 'ă', 'm', ':', '(', ')',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

/// A byte mutation: overwrite, insert, delete, or cut the rest.
#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => any::<usize>().prop_map(Mutation::Delete),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ];
    proptest::collection::vec(one, 1..16)
}

fn mutate(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        if bytes.is_empty() {
            break;
        }
        let len = bytes.len();
        match *m {
            Mutation::Set(i, b) => bytes[i % len] = b,
            Mutation::Insert(i, b) => bytes.insert(i % len, b),
            Mutation::Delete(i) => {
                bytes.remove(i % len);
            }
            // Keep the magic, so the reader of that format is the one exercised.
            Mutation::Truncate(i) => bytes.truncate(8 + i % len),
        }
    }
    bytes
}

fn plan_xlsx(cells: &[(u32, u16, String)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
    ];
    for (c, h) in header.iter().enumerate() {
        let _ = sheet.write_string(0, c as u16, *h);
    }
    for (r, c, v) in cells {
        let _ = sheet.write_string(1 + r, *c, v);
    }
    book.save_to_buffer().unwrap_or_default()
}

/// The same workbook with one XML entry's text mutated, repacked as a valid archive (so the
/// mutation reaches the XML readers instead of failing the archive's checksum).
fn with_mutated_entry(bytes: &[u8], entry_index: usize, ms: &[Mutation]) -> Vec<u8> {
    use std::io::{Read, Write};
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return bytes.to_vec();
    };
    let target = entry_index % archive.len().max(1);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        let Ok(name) = entry.name().map(|n| n.into_owned()) else {
            continue;
        };
        let mut data = Vec::new();
        if entry.read_to_end(&mut data).is_err() {
            continue;
        }
        if i == target {
            data = mutate(data, ms);
        }
        if out.start_file(name, stored).is_err() || out.write_all(&data).is_err() {
            return bytes.to_vec();
        }
    }
    out.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

/// What any successful read must respect, whatever the input.
fn bounded(result: &Result<Vec<crate::services::imports::read::RawRow>, ReadError>) -> bool {
    match result {
        Ok(rows) => {
            !rows.is_empty()
                && rows.len() <= MAX_ROWS
                && rows.iter().all(|r| {
                    [&r.stt, &r.content, &r.lead, &r.co, &r.time, &r.output]
                        .iter()
                        .all(|c| c.chars().count() <= MAX_CELL_CHARS)
                })
        }
        Err(_) => true,
    }
}

proptest! {
    #[test]
    fn any_bytes_are_read_or_refused(
        magic in prop_oneof![
            Just(b"PK\x03\x04".to_vec()),
            Just(vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Just(Vec::new()),
        ],
        body in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let bytes = [magic, body].concat();
        let result = read_table(&bytes, "x.xlsx");
        prop_assert!(bounded(&result));
    }

    #[test]
    fn mutated_xlsx_files_are_read_or_refused(
        cells in proptest::collection::vec((0u32..40, 0u16..6, text(40)), 0..30),
        ms in mutations(),
    ) {
        let bytes = mutate(plan_xlsx(&cells), &ms);
        prop_assert!(bounded(&read_table(&bytes, "x.xlsx")));
    }

    #[test]
    fn mutated_xlsx_xml_is_read_or_refused(
        cells in proptest::collection::vec((0u32..40, 0u16..6, text(40)), 1..30),
        entry in any::<usize>(),
        ms in mutations(),
    ) {
        let bytes = with_mutated_entry(&plan_xlsx(&cells), entry, &ms);
        prop_assert!(bounded(&read_table(&bytes, "x.xlsx")));
    }

    #[test]
    fn mutated_xls_files_are_read_or_refused(ms in mutations()) {
        let bytes = mutate(REAL_XLS.to_vec(), &ms);
        prop_assert!(bounded(&read_table(&bytes, "x.xls")));
    }

    #[test]
    fn any_csv_text_is_read_or_refused(
        header in prop_oneof![
            Just("STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời gian hoàn thành\n"),
            Just("STT;Nội dung;Chủ trì;Thời hạn\r\n"),
            Just(""),
        ],
        body in text(600),
        bom in any::<bool>(),
    ) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend(header.as_bytes());
        bytes.extend(body.as_bytes());
        prop_assert!(bounded(&read_table(&bytes, "x.csv")));
    }

    #[test]
    fn any_completion_time_text_parses_or_is_refused(raw in text(60), year in proptest::option::of(1900i32..2200)) {
        if let Ok(deadline) = parse_completion_time(&raw, year) {
            prop_assert!(deadline.due_on.is_none_or(|d| (1000..=9999).contains(&chrono::Datelike::year(&d))));
        }
    }

    #[test]
    fn a_quarter_is_due_on_its_last_day(quarter in 1u32..=4, year in 2000i32..2100, roman in any::<bool>()) {
        let numeral = ["I", "II", "III", "IV"][quarter as usize - 1];
        let raw = if roman { format!("Quý {numeral}/{year}") } else { format!("quý {quarter} năm {year}") };
        let deadline = parse_completion_time(&raw, None).map_err(|e| TestCaseError::fail(format!("{raw}: {e}")))?;
        let end = crate::domain::task::last_day_of_month(year, quarter * 3);
        prop_assert_eq!(deadline.due_on, end);
    }

    #[test]
    fn form_dates_parse_back_or_are_refused(raw in text(20), days in 0i64..80_000) {
        let _ = crate::services::parse_date("d", &raw);
        let day = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() + chrono::Duration::days(days);
        prop_assert_eq!(crate::services::parse_date("d", &day.format("%d/%m/%Y").to_string()).ok(), Some(day));
        prop_assert_eq!(crate::services::parse_date("d", &day.format("%Y-%m-%d").to_string()).ok(), Some(day));
    }

    #[test]
    fn unit_names_in_cells_resolve_or_are_reported(cell in text(120)) {
        let matcher = UnitMatcher::new(vec![
            UnitName { id: UnitId(1), names: vec!["Sở Tư pháp".into(), "STP".into()], group: UnitGroup::Department },
            UnitName { id: UnitId(2), names: vec!["Ủy ban nhân dân xã Tân Phú".into(), "UBND xã Tân Phú".into()], group: UnitGroup::Commune },
        ]);
        let _ = matcher.find(&cell);
        let _ = matcher.resolve_list(&cell);
    }

    #[test]
    fn a_next_path_that_passes_stays_on_this_site(raw in text(40)) {
        if let Some(path) = safe_local_path(&raw) {
            prop_assert!(path.starts_with('/') && !path.starts_with("//"));
            prop_assert!(!path.contains('\\') && !path.chars().any(char::is_control));
        }
    }

    #[test]
    fn small_form_fields_parse_or_are_refused(raw in text(80)) {
        let _ = crate::domain::Username::parse(&raw);
        let _ = crate::domain::Email::parse(&raw);
        let _ = crate::domain::Password::parse(&raw);
        let _ = crate::domain::UnitCode::parse(&raw);
        let _ = crate::domain::task::Progress::parse(&raw);
        let _ = crate::domain::reminder::parse_offsets(&raw);
        let _ = crate::domain::reminder::parse_days(&raw, 365);
        let _ = crate::services::parse_opt_id::<i32>("id", &raw);
    }
}
