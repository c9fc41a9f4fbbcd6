use crate::domain::task::{PlanKind, PlanStatus};
use crate::domain::PlanId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PlanId,
    #[sea_orm(unique)]
    pub number: String,
    pub title: String,
    pub kind: PlanKind,
    pub issued_on: Date,
    pub issuing_body: String,
    pub year_from: i32,
    pub year_to: i32,
    pub parent_id: Option<PlanId>,
    pub status: PlanStatus,
    pub source_file_id: Option<i32>,
    pub signer: String,
    pub summary: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
