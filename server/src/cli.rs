//! The command line: serve the application, or run one of its administrative subcommands.
//! `server/src/main.rs` (and the test harness's copy of the binary) only call [`run`].

use crate::{leptos_options, prepare_database, shutdown_signal, Application, Config};
use app::services::accounts::users::{insert, NewUser};
use app::services::audit::Actor;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "server",
    about = "Quản lý kế hoạch và theo dõi nhiệm vụ cải cách hành chính"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the application (the default).
    Serve {
        /// Load the demo province on first start (when the database has none). `CCHC_DEMO`
        /// takes 1, true, yes or on (0, false, no, off).
        #[arg(
            long,
            env = "CCHC_DEMO",
            action = clap::ArgAction::SetTrue,
            value_parser = clap::builder::BoolishValueParser::new()
        )]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Evaluate the reminder rules once and send the e-mails due, then exit (what the daily job
    /// does).
    RunReminders {
        /// The moment to evaluate (RFC 3339, e.g. 2026-12-01T07:00:00+07:00); default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Load the demo province (does nothing if it is already there).
    LoadDemo,
    /// Create an administrator account. The password is asked on the terminal (twice, not
    /// shown), or read from the first line of standard input when that is not a terminal;
    /// never from the command line, where other users of the machine could see it.
    CreateAdmin {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Full name.
        #[arg(long, default_value = "Quản trị hệ thống")]
        full_name: String,
        /// E-mail address.
        #[arg(long)]
        email: Option<String>,
        /// Code of the unit the admin belongs to.
        #[arg(long)]
        unit: Option<String>,
    },
    /// Back up the database and the data folder's files into one file, while the server runs.
    Backup {
        /// The backup file to write (a ZIP archive; an existing file is replaced).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup into an empty database and data folder (the database may be of the other
    /// kind: SQLite to PostgreSQL and back), then upgrade its schema.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Replace what the database and the data folder hold.
        #[arg(long)]
        force: bool,
    },
    /// Build the scale province on a fresh database: the demo province grown to the given sizes.
    GenScale {
        /// Current units in all.
        #[arg(long, default_value_t = 150)]
        units: usize,
        /// Plans to add.
        #[arg(long, default_value_t = 5)]
        plans: usize,
        /// Tasks to add.
        #[arg(long, default_value_t = 10_000)]
        tasks: usize,
        /// Progress updates to add.
        #[arg(long, default_value_t = 100_000)]
        updates: usize,
    },
}

/// Parses the command line and runs it (logging to stderr, configured by `RUST_LOG`).
pub async fn run() -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    // `CCHC_LOG_FORMAT=json`: one JSON object per line (a log collector's input); readable
    // text otherwise.
    if std::env::var("CCHC_LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let cli = Cli::parse();
    let config = Config::from_env()?;
    let demo_env = matches!(
        std::env::var("CCHC_DEMO").as_deref(),
        Ok("1" | "true" | "yes")
    );
    match cli.command.unwrap_or(Command::Serve { demo: demo_env }) {
        Command::Serve { demo } => {
            let options = leptos_options()?;
            let addr = options.site_addr;
            let application = Application::build(&config, options, addr, demo).await?;
            if !demo {
                refuse_demo_data_in_production(&application.state.db).await?;
            }
            let bound = application.addr();
            tracing::info!(database = %redact(&config.database_url), "database ready");
            let mut scheduler = None;
            if config.scheduler {
                let schedule = crate::reminders::Schedule::from_config(
                    config.reminder_cron.as_deref(),
                    config.timezone.as_deref(),
                );
                let db = application.state.db.clone();
                let settings = application.state.reminders.clone();
                tracing::info!(schedule = %schedule.describe(), "reminder schedule");
                scheduler = Some(
                    crate::reminders::start(
                        db.clone(),
                        settings.clone(),
                        &schedule,
                        std::time::Duration::from_secs(60),
                    )
                    .await?,
                );
                tokio::spawn(async move {
                    crate::reminders::catch_up(&db, &settings, &schedule).await;
                });
            }
            let mut nightly = None;
            if let (true, Some(n)) = (config.scheduler, config.nightly_backup.clone()) {
                nightly = Some(
                    crate::backup::nightly::start(
                        application.state.db.clone(),
                        config.storage()?,
                        n,
                        config.timezone.as_deref(),
                    )
                    .await?,
                );
            }
            if demo {
                println!(
                    "Chế độ dùng thử: mật khẩu các tài khoản mẫu là / Demo mode: the demo accounts' password is {}",
                    app::demo::DEMO_PASSWORD
                );
            }
            println!("Đang phục vụ tại / Serving on http://{bound}");
            application.run_until(shutdown_signal()).await?;
            for mut s in [scheduler, nightly].into_iter().flatten() {
                let _ = s.shutdown().await;
            }
            tracing::info!("stopped");
        }
        Command::Backup { to } => {
            let db = crate::db::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let m = crate::backup::backup(&db, &config.storage()?, &to).await?;
            println!(
                "Đã sao lưu / Backed up: {} tables, {} rows, {} files, schema {} -> {} ({:.1} s)",
                m.tables.len(),
                m.tables.iter().map(|t| t.rows).sum::<u64>(),
                m.files.len(),
                m.migrations.last().map_or("-", String::as_str),
                to.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Restore { from, force } => {
            let db = crate::db::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let restored = crate::backup::restore(&db, &config.storage()?, &from, force).await?;
            if let Some(kept) = &restored.kept {
                println!(
                    "Dữ liệu trước khi khôi phục đã được sao lưu / What was there before is backed up in {}",
                    kept.display()
                );
            }
            let m = restored.manifest;
            println!(
                "Đã khôi phục / Restored: {} tables, {} rows, {} files from a {} backup of {} (schema {}) into {} ({:.1} s)",
                m.tables.len(),
                m.tables.iter().map(|t| t.rows).sum::<u64>(),
                m.files.len(),
                m.database,
                m.created_at,
                m.migrations.last().map_or("-", String::as_str),
                redact(&config.database_url),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Migrate => {
            prepare_database(&config, false).await?;
            println!("Migrations applied.");
        }
        Command::RunReminders { at } => {
            let now = match at {
                Some(t) => chrono::DateTime::parse_from_rfc3339(t.trim())
                    .map_err(|e| anyhow::anyhow!("--at {t:?} is not an RFC 3339 time: {e}"))?
                    .with_timezone(&chrono::Utc),
                None => chrono::Utc::now(),
            };
            let db = prepare_database(&config, false).await?;
            let settings = crate::reminder_settings(&config, "127.0.0.1:3000");
            let (run, mail) = crate::reminders::run_once(&db, &settings, now, "cli").await?;
            println!(
                "Reminders: {} due, {} new notifications, {} e-mails queued; e-mail: {} sent, {} to retry, {} failed.",
                run.due, run.created, run.emails, mail.sent, mail.retried, mail.failed
            );
        }
        Command::LoadDemo => {
            let db = prepare_database(&config, false).await?;
            let loaded = app::demo::load(&db, &config.storage()?, config.clock.today())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}",
                if loaded {
                    "Demo province loaded."
                } else {
                    "Demo province already present."
                }
            );
        }
        Command::CreateAdmin {
            username,
            full_name,
            email,
            unit,
        } => {
            let password = read_new_password()?;
            let db = prepare_database(&config, false).await?;
            create_admin(&db, &username, &full_name, &password, email, unit).await?;
            println!("Administrator {username} created.");
        }
        Command::GenScale {
            units,
            plans,
            tasks,
            updates,
        } => {
            let db = prepare_database(&config, true).await?;
            let started = std::time::Instant::now();
            let added = app::demo::scale::generate(
                &db,
                app::demo::scale::Sizes {
                    units,
                    plans,
                    tasks,
                    updates,
                },
                config.clock.today(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Scale province: +{} units, +{} plans, +{} tasks ({} co-operating links), +{} progress updates in {:.1} s.",
                added.units,
                added.plans,
                added.tasks,
                added.links,
                added.updates,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

async fn create_admin(
    db: &sea_orm::DatabaseConnection,
    username: &str,
    full_name: &str,
    password: &str,
    email: Option<String>,
    unit: Option<String>,
) -> anyhow::Result<()> {
    use app::domain::{Email, Password, Role, Username};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
    let username = Username::parse(username)
        .map_err(|k| anyhow::anyhow!("user name: {}", app::i18n::t(Default::default(), k)))?;
    let password = Password::parse_for(password, username.as_str())
        .map_err(|k| anyhow::anyhow!("password: {}", app::i18n::t(Default::default(), k)))?;
    let full_name = app::domain::user::parse_full_name(full_name)
        .map_err(|k| anyhow::anyhow!("full name: {}", app::i18n::t(Default::default(), k)))?;
    let email = email
        .map(|e| Email::parse(&e).map(|e| e.as_str().to_string()))
        .transpose()
        .map_err(|k| anyhow::anyhow!("e-mail: {}", app::i18n::t(Default::default(), k)))?;
    let unit_id = match unit {
        Some(code) => Some(
            app::entities::unit::Entity::find()
                .filter(app::entities::unit::Column::Code.eq(code.trim().to_ascii_uppercase()))
                .one(db)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no unit with code {code}"))?
                .id,
        ),
        None => None,
    };
    let txn = db.begin().await?;
    let new = NewUser {
        username: &username,
        full_name: &full_name,
        email,
        role: Role::Admin,
        unit_id,
        password: &password,
        // They typed it themselves.
        must_change_password: false,
    };
    insert(&txn, Actor::System, new)
        .await
        .map_err(|e| anyhow::anyhow!("{}", app::i18n::t(Default::default(), e.message_key())))?;
    txn.commit().await?;
    Ok(())
}

/// A production start (no `--demo`) on a database holding the demo province refuses to serve:
/// its accounts have a password printed in the README. On a database without any account it
/// says how to create the first administrator.
async fn refuse_demo_data_in_production(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    if app::demo::is_demo_mode(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        anyhow::bail!(
            "Cơ sở dữ liệu này chứa tỉnh dùng thử và các tài khoản mẫu với mật khẩu công khai: \
             không thể chạy chính thức trên nó.\n\
             This database holds the demo province and its demo accounts, whose password is public: \
             it cannot serve in production.\n\
             To fix: point DATABASE_URL (or CCHC_DATA_DIR) at a new, empty database and create the \
             first administrator with `server create-admin --username <name>`; or, to keep running \
             the demo, start with `server serve --demo`."
        );
    }
    if app::entities::user::Entity::find().count(db).await? == 0 {
        tracing::warn!(
            "no account yet: create the first administrator with `server create-admin --username <name>` \
             (chưa có tài khoản nào: tạo quản trị viên đầu tiên bằng lệnh create-admin)"
        );
    }
    Ok(())
}

/// The new administrator's password: asked twice on the terminal without echo, or the first
/// line of standard input when it is not a terminal (scripts, `< file`).
fn read_new_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mật khẩu / Password: ")?;
        let again = rpassword::prompt_password("Nhập lại / Again: ")?;
        if first != again {
            anyhow::bail!("the two passwords differ / hai lần nhập không khớp");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            anyhow::bail!("no password on standard input / không có mật khẩu ở đầu vào chuẩn");
        }
        Ok(line)
    }
}

/// The database URL without a password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_string(),
    }
}
