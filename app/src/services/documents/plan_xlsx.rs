//! Exports a plan's tasks, with state and follow-up class, to XLSX in the plan's own column shape.

use chrono::NaiveDate;
use std::collections::HashMap;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use sea_orm::ConnectionTrait;

use crate::domain::CurrentUser;
use crate::domain::PlanId;
use crate::error::AppError;
use crate::i18n::t;
use crate::services::tasks::query::{rows, ListOrder, TaskScope};
use crate::services::units::scope::{unit_names, user_scope_in};

/// The plan's tasks as an XLSX file: (file name, bytes). Unit users get their own tasks.
pub async fn plan_tasks_xlsx(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
    plan_id: PlanId,
) -> Result<(String, Vec<u8>), AppError> {
    let plan = crate::services::plans::get(db, plan_id).await?;
    let units = unit_names(db).await?;
    let scope = TaskScope {
        plan_id: Some(plan_id),
        units: user_scope_in(&units, user),
        ..TaskScope::default()
    };
    let as_of = today;
    let numbers = HashMap::from([(plan_id, plan.number.clone())]);
    let areas = crate::services::tasks::areas(db).await?;
    let positions = crate::services::tasks::area_positions(&areas);
    let tasks = rows(
        db,
        &scope,
        as_of,
        ListOrder::Plan,
        0,
        1_000_000,
        &units,
        &numbers,
        &positions,
    )
    .await?;
    let lang = user.lang;
    let internal = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "xlsx export failed");
        AppError::Internal
    };

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Nhiem vu").map_err(internal)?;
    let title = Format::new().set_bold().set_font_size(13);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#E8EEF7");
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let area_fmt = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#F3F3F3");
    let date_fmt = cell.clone().set_num_format("dd/mm/yyyy");

    sheet
        .write_string_with_format(
            0,
            0,
            format!(
                "{} {} – {}",
                t(lang, "export.plan"),
                plan.number,
                plan.title
            ),
            &title,
        )
        .map_err(internal)?;
    sheet
        .write_string(
            1,
            0,
            format!("{} {}", t(lang, "export.as_of"), as_of.format("%d/%m/%Y")),
        )
        .map_err(internal)?;
    let headers = [
        ("export.col_stt", 6.0),
        ("export.col_content", 60.0),
        ("export.col_lead", 24.0),
        ("export.col_co", 24.0),
        ("export.col_time", 16.0),
        ("export.col_due", 12.0),
        ("export.col_progress", 9.0),
        ("export.col_state", 16.0),
        ("export.col_class", 22.0),
    ];
    for (i, (key, width)) in headers.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet.set_column_width(col, *width).map_err(internal)?;
        sheet
            .write_string_with_format(3, col, t(lang, key), &head)
            .map_err(internal)?;
    }
    sheet.set_freeze_panes(4, 0).map_err(internal)?;
    let mut r: u32 = 4;
    let mut current_area = None;
    for task in &tasks {
        if current_area != Some(task.area_id) {
            current_area = Some(task.area_id);
            let name = areas
                .iter()
                .find(|a| a.id == task.area_id)
                .map(|a| a.name(lang).to_string())
                .unwrap_or_default();
            sheet
                .merge_range(r, 0, r, 8, &name, &area_fmt)
                .map_err(internal)?;
            r += 1;
        }
        sheet
            .write_string_with_format(r, 0, &task.item_no, &cell)
            .map_err(internal)?;
        sheet
            .write_string_with_format(r, 1, &task.title, &cell)
            .map_err(internal)?;
        sheet
            .write_string_with_format(r, 2, &task.lead_unit, &cell)
            .map_err(internal)?;
        sheet
            .write_string_with_format(r, 3, task.co_units.join("; "), &cell)
            .map_err(internal)?;
        sheet
            .write_string_with_format(r, 4, &task.due_text, &cell)
            .map_err(internal)?;
        match task.due_on {
            Some(d) => {
                let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    u16::try_from(chrono::Datelike::year(&d)).unwrap_or(1900),
                    u8::try_from(chrono::Datelike::month(&d)).unwrap_or(1),
                    u8::try_from(chrono::Datelike::day(&d)).unwrap_or(1),
                )
                .map_err(internal)?;
                sheet
                    .write_datetime_with_format(r, 5, &dt, &date_fmt)
                    .map_err(internal)?;
            }
            None => {
                sheet
                    .write_string_with_format(r, 5, "", &cell)
                    .map_err(internal)?;
            }
        }
        sheet
            .write_number_with_format(r, 6, f64::from(task.progress), &cell)
            .map_err(internal)?;
        sheet
            .write_string_with_format(r, 7, t(lang, task.state.label_key()), &cell)
            .map_err(internal)?;
        let mut class = t(lang, task.class.label_key());
        if task.extended {
            class.push_str(&format!(" ({})", t(lang, "class.extended")));
        }
        sheet
            .write_string_with_format(r, 8, class, &cell)
            .map_err(internal)?;
        r += 1;
    }
    let bytes = book.save_to_buffer().map_err(internal)?;
    let safe: String = plan
        .number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((format!("nhiem-vu-{safe}.xlsx"), bytes))
}
