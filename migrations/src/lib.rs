//! Database migrations. Each change is one migration with a `down`. A migration that has shipped
//! never changes what it does: its code may be rewritten to use the helpers shared in `schema`
//! (foreign keys, indexes, timestamps, dropping tables and columns), never so that it makes
//! another schema. `tests/tests/schema.rs` checks that a fresh database has the schema of the
//! newest fixture (`tests/fixtures/schema/`), on SQLite and on PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261123_000002_plans;
mod m20261123_000003_reports;
mod m20261124_000004_reminders;
mod m20261125_000005_task_figures_index;
mod m20261126_000006_task_date_indexes;
mod m20261127_000007_task_unit_plan;
mod m20261203_000008_password_change;
mod m20261204_000009_province_periods;
mod m20261205_000010_extension_requests;
mod m20261205_000011_directions;
mod m20261206_000012_directives_and_leaders;
mod m20261207_000013_issuers_and_indicators;
// Hides the name of sea-query's `schema` module from the prelude above, whose items the prelude
// re-exports one by one all the same.
#[allow(hidden_glob_reexports)]
mod schema;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261123_000002_plans::Migration),
            Box::new(m20261123_000003_reports::Migration),
            Box::new(m20261124_000004_reminders::Migration),
            Box::new(m20261125_000005_task_figures_index::Migration),
            Box::new(m20261126_000006_task_date_indexes::Migration),
            Box::new(m20261127_000007_task_unit_plan::Migration),
            Box::new(m20261203_000008_password_change::Migration),
            Box::new(m20261204_000009_province_periods::Migration),
            Box::new(m20261205_000010_extension_requests::Migration),
            Box::new(m20261205_000011_directions::Migration),
            Box::new(m20261206_000012_directives_and_leaders::Migration),
            Box::new(m20261207_000013_issuers_and_indicators::Migration),
        ]
    }
}
