//! The task write path: every way a task is created (by hand, for every unit of a group, by
//! import, by the demo) ends in `insert_tasks`; edits, extensions and cancellation check the
//! user's right, the texts and the units, write in one transaction and audit.

use super::*;

/// The label of a deadline as printed in Vietnamese plans.
pub fn deadline_text(d: &Deadline) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    match (d.kind, d.due_on) {
        (DeadlineKind::Ongoing, _) | (_, None) => "Thường xuyên".into(),
        (DeadlineKind::Date, Some(due)) => due.format("%d/%m/%Y").to_string(),
        (DeadlineKind::Month, Some(due)) => format!("Tháng {}/{}", due.month(), due.year()),
        (DeadlineKind::Quarter, Some(due)) => {
            let q = ((due.month() - 1) / 3) as usize;
            format!(
                "Quý {}/{}",
                ROMAN.get(q).copied().unwrap_or("IV"),
                due.year()
            )
        }
    }
}

/// Parses the deadline part of the task form.
pub fn parse_deadline(input: &TaskInput) -> Result<Deadline, AppError> {
    let kind = DeadlineKind::parse(&input.deadline_kind)
        .ok_or_else(|| AppError::invalid("deadline_kind", "err.bad_choice"))?;
    let part_year = || -> Result<(u32, i32), AppError> {
        let part = input
            .due_part
            .trim()
            .parse::<u32>()
            .map_err(|_| AppError::invalid("due_part", "err.bad_due_part"))?;
        let year = input
            .due_year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| AppError::invalid("due_year", "err.bad_year"))?;
        Ok((part, year))
    };
    let due = match kind {
        DeadlineKind::Ongoing => None,
        DeadlineKind::Date => Some(parse_date("due_on", &input.due_on)?),
        DeadlineKind::Month => {
            let (m, y) = part_year()?;
            if !(1..=12).contains(&m) {
                return Err(AppError::invalid("due_part", "err.bad_due_part"));
            }
            last_day_of_month(y, m)
        }
        DeadlineKind::Quarter => {
            let (q, y) = part_year()?;
            if !(1..=4).contains(&q) {
                return Err(AppError::invalid("due_part", "err.bad_due_part"));
            }
            last_day_of_month(y, q * 3)
        }
    };
    Deadline::new(kind, due).map_err(|k| AppError::invalid("due_on", k))
}

/// A parsed task (what is written and audited).
#[derive(Clone, Debug, Serialize)]
pub struct NewTask {
    /// Area.
    pub area_id: AreaId,
    /// Heading as printed.
    pub heading: String,
    /// Item number as printed.
    pub item_no: String,
    /// Text.
    pub title: String,
    /// Lead unit.
    pub lead_unit_id: UnitId,
    /// Co-operating units.
    pub co_unit_ids: Vec<UnitId>,
    /// Deadline kind.
    pub deadline_kind: DeadlineKind,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Deadline as printed.
    pub due_text: String,
    /// Expected output.
    pub expected_output: String,
}

/// Inserts tasks (inside the caller's transaction), after the plan's last position.
pub async fn insert_tasks(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    plan_id: PlanId,
    tasks: &[NewTask],
) -> Result<Vec<TaskId>, AppError> {
    let last: Option<i32> = task::Entity::find()
        .select_only()
        .column_as(task::Column::Position.max(), "m")
        .filter(task::Column::PlanId.eq(plan_id))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    let mut position = last.unwrap_or(0);
    let now = Utc::now();
    let mut ids = Vec::with_capacity(tasks.len());
    for t in tasks {
        // Every writer checked its texts (the form with TaskText, the import per row): an
        // over-long one here is a bug, refused rather than cut.
        if t.heading.chars().count() > task_text::HEADING_MAX
            || t.item_no.chars().count() > task_text::ITEM_NO_MAX
            || t.due_text.chars().count() > task_text::DUE_TEXT_MAX
        {
            tracing::error!(
                plan_id = plan_id.0,
                "a task text over its limit reached insert_tasks"
            );
            return Err(AppError::Internal);
        }
        position += 1;
        let m = task::ActiveModel {
            plan_id: Set(plan_id),
            area_id: Set(t.area_id),
            heading: Set(t.heading.clone()),
            item_no: Set(t.item_no.clone()),
            position: Set(position),
            title: Set(t.title.clone()),
            lead_unit_id: Set(t.lead_unit_id),
            deadline_kind: Set(t.deadline_kind),
            due_on: Set(t.due_on),
            due_text: Set(t.due_text.clone()),
            effective_due_on: Set(t.due_on),
            expected_output: Set(t.expected_output.clone()),
            progress: Set(0),
            state: Set(TaskState::NotStarted),
            completed_on: Set(None),
            cancel_reason: Set(None),
            last_update_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for co in &t.co_unit_ids {
            if *co != t.lead_unit_id {
                task_unit::ActiveModel {
                    task_id: Set(m.id),
                    unit_id: Set(*co),
                    plan_id: Set(Some(m.plan_id)),
                }
                .insert(db)
                .await?;
            }
        }
        audit::Change::new("task.create", "task", m.id)
            .after(t)
            .record(db, actor)
            .await?;
        ids.push(TaskId(m.id));
    }
    Ok(ids)
}

/// Current units of a kind group, for "assign to all departments / communes".
pub async fn current_units_of(
    db: &impl ConnectionTrait,
    group: UnitGroup,
) -> Result<Vec<UnitId>, AppError> {
    let kinds: Vec<UnitKind> = UnitKind::of_group(group).collect();
    Ok(unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::ValidTo.is_null())
        .filter(unit::Column::Kind.is_in(kinds))
        .order_by_asc(unit::Column::Name)
        .into_tuple::<UnitId>()
        .all(db)
        .await?)
}

/// Creates a task, or one task per current unit when the lead is a whole group
/// ([`LeadChoice`]). Returns the ids created.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    plan_id: PlanId,
    input: &TaskInput,
) -> Result<Vec<TaskId>, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let text = TaskText::parse(
        &input.heading,
        &input.item_no,
        &input.title,
        &input.expected_output,
    )?;
    let area_id = parse_opt_id("area_id", &input.area_id)?
        .ok_or_else(|| AppError::invalid("area_id", "err.required"))?;
    let deadline = parse_deadline(input)?;
    let txn = db.begin().await?;
    crate::services::plans::find(&txn, plan_id).await?;
    if reform_area::Entity::find_by_id(area_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("area_id", "err.bad_choice"));
    }
    let leads = match LeadChoice::parse(&input.lead_unit_id) {
        Some(LeadChoice::EveryUnitOf(group)) => current_units_of(&txn, group).await?,
        Some(LeadChoice::Unit(id)) => vec![id],
        None if input.lead_unit_id.trim().is_empty() => {
            return Err(AppError::invalid("lead_unit_id", "err.required"))
        }
        None => return Err(AppError::invalid("lead_unit_id", "err.bad_id")),
    };
    let mut co_unit_ids = Vec::new();
    for raw in &input.co_unit_ids {
        if let Some(id) = parse_opt_id("co_unit_ids", raw)? {
            if !co_unit_ids.contains(&id) {
                co_unit_ids.push(id);
            }
        }
    }
    // Every named unit must exist and be current.
    let mut wanted = leads.clone();
    wanted.extend(&co_unit_ids);
    if let Some(bad) = first_not_current(&txn, &wanted).await? {
        return Err(unit_not_current(leads.contains(&bad)));
    }
    let due_text = deadline_text(&deadline);
    let tasks: Vec<NewTask> = leads
        .iter()
        .map(|lead| NewTask {
            area_id,
            heading: text.heading.clone(),
            item_no: text.item_no.clone(),
            title: text.title.clone(),
            lead_unit_id: *lead,
            co_unit_ids: co_unit_ids.clone(),
            deadline_kind: deadline.kind,
            due_on: deadline.due_on,
            due_text: due_text.clone(),
            expected_output: text.expected_output.clone(),
        })
        .collect();
    let ids = insert_tasks(&txn, Actor::User(actor), plan_id, &tasks).await?;
    txn.commit().await?;
    Ok(ids)
}

/// What a task edit changes (and the audit records before and after).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct TaskFields {
    area_id: AreaId,
    heading: String,
    item_no: String,
    title: String,
    lead_unit_id: UnitId,
    co_unit_ids: Vec<UnitId>,
    expected_output: String,
}

/// Edits a task's text, area, numbering, units and expected output (PAR office). The deadline
/// is not edited here: it moves only by an extension with its approving document. A newly named
/// unit must be current; a retired co-operating unit already linked may stay.
pub async fn edit(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: TaskId,
    input: &TaskInput,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let TaskText {
        heading,
        item_no,
        title,
        expected_output,
    } = TaskText::parse(
        &input.heading,
        &input.item_no,
        &input.title,
        &input.expected_output,
    )?;
    let area_id = parse_opt_id("area_id", &input.area_id)?
        .ok_or_else(|| AppError::invalid("area_id", "err.required"))?;
    let lead_unit_id = parse_opt_id("lead_unit_id", &input.lead_unit_id)?
        .ok_or_else(|| AppError::invalid("lead_unit_id", "err.required"))?;
    let mut co_unit_ids = Vec::new();
    for raw in &input.co_unit_ids {
        if let Some(u) = parse_opt_id("co_unit_ids", raw)? {
            if u != lead_unit_id && !co_unit_ids.contains(&u) {
                co_unit_ids.push(u);
            }
        }
    }
    co_unit_ids.sort_unstable();
    let txn = db.begin().await?;
    let t = find(&txn, id).await?;
    if t.state == TaskState::Cancelled {
        return Err(AppError::conflict("state", "err.task_cancelled"));
    }
    if reform_area::Entity::find_by_id(area_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("area_id", "err.bad_choice"));
    }
    let mut linked: Vec<UnitId> = task_unit::Entity::find()
        .filter(task_unit::Column::TaskId.eq(t.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.unit_id)
        .collect();
    linked.sort_unstable();
    let mut wanted: Vec<UnitId> = co_unit_ids
        .iter()
        .copied()
        .filter(|u| !linked.contains(u))
        .collect();
    if lead_unit_id != t.lead_unit_id {
        wanted.push(lead_unit_id);
    }
    if let Some(bad) = first_not_current(&txn, &wanted).await? {
        return Err(unit_not_current(bad == lead_unit_id));
    }
    let before = TaskFields {
        area_id: t.area_id,
        heading: t.heading.clone(),
        item_no: t.item_no.clone(),
        title: t.title.clone(),
        lead_unit_id: t.lead_unit_id,
        co_unit_ids: linked.clone(),
        expected_output: t.expected_output.clone(),
    };
    let after = TaskFields {
        area_id,
        heading,
        item_no,
        title,
        lead_unit_id,
        co_unit_ids,
        expected_output,
    };
    if before == after {
        return Ok(());
    }
    let plan_id = t.plan_id;
    let mut m: task::ActiveModel = t.into();
    m.area_id = Set(after.area_id);
    m.heading = Set(after.heading.clone());
    m.item_no = Set(after.item_no.clone());
    m.title = Set(after.title.clone());
    m.lead_unit_id = Set(after.lead_unit_id);
    m.expected_output = Set(after.expected_output.clone());
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    if before.co_unit_ids != after.co_unit_ids {
        task_unit::Entity::delete_many()
            .filter(task_unit::Column::TaskId.eq(id.0))
            .exec(&txn)
            .await?;
        for u in &after.co_unit_ids {
            task_unit::ActiveModel {
                task_id: Set(id.0),
                unit_id: Set(*u),
                plan_id: Set(Some(plan_id)),
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::Change::new("task.edit", "task", id)
        .before(&before)
        .after(&after)
        .commit(txn, Actor::User(actor))
        .await
}

#[derive(Serialize)]
pub(super) struct ExtensionAudit<'a> {
    previous_due_on: Option<NaiveDate>,
    new_due_on: NaiveDate,
    document: &'a str,
    note: &'a str,
}

/// Extends a task's deadline with the approving document.
pub async fn extend(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: TaskId,
    new_due_on: &str,
    document: &str,
    note: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let new_due = parse_date("new_due_on", new_due_on)?;
    let document = extension_document(document)?;
    let txn = db.begin().await?;
    let t = find(&txn, id).await?;
    extend_in(&txn, actor, t, new_due, &document, note).await?;
    txn.commit().await?;
    Ok(())
}

/// The approving document of an extension, checked (3 to 255 characters).
pub(super) fn extension_document(raw: &str) -> Result<String, AppError> {
    clean_text("document", raw, 3, 255, "err.extension_document")
}

/// Moves task `t`'s deadline to `new_due` by `document`, inside the caller's transaction: the
/// task must be open, dated and the date later than its deadline; then the `task_extensions`
/// row, the task's effective deadline and the audit entry. The PAR office's own extension and
/// its approval of a unit's request both go this way. The caller checked the right.
pub(super) async fn extend_in(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    t: task::Model,
    new_due: NaiveDate,
    document: &str,
    note: &str,
) -> Result<(), AppError> {
    match t.state {
        TaskState::Cancelled => return Err(AppError::conflict("state", "err.task_cancelled")),
        TaskState::Completed => return Err(AppError::conflict("state", "err.task_completed")),
        _ => {}
    }
    if t.deadline_kind == DeadlineKind::Ongoing {
        return Err(AppError::invalid("new_due_on", "err.extension_ongoing"));
    }
    if t.effective_due_on.is_some_and(|d| new_due <= d) {
        return Err(AppError::invalid("new_due_on", "err.extension_not_later"));
    }
    let id = TaskId(t.id);
    let record = ExtensionAudit {
        previous_due_on: t.effective_due_on,
        new_due_on: new_due,
        document,
        note: note.trim(),
    };
    task_extension::ActiveModel {
        task_id: Set(t.id),
        previous_due_on: Set(t.effective_due_on),
        new_due_on: Set(new_due),
        document: Set(document.to_string()),
        note: Set(note.trim().to_string()),
        created_by: Set(Some(actor.id.0)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut m: task::ActiveModel = t.into();
    m.effective_due_on = Set(Some(new_due));
    m.updated_at = Set(Utc::now());
    m.update(txn).await?;
    audit::Change::new("task.extend", "task", id)
        .after(&record)
        .record(txn, Actor::User(actor))
        .await
}

/// Cancels a task with a reason.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: TaskId,
    reason: &str,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", "err.cancel_reason"));
    }
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid("reason", "err.too_long"));
    }
    let txn = db.begin().await?;
    let t = find(&txn, id).await?;
    if t.state == TaskState::Cancelled {
        return Err(AppError::conflict("state", "err.task_cancelled"));
    }
    let before_state = t.state;
    let mut m: task::ActiveModel = t.into();
    m.state = Set(TaskState::Cancelled);
    m.cancel_reason = Set(Some(reason.to_string()));
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    crate::services::reminders::stop_for_task(&txn, id.0, Utc::now()).await?;
    super::extension::close_pending(&txn, id.0, "Nhiệm vụ đã bị hủy: không còn cần gia hạn.")
        .await?;
    audit::Change::new("task.cancel", "task", id)
        .before(&serde_json::json!({ "state": before_state }))
        .after(&serde_json::json!({ "state": TaskState::Cancelled, "reason": reason }))
        .commit(txn, Actor::User(actor))
        .await
}

/// The first of `ids` that is not a current unit (unknown or retired), if any.
pub(super) async fn first_not_current(
    db: &impl ConnectionTrait,
    ids: &[UnitId],
) -> Result<Option<UnitId>, AppError> {
    let current = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::Id.is_in(ids.to_vec()))
        .filter(unit::Column::ValidTo.is_null())
        .into_tuple::<UnitId>()
        .all(db)
        .await?;
    Ok(ids.iter().copied().find(|id| !current.contains(id)))
}

/// The refusal of a unit that is not current, on the lead unit's field or the co-operating ones'.
pub(super) fn unit_not_current(is_lead: bool) -> AppError {
    let field = if is_lead {
        "lead_unit_id"
    } else {
        "co_unit_ids"
    };
    AppError::invalid(field, "err.unit_not_current")
}
