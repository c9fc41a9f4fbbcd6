//! Plans, tasks, progress, indicators and imports as the UI sees them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::extension::ExtensionStatus;
use crate::domain::progress::{ImportStatus, UpdateKind};
use crate::domain::task::{
    DeadlineKind, Direction, FollowUpClass, PeriodKind, PlanKind, PlanStatus, TaskState,
};
use crate::domain::{AreaId, FileId, ImportId, IndicatorId, PlanId, TaskId, UnitId};
use crate::i18n::Lang;

/// A reform area (lĩnh vực cải cách).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaView {
    /// Id.
    pub id: AreaId,
    /// Stable code.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
}

impl AreaView {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }
}

/// Number of tasks in each follow-up class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    /// Completed on time.
    pub on_time: u64,
    /// Completed late.
    pub late: u64,
    /// In progress within the deadline.
    pub in_progress: u64,
    /// Overdue, not completed.
    pub overdue: u64,
    /// Cancelled (not counted in the total).
    pub cancelled: u64,
}

impl ClassCounts {
    /// The count of one class.
    pub fn get(&self, class: FollowUpClass) -> u64 {
        match class {
            FollowUpClass::CompletedOnTime => self.on_time,
            FollowUpClass::CompletedLate => self.late,
            FollowUpClass::InProgress => self.in_progress,
            FollowUpClass::Overdue => self.overdue,
            FollowUpClass::Cancelled => self.cancelled,
        }
    }

    /// Adds `n` tasks of `class`.
    pub fn add(&mut self, class: FollowUpClass, n: u64) {
        match class {
            FollowUpClass::CompletedOnTime => self.on_time += n,
            FollowUpClass::CompletedLate => self.late += n,
            FollowUpClass::InProgress => self.in_progress += n,
            FollowUpClass::Overdue => self.overdue += n,
            FollowUpClass::Cancelled => self.cancelled += n,
        }
    }

    /// Tasks that count (all but cancelled).
    pub fn total(&self) -> u64 {
        self.on_time + self.late + self.in_progress + self.overdue
    }

    /// Share of completed tasks, in percent (None without tasks).
    pub fn completion_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (self.on_time + self.late) as f64 * 100.0 / total as f64)
    }

    /// Share of the tasks whose deadline has come (completed, or overdue) that were completed
    /// on time, in percent (None while no task is due or done).
    pub fn on_time_rate(&self) -> Option<f64> {
        let due = self.on_time + self.late + self.overdue;
        (due > 0).then(|| self.on_time as f64 * 100.0 / due as f64)
    }
}

/// A plan in lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Id.
    pub id: PlanId,
    /// Document number, e.g. "235/QĐ-UBND".
    pub number: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PlanKind,
    /// Status.
    pub status: PlanStatus,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// First year covered.
    pub year_from: i32,
    /// Last year covered.
    pub year_to: i32,
    /// Tasks by class as of today.
    pub counts: ClassCounts,
}

/// A stored file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    /// Id (download at `/files/{id}`).
    pub id: FileId,
    /// Original name.
    pub file_name: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// MIME type.
    pub content_type: String,
}

/// A plan's details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// Id.
    pub id: PlanId,
    /// Document number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PlanKind,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Issuing body.
    pub issuing_body: String,
    /// First year covered.
    pub year_from: i32,
    /// Last year covered.
    pub year_to: i32,
    /// Parent plan (an annual plan under a programme).
    pub parent_id: Option<PlanId>,
    /// Parent plan's number.
    pub parent_number: Option<String>,
    /// Status.
    pub status: PlanStatus,
    /// The source document.
    pub source_file: Option<FileView>,
    /// Who signed it (a directive's signer; may be empty for a plan).
    pub signer: String,
    /// What it says, in short (a directive's summary; may be empty).
    pub summary: String,
}

/// The plan form (all text, parsed on the server).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// Document number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Kind (stable string).
    pub kind: String,
    /// Issue date.
    pub issued_on: String,
    /// Issuing body.
    pub issuing_body: String,
    /// First year.
    pub year_from: String,
    /// Last year.
    pub year_to: String,
    /// Parent plan id or "".
    pub parent_id: String,
    /// Status (stable string).
    pub status: String,
    /// Signer (required for a directive or a conclusion notice).
    pub signer: String,
    /// Summary of the document.
    pub summary: String,
}

/// The task form (all text, parsed on the server).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    /// Reform area id.
    pub area_id: String,
    /// Heading as printed (e.g. "II").
    pub heading: String,
    /// Item number as printed (e.g. "3" or "2.1").
    pub item_no: String,
    /// Task text.
    pub title: String,
    /// Lead unit id; or "all_departments" / "all_communes" to create one task per unit.
    pub lead_unit_id: String,
    /// Co-operating unit ids.
    pub co_unit_ids: Vec<String>,
    /// Deadline kind (stable string).
    pub deadline_kind: String,
    /// Due date (yyyy-mm-dd) for date deadlines.
    pub due_on: String,
    /// Month (1-12) or quarter (1-4) for month and quarter deadlines.
    pub due_part: String,
    /// Year for month and quarter deadlines.
    pub due_year: String,
    /// Expected output.
    pub expected_output: String,
}

/// A task in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    /// Id.
    pub id: TaskId,
    /// Its plan.
    pub plan_id: PlanId,
    /// Its plan's number.
    pub plan_number: String,
    /// Reform area id.
    pub area_id: AreaId,
    /// Item number as printed.
    pub item_no: String,
    /// Task text.
    pub title: String,
    /// Lead unit.
    pub lead_unit_id: UnitId,
    /// Lead unit's short name.
    pub lead_unit: String,
    /// Co-operating units' short names.
    pub co_units: Vec<String>,
    /// Deadline as printed ("Quý II/2025").
    pub due_text: String,
    /// Due date after extensions.
    pub due_on: Option<NaiveDate>,
    /// Whether the deadline was extended.
    pub extended: bool,
    /// Progress, 0-100.
    pub progress: u8,
    /// State.
    pub state: TaskState,
    /// Follow-up class as of the page's date.
    pub class: FollowUpClass,
    /// Days overdue when overdue.
    pub days_overdue: Option<i64>,
}

/// Filters of a task list (query-string values).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFilter {
    /// Unit id (lead or co-operating), or "".
    pub unit: String,
    /// Area id, or "".
    pub area: String,
    /// Follow-up class (stable string), or "".
    pub class: String,
    /// Text search in the task's text and item number.
    pub q: String,
    /// Task source: "" (all), a [`crate::domain::task::SourceClass`] ("plans",
    /// "directives") or one source document's id.
    pub source: String,
    /// Page number from 1.
    pub page: u32,
}

/// A group of tasks under one reform area on a plan page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaGroup {
    /// The area.
    pub area: AreaView,
    /// All the plan's tasks of the area that match the filters, by class.
    pub counts: ClassCounts,
    /// Average progress of those tasks.
    pub avg_progress: f64,
    /// The tasks of this page in the area.
    pub tasks: Vec<TaskRow>,
}

/// A unit for selection lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitOption {
    /// Id.
    pub id: UnitId,
    /// Name.
    pub name: String,
    /// Whether it is a department or agency (vs. a local unit).
    pub department: bool,
}

/// Everything the plan page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPageData {
    /// The plan.
    pub plan: PlanView,
    /// The date classes are computed for (today).
    pub as_of: NaiveDate,
    /// All tasks of the plan by class (no filter).
    pub counts: ClassCounts,
    /// Tasks matching the filters.
    pub matching: u64,
    /// Page number from 1.
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// Areas with their tasks on this page.
    pub groups: Vec<AreaGroup>,
    /// Indicators with their latest actual values.
    pub indicators: Vec<IndicatorRow>,
    /// Every area (filter).
    pub areas: Vec<AreaView>,
    /// Units having tasks in the plan (filter).
    pub units: Vec<UnitOption>,
    /// Whether the user may edit the plan.
    pub can_manage: bool,
}

/// "My tasks": a unit's tasks by urgency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyTasksData {
    /// The unit.
    pub unit_name: String,
    /// The date classes are computed for (today).
    pub as_of: NaiveDate,
    /// The unit's tasks by class.
    pub counts: ClassCounts,
    /// Tasks matching the filter.
    pub matching: u64,
    /// Page number from 1.
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// The tasks of this page, most urgent first.
    pub tasks: Vec<TaskRow>,
    /// The source documents the unit has tasks from, to filter by: id and "number – kind".
    pub sources: Vec<(PlanId, String)>,
}

/// A deadline extension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExtensionView {
    /// Due date before.
    pub previous_due_on: Option<NaiveDate>,
    /// New due date.
    pub new_due_on: NaiveDate,
    /// The approving document.
    pub document: String,
    /// Note.
    pub note: String,
    /// When granted.
    pub created_at: DateTime<Utc>,
}

/// A unit's request to extend a task's deadline, and the PAR office's decision on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExtensionRequestView {
    /// Id (the decision forms post it).
    pub id: i32,
    /// The unit that asked.
    pub unit_name: String,
    /// Who asked (empty if the account is gone).
    pub requested_by: String,
    /// Why.
    pub reason: String,
    /// The date the unit proposed.
    pub proposed_due_on: NaiveDate,
    /// The due date when it asked.
    pub previous_due_on: Option<NaiveDate>,
    /// The evidence file, if any.
    pub file: Option<FileView>,
    /// Where it stands.
    pub status: ExtensionStatus,
    /// Who decided (empty while pending).
    pub decided_by: String,
    /// When it was decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The approving document (approved only).
    pub decision_document: String,
    /// The office's note (approved) or reason (refused).
    pub decision_note: String,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

/// A progress update or contribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateView {
    /// Update or contribution.
    pub kind: UpdateKind,
    /// The writing unit.
    pub unit_name: String,
    /// The writer.
    pub user_name: String,
    /// Progress reported.
    pub progress: Option<u8>,
    /// State reported.
    pub state: Option<TaskState>,
    /// Completion date reported.
    pub completed_on: Option<NaiveDate>,
    /// Text.
    pub body: String,
    /// Evidence files.
    pub files: Vec<FileView>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A line of a task's audit trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// Action code.
    pub action: String,
}

/// The task page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskDetail {
    /// The row data (class as of today).
    pub row: TaskRow,
    /// Plan title.
    pub plan_title: String,
    /// Area.
    pub area: AreaView,
    /// Heading as printed.
    pub heading: String,
    /// Deadline kind.
    pub deadline_kind: DeadlineKind,
    /// Original due date.
    pub original_due_on: Option<NaiveDate>,
    /// Expected output.
    pub expected_output: String,
    /// Completion date.
    pub completed_on: Option<NaiveDate>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Co-operating units (id, name).
    pub co_units: Vec<UnitOption>,
    /// Extensions, oldest first.
    pub extensions: Vec<ExtensionView>,
    /// Updates and contributions, newest first.
    pub updates: Vec<UpdateView>,
    /// Audit trail, newest first.
    pub trail: Vec<TrailEntry>,
    /// The user may post a progress update (lead unit).
    pub can_update: bool,
    /// The user may post a contribution (co-operating unit).
    pub can_contribute: bool,
    /// The user may extend or cancel (PAR office).
    pub can_manage: bool,
    /// The units' extension requests, newest first (at most one pending).
    pub extension_requests: Vec<ExtensionRequestView>,
    /// The task may take an extension request now: open, with a date, none pending.
    pub extension_open: bool,
    /// The user may request an extension now (the lead unit's head, `extension_open`).
    pub can_request_extension: bool,
    /// The user decides extension requests (PAR office).
    pub can_decide_extension: bool,
    /// Leaders' directions on the task, with the lead unit's answers.
    pub directions: Vec<crate::model::direction::DirectionView>,
    /// The user gives directions (leaders).
    pub can_direct: bool,
    /// The date classes are computed for.
    pub as_of: NaiveDate,
}

/// An indicator with its latest values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    /// Id.
    pub id: IndicatorId,
    /// Area id.
    pub area_id: Option<AreaId>,
    /// Name.
    pub name: String,
    /// Unit of measure.
    pub measure: String,
    /// Target.
    pub target: f64,
    /// At least / at most.
    pub direction: Direction,
    /// The value at the start, when known.
    pub baseline: Option<f64>,
    /// How the province figure is formed from the units' values.
    pub aggregation: crate::domain::task::Aggregation,
    /// Responsible units (names).
    pub units: Vec<UnitOption>,
    /// The latest reported period (year, period).
    pub latest_period: Option<(i32, PeriodKind)>,
    /// Province-wide actual of the latest period, formed as the indicator says.
    pub latest_actual: Option<f64>,
    /// Attainment of the target in percent.
    pub attainment: Option<f64>,
    /// Values of the latest period per unit.
    pub values: Vec<IndicatorValueView>,
}

/// One unit's actual value of an indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValueView {
    /// Unit.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// Period.
    pub period: PeriodKind,
    /// Value.
    pub value: f64,
    /// The weight or the count the value is over, for the ways that need one.
    pub base: Option<f64>,
    /// Note.
    pub note: String,
}

/// The indicator form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorInput {
    /// Name.
    pub name: String,
    /// Unit of measure ("%", "thủ tục" ...).
    pub measure: String,
    /// Target value.
    pub target: String,
    /// Direction (stable string).
    pub direction: String,
    /// The value at the start, or "" when unknown.
    pub baseline: String,
    /// How the province figure is formed (stable string; "" for the average).
    pub aggregation: String,
    /// Area id or "".
    pub area_id: String,
    /// Responsible unit ids.
    pub unit_ids: Vec<String>,
}

/// A problem found in an imported row (translation key and the offending text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowProblem {
    /// Translation key.
    pub key: String,
    /// The offending text, if any.
    pub text: String,
}

/// An imported row as it will be saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRowView {
    /// Row number in the file.
    pub line: usize,
    /// Whether the row is a heading (area or section) rather than a task.
    pub heading: bool,
    /// STT as printed.
    pub stt: String,
    /// Task or heading text.
    pub title: String,
    /// The reform area the row falls under.
    pub area_id: Option<AreaId>,
    /// Lead units (several when the row is addressed to a group: one task each).
    pub lead_units: Vec<UnitOption>,
    /// Co-operating units.
    pub co_units: Vec<UnitOption>,
    /// Completion time as printed.
    pub due_text: String,
    /// Parsed deadline kind.
    pub deadline_kind: Option<DeadlineKind>,
    /// Parsed due date.
    pub due_on: Option<NaiveDate>,
    /// Expected output.
    pub expected_output: String,
    /// Problems; a row with problems blocks the import.
    pub problems: Vec<RowProblem>,
}

/// A staged import with its preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Id.
    pub id: ImportId,
    /// The plan.
    pub plan_id: PlanId,
    /// The plan's number.
    pub plan_number: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// Where it stands.
    pub status: ImportStatus,
    /// Rows.
    pub rows: Vec<ImportRowView>,
    /// Number of tasks that will be created.
    pub task_count: usize,
    /// Number of rows with problems.
    pub error_count: usize,
    /// Every area (for names).
    pub areas: Vec<AreaView>,
}
