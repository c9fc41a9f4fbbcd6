use crate::domain::AreaId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reform_areas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AreaId,
    #[sea_orm(unique)]
    pub code: String,
    pub position: i32,
    pub name_vi: String,
    pub name_en: String,
    /// Comma-separated folded keywords that identify the area in a plan's heading.
    pub keywords: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
