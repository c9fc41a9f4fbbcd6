use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "province_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub period_id: i32,
    pub number: String,
    pub place: String,
    pub report_date: Date,
    pub summary: String,
    pub direction: String,
    pub results: String,
    pub assessment: String,
    pub next_tasks: String,
    pub proposals: String,
    pub recipients: String,
    pub signer_lines: String,
    pub signer_name: String,
    pub figures: String,
    pub compiled_at: DateTimeUtc,
    pub compiled_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
