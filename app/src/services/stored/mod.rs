//! Stored shapes: what the JSON columns hold (a submitted report's frozen figures, a compiled
//! province report's figures, a staged import's rows), apart from the shapes pages show.
//!
//! Each value is written as `{"v": N, "data": ...}` with its shape's version. Values written
//! before versions existed are plain JSON and read as version 0. A value that cannot be read is
//! an error the user sees and the log records; it is never replaced by something else (a
//! submitted report must say what it said).

pub mod import_rows;
pub mod report;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A versioned value as stored.
#[derive(Serialize)]
struct Envelope<'a, T> {
    v: u32,
    data: &'a T,
}

/// The stored form of `data` at `version`.
fn write<T: Serialize>(version: u32, data: &T) -> Result<String, AppError> {
    serde_json::to_string(&Envelope { v: version, data }).map_err(|e| {
        tracing::error!(error = %e, "cannot serialise a stored value");
        AppError::Internal
    })
}

/// A stored value's version and its data, not yet read as a shape.
fn open(json: &str) -> Result<(u32, serde_json::Value), serde_json::Error> {
    #[derive(Deserialize)]
    struct Versioned {
        v: u32,
        data: serde_json::Value,
    }
    let value: serde_json::Value = serde_json::from_str(json)?;
    match value {
        serde_json::Value::Object(ref o) if o.contains_key("v") && o.contains_key("data") => {
            let Versioned { v, data } = serde_json::from_value(value)?;
            Ok((v, data))
        }
        other => Ok((0, other)),
    }
}

/// Reads a stored value: `shape(version, data)` turns each known version into the current shape.
/// What cannot be read is logged with `what` and `id`, and refused with a message on `field`.
fn read<T>(
    json: &str,
    what: &'static str,
    id: i32,
    shape: impl FnOnce(u32, serde_json::Value) -> Result<T, String>,
) -> Result<T, AppError> {
    let result = open(json)
        .map_err(|e| e.to_string())
        .and_then(|(v, data)| shape(v, data));
    result.map_err(|e| {
        tracing::error!(what, id, error = %e, "a stored value cannot be read");
        AppError::conflict(what, "err.stored_unreadable")
    })
}

/// `data` read as the shape `T` (the versions whose JSON is the same shape).
fn as_shape<T: DeserializeOwned>(data: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(data).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_json_is_version_zero_and_an_envelope_gives_its_version() {
        assert_eq!(
            open(r#"{"a":1}"#).expect("json"),
            (0, serde_json::json!({"a": 1}))
        );
        assert_eq!(
            open(r#"{"v":3,"data":[1]}"#).expect("json"),
            (3, serde_json::json!([1]))
        );
        let written = write(1, &vec![1, 2]).expect("write");
        assert_eq!(
            open(&written).expect("json"),
            (1, serde_json::json!([1, 2]))
        );
    }

    #[test]
    fn an_unreadable_value_is_a_conflict_not_a_default() {
        let e = read::<u32>("{not json", "snapshot", 7, |_, d| as_shape(d)).expect_err("refused");
        assert_eq!(e, AppError::conflict("snapshot", "err.stored_unreadable"));
        let e = read::<u32>(r#"{"v":9,"data":1}"#, "snapshot", 7, |v, d| match v {
            0 | 1 => as_shape(d),
            other => Err(format!("unknown version {other}")),
        })
        .expect_err("unknown version");
        assert_eq!(e, AppError::conflict("snapshot", "err.stored_unreadable"));
    }
}
