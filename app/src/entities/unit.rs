use crate::domain::UnitId;
use crate::domain::UnitKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UnitId,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub successor_id: Option<UnitId>,
    /// The issuer's code in a document number ("STP" in "08/BC-STP").
    pub doc_symbol: String,
    /// The place name of its documents' date line (empty: the province's).
    pub place: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
