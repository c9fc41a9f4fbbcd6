//! Plans and their tasks: reform areas, plans, tasks with co-operating units and deadline
//! extensions, progress updates, attachments (evidence files, source documents), indicators
//! with their actual values, and staged imports of a plan's task table.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, Restrict, SetNull};

use crate::schema::{drop_tables, index, unique_index, CreateTable, Units, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The reform areas of Nghị quyết 76/NQ-CP plus the leading "direction and management" section:
/// (code, position, Vietnamese name, English name, folded keywords that identify the area in a
/// plan's heading). Kept as data so a province can add its own heading.
const AREAS: [(&str, i32, &str, &str, &str); 7] = [
    (
        "chi_dao",
        0,
        "Công tác chỉ đạo, điều hành",
        "Direction and management",
        "chi dao,dieu hanh,kiem tra,tuyen truyen",
    ),
    (
        "the_che",
        1,
        "Cải cách thể chế",
        "Institutional reform",
        "the che",
    ),
    (
        "tthc",
        2,
        "Cải cách thủ tục hành chính",
        "Administrative procedures",
        "thu tuc hanh chinh,tthc",
    ),
    (
        "to_chuc",
        3,
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        "Organisational apparatus",
        "to chuc bo may,bo may",
    ),
    (
        "cong_vu",
        4,
        "Cải cách chế độ công vụ",
        "Civil service",
        "cong vu,cong chuc",
    ),
    (
        "tai_chinh",
        5,
        "Cải cách tài chính công",
        "Public finance",
        "tai chinh cong",
    ),
    (
        "so",
        6,
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        "E-government and digital government",
        "chinh phu dien tu,chinh phu so,chinh quyen so,chuyen doi so",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReformAreas::Table)
                    .col(pk_auto(ReformAreas::Id))
                    .col(string_len_uniq(ReformAreas::Code, 32))
                    .col(integer(ReformAreas::Position))
                    .col(string_len(ReformAreas::NameVi, 255))
                    .col(string_len(ReformAreas::NameEn, 255))
                    .col(text(ReformAreas::Keywords))
                    .to_owned(),
            )
            .await?;
        for (code, position, vi, en, keywords) in AREAS {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(ReformAreas::Table)
                        .columns([
                            ReformAreas::Code,
                            ReformAreas::Position,
                            ReformAreas::NameVi,
                            ReformAreas::NameEn,
                            ReformAreas::Keywords,
                        ])
                        .values_panic([
                            code.into(),
                            position.into(),
                            vi.into(),
                            en.into(),
                            keywords.into(),
                        ])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(pk_auto(Plans::Id))
                    .col(string_len_uniq(Plans::Number, 64))
                    .col(text(Plans::Title))
                    .col(string_len(Plans::Kind, 32))
                    .col(date(Plans::IssuedOn))
                    .col(string_len(Plans::IssuingBody, 255))
                    .col(integer(Plans::YearFrom))
                    .col(integer(Plans::YearTo))
                    .col(integer_null(Plans::ParentId))
                    .col(string_len(Plans::Status, 32))
                    // The source document (an attachment); no foreign key because attachments
                    // also point at plans.
                    .col(integer_null(Plans::SourceFileId))
                    .col(integer_null(Plans::CreatedBy))
                    .timestamps(Plans::CreatedAt, Plans::UpdatedAt)
                    .fk(Plans::ParentId, Plans::Table, Restrict)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(pk_auto(Tasks::Id))
                    .col(integer(Tasks::PlanId))
                    .col(integer(Tasks::AreaId))
                    .col(string_len(Tasks::Heading, 255))
                    .col(string_len(Tasks::ItemNo, 32))
                    .col(integer(Tasks::Position))
                    .col(text(Tasks::Title))
                    .col(integer(Tasks::LeadUnitId))
                    .col(string_len(Tasks::DeadlineKind, 32))
                    .col(date_null(Tasks::DueOn))
                    .col(string_len(Tasks::DueText, 128))
                    // The due date after the latest extension (kept with the extensions, in the
                    // same transaction) so that classes can be computed in SQL.
                    .col(date_null(Tasks::EffectiveDueOn))
                    .col(text(Tasks::ExpectedOutput))
                    .col(integer(Tasks::Progress))
                    .col(string_len(Tasks::State, 32))
                    .col(date_null(Tasks::CompletedOn))
                    .col(text_null(Tasks::CancelReason))
                    .col(timestamp_with_time_zone_null(Tasks::LastUpdateAt))
                    .timestamps(Tasks::CreatedAt, Tasks::UpdatedAt)
                    .fk(Tasks::PlanId, Plans::Table, Restrict)
                    .fk(Tasks::AreaId, ReformAreas::Table, Restrict)
                    .fk(Tasks::LeadUnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_tasks_plan_position",
            Tasks::Table,
            [Tasks::PlanId, Tasks::Position],
        )
        .await?;
        index(
            manager,
            "idx_tasks_lead_unit",
            Tasks::Table,
            [Tasks::LeadUnitId, Tasks::EffectiveDueOn],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaskUnits::Table)
                    .col(integer(TaskUnits::TaskId))
                    .col(integer(TaskUnits::UnitId))
                    .primary_key(
                        Index::create()
                            .col(TaskUnits::TaskId)
                            .col(TaskUnits::UnitId),
                    )
                    .fk(TaskUnits::TaskId, Tasks::Table, Cascade)
                    .fk(TaskUnits::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_units_unit",
            TaskUnits::Table,
            [TaskUnits::UnitId, TaskUnits::TaskId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaskExtensions::Table)
                    .col(pk_auto(TaskExtensions::Id))
                    .col(integer(TaskExtensions::TaskId))
                    .col(date_null(TaskExtensions::PreviousDueOn))
                    .col(date(TaskExtensions::NewDueOn))
                    .col(string_len(TaskExtensions::Document, 255))
                    .col(text(TaskExtensions::Note))
                    .col(integer_null(TaskExtensions::CreatedBy))
                    .col(timestamp_with_time_zone(TaskExtensions::CreatedAt))
                    .fk(TaskExtensions::TaskId, Tasks::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_extensions_task",
            TaskExtensions::Table,
            [TaskExtensions::TaskId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProgressUpdates::Table)
                    .col(pk_auto(ProgressUpdates::Id))
                    .col(integer(ProgressUpdates::TaskId))
                    .col(integer(ProgressUpdates::UnitId))
                    .col(integer_null(ProgressUpdates::UserId))
                    .col(string_len(ProgressUpdates::Kind, 32))
                    .col(integer_null(ProgressUpdates::Progress))
                    .col(string_len_null(ProgressUpdates::State, 32))
                    .col(date_null(ProgressUpdates::CompletedOn))
                    .col(text(ProgressUpdates::Body))
                    .col(timestamp_with_time_zone(ProgressUpdates::CreatedAt))
                    .fk(ProgressUpdates::TaskId, Tasks::Table, Cascade)
                    .fk(ProgressUpdates::UnitId, Units::Table, Restrict)
                    .fk(ProgressUpdates::UserId, Users::Table, SetNull)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_progress_updates_task",
            ProgressUpdates::Table,
            [ProgressUpdates::TaskId, ProgressUpdates::Id],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_auto(Attachments::Id))
                    .col(integer_null(Attachments::PlanId))
                    .col(integer_null(Attachments::TaskId))
                    .col(integer_null(Attachments::UpdateId))
                    .col(string_len(Attachments::FileName, 255))
                    .col(string_len(Attachments::ContentType, 128))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string_len(Attachments::Sha256, 64))
                    .col(integer_null(Attachments::UploadedBy))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .fk(Attachments::PlanId, Plans::Table, Restrict)
                    .fk(Attachments::TaskId, Tasks::Table, Restrict)
                    .fk(Attachments::UpdateId, ProgressUpdates::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_attachments_task",
            Attachments::Table,
            [Attachments::TaskId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Indicators::Table)
                    .col(pk_auto(Indicators::Id))
                    .col(integer(Indicators::PlanId))
                    .col(integer_null(Indicators::AreaId))
                    .col(integer(Indicators::Position))
                    .col(text(Indicators::Name))
                    .col(string_len(Indicators::Measure, 64))
                    .col(double(Indicators::Target))
                    .col(string_len(Indicators::Direction, 32))
                    .timestamps(Indicators::CreatedAt, Indicators::UpdatedAt)
                    .fk(Indicators::PlanId, Plans::Table, Restrict)
                    .fk(Indicators::AreaId, ReformAreas::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_indicators_plan",
            Indicators::Table,
            [Indicators::PlanId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(IndicatorUnits::Table)
                    .col(integer(IndicatorUnits::IndicatorId))
                    .col(integer(IndicatorUnits::UnitId))
                    .primary_key(
                        Index::create()
                            .col(IndicatorUnits::IndicatorId)
                            .col(IndicatorUnits::UnitId),
                    )
                    .fk(IndicatorUnits::IndicatorId, Indicators::Table, Cascade)
                    .fk(IndicatorUnits::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IndicatorValues::Table)
                    .col(pk_auto(IndicatorValues::Id))
                    .col(integer(IndicatorValues::IndicatorId))
                    .col(integer(IndicatorValues::UnitId))
                    .col(integer(IndicatorValues::Year))
                    .col(string_len(IndicatorValues::Period, 32))
                    .col(double(IndicatorValues::Value))
                    .col(text(IndicatorValues::Note))
                    .col(integer_null(IndicatorValues::EnteredBy))
                    .col(timestamp_with_time_zone(IndicatorValues::UpdatedAt))
                    .fk(IndicatorValues::IndicatorId, Indicators::Table, Cascade)
                    .fk(IndicatorValues::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_indicator_values_period",
            IndicatorValues::Table,
            [
                IndicatorValues::IndicatorId,
                IndicatorValues::UnitId,
                IndicatorValues::Year,
                IndicatorValues::Period,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ImportBatches::Table)
                    .col(pk_auto(ImportBatches::Id))
                    .col(integer(ImportBatches::PlanId))
                    .col(integer_null(ImportBatches::UserId))
                    .col(string_len(ImportBatches::FileName, 255))
                    .col(text(ImportBatches::Rows))
                    .col(integer(ImportBatches::RowCount))
                    .col(integer(ImportBatches::ErrorCount))
                    .col(string_len(ImportBatches::Status, 32))
                    .col(timestamp_with_time_zone(ImportBatches::CreatedAt))
                    .col(timestamp_with_time_zone_null(ImportBatches::ConfirmedAt))
                    .fk(ImportBatches::PlanId, Plans::Table, Cascade)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ImportBatches::Table.into_iden(),
                IndicatorValues::Table.into_iden(),
                IndicatorUnits::Table.into_iden(),
                Indicators::Table.into_iden(),
                Attachments::Table.into_iden(),
                ProgressUpdates::Table.into_iden(),
                TaskExtensions::Table.into_iden(),
                TaskUnits::Table.into_iden(),
                Tasks::Table.into_iden(),
                Plans::Table.into_iden(),
                ReformAreas::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ReformAreas {
    Table,
    Id,
    Code,
    Position,
    NameVi,
    NameEn,
    Keywords,
}

#[derive(DeriveIden, Clone, Copy)]
enum Plans {
    Table,
    Id,
    Number,
    Title,
    Kind,
    IssuedOn,
    IssuingBody,
    YearFrom,
    YearTo,
    ParentId,
    Status,
    SourceFileId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    PlanId,
    AreaId,
    Heading,
    ItemNo,
    Position,
    Title,
    LeadUnitId,
    DeadlineKind,
    DueOn,
    DueText,
    EffectiveDueOn,
    ExpectedOutput,
    Progress,
    State,
    CompletedOn,
    CancelReason,
    LastUpdateAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskUnits {
    Table,
    TaskId,
    UnitId,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskExtensions {
    Table,
    Id,
    TaskId,
    PreviousDueOn,
    NewDueOn,
    Document,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProgressUpdates {
    Table,
    Id,
    TaskId,
    UnitId,
    UserId,
    Kind,
    Progress,
    State,
    CompletedOn,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Attachments {
    Table,
    Id,
    PlanId,
    TaskId,
    UpdateId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Indicators {
    Table,
    Id,
    PlanId,
    AreaId,
    Position,
    Name,
    Measure,
    Target,
    Direction,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorUnits {
    Table,
    IndicatorId,
    UnitId,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorValues {
    Table,
    Id,
    IndicatorId,
    UnitId,
    Year,
    Period,
    Value,
    Note,
    EnteredBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ImportBatches {
    Table,
    Id,
    PlanId,
    UserId,
    FileName,
    Rows,
    RowCount,
    ErrorCount,
    Status,
    CreatedAt,
    ConfirmedAt,
}
