//! Directives as task sources, and the leaders in charge of areas and units.
//!
//! Schema:
//! - `plans` gains `signer` and `summary` (empty for plans made before): a source document is a
//!   plan (programme, annual, thematic) or a leaders' document (a directive, a conclusion
//!   notice), told apart by `kind`, whose column already takes any short string.
//! - `leader_scopes`: a leader (a vice-chair) in charge of a reform area or of a unit (exactly
//!   one of the two), once each (two unique indexes); deleting the user, the area or the unit deletes the row.
//! - The reminder rule `task_escalate_leader`: a task overdue for 30 days (by default) goes to
//!   the leader in charge of its area or unit as well.
//!
//! `down` drops the table, the rule and the two columns.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::Cascade;

use crate::schema::{
    add_column, drop_column, drop_tables, unique_index, CreateTable, Plans, Units, Users,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Plans::Table,
            string_len(PlanColumns::Signer, 255).default(""),
        )
        .await?;
        add_column(
            manager,
            Plans::Table,
            text(PlanColumns::Summary).default(""),
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(LeaderScopes::Table)
                    .col(pk_auto(LeaderScopes::Id))
                    .col(integer(LeaderScopes::UserId))
                    .col(integer_null(LeaderScopes::AreaId))
                    .col(integer_null(LeaderScopes::UnitId))
                    .check(
                        Expr::col(LeaderScopes::AreaId)
                            .is_null()
                            .and(Expr::col(LeaderScopes::UnitId).is_not_null())
                            .or(Expr::col(LeaderScopes::AreaId)
                                .is_not_null()
                                .and(Expr::col(LeaderScopes::UnitId).is_null())),
                    )
                    .fk(LeaderScopes::UserId, Users::Table, Cascade)
                    .fk(LeaderScopes::AreaId, ReformAreas::Table, Cascade)
                    .fk(LeaderScopes::UnitId, Units::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        // A NULL never equals another, so the two indexes together keep each area and each
        // unit once per leader.
        unique_index(
            manager,
            "ux_leader_scopes_area",
            LeaderScopes::Table,
            [LeaderScopes::UserId, LeaderScopes::AreaId],
        )
        .await?;
        unique_index(
            manager,
            "ux_leader_scopes_unit",
            LeaderScopes::Table,
            [LeaderScopes::UserId, LeaderScopes::UnitId],
        )
        .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ReminderRules::Table)
                    .columns([
                        ReminderRules::Code,
                        ReminderRules::Enabled,
                        ReminderRules::Offsets,
                        ReminderRules::UpdatedAt,
                    ])
                    .values_panic([
                        RULE.into(),
                        true.into(),
                        "30".into(),
                        Expr::current_timestamp(),
                    ])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(ReminderRules::Table)
                    .and_where(Expr::col(ReminderRules::Code).eq(RULE))
                    .to_owned(),
            )
            .await?;
        drop_tables(manager, [LeaderScopes::Table.into_iden()]).await?;
        drop_column(manager, Plans::Table, PlanColumns::Summary).await?;
        drop_column(manager, Plans::Table, PlanColumns::Signer).await
    }
}

const RULE: &str = "task_escalate_leader";

#[derive(DeriveIden, Clone, Copy)]
enum PlanColumns {
    Signer,
    Summary,
}

#[derive(DeriveIden, Clone, Copy)]
enum LeaderScopes {
    Table,
    Id,
    UserId,
    AreaId,
    UnitId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReformAreas {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReminderRules {
    Table,
    Code,
    Enabled,
    Offsets,
    UpdatedAt,
}
