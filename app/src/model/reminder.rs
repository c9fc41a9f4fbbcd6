//! Reminders, notifications and the e-mail outbox as the UI sees them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::reminder::{RuleCode, RuleSetting};
use crate::domain::Role;

/// A reminder rule on the rules page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    /// Which rule.
    pub code: RuleCode,
    /// Switched on.
    pub enabled: bool,
    /// Days before the deadline ("7, 3, 1"), or days overdue for an escalation.
    pub offsets: String,
    /// Repeat every N days (repeating rules).
    pub repeat_days: Option<i32>,
    /// What the numbers mean.
    pub setting: RuleSetting,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A rule as submitted by the form (an unchecked box is absent: off).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleInput {
    /// Which rule.
    pub code: String,
    /// Switched on.
    pub enabled: bool,
    /// Days before ("7, 3, 1") or days overdue ("14").
    pub offsets: String,
    /// Repeat every N days.
    pub repeat_days: String,
}

/// One evaluation run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    /// The moment evaluated.
    pub evaluated_at: DateTime<Utc>,
    /// schedule, startup, manual.
    pub trigger: String,
    /// Which server process.
    pub instance: String,
    /// Finished (none while running or when it died).
    pub finished_at: Option<DateTime<Utc>>,
    /// Notifications written.
    pub created: i32,
    /// E-mails queued.
    pub emails: i32,
    /// Batches that failed.
    pub failed: i32,
}

/// The rules page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RulesPage {
    /// The rules.
    pub rules: Vec<RuleView>,
    /// The latest runs, newest first.
    pub runs: Vec<RunView>,
    /// The schedule in force (cron expression and time zone).
    pub schedule: String,
    /// Whether e-mail is configured.
    pub mail_enabled: bool,
}

/// A notification in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    /// Id.
    pub id: i32,
    /// Which rule made it.
    pub rule: RuleCode,
    /// Headline.
    pub title: String,
    /// Details.
    pub body: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Read (none while unread).
    pub read_at: Option<DateTime<Utc>>,
}

/// The notifications page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationsPage {
    /// The newest first.
    pub items: Vec<NotificationView>,
    /// Unread in all.
    pub unread: u64,
    /// In all.
    pub total: u64,
    /// The page (from 1).
    pub page: u64,
    /// Rows per page.
    pub per_page: u64,
}

/// A user of the unit on the recipients page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipientView {
    /// Account id.
    pub user_id: i32,
    /// Name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// E-mail address, if any.
    pub email: Option<String>,
    /// Receives the unit's reminders.
    pub receives: bool,
}

/// The unit head's recipients page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipientsPage {
    /// The unit's name.
    pub unit_name: String,
    /// Its active users.
    pub users: Vec<RecipientView>,
}

/// An e-mail in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    /// Id.
    pub id: i32,
    /// Recipient's address.
    pub to_addr: String,
    /// Recipient's name.
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// pending, sending, sent, failed, cancelled, expired, skipped.
    pub state: String,
    /// Attempts made.
    pub attempts: i32,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// Next attempt (pending).
    pub next_attempt_at: DateTime<Utc>,
}

/// The outbox page (admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    /// Whether e-mail is configured.
    pub mail_enabled: bool,
    /// The SMTP server, for the admin ("smtp.example.vn:587 (starttls)").
    pub server: String,
    /// Count per state.
    pub counts: Vec<(String, u64)>,
    /// The latest messages of the chosen state.
    pub rows: Vec<OutboxRow>,
    /// The chosen state ("" for all).
    pub state: String,
}

/// The unit head's choice of recipients, as submitted by the form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecipientsInput {
    /// The users who receive the unit's reminders (checked boxes; none checked is allowed).
    #[serde(default)]
    pub users: Vec<String>,
}
