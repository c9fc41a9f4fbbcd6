//! Where evidence files and exports are kept: an object store (the `object_store` crate). By
//! default the data folder (`files/00000012`, `reports/00000003` below it, as before); with
//! `CCHC_S3_BUCKET` an S3-compatible store, so that every instance behind a proxy serves every
//! file. Objects are written once under their row's id and never changed.

use std::path::Path;
use std::sync::Arc;

use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, PutPayload};

use crate::error::AppError;

/// An S3-compatible store's settings.
#[derive(Clone, Debug, Default)]
pub struct S3Config {
    /// The bucket (`CCHC_S3_BUCKET`).
    pub bucket: String,
    /// The server (`CCHC_S3_ENDPOINT`, e.g. `http://127.0.0.1:9000`); none: AWS itself.
    pub endpoint: Option<String>,
    /// The region (`CCHC_S3_REGION`, default `us-east-1`).
    pub region: String,
    /// Credentials (`CCHC_S3_ACCESS_KEY` and `CCHC_S3_SECRET_KEY`, or `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`).
    pub access_key: String,
    /// See [`S3Config::access_key`].
    pub secret_key: String,
}

/// The store of files and exports.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    what: String,
    /// The data folder, for a local store (which would make a missing folder again on write).
    folder: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// The key of an uploaded file (attachment row `id`).
pub fn file_key(id: i32) -> String {
    format!("files/{id:08}")
}

/// The key of a stored export (report export row `id`).
pub fn export_key(id: i32) -> String {
    format!("reports/{id:08}")
}

fn internal(what: &'static str) -> impl Fn(object_store::Error) -> AppError {
    move |e| {
        tracing::error!(error = %e, "{what}");
        AppError::Internal
    }
}

impl Storage {
    /// The data folder `dir` (made if missing).
    pub fn local(dir: &Path) -> std::io::Result<Storage> {
        std::fs::create_dir_all(dir)?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(std::io::Error::other)?;
        Ok(Storage {
            store: Arc::new(store),
            what: format!("folder {}", dir.display()),
            folder: Some(dir.to_path_buf()),
        })
    }

    /// An S3-compatible store.
    pub fn s3(config: &S3Config) -> Result<Storage, String> {
        // A store that does not answer is an error within seconds, not after object_store's
        // default three minutes of retries: a request's handler has 30 s in all.
        let retry = object_store::RetryConfig {
            max_retries: 3,
            retry_timeout: std::time::Duration::from_secs(10),
            ..Default::default()
        };
        let client = object_store::ClientOptions::new()
            .with_connect_timeout(std::time::Duration::from_secs(5))
            .with_timeout(std::time::Duration::from_secs(60));
        let mut builder = AmazonS3Builder::new()
            .with_retry(retry)
            .with_client_options(client)
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key)
            .with_secret_access_key(&config.secret_key);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| e.to_string())?;
        Ok(Storage {
            store: Arc::new(store),
            what: format!(
                "S3 bucket {} at {}",
                config.bucket,
                config.endpoint.as_deref().unwrap_or("AWS")
            ),
            folder: None,
        })
    }

    /// What it is, for the log.
    pub fn describe(&self) -> &str {
        &self.what
    }

    /// Writes `bytes` under `key` (whole or not at all).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), AppError> {
        self.store
            .put(&Key::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(internal("cannot store a file"))
    }

    /// The bytes under `key`; NotFound when there are none.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, AppError> {
        match self.store.get(&Key::from(key)).await {
            Ok(found) => Ok(found
                .bytes()
                .await
                .map_err(internal("cannot read a stored file"))?
                .to_vec()),
            Err(object_store::Error::NotFound { .. }) => {
                tracing::error!(key, store = %self.what, "stored file missing");
                Err(AppError::NotFound)
            }
            Err(e) => Err(internal("cannot read a stored file")(e)),
        }
    }

    /// Whether anything is stored under `prefix` (`files`, `reports`).
    pub async fn holds_any(&self, prefix: &str) -> Result<bool, AppError> {
        let prefix = Key::from(prefix);
        match self.store.list(Some(&prefix)).next().await {
            None => Ok(false),
            Some(Ok(_)) => Ok(true),
            Some(Err(e)) => Err(internal("cannot list stored files")(e)),
        }
    }

    /// Removes everything stored under `prefix` (a restore told to replace what is there).
    pub async fn remove_all(&self, prefix: &str) -> Result<(), AppError> {
        let prefix = Key::from(prefix);
        let mut listed = self.store.list(Some(&prefix));
        let mut keys = Vec::new();
        while let Some(meta) = listed.next().await {
            keys.push(meta.map_err(internal("cannot list stored files"))?.location);
        }
        for key in keys {
            self.store
                .delete(&key)
                .await
                .map_err(internal("cannot remove a stored file"))?;
        }
        Ok(())
    }

    /// Whether a file can be written and removed (readiness).
    pub async fn writable(&self) -> Result<(), String> {
        if let Some(folder) = &self.folder {
            if !folder.is_dir() {
                return Err(format!("the data folder {} is missing", folder.display()));
            }
        }
        let key = Key::from(format!(".ready-{}", std::process::id()));
        let probe = async {
            self.store
                .put(&key, PutPayload::from_static(b"ok"))
                .await
                .map_err(|e| e.to_string())?;
            self.store.delete(&key).await.map_err(|e| e.to_string())
        };
        tokio::time::timeout(std::time::Duration::from_secs(5), probe)
            .await
            .unwrap_or_else(|_| Err(format!("{} did not answer within 5 s", self.what)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_keeps_files_under_their_keys() {
        let dir = tempfile::tempdir().expect("dir");
        let storage = Storage::local(&dir.path().join("data")).expect("storage");
        assert!(!storage.holds_any("files").await.expect("list"));
        storage
            .put(&file_key(12), b"%PDF-1.7".to_vec())
            .await
            .expect("put");
        assert_eq!(
            std::fs::read(dir.path().join("data/files/00000012")).expect("on disk"),
            b"%PDF-1.7"
        );
        assert_eq!(storage.get(&file_key(12)).await.expect("get"), b"%PDF-1.7");
        assert!(storage.holds_any("files").await.expect("list"));
        assert!(!storage.holds_any("reports").await.expect("list"));
        assert!(matches!(
            storage.get(&file_key(13)).await,
            Err(AppError::NotFound)
        ));
        storage.writable().await.expect("writable");
    }
}
