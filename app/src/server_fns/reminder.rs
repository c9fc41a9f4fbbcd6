//! Notifications, reminder rules, the unit's recipients and the e-mail outbox.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::reminder::{
    NotificationsPage, OutboxPage, RecipientsInput, RecipientsPage, RuleInput, RulesPage,
};

/// The user's notifications, newest first (`unread` = "1" for the unread only).
#[server(endpoint = "notifications/list")]
pub async fn get_notifications(
    #[server(default)] page: u64,
    #[server(default)] unread: String,
) -> Result<NotificationsPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::reminders::inbox::page(&app_state()?.db, &user, page, unread == "1").await
}

/// Marks one notification read (`id`), or all of them (`id` empty).
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read(
    #[server(default)] csrf: String,
    #[server(default)] id: String,
) -> Result<u64, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let id = crate::services::parse_opt_id("id", &id)?;
    crate::services::reminders::inbox::mark_read(&app_state()?.db, &user, id, chrono::Utc::now())
        .await
}

/// The rules page: rules, latest runs, schedule (PAR office).
#[server(endpoint = "reminders/rules")]
pub async fn get_reminder_rules() -> Result<RulesPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let rules = crate::services::reminders::rules::list(&state.db, &user).await?;
    let runs = crate::services::reminders::latest_runs(&state.db, 10).await?;
    Ok(RulesPage {
        rules,
        runs,
        schedule: state.reminders.schedule.clone(),
        mail_enabled: state.reminders.mailer.is_some(),
    })
}

/// Saves one rule (PAR office).
#[server(endpoint = "reminders/rule_save")]
pub async fn save_reminder_rule(
    #[server(default)] csrf: String,
    rule: RuleInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::reminders::rules::save(&app_state()?.db, &user, &rule).await
}

/// Evaluates the rules now and sends the e-mails due (PAR office); returns the notifications
/// written.
#[server(endpoint = "reminders/run")]
pub async fn run_reminders_now(#[server(default)] csrf: String) -> Result<usize, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    user.ensure(crate::domain::Right::ManageReminders)?;
    let state = app_state()?;
    let (summary, _) = crate::services::reminders::run_and_deliver(
        &state.db,
        &state.reminders,
        chrono::Utc::now(),
        "manual",
    )
    .await?;
    // A form posted without a script comes back to the rules with the count.
    leptos_axum::redirect(&format!("/reminders?ran={}", summary.created));
    Ok(summary.created)
}

/// The unit's users and who receives reminders (unit head).
#[server(endpoint = "reminders/recipients")]
pub async fn get_reminder_recipients() -> Result<RecipientsPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::reminders::inbox::recipients(&app_state()?.db, &user).await
}

/// Saves who receives the unit's reminders (unit head).
#[server(endpoint = "reminders/recipients_save")]
pub async fn save_reminder_recipients(
    #[server(default)] csrf: String,
    #[server(default)] choice: RecipientsInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let ids = choice
        .users
        .iter()
        .map(|s| {
            s.trim()
                .parse::<i32>()
                .map_err(|_| AppError::invalid("users", "err.bad_id"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    crate::services::reminders::inbox::save_recipients(&app_state()?.db, &user, &ids).await
}

/// The e-mail outbox (admins); `state` filters.
#[server(endpoint = "mail/outbox")]
pub async fn get_outbox(#[server(default)] state: String) -> Result<OutboxPage, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let app = app_state()?;
    let server = app
        .reminders
        .mailer
        .as_ref()
        .map(|m| m.describe.clone())
        .unwrap_or_default();
    crate::services::reminders::inbox::outbox(
        &app.db,
        &user,
        &state,
        app.reminders.mailer.is_some(),
        server,
    )
    .await
}

/// Puts a failed or expired e-mail back in the queue (admins).
#[server(endpoint = "mail/retry")]
pub async fn retry_mail(#[server(default)] csrf: String, id: i32) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::reminders::inbox::retry(&app_state()?.db, &user, id, chrono::Utc::now()).await
}
