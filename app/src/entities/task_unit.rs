use crate::domain::{PlanId, UnitId};
use sea_orm::entity::prelude::*;

/// A co-operating unit of a task.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: UnitId,
    /// The task's plan (a copy: tasks never change plan), so that the units of a plan are
    /// found by an index. Links made before it existed were given their task's plan.
    pub plan_id: Option<PlanId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
