use sea_orm::entity::prelude::*;

/// A stored file: a plan's source document or a progress update's evidence. The bytes live on
/// disk under the data directory, named by id; the checksum is kept here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: Option<i32>,
    pub task_id: Option<i32>,
    pub update_id: Option<i32>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
