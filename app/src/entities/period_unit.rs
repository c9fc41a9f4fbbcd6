use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

/// A unit added to (`expected`) or exempted from (`!expected`) a period's expected units.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "period_units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub period_id: i32,
    pub unit_id: UnitId,
    pub expected: bool,
    pub reason: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
