//! Tasks: create (one, or one per unit of a group), edit, extend, cancel, read; the units'
//! extension requests; the plan page and "my tasks" lists.

pub mod extension;
pub mod facts;
pub mod progress;
pub mod query;
mod read;
mod write;

pub use read::{detail, my_tasks, plan_page, MyTasksCache};
pub use write::{
    cancel, create, current_units_of, deadline_text, edit, extend, insert_tasks, parse_deadline,
    NewTask,
};

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

use self::query::{GroupBy, ListOrder, TaskScope};
use crate::domain::form::clean_text;
use crate::domain::task::{last_day_of_month, Deadline, DeadlineKind, FollowUpClass, TaskState};
use crate::domain::task_text::{self, TaskText};
use crate::domain::unit::{LeadChoice, UnitGroup};
use crate::domain::CurrentUser;
use crate::domain::{AreaId, PlanId, Right, TaskAccess, TaskId, UnitId, UnitKind};
use crate::entities::{
    audit_entry, progress_update, reform_area, task, task_extension, task_unit, unit,
};
use crate::error::AppError;
use crate::model::plan::{
    AreaGroup, AreaView, ClassCounts, ExtensionView, MyTasksData, PlanPageData, TaskDetail,
    TaskFilter, TaskInput, TrailEntry, UnitOption, UpdateView,
};
use crate::services::audit::{self, Actor};
use crate::services::units::scope::{unit_names, user_scope_in, UnitNames};
use crate::services::{parse_date, parse_opt_id};

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
    names: &HashMap<UnitId, UnitNames>,
) -> Result<TaskAccess, AppError> {
    let mut a = TaskAccess {
        all: user.may(Right::SeeAllUnits),
        ..TaskAccess::default()
    };
    if let Some(unit_id) = user.unit_id {
        let units = crate::services::units::scope::acting_units_in(names, unit_id);
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
pub fn area_positions(areas: &[AreaView]) -> Vec<(AreaId, i32)> {
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
