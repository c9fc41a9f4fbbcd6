//! The plan of each co-operating link, beside the task it belongs to, with an index by plan and
//! unit: which units co-operate in which plans (the units expected to report on a plan) is then
//! read from that index alone, without looking up every linked task. A task never moves to
//! another plan, so the copy never goes stale; existing links take their task's plan.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_task_units_plan";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TaskUnits::Table)
                    .add_column(ColumnDef::new(TaskUnits::PlanId).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE task_units SET plan_id = \
                 (SELECT tasks.plan_id FROM tasks WHERE tasks.id = task_units.task_id)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(TaskUnits::Table)
                    .col(TaskUnits::PlanId)
                    .col(TaskUnits::UnitId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(TaskUnits::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TaskUnits::Table)
                    .drop_column(TaskUnits::PlanId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskUnits {
    Table,
    PlanId,
    UnitId,
}
