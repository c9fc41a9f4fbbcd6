use crate::domain::{AreaId, UnitId};
use sea_orm::entity::prelude::*;

/// A leader in charge of a reform area or of a unit (exactly one of the two is set).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leader_scopes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub area_id: Option<AreaId>,
    pub unit_id: Option<UnitId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
