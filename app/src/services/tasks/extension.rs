//! Extension requests from units ("đề nghị gia hạn"): the head of a task's lead unit (or of a
//! unit that succeeded it) asks the PAR office to move the deadline, with a reason, a proposed
//! date and an optional evidence file; the office approves it with the approving document (the
//! deadline moves by the same path as its own extension, [`super::write::extend_in`]) or
//! refuses it with a reason. One pending request per task (also a partial unique index); a
//! request is decided once (a conditional update on `status = 'pending'`). The PAR office is
//! notified in the application when a request arrives, the unit's heads when it is decided.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

use super::write::{extend_in, extension_document};
use super::{access, find};
use crate::domain::extension::{check_reason, ExtensionStatus, REASON_MIN, REFUSAL_MIN};
use crate::domain::reminder::RuleCode;
use crate::domain::task::{DeadlineKind, TaskState};
use crate::domain::{CurrentUser, Right, Role, TaskId, UnitId};
use crate::entities::{attachment, extension_request, notification, task, unit, user};
use crate::error::AppError;
use crate::i18n::{self, tf, Lang};
use crate::model::plan::ExtensionRequestView;
use crate::services::audit::{self, Actor};
use crate::services::files::{self, Owner, Upload};
use crate::services::units::scope::UnitNames;
use crate::services::{parse_date, unique_or_internal};

/// Longest note the office adds to an approval.
const NOTE_MAX: usize = 1000;
/// Longest reason quoted in a notification (the task page shows all of it).
const QUOTE_MAX: usize = 300;

/// The request form as posted.
#[derive(Clone, Debug, Default)]
pub struct RequestForm {
    /// Why the deadline cannot be met.
    pub reason: String,
    /// The proposed new deadline (`yyyy-mm-dd` or `dd/mm/yyyy`).
    pub proposed_due_on: String,
    /// The evidence file, if one was chosen.
    pub file: Option<Upload>,
}

/// Whether task `t` may have its deadline extended at all: neither cancelled nor completed, and
/// dated (an ongoing task has no deadline to move).
pub(super) fn extendable(t: &task::Model, date_field: &str) -> Result<(), AppError> {
    match t.state {
        TaskState::Cancelled => return Err(AppError::conflict("state", "err.task_cancelled")),
        TaskState::Completed => return Err(AppError::conflict("state", "err.task_completed")),
        _ => {}
    }
    if t.deadline_kind == DeadlineKind::Ongoing || t.effective_due_on.is_none() {
        return Err(AppError::invalid(date_field, "err.extension_ongoing"));
    }
    Ok(())
}

/// The task's pending request, if any.
async fn pending_of(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> Result<Option<extension_request::Model>, AppError> {
    Ok(extension_request::Entity::find()
        .filter(extension_request::Column::TaskId.eq(task_id))
        .filter(extension_request::Column::Status.eq(ExtensionStatus::Pending))
        .one(db)
        .await?)
}

#[derive(Serialize)]
struct RequestAudit<'a> {
    request: i32,
    unit_id: UnitId,
    previous_due_on: Option<NaiveDate>,
    proposed_due_on: NaiveDate,
    reason: &'a str,
    file: Option<i32>,
}

/// The head of the task's lead unit asks for an extension. Everything is checked before
/// anything is written; the file, the request, the office's notifications and the audit entry
/// are one transaction. Returns the request's id.
pub async fn request(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    actor: &CurrentUser,
    today: NaiveDate,
    id: TaskId,
    form: &RequestForm,
) -> Result<i32, AppError> {
    let t = find(db, id).await?;
    let acc = access(db, actor, &t).await?;
    actor.ensure(Right::RequestExtension(acc))?;
    let unit_id = actor.unit_id.ok_or(AppError::Forbidden)?;
    extendable(&t, "proposed_due_on")?;
    let reason = check_reason(&form.reason, REASON_MIN, "err.extension_reason")
        .map_err(|k| AppError::invalid("extension_reason", k))?;
    let proposed = parse_date("proposed_due_on", &form.proposed_due_on)?;
    if t.effective_due_on.is_some_and(|d| proposed <= d) {
        return Err(AppError::invalid(
            "proposed_due_on",
            "err.extension_not_later",
        ));
    }
    if proposed < today {
        return Err(AppError::invalid(
            "proposed_due_on",
            "err.extension_in_past",
        ));
    }
    let upload = form
        .file
        .as_ref()
        .filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    if let Some(up) = upload {
        files::check("file", up)?;
    }
    if pending_of(db, t.id).await?.is_some() {
        return Err(AppError::conflict("state", "err.extension_pending"));
    }
    let txn = db.begin().await?;
    let now = Utc::now();
    let attachment_id = match upload {
        Some(up) => Some(
            files::store(&txn, storage, up, Owner::Task(t.id), Some(actor.id.0))
                .await?
                .id,
        ),
        None => None,
    };
    let row = extension_request::ActiveModel {
        task_id: Set(t.id),
        unit_id: Set(unit_id),
        requested_by: Set(Some(actor.id.0)),
        reason: Set(reason.clone()),
        proposed_due_on: Set(proposed),
        previous_due_on: Set(t.effective_due_on),
        attachment_id: Set(attachment_id),
        status: Set(ExtensionStatus::Pending),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_document: Set(String::new()),
        decision_note: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    // Two heads asking at the same moment: the partial unique index keeps one.
    .map_err(unique_or_internal("state", "err.extension_pending"))?;
    let unit_name = unit_name(&txn, unit_id).await?;
    let office = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::ParOffice))
        .all(&txn)
        .await?;
    let title = t.title.trim_end_matches(['.', ' ']).to_string();
    let due = t.effective_due_on.map(i18n::date).unwrap_or_default();
    notify(
        &txn,
        Notice {
            rule: RuleCode::ExtensionRequested,
            request: &row,
            occurrence: "requested",
        },
        &office,
        |l| {
            (
                tf(
                    l,
                    "notif.extension_requested.title",
                    &[("unit", &unit_name)],
                ),
                tf(
                    l,
                    "notif.extension_requested.body",
                    &[
                        ("title", &title),
                        ("due", &due),
                        ("proposed", &i18n::date(proposed)),
                        ("reason", &quote(&reason)),
                    ],
                ),
            )
        },
    )
    .await?;
    let record = RequestAudit {
        request: row.id,
        unit_id,
        previous_due_on: t.effective_due_on,
        proposed_due_on: proposed,
        reason: &reason,
        file: attachment_id,
    };
    audit::Change::new("task.extension_request", "task", id)
        .after(&record)
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(row.id)
}

#[derive(Serialize)]
struct DecisionAudit<'a> {
    request: i32,
    status: ExtensionStatus,
    proposed_due_on: NaiveDate,
    new_due_on: Option<NaiveDate>,
    document: &'a str,
    note: &'a str,
}

/// The PAR office approves request `request_id`: the task's deadline moves to `new_due_on`
/// (the proposed date or another) by `document`, as with its own extension, and the request is
/// approved, in one transaction with the unit heads' notifications and the audit entries.
pub async fn approve(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    request_id: i32,
    new_due_on: &str,
    document: &str,
    note: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let new_due = parse_date("new_due_on", new_due_on)?;
    let document = extension_document(document)?;
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::invalid("note", "err.too_long"));
    }
    let txn = db.begin().await?;
    let r = undecided(&txn, request_id).await?;
    let t = find(&txn, TaskId(r.task_id)).await?;
    let title = t.title.trim_end_matches(['.', ' ']).to_string();
    decide(&txn, actor, &r, ExtensionStatus::Approved, &document, note).await?;
    extend_in(&txn, actor, t, new_due, &document, note).await?;
    let heads = decision_audience(&txn, &r).await?;
    notify(
        &txn,
        Notice {
            rule: RuleCode::ExtensionDecided,
            request: &r,
            occurrence: "approved",
        },
        &heads,
        |l| {
            (
                tf(
                    l,
                    "notif.extension_approved.title",
                    &[("date", &i18n::date(new_due))],
                ),
                tf(
                    l,
                    "notif.extension_approved.body",
                    &[
                        ("title", &title),
                        ("date", &i18n::date(new_due)),
                        ("proposed", &i18n::date(r.proposed_due_on)),
                        ("document", &document),
                    ],
                ),
            )
        },
    )
    .await?;
    let record = DecisionAudit {
        request: r.id,
        status: ExtensionStatus::Approved,
        proposed_due_on: r.proposed_due_on,
        new_due_on: Some(new_due),
        document: &document,
        note,
    };
    audit::Change::new("task.extension_approve", "task", r.task_id)
        .after(&record)
        .commit(txn, Actor::User(actor))
        .await
}

/// The PAR office refuses request `request_id` with `reason`; the deadline stays.
pub async fn refuse(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    request_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let reason = check_reason(reason, REFUSAL_MIN, "err.extension_refusal_reason")
        .map_err(|k| AppError::invalid("refusal_reason", k))?;
    let txn = db.begin().await?;
    let r = undecided(&txn, request_id).await?;
    let t = find(&txn, TaskId(r.task_id)).await?;
    let title = t.title.trim_end_matches(['.', ' ']).to_string();
    let due = t.effective_due_on.map(i18n::date).unwrap_or_default();
    decide(&txn, actor, &r, ExtensionStatus::Refused, "", &reason).await?;
    let heads = decision_audience(&txn, &r).await?;
    notify(
        &txn,
        Notice {
            rule: RuleCode::ExtensionDecided,
            request: &r,
            occurrence: "refused",
        },
        &heads,
        |l| {
            (
                i18n::t(l, "notif.extension_refused.title"),
                tf(
                    l,
                    "notif.extension_refused.body",
                    &[
                        ("title", &title),
                        ("due", &due),
                        ("reason", &quote(&reason)),
                    ],
                ),
            )
        },
    )
    .await?;
    let record = DecisionAudit {
        request: r.id,
        status: ExtensionStatus::Refused,
        proposed_due_on: r.proposed_due_on,
        new_due_on: None,
        document: "",
        note: &reason,
    };
    audit::Change::new("task.extension_refuse", "task", r.task_id)
        .after(&record)
        .commit(txn, Actor::User(actor))
        .await
}

/// The request, which must still be pending (a decided one is a conflict).
async fn undecided(
    db: &impl ConnectionTrait,
    request_id: i32,
) -> Result<extension_request::Model, AppError> {
    let r = extension_request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if r.status != ExtensionStatus::Pending {
        return Err(AppError::conflict("state", "err.extension_decided"));
    }
    Ok(r)
}

/// Records the decision on `r`, only if it is still pending: of two offices deciding at the
/// same moment, the second finds nothing to update and is refused.
async fn decide(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    r: &extension_request::Model,
    status: ExtensionStatus,
    document: &str,
    note: &str,
) -> Result<(), AppError> {
    let now = Utc::now();
    let done = extension_request::Entity::update_many()
        .col_expr(
            extension_request::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(
            extension_request::Column::DecidedBy,
            Expr::value(actor.id.0),
        )
        .col_expr(extension_request::Column::DecidedAt, Expr::value(now))
        .col_expr(
            extension_request::Column::DecisionDocument,
            Expr::value(document),
        )
        .col_expr(extension_request::Column::DecisionNote, Expr::value(note))
        .col_expr(extension_request::Column::UpdatedAt, Expr::value(now))
        .filter(extension_request::Column::Id.eq(r.id))
        .filter(extension_request::Column::Status.eq(ExtensionStatus::Pending))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("state", "err.extension_decided"));
    }
    Ok(())
}

/// Closes a task's waiting request when the task is completed or cancelled: nothing is left
/// to extend, and the office could neither approve it (the task takes no extension) nor should
/// it keep it in its queue. It is closed as refused, by nobody (`decided_by` empty), with
/// `note` saying why; the deadline stays. Runs in the caller's transaction.
pub(crate) async fn close_pending(
    db: &impl ConnectionTrait,
    task_id: i32,
    note: &str,
) -> Result<u64, AppError> {
    let now = Utc::now();
    let closed = extension_request::Entity::update_many()
        .col_expr(
            extension_request::Column::Status,
            Expr::value(ExtensionStatus::Refused.as_str()),
        )
        .col_expr(extension_request::Column::DecidedAt, Expr::value(now))
        .col_expr(extension_request::Column::DecisionNote, Expr::value(note))
        .col_expr(extension_request::Column::UpdatedAt, Expr::value(now))
        .filter(extension_request::Column::TaskId.eq(task_id))
        .filter(extension_request::Column::Status.eq(ExtensionStatus::Pending))
        .exec(db)
        .await?;
    Ok(closed.rows_affected)
}

/// Who hears of a decision: the active heads of the unit that asked, and whoever asked (if
/// still active), once each.
async fn decision_audience(
    db: &impl ConnectionTrait,
    r: &extension_request::Model,
) -> Result<Vec<user::Model>, AppError> {
    let mut people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::UnitHead))
        .filter(user::Column::UnitId.eq(r.unit_id))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    if let Some(asker) = r
        .requested_by
        .filter(|a| !people.iter().any(|p| p.id == *a))
    {
        if let Some(u) = user::Entity::find_by_id(asker)
            .filter(user::Column::Active.eq(true))
            .one(db)
            .await?
        {
            people.push(u);
        }
    }
    Ok(people)
}

/// What a notification is about.
struct Notice<'a> {
    rule: RuleCode,
    request: &'a extension_request::Model,
    occurrence: &'static str,
}

/// Writes one in-app notification per recipient (title and body in their language), inside
/// the caller's transaction. The bell shows them; no e-mail is queued for these events.
async fn notify(
    db: &impl ConnectionTrait,
    notice: Notice<'_>,
    to: &[user::Model],
    text: impl Fn(Lang) -> (String, String),
) -> Result<(), AppError> {
    if to.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let r = notice.request;
    let rows = to.iter().map(|u| {
        let (title, body) = text(Lang::parse(&u.language).unwrap_or_default());
        notification::ActiveModel {
            user_id: Set(u.id),
            rule: Set(notice.rule.as_str().to_string()),
            subject: Set(format!("extension_request:{}", r.id)),
            occurrence: Set(notice.occurrence.to_string()),
            task_id: Set(Some(r.task_id)),
            period_id: Set(None),
            unit_id: Set(Some(r.unit_id)),
            title: Set(title),
            body: Set(body),
            link: Set(format!("/tasks/{}", r.task_id)),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
    });
    notification::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// A reason as quoted in a notification: its first [`QUOTE_MAX`] characters.
fn quote(reason: &str) -> String {
    if reason.chars().count() <= QUOTE_MAX {
        return reason.to_string();
    }
    let cut: String = reason.chars().take(QUOTE_MAX).collect();
    format!("{}…", cut.trim_end())
}

async fn unit_name(db: &impl ConnectionTrait, id: UnitId) -> Result<String, AppError> {
    Ok(unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

/// The task's requests as its page shows them, newest first.
pub(super) async fn requests_of(
    db: &impl ConnectionTrait,
    task_id: i32,
    units: &HashMap<UnitId, UnitNames>,
) -> Result<Vec<ExtensionRequestView>, AppError> {
    let rows = extension_request::Entity::find()
        .filter(extension_request::Column::TaskId.eq(task_id))
        .order_by_desc(extension_request::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut people: Vec<i32> = Vec::with_capacity(rows.len() * 2);
    for r in &rows {
        people.extend(r.requested_by);
        people.extend(r.decided_by);
    }
    let names = crate::services::accounts::users::names_by_id(db, people.into_iter()).await?;
    let file_ids: Vec<i32> = rows.iter().filter_map(|r| r.attachment_id).collect();
    let mut files: HashMap<i32, attachment::Model> = if file_ids.is_empty() {
        HashMap::new()
    } else {
        attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(file_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let name = |id: Option<i32>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|r| ExtensionRequestView {
            id: r.id,
            unit_name: units
                .get(&r.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            requested_by: name(r.requested_by),
            reason: r.reason,
            proposed_due_on: r.proposed_due_on,
            previous_due_on: r.previous_due_on,
            file: r
                .attachment_id
                .and_then(|a| files.remove(&a))
                .map(crate::services::plans::file_view),
            status: r.status,
            decided_by: name(r.decided_by),
            decided_at: r.decided_at,
            decision_document: r.decision_document,
            decision_note: r.decision_note,
            created_at: r.created_at,
        })
        .collect())
}

/// The proposed dates of the pending requests, by task (for the reminders' texts).
pub async fn pending_dates(db: &impl ConnectionTrait) -> Result<HashMap<i32, NaiveDate>, AppError> {
    Ok(extension_request::Entity::find()
        .select_only()
        .column(extension_request::Column::TaskId)
        .column(extension_request::Column::ProposedDueOn)
        .filter(extension_request::Column::Status.eq(ExtensionStatus::Pending))
        .into_tuple::<(i32, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reasons_are_cut_in_notifications() {
        assert_eq!(quote("Chờ ý kiến Bộ"), "Chờ ý kiến Bộ");
        let long = "ắ".repeat(QUOTE_MAX + 5);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_MAX + 1);
        assert!(q.ends_with('…'));
    }
}
