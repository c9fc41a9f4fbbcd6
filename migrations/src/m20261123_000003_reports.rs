//! The reporting cycle: reporting periods per plan-year, unit reports with their history,
//! the province report of each period, and the numbered exports (PDF, XLSX) of both.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, Restrict};

use crate::schema::{drop_tables, index, unique_index, CreateTable, Plans, Units};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportingPeriods::Table)
                    .col(pk_auto(ReportingPeriods::Id))
                    .col(integer(ReportingPeriods::PlanId))
                    .col(integer(ReportingPeriods::Year))
                    .col(string_len(ReportingPeriods::Kind, 32))
                    .col(date(ReportingPeriods::WindowStart))
                    .col(date(ReportingPeriods::Cutoff))
                    .col(date(ReportingPeriods::UnitDueOn))
                    .col(date(ReportingPeriods::ProvinceDueOn))
                    .col(boolean(ReportingPeriods::IsOpen))
                    .timestamps(ReportingPeriods::CreatedAt, ReportingPeriods::UpdatedAt)
                    .fk(ReportingPeriods::PlanId, Plans::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_reporting_periods_plan_year_kind",
            ReportingPeriods::Table,
            [
                ReportingPeriods::PlanId,
                ReportingPeriods::Year,
                ReportingPeriods::Kind,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(UnitReports::Table)
                    .col(pk_auto(UnitReports::Id))
                    .col(integer(UnitReports::PeriodId))
                    .col(integer(UnitReports::UnitId))
                    .col(string_len(UnitReports::Status, 32))
                    .col(text(UnitReports::Results))
                    .col(text(UnitReports::Shortcomings))
                    .col(text(UnitReports::NextTasks))
                    .col(text(UnitReports::Proposals))
                    // The frozen task states and indicator values (JSON), set on submission.
                    .col(text_null(UnitReports::Snapshot))
                    .col(timestamp_with_time_zone_null(UnitReports::SubmittedAt))
                    .col(integer_null(UnitReports::SubmittedBy))
                    .col(boolean(UnitReports::SubmittedLate))
                    .col(integer(UnitReports::Submissions))
                    .col(timestamp_with_time_zone_null(UnitReports::ReviewedAt))
                    .col(integer_null(UnitReports::ReviewedBy))
                    .col(text(UnitReports::ReviewComment))
                    .col(integer_null(UnitReports::CreatedBy))
                    .timestamps(UnitReports::CreatedAt, UnitReports::UpdatedAt)
                    .fk(UnitReports::PeriodId, ReportingPeriods::Table, Cascade)
                    .fk(UnitReports::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_unit_reports_period_unit",
            UnitReports::Table,
            [UnitReports::PeriodId, UnitReports::UnitId],
        )
        .await?;
        index(
            manager,
            "ix_unit_reports_status",
            UnitReports::Table,
            [UnitReports::Status],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(UnitReportEvents::Table)
                    .col(pk_auto(UnitReportEvents::Id))
                    .col(integer(UnitReportEvents::ReportId))
                    .col(string_len(UnitReportEvents::Action, 32))
                    .col(integer_null(UnitReportEvents::UserId))
                    .col(text(UnitReportEvents::Comment))
                    .col(timestamp_with_time_zone(UnitReportEvents::At))
                    .fk(UnitReportEvents::ReportId, UnitReports::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_unit_report_events_report",
            UnitReportEvents::Table,
            [UnitReportEvents::ReportId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProvinceReports::Table)
                    .col(pk_auto(ProvinceReports::Id))
                    .col(integer_uniq(ProvinceReports::PeriodId))
                    .col(string_len(ProvinceReports::Number, 64))
                    .col(string_len(ProvinceReports::Place, 128))
                    .col(date(ProvinceReports::ReportDate))
                    .col(text(ProvinceReports::Summary))
                    .col(text(ProvinceReports::Direction))
                    .col(text(ProvinceReports::Results))
                    .col(text(ProvinceReports::Assessment))
                    .col(text(ProvinceReports::NextTasks))
                    .col(text(ProvinceReports::Proposals))
                    .col(text(ProvinceReports::Recipients))
                    .col(text(ProvinceReports::SignerLines))
                    .col(string_len(ProvinceReports::SignerName, 255))
                    // The compiled figures (JSON), as of the period's cut-off.
                    .col(text(ProvinceReports::Figures))
                    .col(timestamp_with_time_zone(ProvinceReports::CompiledAt))
                    .col(integer_null(ProvinceReports::CompiledBy))
                    .col(timestamp_with_time_zone(ProvinceReports::UpdatedAt))
                    .fk(ProvinceReports::PeriodId, ReportingPeriods::Table, Cascade)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportExports::Table)
                    .col(pk_auto(ReportExports::Id))
                    // "p:{province report id}" or "u:{unit report id}".
                    .col(string_len(ReportExports::Owner, 32))
                    .col(integer(ReportExports::PeriodId))
                    .col(integer_null(ReportExports::UnitId))
                    .col(string_len(ReportExports::Format, 16))
                    .col(integer(ReportExports::Version))
                    .col(string_len(ReportExports::FileName, 255))
                    .col(big_integer(ReportExports::SizeBytes))
                    .col(string_len(ReportExports::Sha256, 64))
                    .col(integer(ReportExports::Pages))
                    .col(integer_null(ReportExports::CreatedBy))
                    .col(timestamp_with_time_zone(ReportExports::CreatedAt))
                    .fk(ReportExports::PeriodId, ReportingPeriods::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_report_exports_version",
            ReportExports::Table,
            [
                ReportExports::Owner,
                ReportExports::Format,
                ReportExports::Version,
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ReportExports::Table.into_iden(),
                ProvinceReports::Table.into_iden(),
                UnitReportEvents::Table.into_iden(),
                UnitReports::Table.into_iden(),
                ReportingPeriods::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportingPeriods {
    Table,
    Id,
    PlanId,
    Year,
    Kind,
    WindowStart,
    Cutoff,
    UnitDueOn,
    ProvinceDueOn,
    IsOpen,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum UnitReports {
    Table,
    Id,
    PeriodId,
    UnitId,
    Status,
    Results,
    Shortcomings,
    NextTasks,
    Proposals,
    Snapshot,
    SubmittedAt,
    SubmittedBy,
    SubmittedLate,
    Submissions,
    ReviewedAt,
    ReviewedBy,
    ReviewComment,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum UnitReportEvents {
    Table,
    Id,
    ReportId,
    Action,
    UserId,
    Comment,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProvinceReports {
    Table,
    Id,
    PeriodId,
    Number,
    Place,
    ReportDate,
    Summary,
    Direction,
    Results,
    Assessment,
    NextTasks,
    Proposals,
    Recipients,
    SignerLines,
    SignerName,
    Figures,
    CompiledAt,
    CompiledBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportExports {
    Table,
    Id,
    Owner,
    PeriodId,
    UnitId,
    Format,
    Version,
    FileName,
    SizeBytes,
    Sha256,
    Pages,
    CreatedBy,
    CreatedAt,
}
