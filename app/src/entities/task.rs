use crate::domain::task::{DeadlineKind, TaskState};
use crate::domain::{AreaId, PlanId, UnitId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: PlanId,
    pub area_id: AreaId,
    pub heading: String,
    pub item_no: String,
    pub position: i32,
    pub title: String,
    pub lead_unit_id: UnitId,
    pub deadline_kind: DeadlineKind,
    pub due_on: Option<Date>,
    pub due_text: String,
    pub effective_due_on: Option<Date>,
    pub expected_output: String,
    pub progress: i32,
    pub state: TaskState,
    pub completed_on: Option<Date>,
    pub cancel_reason: Option<String>,
    pub last_update_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
