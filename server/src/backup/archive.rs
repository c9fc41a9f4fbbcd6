//! The backup file: a ZIP archive holding `manifest.json` (what the backup holds, with the
//! SHA-256 of every member), `tables/<table>.jsonl` (one JSON array a row) and `data/<path>`
//! (the files of the data folder). Written by one blocking thread fed through a channel, so the
//! server's workers never compress or hash.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use tokio::sync::mpsc::Receiver;

use anyhow::{anyhow, bail, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// What the manifest says the file is.
pub const FORMAT: &str = "cchc-backup";
/// The manifest's version.
pub const VERSION: u32 = 1;
/// The longest row a restore reads (a row is far smaller; a longer "row" is a damaged file).
const MAX_LINE: u64 = 64 << 20;

/// What a backup holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// The application's version that made it.
    pub app_version: String,
    /// `sqlite` or `postgres`: where it was made.
    pub database: String,
    /// The migrations applied to that database, oldest first: its schema version.
    pub migrations: Vec<String>,
    pub tables: Vec<TableEntry>,
    pub files: Vec<FileEntry>,
}

/// A table's rows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    /// The columns, in the order of each row's values.
    pub columns: Vec<String>,
    pub rows: u64,
    /// SHA-256 of `tables/<name>.jsonl`.
    pub sha256: String,
}

/// A file of the data folder.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its path below the data folder (`files/00000012`).
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

fn table_member(name: &str) -> String {
    format!("tables/{name}.jsonl")
}

fn file_member(path: &str) -> String {
    format!("data/{path}")
}

/// A path below the data folder that a backup may hold: relative, plain names only, under
/// `files/` or `reports/`.
pub fn safe_data_path(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let mut parts = p.components();
    let first = parts.next()?;
    let top_ok = matches!(first, Component::Normal(n) if n == "files" || n == "reports");
    let rest_ok = parts.all(|c| matches!(c, Component::Normal(_)));
    (top_ok && rest_ok && p.components().count() >= 2).then(|| p.to_path_buf())
}

/// What the database side sends the writer.
pub enum Msg {
    /// A table starts: its name and columns.
    Table(String, Vec<String>),
    /// One row of the current table: a JSON array.
    Row(String),
    /// A stored file: its key (`files/00000012`) and its bytes.
    File(String, Vec<u8>),
    /// The end: the manifest without its entries, which the writer fills in.
    Finish(Manifest),
}

/// Hashes and counts what passes through.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    size: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Hashing<io::Sink> {
    /// Hashes what is written to it and keeps nothing.
    fn sink() -> Self {
        Hashing {
            inner: io::sink(),
            hash: Sha256::new(),
            size: 0,
        }
    }
}

impl<W> Hashing<W> {
    /// The size and the SHA-256 (hex) of what passed.
    fn finish(self) -> (u64, String) {
        (self.size, hex::encode(self.hash.finalize()))
    }
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true)
}

/// Writes the archive at `path` from what `rx` brings; returns the manifest it wrote. Runs on a
/// blocking thread. Nothing is left at `path` unless all of it was written.
pub fn write(path: &Path, rx: &mut Receiver<Msg>) -> anyhow::Result<Manifest> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut zip = ZipWriter::new(file);
    let mut tables: Vec<TableEntry> = Vec::new();
    let mut files: Vec<FileEntry> = Vec::new();
    // The member being written: the table's entry and its hash.
    let mut current: Option<(TableEntry, Sha256)> = None;
    let close = |current: &mut Option<(TableEntry, Sha256)>, tables: &mut Vec<TableEntry>| {
        if let Some((mut entry, hash)) = current.take() {
            entry.sha256 = hex::encode(hash.finalize());
            tables.push(entry);
        }
    };
    while let Some(msg) = rx.blocking_recv() {
        match msg {
            Msg::Table(name, columns) => {
                close(&mut current, &mut tables);
                zip.start_file(table_member(&name), options())?;
                current = Some((
                    TableEntry {
                        name,
                        columns,
                        rows: 0,
                        sha256: String::new(),
                    },
                    Sha256::new(),
                ));
            }
            Msg::Row(mut line) => {
                let (entry, hash) = current
                    .as_mut()
                    .ok_or_else(|| anyhow!("a row outside a table"))?;
                line.push('\n');
                zip.write_all(line.as_bytes())?;
                hash.update(line.as_bytes());
                entry.rows += 1;
            }
            Msg::File(rel, bytes) => {
                close(&mut current, &mut tables);
                zip.start_file(file_member(&rel), options())?;
                let mut out = Hashing {
                    inner: &mut zip,
                    hash: Sha256::new(),
                    size: 0,
                };
                out.write_all(&bytes)?;
                let (size, sha256) = out.finish();
                files.push(FileEntry {
                    path: rel,
                    size,
                    sha256,
                });
            }
            Msg::Finish(mut manifest) => {
                close(&mut current, &mut tables);
                manifest.tables = tables;
                manifest.files = files;
                zip.start_file("manifest.json", options())?;
                zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
                zip.finish()?.sync_all()?;
                return Ok(manifest);
            }
        }
    }
    bail!("the backup stopped before it was complete")
}

/// An opened backup whose every member has been checked against its manifest.
pub struct Backup {
    zip: ZipArchive<BufReader<File>>,
    pub manifest: Manifest,
}

fn damaged(path: &Path, what: impl std::fmt::Display) -> anyhow::Error {
    anyhow!(
        "{} is not a usable backup (damaged or incomplete): {what}. Nothing was restored.",
        path.display()
    )
}

impl Backup {
    /// Opens the backup at `path` and checks all of it: the archive, the manifest, and the size,
    /// row count and SHA-256 of every member it names. A damaged or truncated file is an error
    /// saying so.
    pub fn open(path: &Path) -> anyhow::Result<Backup> {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(path, e))?;
        let manifest: Manifest = {
            let member = zip
                .by_name("manifest.json")
                .map_err(|e| damaged(path, format!("manifest.json: {e}")))?;
            let mut text = Vec::new();
            member
                .take(16 << 20)
                .read_to_end(&mut text)
                .map_err(|e| damaged(path, format!("manifest.json: {e}")))?;
            serde_json::from_slice(&text)
                .map_err(|e| damaged(path, format!("manifest.json: {e}")))?
        };
        if manifest.format != FORMAT || manifest.version != VERSION {
            bail!(
                "{} is not a backup of this application (format {:?} version {}).",
                path.display(),
                manifest.format,
                manifest.version
            );
        }
        let mut backup = Backup { zip, manifest };
        backup.check(path)?;
        Ok(backup)
    }

    fn check(&mut self, path: &Path) -> anyhow::Result<()> {
        for t in self.manifest.tables.clone() {
            let member = self
                .zip
                .by_name(&table_member(&t.name))
                .map_err(|e| damaged(path, format!("table {}: {e}", t.name)))?;
            let mut hash = Hashing::sink();
            let mut rows = 0u64;
            let mut reader = BufReader::new(member);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = (&mut reader)
                    .take(MAX_LINE)
                    .read_until(b'\n', &mut line)
                    .map_err(|e| damaged(path, format!("table {}: {e}", t.name)))?;
                if n == 0 {
                    break;
                }
                if line.last() != Some(&b'\n') {
                    return Err(damaged(path, format!("table {}: a row is cut", t.name)));
                }
                hash.write_all(&line)?;
                rows += 1;
            }
            if rows != t.rows || hash.finish().1 != t.sha256 {
                return Err(damaged(
                    path,
                    format!("table {} does not match its checksum", t.name),
                ));
            }
        }
        for f in self.manifest.files.clone() {
            if safe_data_path(&f.path).is_none() {
                return Err(damaged(
                    path,
                    format!("a file outside the data folder: {}", f.path),
                ));
            }
            let mut member = self
                .zip
                .by_name(&file_member(&f.path))
                .map_err(|e| damaged(path, format!("{}: {e}", f.path)))?;
            let mut hash = Hashing::sink();
            io::copy(&mut member, &mut hash)
                .map_err(|e| damaged(path, format!("{}: {e}", f.path)))?;
            if hash.finish() != (f.size, f.sha256.clone()) {
                return Err(damaged(
                    path,
                    format!("{} does not match its checksum", f.path),
                ));
            }
        }
        Ok(())
    }

    /// The rows of `table`, each a JSON array (the file was checked by [`Backup::open`]).
    pub fn lines(
        &mut self,
        table: &str,
    ) -> anyhow::Result<impl Iterator<Item = anyhow::Result<Vec<serde_json::Value>>> + '_> {
        let member = self.zip.by_name(&table_member(table))?;
        let table = table.to_string();
        Ok(BufReader::new(member)
            .lines()
            .enumerate()
            .map(move |(i, line)| {
                let line = line?;
                serde_json::from_str(&line).with_context(|| format!("table {table}, row {}", i + 1))
            }))
    }

    /// The bytes of file `entry` of the backup.
    pub fn file(&mut self, entry: &FileEntry) -> anyhow::Result<Vec<u8>> {
        let mut member = self.zip.by_name(&file_member(&entry.path))?;
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_and_reports_below_the_data_folder_are_restored() {
        assert!(safe_data_path("files/00000012").is_some());
        assert!(safe_data_path("reports/00000003").is_some());
        assert!(safe_data_path("files/../../etc/passwd").is_none());
        assert!(safe_data_path("/etc/passwd").is_none());
        assert!(safe_data_path("cchc.db").is_none());
        assert!(safe_data_path("files").is_none());
    }
}
