use crate::domain::task::PeriodKind;
use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_values")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub indicator_id: i32,
    pub unit_id: UnitId,
    pub year: i32,
    pub period: PeriodKind,
    pub value: f64,
    /// The weight (weighted) or the count the value is over (ratio).
    pub base: Option<f64>,
    pub note: String,
    pub entered_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
