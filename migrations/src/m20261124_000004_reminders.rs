//! Reminders: the rules and their offsets, who in a unit receives reminders, the notifications
//! (one per rule, object, occurrence and recipient, made unique by an index), the e-mail outbox
//! and the record of each evaluation run.

use sea_orm_migration::{async_trait, prelude::*, schema::*};
use ForeignKeyAction::{Cascade, SetNull};

use crate::schema::{
    add_column, drop_column, drop_tables, index, unique_index, CreateTable, ReportingPeriods, Tasks,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rules and their defaults: (code, offsets in days, repeat every N days).
const RULES: [(&str, &str, Option<i32>); 8] = [
    ("task_due_soon", "7,3,1", None),
    ("task_due_today", "", None),
    ("task_overdue", "", Some(7)),
    ("task_escalate_head", "7", None),
    ("task_escalate_office", "14", None),
    ("report_due_soon", "5,1", None),
    ("report_overdue", "", Some(3)),
    ("report_returned", "", None),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReminderRules::Table)
                    .col(string_len(ReminderRules::Code, 32).primary_key())
                    .col(boolean(ReminderRules::Enabled))
                    .col(string_len(ReminderRules::Offsets, 64))
                    .col(integer_null(ReminderRules::RepeatDays))
                    .col(integer_null(ReminderRules::UpdatedBy))
                    .col(timestamp_with_time_zone(ReminderRules::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (code, offsets, repeat) in RULES {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(ReminderRules::Table)
                        .columns([
                            ReminderRules::Code,
                            ReminderRules::Enabled,
                            ReminderRules::Offsets,
                            ReminderRules::RepeatDays,
                            ReminderRules::UpdatedAt,
                        ])
                        .values_panic([
                            code.into(),
                            true.into(),
                            offsets.into(),
                            repeat.into(),
                            Expr::current_timestamp(),
                        ])
                        .to_owned(),
                )
                .await?;
        }

        // Whether a unit's user receives its reminders (chosen by the unit head).
        add_column(
            manager,
            Users::Table,
            boolean(Users::ReceivesReminders).default(true),
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::UserId))
                    .col(string_len(Notifications::Rule, 32))
                    // "task:12" or "report:3:45" (period 3, unit 45).
                    .col(string_len(Notifications::Subject, 64))
                    // "2026-12-15:3": the deadline and the step of the rule it fired for.
                    .col(string_len(Notifications::Occurrence, 64))
                    .col(integer_null(Notifications::TaskId))
                    .col(integer_null(Notifications::PeriodId))
                    .col(integer_null(Notifications::UnitId))
                    .col(text(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(string_len(Notifications::Link, 255))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .fk(Notifications::UserId, Users::Table, Cascade)
                    .fk(Notifications::TaskId, Tasks::Table, Cascade)
                    .fk(Notifications::PeriodId, ReportingPeriods::Table, Cascade)
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "uq_notifications_once",
            Notifications::Table,
            [
                Notifications::Rule,
                Notifications::Subject,
                Notifications::Occurrence,
                Notifications::UserId,
            ],
        )
        .await?;
        for (name, cols) in [
            (
                "ix_notifications_user_read",
                vec![Notifications::UserId, Notifications::ReadAt],
            ),
            ("ix_notifications_task", vec![Notifications::TaskId]),
            (
                "ix_notifications_period_unit",
                vec![Notifications::PeriodId, Notifications::UnitId],
            ),
        ] {
            index(manager, name, Notifications::Table, cols).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(pk_auto(EmailOutbox::Id))
                    .col(integer_null(EmailOutbox::NotificationId).unique_key())
                    .col(integer_null(EmailOutbox::UserId))
                    .col(string_len(EmailOutbox::ToAddr, 254))
                    .col(string_len(EmailOutbox::ToName, 128))
                    .col(text(EmailOutbox::Subject))
                    .col(text(EmailOutbox::Body))
                    // pending, sending, sent, failed, cancelled, expired, skipped
                    .col(string_len(EmailOutbox::State, 16))
                    .col(integer(EmailOutbox::Attempts))
                    .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(EmailOutbox::ClaimedAt))
                    .col(string_len_null(EmailOutbox::ClaimedBy, 64))
                    .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                    .col(text_null(EmailOutbox::LastError))
                    .timestamps(EmailOutbox::CreatedAt, EmailOutbox::UpdatedAt)
                    .fk(EmailOutbox::NotificationId, Notifications::Table, SetNull)
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_email_outbox_state_next",
            EmailOutbox::Table,
            [EmailOutbox::State, EmailOutbox::NextAttemptAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReminderRuns::Table)
                    .col(pk_auto(ReminderRuns::Id))
                    // The moment evaluated (the scheduled time, or "now" for a run by hand).
                    .col(timestamp_with_time_zone(ReminderRuns::EvaluatedAt))
                    .col(string_len(ReminderRuns::Trigger, 16))
                    .col(string_len(ReminderRuns::Instance, 64))
                    .col(timestamp_with_time_zone(ReminderRuns::StartedAt))
                    .col(timestamp_with_time_zone_null(ReminderRuns::FinishedAt))
                    .col(integer(ReminderRuns::Created))
                    .col(integer(ReminderRuns::Emails))
                    .col(integer(ReminderRuns::Failed))
                    .col(text_null(ReminderRuns::Error))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_reminder_runs_started",
            ReminderRuns::Table,
            [ReminderRuns::StartedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ReminderRuns::Table.into_iden(),
                EmailOutbox::Table.into_iden(),
                Notifications::Table.into_iden(),
                ReminderRules::Table.into_iden(),
            ],
        )
        .await?;
        drop_column(manager, Users::Table, Users::ReceivesReminders).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    ReceivesReminders,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReminderRules {
    Table,
    Code,
    Enabled,
    Offsets,
    RepeatDays,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    Rule,
    Subject,
    Occurrence,
    TaskId,
    PeriodId,
    UnitId,
    Title,
    Body,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum EmailOutbox {
    Table,
    Id,
    NotificationId,
    UserId,
    ToAddr,
    ToName,
    Subject,
    Body,
    State,
    Attempts,
    NextAttemptAt,
    ClaimedAt,
    ClaimedBy,
    SentAt,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReminderRuns {
    Table,
    Id,
    EvaluatedAt,
    Trigger,
    Instance,
    StartedAt,
    FinishedAt,
    Created,
    Emails,
    Failed,
    Error,
}
