//! The plan of each co-operating link, beside the task it belongs to, with an index by plan and
//! unit: which units co-operate in which plans (the units expected to report on a plan) is then
//! read from that index alone, without looking up every linked task. A task never moves to
//! another plan, so the copy never goes stale; existing links take their task's plan.

use sea_orm_migration::prelude::*;

use crate::schema::{add_column, drop_column, drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_task_units_plan";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            TaskUnits::Table,
            ColumnDef::new(TaskUnits::PlanId).integer().null(),
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE task_units SET plan_id = \
                 (SELECT tasks.plan_id FROM tasks WHERE tasks.id = task_units.task_id)",
            )
            .await?;
        index(
            manager,
            INDEX,
            TaskUnits::Table,
            [TaskUnits::PlanId, TaskUnits::UnitId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, INDEX, TaskUnits::Table).await?;
        drop_column(manager, TaskUnits::Table, TaskUnits::PlanId).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskUnits {
    Table,
    PlanId,
    UnitId,
}
