use crate::domain::progress::ImportStatus;
use crate::domain::PlanId;
use sea_orm::entity::prelude::*;

/// An uploaded task table waiting for confirmation: the parsed rows (JSON) with their errors.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: PlanId,
    pub user_id: Option<i32>,
    pub file_name: String,
    pub rows: String,
    pub row_count: i32,
    pub error_count: i32,
    pub status: ImportStatus,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
