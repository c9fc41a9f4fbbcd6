//! Who issues and signs a report, and how an indicator's province figure is formed.
//!
//! Schema:
//! - `units` gains `doc_symbol` (the issuer's code in a document number, "STP" in
//!   "08/BC-STP", "UBND" for a commune) and `place` (the place name of its documents' date
//!   line, "Tân Phú"; empty: the province's), both empty for units made before.
//! - `unit_signers`: the people who sign a unit's documents, each with the title printed
//!   above the name ("PHÓ GIÁM ĐỐC") and the lines above the title when signing for someone
//!   ("KT. GIÁM ĐỐC", or "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH"), one of them the default;
//!   deleting the unit deletes them.
//! - `indicators` gains `baseline` (the value at the start, unknown for indicators made
//!   before) and `aggregation`, how the province figure is formed from the units' values:
//!   `average` (what every indicator did before), `sum`, `weighted` (values weighted by a
//!   base each unit gives) or `ratio` (a count over a base count, as a percentage).
//! - `indicator_values` gains `base`: the weight or the denominator of such a value.
//!
//! `down` drops the table and the columns.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::Cascade;

use crate::schema::{add_column, drop_column, drop_tables, index, CreateTable, Units};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Units::Table,
            string_len(UnitColumns::DocSymbol, 32).default(""),
        )
        .await?;
        add_column(
            manager,
            Units::Table,
            string_len(UnitColumns::Place, 64).default(""),
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(UnitSigners::Table)
                    .col(pk_auto(UnitSigners::Id))
                    .col(integer(UnitSigners::UnitId))
                    .col(string_len(UnitSigners::FullName, 128))
                    .col(string_len(UnitSigners::Title, 128))
                    .col(string_len(UnitSigners::OnBehalf, 255).default(""))
                    .col(boolean(UnitSigners::IsDefault).default(false))
                    .timestamps(UnitSigners::CreatedAt, UnitSigners::UpdatedAt)
                    .fk(UnitSigners::UnitId, Units::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_unit_signers_unit",
            UnitSigners::Table,
            [UnitSigners::UnitId],
        )
        .await?;
        add_column(
            manager,
            Indicators::Table,
            double_null(IndicatorColumns::Baseline),
        )
        .await?;
        add_column(
            manager,
            Indicators::Table,
            string_len(IndicatorColumns::Aggregation, 16).default("average"),
        )
        .await?;
        add_column(
            manager,
            IndicatorValues::Table,
            double_null(IndicatorValueColumns::Base),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, IndicatorValues::Table, IndicatorValueColumns::Base).await?;
        drop_column(manager, Indicators::Table, IndicatorColumns::Aggregation).await?;
        drop_column(manager, Indicators::Table, IndicatorColumns::Baseline).await?;
        drop_tables(manager, [UnitSigners::Table.into_iden()]).await?;
        drop_column(manager, Units::Table, UnitColumns::Place).await?;
        drop_column(manager, Units::Table, UnitColumns::DocSymbol).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum UnitColumns {
    DocSymbol,
    Place,
}

#[derive(DeriveIden, Clone, Copy)]
enum UnitSigners {
    Table,
    Id,
    UnitId,
    FullName,
    Title,
    OnBehalf,
    IsDefault,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Indicators {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorColumns {
    Baseline,
    Aggregation,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorValues {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum IndicatorValueColumns {
    Base,
}
