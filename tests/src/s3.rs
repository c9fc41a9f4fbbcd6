//! A real S3-compatible server for the file-storage tests: `s3s-fs` (installed by
//! `scripts/setup.sh`) serving a temporary folder on a free port, with one bucket.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use app::services::storage::S3Config;

/// A running `s3s-fs`; stopped when dropped.
pub struct S3Server {
    child: Child,
    /// The folder it serves (the bucket is a folder in it).
    pub root: tempfile::TempDir,
    /// The application's settings for it.
    pub config: S3Config,
}

impl S3Server {
    /// Starts one with bucket `cchc` and waits (up to 10 s) until it takes connections.
    pub fn start() -> S3Server {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("cchc")).expect("the bucket");
        let port = crate::proxy::free_port();
        let secret = uuid::Uuid::new_v4().simple().to_string();
        let child = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", "cchc-test", "--secret-key", &secret])
            .arg(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs must be installed (bash scripts/setup.sh)");
        assert!(crate::proxy::listening(port), "s3s-fs did not start");
        S3Server {
            child,
            root,
            config: S3Config {
                bucket: "cchc".into(),
                endpoint: Some(format!("http://127.0.0.1:{port}")),
                region: "us-east-1".into(),
                access_key: "cchc-test".into(),
                secret_key: secret,
            },
        }
    }

    /// Where the server keeps object `key` of the bucket.
    pub fn object(&self, key: &str) -> PathBuf {
        self.root.path().join("cchc").join(key)
    }

    /// Stops it (the store is then unreachable).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}
