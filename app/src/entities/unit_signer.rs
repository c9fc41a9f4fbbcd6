use crate::domain::UnitId;
use sea_orm::entity::prelude::*;

/// A person who signs a unit's documents.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_signers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: UnitId,
    pub full_name: String,
    /// The title above the name: "PHÓ GIÁM ĐỐC".
    pub title: String,
    /// The lines above the title when signing for someone, one per line: "KT. GIÁM ĐỐC".
    pub on_behalf: String,
    pub is_default: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
