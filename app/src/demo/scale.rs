//! The scale province: the demo province grown to a given number of units, plans, tasks and
//! progress updates, for benchmarks. Deterministic (a fixed seed), inserted in batches.

use chrono::{Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

use crate::domain::progress::UpdateKind;
use crate::domain::task::{DeadlineKind, PlanKind, PlanStatus, TaskState};
use crate::domain::{AreaId, UnitId, UnitKind};
use crate::entities::{plan, progress_update, reform_area, task, task_unit, unit, user};
use crate::error::AppError;

/// How big the province should be.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Current units in all (the demo has about 36; more communes are added).
    pub units: usize,
    /// Plans added.
    pub plans: usize,
    /// Tasks added, spread over the plans and units.
    pub tasks: usize,
    /// Progress updates added, spread over the tasks.
    pub updates: usize,
}

/// What was added.
#[derive(Clone, Copy, Debug, Default)]
pub struct Added {
    /// Units.
    pub units: usize,
    /// Plans.
    pub plans: usize,
    /// Tasks.
    pub tasks: usize,
    /// Co-operating links.
    pub links: usize,
    /// Progress updates.
    pub updates: usize,
}

const VERBS: [&str; 8] = [
    "Rà soát",
    "Xây dựng",
    "Triển khai",
    "Kiểm tra",
    "Tổ chức",
    "Hoàn thiện",
    "Đánh giá",
    "Số hóa",
];
const OBJECTS: [&str; 8] = [
    "quy trình nội bộ giải quyết thủ tục hành chính",
    "cơ sở dữ liệu chuyên ngành",
    "quy chế phối hợp liên ngành",
    "kế hoạch đào tạo, bồi dưỡng công chức",
    "phương án đơn giản hóa thủ tục hành chính",
    "hệ thống quản lý văn bản điện tử",
    "vị trí việc làm trong cơ quan hành chính",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp",
];

/// Grows the (already loaded) demo province. Run it on a fresh database: it adds, it does not
/// check for a previous run.
pub async fn generate(
    db: &DatabaseConnection,
    sizes: Sizes,
    today: NaiveDate,
) -> Result<Added, AppError> {
    let mut rng = StdRng::seed_from_u64(20_261_122);
    let mut added = Added::default();
    let now = Utc::now();
    let txn = db.begin().await?;
    let current = unit::Entity::find()
        .filter(unit::Column::ValidTo.is_null())
        .count(&txn)
        .await? as usize;
    let mut new_units = Vec::new();
    for i in current..sizes.units {
        new_units.push(unit::ActiveModel {
            code: Set(format!("X-SCALE{i:04}")),
            name: Set(format!("UBND xã Thử Nghiệm {i:03}")),
            short_name: Set(format!("Xã Thử Nghiệm {i:03}")),
            kind: Set(UnitKind::Commune),
            parent_id: Set(None),
            valid_from: Set(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()),
            valid_to: Set(None),
            successor_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    added.units = new_units.len();
    for chunk in new_units.chunks(500) {
        unit::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let units: Vec<UnitId> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::ValidTo.is_null())
        .into_tuple::<UnitId>()
        .all(&txn)
        .await?;
    let areas: Vec<AreaId> = reform_area::Entity::find()
        .select_only()
        .column(reform_area::Column::Id)
        .into_tuple::<AreaId>()
        .all(&txn)
        .await?;
    let writer: Option<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .into_tuple::<i32>()
        .one(&txn)
        .await?;
    let year = chrono::Datelike::year(&today);
    let mut plans = Vec::new();
    for p in 0..sizes.plans {
        let m = plan::ActiveModel {
            number: Set(format!("{}/KH-UBND-TN", 900 + p)),
            title: Set(format!(
                "Kế hoạch cải cách hành chính thử nghiệm quy mô số {}",
                p + 1
            )),
            kind: Set(PlanKind::Annual),
            issued_on: Set(NaiveDate::from_ymd_opt(year, 1, 10).unwrap_or_default()),
            issuing_body: Set("UBND tỉnh Sơn Hà".into()),
            year_from: Set(year),
            year_to: Set(year),
            parent_id: Set(None),
            status: Set(PlanStatus::InForce),
            source_file_id: Set(None),
            signer: Set(String::new()),
            summary: Set(String::new()),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        plans.push(m.id);
    }
    added.plans = plans.len();
    txn.commit().await?;

    let per_plan = sizes.tasks.div_ceil(sizes.plans.max(1));
    let mut task_ids = Vec::with_capacity(sizes.tasks);
    for (pi, plan_id) in plans.iter().enumerate() {
        let n = per_plan.min(sizes.tasks.saturating_sub(pi * per_plan));
        let txn = db.begin().await?;
        let mut batch = Vec::with_capacity(n);
        for i in 0..n {
            let kind = match rng.gen_range(0..10) {
                0 => DeadlineKind::Ongoing,
                1 | 2 => DeadlineKind::Quarter,
                3 => DeadlineKind::Month,
                _ => DeadlineKind::Date,
            };
            let due = (kind != DeadlineKind::Ongoing)
                .then(|| today + Duration::days(rng.gen_range(-200..200)));
            let effective = if rng.gen_bool(0.05) {
                due.map(|d| d + Duration::days(60))
            } else {
                due
            };
            let (state, progress, completed_on) = match rng.gen_range(0..10) {
                0..=3 => {
                    let base = effective.unwrap_or(today);
                    let c = (base + Duration::days(rng.gen_range(-30..20))).min(today);
                    (TaskState::Completed, 100, Some(c))
                }
                4..=7 => (TaskState::InProgress, rng.gen_range(5..95), None),
                8 => (TaskState::NotStarted, 0, None),
                _ if rng.gen_bool(0.1) => (TaskState::Cancelled, 0, None),
                _ => (TaskState::InProgress, rng.gen_range(5..95), None),
            };
            batch.push(task::ActiveModel {
                plan_id: Set(*plan_id),
                area_id: Set(areas[rng.gen_range(0..areas.len())]),
                heading: Set(String::new()),
                item_no: Set((i + 1).to_string()),
                position: Set(i32::try_from(i).unwrap_or(0) + 1),
                title: Set(format!(
                    "{} {} (nhiệm vụ {} của kế hoạch {})",
                    VERBS[rng.gen_range(0..VERBS.len())],
                    OBJECTS[rng.gen_range(0..OBJECTS.len())],
                    i + 1,
                    pi + 1
                )),
                lead_unit_id: Set(units[rng.gen_range(0..units.len())]),
                deadline_kind: Set(kind),
                due_on: Set(due),
                due_text: Set(due
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| "Thường xuyên".into())),
                effective_due_on: Set(effective),
                expected_output: Set("Báo cáo kết quả thực hiện".into()),
                progress: Set(progress),
                state: Set(state),
                completed_on: Set(completed_on),
                cancel_reason: Set((state == TaskState::Cancelled)
                    .then(|| "Lồng ghép vào nhiệm vụ khác".to_string())),
                last_update_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        for chunk in batch.chunks(1000) {
            task::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        txn.commit().await?;
        let ids: Vec<i32> = task::Entity::find()
            .select_only()
            .column(task::Column::Id)
            .filter(task::Column::PlanId.eq(*plan_id))
            .into_tuple::<i32>()
            .all(db)
            .await?;
        task_ids.extend(ids.into_iter().map(|id| (id, *plan_id)));
    }
    added.tasks = task_ids.len();

    let txn = db.begin().await?;
    let mut links = Vec::new();
    for (t, plan) in &task_ids {
        let k = rng.gen_range(0..3);
        let mut chosen: Vec<UnitId> = Vec::new();
        for _ in 0..k {
            let u = units[rng.gen_range(0..units.len())];
            if !chosen.contains(&u) {
                chosen.push(u);
                links.push(task_unit::ActiveModel {
                    task_id: Set(*t),
                    unit_id: Set(u),
                    plan_id: Set(Some(*plan)),
                });
            }
        }
    }
    added.links = links.len();
    for chunk in links.chunks(2000) {
        task_unit::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;

    let mut done = 0;
    while done < sizes.updates {
        let n = (sizes.updates - done).min(5000);
        let txn = db.begin().await?;
        let mut batch = Vec::with_capacity(n);
        for _ in 0..n {
            let (t, _) = task_ids[rng.gen_range(0..task_ids.len())];
            batch.push(progress_update::ActiveModel {
                task_id: Set(t),
                unit_id: Set(units[rng.gen_range(0..units.len())]),
                user_id: Set(writer),
                kind: Set(if rng.gen_bool(0.8) {
                    UpdateKind::Update
                } else {
                    UpdateKind::Contribution
                }),
                progress: Set(Some(rng.gen_range(0..100))),
                state: Set(Some(TaskState::InProgress)),
                completed_on: Set(None),
                body: Set(
                    "Đã triển khai các nội dung theo kế hoạch, đang tổng hợp kết quả.".into(),
                ),
                created_at: Set(now - Duration::minutes(rng.gen_range(0..500_000))),
                ..Default::default()
            });
        }
        for chunk in batch.chunks(2000) {
            progress_update::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        done += n;
    }
    added.updates = done;
    crate::services::audit::Change::without_id("demo.scale", "province")
        .after(&serde_json::json!({
            "units": added.units,
            "plans": added.plans,
            "tasks": added.tasks,
            "links": added.links,
            "updates": added.updates,
        }))
        .record(db, crate::services::audit::Actor::System)
        .await?;
    Ok(added)
}
