//! Leaders' directions ("ý kiến chỉ đạo"): the Chairman or a vice-chair writes a direction on a
//! task, on a unit, or on a unit's report of a period; the unit answers it once.
//!
//! Schema:
//! - `directions`: the unit that answers (restricted: a unit with directions stays), the task
//!   or the period it is about (deleting either deletes its directions), the text, who gave it
//!   and when, the answer (empty until answered), who answered and when (users set to NULL if
//!   ever deleted).
//! - The directions of a unit by their answer time (its open ones first) and of a task.
//!
//! `down` drops the table and its indexes.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, Restrict, SetNull};

use crate::schema::{drop_tables, index, CreateTable, ReportingPeriods, Tasks, Units, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Directions::Table)
                    .col(pk_auto(Directions::Id))
                    .col(integer(Directions::UnitId))
                    .col(integer_null(Directions::TaskId))
                    .col(integer_null(Directions::PeriodId))
                    .col(text(Directions::Body))
                    .col(integer_null(Directions::GivenBy))
                    .col(timestamp_with_time_zone(Directions::GivenAt))
                    .col(text(Directions::Answer))
                    .col(integer_null(Directions::AnsweredBy))
                    .col(timestamp_with_time_zone_null(Directions::AnsweredAt))
                    .fk(Directions::UnitId, Units::Table, Restrict)
                    .fk(Directions::TaskId, Tasks::Table, Cascade)
                    .fk(Directions::PeriodId, ReportingPeriods::Table, Cascade)
                    .fk(Directions::GivenBy, Users::Table, SetNull)
                    .fk(Directions::AnsweredBy, Users::Table, SetNull)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_directions_unit_answered",
            Directions::Table,
            [Directions::UnitId, Directions::AnsweredAt],
        )
        .await?;
        index(
            manager,
            "ix_directions_task",
            Directions::Table,
            [Directions::TaskId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [Directions::Table.into_iden()]).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Directions {
    Table,
    Id,
    UnitId,
    TaskId,
    PeriodId,
    Body,
    GivenBy,
    GivenAt,
    Answer,
    AnsweredBy,
    AnsweredAt,
}
