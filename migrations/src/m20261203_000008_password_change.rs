//! A user whose password an administrator set (a reset, or a new account) must choose their own
//! at the next log-in: `users.must_change_password`, false for everyone already there.

use sea_orm_migration::prelude::*;

use crate::schema::{add_column, drop_column};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Users::Table,
            ColumnDef::new(Users::MustChangePassword)
                .boolean()
                .not_null()
                .default(false),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, Users::Table, Users::MustChangePassword).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    MustChangePassword,
}
