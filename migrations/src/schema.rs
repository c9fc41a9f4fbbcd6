//! What the migrations share: foreign keys, the creation and drop of indexes, tables and
//! columns, the created/updated timestamps, and the names of the tables that other tables
//! point at. Shipped migrations build their statements here, so a helper never changes the
//! statement it builds: `tests/tests/schema.rs` fails when a fresh database no longer has the
//! newest fixture's schema.

use sea_orm_migration::{prelude::*, schema::*};

/// A foreign key from `from_table.from_col` to `to_table.to_col`, with `on_delete`.
pub(crate) fn fk(
    from_table: impl IntoTableRef,
    from_col: impl IntoIden,
    to_table: impl IntoTableRef,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(on_delete)
        .to_owned()
}

/// Additions to `Table::create()`.
pub(crate) trait CreateTable {
    /// A foreign key from `col` of the table being created to the `id` of `to_table` (every
    /// foreign key of this schema points at an `id`): [`fk`].
    fn fk(
        &mut self,
        col: impl IntoIden,
        to_table: impl IntoTableRef,
        on_delete: ForeignKeyAction,
    ) -> &mut Self;

    /// The two timestamp columns `created` and `updated` (with time zone, not null).
    fn timestamps(&mut self, created: impl IntoIden, updated: impl IntoIden) -> &mut Self;
}

impl CreateTable for TableCreateStatement {
    fn fk(
        &mut self,
        col: impl IntoIden,
        to_table: impl IntoTableRef,
        on_delete: ForeignKeyAction,
    ) -> &mut Self {
        let table = self
            .get_table_name()
            .cloned()
            .expect("a table is named before its foreign keys");
        let id = Alias::new("id");
        self.foreign_key(&mut fk(table, col, to_table, id, on_delete))
    }

    fn timestamps(&mut self, created: impl IntoIden, updated: impl IntoIden) -> &mut Self {
        self.col(timestamp_with_time_zone(created))
            .col(timestamp_with_time_zone(updated))
    }
}

/// Creates the index `name` on `cols` of `table`.
pub(crate) async fn index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    manager.create_index(index_on(name, table, cols)).await
}

/// Creates the unique index `name` on `cols` of `table`.
pub(crate) async fn unique_index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    manager
        .create_index(index_on(name, table, cols).unique().to_owned())
        .await
}

fn index_on<C: IntoIden>(
    name: &str,
    table: impl IntoIden,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in cols {
        stmt.col(c);
    }
    stmt
}

/// Drops the index `name` of `table`.
pub(crate) async fn drop_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}

/// Drops `tables`, in that order.
pub(crate) async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = DynIden>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}

/// Adds the column `col` to `table`.
pub(crate) async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

/// Drops the column `col` of `table`.
pub(crate) async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

// The tables that later migrations' foreign keys point at (at their `id`).

#[derive(DeriveIden)]
pub(crate) enum Units {
    Table,
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
}

#[derive(DeriveIden)]
pub(crate) enum Plans {
    Table,
}

#[derive(DeriveIden)]
pub(crate) enum Tasks {
    Table,
}

#[derive(DeriveIden)]
pub(crate) enum ReportingPeriods {
    Table,
}
