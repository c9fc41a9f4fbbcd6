//! Reporting periods belong to the province and the year, no longer to a plan: there is one live
//! period per year and kind (q1, h1, m9, year), and every unit reports once in it, whatever the
//! plans its tasks come from. Before, each plan had periods of its own, so a unit working on two
//! plans was asked for two reports of the same quarter and the province compiled two reports.
//!
//! Schema:
//! - `reporting_periods.plan_id` may be NULL (still pointing at the plan, cascading as before):
//!   a live period has none; a plan's period merged into the live one keeps its plan, as history.
//! - `reporting_periods.merged_into`: the live period a merged period was folded into (deleting
//!   the live period deletes them). A merged ("archived") period is closed and only keeps history.
//! - One live period per (year, kind): a unique index on those where `merged_into` is NULL,
//!   instead of the former one per (plan, year, kind).
//! - `period_units`: the units the PAR office adds to (`expected`) or exempts from (not
//!   `expected`) the units expected to report in a period, each with its reason.
//!
//! Data: the periods of each (year, kind) are merged into the one with the lowest id, which
//! becomes live (without a plan; open if any of them was open; its own dates). The others point
//! at it and close. Each unit's best report of the group ends up in the live period: its latest
//! accepted report, else its latest submitted (or returned) one, else its latest draft. A report
//! of the unit that was already there changes places with it, so no report is lost and none
//! is changed; the others stay on the archived periods, readable as history. The province report
//! compiled last is the live period's in the same way, and every export follows its report.
//! Notifications keep their period.
//!
//! The whole migration, schema and data, is one transaction on both databases: a failure leaves
//! the database as it was. SQLite cannot drop a NOT NULL constraint in place; the table is
//! rebuilt under the same name ([`rebuild_sqlite_table`]) without touching the rows that point
//! at it.
//!
//! `down` goes back to a period per plan as well as it can: a live period takes the lowest plan
//! that has no period of its year and kind (without any plan, live periods are deleted), merged
//! periods stay their plan's, and the table is rebuilt exactly as before this migration. It fails,
//! changing nothing, when a live period finds no such plan.

use std::collections::BTreeMap;

use sea_orm_migration::{
    async_trait,
    prelude::*,
    schema::*,
    sea_orm::{DbBackend, Statement},
};
use ForeignKeyAction::{Cascade, Restrict};

use crate::schema::{
    drop_index, drop_tables, index, rebuild_sqlite_table, unique_index, CreateTable, Plans, Units,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The one live period of each year and kind.
const LIVE_UNIQUE: &str = "uq_reporting_periods_year_kind";
/// The periods merged into each live period.
const MERGED_INDEX: &str = "ix_reporting_periods_merged_into";
/// The former unique index: one period per plan, year and kind.
const PER_PLAN_UNIQUE: &str = "uq_reporting_periods_plan_year_kind";

/// The columns `reporting_periods` had before this migration, in order.
const PER_PLAN_COLUMNS: [&str; 11] = [
    "id",
    "plan_id",
    "year",
    "kind",
    "window_start",
    "cutoff",
    "unit_due_on",
    "province_due_on",
    "is_open",
    "created_at",
    "updated_at",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// Schema and data change together or not at all, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            // The rebuilt table has no index yet; the former unique index goes with the old one.
            rebuild_sqlite_table(
                manager,
                "reporting_periods",
                province_table(),
                &PER_PLAN_COLUMNS,
            )
            .await?;
        } else {
            drop_index(manager, PER_PLAN_UNIQUE, ReportingPeriods::Table).await?;
            let db = manager.get_connection();
            db.execute_unprepared(
                "ALTER TABLE \"reporting_periods\" ALTER COLUMN \"plan_id\" DROP NOT NULL",
            )
            .await?;
            db.execute_unprepared(
                "ALTER TABLE \"reporting_periods\" ADD COLUMN \"merged_into\" integer NULL \
                 REFERENCES \"reporting_periods\" (\"id\") ON DELETE CASCADE",
            )
            .await?;
        }

        merge_periods(manager).await?;

        manager
            .create_index(
                Index::create()
                    .name(LIVE_UNIQUE)
                    .table(ReportingPeriods::Table)
                    .col(ReportingPeriods::Year)
                    .col(ReportingPeriods::Kind)
                    .unique()
                    .and_where(Expr::col(ReportingPeriods::MergedInto).is_null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            MERGED_INDEX,
            ReportingPeriods::Table,
            [ReportingPeriods::MergedInto],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PeriodUnits::Table)
                    .col(pk_auto(PeriodUnits::Id))
                    .col(integer(PeriodUnits::PeriodId))
                    .col(integer(PeriodUnits::UnitId))
                    // True: added to the units expected to report; false: exempted.
                    .col(boolean(PeriodUnits::Expected))
                    .col(text(PeriodUnits::Reason))
                    .col(integer_null(PeriodUnits::CreatedBy))
                    .col(timestamp_with_time_zone(PeriodUnits::CreatedAt))
                    .fk(PeriodUnits::PeriodId, ReportingPeriods::Table, Cascade)
                    .fk(PeriodUnits::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_period_units_period_unit",
            PeriodUnits::Table,
            [PeriodUnits::PeriodId, PeriodUnits::UnitId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [PeriodUnits::Table.into_iden()]).await?;
        drop_index(manager, LIVE_UNIQUE, ReportingPeriods::Table).await?;
        drop_index(manager, MERGED_INDEX, ReportingPeriods::Table).await?;
        give_live_periods_a_plan(manager).await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE \"reporting_periods\" SET \"merged_into\" = NULL \
             WHERE \"merged_into\" IS NOT NULL",
        )
        .await?;
        if manager.get_database_backend() == DbBackend::Sqlite {
            rebuild_sqlite_table(
                manager,
                "reporting_periods",
                per_plan_table(),
                &PER_PLAN_COLUMNS,
            )
            .await?;
        } else {
            db.execute_unprepared("ALTER TABLE \"reporting_periods\" DROP COLUMN \"merged_into\"")
                .await?;
            db.execute_unprepared(
                "ALTER TABLE \"reporting_periods\" ALTER COLUMN \"plan_id\" SET NOT NULL",
            )
            .await?;
        }
        unique_index(
            manager,
            PER_PLAN_UNIQUE,
            ReportingPeriods::Table,
            [
                ReportingPeriods::PlanId,
                ReportingPeriods::Year,
                ReportingPeriods::Kind,
            ],
        )
        .await
    }
}

/// `reporting_periods` as `m20261123_000003_reports` made it (the SQLite table is rebuilt from
/// this statement by `down`, so that its schema is again exactly the one that migration made).
fn per_plan_table() -> TableCreateStatement {
    Table::create()
        .table(ReportingPeriods::Table)
        .col(pk_auto(ReportingPeriods::Id))
        .col(integer(ReportingPeriods::PlanId))
        .col(integer(ReportingPeriods::Year))
        .col(string_len(ReportingPeriods::Kind, 32))
        .col(date(ReportingPeriods::WindowStart))
        .col(date(ReportingPeriods::Cutoff))
        .col(date(ReportingPeriods::UnitDueOn))
        .col(date(ReportingPeriods::ProvinceDueOn))
        .col(boolean(ReportingPeriods::IsOpen))
        .timestamps(ReportingPeriods::CreatedAt, ReportingPeriods::UpdatedAt)
        .fk(ReportingPeriods::PlanId, Plans::Table, Cascade)
        .to_owned()
}

/// `reporting_periods` after this migration (SQLite): the plan may be NULL, and `merged_into`
/// comes last, where PostgreSQL's `ADD COLUMN` puts it.
fn province_table() -> TableCreateStatement {
    Table::create()
        .table(ReportingPeriods::Table)
        .col(pk_auto(ReportingPeriods::Id))
        .col(integer_null(ReportingPeriods::PlanId))
        .col(integer(ReportingPeriods::Year))
        .col(string_len(ReportingPeriods::Kind, 32))
        .col(date(ReportingPeriods::WindowStart))
        .col(date(ReportingPeriods::Cutoff))
        .col(date(ReportingPeriods::UnitDueOn))
        .col(date(ReportingPeriods::ProvinceDueOn))
        .col(boolean(ReportingPeriods::IsOpen))
        .timestamps(ReportingPeriods::CreatedAt, ReportingPeriods::UpdatedAt)
        .col(integer_null(ReportingPeriods::MergedInto))
        .fk(ReportingPeriods::PlanId, Plans::Table, Cascade)
        .fk(
            ReportingPeriods::MergedInto,
            ReportingPeriods::Table,
            Cascade,
        )
        .to_owned()
}

/// A period as the merge reads it.
struct Period {
    id: i32,
    year: i32,
    kind: String,
    is_open: bool,
}

/// A report (unit or province) and its period, best first as the merge reads them.
struct Placed {
    id: i32,
    period: i32,
    unit: i32,
}

/// Merges the periods of each year and kind into the one with the lowest id (see the module's
/// documentation). Every statement names rows by their integer ids only.
async fn merge_periods(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let periods = query(
        manager,
        "SELECT \"id\", \"year\", \"kind\", \"is_open\" FROM \"reporting_periods\" \
         ORDER BY \"year\", \"kind\", \"id\"",
    )
    .await?
    .iter()
    .map(|row| {
        Ok(Period {
            id: row.try_get("", "id")?,
            year: row.try_get("", "year")?,
            kind: row.try_get("", "kind")?,
            is_open: row.try_get("", "is_open")?,
        })
    })
    .collect::<Result<Vec<_>, DbErr>>()?;

    let mut groups: Vec<Vec<Period>> = Vec::new();
    for period in periods {
        match groups.last_mut() {
            Some(group) if group[0].year == period.year && group[0].kind == period.kind => {
                group.push(period)
            }
            _ => groups.push(vec![period]),
        }
    }

    let mut parking = Parking::default();
    for group in &groups {
        let live = group[0].id;
        let open = group.iter().any(|p| p.is_open);
        db.execute_unprepared(&format!(
            "UPDATE \"reporting_periods\" SET \"plan_id\" = NULL, \"merged_into\" = NULL, \
             \"is_open\" = {} WHERE \"id\" = {live}",
            if open { "TRUE" } else { "FALSE" }
        ))
        .await?;
        if group.len() == 1 {
            continue;
        }
        let all = ids(group.iter().map(|p| p.id));
        let archived = ids(group[1..].iter().map(|p| p.id));
        db.execute_unprepared(&format!(
            "UPDATE \"reporting_periods\" SET \"merged_into\" = {live}, \"is_open\" = FALSE \
             WHERE \"id\" IN ({archived})"
        ))
        .await?;

        // Each unit's reports, its best first.
        let status_rank = "CASE \"status\" WHEN 'accepted' THEN 0 WHEN 'submitted' THEN 1 \
                           WHEN 'returned' THEN 1 ELSE 2 END";
        let status_time = "CASE \"status\" WHEN 'accepted' THEN \"reviewed_at\" \
                           WHEN 'submitted' THEN \"submitted_at\" \
                           WHEN 'returned' THEN \"submitted_at\" ELSE \"updated_at\" END";
        let reports = placed(
            manager,
            &format!(
                "SELECT \"id\", \"period_id\", \"unit_id\" FROM \"unit_reports\" \
                 WHERE \"period_id\" IN ({all}) \
                 ORDER BY \"unit_id\", {status_rank}, {}, \"id\" DESC",
                latest_first(backend, status_time)
            ),
            "unit_id",
        )
        .await?;
        let mut by_unit: BTreeMap<i32, Vec<&Placed>> = BTreeMap::new();
        for report in &reports {
            by_unit.entry(report.unit).or_default().push(report);
        }
        for unit_reports in by_unit.values() {
            let in_live = unit_reports.iter().find(|r| r.period == live).map(|r| r.id);
            swap_into_live(
                manager,
                &mut parking,
                "unit_reports",
                live,
                unit_reports[0],
                in_live,
            )
            .await?;
        }

        // The province reports, compiled last first.
        let compiled = placed(
            manager,
            &format!(
                "SELECT \"id\", \"period_id\", 0 AS \"unit_id\" FROM \"province_reports\" \
                 WHERE \"period_id\" IN ({all}) ORDER BY {}, \"id\" DESC",
                latest_first(backend, "\"compiled_at\"")
            ),
            "unit_id",
        )
        .await?;
        if let Some(best) = compiled.first() {
            let in_live = compiled.iter().find(|r| r.period == live).map(|r| r.id);
            swap_into_live(
                manager,
                &mut parking,
                "province_reports",
                live,
                best,
                in_live,
            )
            .await?;
        }
    }
    if let Some(id) = parking.id {
        db.execute_unprepared(&format!(
            "DELETE FROM \"reporting_periods\" WHERE \"id\" = {id}"
        ))
        .await?;
    }

    // Every export follows the report it was made of ("u:{unit report}", "p:{province report}").
    for (prefix, table) in [("u", "unit_reports"), ("p", "province_reports")] {
        db.execute_unprepared(&format!(
            "UPDATE \"report_exports\" SET \"period_id\" = r.\"period_id\" FROM \"{table}\" r \
             WHERE \"report_exports\".\"owner\" = '{prefix}:' || CAST(r.\"id\" AS TEXT) \
             AND \"report_exports\".\"period_id\" <> r.\"period_id\""
        ))
        .await?;
    }
    Ok(())
}

/// A period row that holds, for a moment, the report a swap takes out of the live period: each
/// unit (and the province) may have only one report per period. Made when first needed, deleted
/// once the merge is done.
#[derive(Default)]
struct Parking {
    id: Option<i32>,
}

impl Parking {
    async fn get(&mut self, manager: &SchemaManager<'_>, live: i32) -> Result<i32, DbErr> {
        if let Some(id) = self.id {
            return Ok(id);
        }
        let row = query(
            manager,
            &format!(
                "INSERT INTO \"reporting_periods\" (\"plan_id\", \"year\", \"kind\", \
                 \"window_start\", \"cutoff\", \"unit_due_on\", \"province_due_on\", \"is_open\", \
                 \"created_at\", \"updated_at\", \"merged_into\") \
                 SELECT NULL, \"year\", \"kind\", \"window_start\", \"cutoff\", \"unit_due_on\", \
                 \"province_due_on\", FALSE, \"created_at\", \"updated_at\", \"id\" \
                 FROM \"reporting_periods\" WHERE \"id\" = {live} RETURNING \"id\""
            ),
        )
        .await?;
        let id = row
            .first()
            .ok_or_else(|| DbErr::Migration("no parking period was made".into()))?
            .try_get("", "id")?;
        self.id = Some(id);
        Ok(id)
    }
}

/// Puts `best` (a row of `table`) into the `live` period; the row `in_live` already there, if
/// any, takes `best`'s former period.
async fn swap_into_live(
    manager: &SchemaManager<'_>,
    parking: &mut Parking,
    table: &str,
    live: i32,
    best: &Placed,
    in_live: Option<i32>,
) -> Result<(), DbErr> {
    if best.period == live {
        return Ok(());
    }
    let db = manager.get_connection();
    let set = |id: i32, period: i32| {
        format!("UPDATE \"{table}\" SET \"period_id\" = {period} WHERE \"id\" = {id}")
    };
    match in_live {
        Some(other) => {
            let aside = parking.get(manager, live).await?;
            db.execute_unprepared(&set(other, aside)).await?;
            db.execute_unprepared(&set(best.id, live)).await?;
            db.execute_unprepared(&set(other, best.period)).await?;
        }
        None => {
            db.execute_unprepared(&set(best.id, live)).await?;
        }
    }
    Ok(())
}

/// `down`: each live period (without a plan) takes the lowest plan that has no period of its
/// year and kind; without any plan at all, the live periods are deleted.
async fn give_live_periods_a_plan(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let plans = query(manager, "SELECT COUNT(*) AS \"n\" FROM \"plans\"").await?;
    let plans: i64 = match plans.first() {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    if plans == 0 {
        db.execute_unprepared("DELETE FROM \"reporting_periods\" WHERE \"plan_id\" IS NULL")
            .await?;
        return Ok(());
    }
    let live = query(
        manager,
        "SELECT \"id\", \"year\", \"kind\" FROM \"reporting_periods\" \
         WHERE \"plan_id\" IS NULL ORDER BY \"id\"",
    )
    .await?;
    for row in live {
        let id: i32 = row.try_get("", "id")?;
        let free = query(
            manager,
            &format!(
                "SELECT MIN(p.\"id\") AS \"plan\" FROM \"plans\" p WHERE NOT EXISTS (\
                 SELECT 1 FROM \"reporting_periods\" r, \"reporting_periods\" l \
                 WHERE l.\"id\" = {id} AND r.\"plan_id\" = p.\"id\" \
                 AND r.\"year\" = l.\"year\" AND r.\"kind\" = l.\"kind\")"
            ),
        )
        .await?;
        let plan: Option<i32> = match free.first() {
            Some(row) => row.try_get("", "plan")?,
            None => None,
        };
        let Some(plan) = plan else {
            let year: i32 = row.try_get("", "year")?;
            let kind: String = row.try_get("", "kind")?;
            return Err(DbErr::Migration(format!(
                "cannot revert to periods per plan: the {kind} {year} period (id {id}) needs a \
                 plan without a period of that year and kind, and every plan has one"
            )));
        };
        db.execute_unprepared(&format!(
            "UPDATE \"reporting_periods\" SET \"plan_id\" = {plan} WHERE \"id\" = {id}"
        ))
        .await?;
    }
    Ok(())
}

/// The ORDER BY terms that put the latest `time` first and rows without one last. SQLite keeps
/// timestamps as text: their instants are compared (`julianday` reads the UTC offset), then the
/// text for what is finer than a millisecond.
fn latest_first(backend: DbBackend, time: &str) -> String {
    if backend == DbBackend::Sqlite {
        format!("julianday({time}) IS NULL, julianday({time}) DESC, {time} DESC")
    } else {
        format!("{time} IS NULL, {time} DESC")
    }
}

/// The rows `sql` reads, as `id`, `period_id` and the column `unit`.
async fn placed(manager: &SchemaManager<'_>, sql: &str, unit: &str) -> Result<Vec<Placed>, DbErr> {
    query(manager, sql)
        .await?
        .iter()
        .map(|row| {
            Ok(Placed {
                id: row.try_get("", "id")?,
                period: row.try_get("", "period_id")?,
                unit: row.try_get("", unit)?,
            })
        })
        .collect()
}

async fn query(
    manager: &SchemaManager<'_>,
    sql: &str,
) -> Result<Vec<sea_orm_migration::sea_orm::QueryResult>, DbErr> {
    manager
        .get_connection()
        .query_all_raw(Statement::from_string(manager.get_database_backend(), sql))
        .await
}

/// `ids` separated by commas, for `IN (...)`.
fn ids(ids: impl Iterator<Item = i32>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportingPeriods {
    Table,
    Id,
    PlanId,
    Year,
    Kind,
    WindowStart,
    Cutoff,
    UnitDueOn,
    ProvinceDueOn,
    IsOpen,
    CreatedAt,
    UpdatedAt,
    MergedInto,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeriodUnits {
    Table,
    Id,
    PeriodId,
    UnitId,
    Expected,
    Reason,
    CreatedBy,
    CreatedAt,
}
