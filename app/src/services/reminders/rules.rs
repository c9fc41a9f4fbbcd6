//! The reminder rules as stored, and their editing by the PAR office.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};
use serde::Serialize;

use crate::domain::reminder::{
    format_offsets, parse_days, parse_offsets, RuleCode, RuleSetting, MAX_ESCALATION, MAX_OFFSET,
};
use crate::domain::CurrentUser;
use crate::domain::Right;
use crate::entities::reminder_rule;
use crate::error::AppError;
use crate::model::reminder::{RuleInput, RuleView};
use crate::services::audit::{self, Actor};

/// The rules in force: code → (enabled, offsets ascending, repeat days).
#[derive(Clone, Debug, Default)]
pub struct Rules(HashMap<RuleCode, (bool, Vec<i32>, Option<i32>)>);

impl Rules {
    /// Whether the rule is switched on.
    pub fn enabled(&self, code: RuleCode) -> bool {
        self.0.get(&code).is_some_and(|r| r.0)
    }

    /// The days before the deadline of an enabled "due soon" rule.
    pub fn offsets(&self, code: RuleCode) -> Option<&[i32]> {
        self.0
            .get(&code)
            .filter(|r| r.0 && !r.1.is_empty())
            .map(|r| r.1.as_slice())
    }

    /// The days overdue of an enabled escalation rule.
    pub fn threshold(&self, code: RuleCode) -> Option<i32> {
        self.offsets(code).and_then(|o| o.first().copied())
    }

    /// The repeat interval of an enabled repeating rule.
    pub fn repeat(&self, code: RuleCode) -> Option<i32> {
        self.0.get(&code).filter(|r| r.0).and_then(|r| r.2)
    }

    /// How far ahead any rule looks, in days.
    pub fn max_days_before(&self) -> i32 {
        [RuleCode::TaskDueSoon, RuleCode::ReportDueSoon]
            .into_iter()
            .filter_map(|c| self.offsets(c))
            .flat_map(|o| o.iter().copied())
            .max()
            .unwrap_or(0)
    }
}

/// Reads the rules. A stored value that no longer parses switches its rule off, with a log line.
pub async fn load(db: &impl sea_orm::ConnectionTrait) -> Result<Rules, AppError> {
    let mut out = HashMap::new();
    for m in reminder_rule::Entity::find().all(db).await? {
        let Some(code) = RuleCode::parse(&m.code) else {
            continue;
        };
        let offsets = if m.offsets.trim().is_empty() {
            Vec::new()
        } else {
            match parse_offsets(&m.offsets) {
                Ok(o) => o,
                Err(_) if code.setting() == RuleSetting::DaysOverdue => {
                    match parse_days(&m.offsets, MAX_ESCALATION) {
                        Ok(d) => vec![d],
                        Err(_) => {
                            tracing::error!(rule = %m.code, offsets = %m.offsets, "reminder rule has a bad offset: switched off");
                            continue;
                        }
                    }
                }
                Err(_) => {
                    tracing::error!(rule = %m.code, offsets = %m.offsets, "reminder rule has bad offsets: switched off");
                    continue;
                }
            }
        };
        let repeat = m.repeat_days.filter(|r| (1..=MAX_OFFSET).contains(r));
        out.insert(code, (m.enabled, offsets, repeat));
    }
    Ok(Rules(out))
}

/// The rules page (PAR office and admins).
pub async fn list(db: &DatabaseConnection, user: &CurrentUser) -> Result<Vec<RuleView>, AppError> {
    user.ensure(Right::ManageReminders)?;
    let stored: HashMap<String, reminder_rule::Model> = reminder_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.code.clone(), m))
        .collect();
    Ok(RuleCode::ALL
        .into_iter()
        .filter_map(|code| {
            stored.get(code.as_str()).map(|m| RuleView {
                code,
                enabled: m.enabled,
                offsets: match parse_offsets(&m.offsets) {
                    Ok(o) => format_offsets(&o),
                    Err(_) => m.offsets.clone(),
                },
                repeat_days: m.repeat_days,
                setting: code.setting(),
                updated_at: m.updated_at,
            })
        })
        .collect())
}

#[derive(Serialize)]
struct RuleAudit {
    enabled: bool,
    offsets: String,
    repeat_days: Option<i32>,
}

/// Saves one rule after checking its numbers; a bad number names its field and changes nothing.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &RuleInput,
) -> Result<(), AppError> {
    user.ensure(Right::ManageReminders)?;
    let code = RuleCode::parse(&input.code).ok_or(AppError::NotFound)?;
    let (offsets, repeat) = match code.setting() {
        RuleSetting::DaysBefore => (
            format_offsets(
                &parse_offsets(&input.offsets).map_err(|k| AppError::invalid("offsets", k))?,
            ),
            None,
        ),
        RuleSetting::DaysOverdue => (
            parse_days(&input.offsets, MAX_ESCALATION)
                .map_err(|k| AppError::invalid("offsets", k))?
                .to_string(),
            None,
        ),
        RuleSetting::Repeat => (
            String::new(),
            Some(
                parse_days(&input.repeat_days, MAX_OFFSET)
                    .map_err(|k| AppError::invalid("repeat_days", k))?,
            ),
        ),
        RuleSetting::None => (String::new(), None),
    };
    let txn = db.begin().await?;
    let before = reminder_rule::Entity::find_by_id(code.as_str().to_string())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let old = RuleAudit {
        enabled: before.enabled,
        offsets: before.offsets.clone(),
        repeat_days: before.repeat_days,
    };
    let mut m: reminder_rule::ActiveModel = before.into();
    m.enabled = Set(input.enabled);
    m.offsets = Set(offsets.clone());
    m.repeat_days = Set(repeat);
    m.updated_by = Set(Some(user.id.0));
    m.updated_at = Set(Utc::now());
    m.update(&txn).await?;
    audit::Change::new("reminder_rule.update", "reminder_rule", code.as_str())
        .before(&old)
        .after(&RuleAudit {
            enabled: input.enabled,
            offsets,
            repeat_days: repeat,
        })
        .commit(txn, Actor::User(user))
        .await
}
