use crate::domain::task::PeriodKind;
use crate::domain::PlanId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reporting_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: PlanId,
    pub year: i32,
    pub kind: PeriodKind,
    pub window_start: Date,
    pub cutoff: Date,
    pub unit_due_on: Date,
    pub province_due_on: Date,
    pub is_open: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
