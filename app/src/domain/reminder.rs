//! Reminder rules: which step of a rule is due on a given day. Pure, so the schedule of a whole
//! month can be checked without a database.
//!
//! Every rule is evaluated as a *window*, not as an exact day: "due in 3 days" fires on any day
//! with 1–3 days left that has not had it yet. A day the server was down is therefore caught up
//! by the next run, and the unique key of a notification (rule, object, occurrence, recipient)
//! keeps it to one.

use serde::{Deserialize, Serialize};

/// The reminder rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleCode {
    /// A task is due in N days (offsets, default 7, 3, 1).
    TaskDueSoon,
    /// A task is due today.
    TaskDueToday,
    /// A task is overdue; repeated every N days.
    TaskOverdue,
    /// A task overdue for N days goes to the unit head as well.
    TaskEscalateHead,
    /// A task overdue for M days goes to the PAR office as well.
    TaskEscalateOffice,
    /// A task overdue for K days goes to the leader in charge of its area or unit as well.
    TaskEscalateLeader,
    /// A unit report is due in N days.
    ReportDueSoon,
    /// A unit report is not submitted after its due date; repeated every N days.
    ReportOverdue,
    /// A unit report was returned for correction.
    ReportReturned,
    /// An event, not a rule: a unit asked to extend a task's deadline (to the PAR office).
    ExtensionRequested,
    /// An event, not a rule: the PAR office decided a unit's extension request (to the unit's
    /// heads).
    ExtensionDecided,
}

impl RuleCode {
    /// Every rule, in the order of the rules page.
    pub const ALL: [RuleCode; 9] = [
        RuleCode::TaskDueSoon,
        RuleCode::TaskDueToday,
        RuleCode::TaskOverdue,
        RuleCode::TaskEscalateHead,
        RuleCode::TaskEscalateOffice,
        RuleCode::TaskEscalateLeader,
        RuleCode::ReportDueSoon,
        RuleCode::ReportOverdue,
        RuleCode::ReportReturned,
    ];

    /// The events that notify as they happen (no setting, not on the rules page).
    pub const EVENTS: [RuleCode; 2] = [RuleCode::ExtensionRequested, RuleCode::ExtensionDecided];

    /// The stable code stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::TaskDueSoon => "task_due_soon",
            RuleCode::TaskDueToday => "task_due_today",
            RuleCode::TaskOverdue => "task_overdue",
            RuleCode::TaskEscalateHead => "task_escalate_head",
            RuleCode::TaskEscalateOffice => "task_escalate_office",
            RuleCode::TaskEscalateLeader => "task_escalate_leader",
            RuleCode::ReportDueSoon => "report_due_soon",
            RuleCode::ReportOverdue => "report_overdue",
            RuleCode::ReportReturned => "report_returned",
            RuleCode::ExtensionRequested => "extension_requested",
            RuleCode::ExtensionDecided => "extension_decided",
        }
    }

    /// Parses the stable code.
    pub fn parse(s: &str) -> Option<RuleCode> {
        RuleCode::ALL
            .into_iter()
            .chain(RuleCode::EVENTS)
            .find(|r| r.as_str() == s.trim())
    }

    /// Translation key of the rule's name (`rule.<code>`).
    pub fn label_key(self) -> String {
        format!("rule.{}", self.as_str())
    }

    /// What the rule's numbers mean.
    pub fn setting(self) -> RuleSetting {
        match self {
            RuleCode::TaskDueSoon | RuleCode::ReportDueSoon => RuleSetting::DaysBefore,
            RuleCode::TaskEscalateHead
            | RuleCode::TaskEscalateOffice
            | RuleCode::TaskEscalateLeader => RuleSetting::DaysOverdue,
            RuleCode::TaskOverdue | RuleCode::ReportOverdue => RuleSetting::Repeat,
            RuleCode::TaskDueToday
            | RuleCode::ReportReturned
            | RuleCode::ExtensionRequested
            | RuleCode::ExtensionDecided => RuleSetting::None,
        }
    }

    /// Whether the rule is about a unit report (the others are about tasks).
    pub fn is_report(self) -> bool {
        matches!(
            self,
            RuleCode::ReportDueSoon | RuleCode::ReportOverdue | RuleCode::ReportReturned
        )
    }
}

/// The kind of number a rule takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleSetting {
    /// A list of days before the deadline (1–90, at most 5).
    DaysBefore,
    /// One number of days overdue (1–365).
    DaysOverdue,
    /// Repeat every N days (1–90).
    Repeat,
    /// Nothing to set.
    None,
}

/// The largest offset accepted, in days before a deadline or between repeats.
pub const MAX_OFFSET: i32 = 90;
/// The largest escalation threshold, in days overdue.
pub const MAX_ESCALATION: i32 = 365;

/// Parses a list of days before a deadline: "7, 3, 1" → [1, 3, 7]. Refuses negative, zero,
/// absurd (over 90), repeated or more than five values, with a translation key.
pub fn parse_offsets(raw: &str) -> Result<Vec<i32>, &'static str> {
    let mut out = Vec::new();
    for part in raw
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let n: i32 = part.parse().map_err(|_| "reminder.err.offset_number")?;
        if !(1..=MAX_OFFSET).contains(&n) {
            return Err("reminder.err.offset_range");
        }
        if out.contains(&n) {
            return Err("reminder.err.offset_repeated");
        }
        out.push(n);
    }
    if out.is_empty() {
        return Err("reminder.err.offset_empty");
    }
    if out.len() > 5 {
        return Err("reminder.err.offset_many");
    }
    out.sort_unstable();
    Ok(out)
}

/// Parses one number of days within `1..=max`.
pub fn parse_days(raw: &str, max: i32) -> Result<i32, &'static str> {
    let n: i32 = raw
        .trim()
        .parse()
        .map_err(|_| "reminder.err.offset_number")?;
    if !(1..=max).contains(&n) {
        return Err("reminder.err.offset_range");
    }
    Ok(n)
}

/// The offsets as stored and shown: "7, 3, 1".
pub fn format_offsets(offsets: &[i32]) -> String {
    let mut v = offsets.to_vec();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

/// "Due in N days": with `days_left` ≥ 1, the smallest offset not below it (the window it is
/// in), if any. Offsets sorted ascending.
pub fn due_soon_step(days_left: i64, offsets: &[i32]) -> Option<i32> {
    if days_left < 1 {
        return None;
    }
    offsets
        .iter()
        .copied()
        .filter(|o| i64::from(*o) >= days_left)
        .min()
}

/// "Overdue, every N days": with `days_overdue` ≥ 1, the number of the repeat it is in (0 for
/// the first N days, 1 for the next N ...).
pub fn overdue_step(days_overdue: i64, repeat_days: i32) -> Option<i64> {
    if days_overdue < 1 {
        return None;
    }
    Some((days_overdue - 1) / i64::from(repeat_days.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_parsed_sorted_and_bad_ones_refused() {
        assert_eq!(parse_offsets("7, 3, 1"), Ok(vec![1, 3, 7]));
        assert_eq!(parse_offsets("14;2"), Ok(vec![2, 14]));
        assert_eq!(parse_offsets("-3"), Err("reminder.err.offset_range"));
        assert_eq!(parse_offsets("0"), Err("reminder.err.offset_range"));
        assert_eq!(parse_offsets("400"), Err("reminder.err.offset_range"));
        assert_eq!(parse_offsets("3, 3"), Err("reminder.err.offset_repeated"));
        assert_eq!(parse_offsets("ba"), Err("reminder.err.offset_number"));
        assert_eq!(parse_offsets(" "), Err("reminder.err.offset_empty"));
        assert_eq!(
            parse_offsets("1,2,3,4,5,6"),
            Err("reminder.err.offset_many")
        );
        assert_eq!(parse_days("14", MAX_ESCALATION), Ok(14));
        assert_eq!(parse_days("-1", 90), Err("reminder.err.offset_range"));
        assert_eq!(format_offsets(&[1, 3, 7]), "7, 3, 1");
    }

    #[test]
    fn a_due_soon_window_covers_the_days_up_to_its_offset() {
        let offsets = [1, 3, 7];
        let steps: Vec<Option<i32>> = (0..=9).map(|d| due_soon_step(d, &offsets)).collect();
        assert_eq!(
            steps,
            vec![
                None,
                Some(1),
                Some(3),
                Some(3),
                Some(7),
                Some(7),
                Some(7),
                Some(7),
                None,
                None
            ]
        );
    }

    #[test]
    fn overdue_repeats_every_n_days_from_the_first_day_late() {
        let steps: Vec<Option<i64>> = (0..=15).map(|d| overdue_step(d, 7)).collect();
        assert_eq!(steps[0], None);
        assert_eq!(steps[1], Some(0));
        assert_eq!(steps[7], Some(0));
        assert_eq!(steps[8], Some(1));
        assert_eq!(steps[15], Some(2));
    }

    #[test]
    fn codes_round_trip() {
        for r in RuleCode::ALL.into_iter().chain(RuleCode::EVENTS) {
            assert_eq!(RuleCode::parse(r.as_str()), Some(r));
        }
        assert_eq!(RuleCode::parse("nope"), None);
    }
}
