//! A real server process for the tests that need one (a production start, the log format).

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout};

/// A started `server serve`: the process, the address it printed (none when it did not start:
/// then `stderr` says why), and the rest of its standard output (where the log goes).
pub struct Serving {
    /// The process (killed when dropped).
    pub child: Child,
    /// "http://127.0.0.1:port".
    pub addr: Option<String>,
    /// Its standard error, read when it did not start.
    pub stderr: String,
    /// The lines of standard output after the address.
    pub stdout: Lines<BufReader<ChildStdout>>,
}

/// Starts `bin serve` on `database_url` and `data_dir`, without the scheduler, on a free port,
/// with `env` added (`RUST_LOG` is `warn` unless `env` sets it); waits up to 30 s for the
/// address. `bin` is the test's `env!("CARGO_BIN_EXE_cchc-server")`.
pub async fn serve(
    bin: &str,
    database_url: &str,
    data_dir: &std::path::Path,
    env: &[(&str, &str)],
) -> Serving {
    let mut cmd = tokio::process::Command::new(bin);
    cmd.arg("serve")
        .env("DATABASE_URL", database_url)
        .env("CCHC_DATA_DIR", data_dir)
        .env("CCHC_SCHEDULER", "0")
        .env("LEPTOS_OUTPUT_NAME", "cchc")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn the server");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut addr = None;
    let _ = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = stdout.next_line().await {
            if let Some(a) = line.split("Serving on ").nth(1) {
                addr = Some(a.trim().to_string());
                break;
            }
        }
    })
    .await;
    let mut stderr = String::new();
    if addr.is_none() {
        if let Some(mut e) = child.stderr.take() {
            let _ =
                tokio::time::timeout(Duration::from_secs(10), e.read_to_string(&mut stderr)).await;
        }
    }
    Serving {
        child,
        addr,
        stderr,
        stdout,
    }
}
