//! The documents of the reporting cycle: the province's and a unit's report as a PDF in the
//! official format (NĐ 30/2020), their XLSX annexes, stored as numbered versions under the
//! data directory and downloaded again from `/reports/exports/{id}`.

mod official;
mod xlsx;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{NaiveDate, Utc};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::domain::report::{official_date_line, period_phrase_vi, roman};
use crate::domain::task::FollowUpClass;
use crate::domain::CurrentUser;
use crate::domain::{ExportId, PeriodId, Right, UnitId, UnitKind};
use crate::entities::{province_report, report_export, reporting_period, unit_report};
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::plan::ClassCounts;
use crate::model::report::{
    ExportView, FigureRow, ProvinceFigures, SnapIndicator, SnapTask, Snapshot,
};
use crate::services::accounts::users::names_by_id;
use crate::services::audit::{self, Actor};
use crate::services::documents::pdf::{
    self, Align, Annex, Block, Column, Fonts, OfficialDoc, Row, Table,
};
use crate::services::reporting::find_live;
use crate::services::reporting::province::sources_text;
use crate::services::settings::{self, Province};
use crate::services::stored;
use crate::services::units::scope::unit_names;
use official::{province_doc, unit_doc, UnitDocInfo};
use xlsx::{province_xlsx, unit_xlsx};

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
    /// The report with its annexes as a Word file, for the office to edit and sign.
    Docx,
}

impl ExportFormat {
    /// Parses "pdf" / "xlsx".
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim() {
            "pdf" => Some(ExportFormat::Pdf),
            "xlsx" => Some(ExportFormat::Xlsx),
            "docx" => Some(ExportFormat::Docx),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Docx => "docx",
        }
    }

    /// The content type of the format.
    pub fn content_type(s: &str) -> &'static str {
        match s {
            "pdf" => "application/pdf",
            "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// What the export form chose: the format, who signs (the issuer's default when none; for
/// the province report, the signing block as written in the report), and the number the
/// clerk gave a unit's report (empty: left blank to fill in).
#[derive(Clone, Debug)]
pub struct ExportChoice {
    /// The format.
    pub format: ExportFormat,
    /// A signer of the issuing unit.
    pub signer_id: Option<i32>,
    /// The number, digits only.
    pub number: String,
}

impl ExportChoice {
    /// Reads the form's fields: the format ("pdf", "docx", "xlsx"), a signer id ("" for none)
    /// and a number (digits, or blank).
    pub fn parse(format: &str, signer_id: &str, number: &str) -> Result<ExportChoice, AppError> {
        let format = ExportFormat::parse(format)
            .ok_or_else(|| AppError::invalid("format", "err.bad_choice"))?;
        let signer_id = crate::services::parse_opt_id::<i32>("signer_id", signer_id)?;
        let number = number.trim();
        if number.len() > 8 || !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(AppError::invalid("number", "err.doc_number"));
        }
        Ok(ExportChoice {
            format,
            signer_id,
            number: number.to_string(),
        })
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

/// Writes a document as a Word file (off the async threads).
pub async fn render_docx(doc: OfficialDoc) -> Result<(Vec<u8>, usize), AppError> {
    tokio::task::spawn_blocking(move || crate::services::documents::docx::render(&doc))
        .await
        .map_err(|_| AppError::Internal)?
        .map(|bytes| (bytes, 0))
        .map_err(|e| {
            tracing::error!(error = %e, "docx writing failed");
            AppError::Internal
        })
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
    unit_id: Option<UnitId>,
    format: ExportFormat,
    stem: &'a str,
    bytes: Vec<u8>,
    pages: usize,
}

/// Stores an export as the next version of its report and format.
async fn store(
    db: &DatabaseConnection,
    user: &CurrentUser,
    storage: &crate::services::storage::Storage,
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
    .map_err(crate::services::unique_or_internal(
        "format",
        "err.conflict_retry",
    ))?;
    storage
        .put(&crate::services::storage::export_key(m.id), e.bytes.clone())
        .await?;
    audit::Change::new("report_export.create", "report_export", m.id)
        .after(&serde_json::json!({ "owner": e.owner, "file": file_name, "pages": e.pages }))
        .commit(txn, Actor::User(user))
        .await?;
    Ok(ExportId(m.id))
}

fn stem_of(kind: crate::domain::task::PeriodKind, year: i32, who: &str) -> String {
    format!("bao-cao-cchc-{}-{year}-{who}", kind.as_str())
}

/// Exports the compiled province report (PAR office).
pub async fn export_province(
    db: &DatabaseConnection,
    user: &CurrentUser,
    storage: &crate::services::storage::Storage,
    period_id: PeriodId,
    choice: &ExportChoice,
) -> Result<ExportId, AppError> {
    user.ensure(Right::ManagePlans)?;
    let format = choice.format;
    let p = find_live(db, period_id).await?;
    let province = settings::province(db).await?;
    let r = crate::services::reporting::province::find(db, p.id)
        .await?
        .ok_or_else(|| AppError::conflict("period", "err.not_compiled"))?;
    let f = stored::report::read_figures(&r.figures, r.id)?;
    let signer = match (
        choice.signer_id,
        crate::services::units::province_committee(db).await?,
    ) {
        (Some(id), Some(c)) => {
            let signers = crate::services::units::signers::of_unit(db, c.id).await?;
            crate::services::units::signers::choose(&signers, Some(id))?
        }
        (Some(_), None) => return Err(AppError::invalid("signer_id", "err.signer_not_of_unit")),
        (None, _) => None,
    };
    let (bytes, pages) = match format {
        ExportFormat::Pdf | ExportFormat::Docx => {
            let directions = crate::services::directions::of_period(db, user, &p).await?;
            let doc = province_doc(&r, &f, &province, &directions, signer.as_ref());
            if format == ExportFormat::Pdf {
                render_pdf(doc).await?
            } else {
                render_docx(doc).await?
            }
        }
        ExportFormat::Xlsx => (province_xlsx(&f)?, 0),
    };
    store(
        db,
        user,
        storage,
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
    storage: &crate::services::storage::Storage,
    period_id: PeriodId,
    unit_id: UnitId,
    choice: &ExportChoice,
) -> Result<ExportId, AppError> {
    let format = choice.format;
    let view = crate::services::reporting::unit::get(db, user, period_id, unit_id).await?;
    let Some(report_id) = view.report_id else {
        return Err(AppError::conflict("period", "err.report_not_started"));
    };
    let p = crate::services::reporting::find(db, period_id).await?;
    let province = settings::province(db).await?;
    let units = unit_names(db).await?;
    let issuer = crate::services::units::issuer(db, unit_id).await?;
    let signer = crate::services::units::signers::choose(&issuer.signers, choice.signer_id)?;
    let r = unit_report::Entity::find_by_id(report_id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let submitter = match r.submitted_by {
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
        ExportFormat::Pdf | ExportFormat::Docx => {
            let doc = unit_doc(
                &UnitDocInfo {
                    period: &p,
                    province: &province,
                    issuer: &issuer,
                    sections: &view.sections,
                    signer: signer.as_ref(),
                    submitter: &submitter,
                    number: &choice.number,
                    date,
                    directions: &view.directions,
                },
                &view.snapshot,
            );
            if format == ExportFormat::Pdf {
                render_pdf(doc).await?
            } else {
                render_docx(doc).await?
            }
        }
        ExportFormat::Xlsx => (unit_xlsx(&view.snapshot, &view.unit_name)?, 0),
    };
    let code: String = units
        .get(&unit_id)
        .map(|u| u.short_name.as_str())
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    store(
        db,
        user,
        storage,
        NewExport {
            owner: format!("u:{}", r.id),
            period_id: p.id,
            unit_id: Some(unit_id),
            format,
            stem: &stem_of(p.kind, p.year, &format!("dv{}{code}", unit_id)),
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
    storage: &crate::services::storage::Storage,
    id: ExportId,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let e = report_export::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = match e.unit_id {
        Some(u) => user.may(Right::SeeUnit(u)),
        None => user.may(Right::SeeAllUnits),
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let bytes = storage
        .get(&crate::services::storage::export_key(e.id))
        .await?;
    Ok((e.file_name, ExportFormat::content_type(&e.format), bytes))
}
