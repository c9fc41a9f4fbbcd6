//! Extension requests from units ("đề nghị gia hạn"): the head of a task's lead unit asks the
//! PAR office to move its deadline, with a reason, a proposed date and an optional evidence
//! file; the office approves it (with the approving document: the deadline moves as with any
//! extension, a `task_extensions` row) or refuses it with a reason.
//!
//! Schema:
//! - `extension_requests`: the task (deleting it deletes its requests), the unit that asked
//!   (restricted: a unit with requests stays), who asked and who decided (users, set to NULL if
//!   a user is ever deleted), the reason, the proposed date and the due date when it was asked,
//!   the evidence file (an attachment of the task), the status (pending, approved or refused,
//!   checked), when and by which document it was decided, the office's note or reason.
//! - One pending request per task: a unique index on `task_id` where `status = 'pending'`.
//! - The requests of a task: an index on `task_id`.
//!
//! `down` drops the table and its indexes.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, Restrict, SetNull};

use crate::schema::{drop_tables, index, CreateTable, Tasks, Units, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One pending request per task.
const PENDING_UNIQUE: &str = "uq_extension_requests_pending_task";
/// The requests of a task, oldest first.
const TASK_INDEX: &str = "ix_extension_requests_task";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExtensionRequests::Table)
                    .col(pk_auto(ExtensionRequests::Id))
                    .col(integer(ExtensionRequests::TaskId))
                    .col(integer(ExtensionRequests::UnitId))
                    .col(integer_null(ExtensionRequests::RequestedBy))
                    .col(text(ExtensionRequests::Reason))
                    .col(date(ExtensionRequests::ProposedDueOn))
                    .col(date_null(ExtensionRequests::PreviousDueOn))
                    .col(integer_null(ExtensionRequests::AttachmentId))
                    .col(string_len(ExtensionRequests::Status, 16))
                    .col(integer_null(ExtensionRequests::DecidedBy))
                    .col(timestamp_with_time_zone_null(ExtensionRequests::DecidedAt))
                    // The approving document: empty unless approved.
                    .col(string_len(ExtensionRequests::DecisionDocument, 255))
                    // The office's note on approval, its reason on refusal.
                    .col(text(ExtensionRequests::DecisionNote))
                    .timestamps(ExtensionRequests::CreatedAt, ExtensionRequests::UpdatedAt)
                    // Written as three equalities, not IN: PostgreSQL prints an IN list over a
                    // varchar in a form that reads back differently after a dump and restore.
                    .check(Check::named(
                        "ck_extension_requests_status",
                        Expr::col(ExtensionRequests::Status)
                            .eq("pending")
                            .or(Expr::col(ExtensionRequests::Status).eq("approved"))
                            .or(Expr::col(ExtensionRequests::Status).eq("refused")),
                    ))
                    .fk(ExtensionRequests::TaskId, Tasks::Table, Cascade)
                    .fk(ExtensionRequests::UnitId, Units::Table, Restrict)
                    .fk(ExtensionRequests::RequestedBy, Users::Table, SetNull)
                    .fk(ExtensionRequests::AttachmentId, Attachments::Table, SetNull)
                    .fk(ExtensionRequests::DecidedBy, Users::Table, SetNull)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            TASK_INDEX,
            ExtensionRequests::Table,
            [ExtensionRequests::TaskId],
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name(PENDING_UNIQUE)
                    .table(ExtensionRequests::Table)
                    .col(ExtensionRequests::TaskId)
                    .unique()
                    .and_where(Expr::col(ExtensionRequests::Status).eq("pending"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The indexes go with the table.
        drop_tables(manager, [ExtensionRequests::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum ExtensionRequests {
    Table,
    Id,
    TaskId,
    UnitId,
    RequestedBy,
    Reason,
    ProposedDueOn,
    PreviousDueOn,
    AttachmentId,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionDocument,
    DecisionNote,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
}
