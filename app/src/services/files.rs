//! Stored files: evidence and source documents. Checked by size and by content (not only by the
//! name's extension), kept on disk under the data directory by id, with a SHA-256 in the database.

use std::path::Path;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

use crate::entities::attachment;
use crate::error::AppError;

/// Largest accepted file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most files on one update.
pub const MAX_FILES: usize = 5;

/// An uploaded file before it is stored.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The name the user gave it.
    pub file_name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Accepted kinds: (extension, MIME type, magic bytes).
const KINDS: [(&str, &str, &[u8]); 9] = [
    ("pdf", "application/pdf", b"%PDF-"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ("doc", "application/msword", b"\xd0\xcf\x11\xe0"),
    ("xls", "application/vnd.ms-excel", b"\xd0\xcf\x11\xe0"),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        b"PK\x03\x04",
    ),
];

/// Checks an upload: size, name, and that the content is what the extension says. Returns the
/// cleaned name and the MIME type. `field` names the form field for the message.
pub fn check(field: &str, up: &Upload) -> Result<(String, &'static str), AppError> {
    if up.bytes.is_empty() {
        return Err(AppError::invalid(field, "err.file_empty"));
    }
    if up.bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid(field, "err.file_too_large"));
    }
    let name: String = Path::new(&up.file_name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let Some((_, mime, magic)) = KINDS.iter().find(|(e, _, _)| *e == ext) else {
        return Err(AppError::invalid(field, "err.file_type"));
    };
    if !up.bytes.starts_with(magic) {
        return Err(AppError::invalid(field, "err.file_content"));
    }
    Ok((name, mime))
}

/// Records an upload and stores it (inside the caller's transaction: if the transaction fails
/// the file is an orphan in the store, never a row without a file).
pub async fn store(
    db: &impl ConnectionTrait,
    storage: &crate::services::storage::Storage,
    up: &Upload,
    owner: Owner,
    uploaded_by: Option<i32>,
) -> Result<attachment::Model, AppError> {
    let (name, mime) = check("files", up)?;
    let sha = hex::encode(Sha256::digest(&up.bytes));
    let (plan_id, task_id, update_id) = match owner {
        Owner::Plan(p) => (Some(p), None, None),
        Owner::Update { task_id, update_id } => (None, Some(task_id), Some(update_id)),
        Owner::Task(task_id) => (None, Some(task_id), None),
    };
    let m = attachment::ActiveModel {
        plan_id: Set(plan_id),
        task_id: Set(task_id),
        update_id: Set(update_id),
        file_name: Set(name),
        content_type: Set(mime.to_string()),
        size_bytes: Set(up.bytes.len() as i64),
        sha256: Set(sha),
        uploaded_by: Set(uploaded_by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    storage
        .put(&crate::services::storage::file_key(m.id), up.bytes.clone())
        .await?;
    Ok(m)
}

/// What a file belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Owner {
    /// A plan's source document.
    Plan(i32),
    /// Evidence of a progress update.
    Update {
        /// The task.
        task_id: i32,
        /// The update.
        update_id: i32,
    },
    /// Evidence of a task's extension request (the request names the file).
    Task(i32),
}

/// The attachment row or NotFound.
pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<attachment::Model, AppError> {
    attachment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(name: &str, bytes: &[u8]) -> Upload {
        Upload {
            file_name: name.into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn a_pdf_is_accepted_and_its_name_cleaned() {
        let (name, mime) = check("f", &up("../../etc/báo cáo.pdf", b"%PDF-1.7 ...")).expect("ok");
        assert_eq!(name, "báo cáo.pdf");
        assert_eq!(mime, "application/pdf");
    }

    #[test]
    fn refused_types_content_mismatch_empty_and_oversized_files() {
        let key = |r: Result<(String, &str), AppError>| match r {
            Err(AppError::Invalid { reason, .. }) => reason,
            other => panic!("expected invalid, got {other:?}"),
        };
        assert_eq!(key(check("f", &up("x.exe", b"MZ..."))), "err.file_type");
        assert_eq!(key(check("f", &up("x.pdf", b"<html>"))), "err.file_content");
        assert_eq!(key(check("f", &up("x.pdf", b""))), "err.file_empty");
        let big = vec![b'%'; MAX_FILE_BYTES + 1];
        assert_eq!(key(check("f", &up("x.pdf", &big))), "err.file_too_large");
        assert_eq!(
            key(check("f", &up("noextension", b"%PDF-"))),
            "err.file_type"
        );
    }
}
