//! The server's command line, built inside the test package so that tests can start real
//! server processes (`env!("CARGO_BIN_EXE_cchc-server")`). Same code as `server`'s binary.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::run().await
}
