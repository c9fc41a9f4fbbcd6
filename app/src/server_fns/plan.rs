//! Plans, tasks, imports and indicators.

use leptos::prelude::*;

use crate::domain::{AreaId, ImportId, IndicatorId, PlanId, TaskId};
use crate::error::AppError;
use crate::model::plan::{
    AreaView, ImportPreview, IndicatorInput, MyTasksData, PlanInput, PlanPageData, PlanSummary,
    PlanView, TaskDetail, TaskFilter, TaskInput, UnitOption,
};

/// Every plan with its counts.
#[server(endpoint = "plans/list")]
pub async fn list_plans() -> Result<Vec<PlanSummary>, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    crate::services::plans::list(&state.db, &user, state.clock.today()).await
}

/// One plan.
#[server(endpoint = "plans/get")]
pub async fn get_plan(id: PlanId) -> Result<PlanView, AppError> {
    use crate::auth::guards::{app_state, require_user};
    require_user()?;
    crate::services::plans::get(&app_state()?.db, id).await
}

/// What the plan, task and indicator forms offer: parent plans, areas, current units.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanFormChoices {
    /// Programmes that may be a parent plan.
    pub parents: Vec<(PlanId, String)>,
    /// Reform areas.
    pub areas: Vec<AreaView>,
    /// Current units.
    pub units: Vec<UnitOption>,
    /// Today in Vietnam (default years of the forms; the browser's clock is not used).
    pub today: chrono::NaiveDate,
    /// The issuing body a new plan proposes: the province's People's Committee as documents
    /// name it ("UBND tỉnh ..."), empty until the province is set.
    pub issuing_body: String,
}

/// The choices of the plan forms (PAR office).
#[server(endpoint = "plans/choices")]
pub async fn form_choices() -> Result<PlanFormChoices, AppError> {
    use crate::auth::guards::{app_state, require_user};
    use crate::domain::Right;
    let user = require_user()?;
    user.ensure(Right::ManagePlans)?;
    let state = app_state()?;
    let db = &state.db;
    let units = crate::services::units::list(db, false)
        .await?
        .into_iter()
        .map(|u| UnitOption {
            id: u.id,
            name: u.name,
            department: u.kind.is_department(),
        })
        .collect();
    Ok(PlanFormChoices {
        parents: crate::services::plans::parents(db).await?,
        areas: crate::services::tasks::areas(db).await?,
        units,
        today: state.clock.today(),
        issuing_body: crate::services::settings::province(db)
            .await?
            .committee()
            .replace("Ủy ban nhân dân", "UBND"),
    })
}

/// Creates a plan (PAR office).
#[server(endpoint = "plans/create")]
pub async fn create_plan(
    #[server(default)] csrf: String,
    plan: PlanInput,
) -> Result<PlanId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let id = crate::services::plans::create(&app_state()?.db, &user, &plan).await?;
    // Without JavaScript the form lands on the new plan (with it, the page navigates itself).
    super::redirect_done::<CreatePlan>(&format!("/plans/{id}"));
    Ok(id)
}

/// Edits a plan (PAR office).
#[server(endpoint = "plans/update")]
pub async fn update_plan(
    #[server(default)] csrf: String,
    id: PlanId,
    plan: PlanInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::plans::update(&app_state()?.db, &user, id, &plan).await
}

/// The plan page.
#[server(endpoint = "plans/page")]
pub async fn plan_page(
    id: PlanId,
    #[server(default)] filter: TaskFilter,
) -> Result<PlanPageData, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let (names, stamp) = tokio::try_join!(super::names(&state), super::stamp(&state))?;
    let facts = state.task_facts.get(&state.db, stamp).await?;
    crate::services::tasks::plan_page(
        &state.db,
        &names,
        &facts,
        &user,
        state.clock.today(),
        id,
        &filter,
    )
    .await
}

/// Adds a task, or one per unit of a group (PAR office).
#[server(endpoint = "tasks/create")]
pub async fn create_task(
    #[server(default)] csrf: String,
    plan_id: PlanId,
    task: TaskInput,
) -> Result<Vec<TaskId>, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let ids = crate::services::tasks::create(&app_state()?.db, &user, plan_id, &task).await?;
    match ids.as_slice() {
        [one] => super::redirect_done::<CreateTask>(&format!("/tasks/{one}")),
        _ => super::redirect_done::<CreateTask>(&format!("/plans/{plan_id}")),
    }
    Ok(ids)
}

/// The task page.
#[server(endpoint = "tasks/get")]
pub async fn get_task(id: TaskId) -> Result<TaskDetail, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let names = super::names(&state).await?;
    crate::services::tasks::detail(&state.db, &names, &user, state.clock.today(), id).await
}

/// Edits a task's text, area, numbering, units and expected output (PAR office); the deadline
/// fields of the form are not used (a deadline moves by an extension).
#[server(endpoint = "tasks/edit")]
pub async fn edit_task(
    #[server(default)] csrf: String,
    id: TaskId,
    task: TaskInput,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::tasks::edit(&app_state()?.db, &user, id, &task).await?;
    super::redirect_done::<EditTask>(&format!("/tasks/{id}"));
    Ok(())
}

/// Extends a deadline with the approving document (PAR office).
#[server(endpoint = "tasks/extend")]
pub async fn extend_task(
    #[server(default)] csrf: String,
    id: TaskId,
    new_due_on: String,
    document: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::tasks::extend(&app_state()?.db, &user, id, &new_due_on, &document, &note).await
}

/// Approves a unit's extension request (PAR office): the deadline moves to `new_due_on` by
/// `document`, as with an extension.
#[server(endpoint = "extensions/approve")]
pub async fn approve_extension(
    #[server(default)] csrf: String,
    request: i32,
    new_due_on: String,
    document: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::tasks::extension::approve(
        &app_state()?.db,
        &user,
        request,
        &new_due_on,
        &document,
        &note,
    )
    .await
}

/// Refuses a unit's extension request with a reason (PAR office); the deadline stays.
#[server(endpoint = "extensions/refuse")]
pub async fn refuse_extension(
    #[server(default)] csrf: String,
    request: i32,
    refusal_reason: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::tasks::extension::refuse(&app_state()?.db, &user, request, &refusal_reason)
        .await
}

/// Cancels a task with a reason (PAR office).
#[server(endpoint = "tasks/cancel")]
pub async fn cancel_task(
    #[server(default)] csrf: String,
    id: TaskId,
    reason: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    crate::services::tasks::cancel(&app_state()?.db, &user, id, &reason).await
}

/// The unit's tasks by urgency.
#[server(endpoint = "tasks/mine")]
pub async fn my_tasks(#[server(default)] filter: TaskFilter) -> Result<MyTasksData, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    let state = app_state()?;
    let (names, stamp) = tokio::try_join!(super::names(&state), super::stamp(&state))?;
    state
        .my_tasks
        .get(
            &state.db,
            &names,
            stamp,
            &user,
            state.clock.today(),
            &filter,
        )
        .await
}

/// A staged import's preview (PAR office).
#[server(endpoint = "imports/get")]
pub async fn get_import(id: ImportId) -> Result<ImportPreview, AppError> {
    use crate::auth::guards::{app_state, require_user};
    let user = require_user()?;
    crate::services::imports::preview(&app_state()?.db, &user, id).await
}

/// Saves every task of a staged import (PAR office).
#[server(endpoint = "imports/confirm")]
pub async fn confirm_import(
    #[server(default)] csrf: String,
    id: ImportId,
) -> Result<usize, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let db = &app_state()?.db;
    let n = crate::services::imports::confirm(db, &user, id).await?;
    let plan = crate::services::imports::preview(db, &user, id)
        .await?
        .plan_id;
    super::redirect_done::<ConfirmImport>(&format!("/plans/{plan}"));
    Ok(n)
}

/// Sets the reform area of a staged import's rows (PAR office): every row when `line` is
/// empty, else the row at that line (a heading: with the rows under it).
#[server(endpoint = "imports/area")]
pub async fn set_import_area(
    #[server(default)] csrf: String,
    id: ImportId,
    #[server(default)] line: String,
    #[server(default)] area: String,
) -> Result<PlanId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let line = match line.trim() {
        "" => None,
        l => Some(
            l.parse::<usize>()
                .map_err(|_| AppError::invalid("line", "import.err_no_line"))?,
        ),
    };
    let area = area
        .trim()
        .parse::<AreaId>()
        .map_err(|_| AppError::invalid("area", "err.required"))?;
    crate::services::imports::set_area(&app_state()?.db, &user, id, line, area).await
}

/// Abandons a staged import (PAR office).
#[server(endpoint = "imports/discard")]
pub async fn discard_import(
    #[server(default)] csrf: String,
    id: ImportId,
) -> Result<PlanId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let plan = crate::services::imports::discard(&app_state()?.db, &user, id).await?;
    super::redirect_done::<DiscardImport>(&format!("/plans/{plan}"));
    Ok(plan)
}

/// Defines an indicator of a plan (PAR office).
#[server(endpoint = "indicators/create")]
pub async fn create_indicator(
    #[server(default)] csrf: String,
    plan_id: PlanId,
    indicator: IndicatorInput,
) -> Result<IndicatorId, AppError> {
    use crate::auth::guards::{app_state, require_write};
    let user = require_write(&csrf)?;
    let id =
        crate::services::plans::indicators::create(&app_state()?.db, &user, plan_id, &indicator)
            .await?;
    super::redirect_done::<CreateIndicator>(&format!("/plans/{plan_id}"));
    Ok(id)
}

/// A responsible unit enters its actual value of an indicator for a period.
#[server(endpoint = "indicators/value")]
pub async fn enter_indicator_value(
    #[server(default)] csrf: String,
    id: IndicatorId,
    year: String,
    period: String,
    value: String,
    #[server(default)] base: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::auth::guards::{app_state, require_write};
    use crate::services::plans::indicators::{enter_value, ValueInput};
    let user = require_write(&csrf)?;
    let input = ValueInput {
        year: &year,
        period: &period,
        value: &value,
        base: &base,
        note: &note,
    };
    enter_value(&app_state()?.db, &user, id, input).await
}
