use crate::domain::progress::UpdateKind;
use crate::domain::task::TaskState;
use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub unit_id: UnitId,
    pub user_id: Option<i32>,
    pub kind: UpdateKind,
    pub progress: Option<i32>,
    pub state: Option<TaskState>,
    pub completed_on: Option<Date>,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
