use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

/// A leader's direction to a unit (on a task, on its report of a period, or on the unit), and
/// the unit's answer (empty until answered).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: UnitId,
    pub task_id: Option<i32>,
    pub period_id: Option<i32>,
    pub body: String,
    pub given_by: Option<i32>,
    pub given_at: DateTimeUtc,
    pub answer: String,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
