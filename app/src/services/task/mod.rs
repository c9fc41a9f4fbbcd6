//! Tasks: create (one, or one per unit of a group), edit, extend, cancel, read; the plan page and
//! "my tasks" lists.

pub mod query;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

use self::query::{GroupBy, ListOrder, TaskScope};
use super::audit::{self, Actor};
use super::scope::{unit_names, user_scope_in, UnitNames};
use super::{clean_text, parse_date, parse_opt_id};
use crate::domain::task::{last_day_of_month, Deadline, DeadlineKind, FollowUpClass, TaskState};
use crate::domain::task_text::{self, TaskText};
use crate::domain::unit::{LeadChoice, UnitGroup};
use crate::domain::CurrentUser;
use crate::domain::{PlanId, Right, TaskAccess, TaskId, UnitId, UnitKind};
use crate::entities::{
    audit_entry, plan, progress_update, reform_area, task, task_extension, task_unit, unit,
};
use crate::error::AppError;
use crate::model::plan::{
    AreaGroup, AreaView, ClassCounts, ExtensionView, MyTasksData, PlanPageData, TaskDetail,
    TaskFilter, TaskInput, TrailEntry, UnitOption, UpdateView,
};

/// Rows per page of the plan page.
pub const PLAN_PAGE_SIZE: u64 = 100;
/// Rows per page of "my tasks": a unit's home page, read on phones too; the most urgent 25
/// fit one screenful or two, the rest are a page away.
pub const MY_PAGE_SIZE: u64 = 25;

/// How `user` stands towards `task`; NotFound when they may not see it at all (a unit user's
/// view of another unit's task does not reveal that it exists).
pub async fn access(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    t: &task::Model,
) -> Result<TaskAccess, AppError> {
    access_in(db, user, t, &unit_names(db).await?).await
}

/// [`access`] with the units already loaded.
async fn access_in(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    t: &task::Model,
    names: &HashMap<i32, UnitNames>,
) -> Result<TaskAccess, AppError> {
    let mut a = TaskAccess {
        all: user.may(Right::SeeAllUnits),
        ..TaskAccess::default()
    };
    if let Some(unit_id) = user.unit_id {
        let units = super::scope::acting_units_in(names, unit_id.0);
        a.lead = units.contains(&t.lead_unit_id);
        a.co = task_unit::Entity::find()
            .filter(task_unit::Column::TaskId.eq(t.id))
            .filter(task_unit::Column::UnitId.is_in(units))
            .one(db)
            .await?
            .is_some();
    }
    if a.all || a.lead || a.co {
        Ok(a)
    } else {
        Err(AppError::NotFound)
    }
}

/// Progress updates are written by the lead unit's officers and heads, on tasks that are not
/// cancelled.
pub fn ensure_can_update_task(
    user: &CurrentUser,
    access: TaskAccess,
    t: &task::Model,
) -> Result<(), AppError> {
    user.ensure(Right::UpdateTask(access))?;
    if t.state == TaskState::Cancelled {
        return Err(AppError::conflict("state", "err.task_cancelled"));
    }
    Ok(())
}

/// Contributions are written by co-operating units' officers and heads.
pub fn ensure_can_contribute(
    user: &CurrentUser,
    access: TaskAccess,
    t: &task::Model,
) -> Result<(), AppError> {
    user.ensure(Right::Contribute(access))?;
    if t.state == TaskState::Cancelled {
        return Err(AppError::conflict("state", "err.task_cancelled"));
    }
    Ok(())
}

/// The task row or NotFound.
pub async fn find(db: &impl ConnectionTrait, id: TaskId) -> Result<task::Model, AppError> {
    task::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Every reform area, in order.
pub async fn areas(db: &impl ConnectionTrait) -> Result<Vec<AreaView>, AppError> {
    Ok(reform_area::Entity::find()
        .order_by_asc(reform_area::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(area_view)
        .collect())
}

/// (area id, printed position) of areas listed in order.
pub fn area_positions(areas: &[AreaView]) -> Vec<(i32, i32)> {
    areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i32::try_from(i).unwrap_or(i32::MAX)))
        .collect()
}

fn area_view(a: reform_area::Model) -> AreaView {
    AreaView {
        id: a.id,
        code: a.code,
        name_vi: a.name_vi,
        name_en: a.name_en,
    }
}

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
    pub area_id: i32,
    /// Heading as printed.
    pub heading: String,
    /// Item number as printed.
    pub item_no: String,
    /// Text.
    pub title: String,
    /// Lead unit.
    pub lead_unit_id: i32,
    /// Co-operating units.
    pub co_unit_ids: Vec<i32>,
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
    plan_id: i32,
    tasks: &[NewTask],
) -> Result<Vec<i32>, AppError> {
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
            tracing::error!(plan_id, "a task text over its limit reached insert_tasks");
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
        audit::record(
            db,
            actor,
            "task.create",
            "task",
            Some(m.id.to_string()),
            None::<&()>,
            Some(t),
        )
        .await?;
        ids.push(m.id);
    }
    Ok(ids)
}

/// Current units of a kind group, for "assign to all departments / communes".
pub async fn current_units_of(
    db: &impl ConnectionTrait,
    group: UnitGroup,
) -> Result<Vec<i32>, AppError> {
    let kinds: Vec<UnitKind> = UnitKind::of_group(group).collect();
    Ok(unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::ValidTo.is_null())
        .filter(unit::Column::Kind.is_in(kinds))
        .order_by_asc(unit::Column::Name)
        .into_tuple::<i32>()
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
    super::plan::find(&txn, plan_id).await?;
    if reform_area::Entity::find_by_id(area_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("area_id", "err.bad_choice"));
    }
    let leads = match LeadChoice::parse(&input.lead_unit_id) {
        Some(LeadChoice::EveryUnitOf(group)) => current_units_of(&txn, group).await?,
        Some(LeadChoice::Unit(id)) => vec![id.0],
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
    let ids = insert_tasks(&txn, Actor::User(actor), plan_id.0, &tasks).await?;
    txn.commit().await?;
    Ok(ids.into_iter().map(TaskId).collect())
}

/// What a task edit changes (and the audit records before and after).
#[derive(Clone, Debug, PartialEq, Serialize)]
struct TaskFields {
    area_id: i32,
    heading: String,
    item_no: String,
    title: String,
    lead_unit_id: i32,
    co_unit_ids: Vec<i32>,
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
    let mut linked: Vec<i32> = task_unit::Entity::find()
        .filter(task_unit::Column::TaskId.eq(t.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.unit_id)
        .collect();
    linked.sort_unstable();
    let mut wanted: Vec<i32> = co_unit_ids
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
    audit::record(
        &txn,
        Actor::User(actor),
        "task.edit",
        "task",
        Some(id.to_string()),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct ExtensionAudit<'a> {
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
    let document = clean_text("document", document, 3, 255, "err.extension_document")?;
    let txn = db.begin().await?;
    let t = find(&txn, id).await?;
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
    let record = ExtensionAudit {
        previous_due_on: t.effective_due_on,
        new_due_on: new_due,
        document: &document,
        note: note.trim(),
    };
    task_extension::ActiveModel {
        task_id: Set(t.id),
        previous_due_on: Set(t.effective_due_on),
        new_due_on: Set(new_due),
        document: Set(document.clone()),
        note: Set(note.trim().to_string()),
        created_by: Set(Some(actor.id.0)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut m: task::ActiveModel = t.into();
    m.effective_due_on = Set(Some(new_due));
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    audit::record(
        &txn,
        Actor::User(actor),
        "task.extend",
        "task",
        Some(id.to_string()),
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
    crate::services::reminder::stop_for_task(&txn, id.0, Utc::now()).await?;
    audit::record(
        &txn,
        Actor::User(actor),
        "task.cancel",
        "task",
        Some(id.to_string()),
        Some(&serde_json::json!({ "state": before_state })),
        Some(&serde_json::json!({ "state": TaskState::Cancelled, "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn plan_numbers(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, AppError> {
    Ok(plan::Entity::find()
        .select_only()
        .column(plan::Column::Id)
        .column(plan::Column::Number)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

fn option(id: i32, units: &HashMap<i32, UnitNames>) -> UnitOption {
    let u = units.get(&id);
    UnitOption {
        id: UnitId(id),
        name: u.map(|u| u.name.clone()).unwrap_or_default(),
        department: u.is_some_and(|u| u.kind.is_department()),
    }
}

/// The task page.
pub async fn detail(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
    id: TaskId,
) -> Result<TaskDetail, AppError> {
    let t = find(db, id).await?;
    let units = unit_names(db).await?;
    let acc = access_in(db, user, &t, &units).await?;
    let as_of = today;
    let p = super::plan::find(db, PlanId(t.plan_id)).await?;
    let numbers = HashMap::from([(p.id, p.number.clone())]);
    let area = reform_area::Entity::find_by_id(t.area_id)
        .one(db)
        .await?
        .map(area_view)
        .ok_or(AppError::Internal)?;
    let co_ids: Vec<i32> = task_unit::Entity::find()
        .filter(task_unit::Column::TaskId.eq(t.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.unit_id)
        .collect();
    let extensions = task_extension::Entity::find()
        .filter(task_extension::Column::TaskId.eq(t.id))
        .order_by_asc(task_extension::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| ExtensionView {
            previous_due_on: e.previous_due_on,
            new_due_on: e.new_due_on,
            document: e.document,
            note: e.note,
            created_at: e.created_at,
        })
        .collect();
    let updates = progress_update::Entity::find()
        .filter(progress_update::Column::TaskId.eq(t.id))
        .order_by_desc(progress_update::Column::Id)
        .all(db)
        .await?;
    let update_ids: Vec<i32> = updates.iter().map(|u| u.id).collect();
    let mut files: HashMap<i32, Vec<crate::model::plan::FileView>> = HashMap::new();
    if !update_ids.is_empty() {
        for a in crate::entities::attachment::Entity::find()
            .filter(crate::entities::attachment::Column::UpdateId.is_in(update_ids))
            .order_by_asc(crate::entities::attachment::Column::Id)
            .all(db)
            .await?
        {
            if let Some(u) = a.update_id {
                files.entry(u).or_default().push(super::plan::file_view(a));
            }
        }
    }
    let user_names =
        super::accounts::users::names_by_id(db, updates.iter().filter_map(|u| u.user_id)).await?;
    let updates = updates
        .into_iter()
        .map(|u| UpdateView {
            kind: u.kind,
            unit_name: units
                .get(&u.unit_id)
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            user_name: u
                .user_id
                .and_then(|id| user_names.get(&id).cloned())
                .unwrap_or_default(),
            progress: u.progress.map(|p| p.clamp(0, 100) as u8),
            state: u.state,
            completed_on: u.completed_on,
            body: u.body,
            files: files.remove(&u.id).unwrap_or_default(),
            created_at: u.created_at,
        })
        .collect();
    let trail = audit_entry::Entity::find()
        .filter(audit_entry::Column::ObjectType.eq("task"))
        .filter(audit_entry::Column::ObjectId.eq(t.id.to_string()))
        .order_by_desc(audit_entry::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|e| TrailEntry {
            at: e.at,
            actor: e.actor_name,
            action: e.action,
        })
        .collect();
    let can_update = ensure_can_update_task(user, acc, &t).is_ok();
    let can_contribute = ensure_can_contribute(user, acc, &t).is_ok();
    let can_manage = user.ensure(Right::ManagePlans).is_ok() && t.state != TaskState::Cancelled;
    let co_units = co_ids.iter().map(|id| option(*id, &units)).collect();
    let co_names = co_ids
        .iter()
        .map(|id| {
            units
                .get(id)
                .map(|u| u.short_name.clone())
                .unwrap_or_default()
        })
        .collect();
    let heading = t.heading.clone();
    let deadline_kind = t.deadline_kind;
    let original_due_on = t.due_on;
    let expected_output = t.expected_output.clone();
    let completed_on = t.completed_on;
    let cancel_reason = t.cancel_reason.clone();
    Ok(TaskDetail {
        row: query::row(t, co_names, as_of, &units, &numbers),
        plan_title: p.title,
        area,
        heading,
        deadline_kind,
        original_due_on,
        expected_output,
        completed_on,
        cancel_reason,
        co_units,
        extensions,
        updates,
        trail,
        can_update,
        can_contribute,
        can_manage,
        as_of,
    })
}

fn parse_filter(
    filter: &TaskFilter,
) -> (
    Option<i32>,
    Option<i32>,
    Option<FollowUpClass>,
    Option<String>,
) {
    let unit = filter.unit.trim().parse::<i32>().ok();
    let area = filter.area.trim().parse::<i32>().ok();
    let class = FollowUpClass::parse(&filter.class);
    let q = filter.q.trim().to_lowercase();
    (unit, area, class, (!q.is_empty()).then_some(q))
}

fn pages(matching: u64, size: u64) -> u32 {
    matching.div_ceil(size).max(1) as u32
}

/// The plan page: counts, areas, one page of tasks, indicators. Unit users see their own tasks.
pub async fn plan_page(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
    plan_id: PlanId,
    filter: &TaskFilter,
) -> Result<PlanPageData, AppError> {
    let plan = super::plan::get(db, plan_id).await?;
    let as_of = today;
    let units = unit_names(db).await?;
    let scope_units = user_scope_in(&units, user);
    let (unit, area, class, q) = parse_filter(filter);
    let units_filter = match (&scope_units, unit) {
        (None, Some(u)) => Some(vec![u]),
        (None, None) => None,
        (Some(mine), Some(u)) if mine.contains(&u) => Some(vec![u]),
        (Some(mine), _) => Some(mine.clone()),
    };
    let all_scope = TaskScope {
        plan_id: Some(plan_id.0),
        units: scope_units.clone(),
        ..TaskScope::default()
    };
    let scope = TaskScope {
        plan_id: Some(plan_id.0),
        units: units_filter,
        area_id: area,
        class,
        q,
        ..TaskScope::default()
    };
    let by_area = query::class_counts_with_progress(db, &scope, as_of, GroupBy::Area).await?;
    let unfiltered = scope.area_id.is_none()
        && scope.class.is_none()
        && scope.q.is_none()
        && scope.units == all_scope.units;
    let counts = if unfiltered {
        // The same tasks: add the areas up rather than ask again.
        let mut all = ClassCounts::default();
        for (c, _) in by_area.values() {
            for class in FollowUpClass::ALL {
                all.add(class, c.get(class));
            }
        }
        all
    } else {
        query::class_counts(db, &all_scope, as_of, GroupBy::None)
            .await?
            .remove(&0)
            .unwrap_or_default()
    };
    let matching: u64 = by_area.values().map(|(c, _)| c.total() + c.cancelled).sum();
    let page_count = pages(matching, PLAN_PAGE_SIZE);
    let page = filter.page.clamp(1, page_count);
    let numbers = HashMap::from([(plan_id.0, plan.number.clone())]);
    let all_areas = areas(db).await?;
    let rows = query::rows(
        db,
        &scope,
        as_of,
        ListOrder::Plan,
        u64::from(page - 1) * PLAN_PAGE_SIZE,
        PLAN_PAGE_SIZE,
        &units,
        &numbers,
        &area_positions(&all_areas),
    )
    .await?;
    let mut groups: Vec<AreaGroup> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g.area.id == r.area_id => g.tasks.push(r),
            _ => {
                let Some(area) = all_areas.iter().find(|a| a.id == r.area_id).cloned() else {
                    continue;
                };
                let (counts, sum) = by_area.get(&area.id).copied().unwrap_or_default();
                let n = counts.total();
                groups.push(AreaGroup {
                    area,
                    counts,
                    avg_progress: if n > 0 { sum as f64 / n as f64 } else { 0.0 },
                    tasks: vec![r],
                });
            }
        }
    }
    // Units that have tasks in the plan, for the filter.
    let lead_ids: Vec<i32> = task::Entity::find()
        .select_only()
        .column(task::Column::LeadUnitId)
        .distinct()
        .filter(task::Column::PlanId.eq(plan_id.0))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let mut unit_opts: Vec<UnitOption> = lead_ids
        .into_iter()
        .filter(|id| scope_units.as_ref().is_none_or(|mine| mine.contains(id)))
        .map(|id| option(id, &units))
        .collect();
    unit_opts.sort_by(|a, b| (!a.department, &a.name).cmp(&(!b.department, &b.name)));
    let indicators =
        super::indicator::rows_for_plan(db, plan_id, &units, scope_units.as_deref()).await?;
    Ok(PlanPageData {
        plan,
        as_of,
        counts,
        matching,
        page,
        pages: page_count,
        groups,
        indicators,
        areas: all_areas,
        units: unit_opts,
        can_manage: user.ensure(Right::ManagePlans).is_ok(),
    })
}

/// "My tasks": the tasks where the user's unit (or a unit it succeeded) leads or co-operates,
/// most urgent first, with counts per class.
pub async fn my_tasks(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
    filter: &TaskFilter,
) -> Result<MyTasksData, AppError> {
    let unit_id = user.unit_id.ok_or(AppError::Forbidden)?;
    let units = unit_names(db).await?;
    let mine = super::scope::acting_units_in(&units, unit_id.0);
    let as_of = today;
    let class = FollowUpClass::parse(&filter.class);
    let base = TaskScope {
        units: Some(mine.clone()),
        ..TaskScope::default()
    };
    let counts = query::class_counts(db, &base, as_of, GroupBy::None)
        .await?
        .remove(&0)
        .unwrap_or_default();
    let scope = TaskScope {
        class,
        q: Some(filter.q.trim().to_lowercase()).filter(|q| !q.is_empty()),
        ..base
    };
    let matching = match (&scope.class, &scope.q) {
        (None, None) => counts.total() + counts.cancelled,
        (Some(c), None) => counts.get(*c),
        _ => query::count(db, &scope, as_of).await?,
    };
    let page_count = pages(matching, MY_PAGE_SIZE);
    let page = filter.page.clamp(1, page_count);
    let numbers = plan_numbers(db).await?;
    let tasks = query::rows(
        db,
        &scope,
        as_of,
        ListOrder::Urgency,
        u64::from(page - 1) * MY_PAGE_SIZE,
        MY_PAGE_SIZE,
        &units,
        &numbers,
        &[],
    )
    .await?;
    Ok(MyTasksData {
        unit_name: units
            .get(&unit_id.0)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        as_of,
        counts,
        matching,
        page,
        pages: page_count,
        tasks,
    })
}

/// The first of `ids` that is not a current unit (unknown or retired), if any.
async fn first_not_current(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Option<i32>, AppError> {
    let current = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::Id.is_in(ids.to_vec()))
        .filter(unit::Column::ValidTo.is_null())
        .into_tuple::<i32>()
        .all(db)
        .await?;
    Ok(ids.iter().copied().find(|id| !current.contains(id)))
}

/// The refusal of a unit that is not current, on the lead unit's field or the co-operating ones'.
fn unit_not_current(is_lead: bool) -> AppError {
    let field = if is_lead {
        "lead_unit_id"
    } else {
        "co_unit_ids"
    };
    AppError::invalid(field, "err.unit_not_current")
}
