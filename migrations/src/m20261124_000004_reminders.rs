//! Reminders: the rules and their offsets, who in a unit receives reminders, the notifications
//! (one per rule, object, occurrence and recipient, made unique by an index), the e-mail outbox
//! and the record of each evaluation run.

use sea_orm_migration::{async_trait, prelude::*, schema::*};

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
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::ReceivesReminders).default(true))
                    .to_owned(),
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
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::TaskId)
                            .to(Tasks::Table, Tasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::PeriodId)
                            .to(ReportingPeriods::Table, ReportingPeriods::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_notifications_once")
                    .table(Notifications::Table)
                    .col(Notifications::Rule)
                    .col(Notifications::Subject)
                    .col(Notifications::Occurrence)
                    .col(Notifications::UserId)
                    .unique()
                    .to_owned(),
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
            let mut index = Index::create();
            index.name(name).table(Notifications::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
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
                    .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone(EmailOutbox::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailOutbox::Table, EmailOutbox::NotificationId)
                            .to(Notifications::Table, Notifications::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_outbox_state_next")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::State)
                    .col(EmailOutbox::NextAttemptAt)
                    .to_owned(),
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
        manager
            .create_index(
                Index::create()
                    .name("ix_reminder_runs_started")
                    .table(ReminderRuns::Table)
                    .col(ReminderRuns::StartedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReminderRuns::Table.into_iden(),
            EmailOutbox::Table.into_iden(),
            Notifications::Table.into_iden(),
            ReminderRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ReceivesReminders)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    ReceivesReminders,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportingPeriods {
    Table,
    Id,
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
