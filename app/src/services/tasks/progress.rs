//! Progress updates by the lead unit and contributions by co-operating units, with evidence.

use chrono::NaiveDate;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set, TransactionTrait};
use serde::Serialize;

use crate::domain::progress::UpdateKind;
use crate::domain::task::{Progress, TaskState};
use crate::domain::CurrentUser;
use crate::domain::TaskId;
use crate::entities::{progress_update, task};
use crate::error::AppError;
use crate::services::audit::{self, Actor};
use crate::services::files::{self, Owner, Upload, MAX_FILES};
use crate::services::parse_date;
use crate::services::tasks::{access, ensure_can_contribute, ensure_can_update_task, find};

/// Longest update text.
pub const MAX_BODY_CHARS: usize = 10_000;

/// A progress form as posted.
#[derive(Clone, Debug, Default)]
pub struct ProgressForm {
    /// "update" or "contribution".
    pub kind: String,
    /// 0-100 (updates only).
    pub progress: String,
    /// State (updates only).
    pub state: String,
    /// Completion date when completed.
    pub completed_on: String,
    /// Text.
    pub body: String,
    /// Evidence files.
    pub files: Vec<Upload>,
}

#[derive(Serialize)]
struct UpdateAudit {
    kind: UpdateKind,
    progress: Option<u8>,
    state: Option<TaskState>,
    completed_on: Option<chrono::NaiveDate>,
    files: usize,
}

/// Records an update (lead unit) or a contribution (co-operating unit). Everything is checked
/// before anything is written; the row, the task's new state, the files and the audit entry are
/// one transaction.
pub async fn post(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    actor: &CurrentUser,
    today: NaiveDate,
    id: TaskId,
    form: &ProgressForm,
) -> Result<(), AppError> {
    let kind = match form.kind.trim() {
        "contribution" => UpdateKind::Contribution,
        _ => UpdateKind::Update,
    };
    let t = find(db, id).await?;
    let acc = access(db, actor, &t).await?;
    match kind {
        UpdateKind::Update => ensure_can_update_task(actor, acc, &t)?,
        UpdateKind::Contribution => ensure_can_contribute(actor, acc, &t)?,
    }
    let unit_id = actor.unit_id.ok_or(AppError::Forbidden)?;
    let body = form.body.trim().to_string();
    if body.is_empty() {
        return Err(AppError::invalid("body", "err.required"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::invalid("body", "err.too_long"));
    }
    let uploads: Vec<&Upload> = form
        .files
        .iter()
        .filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty())
        .collect();
    if uploads.len() > MAX_FILES {
        return Err(AppError::invalid("files", "err.too_many_files"));
    }
    for up in &uploads {
        files::check("files", up)?;
    }
    let (progress, state, completed_on) = match kind {
        UpdateKind::Contribution => (None, None, None),
        UpdateKind::Update => {
            let progress =
                Progress::parse(&form.progress).map_err(|k| AppError::invalid("progress", k))?;
            let state = TaskState::parse(&form.state)
                .filter(|s| *s != TaskState::Cancelled)
                .ok_or_else(|| AppError::invalid("state", "err.bad_choice"))?;
            let completed_on = if state == TaskState::Completed {
                let d = parse_date("completed_on", &form.completed_on)?;
                if d > today {
                    return Err(AppError::invalid("completed_on", "err.completed_in_future"));
                }
                Some(d)
            } else {
                None
            };
            // A completed task is complete: 100%.
            let progress = if state == TaskState::Completed {
                100
            } else {
                progress.get()
            };
            (Some(progress), Some(state), completed_on)
        }
    };
    let txn = db.begin().await?;
    let now = Utc::now();
    let row = progress_update::ActiveModel {
        task_id: Set(t.id),
        unit_id: Set(unit_id),
        user_id: Set(Some(actor.id.0)),
        kind: Set(kind),
        progress: Set(progress.map(i32::from)),
        state: Set(state),
        completed_on: Set(completed_on),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for up in &uploads {
        files::store(
            &txn,
            storage,
            up,
            Owner::Update {
                task_id: t.id,
                update_id: row.id,
            },
            Some(actor.id.0),
        )
        .await?;
    }
    let mut m: task::ActiveModel = t.into();
    if let (Some(p), Some(s)) = (progress, state) {
        m.progress = Set(i32::from(p));
        m.state = Set(s);
        m.completed_on = Set(completed_on);
    }
    m.last_update_at = Set(Some(now));
    m.updated_at = Set(now);
    m.update(&txn).await?;
    if state == Some(TaskState::Completed) {
        crate::services::reminders::stop_for_task(&txn, id.0, now).await?;
        super::extension::close_pending(
            &txn,
            id.0,
            "Nhiệm vụ đã hoàn thành: không còn cần gia hạn.",
        )
        .await?;
    }
    audit::Change::new(
        match kind {
            UpdateKind::Update => "task.progress",
            UpdateKind::Contribution => "task.contribution",
        },
        "task",
        id,
    )
    .after(&UpdateAudit {
        kind,
        progress,
        state,
        completed_on,
        files: uploads.len(),
    })
    .commit(txn, Actor::User(actor))
    .await
}
