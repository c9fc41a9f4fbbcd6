//! What the migrations share: foreign keys, the creation and drop of indexes, tables and
//! columns, the created/updated timestamps, and the names of the tables that other tables
//! point at. Shipped migrations build their statements here, so a helper never changes the
//! statement it builds: `tests/tests/schema.rs` fails when a fresh database no longer has the
//! newest fixture's schema.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{DbBackend, Statement},
};

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

/// SQLite only: rebuilds `table` (whose key is an integer `id`) as `create` makes it, keeping
/// its rows (the `columns` named, which both the old and the new table have), their `id`s and
/// the table's AUTOINCREMENT counter; the indexes of the old table go with it, the caller makes
/// the new one's. This is how SQLite changes what `ALTER TABLE` cannot, such as dropping a
/// column's NOT NULL.
///
/// It runs inside the migration's transaction, with the foreign keys on (they cannot be turned
/// off inside a transaction), so a failure leaves the table as it was. The rows of other tables
/// that point at `table` keep pointing at it and lose nothing. The usual ways fail here:
/// renaming the old table away rewrites the foreign keys that name it so that they follow it
/// (also with `legacy_alter_table`, once foreign keys are on), and dropping it while its rows
/// are still parents deletes their children (ON DELETE CASCADE). So, with the foreign key checks
/// deferred: the rows are copied aside; the old table's keys are made negative, which no row
/// points at (no ON UPDATE action is declared, so nothing follows them); the old table is
/// dropped, being nobody's parent any more; the new table is made under the same name and the
/// rows come back with their own keys, which every reference finds again. Lifting the deferral
/// would forget the references counted as broken meanwhile, so first the references to `table`
/// are checked: should one more be broken than before, the migration fails.
pub(crate) async fn rebuild_sqlite_table(
    manager: &SchemaManager<'_>,
    table: &str,
    create: TableCreateStatement,
    columns: &[&str],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let copy = format!("{table}__rebuild");
    let cols = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let counter = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT seq FROM sqlite_sequence WHERE name = '{table}'"),
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "seq"))
        .transpose()?;
    let broken_before = broken_references(manager, table).await?;
    for sql in [
        format!("CREATE TABLE \"{copy}\" AS SELECT {cols} FROM \"{table}\""),
        "PRAGMA defer_foreign_keys = ON".to_string(),
        format!("UPDATE \"{table}\" SET \"id\" = -\"id\""),
        format!("DROP TABLE \"{table}\""),
    ] {
        db.execute_unprepared(&sql).await?;
    }
    manager.create_table(create).await?;
    db.execute_unprepared(&format!(
        "INSERT INTO \"{table}\" ({cols}) SELECT {cols} FROM \"{copy}\" ORDER BY \"id\""
    ))
    .await?;
    db.execute_unprepared(&format!("DROP TABLE \"{copy}\""))
        .await?;
    if let Some(seq) = counter {
        // The new table counts from its greatest id; ids once given and deleted since are not
        // given again, as before.
        db.execute_unprepared(&format!(
            "DELETE FROM sqlite_sequence WHERE name = '{table}'"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', \
             MAX({seq}, COALESCE((SELECT MAX(\"id\") FROM \"{table}\"), 0))"
        ))
        .await?;
    }
    // Lifting the deferral forgets the violations counted meanwhile: none may be new.
    if broken_references(manager, table).await? > broken_before {
        return Err(DbErr::Migration(format!(
            "rebuilding {table} broke references to it; nothing was changed"
        )));
    }
    db.execute_unprepared("PRAGMA defer_foreign_keys = OFF")
        .await
        .map(|_| ())
}

/// SQLite only: how many rows point at a missing row of `table`.
async fn broken_references(manager: &SchemaManager<'_>, table: &str) -> Result<i64, DbErr> {
    manager
        .get_connection()
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!(
                "SELECT COUNT(*) AS n FROM pragma_foreign_key_check WHERE \"parent\" = '{table}'"
            ),
        ))
        .await?
        .map_or(Ok(0), |row| row.try_get::<i64>("", "n"))
}
