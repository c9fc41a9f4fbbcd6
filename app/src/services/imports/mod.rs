//! Importing a plan's task table (XLSX or CSV): the file is read and every row checked into a
//! staged batch the user previews; nothing is saved until they confirm, and then all rows or none.

pub mod guard;
pub mod read;

#[cfg(test)]
mod parser_props;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};

use crate::domain::deadline_text::parse_completion_time;
use crate::domain::progress::ImportStatus;
use crate::domain::text::{fold, UnitMatcher, UnitName};
use crate::domain::unit::UnitGroup;
use crate::domain::CurrentUser;
use crate::domain::{AreaId, ImportId, PlanId, Right, UnitId};
use crate::entities::{import_batch, reform_area, unit};
use crate::error::AppError;
use crate::model::plan::{ImportPreview, ImportRowView, RowProblem, UnitOption};
use crate::services::audit::{self, Actor};
use crate::services::imports::read::{read_table, RawRow, ReadError};
use crate::services::stored;
use crate::services::tasks::{current_units_of, insert_tasks, NewTask};

/// Units as the matcher and the preview need them.
struct Directory {
    matcher: UnitMatcher,
    units: Vec<unit::Model>,
    departments: Vec<UnitId>,
    communes: Vec<UnitId>,
}

impl Directory {
    async fn load(db: &impl ConnectionTrait) -> Result<Directory, AppError> {
        let units = unit::Entity::find().all(db).await?;
        let names = units
            .iter()
            .map(|u| UnitName {
                id: u.id,
                names: vec![u.name.clone(), u.short_name.clone(), u.code.clone()],
                group: u.kind.group(),
            })
            .collect();
        Ok(Directory {
            matcher: UnitMatcher::new(names),
            departments: current_units_of(db, UnitGroup::Department).await?,
            communes: current_units_of(db, UnitGroup::Commune).await?,
            units,
        })
    }

    /// The current unit for a matched one: itself, or the end of its successor chain.
    fn current(&self, id: UnitId) -> Option<&unit::Model> {
        let find = |id: UnitId| self.units.iter().find(|u| u.id == id);
        let last = crate::domain::unit::last_successor(id, |u| {
            find(u)
                .filter(|m| m.valid_to.is_some())
                .and_then(|m| m.successor_id)
        });
        find(last).filter(|m| m.valid_to.is_none())
    }

    fn option(&self, id: UnitId) -> UnitOption {
        let u = self.units.iter().find(|u| u.id == id);
        UnitOption {
            id,
            name: u.map(|u| u.name.clone()).unwrap_or_default(),
            department: u.is_some_and(|u| u.kind.is_department()),
        }
    }

    /// Resolves a cell into current units, recording problems.
    fn resolve(&self, cell: &str, problems: &mut Vec<RowProblem>) -> Vec<UnitId> {
        let r = self.matcher.resolve_list(cell);
        let mut ids: Vec<UnitId> = Vec::new();
        let push = |id: UnitId, ids: &mut Vec<UnitId>| {
            if !ids.contains(&id) {
                ids.push(id);
            }
        };
        for g in r.groups {
            let group = match g {
                UnitGroup::Department => &self.departments,
                UnitGroup::Commune => &self.communes,
                UnitGroup::Other => continue,
            };
            for id in group {
                push(*id, &mut ids);
            }
        }
        for id in r.units {
            match self.current(id) {
                Some(u) => push(u.id, &mut ids),
                None => problems.push(RowProblem {
                    key: "import.err_unit_retired".into(),
                    text: self.option(id).name,
                }),
            }
        }
        for name in r.unknown {
            problems.push(RowProblem {
                key: "import.err_unknown_unit".into(),
                text: name,
            });
        }
        ids
    }
}

fn is_roman(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Checks every row (pure apart from the directory): headings set the area, task rows resolve
/// their units and deadline.
fn analyse(
    rows: &[RawRow],
    dir: &Directory,
    areas: &[reform_area::Model],
    default_year: Option<i32>,
) -> Vec<ImportRowView> {
    let mut area: Option<AreaId> = None;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut problems = Vec::new();
        let content = r.content.split_whitespace().collect::<Vec<_>>().join(" ");
        let section = r.lead.trim().is_empty() && r.time.trim().is_empty();
        if is_roman(&r.stt) || (section && !content.is_empty()) {
            if is_roman(&r.stt) {
                let folded = fold(&content);
                let found = areas.iter().find(|a| {
                    a.keywords
                        .split(',')
                        .map(str::trim)
                        .any(|k| !k.is_empty() && folded.contains(k))
                });
                match found {
                    Some(a) => area = Some(a.id),
                    None => {
                        area = None;
                        problems.push(RowProblem {
                            key: "import.err_unknown_area".into(),
                            text: clip(&content, 200),
                        });
                    }
                }
            }
            out.push(ImportRowView {
                line: r.line,
                heading: true,
                stt: clip(&r.stt, 32),
                title: clip(&content, 4000),
                area_id: area,
                lead_units: Vec::new(),
                co_units: Vec::new(),
                due_text: String::new(),
                deadline_kind: None,
                due_on: None,
                expected_output: String::new(),
                problems,
            });
            continue;
        }
        if content.chars().count() < 5 {
            problems.push(RowProblem {
                key: "import.err_content_missing".into(),
                text: content.clone(),
            });
        }
        if content.chars().count() > 4000 {
            problems.push(RowProblem {
                key: "import.err_content_long".into(),
                text: String::new(),
            });
        }
        if area.is_none() {
            problems.push(RowProblem {
                key: "import.err_no_area".into(),
                text: String::new(),
            });
        }
        let leads = dir.resolve(&r.lead, &mut problems);
        if leads.is_empty() && r.lead.trim().is_empty() {
            problems.push(RowProblem {
                key: "import.err_lead_missing".into(),
                text: String::new(),
            });
        }
        let co: Vec<UnitId> = dir
            .resolve(&r.co, &mut problems)
            .into_iter()
            .filter(|id| !(leads.len() == 1 && leads[0] == *id))
            .collect();
        let deadline = match parse_completion_time(&r.time, default_year) {
            Ok(d) => Some(d),
            Err(key) => {
                problems.push(RowProblem {
                    key: key.into(),
                    text: clip(&r.time, 128),
                });
                None
            }
        };
        out.push(ImportRowView {
            line: r.line,
            heading: false,
            stt: clip(&r.stt, 32),
            title: clip(&content, 4000),
            area_id: area,
            lead_units: leads.iter().map(|id| dir.option(*id)).collect(),
            co_units: co.iter().map(|id| dir.option(*id)).collect(),
            due_text: clip(r.time.trim(), 128),
            deadline_kind: deadline.map(|d| d.kind),
            due_on: deadline.and_then(|d| d.due_on),
            expected_output: clip(r.output.trim(), 4000),
            problems,
        });
    }
    out
}

/// Files read at the same time: reading holds up to a few tens of megabytes, so the server's
/// memory stays bounded however many uploads arrive together (the others wait their turn).
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Reads a task table on the blocking pool (parsing is CPU work that would stall every other
/// request on the async workers), one file at a time.
async fn read_off_the_workers(bytes: &[u8], file_name: &str) -> Result<Vec<RawRow>, ReadError> {
    let _turn = READERS
        .acquire()
        .await
        .map_err(|_| ReadError::NotASpreadsheet)?;
    let (bytes, file_name) = (bytes.to_vec(), file_name.to_owned());
    tokio::task::spawn_blocking(move || read_table(&bytes, &file_name))
        .await
        .unwrap_or(Err(ReadError::NotASpreadsheet))
}

/// Reads an uploaded task table and stages it for preview. File-level problems (not a
/// spreadsheet, too large, missing columns ...) are refused at once; row problems are kept for
/// the preview.
pub async fn stage(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    plan_id: PlanId,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportId, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let plan = crate::services::plans::find(db, plan_id).await?;
    let raw = read_off_the_workers(bytes, file_name)
        .await
        .map_err(|e| AppError::invalid("file", e.message_key()))?;
    let dir = Directory::load(db).await?;
    let areas = reform_area::Entity::find().all(db).await?;
    let default_year = (plan.year_from == plan.year_to).then_some(plan.year_from);
    let rows = analyse(&raw, &dir, &areas, default_year);
    let error_count = rows.iter().filter(|r| !r.problems.is_empty()).count();
    let json = stored::import_rows::write_rows(&rows)?;
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(255)
        .collect();
    let txn = db.begin().await?;
    let m = import_batch::ActiveModel {
        plan_id: Set(plan_id),
        user_id: Set(Some(actor.id.0)),
        file_name: Set(name.clone()),
        rows: Set(json),
        row_count: Set(i32::try_from(rows.len()).unwrap_or(i32::MAX)),
        error_count: Set(i32::try_from(error_count).unwrap_or(i32::MAX)),
        status: Set(ImportStatus::Pending),
        created_at: Set(Utc::now()),
        confirmed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Change::new("import.stage", "plan", plan_id).after(&serde_json::json!({ "import": m.id, "file": name, "rows": rows.len(), "errors": error_count }))
    .commit(txn, Actor::User(actor))
    .await?;
    Ok(ImportId(m.id))
}

async fn find(db: &impl ConnectionTrait, id: ImportId) -> Result<import_batch::Model, AppError> {
    import_batch::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn rows_of(m: &import_batch::Model) -> Result<Vec<ImportRowView>, AppError> {
    stored::import_rows::read_rows(&m.rows, m.id)
}

fn task_count(rows: &[ImportRowView]) -> usize {
    rows.iter()
        .filter(|r| !r.heading)
        .map(|r| r.lead_units.len().max(1))
        .sum()
}

/// The preview of a staged import.
pub async fn preview(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: ImportId,
) -> Result<ImportPreview, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let m = find(db, id).await?;
    let plan = crate::services::plans::find(db, m.plan_id).await?;
    let rows = rows_of(&m)?;
    Ok(ImportPreview {
        id,
        plan_id: plan.id,
        plan_number: plan.number,
        file_name: m.file_name,
        status: m.status,
        task_count: task_count(&rows),
        error_count: rows.iter().filter(|r| !r.problems.is_empty()).count(),
        rows,
        areas: crate::services::tasks::areas(db).await?,
    })
}

/// Saves every task of a staged import in one transaction; refused while any row has a problem.
pub async fn confirm(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: ImportId,
) -> Result<usize, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let txn = db.begin().await?;
    let m = find(&txn, id).await?;
    if m.status != ImportStatus::Pending {
        return Err(AppError::conflict("import", "import.err_not_pending"));
    }
    let rows = rows_of(&m)?;
    if rows.iter().any(|r| !r.problems.is_empty()) {
        return Err(AppError::invalid("import", "import.err_has_errors"));
    }
    let mut tasks = Vec::new();
    let mut heading = String::new();
    for r in &rows {
        if r.heading {
            if !r.stt.is_empty() {
                heading = r.stt.clone();
            }
            continue;
        }
        let (Some(area_id), Some(kind)) = (r.area_id, r.deadline_kind) else {
            return Err(AppError::invalid("import", "import.err_has_errors"));
        };
        for lead in &r.lead_units {
            tasks.push(NewTask {
                area_id,
                heading: heading.clone(),
                item_no: r.stt.clone(),
                title: r.title.clone(),
                lead_unit_id: lead.id,
                co_unit_ids: r
                    .co_units
                    .iter()
                    .map(|u| u.id)
                    .filter(|u| *u != lead.id)
                    .collect(),
                deadline_kind: kind,
                due_on: r.due_on,
                due_text: r.due_text.clone(),
                expected_output: r.expected_output.clone(),
            });
        }
    }
    if tasks.is_empty() {
        return Err(AppError::invalid("import", "import.err_no_tasks"));
    }
    insert_tasks(&txn, Actor::User(actor), m.plan_id, &tasks).await?;
    let plan_id = m.plan_id;
    let mut am: import_batch::ActiveModel = m.into();
    am.status = Set(ImportStatus::Confirmed);
    am.confirmed_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    audit::Change::new("import.confirm", "plan", plan_id)
        .after(&serde_json::json!({ "import": id.0, "tasks": tasks.len() }))
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(tasks.len())
}

/// Sets the reform area in a staged import, as the officer chooses in the preview: for every
/// row (`line` is `None`: a directive's table has no area headings), for a heading row and the
/// task rows under it, or for one task row. The problems "no area" and "unknown area" of those
/// rows go; any other problem stays. Returns the import's plan.
pub async fn set_area(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: ImportId,
    line: Option<usize>,
    area_id: AreaId,
) -> Result<PlanId, AppError> {
    // The problems that choosing an area mends.
    const AREA_PROBLEMS: [&str; 2] = ["import.err_no_area", "import.err_unknown_area"];
    actor.ensure(Right::ManagePlans)?;
    let txn = db.begin().await?;
    let m = find(&txn, id).await?;
    if m.status != ImportStatus::Pending {
        return Err(AppError::conflict("import", "import.err_not_pending"));
    }
    if reform_area::Entity::find_by_id(area_id.0)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("area", "err.bad_choice"));
    }
    let mut rows = rows_of(&m)?;
    let chosen =
        area_rows(&rows, line).ok_or_else(|| AppError::invalid("line", "import.err_no_line"))?;
    for i in chosen {
        let r = &mut rows[i];
        r.area_id = Some(area_id);
        r.problems
            .retain(|p| !AREA_PROBLEMS.contains(&p.key.as_str()));
    }
    let error_count = rows.iter().filter(|r| !r.problems.is_empty()).count();
    let plan_id = m.plan_id;
    let mut am: import_batch::ActiveModel = m.into();
    am.rows = Set(stored::import_rows::write_rows(&rows)?);
    am.error_count = Set(i32::try_from(error_count).unwrap_or(i32::MAX));
    am.update(&txn).await?;
    audit::Change::new("import.area", "plan", plan_id)
        .after(&serde_json::json!({ "import": id.0, "line": line, "area": area_id.0 }))
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(plan_id)
}

/// The indexes of the rows an area choice applies to (see [`set_area`]); `None` when `line` is
/// no row of the import.
fn area_rows(rows: &[ImportRowView], line: Option<usize>) -> Option<Vec<usize>> {
    let Some(line) = line else {
        return Some((0..rows.len()).collect());
    };
    let at = rows.iter().position(|r| r.line == line)?;
    if !rows[at].heading {
        return Some(vec![at]);
    }
    let under = rows[at + 1..].iter().take_while(|r| !r.heading).count();
    Some((at..=at + under).collect())
}

/// Abandons a staged import.
pub async fn discard(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: ImportId,
) -> Result<PlanId, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let m = find(db, id).await?;
    if m.status != ImportStatus::Pending {
        return Err(AppError::conflict("import", "import.err_not_pending"));
    }
    let plan_id = m.plan_id;
    let txn = db.begin().await?;
    let mut am: import_batch::ActiveModel = m.into();
    am.status = Set(ImportStatus::Discarded);
    am.update(&txn).await?;
    audit::Change::new("import.discard", "plan", plan_id)
        .after(&serde_json::json!({ "import": id.0 }))
        .commit(txn, Actor::User(actor))
        .await?;
    Ok(plan_id)
}

/// Whether a plan has a pending import (listed on the plan page).
pub async fn pending_for_plan(
    db: &impl ConnectionTrait,
    plan_id: PlanId,
) -> Result<Vec<ImportId>, AppError> {
    Ok(import_batch::Entity::find()
        .filter(import_batch::Column::PlanId.eq(plan_id))
        .filter(import_batch::Column::Status.eq(ImportStatus::Pending))
        .all(db)
        .await?
        .into_iter()
        .map(|m| ImportId(m.id))
        .collect())
}
