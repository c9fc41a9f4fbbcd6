//! What the services count for `/metrics`, named in one place. The calls go to the `metrics`
//! facade: they cost nothing until the server installs its recorder.

use metrics::{counter, describe_counter};

/// The help text of each counter.
pub fn describe() {
    describe_counter!(
        "auth_login_failures_total",
        "Log-ins refused, by reason (bad_credentials, disabled, locked)."
    );
    describe_counter!(
        "reports_submitted_total",
        "Unit reports submitted (first submissions and resubmissions)."
    );
    describe_counter!("reminder_runs_total", "Reminder evaluations, by trigger.");
    describe_counter!(
        "reminders_created_total",
        "Notifications the reminder rules wrote."
    );
    describe_counter!("emails_sent_total", "E-mails delivered to the SMTP server.");
    describe_counter!(
        "emails_failed_total",
        "E-mails given up (refused for good, too many attempts, or too old)."
    );
    describe_counter!(
        "emails_retried_total",
        "E-mail attempts that failed and will be tried again."
    );
}

/// A log-in was refused for `reason`: `bad_credentials`, `disabled` or `locked` (too many
/// failures from the account or the address).
pub fn login_refused(reason: &'static str) {
    counter!("auth_login_failures_total", "reason" => reason).increment(1);
}

/// A unit submitted its report.
pub fn report_submitted() {
    counter!("reports_submitted_total").increment(1);
}

/// A reminder run (`trigger`: schedule, startup, manual, cli) wrote `created` notifications.
pub fn reminder_run(trigger: &str, created: usize) {
    let trigger = match trigger {
        "schedule" | "startup" | "manual" | "cli" => trigger.to_string(),
        _ => "other".to_string(),
    };
    counter!("reminder_runs_total", "trigger" => trigger).increment(1);
    counter!("reminders_created_total").increment(u64::try_from(created).unwrap_or(u64::MAX));
}

/// One pass over the e-mail outbox: sent, given up (failed or expired), to be retried.
pub fn emails(sent: usize, failed: usize, retried: usize) {
    let n = |x: usize| u64::try_from(x).unwrap_or(u64::MAX);
    counter!("emails_sent_total").increment(n(sent));
    counter!("emails_failed_total").increment(n(failed));
    counter!("emails_retried_total").increment(n(retried));
}
