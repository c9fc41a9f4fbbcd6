use crate::domain::task::Direction;
use crate::domain::{AreaId, PlanId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: PlanId,
    pub area_id: Option<AreaId>,
    pub position: i32,
    pub name: String,
    pub measure: String,
    pub target: f64,
    pub direction: Direction,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
