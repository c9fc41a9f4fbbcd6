//! Reminders: `run_due(now)` evaluates the rules over open tasks and unit reports and writes one
//! notification per (rule, object, occurrence, recipient), with its e-mail in the outbox.
//!
//! Exactly once: the notifications table has a unique key on those four columns and every
//! insert is `ON CONFLICT DO NOTHING ... RETURNING`, so only the rows this run really created
//! get an e-mail, in the same transaction. Restarts, overlapping runs and several instances on
//! one PostgreSQL therefore never duplicate, and a run killed half-way leaves whole batches
//! only; the next run writes the rest.

pub mod inbox;
pub mod mail;
pub mod rules;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use crate::domain::reminder::{due_soon_step, overdue_step, RuleCode};
use crate::domain::report::ReportStatus;
use crate::domain::task::{PeriodKind, TaskState};
use crate::domain::{AreaId, PlanId, Role, UnitId};
use crate::entities::{
    email_outbox, notification, reminder_run, reporting_period, task, unit_report, user,
};
use crate::error::AppError;
use crate::i18n::{self, tf, Lang};
use crate::model::reminder::RunView;
use crate::services::reporting::{expected_unit_ids, reporting_unit};
use crate::services::units::scope::{unit_names, UnitNames};

pub use rules::{load as load_rules, Rules};

/// Rows per insert (and per transaction). Larger batches commit less often (2,000 made a
/// province's first run 40 ms faster) but the server then kept 20 MB more after a run: what a
/// batch allocates stays with the allocators.
pub const BATCH: usize = 500;

/// The largest batch: an e-mail row binds 12 values, and SQLite takes at most 32,766 in one
/// statement.
const MAX_BATCH: usize = 2_500;

/// How reminders run and whether e-mail goes out.
#[derive(Clone)]
pub struct ReminderSettings {
    /// The schedule in force, as shown to the PAR office ("0 0 7 * * * Asia/Ho_Chi_Minh").
    pub schedule: String,
    /// The application's public address, for links in e-mails.
    pub base_url: String,
    /// This process ("host:pid"), recorded with runs and e-mail claims.
    pub instance: String,
    /// The SMTP client; none when e-mail is not configured.
    pub mailer: Option<crate::services::reminders::mail::Mailer>,
    /// Notifications written per transaction.
    pub batch: usize,
}

impl ReminderSettings {
    /// The options of a run started by `trigger`.
    pub fn run_options(&self, trigger: &str) -> RunOptions {
        RunOptions {
            mail_enabled: self.mailer.is_some(),
            instance: self.instance.clone(),
            trigger: trigger.to_string(),
            batch: self.batch,
        }
    }
}

/// What a run needs besides the database.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Whether e-mail is configured: without it, notifications are in-app only.
    pub mail_enabled: bool,
    /// Who runs it (host and process), recorded with the run.
    pub instance: String,
    /// What started it: "schedule", "startup", "manual".
    pub trigger: String,
    /// Notifications per insert and transaction (default [`BATCH`]).
    pub batch: usize,
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// The run's record.
    pub run_id: i32,
    /// Notifications that were due (including those that already existed).
    pub due: usize,
    /// Notifications written by this run.
    pub created: usize,
    /// E-mails queued by this run.
    pub emails: usize,
    /// Batches that failed (logged and recorded; the next run retries them).
    pub failed_batches: usize,
}

pub use crate::domain::calendar::local_day;

/// One run and the delivery of the e-mails it queued: what the daily job, the start-up
/// catch-up, `server run-reminders` and the PAR office's "run now" all do.
pub async fn run_and_deliver(
    db: &DatabaseConnection,
    settings: &ReminderSettings,
    now: DateTime<Utc>,
    trigger: &str,
) -> Result<(RunSummary, mail::DeliverySummary), AppError> {
    let summary = run_due(db, now, &settings.run_options(trigger)).await?;
    let mut sent = mail::DeliverySummary::default();
    if let Some(mailer) = &settings.mailer {
        loop {
            let pass = mail::deliver_due(
                db,
                mailer,
                &settings.instance,
                &settings.base_url,
                Utc::now(),
                200,
            )
            .await?;
            sent.sent += pass.sent;
            sent.retried += pass.retried;
            sent.failed += pass.failed;
            sent.expired += pass.expired;
            if pass.sent + pass.failed + pass.retried < 200 {
                break;
            }
        }
    }
    Ok((summary, sent))
}

#[derive(Clone, Debug)]
struct Recipient {
    id: i32,
    name: String,
    email: Option<String>,
    lang: Lang,
}

/// Who gets what: the unit's chosen users, its heads, the PAR office.
struct Recipients {
    by_unit: HashMap<UnitId, Vec<Recipient>>,
    heads: HashMap<UnitId, Vec<Recipient>>,
    office: Vec<Recipient>,
    /// The provincial leaders, by user id.
    leaders: HashMap<i32, Recipient>,
}

async fn recipients(db: &impl ConnectionTrait) -> Result<Recipients, AppError> {
    let users = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let mut out = Recipients {
        by_unit: HashMap::new(),
        heads: HashMap::new(),
        office: Vec::new(),
        leaders: HashMap::new(),
    };
    for u in users {
        let r = Recipient {
            id: u.id,
            name: u.full_name.clone(),
            email: u.email.clone().filter(|e| !e.trim().is_empty()),
            lang: Lang::parse(&u.language).unwrap_or_default(),
        };
        match (u.role, u.unit_id) {
            (Role::UnitHead | Role::UnitOfficer, Some(unit)) => {
                if u.role == Role::UnitHead {
                    out.heads.entry(unit).or_default().push(r.clone());
                }
                if u.receives_reminders {
                    out.by_unit.entry(unit).or_default().push(r);
                }
            }
            (Role::ParOffice, _) => out.office.push(r),
            (Role::Leader, _) => {
                out.leaders.insert(u.id, r);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One notification to write.
#[derive(Clone, Debug)]
struct Due {
    rule: RuleCode,
    subject: String,
    occurrence: String,
    recipient: Recipient,
    task_id: Option<i32>,
    period_id: Option<i32>,
    unit_id: Option<UnitId>,
    title: String,
    body: String,
    link: String,
}

/// Evaluates every rule at `now` and writes what is due. Idempotent: running it again at the
/// same `now` (or later the same day) writes nothing new.
pub async fn run_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    opts: &RunOptions,
) -> Result<RunSummary, AppError> {
    let started = Utc::now();
    let run = reminder_run::Entity::insert(reminder_run::ActiveModel {
        evaluated_at: Set(now),
        trigger: Set(opts.trigger.chars().take(16).collect()),
        instance: Set(opts.instance.chars().take(64).collect()),
        started_at: Set(started),
        created: Set(0),
        emails: Set(0),
        failed: Set(0),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id;

    let mut out = Writer {
        db,
        now,
        opts,
        pending: Vec::new(),
        summary: RunSummary {
            run_id: run,
            ..Default::default()
        },
    };
    let evaluated = evaluate(db, now, &mut out).await;
    out.flush(0).await;
    let summary = out.summary;
    if let Err(e) = evaluated {
        finish(db, run, summary, Some("evaluation failed")).await;
        return Err(e);
    }
    let error = (summary.failed_batches > 0).then_some("some batches failed (see the log)");
    finish(db, run, summary, error).await;
    crate::services::counters::reminder_run(&opts.trigger, summary.created);
    tracing::info!(
        due = summary.due,
        created = summary.created,
        emails = summary.emails,
        failed_batches = summary.failed_batches,
        trigger = %opts.trigger,
        "reminders evaluated"
    );
    Ok(summary)
}

async fn finish(db: &DatabaseConnection, run: i32, s: RunSummary, error: Option<&str>) {
    let res = reminder_run::Entity::update_many()
        .col_expr(reminder_run::Column::FinishedAt, Expr::value(Utc::now()))
        .col_expr(
            reminder_run::Column::Created,
            Expr::value(i32::try_from(s.created).unwrap_or(i32::MAX)),
        )
        .col_expr(
            reminder_run::Column::Emails,
            Expr::value(i32::try_from(s.emails).unwrap_or(i32::MAX)),
        )
        .col_expr(
            reminder_run::Column::Failed,
            Expr::value(i32::try_from(s.failed_batches).unwrap_or(i32::MAX)),
        )
        .col_expr(
            reminder_run::Column::Error,
            Expr::value(error.map(str::to_string)),
        )
        .filter(reminder_run::Column::Id.eq(run))
        .exec(db)
        .await;
    if let Err(e) = res {
        tracing::error!(error = %e, "reminders: could not record the end of the run");
    }
}

/// Evaluates every rule at `now`, handing what is due to `out` (before de-duplication).
async fn evaluate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    out: &mut Writer<'_>,
) -> Result<(), AppError> {
    let today = local_day(now);
    let rules = load_rules(db).await?;
    let units = unit_names(db).await?;
    let people = recipients(db).await?;
    task_rules(db, today, &rules, &units, &people, out).await?;
    report_rules(db, today, &rules, &units, &people, out).await?;
    Ok(())
}

/// Writes what is due batch by batch as the rules find it: a run holds one batch in memory,
/// however many notifications are due (the first run over a province writes tens of
/// thousands).
struct Writer<'a> {
    db: &'a DatabaseConnection,
    now: DateTime<Utc>,
    opts: &'a RunOptions,
    pending: Vec<Due>,
    summary: RunSummary,
}

impl Writer<'_> {
    /// Writes whole batches while more than `keep` notifications are pending (0: all of them).
    async fn flush(&mut self, keep: usize) {
        let batch = self.opts.batch.clamp(1, MAX_BATCH);
        while self.pending.len() > keep {
            let rest = self.pending.split_off(batch.min(self.pending.len()));
            let chunk = std::mem::replace(&mut self.pending, rest);
            self.summary.due += chunk.len();
            match write_batch(self.db, &chunk, self.now, self.opts).await {
                Ok((created, emails)) => {
                    self.summary.created += created;
                    self.summary.emails += emails;
                }
                Err(e) => {
                    tracing::error!(error = %e, rows = chunk.len(), "reminders: a batch failed; the next run retries it");
                    self.summary.failed_batches += 1;
                }
            }
        }
    }

    /// Writes the full batches pending, keeping the rest for later.
    async fn flush_full(&mut self) {
        let batch = self.opts.batch.clamp(1, MAX_BATCH);
        self.flush(batch - 1).await;
    }
}

fn unit_label(units: &HashMap<UnitId, UnitNames>, id: UnitId) -> String {
    units.get(&id).map(|u| u.name.clone()).unwrap_or_default()
}

async fn task_rules(
    db: &DatabaseConnection,
    today: NaiveDate,
    rules: &Rules,
    units: &HashMap<UnitId, UnitNames>,
    people: &Recipients,
    out: &mut Writer<'_>,
) -> Result<(), AppError> {
    let horizon = today + Duration::days(i64::from(rules.max_days_before()));
    let plans: HashMap<PlanId, String> = crate::services::reporting::plans_in_force(db)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<(i32, String, UnitId, NaiveDate, PlanId, AreaId)> = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Title)
        .column(task::Column::LeadUnitId)
        .column(task::Column::EffectiveDueOn)
        .column(task::Column::PlanId)
        .column(task::Column::AreaId)
        .filter(task::Column::PlanId.is_in(plans.keys().copied().collect::<Vec<_>>()))
        .filter(task::Column::State.is_in([TaskState::NotStarted, TaskState::InProgress]))
        .filter(task::Column::EffectiveDueOn.is_not_null())
        .filter(task::Column::EffectiveDueOn.lte(horizon))
        .into_tuple()
        .all(db)
        .await?;
    // A late task whose unit asked for an extension is named as waiting for the decision.
    let pending = crate::services::tasks::extension::pending_dates(db).await?;
    // The leaders in charge, read only when their step is on.
    let in_charge = match rules.threshold(RuleCode::TaskEscalateLeader) {
        Some(_) => crate::services::accounts::leaders::in_charge(db).await?,
        None => Default::default(),
    };
    let none = Vec::new();
    for (id, title, lead, due, plan_id, area_id) in rows {
        let plan_no = plans.get(&plan_id).cloned().unwrap_or_default();
        let unit = reporting_unit(units, lead);
        let unit_name = unit_label(units, unit);
        let days_left = (due - today).num_days();
        let mut push = |rule: RuleCode, occurrence: String, to: &[Recipient], days: i64| {
            let late = matches!(
                rule,
                RuleCode::TaskOverdue
                    | RuleCode::TaskEscalateHead
                    | RuleCode::TaskEscalateOffice
                    | RuleCode::TaskEscalateLeader
            );
            let asked = pending.get(&id).filter(|_| late).copied();
            // The title and text are the same for every recipient of one language: made once.
            let mut texts: Vec<(Lang, String, String)> = Vec::with_capacity(2);
            for r in to {
                let l = r.lang;
                let (title_text, body) = match texts.iter().find(|(tl, ..)| *tl == l) {
                    Some((_, title, body)) => (title.clone(), body.clone()),
                    None => {
                        let made =
                            task_texts(l, rule, &title, &unit_name, due, &plan_no, days, asked);
                        texts.push((l, made.0.clone(), made.1.clone()));
                        made
                    }
                };
                out.pending.push(Due {
                    rule,
                    subject: format!("task:{id}"),
                    occurrence: occurrence.clone(),
                    recipient: r.clone(),
                    task_id: Some(id),
                    period_id: None,
                    unit_id: Some(unit),
                    title: title_text,
                    body,
                    link: format!("/tasks/{id}"),
                });
            }
        };
        let officers = people.by_unit.get(&unit).unwrap_or(&none);
        if days_left > 0 {
            if let Some(offsets) = rules.offsets(RuleCode::TaskDueSoon) {
                if let Some(step) = due_soon_step(days_left, offsets) {
                    push(
                        RuleCode::TaskDueSoon,
                        format!("{due}:{step}"),
                        officers,
                        days_left,
                    );
                }
            }
        } else if days_left == 0 {
            if rules.enabled(RuleCode::TaskDueToday) {
                push(RuleCode::TaskDueToday, due.to_string(), officers, 0);
            }
        } else {
            let over = -days_left;
            if let Some(repeat) = rules.repeat(RuleCode::TaskOverdue) {
                if let Some(step) = overdue_step(over, repeat) {
                    push(
                        RuleCode::TaskOverdue,
                        format!("{due}:{step}"),
                        officers,
                        over,
                    );
                }
            }
            if let Some(n) = rules.threshold(RuleCode::TaskEscalateHead) {
                if over >= i64::from(n) {
                    let heads = people.heads.get(&unit).unwrap_or(&none);
                    push(RuleCode::TaskEscalateHead, due.to_string(), heads, over);
                }
            }
            if let Some(m) = rules.threshold(RuleCode::TaskEscalateOffice) {
                if over >= i64::from(m) {
                    push(
                        RuleCode::TaskEscalateOffice,
                        due.to_string(),
                        &people.office,
                        over,
                    );
                }
            }
            if let Some(k) = rules.threshold(RuleCode::TaskEscalateLeader) {
                if over >= i64::from(k) {
                    let leaders: Vec<Recipient> = in_charge
                        .of(area_id, unit)
                        .into_iter()
                        .filter_map(|l| people.leaders.get(&l).cloned())
                        .collect();
                    push(
                        RuleCode::TaskEscalateLeader,
                        due.to_string(),
                        &leaders,
                        over,
                    );
                }
            }
        }
        out.flush_full().await;
    }
    Ok(())
}

/// A task reminder's title and text in `l`; `asked` is the date of an extension the unit asked
/// for (named on the reminders of late work).
#[allow(clippy::too_many_arguments)]
fn task_texts(
    l: Lang,
    rule: RuleCode,
    title: &str,
    unit_name: &str,
    due: NaiveDate,
    plan_no: &str,
    days: i64,
    asked: Option<NaiveDate>,
) -> (String, String) {
    let days_s = days.to_string();
    let mut body = tf(
        l,
        "notif.task.body",
        &[
            ("title", title.trim_end_matches(['.', ' '])),
            ("unit", unit_name),
            ("due", &i18n::date(due)),
            ("plan", plan_no),
        ],
    );
    if let Some(asked) = asked {
        body.push(' ');
        body.push_str(&tf(
            l,
            "notif.task.extension_pending",
            &[("date", &i18n::date(asked))],
        ));
    }
    let title_key = format!("notif.{}.title", rule.as_str());
    (
        tf(l, &title_key, &[("days", &days_s), ("unit", unit_name)]),
        body,
    )
}

/// The people a unit's report reminders go to: its chosen users and its heads, once each.
fn report_people(people: &Recipients, unit: UnitId) -> Vec<Recipient> {
    let mut v: Vec<Recipient> = people.by_unit.get(&unit).cloned().unwrap_or_default();
    for h in people.heads.get(&unit).into_iter().flatten() {
        if !v.iter().any(|r| r.id == h.id) {
            v.push(h.clone());
        }
    }
    v
}

async fn report_rules(
    db: &DatabaseConnection,
    today: NaiveDate,
    rules: &Rules,
    units: &HashMap<UnitId, UnitNames>,
    people: &Recipients,
    out: &mut Writer<'_>,
) -> Result<(), AppError> {
    let periods = reporting_period::Entity::find()
        .filter(reporting_period::Column::IsOpen.eq(true))
        .filter(reporting_period::Column::MergedInto.is_null())
        .all(db)
        .await?;
    for p in periods {
        let reports: HashMap<UnitId, unit_report::Model> = unit_report::Entity::find()
            .filter(unit_report::Column::PeriodId.eq(p.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.unit_id, r))
            .collect();
        let period_text = |l: Lang| period_label(l, p.kind, p.year);
        let days_left = (p.unit_due_on - today).num_days();
        let mut expected: Vec<UnitId> = expected_unit_ids(db, &p, units, None)
            .await?
            .into_iter()
            .collect();
        expected.sort_unstable();
        for unit in expected {
            let status = reports.get(&unit).map(|r| r.status);
            let unit_name = unit_label(units, unit);
            let link = format!("/reports/periods/{}/units/{unit}", p.id);
            let mut push = |rule: RuleCode, occurrence: String, days: i64, extra: &str| {
                for r in report_people(people, unit) {
                    let l = r.lang;
                    let period = period_text(l);
                    let days_s = days.to_string();
                    let mut body = tf(
                        l,
                        "notif.report.body",
                        &[
                            ("period", &period),
                            ("unit", &unit_name),
                            ("due", &i18n::date(p.unit_due_on)),
                        ],
                    );
                    if !extra.is_empty() {
                        body.push(' ');
                        body.push_str(&tf(l, "notif.report.comment", &[("comment", extra)]));
                    }
                    out.pending.push(Due {
                        rule,
                        subject: format!("report:{}:{unit}", p.id),
                        occurrence: occurrence.clone(),
                        recipient: r,
                        task_id: None,
                        period_id: Some(p.id),
                        unit_id: Some(unit),
                        title: tf(
                            l,
                            &format!("notif.{}.title", rule.as_str()),
                            &[("period", &period), ("days", &days_s)],
                        ),
                        body,
                        link: link.clone(),
                    });
                }
            };
            let not_sent = matches!(
                status,
                None | Some(ReportStatus::Draft) | Some(ReportStatus::Returned)
            );
            if status == Some(ReportStatus::Returned) && rules.enabled(RuleCode::ReportReturned) {
                if let Some(r) = reports.get(&unit) {
                    push(
                        RuleCode::ReportReturned,
                        r.submissions.to_string(),
                        0,
                        &r.review_comment,
                    );
                }
            }
            if !not_sent {
                continue;
            }
            if days_left > 0 {
                if let Some(offsets) = rules.offsets(RuleCode::ReportDueSoon) {
                    if let Some(step) = due_soon_step(days_left, offsets) {
                        push(
                            RuleCode::ReportDueSoon,
                            format!("{}:{step}", p.unit_due_on),
                            days_left,
                            "",
                        );
                    }
                }
            } else if days_left < 0 && status != Some(ReportStatus::Returned) {
                if let Some(repeat) = rules.repeat(RuleCode::ReportOverdue) {
                    if let Some(step) = overdue_step(-days_left, repeat) {
                        push(
                            RuleCode::ReportOverdue,
                            format!("{}:{step}", p.unit_due_on),
                            -days_left,
                            "",
                        );
                    }
                }
            }
        }
        out.flush_full().await;
    }
    Ok(())
}

/// Writes one batch in one transaction: the notifications not yet there, and the e-mails of
/// exactly those. Returns (notifications created, e-mails queued).
async fn write_batch(
    db: &DatabaseConnection,
    chunk: &[Due],
    now: DateTime<Utc>,
    opts: &RunOptions,
) -> Result<(usize, usize), AppError> {
    use notification::Column as N;
    let txn = db.begin().await?;
    let mut insert = Query::insert();
    insert.into_table(notification::Entity).columns([
        N::UserId,
        N::Rule,
        N::Subject,
        N::Occurrence,
        N::TaskId,
        N::PeriodId,
        N::UnitId,
        N::Title,
        N::Body,
        N::Link,
        N::CreatedAt,
    ]);
    for d in chunk {
        insert.values_panic([
            d.recipient.id.into(),
            d.rule.as_str().into(),
            d.subject.clone().into(),
            d.occurrence.clone().into(),
            d.task_id.into(),
            d.period_id.into(),
            d.unit_id.into(),
            d.title.clone().into(),
            d.body.clone().into(),
            d.link.clone().into(),
            now.into(),
        ]);
    }
    insert.on_conflict(
        OnConflict::columns([N::Rule, N::Subject, N::Occurrence, N::UserId])
            .do_nothing()
            .to_owned(),
    );
    insert.returning(Query::returning().columns([
        N::Id,
        N::Rule,
        N::Subject,
        N::Occurrence,
        N::UserId,
    ]));
    let rows = txn.query_all(&insert).await?;
    let by_key: HashMap<(&str, &str, &str, i32), &Due> = chunk
        .iter()
        .map(|d| {
            (
                (
                    d.rule.as_str(),
                    d.subject.as_str(),
                    d.occurrence.as_str(),
                    d.recipient.id,
                ),
                d,
            )
        })
        .collect();
    let created = rows.len();
    let mut queued = 0;
    if opts.mail_enabled && created > 0 {
        use email_outbox::Column as M;
        let mut mails = Query::insert();
        mails.into_table(email_outbox::Entity).columns([
            M::NotificationId,
            M::UserId,
            M::ToAddr,
            M::ToName,
            M::Subject,
            M::Body,
            M::State,
            M::Attempts,
            M::NextAttemptAt,
            M::LastError,
            M::CreatedAt,
            M::UpdatedAt,
        ]);
        // Queued now (real time), whatever moment the run evaluated.
        let queued_at = Utc::now();
        let mut added = 0;
        for row in &rows {
            let id: i32 = row.try_get("", "id")?;
            let rule: String = row.try_get("", "rule")?;
            let subject: String = row.try_get("", "subject")?;
            let occurrence: String = row.try_get("", "occurrence")?;
            let user_id: i32 = row.try_get("", "user_id")?;
            if let Some(d) = by_key.get(&(
                rule.as_str(),
                subject.as_str(),
                occurrence.as_str(),
                user_id,
            )) {
                let mail = mail_row(d);
                let state = if mail.to_addr.is_some() {
                    queued += 1;
                    "pending"
                } else {
                    "skipped"
                };
                mails.values_panic([
                    id.into(),
                    d.recipient.id.into(),
                    mail.to_addr.unwrap_or_default().into(),
                    d.recipient
                        .name
                        .chars()
                        .take(128)
                        .collect::<String>()
                        .into(),
                    mail.subject.into(),
                    // Composed from the notification when sent.
                    String::new().into(),
                    state.into(),
                    0.into(),
                    queued_at.into(),
                    mail.error.into(),
                    queued_at.into(),
                    queued_at.into(),
                ]);
                added += 1;
            }
        }
        // An insert without rows is not SQL: only when a created notification was matched.
        if added > 0 {
            txn.execute(&mails).await?;
        }
    }
    txn.commit().await?;
    Ok((created, queued))
}

/// One reminder's e-mail as queued: to whom (none: the user has no address, and the e-mail is
/// recorded as skipped with `error`) and its subject. Its text is composed from the
/// notification when it is sent ([`mail::compose`]): the outbox does not hold a second copy.
struct MailRow {
    to_addr: Option<String>,
    subject: String,
    error: Option<String>,
}

fn mail_row(d: &Due) -> MailRow {
    let l = d.recipient.lang;
    MailRow {
        to_addr: d.recipient.email.clone(),
        subject: tf(l, "mail.subject", &[("title", &d.title)]),
        error: d
            .recipient
            .email
            .is_none()
            .then(|| i18n::t(Lang::Vi, "mail.no_address")),
    }
}

/// A task was completed or cancelled: its reminders stop at once. E-mails not yet sent are
/// cancelled and the unread reminders are marked read. Call inside the change's transaction.
pub async fn stop_for_task(
    txn: &impl ConnectionTrait,
    task_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    stop(
        txn,
        notification::Column::TaskId.eq(task_id),
        now,
        "task closed",
    )
    .await
}

/// A unit report was submitted: its reminders stop at once (as [`stop_for_task`]).
pub async fn stop_for_report(
    txn: &impl ConnectionTrait,
    period_id: i32,
    unit_id: UnitId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    stop(
        txn,
        notification::Column::PeriodId
            .eq(period_id)
            .and(notification::Column::UnitId.eq(unit_id)),
        now,
        "report submitted",
    )
    .await
}

async fn stop(
    txn: &impl ConnectionTrait,
    which: sea_orm::sea_query::SimpleExpr,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<(), AppError> {
    let ids = Query::select()
        .column(notification::Column::Id)
        .from(notification::Entity)
        .and_where(which.clone())
        .to_owned();
    email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::State, Expr::value("cancelled"))
        .col_expr(email_outbox::Column::LastError, Expr::value(reason))
        .col_expr(email_outbox::Column::UpdatedAt, Expr::value(now))
        .filter(email_outbox::Column::State.eq("pending"))
        .filter(email_outbox::Column::NotificationId.in_subquery(ids))
        .exec(txn)
        .await?;
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(which)
        .filter(notification::Column::ReadAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The label of a period for messages: "Quý I 2026".
pub fn period_label(lang: Lang, kind: PeriodKind, year: i32) -> String {
    format!("{} {year}", i18n::t(lang, kind.label_key()))
}

/// The latest runs, newest first.
pub async fn latest_runs(db: &DatabaseConnection, n: u64) -> Result<Vec<RunView>, AppError> {
    Ok(reminder_run::Entity::find()
        .order_by_desc(reminder_run::Column::StartedAt)
        .order_by_desc(reminder_run::Column::Id)
        .limit(n)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RunView {
            evaluated_at: r.evaluated_at,
            trigger: r.trigger,
            instance: r.instance,
            finished_at: r.finished_at,
            created: r.created,
            emails: r.emails,
            failed: r.failed,
        })
        .collect())
}

/// When the last run that finished evaluated (any instance): a scheduled time after it with no
/// run is a missed run.
pub async fn last_finished(db: &DatabaseConnection) -> Result<Option<DateTime<Utc>>, AppError> {
    Ok(reminder_run::Entity::find()
        .select_only()
        .column_as(
            sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::max(Expr::col(
                reminder_run::Column::EvaluatedAt,
            ))),
            "m",
        )
        .filter(reminder_run::Column::FinishedAt.is_not_null())
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten())
}
