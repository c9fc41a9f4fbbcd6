//! The documents of the reporting cycle: the province's and a unit's report as a PDF in the
//! official format (NĐ 30/2020), their XLSX annexes, stored as numbered versions under the
//! data directory and downloaded again from `/reports/exports/{id}`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{NaiveDate, Utc};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::super::audit::{self, Actor};
use super::super::pdf::{self, Align, Annex, Block, Column, Fonts, OfficialDoc, Row, Table};
use super::super::scope::unit_names;
use super::find_with_plan;
use crate::domain::report::{official_date_line, period_phrase_vi, roman};
use crate::domain::task::FollowUpClass;
use crate::domain::CurrentUser;
use crate::domain::{ExportId, PeriodId, Right, UnitId, UnitKind};
use crate::entities::{plan, province_report, report_export, reporting_period, unit_report};
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::plan::ClassCounts;
use crate::model::report::{
    ExportView, FigureRow, ProvinceFigures, SnapIndicator, SnapTask, Snapshot,
};
use crate::services::accounts::users::names_by_id;
use crate::services::stored;

/// Where the report fonts are read from (Liberation Serif 2, Debian's fonts-liberation2),
/// unless `CCHC_FONT_DIR` says otherwise.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts/truetype/liberation2";

static FONTS: OnceLock<Result<Arc<Fonts>, String>> = OnceLock::new();

/// The fonts, loaded once per process.
pub fn fonts() -> Result<Arc<Fonts>, AppError> {
    FONTS
        .get_or_init(|| {
            let dir = std::env::var("CCHC_FONT_DIR").unwrap_or_else(|_| DEFAULT_FONT_DIR.into());
            Fonts::load(Path::new(&dir))
                .map(Arc::new)
                .map_err(|e| format!("{e} (in {dir})"))
        })
        .clone()
        .map_err(|e| {
            tracing::error!(error = %e, "report fonts unavailable");
            AppError::conflict("format", "err.fonts_missing")
        })
}

/// A document format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The report as PDF.
    Pdf,
    /// The annexes as XLSX.
    Xlsx,
}

impl ExportFormat {
    /// Parses "pdf" / "xlsx".
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim() {
            "pdf" => Some(ExportFormat::Pdf),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    /// The content type of the format.
    pub fn content_type(s: &str) -> &'static str {
        match s {
            "pdf" => "application/pdf",
            _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

fn vi(key: &str) -> String {
    t(Lang::Vi, key)
}

fn class_vi(c: FollowUpClass) -> String {
    vi(c.label_key())
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

fn date_vi(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn paragraphs(text: &str) -> Vec<Block> {
    if text.trim().is_empty() {
        return vec![Block::Paragraph("(Không có nội dung.)".into())];
    }
    vec![Block::Paragraph(text.trim().to_string())]
}

fn col(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        weight,
        align,
    }
}

fn counts_cells(label: String, c: &ClassCounts, bold: bool) -> Row {
    Row {
        cells: vec![
            label,
            c.total().to_string(),
            c.on_time.to_string(),
            c.late.to_string(),
            c.in_progress.to_string(),
            c.overdue.to_string(),
            c.completion_rate()
                .map(|r| format!("{r:.1}").replace('.', ","))
                .unwrap_or_else(|| "-".into()),
        ],
        bold,
    }
}

fn counts_table(first: &str, rows: &[FigureRow], totals: &ClassCounts) -> Table {
    let mut out: Vec<Row> = rows
        .iter()
        .map(|r| counts_cells(r.label.clone(), &r.counts, false))
        .collect();
    out.push(counts_cells("Tổng cộng".into(), totals, true));
    Table {
        columns: vec![
            col(first, 4.0, Align::Left),
            col("Tổng số", 1.1, Align::Center),
            col("Hoàn thành đúng hạn", 1.4, Align::Center),
            col("Hoàn thành quá hạn", 1.4, Align::Center),
            col("Đang thực hiện trong hạn", 1.5, Align::Center),
            col("Quá hạn chưa hoàn thành", 1.5, Align::Center),
            col("Tỷ lệ hoàn thành (%)", 1.3, Align::Center),
        ],
        rows: out,
    }
}

fn indicator_table(inds: &[SnapIndicator], last: &str) -> Table {
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Chỉ tiêu", 4.0, Align::Left),
            col("Đơn vị tính", 1.1, Align::Center),
            col("Mục tiêu", 1.1, Align::Center),
            col("Thực hiện", 1.1, Align::Center),
            col("Đánh giá", 1.3, Align::Center),
            col(last, 1.4, Align::Left),
        ],
        rows: inds
            .iter()
            .enumerate()
            .map(|(i, ind)| Row {
                cells: vec![
                    (i + 1).to_string(),
                    ind.name.clone(),
                    ind.measure.clone(),
                    format!(
                        "{} {}",
                        if ind.direction == crate::domain::task::Direction::AtLeast {
                            "≥"
                        } else {
                            "≤"
                        },
                        num(ind.target)
                    ),
                    ind.actual.map(num).unwrap_or_else(|| "-".into()),
                    match ind.attained {
                        Some(true) => "Đạt".into(),
                        Some(false) => "Chưa đạt".into(),
                        None => "Chưa báo cáo".into(),
                    },
                    ind.note.clone(),
                ],
                bold: false,
            })
            .collect(),
    }
}

fn task_table(tasks: &[SnapTask], with_update: bool) -> Table {
    let mut columns = vec![
        col("STT", 0.7, Align::Center),
        col("Nội dung nhiệm vụ", 5.0, Align::Left),
        col("Cơ quan chủ trì", 1.8, Align::Left),
        col("Thời hạn", 1.3, Align::Center),
        col("Tiến độ (%)", 0.9, Align::Center),
        col("Kết quả", 1.6, Align::Center),
    ];
    if with_update {
        columns.push(col("Cập nhật gần nhất", 3.0, Align::Left));
    }
    let width = columns.len();
    let mut rows = Vec::with_capacity(tasks.len() + 8);
    let mut area: Option<&str> = None;
    let mut areas = 0;
    for (i, t) in tasks.iter().enumerate() {
        // The plan's area headings, numbered as printed (I, II, ...).
        if !t.area.is_empty() && area != Some(t.area.as_str()) {
            area = Some(t.area.as_str());
            areas += 1;
            let mut cells = vec![roman(areas), t.area.to_uppercase()];
            cells.resize(width, String::new());
            rows.push(Row { cells, bold: true });
        }
        rows.push(task_row(i, t, with_update));
    }
    Table { columns, rows }
}

fn task_row(i: usize, t: &SnapTask, with_update: bool) -> Row {
    let mut cells = vec![
        if t.item_no.is_empty() {
            (i + 1).to_string()
        } else {
            t.item_no.clone()
        },
        t.title.clone(),
        t.lead_unit.clone(),
        if t.due_text.is_empty() {
            date_vi(t.due_on)
        } else {
            t.due_text.clone()
        },
        t.progress.to_string(),
        class_vi(t.class),
    ];
    if with_update {
        cells.push(t.latest_update.clone());
    }
    Row { cells, bold: false }
}

fn overdue_table(tasks: &[SnapTask]) -> Table {
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Nhiệm vụ", 5.0, Align::Left),
            col("Cơ quan chủ trì", 2.0, Align::Left),
            col("Hạn", 1.3, Align::Center),
            col("Số ngày quá hạn", 1.2, Align::Center),
        ],
        rows: tasks
            .iter()
            .enumerate()
            .map(|(i, t)| Row {
                cells: vec![
                    (i + 1).to_string(),
                    t.title.clone(),
                    t.lead_unit.clone(),
                    date_vi(t.due_on),
                    t.days_overdue.to_string(),
                ],
                bold: false,
            })
            .collect(),
    }
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The issuing body as printed in a header: "UBND tỉnh Sơn Hà" gives "ỦY BAN NHÂN DÂN" over
/// "TỈNH SƠN HÀ".
pub fn issuing_body_lines(body: &str) -> String {
    let upper = body.trim().to_uppercase();
    for prefix in ["UBND ", "ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            return format!("ỦY BAN NHÂN DÂN\n{}", rest.trim());
        }
    }
    upper
}

/// "Số: 125/BC-UBND"; a number not yet given ("/BC-UBND") keeps the blank the clerk fills in.
pub fn number_line(number: &str) -> String {
    let n = number.trim();
    if n.starts_with('/') {
        format!("Số:        {n}")
    } else {
        format!("Số: {n}")
    }
}

/// The province report as an official document.
pub fn province_doc(
    r: &province_report::Model,
    f: &ProvinceFigures,
    plan: &plan::Model,
) -> OfficialDoc {
    let mut blocks = vec![Block::Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH".into())];
    blocks.extend(paragraphs(&r.direction));
    blocks.push(Block::Heading(
        "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH".into(),
    ));
    blocks.push(Block::SubHeading(format!(
        "1. Kết quả thực hiện nhiệm vụ theo lĩnh vực (số liệu tính đến ngày {})",
        f.as_of.format("%d/%m/%Y")
    )));
    blocks.push(Block::Table(counts_table(
        "Lĩnh vực",
        &f.by_area,
        &f.totals,
    )));
    blocks.extend(paragraphs(&r.results));
    blocks.push(Block::SubHeading(
        "2. Kết quả thực hiện các chỉ tiêu".into(),
    ));
    if f.indicators.is_empty() {
        blocks.push(Block::Paragraph(
            "Kế hoạch không đặt chỉ tiêu định lượng.".into(),
        ));
    } else {
        blocks.push(Block::Table(indicator_table(
            &f.indicators,
            "Số đơn vị báo cáo",
        )));
    }
    blocks.push(Block::SubHeading(format!(
        "3. Nhiệm vụ quá hạn chưa hoàn thành ({} nhiệm vụ)",
        f.overdue.len()
    )));
    if f.overdue.is_empty() {
        blocks.push(Block::Paragraph("Không có nhiệm vụ quá hạn.".into()));
    } else {
        blocks.push(Block::Table(overdue_table(&f.overdue)));
    }
    blocks.push(Block::SubHeading(
        "4. Tình hình báo cáo của các cơ quan, đơn vị".into(),
    ));
    let late = if f.late_units.is_empty() {
        "Tất cả các cơ quan, đơn vị đã gửi báo cáo đúng hạn.".to_string()
    } else {
        format!(
            "Có {}/{} cơ quan, đơn vị có báo cáo được chấp nhận. Các cơ quan, đơn vị chưa báo cáo hoặc báo cáo chậm: {}.",
            f.units_accepted,
            f.units_expected,
            f.late_units
                .iter()
                .map(|u| format!("{} ({})", u.unit_name, vi(u.state.label_key()).to_lowercase()))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    blocks.push(Block::Paragraph(late));
    blocks.push(Block::Heading("III. ĐÁNH GIÁ CHUNG".into()));
    blocks.extend(paragraphs(&r.assessment));
    blocks.push(Block::Heading("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI".into()));
    blocks.extend(paragraphs(&r.next_tasks));
    blocks.push(Block::Heading("V. ĐỀ XUẤT, KIẾN NGHỊ".into()));
    blocks.extend(paragraphs(&r.proposals));

    let annexes = vec![
        Annex {
            label: format!("Phụ lục {}", roman(1)),
            title: "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ".into(),
            subtitle: format!(
                "(Kèm theo Báo cáo số {} ngày {})",
                r.number.trim(),
                r.report_date.format("%d/%m/%Y")
            ),
            landscape: false,
            blocks: vec![Block::Table(counts_table(
                "Cơ quan chủ trì",
                &f.by_unit,
                &f.totals,
            ))],
        },
        Annex {
            label: format!("Phụ lục {}", roman(2)),
            title: format!(
                "DANH MỤC NHIỆM VỤ CỦA KẾ HOẠCH SỐ {} VÀ TÌNH HÌNH THỰC HIỆN",
                plan.number.to_uppercase()
            ),
            subtitle: format!("(Số liệu tính đến ngày {})", f.as_of.format("%d/%m/%Y")),
            landscape: true,
            blocks: vec![Block::Table(task_table(&f.tasks, false))],
        },
    ];
    OfficialDoc {
        parent_body: String::new(),
        body: issuing_body_lines(&plan.issuing_body),
        number: number_line(&r.number),
        place_date: official_date_line(&r.place, r.report_date),
        kind_title: "BÁO CÁO".into(),
        summary: r.summary.clone(),
        blocks,
        recipients: lines(&r.recipients),
        signer_lines: lines(&r.signer_lines),
        signer_name: r.signer_name.clone(),
        annexes,
    }
}

/// What a unit report's document needs besides its snapshot.
pub struct UnitDocInfo<'a> {
    /// The period.
    pub period: &'a reporting_period::Model,
    /// The plan.
    pub plan: &'a plan::Model,
    /// The unit's full name.
    pub unit_name: &'a str,
    /// The unit's kind (for the signing block).
    pub unit_kind: UnitKind,
    /// The narrative.
    pub sections: &'a crate::model::report::Sections,
    /// Who signs (the head who submitted).
    pub signer_name: &'a str,
    /// The report's date.
    pub date: chrono::NaiveDate,
}

/// A unit's report as an official document.
pub fn unit_doc(info: &UnitDocInfo<'_>, snap: &Snapshot) -> OfficialDoc {
    let c = &snap.counts;
    let mut blocks = vec![Block::Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ".into())];
    blocks.push(Block::Paragraph(format!(
        "Tính đến ngày {}, {} được giao chủ trì hoặc phối hợp thực hiện {} nhiệm vụ theo Kế hoạch số {}: \
         hoàn thành đúng hạn {}, hoàn thành quá hạn {}, đang thực hiện trong hạn {}, quá hạn chưa hoàn thành {} \
         (chi tiết tại Phụ lục kèm theo).",
        snap.as_of.format("%d/%m/%Y"),
        info.unit_name,
        c.total(),
        info.plan.number,
        c.on_time,
        c.late,
        c.in_progress,
        c.overdue
    )));
    blocks.extend(paragraphs(&info.sections.results));
    blocks.push(Block::Heading("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU".into()));
    if snap.indicators.is_empty() {
        blocks.push(Block::Paragraph(
            "Đơn vị không được giao chỉ tiêu định lượng.".into(),
        ));
    } else {
        blocks.push(Block::Table(indicator_table(&snap.indicators, "Ghi chú")));
    }
    blocks.push(Block::Heading(
        "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN".into(),
    ));
    blocks.extend(paragraphs(&info.sections.shortcomings));
    blocks.push(Block::Heading("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI".into()));
    blocks.extend(paragraphs(&info.sections.next_tasks));
    blocks.push(Block::Heading("V. ĐỀ XUẤT, KIẾN NGHỊ".into()));
    blocks.extend(paragraphs(&info.sections.proposals));
    let commune = info.unit_kind.is_local();
    OfficialDoc {
        // A commune's People's Committee issues in its own name; a department under the province's.
        parent_body: if commune {
            String::new()
        } else {
            info.plan
                .issuing_body
                .to_uppercase()
                .replace("ỦY BAN NHÂN DÂN ", "UBND ")
        },
        body: issuing_body_lines(info.unit_name),
        number: number_line("/BC"),
        place_date: official_date_line(
            &super::province::place_of(&info.plan.issuing_body),
            info.date,
        ),
        kind_title: "BÁO CÁO".into(),
        summary: format!(
            "Kết quả thực hiện công tác cải cách hành chính {}",
            period_phrase_vi(info.period.kind, info.period.year)
        ),
        blocks,
        recipients: vec!["- Sở Nội vụ;".into(), "- Lưu: VT.".into()],
        signer_lines: if commune {
            vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()]
        } else {
            vec!["THỦ TRƯỞNG CƠ QUAN".into()]
        },
        signer_name: info.signer_name.to_string(),
        annexes: vec![Annex {
            label: "Phụ lục".into(),
            title: "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN".into(),
            subtitle: format!("(Số liệu tính đến ngày {})", snap.as_of.format("%d/%m/%Y")),
            landscape: true,
            blocks: vec![Block::Table(task_table(&snap.tasks, true))],
        }],
    }
}

/// Renders a document to PDF bytes and its page count (CPU work, off the async threads).
pub async fn render_pdf(doc: OfficialDoc) -> Result<(Vec<u8>, usize), AppError> {
    let fonts = fonts()?;
    tokio::task::spawn_blocking(move || pdf::render(&doc, &fonts))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "pdf rendering failed");
            AppError::Internal
        })
}

#[expect(clippy::needless_pass_by_value, reason = "the shape `map_err` wants")]
fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    bold: Format,
}

fn formats() -> Formats {
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    Formats {
        title: Format::new().set_bold().set_font_size(13),
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color("#E8EEF7"),
        bold: cell.clone().set_bold(),
        cell,
    }
}

fn write_table(
    sheet: &mut Worksheet,
    fm: &Formats,
    title: &str,
    table: &Table,
    widths: &[f64],
) -> Result<(), AppError> {
    sheet
        .write_string_with_format(0, 0, title, &fm.title)
        .map_err(xlsx_err)?;
    for (i, c) in table.columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .set_column_width(col, widths.get(i).copied().unwrap_or(14.0))
            .map_err(xlsx_err)?;
        sheet
            .write_string_with_format(2, col, &c.title, &fm.head)
            .map_err(xlsx_err)?;
    }
    sheet.set_freeze_panes(3, 0).map_err(xlsx_err)?;
    for (r, row) in table.rows.iter().enumerate() {
        let rr = u32::try_from(r + 3).unwrap_or(u32::MAX);
        for (i, cell) in row.cells.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(0);
            let fmt = if row.bold { &fm.bold } else { &fm.cell };
            // Whole numbers as numbers, so the annex adds up in a spreadsheet.
            match cell.parse::<i64>() {
                Ok(n) if i > 0 || table.columns[0].title != "STT" => sheet
                    .write_number_with_format(rr, col, n as f64, fmt)
                    .map_err(xlsx_err)?,
                _ => sheet
                    .write_string_with_format(rr, col, cell, fmt)
                    .map_err(xlsx_err)?,
            };
        }
    }
    Ok(())
}

/// One sheet of an annex workbook.
struct Sheet<'a> {
    name: &'a str,
    title: String,
    table: Table,
    widths: &'a [f64],
}

const TASK_WIDTHS: &[f64] = &[8.0, 60.0, 24.0, 16.0, 10.0, 22.0, 50.0];
const COUNT_WIDTHS: &[f64] = &[45.0, 10.0, 14.0, 14.0, 14.0, 14.0, 14.0];
const INDICATOR_WIDTHS: &[f64] = &[6.0, 60.0, 12.0, 12.0, 12.0, 14.0, 24.0];

fn workbook(sheets: Vec<Sheet<'_>>) -> Result<Vec<u8>, AppError> {
    let fm = formats();
    let mut book = Workbook::new();
    for s in sheets {
        let sheet = book.add_worksheet().set_name(s.name).map_err(xlsx_err)?;
        write_table(sheet, &fm, &s.title, &s.table, s.widths)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// The province report's annexes as one workbook: tasks with classes, per area, per unit,
/// indicators.
pub fn province_xlsx(f: &ProvinceFigures, plan: &plan::Model) -> Result<Vec<u8>, AppError> {
    let as_of = f.as_of.format("%d/%m/%Y");
    workbook(vec![
        Sheet {
            name: "Nhiem vu",
            title: format!(
                "Danh mục nhiệm vụ của Kế hoạch số {} (số liệu đến {as_of})",
                plan.number
            ),
            table: task_table(&f.tasks, true),
            widths: TASK_WIDTHS,
        },
        Sheet {
            name: "Theo linh vuc",
            title: format!("Kết quả thực hiện nhiệm vụ theo lĩnh vực (đến {as_of})"),
            table: counts_table("Lĩnh vực", &f.by_area, &f.totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "Theo don vi",
            title: format!("Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì (đến {as_of})"),
            table: counts_table("Cơ quan chủ trì", &f.by_unit, &f.totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "Chi tieu",
            title: "Kết quả thực hiện các chỉ tiêu".into(),
            table: indicator_table(&f.indicators, "Số đơn vị báo cáo"),
            widths: INDICATOR_WIDTHS,
        },
    ])
}

/// A unit report's annex as a workbook: its tasks and indicators.
pub fn unit_xlsx(snap: &Snapshot, unit_name: &str) -> Result<Vec<u8>, AppError> {
    let as_of = snap.as_of.format("%d/%m/%Y");
    workbook(vec![
        Sheet {
            name: "Nhiem vu",
            title: format!("Nhiệm vụ của {unit_name} (số liệu đến {as_of})"),
            table: task_table(&snap.tasks, true),
            widths: TASK_WIDTHS,
        },
        Sheet {
            name: "Chi tieu",
            title: "Kết quả thực hiện các chỉ tiêu".into(),
            table: indicator_table(&snap.indicators, "Ghi chú"),
            widths: INDICATOR_WIDTHS,
        },
    ])
}

/// Where an export's file is kept.
pub fn path_of(data_dir: &Path, id: i32) -> PathBuf {
    data_dir.join("reports").join(format!("{id:08}"))
}

/// The stored exports of a report (`owner` is "p:{id}" or "u:{id}"), newest first.
pub async fn exports_of(
    db: &impl ConnectionTrait,
    owner: &str,
) -> Result<Vec<ExportView>, AppError> {
    let rows = report_export::Entity::find()
        .filter(report_export::Column::Owner.eq(owner))
        .order_by_desc(report_export::Column::Id)
        .all(db)
        .await?;
    let names = names_by_id(db, rows.iter().filter_map(|r| r.created_by)).await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportView {
            id: ExportId(r.id),
            format: r.format,
            version: r.version,
            file_name: r.file_name,
            size_bytes: r.size_bytes,
            pages: r.pages,
            created_at: r.created_at,
            created_by: r
                .created_by
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
        })
        .collect())
}

/// What is being exported.
struct NewExport<'a> {
    owner: String,
    period_id: i32,
    unit_id: Option<i32>,
    format: ExportFormat,
    stem: &'a str,
    bytes: Vec<u8>,
    pages: usize,
}

/// Stores an export as the next version of its report and format.
async fn store(
    db: &DatabaseConnection,
    user: &CurrentUser,
    data_dir: &Path,
    e: NewExport<'_>,
) -> Result<ExportId, AppError> {
    let txn = db.begin().await?;
    let last: Option<i32> = report_export::Entity::find()
        .select_only()
        .column_as(
            Expr::expr(sea_orm::sea_query::Func::max(Expr::col(
                report_export::Column::Version,
            ))),
            "v",
        )
        .filter(report_export::Column::Owner.eq(e.owner.clone()))
        .filter(report_export::Column::Format.eq(e.format.as_str()))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let version = last.unwrap_or(0).saturating_add(1);
    let file_name = format!("{}-v{version}.{}", e.stem, e.format.as_str());
    let sha = hex::encode(Sha256::digest(&e.bytes));
    let m = report_export::ActiveModel {
        owner: Set(e.owner.clone()),
        period_id: Set(e.period_id),
        unit_id: Set(e.unit_id),
        format: Set(e.format.as_str().into()),
        version: Set(version),
        file_name: Set(file_name.clone()),
        size_bytes: Set(i64::try_from(e.bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha),
        pages: Set(i32::try_from(e.pages).unwrap_or(i32::MAX)),
        created_by: Set(Some(user.id.0)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(super::super::unique_or_internal(
        "format",
        "err.conflict_retry",
    ))?;
    let path = path_of(data_dir, m.id);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(|err| {
            tracing::error!(error = %err, "cannot create the reports directory");
            AppError::Internal
        })?;
    }
    tokio::fs::write(&path, &e.bytes).await.map_err(|err| {
        tracing::error!(error = %err, path = %path.display(), "cannot store the export");
        AppError::Internal
    })?;
    audit::record(
        &txn,
        Actor::User(user),
        "report_export.create",
        "report_export",
        Some(m.id.to_string()),
        None::<&()>,
        Some(&serde_json::json!({ "owner": e.owner, "file": file_name, "pages": e.pages })),
    )
    .await?;
    txn.commit().await?;
    Ok(ExportId(m.id))
}

fn stem_of(kind: crate::domain::task::PeriodKind, year: i32, who: &str) -> String {
    format!("bao-cao-cchc-{}-{year}-{who}", kind.as_str())
}

/// Exports the compiled province report (PAR office).
pub async fn export_province(
    db: &DatabaseConnection,
    user: &CurrentUser,
    data_dir: &Path,
    period_id: PeriodId,
    format: ExportFormat,
) -> Result<ExportId, AppError> {
    user.ensure(Right::ManagePlans)?;
    let (p, plan) = find_with_plan(db, period_id).await?;
    let r = super::province::find(db, p.id)
        .await?
        .ok_or_else(|| AppError::conflict("period", "err.not_compiled"))?;
    let f = stored::report::read_figures(&r.figures, r.id)?;
    let (bytes, pages) = match format {
        ExportFormat::Pdf => render_pdf(province_doc(&r, &f, &plan)).await?,
        ExportFormat::Xlsx => (province_xlsx(&f, &plan)?, 0),
    };
    store(
        db,
        user,
        data_dir,
        NewExport {
            owner: format!("p:{}", r.id),
            period_id: p.id,
            unit_id: None,
            format,
            stem: &stem_of(p.kind, p.year, "tinh"),
            bytes,
            pages,
        },
    )
    .await
}

/// Exports a unit's report (the unit's users, the PAR office); the frozen snapshot once
/// submitted, the live figures of a draft.
pub async fn export_unit(
    db: &DatabaseConnection,
    user: &CurrentUser,
    today: NaiveDate,
    data_dir: &Path,
    period_id: PeriodId,
    unit_id: UnitId,
    format: ExportFormat,
) -> Result<ExportId, AppError> {
    let view = super::unit::get(db, user, period_id, unit_id).await?;
    let Some(report_id) = view.report_id else {
        return Err(AppError::conflict("period", "err.report_not_started"));
    };
    let (p, plan) = find_with_plan(db, period_id).await?;
    let units = unit_names(db).await?;
    let kind = units
        .get(&unit_id.0)
        .map(|u| u.kind)
        .unwrap_or(UnitKind::Department);
    let r = unit_report::Entity::find_by_id(report_id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let signer = match r.submitted_by {
        Some(u) => names_by_id(db, std::iter::once(u))
            .await?
            .remove(&u)
            .unwrap_or_default(),
        None => String::new(),
    };
    let date = r
        .submitted_at
        .map(crate::domain::calendar::local_day)
        .unwrap_or(today);
    let (bytes, pages) = match format {
        ExportFormat::Pdf => {
            let doc = unit_doc(
                &UnitDocInfo {
                    period: &p,
                    plan: &plan,
                    unit_name: &view.unit_name,
                    unit_kind: kind,
                    sections: &view.sections,
                    signer_name: &signer,
                    date,
                },
                &view.snapshot,
            );
            render_pdf(doc).await?
        }
        ExportFormat::Xlsx => (unit_xlsx(&view.snapshot, &view.unit_name)?, 0),
    };
    let code: String = units
        .get(&unit_id.0)
        .map(|u| u.short_name.as_str())
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    store(
        db,
        user,
        data_dir,
        NewExport {
            owner: format!("u:{}", r.id),
            period_id: p.id,
            unit_id: Some(unit_id.0),
            format,
            stem: &stem_of(p.kind, p.year, &format!("dv{}{code}", unit_id.0)),
            bytes,
            pages,
        },
    )
    .await
}

/// A stored export for download: (file name, content type, bytes). The province's exports are
/// for those who see every unit; a unit's also for that unit's users. Others get "not found".
pub async fn download(
    db: &DatabaseConnection,
    user: &CurrentUser,
    data_dir: &Path,
    id: ExportId,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let e = report_export::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = match e.unit_id {
        Some(u) => user.may(Right::SeeUnit(UnitId(u))),
        None => user.may(Right::SeeAllUnits),
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let bytes = tokio::fs::read(path_of(data_dir, e.id))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, id = e.id, "stored export missing");
            AppError::NotFound
        })?;
    Ok((e.file_name, ExportFormat::content_type(&e.format), bytes))
}
