//! `server`: runs the web application, or one of its administrative subcommands.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::run().await
}
