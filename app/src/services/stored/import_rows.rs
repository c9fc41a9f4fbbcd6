//! The stored rows of a staged import (checked once when the file is read, shown in the preview,
//! turned into tasks on confirmation).
//!
//! Version 0 is the JSON written before versions existed; version 1 has the same fields inside
//! the envelope.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::task::DeadlineKind;
use crate::domain::{AreaId, UnitId};
use crate::error::AppError;
use crate::model::plan::{ImportRowView, RowProblem, UnitOption};
use crate::services::stored::{as_shape, read, write};

/// The version written now.
const CURRENT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct UnitV1 {
    id: i32,
    name: String,
    department: bool,
}

#[derive(Serialize, Deserialize)]
struct ProblemV1 {
    key: String,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct RowV1 {
    line: usize,
    heading: bool,
    stt: String,
    title: String,
    area_id: Option<i32>,
    lead_units: Vec<UnitV1>,
    co_units: Vec<UnitV1>,
    due_text: String,
    deadline_kind: Option<DeadlineKind>,
    due_on: Option<NaiveDate>,
    expected_output: String,
    problems: Vec<ProblemV1>,
}

fn units_in(units: &[UnitOption]) -> Vec<UnitV1> {
    units
        .iter()
        .map(|u| UnitV1 {
            id: u.id.0,
            name: u.name.clone(),
            department: u.department,
        })
        .collect()
}

fn units_out(units: Vec<UnitV1>) -> Vec<UnitOption> {
    units
        .into_iter()
        .map(|u| UnitOption {
            id: UnitId(u.id),
            name: u.name,
            department: u.department,
        })
        .collect()
}

/// The stored form of an import's rows.
pub fn write_rows(rows: &[ImportRowView]) -> Result<String, AppError> {
    let stored: Vec<RowV1> = rows
        .iter()
        .map(|r| RowV1 {
            line: r.line,
            heading: r.heading,
            stt: r.stt.clone(),
            title: r.title.clone(),
            area_id: r.area_id.map(|a| a.0),
            lead_units: units_in(&r.lead_units),
            co_units: units_in(&r.co_units),
            due_text: r.due_text.clone(),
            deadline_kind: r.deadline_kind,
            due_on: r.due_on,
            expected_output: r.expected_output.clone(),
            problems: r
                .problems
                .iter()
                .map(|p| ProblemV1 {
                    key: p.key.clone(),
                    text: p.text.clone(),
                })
                .collect(),
        })
        .collect();
    write(CURRENT, &stored)
}

/// A staged import's stored rows (`import_id` names it in the log when unreadable).
pub fn read_rows(json: &str, import_id: i32) -> Result<Vec<ImportRowView>, AppError> {
    read(json, "import", import_id, |v, data| match v {
        0 | 1 => as_shape::<Vec<RowV1>>(data).map(|rows| {
            rows.into_iter()
                .map(|r| ImportRowView {
                    line: r.line,
                    heading: r.heading,
                    stt: r.stt,
                    title: r.title,
                    area_id: r.area_id.map(AreaId),
                    lead_units: units_out(r.lead_units),
                    co_units: units_out(r.co_units),
                    due_text: r.due_text,
                    deadline_kind: r.deadline_kind,
                    due_on: r.due_on,
                    expected_output: r.expected_output,
                    problems: r
                        .problems
                        .into_iter()
                        .map(|p| RowProblem {
                            key: p.key,
                            text: p.text,
                        })
                        .collect(),
                })
                .collect()
        }),
        other => Err(format!("unknown import rows version {other}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ImportRowView {
        ImportRowView {
            line: 7,
            heading: false,
            stt: "2.1".into(),
            title: "Công bố, công khai thủ tục hành chính".into(),
            area_id: Some(AreaId(2)),
            lead_units: vec![UnitOption {
                id: UnitId(5),
                name: "Sở Tư pháp".into(),
                department: true,
            }],
            co_units: Vec::new(),
            due_text: "Quý II/2026".into(),
            deadline_kind: Some(DeadlineKind::Quarter),
            due_on: NaiveDate::from_ymd_opt(2026, 6, 30),
            expected_output: "Quyết định công bố".into(),
            problems: vec![RowProblem {
                key: "import.err_no_area".into(),
                text: "Sở KH".into(),
            }],
        }
    }

    #[test]
    fn rows_read_back_as_they_were_written() {
        let json = write_rows(&[row()]).expect("write");
        assert_eq!(read_rows(&json, 1).expect("read"), vec![row()]);
    }

    #[test]
    fn rows_stored_before_versions_read_as_version_zero() {
        let v0 = r#"[{"line":7,"heading":false,"stt":"2.1","title":"Công bố, công khai thủ tục hành chính","area_id":2,
            "lead_units":[{"id":5,"name":"Sở Tư pháp","department":true}],"co_units":[],"due_text":"Quý II/2026",
            "deadline_kind":"quarter","due_on":"2026-06-30","expected_output":"Quyết định công bố",
            "problems":[{"key":"import.err_no_area","text":"Sở KH"}]}]"#;
        assert_eq!(read_rows(v0, 1).expect("read v0"), vec![row()]);
    }
}
