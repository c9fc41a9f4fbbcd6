//! Backup and restore: `server backup --to FILE` while the server runs, `server restore --from
//! FILE` into an empty database and data folder, either database to either, and the nightly
//! backup with a retention count.
//!
//! A backup reads every table in one read-only transaction (PostgreSQL: REPEATABLE READ, one
//! snapshot; SQLite: one read transaction, which WAL keeps consistent while others write), then
//! the files of the rows it read (evidence files and exports are never changed once written).
//! A restore checks the whole file before it touches anything, makes the schema the backup came
//! from, loads every row in one transaction, and then upgrades the schema as the server would.

pub mod archive;
pub mod nightly;
pub mod schema;
pub mod values;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use futures_util::StreamExt;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, Statement,
    StreamTrait, TransactionTrait, Value,
};
use serde_json::Value as Json;

use app::services::storage::Storage;
use archive::{Backup, Manifest, Msg};
use schema::{quoted, Kind, Table};

/// The data folder's folders a backup holds, each with the table whose row ids name its files.
const FOLDERS: [(&str, &str); 2] = [("files", "attachments"), ("reports", "report_exports")];

/// The migrations applied to `db`, oldest first.
async fn applied(db: &impl ConnectionTrait) -> anyhow::Result<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT version FROM {} ORDER BY version",
                quoted(schema::MIGRATIONS_TABLE)
            ),
        ))
        .await
        .context("reading the applied migrations")?;
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).map_err(Into::into))
        .collect()
}

fn backend_name(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        _ => "sqlite",
    }
}

/// One row of `table` as JSON text, asked of the database.
fn select_rows(backend: DbBackend, table: &Table) -> String {
    let cols: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
    let order = if table.primary_key.is_empty() {
        "1".to_string()
    } else {
        table
            .primary_key
            .iter()
            .map(|c| quoted(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let array = match backend {
        DbBackend::Postgres => format!("json_build_array({})::text", cols.join(", ")),
        _ => format!("json_array({})", cols.join(", ")),
    };
    format!(
        "SELECT {array} FROM {} ORDER BY {order}",
        quoted(&table.name)
    )
}

/// Makes a backup of `db` and the files in `storage` at `to` (written beside it first, then renamed: a file
/// at `to` is always complete). Returns what it holds.
pub async fn backup(
    db: &DatabaseConnection,
    storage: &Storage,
    to: &Path,
) -> anyhow::Result<Manifest> {
    let partial = PathBuf::from(format!("{}.partial", to.display()));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(1024);
    let writer = {
        let partial = partial.clone();
        tokio::task::spawn_blocking(move || archive::write(&partial, &mut rx))
    };
    let read = read_all(db, storage, &tx).await;
    drop(tx);
    let written = writer
        .await
        .map_err(|e| anyhow!("the backup writer failed: {e}"));
    match (read, written) {
        (Ok(()), Ok(Ok(manifest))) => {
            std::fs::rename(&partial, to)
                .with_context(|| format!("cannot move the backup to {}", to.display()))?;
            Ok(manifest)
        }
        (read, written) => {
            let _ = std::fs::remove_file(&partial);
            read?;
            written??;
            bail!("the backup was not completed")
        }
    }
}

/// Reads every table and file and sends them to the writer.
async fn read_all(
    db: &DatabaseConnection,
    storage: &Storage,
    tx: &tokio::sync::mpsc::Sender<Msg>,
) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let txn = match backend {
        DbBackend::Postgres => {
            let txn = db
                .begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?;
            // Instants read back in UTC.
            txn.execute_unprepared("SET LOCAL TIME ZONE 'UTC'").await?;
            txn
        }
        _ => db.begin().await?,
    };
    let migrations = applied(&txn).await?;
    let tables = schema::tables(&txn).await?;
    // The ids of the rows whose files the backup holds.
    let mut file_ids: Vec<(&str, BTreeSet<i64>)> = Vec::new();
    for table in &tables {
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        send_async(tx, Msg::Table(table.name.clone(), columns)).await?;
        let id_at = FOLDERS
            .iter()
            .find(|(_, t)| *t == table.name)
            .and_then(|_| table.columns.iter().position(|c| c.name == "id"));
        let mut ids = BTreeSet::new();
        let mut stream = txn
            .stream_raw(Statement::from_string(backend, select_rows(backend, table)))
            .await
            .with_context(|| format!("reading table {}", table.name))?;
        while let Some(row) = stream.next().await {
            let text: String = row?.try_get_by_index(0)?;
            let raw: Vec<Json> = serde_json::from_str(&text)
                .with_context(|| format!("a row of {} read back as {text:?}", table.name))?;
            let mut out = Vec::with_capacity(raw.len());
            for (value, column) in raw.into_iter().zip(&table.columns) {
                out.push(
                    values::canonical(column.kind, value)
                        .with_context(|| format!("{}.{}", table.name, column.name))?,
                );
            }
            if let Some(id) = id_at.and_then(|i| out.get(i)).and_then(Json::as_i64) {
                ids.insert(id);
            }
            send_async(tx, Msg::Row(serde_json::to_string(&out)?)).await?;
        }
        drop(stream);
        if let Some((folder, _)) = FOLDERS.iter().find(|(_, t)| *t == table.name) {
            file_ids.push((folder, ids));
        }
    }
    txn.rollback().await?;
    for (folder, ids) in file_ids {
        let mut missing = 0usize;
        for id in ids {
            let key = format!("{folder}/{id:08}");
            match storage.get(&key).await {
                Ok(bytes) => send_async(tx, Msg::File(key, bytes)).await?,
                Err(app::error::AppError::NotFound) => missing += 1,
                Err(e) => bail!("reading {key} from {}: {e:?}", storage.describe()),
            }
        }
        if missing > 0 {
            tracing::warn!(
                folder,
                missing,
                "rows name files that are not in the file storage; the backup holds the rest"
            );
        }
    }
    let manifest = Manifest {
        format: archive::FORMAT.into(),
        version: archive::VERSION,
        created_at: chrono::Utc::now().to_rfc3339(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        database: backend_name(db).into(),
        migrations,
        tables: Vec::new(),
        files: Vec::new(),
    };
    send_async(tx, Msg::Finish(manifest)).await
}

async fn send_async(tx: &tokio::sync::mpsc::Sender<Msg>, msg: Msg) -> anyhow::Result<()> {
    tx.send(msg)
        .await
        .map_err(|_| anyhow!("the backup writer stopped"))
}

/// How many rows the database's tables hold in all.
async fn rows_in(db: &impl ConnectionTrait, tables: &[Table]) -> anyhow::Result<i64> {
    let mut total = 0;
    for t in tables {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM {}", quoted(&t.name)),
            ))
            .await?;
        total += row
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
    }
    Ok(total)
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Where what the target held before was backed up (a forced restore over data).
    pub kept: Option<PathBuf>,
}

/// Restores the backup at `from` into the database `db` and the file storage `storage`, which
/// must hold no rows and no files unless `force`: then what they hold is first backed up beside
/// `from` (`before-restore-….zip`), and replaced. Afterwards the schema is upgraded to this
/// version's.
pub async fn restore(
    db: &DatabaseConnection,
    storage: &Storage,
    from: &Path,
    force: bool,
) -> anyhow::Result<Restored> {
    let path = from.to_path_buf();
    let mut backup = tokio::task::spawn_blocking(move || Backup::open(&path))
        .await
        .map_err(|e| anyhow!("reading the backup failed: {e}"))??;
    let manifest = backup.manifest.clone();
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    if manifest.migrations.len() > known.len()
        || known[..manifest.migrations.len()] != manifest.migrations[..]
    {
        bail!(
            "the backup was made by a newer or different version of the application (schema {}); \
             restore it with that version or a later one. Nothing was restored.",
            manifest.migrations.last().map_or("none", String::as_str)
        );
    }

    // The target must be empty, or the operator said to replace it.
    let existing = schema::tables(db).await?;
    let rows = rows_in(db, &existing).await?;
    let mut files_there: Vec<&str> = Vec::new();
    for (folder, _) in FOLDERS {
        if storage
            .holds_any(folder)
            .await
            .map_err(|e| anyhow!("listing {}: {e:?}", storage.describe()))?
        {
            files_there.push(folder);
        }
    }
    if !force && (rows > 0 || !files_there.is_empty()) {
        bail!(
            "the database holds {rows} rows{}; restore does not overwrite them. \
             Add --force to replace everything they hold with the backup. Nothing was restored.",
            if files_there.is_empty() {
                String::new()
            } else {
                format!(
                    " and the file storage holds files ({})",
                    files_there.join(", ")
                )
            }
        );
    }

    // Replacing data: a copy of it first, so that a restore that fails half-way (after the old
    // tables are dropped) or the wrong backup loses nothing.
    let mut kept = None;
    if rows > 0 || !files_there.is_empty() {
        let name = format!(
            "before-restore-{}.zip",
            chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f")
        );
        let copy = from.with_file_name(name);
        self::backup(db, storage, &copy).await.map_err(|e| {
            anyhow!(
                "could not back up what the database and file storage hold before replacing them ({e:#}). Nothing was restored."
            )
        })?;
        kept = Some(copy);
    }

    // The files first, each under its row's id: until the rows are loaded they are files no row
    // names, which nothing shows.
    if force {
        for (folder, _) in FOLDERS {
            storage
                .remove_all(folder)
                .await
                .map_err(|e| anyhow!("emptying {folder} in {}: {e:?}", storage.describe()))?;
        }
    }
    for entry in &manifest.files {
        if archive::safe_data_path(&entry.path).is_none() {
            bail!("a file outside the file storage: {}", entry.path);
        }
        let bytes = backup.file(entry)?;
        storage
            .put(&entry.path, bytes)
            .await
            .map_err(|e| anyhow!("storing {} in {}: {e:?}", entry.path, storage.describe()))?;
    }

    drop_all(db, &existing).await?;
    let steps = u32::try_from(manifest.migrations.len())?;
    if steps > 0 {
        Migrator::up(db, Some(steps))
            .await
            .context("making the backup's schema")?;
    }
    load(db, &mut backup, &manifest).await?;
    Migrator::up(db, None)
        .await
        .context("upgrading the restored schema")?;
    Ok(Restored { manifest, kept })
}

/// Drops every table of the application and the migrations' record (the schema is made again).
async fn drop_all(db: &DatabaseConnection, tables: &[Table]) -> anyhow::Result<()> {
    let cascade = if db.get_database_backend() == DbBackend::Postgres {
        " CASCADE"
    } else {
        ""
    };
    // In one transaction, referring tables first; SQLite checks the foreign keys at the end
    // (a table's implicit delete would otherwise trip over its own rows' references).
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
    }
    for t in tables.iter().rev() {
        txn.execute_unprepared(&format!(
            "DROP TABLE IF EXISTS {}{cascade}",
            quoted(&t.name)
        ))
        .await?;
    }
    txn.execute_unprepared(&format!(
        "DROP TABLE IF EXISTS {}{cascade}",
        quoted(schema::MIGRATIONS_TABLE)
    ))
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The most values one statement binds (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_BOUND: usize = 30_000;

/// Loads every row of the backup in one transaction, each table after those it refers to.
async fn load(
    db: &DatabaseConnection,
    backup: &mut Backup,
    manifest: &Manifest,
) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let tables = schema::tables(db).await?;
    let ours: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let theirs: BTreeSet<&str> = manifest.tables.iter().map(|t| t.name.as_str()).collect();
    if ours != theirs {
        bail!(
            "the backup's tables {theirs:?} are not the schema's {ours:?}. Nothing was restored."
        );
    }
    let txn = db.begin().await?;
    if backend == DbBackend::Sqlite {
        txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
    }
    // What the migrations seeded (reform areas, reminder rules, settings) gives way to the
    // backup's rows.
    for table in tables.iter().rev() {
        txn.execute_unprepared(&format!("DELETE FROM {}", quoted(&table.name)))
            .await?;
    }
    for table in &tables {
        let entry = manifest
            .tables
            .iter()
            .find(|e| e.name == table.name)
            .ok_or_else(|| anyhow!("table {} is not in the backup", table.name))?;
        let kinds: Vec<(String, Kind)> = entry
            .columns
            .iter()
            .map(|name| {
                table
                    .columns
                    .iter()
                    .find(|c| &c.name == name)
                    .map(|c| (name.clone(), c.kind))
                    .ok_or_else(|| anyhow!("{}.{name} is not a column of the schema", table.name))
            })
            .collect::<anyhow::Result<_>>()?;
        // A column referring to its own table is filled in once every row is there.
        let later: Vec<usize> = table
            .self_references
            .iter()
            .filter_map(|c| entry.columns.iter().position(|n| n == c))
            .collect();
        let id_at = entry.columns.iter().position(|c| c == "id");
        if !later.is_empty() && id_at.is_none() {
            bail!("{} refers to itself without an id column", table.name);
        }
        let per_batch = (MAX_BOUND / kinds.len().max(1)).clamp(1, 500);
        let mut batch: Vec<Vec<Json>> = Vec::with_capacity(per_batch);
        let mut links: Vec<(Json, usize, Json)> = Vec::new();
        let mut rows = 0u64;
        let mut lines = backup.lines(&table.name)?;
        loop {
            let next = lines.next().transpose()?;
            let done = next.is_none();
            if let Some(mut row) = next {
                if row.len() != kinds.len() {
                    bail!(
                        "a row of {} has {} values, not {}",
                        table.name,
                        row.len(),
                        kinds.len()
                    );
                }
                for &i in &later {
                    if !row[i].is_null() {
                        let id = id_at.map(|k| row[k].clone()).unwrap_or(Json::Null);
                        links.push((id, i, std::mem::take(&mut row[i])));
                    }
                }
                batch.push(row);
                if batch.len() < per_batch {
                    continue;
                }
            }
            if !batch.is_empty() {
                insert(&txn, backend, &table.name, &kinds, &batch).await?;
                rows += batch.len() as u64;
                batch.clear();
            }
            if done {
                break;
            }
        }
        drop(lines);
        for (id, i, value) in links {
            let (column, kind) = &kinds[i];
            let id_kind = kinds[id_at.unwrap_or(0)].1;
            let sql = format!(
                "UPDATE {} SET {} = {} WHERE \"id\" = {}",
                quoted(&table.name),
                quoted(column),
                placeholder(backend, 1),
                placeholder(backend, 2)
            );
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [values::bound(*kind, &value)?, values::bound(id_kind, &id)?],
            ))
            .await?;
        }
        if rows != entry.rows {
            bail!(
                "{} rows of {} were loaded, the backup holds {}",
                rows,
                table.name,
                entry.rows
            );
        }
        if backend == DbBackend::Postgres {
            continue_sequences(&txn, table).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".into(),
    }
}

async fn insert(
    txn: &impl ConnectionTrait,
    backend: DbBackend,
    table: &str,
    kinds: &[(String, Kind)],
    rows: &[Vec<Json>],
) -> anyhow::Result<()> {
    let columns: Vec<String> = kinds.iter().map(|(n, _)| quoted(n)).collect();
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * kinds.len());
    let mut tuples = Vec::with_capacity(rows.len());
    for row in rows {
        let mut marks = Vec::with_capacity(kinds.len());
        for ((name, kind), value) in kinds.iter().zip(row) {
            values.push(values::bound(*kind, value).with_context(|| format!("{table}.{name}"))?);
            marks.push(placeholder(backend, values.len()));
        }
        tuples.push(format!("({})", marks.join(", ")));
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        quoted(table),
        columns.join(", "),
        tuples.join(", ")
    );
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .with_context(|| format!("loading the rows of {table}"))?;
    Ok(())
}

/// PostgreSQL: each column's sequence continues past the restored ids (SQLite's AUTOINCREMENT
/// keeps up by itself).
async fn continue_sequences(txn: &impl ConnectionTrait, table: &Table) -> anyhow::Result<()> {
    for column in &table.columns {
        if !matches!(column.kind, Kind::Int | Kind::BigInt | Kind::SmallInt) {
            continue;
        }
        let sql = format!(
            "SELECT setval(s::regclass, COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false) \
             FROM pg_get_serial_sequence($1, $2) AS s WHERE s IS NOT NULL",
            c = quoted(&column.name),
            t = quoted(&table.name)
        );
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [quoted(&table.name).into(), column.name.clone().into()],
        ))
        .await
        .with_context(|| format!("continuing the sequence of {}.{}", table.name, column.name))?;
    }
    Ok(())
}
