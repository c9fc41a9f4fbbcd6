use crate::domain::task::{Aggregation, Direction};
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
    /// The value at the start (unknown for indicators made before it was asked).
    pub baseline: Option<f64>,
    /// How the province figure is formed from the units' values.
    pub aggregation: Aggregation,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
