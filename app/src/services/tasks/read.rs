//! Reading tasks: the task page, the plan page and "my tasks".

use super::*;
use crate::domain::task::SourceClass;
use crate::services::kept::Kept;
use crate::services::units::directory::{Names, PlanDoc, Stamp};

pub(super) fn option(id: UnitId, units: &HashMap<UnitId, UnitNames>) -> UnitOption {
    let u = units.get(&id);
    UnitOption {
        id,
        name: u.map(|u| u.name.clone()).unwrap_or_default(),
        department: u.is_some_and(|u| u.kind.is_department()),
    }
}

/// The task page.
pub async fn detail(
    db: &impl ConnectionTrait,
    names: &Names,
    user: &CurrentUser,
    today: NaiveDate,
    id: TaskId,
) -> Result<TaskDetail, AppError> {
    let t = find(db, id).await?;
    let units = &names.units;
    let acc = access_in(db, user, &t, units).await?;
    let as_of = today;
    // The parts of the page read independent rows: they run at the same time, each on its own
    // pooled connection (the page waits for the slowest, not for their sum).
    let (p, area, co_ids, extensions, requests, (updates, mut files, user_names), trail) = tokio::try_join!(
        crate::services::plans::find(db, t.plan_id),
        async {
            reform_area::Entity::find_by_id(t.area_id)
                .one(db)
                .await?
                .map(area_view)
                .ok_or(AppError::Internal)
        },
        async {
            Ok::<_, AppError>(
                task_unit::Entity::find()
                    .filter(task_unit::Column::TaskId.eq(t.id))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|l| l.unit_id)
                    .collect::<Vec<UnitId>>(),
            )
        },
        extensions_of(db, t.id),
        super::extension::requests_of(db, t.id, units),
        updates_of(db, t.id),
        trail_of(db, t.id),
    )?;
    let numbers = HashMap::from([(p.id, p.number.clone())]);
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
    let can_update = ensure_can_update_task(user, acc, &t).is_ok();
    let can_contribute = ensure_can_contribute(user, acc, &t).is_ok();
    let can_manage = user.may(Right::ManagePlans) && t.state != TaskState::Cancelled;
    let pending = requests
        .iter()
        .any(|r| r.status == crate::domain::extension::ExtensionStatus::Pending);
    let extension_open = !pending && super::extension::extendable(&t, "proposed_due_on").is_ok();
    let can_request_extension = extension_open && user.may(Right::RequestExtension(acc));
    let co_units = co_ids.iter().map(|id| option(*id, units)).collect();
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
    let directions = crate::services::directions::of_task(db, user, TaskId(t.id)).await?;
    Ok(TaskDetail {
        directions,
        can_direct: user.may(Right::GiveDirections),
        row: query::row(t, co_names, as_of, units, &numbers),
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
        extension_requests: requests,
        extension_open,
        can_request_extension,
        can_decide_extension: user.may(Right::ManagePlans),
        as_of,
    })
}

/// A task's deadline extensions, oldest first.
async fn extensions_of(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> Result<Vec<ExtensionView>, AppError> {
    let rows = task_extension::Entity::find()
        .filter(task_extension::Column::TaskId.eq(task_id))
        .order_by_asc(task_extension::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|e| ExtensionView {
            previous_due_on: e.previous_due_on,
            new_due_on: e.new_due_on,
            document: e.document,
            note: e.note,
            created_at: e.created_at,
        })
        .collect())
}

/// A task's audit trail, newest first (the latest 100 entries).
async fn trail_of(db: &impl ConnectionTrait, task_id: i32) -> Result<Vec<TrailEntry>, AppError> {
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::ObjectType.eq("task"))
        .filter(audit_entry::Column::ObjectId.eq(task_id.to_string()))
        .order_by_desc(audit_entry::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|e| TrailEntry {
            at: e.at,
            actor: e.actor_name,
            action: e.action,
        })
        .collect())
}

/// A task's progress updates (newest first), their attached files by update, and the names of
/// the users who wrote them.
async fn updates_of(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> Result<
    (
        Vec<progress_update::Model>,
        HashMap<i32, Vec<crate::model::plan::FileView>>,
        HashMap<i32, String>,
    ),
    AppError,
> {
    let updates = progress_update::Entity::find()
        .filter(progress_update::Column::TaskId.eq(task_id))
        .order_by_desc(progress_update::Column::Id)
        .all(db)
        .await?;
    let update_ids: Vec<i32> = updates.iter().map(|u| u.id).collect();
    let (files, user_names) = tokio::try_join!(
        async {
            let mut files: HashMap<i32, Vec<crate::model::plan::FileView>> = HashMap::new();
            if update_ids.is_empty() {
                return Ok::<_, AppError>(files);
            }
            for a in crate::entities::attachment::Entity::find()
                .filter(crate::entities::attachment::Column::UpdateId.is_in(update_ids))
                .order_by_asc(crate::entities::attachment::Column::Id)
                .all(db)
                .await?
            {
                if let Some(u) = a.update_id {
                    files
                        .entry(u)
                        .or_default()
                        .push(crate::services::plans::file_view(a));
                }
            }
            Ok(files)
        },
        crate::services::accounts::users::names_by_id(db, updates.iter().filter_map(|u| u.user_id)),
    )?;
    Ok((updates, files, user_names))
}

pub(super) fn parse_filter(
    filter: &TaskFilter,
) -> (
    Option<UnitId>,
    Option<AreaId>,
    Option<FollowUpClass>,
    Option<String>,
) {
    let unit = filter.unit.parse::<UnitId>().ok();
    let area = filter.area.parse::<AreaId>().ok();
    let class = FollowUpClass::parse(&filter.class);
    let q = filter.q.trim().to_lowercase();
    (unit, area, class, (!q.is_empty()).then_some(q))
}

pub(super) fn pages(matching: u64, size: u64) -> u32 {
    matching.div_ceil(size).max(1) as u32
}

/// The plan page: counts, areas, one page of tasks, indicators. Unit users see their own tasks.
pub async fn plan_page(
    db: &impl ConnectionTrait,
    names: &Names,
    facts: &super::facts::TaskFacts,
    user: &CurrentUser,
    today: NaiveDate,
    plan_id: PlanId,
    filter: &TaskFilter,
) -> Result<PlanPageData, AppError> {
    let as_of = today;
    let units = &names.units;
    let scope_units = user_scope_in(units, user);
    let (unit, area, class, q) = parse_filter(filter);
    let units_filter = match (&scope_units, unit) {
        (None, Some(u)) => Some(vec![u]),
        (None, None) => None,
        (Some(mine), Some(u)) if mine.contains(&u) => Some(vec![u]),
        (Some(mine), _) => Some(mine.clone()),
    };
    let all_scope = TaskScope {
        plan_id: Some(plan_id),
        units: scope_units.clone(),
        ..TaskScope::default()
    };
    let scope = TaskScope {
        plan_id: Some(plan_id),
        units: units_filter,
        area_id: area,
        class,
        q,
        ..TaskScope::default()
    };
    let unfiltered = scope.area_id.is_none()
        && scope.class.is_none()
        && scope.q.is_none()
        && scope.units == all_scope.units;
    let all_areas = areas(db).await?;
    let positions = area_positions(&all_areas);
    let numbers = &names.plans;
    let page_rows = |page: u32| {
        query::rows(
            db,
            &scope,
            as_of,
            ListOrder::Plan,
            u64::from(page.max(1) - 1) * PLAN_PAGE_SIZE,
            PLAN_PAGE_SIZE,
            units,
            numbers,
            &positions,
        )
    };
    // The page's parts read independent rows: they run at the same time, each on its own pooled
    // connection. The asked-for page of rows is read with them, and again only when it lies past
    // the last page.
    // The counts by class come from the kept facts (in memory) when they can filter the scope
    // (not a unit user's co-operating tasks, not a text search), from SQL otherwise.
    let kept_by_area = facts.class_counts_with_progress(&scope, units, as_of, GroupBy::Area);
    // Units that have tasks in the plan, for the filter (every viewer's: the choice is then
    // narrowed to the viewer's own units).
    let lead_ids = facts.lead_units(plan_id);
    let (plan, by_area, filtered_counts, mut rows, indicators) = tokio::try_join!(
        crate::services::plans::get(db, plan_id),
        async {
            match kept_by_area {
                Some(counts) => Ok(counts),
                None => query::class_counts_with_progress(db, &scope, as_of, GroupBy::Area).await,
            }
        },
        async {
            if unfiltered {
                return Ok(None);
            }
            let all =
                match facts.class_counts_with_progress(&all_scope, units, as_of, GroupBy::None) {
                    Some(counts) => counts.get(&0).map(|(c, _)| *c),
                    None => query::class_counts(db, &all_scope, as_of, GroupBy::None)
                        .await?
                        .remove(&0),
                };
            Ok::<_, AppError>(Some(all.unwrap_or_default()))
        },
        page_rows(filter.page),
        crate::services::plans::indicators::rows_for_plan(
            db,
            plan_id,
            units,
            scope_units.as_deref(),
        ),
    )?;
    // Unfiltered, the same tasks: add the areas up rather than ask again.
    let counts = filtered_counts.unwrap_or_else(|| {
        let mut all = ClassCounts::default();
        for (c, _) in by_area.values() {
            for class in FollowUpClass::ALL {
                all.add(class, c.get(class));
            }
        }
        all
    });
    let matching: u64 = by_area.values().map(|(c, _)| c.total() + c.cancelled).sum();
    let page_count = pages(matching, PLAN_PAGE_SIZE);
    let page = filter.page.clamp(1, page_count);
    if page != filter.page.max(1) {
        rows = page_rows(page).await?;
    }
    let mut groups: Vec<AreaGroup> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g.area.id == r.area_id => g.tasks.push(r),
            _ => {
                let Some(area) = all_areas.iter().find(|a| a.id == r.area_id).cloned() else {
                    continue;
                };
                let (counts, sum) = by_area.get(&area.id.0).copied().unwrap_or_default();
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
    let mut unit_opts: Vec<UnitOption> = lead_ids
        .into_iter()
        .filter(|id| scope_units.as_ref().is_none_or(|mine| mine.contains(id)))
        .map(|id| option(id, units))
        .collect();
    unit_opts.sort_by(|a, b| (!a.department, &a.name).cmp(&(!b.department, &b.name)));
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
        can_manage: user.may(Right::ManagePlans),
    })
}

/// "My tasks" computed recently, so that a unit's officers opening the same list between two
/// writes do not recompute it ([`Kept`]: keyed by the latest audit entry as of the request,
/// today's date, the unit and the filter).
pub struct MyTasksCache {
    kept: Kept<MyTasksData>,
}

impl Default for MyTasksCache {
    fn default() -> Self {
        MyTasksCache {
            kept: Kept::new(Self::TTL, Self::MAX),
        }
    }
}

impl MyTasksCache {
    /// How long an entry is used at most.
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(120);
    /// Entries kept at most (the oldest go first): a page of 25 rows is about 20 KB.
    const MAX: usize = 128;

    /// [`my_tasks`] for `user` and `filter`: kept if nothing was written since it was computed
    /// for the user's unit.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        names: &Names,
        stamp: Stamp,
        user: &CurrentUser,
        today: NaiveDate,
        filter: &TaskFilter,
    ) -> Result<MyTasksData, AppError> {
        let unit = user.unit_id.ok_or(AppError::Forbidden)?;
        let view = format!(
            "{unit}|{}",
            serde_json::to_string(filter).map_err(|_| AppError::Internal)?
        );
        self.kept
            .get_or(
                Kept::<MyTasksData>::key(stamp, today, &view),
                my_tasks(db, names, user, today, filter),
            )
            .await
    }
}

/// "My tasks": the tasks where the user's unit (or a unit it succeeded) leads or co-operates,
/// most urgent first, with counts per class.
pub async fn my_tasks(
    db: &impl ConnectionTrait,
    names: &Names,
    user: &CurrentUser,
    today: NaiveDate,
    filter: &TaskFilter,
) -> Result<MyTasksData, AppError> {
    let unit_id = user.unit_id.ok_or(AppError::Forbidden)?;
    let units = &names.units;
    let mine = crate::services::units::scope::acting_units_in(units, unit_id);
    let as_of = today;
    let class = FollowUpClass::parse(&filter.class);
    let (plans, sources) = sources_of(&names.docs, &filter.source);
    let base = TaskScope {
        units: Some(mine.clone()),
        plans,
        ..TaskScope::default()
    };
    let scope = TaskScope {
        class,
        q: Some(filter.q.trim().to_lowercase()).filter(|q| !q.is_empty()),
        ..base.clone()
    };
    let numbers = &names.plans;
    let page_rows = |page: u32| {
        query::rows(
            db,
            &scope,
            as_of,
            ListOrder::Urgency,
            u64::from(page.max(1) - 1) * MY_PAGE_SIZE,
            MY_PAGE_SIZE,
            units,
            numbers,
            &[],
        )
    };
    // The counts and the asked-for page are read at the same time; the page is read again only
    // when it lies past the last one.
    let (counts, mut tasks) = tokio::try_join!(
        async {
            Ok::<_, AppError>(
                query::class_counts(db, &base, as_of, GroupBy::None)
                    .await?
                    .remove(&0)
                    .unwrap_or_default(),
            )
        },
        page_rows(filter.page),
    )?;
    let matching = match (&scope.class, &scope.q) {
        (None, None) => counts.total() + counts.cancelled,
        (Some(c), None) => counts.get(*c),
        _ => query::count(db, &scope, as_of).await?,
    };
    let page_count = pages(matching, MY_PAGE_SIZE);
    let page = filter.page.clamp(1, page_count);
    if page != filter.page.max(1) {
        tasks = page_rows(page).await?;
    }
    Ok(MyTasksData {
        unit_name: units
            .get(&unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        as_of,
        counts,
        matching,
        page,
        pages: page_count,
        tasks,
        sources,
    })
}

/// The source documents to filter by (id and "number – title", newest first, from the kept
/// [`Names`]), and the plans a list filtered by `source`
/// reads: `None` for all, the documents of a [`SourceClass`], or one document (the list stays
/// within the unit's own tasks whatever the id names).
fn sources_of(docs: &[PlanDoc], source: &str) -> (Option<Vec<PlanId>>, Vec<(PlanId, String)>) {
    let chosen = if source.trim().is_empty() {
        None
    } else if let Some(class) = SourceClass::parse(source) {
        Some(
            docs.iter()
                .filter(|p| class.holds(p.kind))
                .map(|p| p.id)
                .collect(),
        )
    } else {
        let id = source.trim().parse::<PlanId>().ok();
        Some(
            docs.iter()
                .filter(|p| Some(p.id) == id)
                .map(|p| p.id)
                .collect(),
        )
    };
    let list = docs
        .iter()
        .map(|p| (p.id, format!("{} – {}", p.number, p.title)))
        .collect();
    (chosen, list)
}
