//! Reading a plan's task table from an uploaded XLSX, XLS or CSV file (server only).
//!
//! A plan's table has the columns **STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
//! hợp | Thời gian hoàn thành | Sản phẩm dự kiến**, usually below a few title rows, with tasks
//! grouped under Roman-numeral heading rows. This module only finds the header, maps the
//! columns and returns the rows below it as trimmed text ([`RawRow`]); what a row means
//! (heading, task, deadline, units) is decided by the caller.
//!
//! The format is chosen by content, not by the file name: ZIP magic → XLSX, OLE magic →
//! legacy XLS, otherwise text → CSV. Hostile input never panics: it ends in a [`ReadError`].

use std::io::Cursor;
use std::panic::{catch_unwind, UnwindSafe};

use calamine::{open_workbook_from_rs, Data, ExcelDateTime, Reader, Xls, Xlsx};

use crate::domain::text::fold;

/// Largest accepted upload, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Largest accepted number of data rows below the header.
pub const MAX_ROWS: usize = 5000;

/// Name of the task column, as shown in [`ReadError::MissingColumns`].
pub const COL_CONTENT: &str = "Nội dung";
/// Name of the lead-unit column, as shown in [`ReadError::MissingColumns`].
pub const COL_LEAD: &str = "Cơ quan chủ trì";
/// Name of the completion-time column, as shown in [`ReadError::MissingColumns`].
pub const COL_TIME: &str = "Thời gian hoàn thành";

/// The header is looked for among this many non-empty rows at the top of a sheet.
const HEADER_SCAN_ROWS: usize = 30;
/// Cells right of this many columns are ignored.
const MAX_COLS: usize = 64;
/// The longest cell read: what a spreadsheet cell can hold.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Non-empty rows kept per sheet: enough for the title rows, a two-line header, a numbering
/// row and one row over [`MAX_ROWS`]; a sheet with more is too long whatever it holds.
const ROW_CAP: usize = HEADER_SCAN_ROWS + 3 + MAX_ROWS + 1;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Binary formats recognised up front so that a misnamed upload is not read as text.
const BINARY_MAGICS: &[&[u8]] = &[
    b"%PDF",
    b"\x89PNG",
    b"\xFF\xD8\xFF",
    b"GIF8",
    b"\x1F\x8B",
    b"Rar!",
    b"7z\xBC\xAF",
];

/// One row below the header, cells as text. Every field is trimmed with inner whitespace
/// collapsed to single spaces; `lead` and `co` keep line breaks (one unit name per line is
/// common) but drop empty lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRow {
    /// 1-based row number as the user sees it: the spreadsheet row, or the CSV line on which
    /// the record starts.
    pub line: usize,
    /// "STT": a task number ("1", "1.2") or a heading numeral ("I", "II").
    pub stt: String,
    /// "Nội dung nhiệm vụ".
    pub content: String,
    /// "Cơ quan chủ trì".
    pub lead: String,
    /// "Cơ quan phối hợp".
    pub co: String,
    /// "Thời gian hoàn thành".
    pub time: String,
    /// "Sản phẩm dự kiến".
    pub output: String,
}

impl RawRow {
    fn is_blank(&self) -> bool {
        [
            &self.stt,
            &self.content,
            &self.lead,
            &self.co,
            &self.time,
            &self.output,
        ]
        .iter()
        .all(|s| s.is_empty())
    }
}

/// Why a file could not be read as a task table.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Over [`MAX_FILE_BYTES`].
    #[error("the file is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    /// Not XLSX, XLS or CSV (or a damaged workbook).
    #[error("the file is not a spreadsheet (XLSX, XLS or CSV)")]
    NotASpreadsheet,
    /// No cells at all, or a header with no row below it.
    #[error("the table has no rows")]
    Empty,
    /// Required columns not found; holds their Vietnamese names ([`COL_CONTENT`],
    /// [`COL_LEAD`], [`COL_TIME`]). All three when no header row was found.
    #[error("missing columns: {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    /// More than [`MAX_ROWS`] rows below the header.
    #[error("the table has more than {MAX_ROWS} rows")]
    TooManyRows,
    /// A text file that is not UTF-8 (or UTF-16 with a byte order mark).
    #[error("the text file is not UTF-8")]
    BadEncoding,
    /// A workbook that unpacks to more than the import allows, whatever its headers declare.
    #[error("the workbook unpacks to too many bytes")]
    UnpacksTooLarge,
    /// A workbook made of more parts than any real one.
    #[error("the workbook has too many parts")]
    TooManyParts,
    /// Nesting, declared counts or a DOCTYPE beyond what a real workbook holds.
    #[error("the workbook's structure is beyond the import's limits")]
    TooComplex,
    /// A sheet that declares more cells than the import reads.
    #[error("a sheet declares too many cells")]
    SheetTooLarge,
    /// A cell longer than a spreadsheet cell can be ([`MAX_CELL_CHARS`]).
    #[error("a cell holds more than {MAX_CELL_CHARS} characters")]
    CellTooLong,
}

impl ReadError {
    /// The i18n key of the message shown to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::TooLarge => "import.err_too_large",
            Self::NotASpreadsheet => "import.err_not_spreadsheet",
            Self::Empty => "import.err_empty",
            Self::MissingColumns(_) => "import.err_missing_columns",
            Self::TooManyRows => "import.err_too_many_rows",
            Self::BadEncoding => "import.err_encoding",
            Self::UnpacksTooLarge => "import.err_unpacks_too_large",
            Self::TooManyParts => "import.err_too_many_parts",
            Self::TooComplex => "import.err_too_complex",
            Self::SheetTooLarge => "import.err_sheet_too_large",
            Self::CellTooLong => "import.err_cell_too_long",
        }
    }

    /// The Vietnamese names of the missing columns (empty for other errors).
    pub fn missing_columns(&self) -> &[&'static str] {
        match self {
            Self::MissingColumns(cols) => cols,
            _ => &[],
        }
    }
}

/// Reads the task table of an uploaded file. `file_name` only helps for text files (a
/// `.csv` / `.tsv` / `.txt` name that is not UTF-8 is reported as [`ReadError::BadEncoding`]).
///
/// XLSX and XLS: the first worksheet holding a header row is used. CSV: UTF-8 with or
/// without BOM (or UTF-16 with BOM), delimiter ',', ';' or tab detected from the header.
/// The header is the first of the top [`HEADER_SCAN_ROWS`] non-empty rows with a "Nội dung"
/// and a "Chủ trì" column (or a "Nội dung" row followed by a row holding "Chủ trì", for
/// two-line headers); a "(1) (2) (3)" numbering row right under it is skipped, and so are
/// rows whose mapped cells are all empty.
pub fn read_table(bytes: &[u8], file_name: &str) -> Result<Vec<RawRow>, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        guarded(|| read_xlsx(bytes))
    } else if bytes.starts_with(OLE_MAGIC) {
        guarded(|| read_xls(bytes))
    } else {
        read_csv(bytes, file_name)
    }
}

/// Runs a workbook reader, turning a panic inside the parser into `NotASpreadsheet`.
fn guarded<F>(read: F) -> Result<Vec<RawRow>, ReadError>
where
    F: FnOnce() -> Result<Vec<RawRow>, ReadError> + UnwindSafe,
{
    catch_unwind(read).unwrap_or(Err(ReadError::NotASpreadsheet))
}

// ----------------------------------------------------------------------------------------
// Sheets as non-empty rows of text

/// The non-empty rows of one sheet: (1-based line, cells by column index).
struct Sheet {
    rows: Vec<(usize, Vec<String>)>,
    /// More than [`ROW_CAP`] non-empty rows: the rest was not read.
    truncated: bool,
}

/// Collects cells (in row order) into a [`Sheet`], keeping at most `cap` non-empty rows.
struct SheetBuilder {
    rows: Vec<(usize, Vec<String>)>,
    cap: usize,
    truncated: bool,
}

impl SheetBuilder {
    fn new(cap: usize) -> Self {
        Self {
            rows: Vec::new(),
            cap,
            truncated: false,
        }
    }

    /// Adds a cell (0-based row and column); returns false once the cap is passed.
    fn add(&mut self, row: usize, col: usize, text: String) -> Result<bool, ReadError> {
        if col >= MAX_COLS || text.trim().is_empty() {
            return Ok(true);
        }
        // Bytes bound characters from above: only a long cell is counted.
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(ReadError::CellTooLong);
        }
        let line = row.saturating_add(1);
        // Cells come in row order, but an out-of-order row still goes to its place.
        let index = self.rows.partition_point(|(l, _)| *l < line);
        if self.rows.get(index).is_none_or(|(l, _)| *l != line) {
            if self.rows.len() >= self.cap {
                self.truncated = true;
                return Ok(false);
            }
            self.rows.insert(index, (line, Vec::new()));
        }
        let cells = &mut self.rows[index].1;
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        Ok(true)
    }

    fn finish(self) -> Sheet {
        Sheet {
            rows: self.rows,
            truncated: self.truncated,
        }
    }
}

/// Picks the first sheet with a complete header; remembers a partial one for the error.
#[derive(Default)]
struct Picker {
    partial: Option<Vec<&'static str>>,
    any_cells: bool,
}

impl Picker {
    /// The table of this sheet if it has a complete header, else `None` (try the next).
    fn offer(&mut self, sheet: Sheet) -> Option<Result<Vec<RawRow>, ReadError>> {
        if sheet.rows.is_empty() {
            return None;
        }
        self.any_cells = true;
        let (start, columns) = detect_header(&sheet.rows)?;
        let missing = columns.missing();
        if !missing.is_empty() {
            self.partial.get_or_insert(missing);
            return None;
        }
        Some(data_rows(sheet, start, &columns))
    }

    /// The error when no sheet had a complete header.
    fn finish(self) -> Result<Vec<RawRow>, ReadError> {
        match self.partial {
            Some(missing) => Err(ReadError::MissingColumns(missing)),
            None if self.any_cells => Err(ReadError::MissingColumns(vec![
                COL_CONTENT,
                COL_LEAD,
                COL_TIME,
            ])),
            None => Err(ReadError::Empty),
        }
    }
}

// ----------------------------------------------------------------------------------------
// XLSX and XLS

fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawRow>, ReadError> {
    let checked = crate::services::imports::guard::xlsx(bytes)?;
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(checked)).map_err(|_| ReadError::NotASpreadsheet)?;
    let mut picker = Picker::default();
    let mut sheets_read = 0usize;
    for name in workbook.sheet_names() {
        // Streamed cell by cell: a sheet's range is allocated densely by calamine, which a
        // hostile file with two far-apart cells would turn into gigabytes.
        let Ok(mut reader) = workbook.worksheet_cells_reader(&name) else {
            continue; // a chart sheet, or a sheet the workbook lists but does not hold
        };
        let mut builder = SheetBuilder::new(ROW_CAP);
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    let text = cell_text(Data::from(cell.get_value().clone()));
                    if !builder.add(row as usize, col as usize, text)? {
                        break;
                    }
                }
                Ok(None) => break,
                Err(_) => return Err(ReadError::NotASpreadsheet),
            }
        }
        sheets_read += 1;
        if let Some(result) = picker.offer(builder.finish()) {
            return result;
        }
    }
    if sheets_read == 0 {
        return Err(ReadError::NotASpreadsheet);
    }
    picker.finish()
}

fn read_xls(bytes: &[u8]) -> Result<Vec<RawRow>, ReadError> {
    let checked = crate::services::imports::guard::xls(bytes)?;
    let mut workbook: Xls<_> =
        open_workbook_from_rs(Cursor::new(checked)).map_err(|_| ReadError::NotASpreadsheet)?;
    let mut picker = Picker::default();
    let mut sheets_read = 0usize;
    for name in workbook.sheet_names() {
        // XLS sheets are at most 65,536 x 256 cells, so the dense range stays bounded.
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut builder = SheetBuilder::new(ROW_CAP);
        for (row, col, value) in range.used_cells() {
            let text = cell_text(value.clone());
            if !builder.add(row0 as usize + row, col0 as usize + col, text)? {
                break;
            }
        }
        sheets_read += 1;
        if let Some(result) = picker.offer(builder.finish()) {
            return result;
        }
    }
    if sheets_read == 0 {
        return Err(ReadError::NotASpreadsheet);
    }
    picker.finish()
}

/// A cell's value as text: numbers without a useless ".0", dates as dd/mm/yyyy, booleans as
/// TRUE/FALSE, errors as "#REF!" ...; formulas arrive as their cached value.
fn cell_text(value: Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s,
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(f),
        Data::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => date_text(dt),
        Data::DateTimeIso(s) => iso_date_text(&s),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it in a General cell: integers without ".0", at most 15
/// significant digits (so 0.1 + 0.2 reads "0.3").
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    rounded.to_string()
}

/// An Excel date as dd/mm/yyyy (a time of day alone as hh:mm, a duration as a number).
fn date_text(dt: ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    let (year, month, day, hour, minute, _, _) = dt.to_ymd_hms_milli();
    if (0.0..1.0).contains(&dt.as_f64()) {
        return format!("{hour:02}:{minute:02}");
    }
    format!("{day:02}/{month:02}/{year:04}")
}

/// An ISO 8601 date ("2025-06-30", "2025-06-30T00:00:00") as dd/mm/yyyy; anything else as is.
fn iso_date_text(s: &str) -> String {
    let date = s.get(..10).unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    match parts[..] {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && date.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            format!("{d}/{m}/{y}")
        }
        _ => s.to_owned(),
    }
}

// ----------------------------------------------------------------------------------------
// CSV

fn read_csv(bytes: &[u8], file_name: &str) -> Result<Vec<RawRow>, ReadError> {
    let text = decode_text(bytes, file_name)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    if text.trim_start().starts_with('<') {
        // HTML or XML (e.g. an "xls" exported as an HTML table): not something we read.
        return Err(ReadError::NotASpreadsheet);
    }
    let delimiter = pick_delimiter(&text);
    let mut picker = Picker::default();
    match picker.offer(csv_sheet(&text, delimiter, ROW_CAP)?) {
        Some(result) => result,
        None => picker.finish(),
    }
}

/// The text of a CSV upload: UTF-8 (BOM optional) or UTF-16 with a BOM.
fn decode_text(bytes: &[u8], file_name: &str) -> Result<String, ReadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| ReadError::BadEncoding);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    if BINARY_MAGICS.iter().any(|magic| bytes.starts_with(magic)) || bytes.contains(&0) {
        return Err(ReadError::NotASpreadsheet);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let named_text = matches!(extension.as_deref(), Some("csv" | "tsv" | "txt"));
    // Text in a legacy encoding (Windows-1258, TCVN3, VNI) has no control bytes; random
    // binary data almost surely has some.
    let looks_like_text = bytes
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A));
    if named_text || looks_like_text {
        Err(ReadError::BadEncoding)
    } else {
        Err(ReadError::NotASpreadsheet)
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ReadError::BadEncoding);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ReadError::BadEncoding)
}

/// The delimiter (',', ';' or tab) under which the header row maps the most columns.
fn pick_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for delimiter in [b',', b';', b'\t'] {
        // A cell too long is reported by the full read that follows.
        let Ok(sheet) = csv_sheet(text, delimiter, HEADER_SCAN_ROWS + 2) else {
            continue;
        };
        if let Some((start, columns)) = detect_header(&sheet.rows) {
            let header_cells = sheet.rows[start - 1].1.len();
            let score = (columns.count(), header_cells);
            if score > (best.1, best.2) {
                best = (delimiter, score.0, score.1);
            }
        }
    }
    best.0
}

fn csv_sheet(text: &str, delimiter: u8, cap: usize) -> Result<Sheet, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut builder = SheetBuilder::new(cap);
    let mut record = csv::StringRecord::new();
    // The csv crate's own line numbers go wrong with CRLF line ends, so lines are counted
    // here, from the byte offset the reader gives (which may point at the line break before
    // the record). "\r\n", "\n" and a lone "\r" each end a line.
    let bytes = text.as_bytes();
    let (mut scanned, mut line) = (0usize, 1usize);
    // The input is valid UTF-8 held in memory, so a read error cannot really happen.
    while let Ok(true) = reader.read_record(&mut record) {
        let reported = record
            .position()
            .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut start = reported.clamp(scanned, bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line += count_line_breaks(&bytes[scanned..start]);
        scanned = start;
        for (col, field) in record.iter().enumerate().take(MAX_COLS) {
            if !builder.add(line - 1, col, field.to_owned())? {
                return Ok(builder.finish());
            }
        }
    }
    Ok(builder.finish())
}

fn count_line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

// ----------------------------------------------------------------------------------------
// Header and rows

/// Column indexes of the known columns.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    stt: Option<usize>,
    content: Option<usize>,
    lead: Option<usize>,
    co: Option<usize>,
    time: Option<usize>,
    output: Option<usize>,
}

impl Columns {
    /// Maps the cells of a candidate header row; the first column matching a key wins.
    fn of_row(cells: &[String]) -> Self {
        let mut columns = Self::default();
        for (index, cell) in cells.iter().enumerate() {
            let folded = format!(" {} ", fold(cell));
            let has = |key: &str| folded.contains(key);
            let slot = if has(" chu tri ") {
                &mut columns.lead
            } else if has(" phoi hop ") {
                &mut columns.co
            } else if has(" thoi gian ") || has(" thoi han ") {
                &mut columns.time
            } else if has(" san pham ") {
                &mut columns.output
            } else if has(" noi dung ") {
                &mut columns.content
            } else if has(" stt ") || has(" so thu tu ") || has(" tt ") {
                &mut columns.stt
            } else {
                continue;
            };
            slot.get_or_insert(index);
        }
        columns
    }

    /// Fills the columns this row lacks from the second line of a two-line header.
    fn merged_with(self, below: Self) -> Self {
        Self {
            stt: self.stt.or(below.stt),
            content: self.content.or(below.content),
            lead: self.lead.or(below.lead),
            co: self.co.or(below.co),
            time: self.time.or(below.time),
            output: self.output.or(below.output),
        }
    }

    fn count(&self) -> usize {
        [
            self.stt,
            self.content,
            self.lead,
            self.co,
            self.time,
            self.output,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
    }

    fn missing(&self) -> Vec<&'static str> {
        [
            (self.content, COL_CONTENT),
            (self.lead, COL_LEAD),
            (self.time, COL_TIME),
        ]
        .into_iter()
        .filter(|(col, _)| col.is_none())
        .map(|(_, name)| name)
        .collect()
    }
}

/// Finds the header among the top rows: the index of the first row below it and the columns.
fn detect_header(rows: &[(usize, Vec<String>)]) -> Option<(usize, Columns)> {
    for (index, (_, cells)) in rows.iter().enumerate().take(HEADER_SCAN_ROWS) {
        let columns = Columns::of_row(cells);
        if columns.content.is_none() {
            continue;
        }
        let next = rows.get(index + 1).map(|(_, cells)| cells);
        if columns.lead.is_some() {
            // A second header line holding only titles ("Chủ trì | Phối hợp" under
            // "Cơ quan chủ trì, phối hợp") completes the mapping.
            if let Some(next) = next.filter(|cells| is_header_leftover(cells)) {
                return Some((index + 2, columns.merged_with(Columns::of_row(next))));
            }
            return Some((index + 1, columns));
        }
        // Two-line header: "Cơ quan thực hiện" merged over "Chủ trì | Phối hợp" below.
        if let Some(next) = next {
            let below = Columns::of_row(next);
            if below.lead.is_some() && below.content.is_none() {
                return Some((index + 2, columns.merged_with(below)));
            }
        }
    }
    None
}

/// A row whose every non-empty cell is a column title.
fn is_header_leftover(cells: &[String]) -> bool {
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    filled > 0 && Columns::of_row(cells).count() == filled
}

/// A "(1) (2) (3) ..." or "1 2 3 ..." row: at least two cells, all increasing numbers.
fn is_numbering_row(cells: &[String]) -> bool {
    let mut previous = 0u32;
    let mut count = 0usize;
    for cell in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let bare = cell.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ' '));
        match bare.parse::<u32>() {
            Ok(n) if n > previous => {
                previous = n;
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 2
}

/// The data rows of a sheet from `start` on.
fn data_rows(sheet: Sheet, start: usize, columns: &Columns) -> Result<Vec<RawRow>, ReadError> {
    let mut rows = sheet.rows.into_iter().skip(start).peekable();
    if rows
        .peek()
        .is_some_and(|(_, cells)| is_numbering_row(cells))
    {
        rows.next();
    }
    let mut out = Vec::new();
    for (line, cells) in rows {
        let get = |col: Option<usize>| -> &str {
            col.and_then(|c| cells.get(c)).map_or("", String::as_str)
        };
        let row = RawRow {
            line,
            stt: collapse(get(columns.stt)),
            content: collapse(get(columns.content)),
            lead: collapse_lines(get(columns.lead)),
            co: collapse_lines(get(columns.co)),
            time: collapse(get(columns.time)),
            output: collapse(get(columns.output)),
        };
        if row.is_blank() {
            continue;
        }
        if out.len() == MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
        out.push(row);
    }
    if sheet.truncated {
        return Err(ReadError::TooManyRows);
    }
    if out.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(out)
}

/// Trims and collapses every run of whitespace (line breaks included) to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`collapse`] within each line, keeping the line breaks between non-empty lines.
fn collapse_lines(s: &str) -> String {
    s.split(['\n', '\r', '\u{2028}'])
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime as XlsxDate, Format, Formula, Workbook};

    const HEADER: [&str; 6] = [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm dự kiến",
    ];

    /// A plan as a real one looks: a guide sheet first, then title rows, the header, a
    /// numbering row, Roman headings with merged cells, tasks, an empty row, a date, a
    /// formula with a cached value, a boolean, an error and numbers.
    fn plan_xlsx() -> Vec<u8> {
        let mut wb = Workbook::new();
        let merged = Format::new();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let guide = wb.add_worksheet();
        guide.set_name("Hướng dẫn").unwrap();
        guide
            .write_string(0, 0, "Điền các nhiệm vụ vào trang sau")
            .unwrap();
        let ws = wb.add_worksheet();
        ws.set_name("Kế hoạch").unwrap();
        ws.write_string(0, 0, "ỦY BAN NHÂN DÂN TỈNH").unwrap();
        ws.merge_range(1, 0, 1, 5, "KẾ HOẠCH Cải cách hành chính năm 2025", &merged)
            .unwrap();
        for (col, title) in HEADER.iter().enumerate() {
            ws.write_string(3, col as u16, *title).unwrap();
        }
        for col in 0..6u16 {
            ws.write_string(4, col, format!("({})", col + 1)).unwrap();
        }
        ws.write_string(5, 0, "I").unwrap();
        ws.merge_range(5, 1, 5, 5, "CẢI CÁCH THỂ CHẾ", &merged)
            .unwrap();
        ws.write_number(6, 0, 1).unwrap();
        ws.write_string(
            6,
            1,
            "Cải cách thủ tục  hành chính\n trên môi trường điện tử",
        )
        .unwrap();
        ws.write_string(6, 2, "Sở Tư pháp").unwrap();
        ws.write_string(6, 3, " Sở Nội vụ \n\n  Sở Tài chính ")
            .unwrap();
        ws.write_string(6, 4, "Quý II/2025").unwrap();
        ws.write_string(6, 5, "Báo cáo").unwrap();
        // Row 8 (index 7) left empty.
        ws.write_number(8, 0, 2.0).unwrap();
        ws.write_string(8, 1, "Rà soát văn bản").unwrap();
        ws.write_string(8, 2, "Sở Tư pháp").unwrap();
        ws.write_datetime_with_format(8, 4, XlsxDate::from_ymd(2025, 6, 30).unwrap(), &date)
            .unwrap();
        ws.write_formula(
            8,
            5,
            Formula::new("=\"Quyết định \"&\"ban hành\"").set_result("Quyết định ban hành"),
        )
        .unwrap();
        ws.write_string(9, 0, "II").unwrap();
        ws.merge_range(9, 1, 9, 5, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", &merged)
            .unwrap();
        ws.write_number(10, 0, 1.2).unwrap();
        ws.write_string(10, 1, "Số hóa hồ sơ").unwrap();
        ws.write_string(10, 2, "Văn phòng UBND tỉnh").unwrap();
        ws.write_formula(10, 4, Formula::new("=#REF!").set_result("#REF!"))
            .unwrap();
        ws.write_boolean(10, 5, true).unwrap();
        ws.write_formula(11, 0, Formula::new("=1+2").set_result("3"))
            .unwrap();
        ws.write_string(11, 1, "Tổng hợp").unwrap();
        ws.write_number(11, 5, 0.1 + 0.2).unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn a_cell_longer_than_a_spreadsheet_cell_is_refused() {
        let long = "ạ".repeat(MAX_CELL_CHARS + 1);
        let csv = format!(
            "STT,Nội dung,Cơ quan chủ trì,Thời gian hoàn thành\n1,{long},Sở Tư pháp,Quý II/2026\n"
        );
        assert_eq!(
            read_table(csv.as_bytes(), "x.csv"),
            Err(ReadError::CellTooLong)
        );
        let fits = "ạ".repeat(MAX_CELL_CHARS);
        let csv = format!(
            "STT,Nội dung,Cơ quan chủ trì,Thời gian hoàn thành\n1,{fits},Sở Tư pháp,Quý II/2026\n"
        );
        assert!(read_table(csv.as_bytes(), "x.csv").is_ok());
    }

    fn xlsx_of(rows: &[Vec<&str>]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }

    fn all_missing() -> ReadError {
        ReadError::MissingColumns(vec![COL_CONTENT, COL_LEAD, COL_TIME])
    }

    #[test]
    fn reads_a_real_looking_xlsx() {
        let rows = read_table(&plan_xlsx(), "ke-hoach.xlsx").unwrap();
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![6, 7, 9, 10, 11, 12]);
        assert_eq!(
            rows[0],
            RawRow {
                line: 6,
                stt: "I".into(),
                content: "CẢI CÁCH THỂ CHẾ".into(),
                ..RawRow::default()
            }
        );
        assert_eq!(
            rows[1],
            RawRow {
                line: 7,
                stt: "1".into(),
                content: "Cải cách thủ tục hành chính trên môi trường điện tử".into(),
                lead: "Sở Tư pháp".into(),
                co: "Sở Nội vụ\nSở Tài chính".into(),
                time: "Quý II/2025".into(),
                output: "Báo cáo".into(),
            }
        );
        assert_eq!(rows[2].stt, "2");
        assert_eq!(rows[2].time, "30/06/2025");
        assert_eq!(rows[2].output, "Quyết định ban hành");
        assert_eq!(rows[2].co, "");
        assert_eq!(rows[4].stt, "1.2");
        assert_eq!(rows[4].time, "#REF!");
        assert_eq!(rows[4].output, "TRUE");
        assert_eq!(rows[5].stt, "3");
        assert_eq!(rows[5].output, "0.3");
    }

    #[test]
    fn format_is_read_from_content_not_name() {
        let xlsx = plan_xlsx();
        assert_eq!(read_table(&xlsx, "plan.csv").unwrap().len(), 6);
        assert_eq!(read_table(&xlsx, "").unwrap().len(), 6);
        let csv = "Nội dung,Chủ trì,Thời hạn\nViệc A,Sở Nội vụ,2025\n";
        assert_eq!(read_table(csv.as_bytes(), "plan.xlsx").unwrap().len(), 1);
    }

    #[test]
    fn two_line_header() {
        let bytes = xlsx_of(&[
            vec![
                "STT",
                "Nội dung",
                "Cơ quan thực hiện",
                "",
                "Thời hạn",
                "Sản phẩm",
            ],
            vec!["", "", "Chủ trì", "Phối hợp", "", ""],
            vec!["1", "2", "3", "4", "5", "6"],
            vec![
                "1",
                "Việc A",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Tháng 6",
                "Báo cáo",
            ],
        ]);
        let rows = read_table(&bytes, "x.xlsx").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].lead, "Sở Nội vụ");
        assert_eq!(rows[0].co, "Sở Tư pháp");
        assert_eq!(rows[0].time, "Tháng 6");
        assert_eq!(rows[0].output, "Báo cáo");
    }

    #[test]
    fn header_leftover_line_is_skipped() {
        let bytes = xlsx_of(&[
            vec![
                "TT",
                "Nội dung",
                "Cơ quan chủ trì, phối hợp",
                "",
                "Thời hạn",
            ],
            vec!["", "", "Chủ trì", "Phối hợp", ""],
            vec!["(1)", "(2)", "(3)", "(4)", "(5)"],
            vec!["1", "Việc A", "Sở Nội vụ", "Sở Tư pháp", "Tháng 6"],
        ]);
        let rows = read_table(&bytes, "x.xlsx").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].stt, "1");
        assert_eq!(rows[0].lead, "Sở Nội vụ");
        assert_eq!(rows[0].co, "Sở Tư pháp");
    }

    #[test]
    fn columns_in_any_order_and_optional_ones_absent() {
        let bytes = xlsx_of(&[
            vec![
                "Thời gian thực hiện",
                "Đơn vị chủ trì",
                "NỘI DUNG CÔNG VIỆC",
            ],
            vec!["Thường xuyên", "Sở Nội vụ", "Tuyên truyền"],
        ]);
        let rows = read_table(&bytes, "x.xlsx").unwrap();
        assert_eq!(rows[0].content, "Tuyên truyền");
        assert_eq!(rows[0].lead, "Sở Nội vụ");
        assert_eq!(rows[0].time, "Thường xuyên");
        assert_eq!((rows[0].stt.as_str(), rows[0].co.as_str()), ("", ""));
    }

    #[test]
    fn missing_columns() {
        let no_time = xlsx_of(&[
            vec!["STT", "Nội dung", "Cơ quan chủ trì", "Ghi chú"],
            vec!["1", "Việc A", "Sở Nội vụ", ""],
        ]);
        let err = read_table(&no_time, "x.xlsx").unwrap_err();
        assert_eq!(err, ReadError::MissingColumns(vec![COL_TIME]));
        assert_eq!(err.message_key(), "import.err_missing_columns");
        assert_eq!(err.missing_columns(), [COL_TIME]);
        let no_header = xlsx_of(&[vec!["Tên", "Tuổi"], vec!["An", "30"]]);
        assert_eq!(read_table(&no_header, "x.xlsx").unwrap_err(), all_missing());
        let csv = "a,b,c\n1,2,3\n";
        assert_eq!(
            read_table(csv.as_bytes(), "x.csv").unwrap_err(),
            all_missing()
        );
    }

    #[test]
    fn empty_tables() {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        let blank = wb.save_to_buffer().unwrap();
        assert_eq!(read_table(&blank, "x.xlsx").unwrap_err(), ReadError::Empty);
        let header_only = xlsx_of(&[HEADER.to_vec(), vec!["(1)", "(2)", "(3)"]]);
        assert_eq!(
            read_table(&header_only, "x.xlsx").unwrap_err(),
            ReadError::Empty
        );
        assert_eq!(read_table(b"", "x.csv").unwrap_err(), ReadError::Empty);
        assert_eq!(
            read_table(b"\xEF\xBB\xBF \r\n\r\n", "x.csv").unwrap_err(),
            ReadError::Empty
        );
        let csv = format!("{}\n,,,,,\n", HEADER.join(","));
        assert_eq!(
            read_table(csv.as_bytes(), "x.csv").unwrap_err(),
            ReadError::Empty
        );
    }

    #[test]
    fn csv_comma_with_title_rows_and_quotes() {
        let csv = "KẾ HOẠCH Cải cách hành chính năm 2025,,,\n\n\
                   STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Sản phẩm dự kiến\n\
                   (1),(2),(3),(4),(5),(6)\n\
                   I,Cải cách thủ tục hành chính\n\
                   1,\"Rà soát, đơn giản hóa TTHC\",Sở Tư pháp,\"Sở Nội vụ\nSở Tài chính\",Quý II/2025,\"Báo cáo \"\"tổng hợp\"\"\"\n\
                   2,Việc B,Sở Nội vụ,,Thường xuyên,\n";
        let rows = read_table(csv.as_bytes(), "ke-hoach.csv").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            RawRow {
                line: 5,
                stt: "I".into(),
                content: "Cải cách thủ tục hành chính".into(),
                ..RawRow::default()
            }
        );
        assert_eq!(rows[1].line, 6);
        assert_eq!(rows[1].content, "Rà soát, đơn giản hóa TTHC");
        assert_eq!(rows[1].co, "Sở Nội vụ\nSở Tài chính");
        assert_eq!(rows[1].time, "Quý II/2025");
        assert_eq!(rows[1].output, "Báo cáo \"tổng hợp\"");
        // The quoted line break makes the next record start two lines further.
        assert_eq!(rows[2].line, 8);
        assert_eq!(rows[2].time, "Thường xuyên");
    }

    #[test]
    fn csv_semicolon_with_bom_and_crlf() {
        let csv =
            "\u{FEFF}Kế hoạch, năm 2025\r\nSTT;Nội dung;Chủ trì;Phối hợp;Thời gian;Sản phẩm\r\n\
                   1;Cải cách thủ tục hành chính;Sở Tư pháp, Sở Nội vụ;;Quý II/2025;\r\n";
        let rows = read_table(csv.as_bytes(), "plan.csv").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].content, "Cải cách thủ tục hành chính");
        assert_eq!(rows[0].lead, "Sở Tư pháp, Sở Nội vụ");
        assert_eq!(rows[0].time, "Quý II/2025");
    }

    #[test]
    fn csv_lines_with_quoted_crlf_and_lone_cr() {
        let csv = "Nội dung;Chủ trì;Thời hạn\r\n\r\n\"Việc\r\nA\";Sở Nội vụ;2025\r\nViệc B;x;y\rViệc C;x;y\r";
        let rows = read_table(csv.as_bytes(), "x.csv").unwrap();
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 5, 6]);
        assert_eq!(rows[0].content, "Việc A");
        assert_eq!(rows[2].content, "Việc C");
    }

    #[test]
    fn csv_tab_and_utf16() {
        let tsv = "STT\tNội dung\tChủ trì\tThời hạn\n1\tViệc A\tSở Nội vụ\tQuý II/2025\n";
        let rows = read_table(tsv.as_bytes(), "plan.txt").unwrap();
        assert_eq!(rows[0].lead, "Sở Nội vụ");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
        let rows = read_table(&utf16, "plan.txt").unwrap();
        assert_eq!(rows[0].time, "Quý II/2025");
        assert_eq!(rows[0].content, "Việc A");
    }

    #[test]
    fn csv_flexible_rows() {
        let csv = "Nội dung,Chủ trì,Thời hạn,Sản phẩm\nViệc A\nViệc B,Sở Nội vụ,Tháng 6,Báo cáo,thừa,thừa\n";
        let rows = read_table(csv.as_bytes(), "x.csv").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].content, "Việc A");
        assert_eq!(rows[0].lead, "");
        assert_eq!(rows[1].output, "Báo cáo");
    }

    #[test]
    fn bad_encoding() {
        // "Nội dung" in Windows-1258: not UTF-8.
        let legacy = b"STT,N\xD4i dung,Ch\xD6 tr\xCC\n";
        assert_eq!(
            read_table(legacy, "plan.csv").unwrap_err(),
            ReadError::BadEncoding
        );
        assert_eq!(
            read_table(legacy, "plan").unwrap_err(),
            ReadError::BadEncoding
        );
        assert_eq!(
            read_table(b"\xEF\xBB\xBFabc\xFF", "x.csv").unwrap_err(),
            ReadError::BadEncoding
        );
        assert_eq!(
            read_table(b"\xFF\xFEa", "x.csv").unwrap_err(),
            ReadError::BadEncoding
        );
        assert_eq!(ReadError::BadEncoding.message_key(), "import.err_encoding");
    }

    #[test]
    fn not_a_spreadsheet() {
        let cases: Vec<(&[u8], &str)> = vec![
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "plan.pdf"),
            (b"%PDF-1.4 text only", "plan.csv"),
            (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "plan.xlsx"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1garbage", "plan.xls"),
            (b"PK\x03\x04garbage", "plan.xlsx"),
            (
                b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
                "plan.xlsx",
            ),
            (
                b"<html><table><tr><td>N\xE1\xBB\x99i dung</td></tr></table></html>",
                "plan.xls",
            ),
            (b"\x00\x01\x02\x03", "plan"),
        ];
        for (bytes, name) in cases {
            assert_eq!(
                read_table(bytes, name),
                Err(ReadError::NotASpreadsheet),
                "{name}"
            );
        }
        assert_eq!(
            ReadError::NotASpreadsheet.message_key(),
            "import.err_not_spreadsheet"
        );
    }

    /// A ZIP archive holding one stored (uncompressed) file.
    fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in data {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let crc = crc32(data).to_le_bytes();
        let size = (data.len() as u32).to_le_bytes();
        let name_len = (name.len() as u16).to_le_bytes();
        let mut out = Vec::new();
        out.extend(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
        out.extend(crc);
        out.extend(size);
        out.extend(size);
        out.extend(name_len);
        out.extend([0, 0]);
        out.extend(name.as_bytes());
        out.extend(data);
        let central = out.len() as u32;
        out.extend(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        out.extend(crc);
        out.extend(size);
        out.extend(size);
        out.extend(name_len);
        out.extend([0; 12]);
        out.extend(name.as_bytes());
        let central_len = (out.len() as u32 - central).to_le_bytes();
        out.extend(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
        out.extend(central_len);
        out.extend(central.to_le_bytes());
        out.extend([0, 0]);
        out
    }

    #[test]
    fn zip_of_a_text_file() {
        let csv = "Nội dung,Chủ trì,Thời hạn\nViệc A,Sở Nội vụ,2025\n";
        let zip = stored_zip("plan.csv", csv.as_bytes());
        assert_eq!(
            read_table(&zip, "plan.xlsx"),
            Err(ReadError::NotASpreadsheet)
        );
        assert_eq!(
            read_table(&zip, "plan.zip"),
            Err(ReadError::NotASpreadsheet)
        );
    }

    /// A tiny deterministic generator for the fuzz tests.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn fuzz_truncated_and_damaged_xlsx() {
        let xlsx = plan_xlsx();
        let mut seed = 7u64;
        for cut in (0..xlsx.len())
            .step_by(97)
            .chain([xlsx.len() - 1, xlsx.len() - 22])
        {
            let result = read_table(&xlsx[..cut], "x.xlsx");
            if cut > 0 {
                assert!(result.is_err(), "cut at {cut}");
            }
        }
        for _ in 0..200 {
            let mut damaged = xlsx.clone();
            for _ in 0..=(lcg(&mut seed) % 8) {
                let at = (lcg(&mut seed) as usize) % damaged.len();
                damaged[at] = lcg(&mut seed) as u8;
            }
            // Any outcome but a panic will do; an intact table is possible.
            let _ = read_table(&damaged, "x.xlsx");
        }
    }

    #[test]
    fn fuzz_random_bytes() {
        let mut seed = 42u64;
        for round in 0..300 {
            let len = (lcg(&mut seed) % 4096) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| lcg(&mut seed) as u8).collect();
            match round % 3 {
                0 if len >= 4 => bytes[..4].copy_from_slice(ZIP_MAGIC),
                1 if len >= 8 => bytes[..8].copy_from_slice(OLE_MAGIC),
                _ => {}
            }
            let result = read_table(&bytes, "x.csv");
            assert!(
                result.is_err() || len == 0 || round % 3 == 2,
                "round {round}"
            );
        }
    }

    #[test]
    fn too_large_is_checked_first() {
        let blob = vec![b'a'; 6 * 1024 * 1024];
        assert_eq!(read_table(&blob, "x.csv"), Err(ReadError::TooLarge));
        let mut zip = blob;
        zip[..4].copy_from_slice(ZIP_MAGIC);
        assert_eq!(read_table(&zip, "x.xlsx"), Err(ReadError::TooLarge));
        assert_eq!(ReadError::TooLarge.message_key(), "import.err_too_large");
    }

    fn csv_with_rows(n: usize) -> String {
        let mut csv = String::from("Kế hoạch\nSTT,Nội dung,Chủ trì,Thời gian\n");
        for i in 1..=n {
            csv.push_str(&format!("{i},Nhiệm vụ {i},Sở Nội vụ,Quý II/2025\n"));
        }
        csv
    }

    #[test]
    fn row_limits_csv() {
        let rows = read_table(csv_with_rows(MAX_ROWS).as_bytes(), "x.csv").unwrap();
        assert_eq!(rows.len(), MAX_ROWS);
        assert_eq!(rows[MAX_ROWS - 1].line, MAX_ROWS + 2);
        let err = read_table(csv_with_rows(MAX_ROWS + 1).as_bytes(), "x.csv").unwrap_err();
        assert_eq!(err, ReadError::TooManyRows);
        let err = read_table(csv_with_rows(10_000).as_bytes(), "x.csv").unwrap_err();
        assert_eq!(err, ReadError::TooManyRows);
        assert_eq!(err.message_key(), "import.err_too_many_rows");
    }

    #[test]
    fn row_limit_xlsx() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (col, title) in HEADER.iter().enumerate() {
            ws.write_string(0, col as u16, *title).unwrap();
        }
        for row in 1..=10_000u32 {
            ws.write_number(row, 0, row).unwrap();
            ws.write_string(row, 1, "Nhiệm vụ").unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        assert_eq!(read_table(&bytes, "x.xlsx"), Err(ReadError::TooManyRows));
    }

    #[test]
    fn far_apart_cells_declare_too_large_a_sheet_and_without_the_declaration_read_streamed() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (col, title) in HEADER.iter().enumerate() {
            ws.write_string(0, col as u16, *title).unwrap();
        }
        ws.write_string(1, 1, "Việc A").unwrap();
        ws.write_string(1_048_575, 16_383, "xa").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        // The sheet declares A1:XFD1048576: refused before anything is read.
        assert_eq!(read_table(&bytes, "x.xlsx"), Err(ReadError::SheetTooLarge));
        // Without the declaration the two cells are read one by one, no grid allocated.
        let bytes = rewrite_entry(&bytes, "xl/worksheets/sheet1.xml", |xml| {
            let start = xml.find("<dimension").unwrap();
            let end = start + xml[start..].find("/>").unwrap() + 2;
            format!("{}{}", &xml[..start], &xml[end..])
        });
        let rows = read_table(&bytes, "x.xlsx").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].content, "Việc A");
    }

    /// A copy of an XLSX with one XML entry changed.
    fn rewrite_entry(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let entry_name = entry.name().unwrap().into_owned();
            let mut data = String::new();
            entry.read_to_string(&mut data).unwrap();
            if entry_name == name {
                data = change(&data);
            }
            out.start_file(entry_name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(data.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn cell_values_as_text() {
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1.2), "1.2");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(0.8), "0.8");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(cell_text(Data::Int(7)), "7");
        assert_eq!(cell_text(Data::Bool(false)), "FALSE");
        assert_eq!(
            cell_text(Data::Error(calamine::CellErrorType::Div0)),
            "#DIV/0!"
        );
        assert_eq!(
            cell_text(Data::DateTimeIso("2025-06-30T00:00:00".into())),
            "30/06/2025"
        );
        assert_eq!(cell_text(Data::DateTimeIso("10:30".into())), "10:30");
        let date = ExcelDateTime::new(45838.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(date), "30/06/2025");
    }

    #[test]
    fn numbering_rows() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert!(is_numbering_row(&row(&["(1)", "(2)", "", "(4)"])));
        assert!(is_numbering_row(&row(&["1", "2", "3", "4", "5", "6"])));
        assert!(!is_numbering_row(&row(&["1", "Việc A"])));
        assert!(!is_numbering_row(&row(&["1"])));
        assert!(!is_numbering_row(&row(&["2", "1"])));
    }

    #[test]
    fn errors_display() {
        assert_eq!(
            ReadError::MissingColumns(vec![COL_LEAD, COL_TIME]).to_string(),
            "missing columns: Cơ quan chủ trì, Thời gian hoàn thành"
        );
        assert_eq!(ReadError::Empty.message_key(), "import.err_empty");
        assert!(ReadError::Empty.missing_columns().is_empty());
    }
}
