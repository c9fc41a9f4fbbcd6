//! A task's printed texts, checked once for every way a task is written (the form's create and
//! edit alike): too long is refused with a message on its field, never cut.

use super::form::clean_text;
use crate::error::AppError;

/// Shortest task text, in characters.
pub const TITLE_MIN: usize = 5;
/// Longest task text.
pub const TITLE_MAX: usize = 4000;
/// Longest heading ("II", "Cải cách thể chế" ...).
pub const HEADING_MAX: usize = 255;
/// Longest item number ("3", "2.1" ...).
pub const ITEM_NO_MAX: usize = 32;
/// Longest deadline as printed ("Quý II/2026", "Thường xuyên" ...).
pub const DUE_TEXT_MAX: usize = 128;
/// Longest expected output.
pub const OUTPUT_MAX: usize = 4000;

/// The texts of a task, within their limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskText {
    /// Heading as printed, trimmed.
    pub heading: String,
    /// Item number as printed, trimmed.
    pub item_no: String,
    /// The task, whitespace collapsed.
    pub title: String,
    /// Expected output, trimmed.
    pub expected_output: String,
}

impl TaskText {
    /// Checks the texts of a task form.
    pub fn parse(
        heading: &str,
        item_no: &str,
        title: &str,
        expected_output: &str,
    ) -> Result<TaskText, AppError> {
        let title = clean_text(
            "task_title",
            title,
            TITLE_MIN,
            TITLE_MAX,
            "err.task_title_length",
        )?;
        let heading = within("heading", heading, HEADING_MAX, "err.heading_length")?;
        let item_no = within("item_no", item_no, ITEM_NO_MAX, "err.item_no_length")?;
        let expected_output = within(
            "expected_output",
            expected_output,
            OUTPUT_MAX,
            "err.expected_output_length",
        )?;
        Ok(TaskText {
            heading,
            item_no,
            title,
            expected_output,
        })
    }
}

fn within(field: &str, raw: &str, max: usize, key: &str) -> Result<String, AppError> {
    let s = raw.trim();
    if s.chars().count() > max {
        Err(AppError::invalid(field, key))
    } else {
        Ok(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Invalid { field, .. } => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn texts_at_their_limits_are_kept_whole() {
        let t = TaskText::parse(
            &"H".repeat(HEADING_MAX),
            &"9".repeat(ITEM_NO_MAX),
            &"ư".repeat(TITLE_MAX),
            &"đ".repeat(OUTPUT_MAX),
        )
        .expect("at the limits");
        assert_eq!(t.heading.chars().count(), HEADING_MAX);
        assert_eq!(t.item_no.chars().count(), ITEM_NO_MAX);
        assert_eq!(t.title.chars().count(), TITLE_MAX);
        assert_eq!(t.expected_output.chars().count(), OUTPUT_MAX);
    }

    #[test]
    fn one_character_over_a_limit_is_refused_on_its_field() {
        let ok = "Rà soát thủ tục hành chính";
        let heading = "H".repeat(HEADING_MAX + 1);
        let item_no = "9".repeat(ITEM_NO_MAX + 1);
        let output = "đ".repeat(OUTPUT_MAX + 1);
        let title = "ư".repeat(TITLE_MAX + 1);
        let e = |r: Result<TaskText, AppError>| field_of(r.expect_err("refused"));
        assert_eq!(e(TaskText::parse(&heading, "", ok, "")), "heading");
        assert_eq!(e(TaskText::parse("", &item_no, ok, "")), "item_no");
        assert_eq!(e(TaskText::parse("", "", ok, &output)), "expected_output");
        assert_eq!(e(TaskText::parse("", "", &title, "")), "task_title");
        assert_eq!(e(TaskText::parse("", "", " ab ", "")), "task_title");
    }

    #[test]
    fn the_title_has_its_whitespace_collapsed_and_the_rest_is_trimmed() {
        let t =
            TaskText::parse(" II ", " 3 ", "  Rà   soát\n thủ tục ", " Báo cáo ").expect("valid");
        assert_eq!(t.heading, "II");
        assert_eq!(t.item_no, "3");
        assert_eq!(t.title, "Rà soát thủ tục");
        assert_eq!(t.expected_output, "Báo cáo");
    }
}
