use crate::domain::task::PeriodKind;
use crate::domain::PlanId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reporting_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The plan of a per-plan period from before periods belonged to the province (kept on
    /// the periods merged into a province period); `None` for a province period.
    pub plan_id: Option<PlanId>,
    pub year: i32,
    pub kind: PeriodKind,
    pub window_start: Date,
    pub cutoff: Date,
    pub unit_due_on: Date,
    pub province_due_on: Date,
    pub is_open: bool,
    /// The province period this one was merged into (its reports are history).
    pub merged_into: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
