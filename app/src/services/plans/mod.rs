//! Plans: list, create, edit, and the source document; their indicators.

pub mod indicators;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;

use crate::domain::form::clean_text;
use crate::domain::task::{PlanKind, PlanStatus};
use crate::domain::CurrentUser;
use crate::domain::{FileId, PlanId, Right};
use crate::entities::{attachment, plan};
use crate::error::AppError;
use crate::model::plan::{FileView, PlanInput, PlanSummary, PlanView};
use crate::services::audit::{self, Actor};
use crate::services::tasks::query::{class_counts, TaskScope};
use crate::services::{parse_date, parse_opt_id, unique_or_internal};

#[derive(Clone, Debug, Serialize)]
struct PlanFields {
    number: String,
    title: String,
    kind: PlanKind,
    issued_on: NaiveDate,
    issuing_body: String,
    year_from: i32,
    year_to: i32,
    parent_id: Option<PlanId>,
    status: PlanStatus,
    signer: String,
    summary: String,
}

fn text(field: &str, raw: &str, min: usize, max: usize) -> Result<String, AppError> {
    clean_text(field, raw, min, max, "err.required")
}

fn year(field: &str, raw: &str) -> Result<i32, AppError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| AppError::invalid(field, "err.bad_year"))
}

fn parse_input(input: &PlanInput) -> Result<PlanFields, AppError> {
    let number = text("number", &input.number, 3, 64)?;
    let title = text("title", &input.title, 5, 1000)?;
    let kind =
        PlanKind::parse(&input.kind).ok_or_else(|| AppError::invalid("kind", "err.bad_choice"))?;
    let issued_on = parse_date("issued_on", &input.issued_on)?;
    let issuing_body = text("issuing_body", &input.issuing_body, 2, 255)?;
    let year_from = year("year_from", &input.year_from)?;
    let year_to = year("year_to", &input.year_to)?;
    if year_to < year_from {
        return Err(AppError::invalid("year_to", "err.year_order"));
    }
    if issued_on.year() > year_to {
        return Err(AppError::invalid("issued_on", "err.plan_issued_after"));
    }
    let parent_id = parse_opt_id("parent_id", &input.parent_id)?;
    let status = if input.status.trim().is_empty() {
        PlanStatus::Draft
    } else {
        PlanStatus::parse(&input.status)
            .ok_or_else(|| AppError::invalid("status", "err.bad_choice"))?
    };
    // A leaders' document names who signed it; a plan may.
    let signer = if kind.is_directive() {
        text("signer", &input.signer, 2, 255)?
    } else {
        clean_text("signer", &input.signer, 0, 255, "err.required")?
    };
    let summary = crate::domain::form::clean_multiline("summary", &input.summary, 4000)?;
    if kind.is_directive() && parent_id.is_some() {
        return Err(AppError::invalid("parent_id", "err.directive_parent"));
    }
    Ok(PlanFields {
        signer,
        summary,
        number,
        title,
        kind,
        issued_on,
        issuing_body,
        year_from,
        year_to,
        parent_id,
        status,
    })
}

async fn check_parent(
    db: &impl ConnectionTrait,
    parent_id: Option<PlanId>,
    own: Option<PlanId>,
) -> Result<(), AppError> {
    if let Some(p) = parent_id {
        if Some(p) == own {
            return Err(AppError::invalid("parent_id", "err.plan_parent_self"));
        }
        if plan::Entity::find_by_id(p).one(db).await?.is_none() {
            return Err(AppError::invalid("parent_id", "err.plan_parent_missing"));
        }
    }
    Ok(())
}

/// Every plan, newest first, with its tasks by class as of today. Any logged-in user reads plans;
/// unit users see the counts of their own tasks.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<PlanSummary>, AppError> {
    let scope = crate::services::units::scope::user_scope(db, user).await?;
    let plans = plan::Entity::find()
        .order_by_desc(plan::Column::IssuedOn)
        .order_by_desc(plan::Column::Id)
        .all(db)
        .await?;
    let as_of = today;
    let by_plan = class_counts(
        db,
        &TaskScope {
            units: scope,
            ..TaskScope::default()
        },
        as_of,
        crate::services::tasks::query::GroupBy::Plan,
    )
    .await?;
    Ok(plans
        .into_iter()
        .map(|p| PlanSummary {
            counts: by_plan.get(&p.id.0).copied().unwrap_or_default(),
            id: p.id,
            number: p.number,
            title: p.title,
            kind: p.kind,
            status: p.status,
            issued_on: p.issued_on,
            year_from: p.year_from,
            year_to: p.year_to,
        })
        .collect())
}

/// The plan row or NotFound.
pub async fn find(db: &impl ConnectionTrait, id: PlanId) -> Result<plan::Model, AppError> {
    plan::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A stored file's view.
pub fn file_view(a: attachment::Model) -> FileView {
    FileView {
        id: FileId(a.id),
        file_name: a.file_name,
        size_bytes: a.size_bytes,
        content_type: a.content_type,
    }
}

/// One plan.
pub async fn get(db: &impl ConnectionTrait, id: PlanId) -> Result<PlanView, AppError> {
    let p = find(db, id).await?;
    let parent_number = match p.parent_id {
        Some(pid) => plan::Entity::find_by_id(pid)
            .one(db)
            .await?
            .map(|pp| pp.number),
        None => None,
    };
    let source_file = match p.source_file_id {
        Some(fid) => attachment::Entity::find_by_id(fid)
            .one(db)
            .await?
            .map(file_view),
        None => None,
    };
    Ok(PlanView {
        id,
        number: p.number,
        title: p.title,
        kind: p.kind,
        issued_on: p.issued_on,
        issuing_body: p.issuing_body,
        year_from: p.year_from,
        year_to: p.year_to,
        parent_id: p.parent_id,
        parent_number,
        status: p.status,
        source_file,
        signer: p.signer,
        summary: p.summary,
    })
}

/// Creates a plan.
pub async fn create(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: &PlanInput,
) -> Result<PlanId, AppError> {
    actor.ensure(Right::ManagePlans)?;
    let f = parse_input(input)?;
    let txn = db.begin().await?;
    check_parent(&txn, f.parent_id, None).await?;
    let now = Utc::now();
    let m = plan::ActiveModel {
        number: Set(f.number.clone()),
        title: Set(f.title.clone()),
        kind: Set(f.kind),
        issued_on: Set(f.issued_on),
        issuing_body: Set(f.issuing_body.clone()),
        year_from: Set(f.year_from),
        year_to: Set(f.year_to),
        parent_id: Set(f.parent_id),
        status: Set(f.status),
        signer: Set(f.signer.clone()),
        summary: Set(f.summary.clone()),
        source_file_id: Set(None),
        created_by: Set(Some(actor.id.0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(unique_or_internal("number", "err.plan_number_taken"))?;
    audit::Change::new("plan.create", "plan", m.id)
        .after(&f)
        .record(&txn, Actor::User(actor))
        .await?;
    // An annual or thematic plan is reported on every quarter: the province's periods of its
    // years exist from the start (closed until the PAR office opens them). A programme is
    // reported through its annual plans.
    if f.kind != PlanKind::Programme {
        crate::services::reporting::generate_years(
            &txn,
            Actor::User(actor),
            f.year_from..=f.year_to,
            false,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(m.id)
}

/// Edits a plan.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: PlanId,
    input: &PlanInput,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    let f = parse_input(input)?;
    let txn = db.begin().await?;
    let before = find(&txn, id).await?;
    check_parent(&txn, f.parent_id, Some(id)).await?;
    let before_fields = PlanFields {
        number: before.number.clone(),
        title: before.title.clone(),
        kind: before.kind,
        issued_on: before.issued_on,
        issuing_body: before.issuing_body.clone(),
        year_from: before.year_from,
        year_to: before.year_to,
        parent_id: before.parent_id,
        status: before.status,
        signer: before.signer.clone(),
        summary: before.summary.clone(),
    };
    let mut m: plan::ActiveModel = before.into();
    m.number = Set(f.number.clone());
    m.title = Set(f.title.clone());
    m.kind = Set(f.kind);
    m.issued_on = Set(f.issued_on);
    m.issuing_body = Set(f.issuing_body.clone());
    m.year_from = Set(f.year_from);
    m.year_to = Set(f.year_to);
    m.parent_id = Set(f.parent_id);
    m.status = Set(f.status);
    m.signer = Set(f.signer.clone());
    m.summary = Set(f.summary.clone());
    m.updated_at = Set(Utc::now());
    m.update(&txn)
        .await
        .map_err(unique_or_internal("number", "err.plan_number_taken"))?;
    audit::Change::new("plan.update", "plan", id)
        .before(&before_fields)
        .after(&f)
        .commit(txn, Actor::User(actor))
        .await
}

/// Plans that may be a parent (programmes), for the form.
pub async fn parents(db: &impl ConnectionTrait) -> Result<Vec<(PlanId, String)>, AppError> {
    Ok(plan::Entity::find()
        .filter(plan::Column::Kind.eq(PlanKind::Programme))
        .order_by_desc(plan::Column::IssuedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} – {}", p.number, p.title)))
        .collect())
}

/// Attaches (or replaces) the plan's source document.
pub async fn attach_source(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    actor: &CurrentUser,
    id: PlanId,
    file: &crate::services::files::Upload,
) -> Result<(), AppError> {
    actor.ensure(Right::ManagePlans)?;
    crate::services::files::check("file", file)?;
    let txn = db.begin().await?;
    let p = find(&txn, id).await?;
    let before = p.source_file_id;
    let stored = crate::services::files::store(
        &txn,
        storage,
        file,
        crate::services::files::Owner::Plan(id.0),
        Some(actor.id.0),
    )
    .await?;
    let mut m: plan::ActiveModel = p.into();
    m.source_file_id = Set(Some(stored.id));
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    audit::Change::new("plan.source", "plan", id)
        .before(&serde_json::json!({ "source_file_id": before }))
        .after(&serde_json::json!({ "source_file_id": stored.id, "file": stored.file_name }))
        .commit(txn, Actor::User(actor))
        .await
}
