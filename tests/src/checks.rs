//! The expectations a story states about an answer: its status (showing its text when it is
//! not the one expected), where it sends the browser, the words a page holds, the field a
//! refusal names.

use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::location;

/// The answer's JSON, once it is known to be 200 (the text is shown otherwise).
pub async fn ok(res: Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The answer's JSON as a `T`, once it is known to be 200 (the text is shown otherwise).
pub async fn ok_json<T: DeserializeOwned>(res: Response) -> T {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the JSON expected ({e}): {text}"))
}

/// A progress form was saved: the browser goes back to task `task`'s page, told so.
pub fn assert_progress_saved(res: &Response, task: i32) {
    assert_eq!(
        res.headers()["location"],
        format!("/tasks/{task}?ok=progress")
    );
}

/// The answer is a redirect (303) to `to`; `what` names it in the failure.
pub fn assert_redirect(res: &Response, to: &str, what: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{what}");
    assert_eq!(location(res), to, "{what}");
}

/// `text` (a page, a PDF's words) holds each of `expected`.
pub fn assert_contains_each(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "{e:?} missing from {text}");
    }
}

/// The text in `key` of each row of the JSON list `rows` that has one, in order.
pub fn texts<'a>(rows: &'a Value, key: &str) -> Vec<&'a str> {
    rows.as_array()
        .expect("a list")
        .iter()
        .filter_map(|row| row[key].as_str())
        .collect()
}

/// The audit entry `entry` records a change: its "before" holds `before` and its "after"
/// holds `after`.
pub fn assert_change(entry: &Value, before: &str, after: &str) {
    assert!(
        entry["before"].as_str().is_some_and(|b| b.contains(before)),
        "{entry}"
    );
    assert!(
        entry["after"].as_str().is_some_and(|a| a.contains(after)),
        "{entry}"
    );
}

/// The answer refuses the request as it stands (409) for `reason`.
pub async fn assert_conflict(res: Response, reason: &str) {
    assert_eq!(res.status(), StatusCode::CONFLICT, "{reason}");
    assert_eq!(crate::error_json(res).await["Conflict"]["reason"], reason);
}

/// The answer refuses the input (422) with exactly this field and reason.
pub async fn assert_invalid(res: Response, field: &str, reason: &str) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
    assert_eq!(
        crate::error_json(res).await,
        json!({ "Invalid": { "field": field, "reason": reason } })
    );
}

/// The answer refuses the input (422) on `field`, whatever the reason; returns the error.
pub async fn invalid_field(res: Response, field: &str) -> Value {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
    let e = crate::error_json(res).await;
    assert_eq!(e["Invalid"]["field"], field);
    e
}
