use crate::domain::extension::ExtensionStatus;
use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

/// A unit's request to extend a task's deadline, and the PAR office's decision on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "extension_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub unit_id: UnitId,
    pub requested_by: Option<i32>,
    pub reason: String,
    pub proposed_due_on: Date,
    pub previous_due_on: Option<Date>,
    pub attachment_id: Option<i32>,
    pub status: ExtensionStatus,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_document: String,
    pub decision_note: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
