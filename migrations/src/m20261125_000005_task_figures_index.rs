//! An index holding every column the figures are counted from (plan, lead unit, area, state,
//! deadline, completion date, progress), so that the dashboard, the plan page and the reports
//! count tasks by reading the index alone instead of the wide task rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_tasks_figures";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Tasks::Table)
                    .col(Tasks::PlanId)
                    .col(Tasks::LeadUnitId)
                    .col(Tasks::AreaId)
                    .col(Tasks::State)
                    .col(Tasks::EffectiveDueOn)
                    .col(Tasks::CompletedOn)
                    .col(Tasks::Progress)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Tasks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    PlanId,
    LeadUnitId,
    AreaId,
    State,
    EffectiveDueOn,
    CompletedOn,
    Progress,
}
