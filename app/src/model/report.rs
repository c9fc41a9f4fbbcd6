//! What the reporting pages show: periods, the submission board, unit reports and their
//! snapshots, the province report and its figures, stored exports.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::plan::ClassCounts;
use crate::domain::report::{BoardState, PeriodDates, ReportEvent, ReportStatus};
use crate::domain::task::{Direction, FollowUpClass, PeriodKind, TaskState};
use crate::domain::{ExportId, PeriodId, TaskId, UnitId, UnitReportId};

/// A reporting period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodView {
    /// Id.
    pub id: PeriodId,
    /// The province period this one was merged into: a period of one plan from before periods
    /// belonged to the province, kept for its reports' history.
    pub merged_into: Option<PeriodId>,
    /// The plan's number, for such a merged period.
    pub plan_number: String,
    /// Year.
    pub year: i32,
    /// Quý I / 6 tháng / 9 tháng / Năm.
    pub kind: PeriodKind,
    /// Window, cut-off and due dates.
    pub dates: PeriodDates,
    /// Units may submit.
    pub is_open: bool,
}

/// A report waiting for review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The report.
    pub report_id: UnitReportId,
    /// Its period.
    pub period: PeriodView,
    /// Its unit.
    pub unit_id: UnitId,
    /// The unit's name.
    pub unit_name: String,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Submitted after the due date.
    pub late: bool,
    /// How many times it was submitted.
    pub submissions: i32,
}

/// The reporting page: periods, the review queue (PAR office) or the unit's own reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsPage {
    /// Every period, newest first, with the viewer's unit's state where the viewer has a unit.
    pub periods: Vec<(PeriodView, Option<BoardState>)>,
    /// The year the PAR office's form proposes to create periods for (this year, or the next
    /// once this year's exist).
    pub next_year: i32,
    /// Reports waiting for review (PAR office only).
    pub queue: Vec<QueueItem>,
    /// The viewer manages periods and reviews.
    pub can_manage: bool,
    /// The viewer's unit, for unit roles.
    pub my_unit: Option<UnitId>,
}

/// A unit on the submission board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    /// Unit.
    pub unit_id: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Where its report is.
    pub state: BoardState,
    /// The report, once started.
    pub report_id: Option<UnitReportId>,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// It was (last) submitted after the unit's due date (kept once accepted).
    #[serde(default)]
    pub late: bool,
    /// The unit's tasks in the plans in force (lead or co-operating).
    pub tasks: u64,
    /// Expected although the default leaves it out: the PAR office's reason.
    pub added_reason: Option<String>,
}

/// A unit the PAR office exempted from a period's reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExemptUnit {
    /// Unit.
    pub unit_id: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Why.
    pub reason: String,
}

/// A period with its submission board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodBoard {
    /// The period.
    pub period: PeriodView,
    /// One row per expected unit (and any other unit that reported).
    pub rows: Vec<BoardRow>,
    /// Units exempted from this period, with the reason.
    pub exempted: Vec<ExemptUnit>,
    /// Current units not expected now, which the PAR office may add.
    pub addable: Vec<(UnitId, String)>,
    /// Units per board state, in [`BoardState::ALL`] order.
    pub counts: Vec<(BoardState, u64)>,
    /// The province report has been compiled.
    pub province_compiled: bool,
    /// The viewer manages periods and reviews.
    pub can_manage: bool,
}

/// The narrative sections of a unit report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    /// Kết quả đạt được.
    pub results: String,
    /// Tồn tại, hạn chế và nguyên nhân.
    pub shortcomings: String,
    /// Nhiệm vụ kỳ tới.
    pub next_tasks: String,
    /// Đề xuất, kiến nghị.
    pub proposals: String,
}

/// A task as a report shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapTask {
    /// Id.
    pub id: TaskId,
    /// Item number as printed.
    pub item_no: String,
    /// Text.
    pub title: String,
    /// Reform area name.
    pub area: String,
    /// The document the task comes from ("Kế hoạch số 25/KH-UBND"); empty in reports
    /// submitted before reports covered every plan.
    pub source: String,
    /// Lead unit (short name).
    pub lead_unit: String,
    /// The report's unit leads it (else co-operates).
    pub lead: bool,
    /// Deadline as printed.
    pub due_text: String,
    /// Effective due date.
    pub due_on: Option<NaiveDate>,
    /// Progress 0-100.
    pub progress: u8,
    /// State.
    pub state: TaskState,
    /// Class as of the cut-off.
    pub class: FollowUpClass,
    /// Days overdue as of the cut-off.
    pub days_overdue: i64,
    /// The latest update's text (up to the cut-off).
    pub latest_update: String,
}

/// An indicator as a report shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapIndicator {
    /// Name.
    pub name: String,
    /// Unit of measure.
    pub measure: String,
    /// Target.
    pub target: f64,
    /// At least / at most.
    pub direction: Direction,
    /// The actual value of the period (the unit's, or the average over units province-wide).
    pub actual: Option<f64>,
    /// Attainment in percent.
    pub attainment: Option<f64>,
    /// Whether the target is met.
    pub attained: Option<bool>,
    /// The unit's note, or the number of units that reported.
    pub note: String,
    /// The value at the start, when known.
    pub baseline: Option<f64>,
    /// How the province figure is formed from the units' values.
    pub aggregation: crate::domain::task::Aggregation,
}

/// A unit's figures: live while drafting, frozen on submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The "as of" date (the period's cut-off).
    pub as_of: NaiveDate,
    /// Tasks per class.
    pub counts: ClassCounts,
    /// The tasks.
    pub tasks: Vec<SnapTask>,
    /// The indicators.
    pub indicators: Vec<SnapIndicator>,
}

/// One step in a report's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// What happened.
    pub action: ReportEvent,
    /// Who did it.
    pub user: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The return comment, if any.
    pub comment: String,
}

/// A stored export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportView {
    /// Id (download at `/reports/exports/{id}`).
    pub id: ExportId,
    /// "pdf" or "xlsx".
    pub format: String,
    /// Version number (per report and format).
    pub version: i32,
    /// File name.
    pub file_name: String,
    /// Size.
    pub size_bytes: i64,
    /// Pages (PDF).
    pub pages: i32,
    /// When.
    pub created_at: DateTime<Utc>,
    /// By whom.
    pub created_by: String,
}

/// A unit report page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitReportView {
    /// The period.
    pub period: PeriodView,
    /// The unit.
    pub unit_id: UnitId,
    /// The unit's name.
    pub unit_name: String,
    /// The report, once started.
    pub report_id: Option<UnitReportId>,
    /// Its status.
    pub status: Option<ReportStatus>,
    /// Its board state.
    pub state: BoardState,
    /// The narrative.
    pub sections: Sections,
    /// The figures (frozen once submitted).
    pub snapshot: Snapshot,
    /// The figures are the frozen snapshot.
    pub frozen: bool,
    /// The last return comment.
    pub review_comment: String,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// History.
    pub history: Vec<HistoryEntry>,
    /// Stored exports.
    pub exports: Vec<ExportView>,
    /// The unit's other reports for this period: those made for single plans before periods
    /// belonged to the province (history), or, on such a report, the period's current one.
    pub related: Vec<RelatedReport>,
    /// Leaders' directions on this report and to the unit, with the answers.
    pub directions: Vec<crate::model::direction::DirectionView>,
    /// The viewer gives directions (leaders).
    pub can_direct: bool,
    /// The people who may sign the unit's report, the default first (for the export form).
    pub signers: Vec<crate::model::SignerView>,
    /// The unit's symbol in document numbers ("STP"; "UBND" for a commune).
    pub doc_symbol: String,
    /// The viewer may edit the narrative.
    pub can_edit: bool,
    /// The viewer may submit.
    pub can_submit: bool,
    /// The viewer may accept or return.
    pub can_review: bool,
}

/// Another report of the same unit and period (see [`UnitReportView::related`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelatedReport {
    /// Its page: `/reports/periods/{period}/units/{unit}`.
    pub period_id: PeriodId,
    /// The plan it was made for; empty for the period's current report.
    pub plan_number: String,
    /// Its status.
    pub status: ReportStatus,
}

/// A row of a figures table: a label and its class counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    /// Area or unit name.
    pub label: String,
    /// Counts.
    pub counts: ClassCounts,
}

/// A unit late with its report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LateUnit {
    /// Name.
    pub unit_name: String,
    /// Where its report is.
    pub state: BoardState,
}

/// The compiled figures of a province report (as of the period's cut-off).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceFigures {
    /// The cut-off.
    pub as_of: NaiveDate,
    /// All tasks of the plan per class.
    pub totals: ClassCounts,
    /// Per reform area.
    pub by_area: Vec<FigureRow>,
    /// Per lead unit.
    pub by_unit: Vec<FigureRow>,
    /// Indicators, target vs actual (average of the units' values of the period).
    pub indicators: Vec<SnapIndicator>,
    /// Units that did not submit on time (not started, draft, late, returned).
    pub late_units: Vec<LateUnit>,
    /// Units expected to report.
    pub units_expected: u64,
    /// Accepted unit reports.
    pub units_accepted: u64,
    /// Overdue tasks, longest overdue first.
    pub overdue: Vec<SnapTask>,
    /// Every task (the annex).
    pub tasks: Vec<SnapTask>,
}

/// The editable parts of a province report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceInput {
    /// Document number, e.g. "125/BC-UBND".
    pub number: String,
    /// Place of the date line.
    pub place: String,
    /// Date of the report (yyyy-mm-dd).
    pub report_date: String,
    /// Summary line under "BÁO CÁO".
    pub summary: String,
    /// I. Direction and management ("chỉ đạo, điều hành").
    pub steering: String,
    /// II. Results per area.
    pub results: String,
    /// III. Assessment: strengths, shortcomings and causes.
    pub assessment: String,
    /// IV. Tasks for the next period.
    pub next_tasks: String,
    /// V. Proposals.
    pub proposals: String,
    /// "Nơi nhận", one per line.
    pub recipients: String,
    /// The signing block's title lines, one per line.
    pub signer_lines: String,
    /// The signer's name.
    pub signer_name: String,
}

/// The province report page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceReportView {
    /// The period.
    pub period: PeriodView,
    /// Compiled at least once.
    pub compiled: bool,
    /// When it was last compiled.
    pub compiled_at: Option<DateTime<Utc>>,
    /// The editable text.
    pub input: ProvinceInput,
    /// The compiled figures.
    pub figures: Option<ProvinceFigures>,
    /// Accepted unit reports in the period.
    pub accepted: u64,
    /// Leaders' directions of the period, with the units' answers.
    pub directions: Vec<crate::model::direction::DirectionView>,
    /// Stored exports.
    pub exports: Vec<ExportView>,
    /// The People's Committee's signers (for the export form).
    pub signers: Vec<crate::model::SignerView>,
    /// The viewer may compile, edit and export.
    pub can_manage: bool,
}

/// The dates of a period as typed in its form (yyyy-mm-dd or dd/mm/yyyy).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodDatesInput {
    /// First day of the data window.
    pub window_start: String,
    /// Cut-off.
    pub cutoff: String,
    /// Units' due date.
    pub unit_due_on: String,
    /// Province's due date.
    pub province_due_on: String,
}
