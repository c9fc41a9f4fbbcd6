//! Units (versioned), users, sessions, login attempts, the audit log and settings.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, Restrict, SetNull};

use crate::schema::{drop_tables, index, CreateTable};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(pk_auto(Units::Id))
                    .col(string_len_uniq(Units::Code, 32))
                    .col(string_len(Units::Name, 255))
                    .col(string_len(Units::ShortName, 120))
                    .col(string_len(Units::Kind, 32))
                    .col(integer_null(Units::ParentId))
                    .col(date(Units::ValidFrom))
                    .col(date_null(Units::ValidTo))
                    .col(integer_null(Units::SuccessorId))
                    .timestamps(Units::CreatedAt, Units::UpdatedAt)
                    .fk(Units::ParentId, Units::Table, Restrict)
                    .fk(Units::SuccessorId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_units_kind", Units::Table, [Units::Kind]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_len_uniq(Users::Username, 64))
                    .col(string_len(Users::FullName, 255))
                    .col(string_len_null(Users::Email, 255))
                    .col(string_len(Users::Role, 32))
                    .col(integer_null(Users::UnitId))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(boolean(Users::Active))
                    .col(string_len(Users::Language, 8))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .timestamps(Users::CreatedAt, Users::UpdatedAt)
                    .fk(Users::UnitId, Units::Table, Restrict)
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_users_unit", Users::Table, [Users::UnitId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    // SHA-256 of the cookie token, hex; the token itself is never stored.
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .fk(Sessions::UserId, Users::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sessions_user",
            Sessions::Table,
            [Sessions::UserId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(pk_auto(LoginAttempts::Id))
                    .col(string_len(LoginAttempts::Username, 64))
                    .col(string_len(LoginAttempts::Ip, 64))
                    .col(boolean(LoginAttempts::Success))
                    .col(timestamp_with_time_zone(LoginAttempts::At))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_login_attempts_username_at",
            LoginAttempts::Table,
            [LoginAttempts::Username, LoginAttempts::At],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEntries::Table)
                    .col(big_pk_auto(AuditEntries::Id))
                    .col(timestamp_with_time_zone(AuditEntries::At))
                    .col(integer_null(AuditEntries::ActorId))
                    .col(string_len(AuditEntries::ActorName, 64))
                    .col(string_len(AuditEntries::Action, 64))
                    .col(string_len(AuditEntries::ObjectType, 32))
                    .col(string_len_null(AuditEntries::ObjectId, 64))
                    .col(text_null(AuditEntries::Before))
                    .col(text_null(AuditEntries::After))
                    .fk(AuditEntries::ActorId, Users::Table, SetNull)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_audit_object",
            AuditEntries::Table,
            [AuditEntries::ObjectType, AuditEntries::ObjectId],
        )
        .await?;
        index(
            manager,
            "idx_audit_at",
            AuditEntries::Table,
            [AuditEntries::At],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string_len(Settings::Key, 64).primary_key())
                    .col(text(Settings::Value))
                    .col(timestamp_with_time_zone(Settings::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Settings::Table.into_iden(),
                AuditEntries::Table.into_iden(),
                LoginAttempts::Table.into_iden(),
                Sessions::Table.into_iden(),
                Users::Table.into_iden(),
                Units::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Code,
    Name,
    ShortName,
    Kind,
    ParentId,
    ValidFrom,
    ValidTo,
    SuccessorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    FullName,
    Email,
    Role,
    UnitId,
    PasswordHash,
    Active,
    Language,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Username,
    Ip,
    Success,
    At,
}

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    ObjectType,
    ObjectId,
    Before,
    After,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}
