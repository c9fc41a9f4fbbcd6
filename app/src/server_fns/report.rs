//! The reporting cycle: periods, unit reports, review, the province report and its exports.

use leptos::prelude::*;

use crate::domain::{ExportId, PeriodId, UnitId, UnitReportId};
use crate::error::AppError;
use crate::model::report::{
    PeriodBoard, PeriodDatesInput, ProvinceInput, ProvinceReportView, ReportsPage, Sections,
    UnitReportView,
};

/// The reporting page: periods, the review queue or the unit's own reports.
#[server(endpoint = "reports/page")]
pub async fn get_reports_page() -> Result<ReportsPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    crate::services::reporting::page(&state.db, &user, state.clock.today()).await
}

/// Creates a year's missing reporting periods with the default dates (PAR office).
#[server(endpoint = "reports/generate")]
pub async fn generate_periods(
    #[server(default)] csrf: String,
    year: String,
) -> Result<usize, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let year: i32 = year
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("year", "err.period_year"))?;
    let state = app_state()?;
    crate::services::reporting::generate(&state.db, &user, state.clock.today(), year).await
}

/// Adds a unit to a period's expected units ("true") or exempts it ("false"), with a reason
/// (PAR office).
#[server(endpoint = "reports/period_unit")]
pub async fn set_period_unit(
    #[server(default)] csrf: String,
    id: PeriodId,
    unit_id: UnitId,
    expected: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let expected = match expected.trim() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::invalid("expected", "err.bad_choice")),
    };
    crate::services::reporting::set_expected(
        &app_state()?.db,
        &user,
        id,
        unit_id,
        expected,
        &reason,
    )
    .await
}

/// Changes a period's dates (PAR office).
#[server(endpoint = "reports/period_dates")]
pub async fn update_period_dates(
    #[server(default)] csrf: String,
    id: PeriodId,
    dates: PeriodDatesInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::reporting::update_dates(&app_state()?.db, &user, id, &dates).await
}

/// Opens ("true") or closes ("false") a period for submissions (PAR office).
#[server(endpoint = "reports/period_open")]
pub async fn set_period_open(
    #[server(default)] csrf: String,
    id: PeriodId,
    open: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let open = match open.trim() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::invalid("open", "err.bad_choice")),
    };
    crate::services::reporting::set_open(&app_state()?.db, &user, id, open).await
}

/// A period's submission board.
#[server(endpoint = "reports/board")]
pub async fn get_period_board(id: PeriodId) -> Result<PeriodBoard, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::reporting::board(&app_state()?.db, &user, id).await
}

/// A unit's report for a period.
#[server(endpoint = "reports/unit")]
pub async fn unit_report(period_id: PeriodId, unit_id: UnitId) -> Result<UnitReportView, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::reporting::unit::get(&app_state()?.db, &user, period_id, unit_id).await
}

/// Saves a unit report's draft (the unit's officer or head), or, with `intent` "submit", saves
/// and submits it (the unit head, while the period is open; the figures are frozen).
#[server(endpoint = "reports/unit_save")]
pub async fn save_unit_report(
    #[server(default)] csrf: String,
    period_id: PeriodId,
    unit_id: UnitId,
    sections: Sections,
    #[server(default)] intent: String,
) -> Result<UnitReportId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::reporting::unit;
    let user = require_write(&csrf)?;
    let state = app_state()?;
    let db = &state.db;
    match intent.trim() {
        "" | "save" => unit::save(db, &user, period_id, unit_id, &sections).await,
        "submit" => {
            unit::submit(
                db,
                &user,
                state.clock.today(),
                period_id,
                unit_id,
                &sections,
            )
            .await
        }
        _ => Err(AppError::invalid("intent", "err.bad_choice")),
    }
}

/// Accepts ("accept") or returns ("return", with a comment) a submitted report (PAR office).
#[server(endpoint = "reports/review")]
pub async fn review_unit_report(
    #[server(default)] csrf: String,
    id: UnitReportId,
    decision: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let accept = match decision.trim() {
        "accept" => true,
        "return" => false,
        _ => return Err(AppError::invalid("decision", "err.bad_choice")),
    };
    crate::services::reporting::unit::review(&app_state()?.db, &user, id, accept, &comment).await?;
    Ok(())
}

/// The province report of a period.
#[server(endpoint = "reports/province")]
pub async fn province_report(period_id: PeriodId) -> Result<ProvinceReportView, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::reporting::province::get(&app_state()?.db, &user, period_id).await
}

/// Compiles the period's province report from the accepted unit reports (PAR office).
#[server(endpoint = "reports/compile")]
pub async fn compile_province_report(
    #[server(default)] csrf: String,
    period_id: PeriodId,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let state = app_state()?;
    crate::services::reporting::province::compile(&state.db, &user, state.clock.today(), period_id)
        .await
}

/// Saves the province report's text (PAR office).
#[server(endpoint = "reports/province_save")]
pub async fn save_province_report(
    #[server(default)] csrf: String,
    period_id: PeriodId,
    report: ProvinceInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::reporting::province::save(&app_state()?.db, &user, period_id, &report).await
}

/// Exports the province report as "pdf" or "xlsx", stored as the next version (PAR office).
#[server(endpoint = "reports/export_province")]
pub async fn export_province_report(
    #[server(default)] csrf: String,
    period_id: PeriodId,
    format: String,
    #[server(default)] signer_id: String,
) -> Result<ExportId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::documents::reports::{export_province, ExportChoice};
    let user = require_write(&csrf)?;
    let choice = ExportChoice::parse(&format, &signer_id, "")?;
    let state = app_state()?;
    export_province(&state.db, &user, &state.storage, period_id, &choice).await
}

/// Exports a unit's report as "pdf" or "xlsx", stored as the next version.
#[server(endpoint = "reports/export_unit")]
pub async fn export_unit_report(
    #[server(default)] csrf: String,
    period_id: PeriodId,
    unit_id: UnitId,
    format: String,
    #[server(default)] signer_id: String,
    #[server(default)] number: String,
) -> Result<ExportId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::documents::reports::{export_unit, ExportChoice};
    let user = require_write(&csrf)?;
    let choice = ExportChoice::parse(&format, &signer_id, &number)?;
    let state = app_state()?;
    export_unit(
        &state.db,
        &user,
        state.clock.today(),
        &state.storage,
        period_id,
        unit_id,
        &choice,
    )
    .await
}
