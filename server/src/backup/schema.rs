//! What a backup reads and a restore writes, asked of the database itself: its tables, their
//! columns and kinds, primary keys and foreign keys. Nothing here names a table of the
//! application, so a backup of any schema version reads and restores the same way.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Context};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// The kinds of value the schema stores, as both databases name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 32-bit integer (`integer` on PostgreSQL).
    Int,
    /// 64-bit integer (`bigint`; every integer on SQLite).
    BigInt,
    /// 16-bit integer.
    SmallInt,
    /// Floating point.
    Real,
    /// Text of any length.
    Text,
    /// True or false (0 or 1 on SQLite).
    Bool,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// An instant, RFC 3339.
    Timestamp,
}

impl Kind {
    fn of_sqlite(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_lowercase();
        let base = t.split('(').next().unwrap_or("").trim();
        Some(match base {
            "integer" | "int" | "bigint" | "smallint" | "tinyint" => Kind::BigInt,
            "real" | "double" | "float" | "double precision" => Kind::Real,
            "text" | "varchar" | "char" | "character varying" | "string" => Kind::Text,
            "boolean" | "bool" => Kind::Bool,
            "date_text" | "date" => Kind::Date,
            "timestamp_with_timezone_text" | "timestamp_text" | "datetime_text" => Kind::Timestamp,
            _ => return None,
        })
    }

    fn of_postgres(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "integer" => Kind::Int,
            "bigint" => Kind::BigInt,
            "smallint" => Kind::SmallInt,
            "double precision" | "real" => Kind::Real,
            "text" | "character varying" | "character" => Kind::Text,
            "boolean" => Kind::Bool,
            "date" => Kind::Date,
            "timestamp with time zone" | "timestamp without time zone" => Kind::Timestamp,
            _ => return None,
        })
    }
}

/// A column.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    pub nullable: bool,
}

/// A table of the application.
#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// The primary key's columns (rows are read in its order).
    pub primary_key: Vec<String>,
    /// Columns that refer to another row of this table (a unit's successor): restored after
    /// every row of the table is in.
    pub self_references: Vec<String>,
    /// The other tables this one refers to.
    pub refers_to: BTreeSet<String>,
}

/// Where migrations are recorded: not data, its versions go in the backup's manifest.
pub const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// A quoted identifier (the names come from the database's own catalogue).
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn strings(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> anyhow::Result<Vec<Vec<Option<String>>>> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .with_context(|| format!("reading the schema: {sql}"))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = Vec::new();
        let mut i = 0;
        while let Ok(v) = row.try_get_by_index::<Option<String>>(i) {
            cells.push(v);
            i += 1;
        }
        out.push(cells);
    }
    Ok(out)
}

fn cell(row: &[Option<String>], i: usize) -> String {
    row.get(i).cloned().flatten().unwrap_or_default()
}

/// The application's tables, each after the tables it refers to (so rows can be inserted in
/// this order with every foreign key checked). The migrations' own table is left out.
pub async fn tables(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Table>> {
    let found = match db.get_database_backend() {
        DbBackend::Sqlite => sqlite_tables(db).await?,
        DbBackend::Postgres => postgres_tables(db).await?,
        other => bail!("backups are made of SQLite and PostgreSQL databases, not {other:?}"),
    };
    in_dependency_order(found)
}

async fn sqlite_tables(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Table>> {
    let names = strings(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> 'seaql_migrations' ORDER BY name",
        vec![],
    )
    .await?;
    let mut out = Vec::new();
    for row in names {
        let name = cell(&row, 0);
        let literal = format!("'{}'", name.replace('\'', "''"));
        let info = strings(
            db,
            &format!(
                "SELECT name, type, CAST(\"notnull\" AS TEXT), CAST(pk AS TEXT) \
                 FROM pragma_table_info({literal}) ORDER BY cid"
            ),
            vec![],
        )
        .await?;
        let mut columns = Vec::new();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for c in &info {
            let (col, declared) = (cell(c, 0), cell(c, 1));
            let kind = Kind::of_sqlite(&declared).ok_or_else(|| {
                anyhow!("{name}.{col}: a column type backups do not know: {declared}")
            })?;
            let order: i64 = cell(c, 3).parse().unwrap_or(0);
            if order > 0 {
                pk.push((order, col.clone()));
            }
            columns.push(Column {
                name: col,
                kind,
                nullable: cell(c, 2) == "0",
            });
        }
        pk.sort();
        let fks = strings(
            db,
            &format!("SELECT \"from\", \"table\" FROM pragma_foreign_key_list({literal})"),
            vec![],
        )
        .await?;
        let references = fks.iter().map(|r| (cell(r, 0), cell(r, 1))).collect();
        out.push(table(
            name,
            columns,
            pk.into_iter().map(|(_, c)| c).collect(),
            references,
        ));
    }
    Ok(out)
}

async fn postgres_tables(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Table>> {
    let names = strings(
        db,
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> 'seaql_migrations' ORDER BY table_name",
        vec![],
    )
    .await?;
    let mut out = Vec::new();
    for row in names {
        let name = cell(&row, 0);
        let info = strings(
            db,
            "SELECT column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            vec![name.clone().into()],
        )
        .await?;
        let mut columns = Vec::new();
        for c in &info {
            let (col, data_type) = (cell(c, 0), cell(c, 1));
            let kind = Kind::of_postgres(&data_type).ok_or_else(|| {
                anyhow!("{name}.{col}: a column type backups do not know: {data_type}")
            })?;
            columns.push(Column {
                name: col,
                kind,
                nullable: cell(c, 2) == "YES",
            });
        }
        let pk = strings(
            db,
            "SELECT a.attname::text FROM pg_index i \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass \
             AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)",
            vec![name.clone().into()],
        )
        .await?;
        let fks = strings(
            db,
            "SELECT a.attname::text, t.relname::text FROM pg_constraint c \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) \
             JOIN pg_class t ON t.oid = c.confrelid \
             WHERE c.contype = 'f' \
             AND c.conrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass",
            vec![name.clone().into()],
        )
        .await?;
        let references = fks.iter().map(|r| (cell(r, 0), cell(r, 1))).collect();
        out.push(table(
            name,
            columns,
            pk.iter().map(|r| cell(r, 0)).collect(),
            references,
        ));
    }
    Ok(out)
}

fn table(
    name: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    references: Vec<(String, String)>,
) -> Table {
    let mut self_references = Vec::new();
    let mut refers_to = BTreeSet::new();
    for (column, target) in references {
        if target == name {
            if !self_references.contains(&column) {
                self_references.push(column);
            }
        } else {
            refers_to.insert(target);
        }
    }
    Table {
        name,
        columns,
        primary_key,
        self_references,
        refers_to,
    }
}

/// Orders tables so that each comes after those it refers to (by name where free to choose);
/// a cycle between tables is an error, since no insert order satisfies it.
fn in_dependency_order(tables: Vec<Table>) -> anyhow::Result<Vec<Table>> {
    let mut left: BTreeMap<String, Table> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut out: Vec<Table> = Vec::new();
    while !left.is_empty() {
        let ready: Vec<String> = left
            .values()
            .filter(|t| {
                t.refers_to
                    .iter()
                    .all(|r| !left.contains_key(r) || r == &t.name)
            })
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let names: Vec<&String> = left.keys().collect();
            bail!("these tables refer to each other in a cycle: {names:?}");
        }
        for name in ready {
            if let Some(t) = left.remove(&name) {
                out.push(t);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, refers: &[&str]) -> Table {
        table(
            name.into(),
            vec![],
            vec!["id".into()],
            refers
                .iter()
                .map(|r| (format!("{r}_id"), (*r).to_string()))
                .collect(),
        )
    }

    #[test]
    fn tables_come_after_those_they_refer_to_and_self_references_wait() {
        let order = in_dependency_order(vec![
            t("tasks", &["plans", "units"]),
            t("units", &["units"]),
            t("plans", &["plans", "units"]),
        ])
        .expect("no cycle");
        let names: Vec<&str> = order.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["units", "plans", "tasks"]);
        assert_eq!(order[0].self_references, ["units_id"]);
    }

    #[test]
    fn a_cycle_between_tables_is_an_error() {
        let e = in_dependency_order(vec![t("a", &["b"]), t("b", &["a"])]).expect_err("cycle");
        assert!(e.to_string().contains("cycle"), "{e}");
    }

    #[test]
    fn both_databases_column_types_are_known() {
        assert_eq!(Kind::of_sqlite("varchar(255)"), Some(Kind::Text));
        assert_eq!(
            Kind::of_sqlite("timestamp_with_timezone_text"),
            Some(Kind::Timestamp)
        );
        assert_eq!(Kind::of_sqlite("blob"), None);
        assert_eq!(Kind::of_postgres("integer"), Some(Kind::Int));
        assert_eq!(Kind::of_postgres("bytea"), None);
    }
}
