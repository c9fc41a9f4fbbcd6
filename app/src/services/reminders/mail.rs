//! E-mail: the SMTP settings, and delivery of the outbox with retries and backoff.
//!
//! A message is claimed by one process with a conditional UPDATE (pending → sending) before it
//! is sent, so several instances never send the same message twice. A process that dies while
//! sending leaves the claim; after [`STALE_CLAIM_MINUTES`] it goes back to the queue (the one
//! case where a message may be sent twice: SMTP has no two-phase commit).

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{email_outbox, notification, user};
use crate::error::AppError;
use crate::i18n::{self, tf, Lang};

/// How the connection to the SMTP server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text (a relay on the same host or network).
    None,
    /// Plain connection upgraded with STARTTLS (port 587).
    StartTls,
    /// TLS from the start (port 465).
    Tls,
}

impl TlsMode {
    /// Parses `none`, `starttls` or `tls`.
    pub fn parse(s: &str) -> Option<TlsMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "plain" | "off" => Some(TlsMode::None),
            "starttls" => Some(TlsMode::StartTls),
            "tls" | "ssl" | "smtps" => Some(TlsMode::Tls),
            _ => None,
        }
    }

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::StartTls => "starttls",
            TlsMode::Tls => "tls",
        }
    }
}

/// SMTP settings (from the environment).
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Connection security.
    pub tls: TlsMode,
    /// User name and password, if the server wants them.
    pub credentials: Option<(String, String)>,
    /// The sender: "Hệ thống CCHC <cchc@sonha.gov.vn>".
    pub from: String,
}

/// A ready SMTP client.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// "host:port (tls mode)", for the admin page and logs.
    pub describe: String,
}

impl Mailer {
    /// Builds the client; a bad sender address or TLS set-up is a clear error.
    pub fn new(cfg: &SmtpConfig) -> Result<Mailer, String> {
        let from: Mailbox = cfg.from.parse().map_err(|e| {
            format!(
                "CCHC_SMTP_FROM {:?} is not an e-mail address: {e}",
                cfg.from
            )
        })?;
        let builder = match cfg.tls {
            TlsMode::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.as_str())
            }
            TlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)
                .map_err(|e| format!("SMTP STARTTLS set-up for {}: {e}", cfg.host))?,
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)
                .map_err(|e| format!("SMTP TLS set-up for {}: {e}", cfg.host))?,
        };
        let mut builder = builder
            .port(cfg.port)
            .timeout(Some(StdDuration::from_secs(20)));
        if let Some((user, pass)) = &cfg.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            describe: format!("{}:{} ({})", cfg.host, cfg.port, cfg.tls.as_str()),
        })
    }

    async fn send(
        &self,
        to_name: &str,
        to_addr: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), SendError> {
        let to: Mailbox = Mailbox::new(
            Some(to_name.to_string()).filter(|n| !n.is_empty()),
            to_addr.parse().map_err(|e| {
                SendError::Permanent(format!("địa chỉ không hợp lệ / bad address: {e}"))
            })?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| SendError::Permanent(format!("message: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

enum SendError {
    /// The server refused for good (5xx: unknown recipient ...): no retry.
    Permanent(String),
    /// Connection refused, timeout, 4xx: retried later.
    Transient(String),
}

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 6;
/// A claim older than this is considered abandoned (its process died).
pub const STALE_CLAIM_MINUTES: i64 = 10;
/// Reminders older than this are not worth sending any more.
pub const EXPIRE_HOURS: i64 = 72;

/// The wait before attempt `n + 1` after `n` failed attempts: 1, 5, 15, 60, 240 minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::minutes(match attempts {
        ..=1 => 1,
        2 => 5,
        3 => 15,
        4 => 60,
        _ => 240,
    })
}

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliverySummary {
    /// Sent.
    pub sent: usize,
    /// Failed this time, to be retried.
    pub retried: usize,
    /// Given up (permanent refusal or too many attempts).
    pub failed: usize,
    /// Too old to send.
    pub expired: usize,
}

fn short(e: &str) -> String {
    e.chars().take(500).collect()
}

/// The closing line of reminder e-mails in each language, made once per delivery pass.
struct Footers {
    vi: String,
    en: String,
}

impl Footers {
    fn new(province: &str) -> Footers {
        let footer = |l: Lang| {
            if province.is_empty() {
                i18n::t(l, "mail.footer_unnamed")
            } else {
                tf(l, "mail.footer", &[("province", province)])
            }
        };
        Footers {
            vi: footer(Lang::Vi),
            en: footer(Lang::En),
        }
    }

    fn of(&self, l: Lang) -> &str {
        match l {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// A reminder e-mail's text: the greeting, the notification's title and text, its link on
/// `base_url` and the province's closing line, in `lang`.
pub fn compose(
    lang: Lang,
    name: &str,
    note: &notification::Model,
    base_url: &str,
    footer: &str,
) -> String {
    format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n-- \n{}\n",
        tf(lang, "mail.greeting", &[("name", name)]),
        note.title,
        note.body,
        tf(
            lang,
            "mail.open",
            &[(
                "url",
                &format!("{}{}", base_url.trim_end_matches('/'), note.link)
            )]
        ),
        footer,
    )
}

/// The texts of the reminder e-mails among `due` (those queued without one), by outbox id,
/// each in its recipient's language. A reminder whose notification is gone has none.
async fn compose_due(
    db: &DatabaseConnection,
    due: &[email_outbox::Model],
    base_url: &str,
) -> Result<HashMap<i32, String>, AppError> {
    let wanted: Vec<i32> = due
        .iter()
        .filter(|m| m.body.is_empty())
        .filter_map(|m| m.notification_id)
        .collect();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let notes: HashMap<i32, notification::Model> = notification::Entity::find()
        .filter(notification::Column::Id.is_in(wanted))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let langs: HashMap<i32, Lang> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Language)
        .filter(user::Column::Id.is_in(notes.values().map(|n| n.user_id).collect::<Vec<_>>()))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, l)| (id, Lang::parse(&l).unwrap_or_default()))
        .collect();
    let province = crate::services::settings::province(db).await?.name;
    let footers = Footers::new(&province);
    Ok(due
        .iter()
        .filter_map(|m| {
            let note = notes.get(&m.notification_id?)?;
            let lang = langs.get(&note.user_id).copied().unwrap_or_default();
            Some((
                m.id,
                compose(lang, &m.to_name, note, base_url, footers.of(lang)),
            ))
        })
        .collect())
}

/// Sends what is due in the outbox, at most `limit` messages, reminders' texts composed with
/// links on `base_url`. Never fails as a whole: each message's outcome and error are recorded
/// on it.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    instance: &str,
    base_url: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<DeliverySummary, AppError> {
    use email_outbox::Column as C;
    let mut summary = DeliverySummary::default();
    // Abandoned claims go back to the queue.
    email_outbox::Entity::update_many()
        .col_expr(C::State, Expr::value("pending"))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::State.eq("sending"))
        .filter(C::ClaimedAt.lt(now - Duration::minutes(STALE_CLAIM_MINUTES)))
        .exec(db)
        .await?;
    summary.expired = usize::try_from(
        email_outbox::Entity::update_many()
            .col_expr(C::State, Expr::value("expired"))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::State.eq("pending"))
            .filter(C::CreatedAt.lt(now - Duration::hours(EXPIRE_HOURS)))
            .exec(db)
            .await?
            .rows_affected,
    )
    .unwrap_or(0);
    let due = email_outbox::Entity::find()
        .filter(C::State.eq("pending"))
        .filter(C::NextAttemptAt.lte(now))
        .order_by_asc(C::NextAttemptAt)
        .order_by_asc(C::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut texts = compose_due(db, &due, base_url).await?;
    for m in due {
        let body = if m.body.is_empty() {
            match texts.remove(&m.id) {
                Some(text) => text,
                None => {
                    // Its notification was deleted with its task: nothing left to remind of.
                    email_outbox::Entity::update_many()
                        .col_expr(C::State, Expr::value("cancelled"))
                        .col_expr(C::LastError, Expr::value("reminder deleted"))
                        .col_expr(C::UpdatedAt, Expr::value(now))
                        .filter(C::Id.eq(m.id))
                        .filter(C::State.eq("pending"))
                        .exec(db)
                        .await?;
                    continue;
                }
            }
        } else {
            m.body
        };
        // Claim it: only one process wins.
        let claimed = email_outbox::Entity::update_many()
            .col_expr(C::State, Expr::value("sending"))
            .col_expr(C::ClaimedAt, Expr::value(now))
            .col_expr(C::ClaimedBy, Expr::value(instance))
            .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(m.id))
            .filter(C::State.eq("pending"))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let attempts = m.attempts + 1;
        let outcome = mailer.send(&m.to_name, &m.to_addr, &m.subject, &body).await;
        let done = Utc::now();
        let update = email_outbox::Entity::update_many()
            .filter(C::Id.eq(m.id))
            .col_expr(C::UpdatedAt, Expr::value(done));
        let update = match outcome {
            Ok(()) => {
                summary.sent += 1;
                update
                    .col_expr(C::State, Expr::value("sent"))
                    .col_expr(C::SentAt, Expr::value(done))
                    .col_expr(C::LastError, Expr::value(None::<String>))
            }
            Err(SendError::Permanent(e)) => {
                summary.failed += 1;
                tracing::warn!(id = m.id, to = %m.to_addr, error = %e, "e-mail refused for good");
                update
                    .col_expr(C::State, Expr::value("failed"))
                    .col_expr(C::LastError, Expr::value(short(&e)))
            }
            Err(SendError::Transient(e)) if attempts >= MAX_ATTEMPTS => {
                summary.failed += 1;
                tracing::warn!(id = m.id, to = %m.to_addr, error = %e, attempts, "e-mail given up");
                update
                    .col_expr(C::State, Expr::value("failed"))
                    .col_expr(C::LastError, Expr::value(short(&e)))
            }
            Err(SendError::Transient(e)) => {
                summary.retried += 1;
                tracing::info!(id = m.id, error = %e, attempts, "e-mail not sent; will retry");
                update
                    .col_expr(C::State, Expr::value("pending"))
                    .col_expr(C::NextAttemptAt, Expr::value(now + backoff(attempts)))
                    .col_expr(C::LastError, Expr::value(short(&e)))
            }
        };
        update.exec(db).await?;
    }
    crate::services::counters::emails(
        summary.sent,
        summary.failed + summary.expired,
        summary.retried,
    );
    if summary != DeliverySummary::default() {
        tracing::info!(
            sent = summary.sent,
            retried = summary.retried,
            failed = summary.failed,
            expired = summary.expired,
            "e-mail outbox delivered"
        );
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_tls_modes_parse() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert!(backoff(2) < backoff(3));
        assert_eq!(backoff(9), Duration::minutes(240));
        assert_eq!(TlsMode::parse("STARTTLS"), Some(TlsMode::StartTls));
        assert_eq!(TlsMode::parse("ssl"), Some(TlsMode::Tls));
        assert_eq!(TlsMode::parse("none"), Some(TlsMode::None));
        assert_eq!(TlsMode::parse("maybe"), None);
    }
}
