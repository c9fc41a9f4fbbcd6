//! What an uploaded workbook must pass before the spreadsheet library sees it (server only).
//!
//! A workbook is a container (ZIP for XLSX, a compound file for XLS) whose headers declare
//! sizes and counts that a hostile file can set to anything. The spreadsheet library trusts
//! some of them: it reserves memory for the number of shared strings an XLSX declares, and
//! for the cells an XLS sheet's dimensions declare, and a failed allocation aborts the whole
//! process (no `catch_unwind` stops that). So the container is opened here with bounds on
//! what is *actually* unpacked, its XML and records are scanned for the declared counts,
//! and the library is handed a fresh container holding only what passed:
//!
//! - XLSX: at most [`MAX_ENTRIES`] entries; every entry is inflated with a cap
//!   ([`MAX_ENTRY_BYTES`] each, [`MAX_UNPACKED_BYTES`] in all) whatever its header says;
//!   XML may not nest deeper than [`MAX_XML_DEPTH`], may not carry a DOCTYPE (no entity
//!   expansion), and no `count` / `uniqueCount` may exceed [`MAX_DECLARED_COUNT`]; a sheet's
//!   `<dimension>` may not span more than [`MAX_DECLARED_CELLS`] cells.
//! - XLS: the compound file is read by the `cfb` crate (which refuses sector loops) and only
//!   its workbook stream (capped at [`MAX_UNPACKED_BYTES`]) is kept; its records are walked
//!   and a `DIMENSIONS` record over [`MAX_DECLARED_CELLS`] or a shared-string table over
//!   [`MAX_DECLARED_COUNT`] is refused.

use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;

use crate::services::imports::read::ReadError;

/// Most entries in an XLSX (a real workbook has a few dozen).
pub const MAX_ENTRIES: usize = 1_000;
/// Most bytes one XLSX entry may unpack to.
pub const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
/// Most bytes all entries together may unpack to (and the most an XLS workbook stream holds).
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest XML nesting accepted (a worksheet's cells sit about seven levels down).
pub const MAX_XML_DEPTH: usize = 64;
/// Largest `count` / `uniqueCount` (shared strings, styles ...) a workbook may declare.
pub const MAX_DECLARED_COUNT: u64 = 1_000_000;
/// Largest sheet a workbook may declare, in cells (rows × columns).
pub const MAX_DECLARED_CELLS: u64 = 5_000_000;

/// Checks an XLSX and returns a fresh, uncompressed copy holding exactly the entries that
/// were checked, for the spreadsheet library to read.
pub fn xlsx(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::NotASpreadsheet)?;
    if archive.len() > MAX_ENTRIES {
        return Err(ReadError::TooManyParts);
    }
    // The sizes the entries declare first: a cheap refusal of the obvious bombs.
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|_| ReadError::NotASpreadsheet)?;
        declared = declared.saturating_add(entry.size());
    }
    if declared > MAX_UNPACKED_BYTES {
        return Err(ReadError::UnpacksTooLarge);
    }

    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let mut total: u64 = 0;
    let mut data = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|_| ReadError::NotASpreadsheet)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|_| ReadError::NotASpreadsheet)?
            .into_owned();
        data.clear();
        // What is really inflated, whatever the header said: one byte over the cap is enough
        // to know.
        (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| ReadError::NotASpreadsheet)?;
        let len = data.len() as u64;
        if len > MAX_ENTRY_BYTES {
            return Err(ReadError::UnpacksTooLarge);
        }
        total += len;
        if total > MAX_UNPACKED_BYTES {
            return Err(ReadError::UnpacksTooLarge);
        }
        if is_xml(&name) {
            check_xml(&data)?;
        }
        out.start_file(name, stored)
            .map_err(|_| ReadError::NotASpreadsheet)?;
        out.write_all(&data)
            .map_err(|_| ReadError::NotASpreadsheet)?;
    }
    let cursor = out.finish().map_err(|_| ReadError::NotASpreadsheet)?;
    Ok(cursor.into_inner())
}

fn is_xml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")
}

/// Walks one XML entry: nesting depth, DOCTYPE, declared counts and sheet dimensions.
fn check_xml(data: &[u8]) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(data);
    // Mismatched end tags are the library's business (it refuses them); here only depth.
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ReadError::NotASpreadsheet)?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(ReadError::TooComplex);
                }
                check_element(&e)?;
            }
            Event::Empty(e) => check_element(&e)?,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::DocType(_) => return Err(ReadError::TooComplex),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn check_element(e: &quick_xml::events::BytesStart<'_>) -> Result<(), ReadError> {
    let is_dimension = e.local_name().as_ref() == "dimension";
    for attr in e.attributes() {
        let attr = attr.map_err(|_| ReadError::NotASpreadsheet)?;
        let key = attr.key.local_name();
        let value = attr.value.as_ref().as_bytes();
        match key.as_ref() {
            "count" | "uniqueCount"
                if declared_number(value).is_none_or(|n| n > MAX_DECLARED_COUNT) =>
            {
                return Err(ReadError::TooComplex);
            }
            "ref" if is_dimension => {
                let cells = range_cells(value).ok_or(ReadError::NotASpreadsheet)?;
                if cells > MAX_DECLARED_CELLS {
                    return Err(ReadError::SheetTooLarge);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A declared count: digits only (what the library parses); anything else counts as too large.
fn declared_number(value: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // More digits than a u64 holds is "too large" too.
    text.parse::<u64>().ok().or(Some(u64::MAX))
}

/// The number of cells of an A1-style range ("A1:F120", or one cell "A1").
fn range_cells(value: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(value).ok()?.trim();
    let (from, to) = text.split_once(':').unwrap_or((text, text));
    let (r1, c1) = cell_ref(from)?;
    let (r2, c2) = cell_ref(to)?;
    let rows = r1.abs_diff(r2) + 1;
    let cols = c1.abs_diff(c2) + 1;
    Some(rows.saturating_mul(cols))
}

/// "XFD1048576" → (1048576, 16384); `$` anchors allowed.
fn cell_ref(text: &str) -> Option<(u64, u64)> {
    let text = text.replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    Some((digits.parse().ok()?, col))
}

// ----------------------------------------------------------------------------------------
// XLS

/// The BIFF record types looked at.
const BIFF_DIMENSIONS: u16 = 0x0200;
const BIFF_SST: u16 = 0x00FC;
/// BIFF8 records hold at most 8,224 bytes of data.
const BIFF_MAX_RECORD: usize = 8224;

/// Checks an XLS and returns a fresh compound file holding only its checked workbook stream.
pub fn xls(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| ReadError::NotASpreadsheet)?;
    // BIFF8 names the stream "Workbook", BIFF5 "Book".
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
        .ok_or(ReadError::NotASpreadsheet)?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|_| ReadError::NotASpreadsheet)?
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut stream)
        .map_err(|_| ReadError::NotASpreadsheet)?;
    if stream.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(ReadError::UnpacksTooLarge);
    }
    check_biff(&stream)?;

    // Version 3 (512-byte sectors), as Excel writes it and the spreadsheet library expects.
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(|_| ReadError::NotASpreadsheet)?;
    let mut writer = out
        .create_stream(name)
        .map_err(|_| ReadError::NotASpreadsheet)?;
    writer
        .write_all(&stream)
        .map_err(|_| ReadError::NotASpreadsheet)?;
    drop(writer);
    out.flush().map_err(|_| ReadError::NotASpreadsheet)?;
    Ok(out.into_inner().into_inner())
}

/// Walks the records of a workbook stream: each is a type, a length and that many bytes.
fn check_biff(stream: &[u8]) -> Result<(), ReadError> {
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = stream
            .get(at + 4..at + 4 + len)
            .ok_or(ReadError::NotASpreadsheet)?;
        if len > BIFF_MAX_RECORD {
            return Err(ReadError::NotASpreadsheet);
        }
        match typ {
            BIFF_DIMENSIONS if biff_dimension_cells(data)? > MAX_DECLARED_CELLS => {
                return Err(ReadError::SheetTooLarge);
            }
            BIFF_SST if data.len() >= 8 => {
                let total = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                let unique = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
                if u64::from(total.max(unique)) > MAX_DECLARED_COUNT {
                    return Err(ReadError::TooComplex);
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// Cells declared by a DIMENSIONS record (first row, last row + 1, first column, last
/// column + 1; rows are 32-bit in BIFF8, 16-bit before).
fn biff_dimension_cells(data: &[u8]) -> Result<u64, ReadError> {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            data[i],
            data[i + 1],
            data[i + 2],
            data[i + 3],
        ]))
    };
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return Err(ReadError::NotASpreadsheet),
    };
    let rows = last_row.saturating_sub(first_row) + 1;
    let cols = last_col.saturating_sub(first_col) + 1;
    Ok(rows.saturating_mul(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real BIFF8 workbook (written by xlwt) holding a small plan table.
    const REAL_XLS: &[u8] = include_bytes!("../../../../tests/fixtures/ke-hoach-mau.xls");

    #[test]
    fn a_real_xls_passes_the_check_and_reads_the_same_after_it() {
        let checked = xls(REAL_XLS).expect("a real workbook passes");
        let rows =
            crate::services::imports::read::read_table(REAL_XLS, "ke-hoach.xls").expect("rows");
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[1].content,
            "Rà soát văn bản quy phạm pháp luật về đất đai"
        );
        assert_eq!(rows[1].time, "Quý II/2026");
        // The repacked file is itself a valid workbook with the same table.
        let again = crate::services::imports::read::read_table(&checked, "x.xls").expect("rows");
        assert_eq!(again, rows);
    }

    #[test]
    fn ranges_count_their_cells() {
        assert_eq!(range_cells(b"A1:F120"), Some(720));
        assert_eq!(range_cells(b"A1"), Some(1));
        assert_eq!(range_cells(b"$A$1:$B$2"), Some(4));
        assert_eq!(range_cells(b"A1:XFD1048576"), Some(16_384 * 1_048_576));
        assert_eq!(range_cells(b"1A:B2"), None);
        assert_eq!(range_cells(b"AAAA1"), None);
    }

    #[test]
    fn declared_counts_over_the_bound_or_not_numbers_are_too_large() {
        assert_eq!(declared_number(b"12"), Some(12));
        assert_eq!(declared_number(b"100000000000000000000000"), Some(u64::MAX));
        assert_eq!(declared_number(b"-1"), None);
        assert_eq!(declared_number(b""), None);
    }

    #[test]
    fn xml_nesting_and_doctype_are_bounded() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_XML_DEPTH + 1),
            "</a>".repeat(MAX_XML_DEPTH + 1)
        );
        assert_eq!(check_xml(deep.as_bytes()), Err(ReadError::TooComplex));
        let ok = format!(
            "{}{}",
            "<a>".repeat(MAX_XML_DEPTH),
            "</a>".repeat(MAX_XML_DEPTH)
        );
        assert_eq!(check_xml(ok.as_bytes()), Ok(()));
        let doctype = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#;
        assert_eq!(check_xml(doctype.as_bytes()), Err(ReadError::TooComplex));
        let sst = r#"<sst xmlns="x" count="1" uniqueCount="100000000000000"></sst>"#;
        assert_eq!(check_xml(sst.as_bytes()), Err(ReadError::TooComplex));
        let dim = r#"<worksheet><dimension ref="A1:XFD1048576"/></worksheet>"#;
        assert_eq!(check_xml(dim.as_bytes()), Err(ReadError::SheetTooLarge));
    }

    #[test]
    fn biff_records_are_walked_and_huge_dimensions_refused() {
        let mut stream = Vec::new();
        let record = |typ: u16, data: &[u8]| {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let mut dims = Vec::new();
        dims.extend(0u32.to_le_bytes());
        dims.extend(1_048_576u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(256u16.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        stream.extend(record(BIFF_DIMENSIONS, &dims));
        assert_eq!(check_biff(&stream), Err(ReadError::SheetTooLarge));
        let truncated = record(0x0203, &[0; 20]);
        assert_eq!(
            check_biff(&truncated[..10]),
            Err(ReadError::NotASpreadsheet)
        );
    }
}
