//! The reports' figures as XLSX workbooks (one sheet per table).

use super::official::{counts_by, counts_table, indicator_table, late_table, role_of, task_table};
use super::*;

#[expect(clippy::needless_pass_by_value, reason = "the shape `map_err` wants")]
pub(super) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

pub(super) struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    bold: Format,
}

pub(super) fn formats() -> Formats {
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

pub(super) fn write_table(
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
pub(super) struct Sheet<'a> {
    name: &'a str,
    title: String,
    table: Table,
    widths: &'a [f64],
}

pub(super) const TASK_WIDTHS: &[f64] = &[8.0, 60.0, 24.0, 16.0, 10.0, 22.0, 50.0];
pub(super) const COUNT_WIDTHS: &[f64] = &[45.0, 10.0, 14.0, 14.0, 14.0, 14.0, 14.0];
pub(super) const INDICATOR_WIDTHS: &[f64] = &[6.0, 60.0, 12.0, 12.0, 12.0, 12.0, 14.0, 24.0];
const LATE_WIDTHS: &[f64] = &[6.0, 60.0, 30.0];

pub(super) fn workbook(sheets: Vec<Sheet<'_>>) -> Result<Vec<u8>, AppError> {
    let fm = formats();
    let mut book = Workbook::new();
    for s in sheets {
        let sheet = book.add_worksheet().set_name(s.name).map_err(xlsx_err)?;
        write_table(sheet, &fm, &s.title, &s.table, s.widths)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// The province report's annexes as one workbook, numbered as in the report: Phụ lục I the
/// tasks, Phụ lục II the statistics (per area, per lead unit, indicators, units late to
/// report), a sheet per table.
pub fn province_xlsx(f: &ProvinceFigures) -> Result<Vec<u8>, AppError> {
    let as_of = f.as_of.format("%d/%m/%Y");
    workbook(vec![
        Sheet {
            name: "PL I - Nhiem vu",
            title: format!(
                "Phụ lục I. Danh mục nhiệm vụ cải cách hành chính và tình hình thực hiện (số liệu đến {as_of})"
            ),
            table: task_table(&f.tasks, true),
            widths: TASK_WIDTHS,
        },
        Sheet {
            name: "PL II.1 - Linh vuc",
            title: format!(
                "Phụ lục II.1. Kết quả thực hiện nhiệm vụ theo lĩnh vực cải cách hành chính (đến {as_of})"
            ),
            table: counts_table("Lĩnh vực", &f.by_area, &f.totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "PL II.2 - Co quan chu tri",
            title: format!(
                "Phụ lục II.2. Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì (đến {as_of})"
            ),
            table: counts_table("Cơ quan chủ trì", &f.by_unit, &f.totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "PL II.3 - Chi tieu",
            title: format!("Phụ lục II.3. Kết quả thực hiện các chỉ tiêu (đến {as_of})"),
            table: indicator_table(&f.indicators, "Số đơn vị báo cáo"),
            widths: INDICATOR_WIDTHS,
        },
        Sheet {
            name: "PL II.4 - Bao cao cham",
            title: format!(
                "Phụ lục II.4. Cơ quan, đơn vị chưa báo cáo hoặc báo cáo chậm ({}/{} đơn vị)",
                f.late_units.len(),
                f.units_expected
            ),
            table: late_table(&f.late_units),
            widths: LATE_WIDTHS,
        },
    ])
}

/// A unit report's annexes as a workbook, numbered as in the report: Phụ lục I its tasks,
/// Phụ lục II its statistics (per area, per role, indicators).
pub fn unit_xlsx(snap: &Snapshot, unit_name: &str) -> Result<Vec<u8>, AppError> {
    let as_of = snap.as_of.format("%d/%m/%Y");
    let (by_area, totals) = counts_by(&snap.tasks, |t| t.area.clone());
    let (by_role, _) = counts_by(&snap.tasks, role_of);
    workbook(vec![
        Sheet {
            name: "PL I - Nhiem vu",
            title: format!(
                "Phụ lục I. Danh mục nhiệm vụ của {unit_name} và tình hình thực hiện (số liệu đến {as_of})"
            ),
            table: task_table(&snap.tasks, true),
            widths: TASK_WIDTHS,
        },
        Sheet {
            name: "PL II.1 - Linh vuc",
            title: format!(
                "Phụ lục II.1. Kết quả thực hiện nhiệm vụ theo lĩnh vực cải cách hành chính (đến {as_of})"
            ),
            table: counts_table("Lĩnh vực", &by_area, &totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "PL II.2 - Vai tro",
            title: format!(
                "Phụ lục II.2. Kết quả thực hiện nhiệm vụ theo vai trò của đơn vị (đến {as_of})"
            ),
            table: counts_table("Vai trò", &by_role, &totals),
            widths: COUNT_WIDTHS,
        },
        Sheet {
            name: "PL II.3 - Chi tieu",
            title: format!("Phụ lục II.3. Kết quả thực hiện các chỉ tiêu (đến {as_of})"),
            table: indicator_table(&snap.indicators, "Ghi chú"),
            widths: INDICATOR_WIDTHS,
        },
    ])
}
