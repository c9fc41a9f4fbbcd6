//! Indexes in date order, so that the figures over time and the overdue lists read tasks in the
//! order they need them instead of sorting them:
//!
//! - by plan and due date: how many open tasks fall due on each day (the trend's overdue);
//! - by plan, state and completion date: how many were completed on each day, and how many of
//!   them on time (the trend's completions);
//! - by due date alone: the longest overdue tasks first, reading only the first few.
//!
//! Each also holds the columns those counts are filtered on (state, dates, lead unit), so the
//! index alone answers.

use sea_orm_migration::prelude::*;

use crate::schema::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const DUE: &str = "idx_tasks_plan_due";
const DONE: &str = "idx_tasks_plan_done";
const OVERDUE: &str = "idx_tasks_due";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in [
            (
                DUE,
                [
                    Tasks::PlanId,
                    Tasks::EffectiveDueOn,
                    Tasks::State,
                    Tasks::CompletedOn,
                    Tasks::LeadUnitId,
                ],
            ),
            (
                DONE,
                [
                    Tasks::PlanId,
                    Tasks::State,
                    Tasks::CompletedOn,
                    Tasks::EffectiveDueOn,
                    Tasks::LeadUnitId,
                ],
            ),
            (
                OVERDUE,
                [
                    Tasks::EffectiveDueOn,
                    Tasks::State,
                    Tasks::CompletedOn,
                    Tasks::PlanId,
                    Tasks::LeadUnitId,
                ],
            ),
        ] {
            index(manager, name, Tasks::Table, cols).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [DUE, DONE, OVERDUE] {
            drop_index(manager, name, Tasks::Table).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    PlanId,
    LeadUnitId,
    State,
    EffectiveDueOn,
    CompletedOn,
}
