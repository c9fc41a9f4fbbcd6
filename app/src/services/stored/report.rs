//! The stored figures of reports: a unit report's snapshot (frozen when submitted) and a
//! province report's compiled figures.
//!
//! Version 0 is the JSON written before versions existed; version 1 has the same fields inside
//! the envelope; version 2 adds each task's source document (`source`), which the earlier
//! versions read as empty: they were made when a report covered one plan; version 3 names the
//! source as a report prints it ("Kế hoạch số 45/KH-UBND", "Thông báo số 156/TB-UBND"), where
//! version 2 held the plan's number alone (read as "Kế hoạch số <number>": only plans were
//! sources then); version 4 adds each indicator's baseline and how its province figure is
//! formed (`baseline`, `aggregation`), which earlier versions read as unknown and as the
//! average they were. A later change of shape adds a version here and its conversion.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::report::BoardState;
use crate::domain::task::{Direction, FollowUpClass, TaskState};
use crate::domain::TaskId;
use crate::error::AppError;
use crate::model::plan::ClassCounts;
use crate::model::report::{
    FigureRow, LateUnit, ProvinceFigures, SnapIndicator, SnapTask, Snapshot,
};
use crate::services::stored::{as_shape, read, write};

/// The version written now.
const CURRENT: u32 = 4;

#[derive(Serialize, Deserialize)]
struct CountsV1 {
    on_time: u64,
    late: u64,
    in_progress: u64,
    overdue: u64,
    cancelled: u64,
}

#[derive(Serialize, Deserialize)]
struct TaskV1 {
    id: i32,
    item_no: String,
    title: String,
    area: String,
    /// Version 2: the source document; absent (empty) before.
    #[serde(default)]
    source: String,
    lead_unit: String,
    lead: bool,
    due_text: String,
    due_on: Option<NaiveDate>,
    progress: u8,
    state: TaskState,
    class: FollowUpClass,
    days_overdue: i64,
    latest_update: String,
}

#[derive(Serialize, Deserialize)]
struct IndicatorV1 {
    name: String,
    measure: String,
    target: f64,
    direction: Direction,
    actual: Option<f64>,
    attainment: Option<f64>,
    attained: Option<bool>,
    note: String,
    /// Version 4: the value at the start; absent (unknown) before.
    #[serde(default)]
    baseline: Option<f64>,
    /// Version 4: how the province figure is formed; absent (the average) before.
    #[serde(default)]
    aggregation: crate::domain::task::Aggregation,
}

#[derive(Serialize, Deserialize)]
struct SnapshotV1 {
    as_of: NaiveDate,
    counts: CountsV1,
    tasks: Vec<TaskV1>,
    indicators: Vec<IndicatorV1>,
}

#[derive(Serialize, Deserialize)]
struct FigureRowV1 {
    label: String,
    counts: CountsV1,
}

#[derive(Serialize, Deserialize)]
struct LateUnitV1 {
    unit_name: String,
    state: BoardState,
}

#[derive(Serialize, Deserialize)]
struct FiguresV1 {
    as_of: NaiveDate,
    totals: CountsV1,
    by_area: Vec<FigureRowV1>,
    by_unit: Vec<FigureRowV1>,
    indicators: Vec<IndicatorV1>,
    late_units: Vec<LateUnitV1>,
    units_expected: u64,
    units_accepted: u64,
    overdue: Vec<TaskV1>,
    tasks: Vec<TaskV1>,
}

impl From<&ClassCounts> for CountsV1 {
    fn from(c: &ClassCounts) -> Self {
        CountsV1 {
            on_time: c.on_time,
            late: c.late,
            in_progress: c.in_progress,
            overdue: c.overdue,
            cancelled: c.cancelled,
        }
    }
}

impl From<CountsV1> for ClassCounts {
    fn from(c: CountsV1) -> Self {
        ClassCounts {
            on_time: c.on_time,
            late: c.late,
            in_progress: c.in_progress,
            overdue: c.overdue,
            cancelled: c.cancelled,
        }
    }
}

impl From<&SnapTask> for TaskV1 {
    fn from(t: &SnapTask) -> Self {
        TaskV1 {
            id: t.id.0,
            item_no: t.item_no.clone(),
            title: t.title.clone(),
            area: t.area.clone(),
            source: t.source.clone(),
            lead_unit: t.lead_unit.clone(),
            lead: t.lead,
            due_text: t.due_text.clone(),
            due_on: t.due_on,
            progress: t.progress,
            state: t.state,
            class: t.class,
            days_overdue: t.days_overdue,
            latest_update: t.latest_update.clone(),
        }
    }
}

impl From<TaskV1> for SnapTask {
    fn from(t: TaskV1) -> Self {
        SnapTask {
            id: TaskId(t.id),
            item_no: t.item_no,
            title: t.title,
            area: t.area,
            source: t.source,
            lead_unit: t.lead_unit,
            lead: t.lead,
            due_text: t.due_text,
            due_on: t.due_on,
            progress: t.progress,
            state: t.state,
            class: t.class,
            days_overdue: t.days_overdue,
            latest_update: t.latest_update,
        }
    }
}

impl From<&SnapIndicator> for IndicatorV1 {
    fn from(i: &SnapIndicator) -> Self {
        IndicatorV1 {
            name: i.name.clone(),
            measure: i.measure.clone(),
            target: i.target,
            direction: i.direction,
            actual: i.actual,
            attainment: i.attainment,
            attained: i.attained,
            note: i.note.clone(),
            baseline: i.baseline,
            aggregation: i.aggregation,
        }
    }
}

impl From<IndicatorV1> for SnapIndicator {
    fn from(i: IndicatorV1) -> Self {
        SnapIndicator {
            name: i.name,
            measure: i.measure,
            target: i.target,
            direction: i.direction,
            actual: i.actual,
            attainment: i.attainment,
            attained: i.attained,
            note: i.note,
            baseline: i.baseline,
            aggregation: i.aggregation,
        }
    }
}

fn rows_in(rows: &[FigureRow]) -> Vec<FigureRowV1> {
    rows.iter()
        .map(|r| FigureRowV1 {
            label: r.label.clone(),
            counts: (&r.counts).into(),
        })
        .collect()
}

fn rows_out(rows: Vec<FigureRowV1>) -> Vec<FigureRow> {
    rows.into_iter()
        .map(|r| FigureRow {
            label: r.label,
            counts: r.counts.into(),
        })
        .collect()
}

fn all_in<'a, S: 'a, T: From<&'a S>>(items: &'a [S]) -> Vec<T> {
    items.iter().map(T::from).collect()
}

fn all_out<S, T: From<S>>(items: Vec<S>) -> Vec<T> {
    items.into_iter().map(T::from).collect()
}

/// Stored tasks of version `v` as shown: a version 2 source (a plan's number) becomes the
/// plan's label.
fn tasks_out(v: u32, tasks: Vec<TaskV1>) -> Vec<SnapTask> {
    all_out::<TaskV1, SnapTask>(tasks)
        .into_iter()
        .map(|mut t| {
            if v == 2 && !t.source.is_empty() {
                t.source = crate::domain::task::PlanKind::Annual.document_label(&t.source);
            }
            t
        })
        .collect()
}

/// The stored form of a unit report's snapshot.
pub fn write_snapshot(s: &Snapshot) -> Result<String, AppError> {
    let stored = SnapshotV1 {
        as_of: s.as_of,
        counts: (&s.counts).into(),
        tasks: all_in(&s.tasks),
        indicators: all_in(&s.indicators),
    };
    write(CURRENT, &stored)
}

/// A unit report's stored snapshot (`report_id` names it in the log when it cannot be read).
pub fn read_snapshot(json: &str, report_id: i32) -> Result<Snapshot, AppError> {
    read(json, "snapshot", report_id, |v, data| match v {
        0..=4 => as_shape::<SnapshotV1>(data).map(|s| Snapshot {
            as_of: s.as_of,
            counts: s.counts.into(),
            tasks: tasks_out(v, s.tasks),
            indicators: all_out(s.indicators),
        }),
        other => Err(format!("unknown snapshot version {other}")),
    })
}

/// The stored form of a province report's figures.
pub fn write_figures(f: &ProvinceFigures) -> Result<String, AppError> {
    let stored = FiguresV1 {
        as_of: f.as_of,
        totals: (&f.totals).into(),
        by_area: rows_in(&f.by_area),
        by_unit: rows_in(&f.by_unit),
        indicators: all_in(&f.indicators),
        late_units: f
            .late_units
            .iter()
            .map(|l| LateUnitV1 {
                unit_name: l.unit_name.clone(),
                state: l.state,
            })
            .collect(),
        units_expected: f.units_expected,
        units_accepted: f.units_accepted,
        overdue: all_in(&f.overdue),
        tasks: all_in(&f.tasks),
    };
    write(CURRENT, &stored)
}

/// A province report's stored figures (`report_id` names it in the log when unreadable).
pub fn read_figures(json: &str, report_id: i32) -> Result<ProvinceFigures, AppError> {
    read(json, "figures", report_id, |v, data| match v {
        0..=4 => as_shape::<FiguresV1>(data).map(|f| ProvinceFigures {
            as_of: f.as_of,
            totals: f.totals.into(),
            by_area: rows_out(f.by_area),
            by_unit: rows_out(f.by_unit),
            indicators: all_out(f.indicators),
            late_units: f
                .late_units
                .into_iter()
                .map(|l| LateUnit {
                    unit_name: l.unit_name,
                    state: l.state,
                })
                .collect(),
            units_expected: f.units_expected,
            units_accepted: f.units_accepted,
            overdue: tasks_out(v, f.overdue),
            tasks: tasks_out(v, f.tasks),
        }),
        other => Err(format!("unknown figures version {other}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn task() -> SnapTask {
        SnapTask {
            id: TaskId(12),
            item_no: "3".into(),
            title: "Rà soát, đơn giản hoá thủ tục hành chính".into(),
            area: "Cải cách thủ tục hành chính".into(),
            source: String::new(),
            lead_unit: "Sở Tư pháp".into(),
            lead: true,
            due_text: "Quý III/2026".into(),
            due_on: Some(d(2026, 9, 30)),
            progress: 60,
            state: TaskState::InProgress,
            class: FollowUpClass::Overdue,
            days_overdue: 5,
            latest_update: "Đã rà soát 12/20 thủ tục.".into(),
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            as_of: d(2026, 10, 5),
            counts: ClassCounts {
                on_time: 3,
                late: 1,
                in_progress: 4,
                overdue: 1,
                cancelled: 0,
            },
            tasks: vec![task()],
            indicators: vec![SnapIndicator {
                name: "Tỷ lệ hồ sơ giải quyết đúng hạn".into(),
                measure: "%".into(),
                target: 98.0,
                direction: Direction::AtLeast,
                actual: Some(97.5),
                attainment: Some(99.5),
                attained: Some(false),
                note: String::new(),
                baseline: None,
                aggregation: crate::domain::task::Aggregation::Average,
            }],
        }
    }

    #[test]
    fn a_snapshot_reads_back_as_it_was_written() {
        let mut s = snapshot();
        s.tasks[0].source = "Thông báo số 156/TB-UBND".into();
        let json = write_snapshot(&s).expect("write");
        assert!(json.starts_with(r#"{"v":4,"#), "{json}");
        assert_eq!(read_snapshot(&json, 1).expect("read"), s);
    }

    /// Version 2: the source was a plan's number alone; it reads as the plan's label.
    #[test]
    fn a_version_two_snapshot_names_its_plan() {
        let mut s = snapshot();
        s.tasks[0].source = "25/KH-UBND".into();
        let json = write_snapshot(&s)
            .expect("write")
            .replacen(r#"{"v":4,"#, r#"{"v":2,"#, 1);
        let read = read_snapshot(&json, 1).expect("read");
        assert_eq!(read.tasks[0].source, "Kế hoạch số 25/KH-UBND");
        s.tasks[0].source.clear();
        let json = write_snapshot(&s)
            .expect("write")
            .replacen(r#"{"v":4,"#, r#"{"v":2,"#, 1);
        let read = read_snapshot(&json, 1).expect("read");
        assert_eq!(read.tasks[0].source, "", "an empty source stays empty");
    }

    /// Version 1: a report of one plan, whose tasks name no source.
    #[test]
    fn a_version_one_snapshot_reads_with_no_source() {
        let mut json = write_snapshot(&snapshot()).expect("write");
        json = json
            .replacen(r#"{"v":4,"#, r#"{"v":1,"#, 1)
            .replace(r#""source":"","#, "")
            .replace(r#","baseline":null,"aggregation":"average""#, "");
        assert!(json.starts_with(r#"{"v":1,"#), "{json}");
        assert!(
            !json.contains("source") && !json.contains("baseline"),
            "{json}"
        );
        assert_eq!(read_snapshot(&json, 1).expect("read v1"), snapshot());
    }

    /// Version 0: the JSON that was stored before versions, as `serde_json` wrote the shown
    /// shape. Written out by hand so a change of the shown shape cannot silently change it.
    #[test]
    fn a_snapshot_stored_before_versions_reads_as_version_zero() {
        let v0 = r#"{"as_of":"2026-10-05","counts":{"on_time":3,"late":1,"in_progress":4,"overdue":1,"cancelled":0},
            "tasks":[{"id":12,"item_no":"3","title":"Rà soát, đơn giản hoá thủ tục hành chính","area":"Cải cách thủ tục hành chính",
            "lead_unit":"Sở Tư pháp","lead":true,"due_text":"Quý III/2026","due_on":"2026-09-30","progress":60,"state":"in_progress",
            "class":"overdue","days_overdue":5,"latest_update":"Đã rà soát 12/20 thủ tục."}],
            "indicators":[{"name":"Tỷ lệ hồ sơ giải quyết đúng hạn","measure":"%","target":98.0,"direction":"at_least",
            "actual":97.5,"attainment":99.5,"attained":false,"note":""}]}"#;
        assert_eq!(read_snapshot(v0, 1).expect("read v0"), snapshot());
    }

    #[test]
    fn a_damaged_snapshot_is_refused() {
        for bad in [
            "",
            "{",
            r#"{"v":1,"data":{"as_of":"2026-10-05"}}"#,
            r#"{"v":2,"data":{}}"#,
            r#"{"v":5,"data":{"as_of":"2026-10-05","counts":{"on_time":0,"late":0,"in_progress":0,"overdue":0,"cancelled":0},"tasks":[],"indicators":[]}}"#,
        ] {
            assert_eq!(
                read_snapshot(bad, 1),
                Err(AppError::conflict("snapshot", "err.stored_unreadable")),
                "{bad}"
            );
        }
    }

    #[test]
    fn province_figures_read_back_as_they_were_written() {
        let f = ProvinceFigures {
            as_of: d(2026, 10, 5),
            totals: snapshot().counts,
            by_area: vec![FigureRow {
                label: "Cải cách thể chế".into(),
                counts: snapshot().counts,
            }],
            by_unit: Vec::new(),
            indicators: snapshot().indicators,
            late_units: vec![LateUnit {
                unit_name: "UBND xã Tân Phú".into(),
                state: BoardState::Draft,
            }],
            units_expected: 12,
            units_accepted: 9,
            overdue: vec![task()],
            tasks: vec![task()],
        };
        let json = write_figures(&f).expect("write");
        assert_eq!(read_figures(&json, 1).expect("read"), f);
    }
}
