//! An index holding every column the figures are counted from (plan, lead unit, area, state,
//! deadline, completion date, progress), so that the dashboard, the plan page and the reports
//! count tasks by reading the index alone instead of the wide task rows.

use sea_orm_migration::prelude::*;

use crate::schema::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_tasks_figures";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(
            manager,
            NAME,
            Tasks::Table,
            [
                Tasks::PlanId,
                Tasks::LeadUnitId,
                Tasks::AreaId,
                Tasks::State,
                Tasks::EffectiveDueOn,
                Tasks::CompletedOn,
                Tasks::Progress,
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, NAME, Tasks::Table).await
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
