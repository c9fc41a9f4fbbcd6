//! A row's values in a backup: one JSON array a row, the same whichever database wrote it
//! (booleans as true/false, instants as RFC 3339 in UTC, days as `YYYY-MM-DD`), and back into
//! the values a database binds.

use anyhow::{anyhow, bail};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::Value;
use serde_json::Value as Json;

use super::schema::Kind;

/// The instant a database wrote, in the forms SQLite (RFC 3339; `CURRENT_TIMESTAMP`'s
/// `YYYY-MM-DD HH:MM:SS` in UTC) and PostgreSQL's JSON (with a `T` or a space, offset `+00:00`
/// or `+00`) give it.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f") {
        return Some(naive.and_utc());
    }
    let t = t.replacen(' ', "T", 1);
    // "+00" without minutes.
    let t = match t.rfind(['+', '-']) {
        Some(i) if i > 10 && t.len() - i == 3 => format!("{t}:00"),
        _ => t,
    };
    DateTime::parse_from_rfc3339(&t)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A value as the backup stores it: read from either database, written the same.
pub fn canonical(kind: Kind, value: Json) -> anyhow::Result<Json> {
    Ok(match (kind, value) {
        (_, Json::Null) => Json::Null,
        (Kind::Bool, Json::Number(n)) => Json::Bool(n.as_i64().unwrap_or(0) != 0),
        // 72 from one database, 72.0 from the other: one form.
        (Kind::Real, Json::Number(n)) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Json::Number(n), Json::Number),
        (Kind::Timestamp, Json::String(s)) => Json::String(
            instant(&s)
                .ok_or_else(|| anyhow!("not an instant: {s:?}"))?
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
        ),
        (_, v) => v,
    })
}

fn null(kind: Kind) -> Value {
    match kind {
        Kind::Int => Value::Int(None),
        Kind::BigInt => Value::BigInt(None),
        Kind::SmallInt => Value::SmallInt(None),
        Kind::Real => Value::Double(None),
        Kind::Text => Value::String(None),
        Kind::Bool => Value::Bool(None),
        Kind::Date => Value::ChronoDate(None),
        Kind::Timestamp => Value::ChronoDateTimeUtc(None),
    }
}

fn integer(value: &Json) -> Option<i64> {
    match value {
        Json::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Json::Bool(b) => Some(i64::from(*b)),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The value to bind for a column of `kind`.
pub fn bound(kind: Kind, value: &Json) -> anyhow::Result<Value> {
    if value.is_null() {
        return Ok(null(kind));
    }
    let wrong = || anyhow!("{value} is not a value of a {kind:?} column");
    Ok(match kind {
        Kind::Int => Value::Int(Some(
            i32::try_from(integer(value).ok_or_else(wrong)?).map_err(|_| wrong())?,
        )),
        Kind::SmallInt => Value::SmallInt(Some(
            i16::try_from(integer(value).ok_or_else(wrong)?).map_err(|_| wrong())?,
        )),
        Kind::BigInt => Value::BigInt(Some(integer(value).ok_or_else(wrong)?)),
        Kind::Real => Value::Double(Some(match value {
            Json::Number(n) => n.as_f64().ok_or_else(wrong)?,
            Json::String(s) => s.trim().parse().map_err(|_| wrong())?,
            _ => bail!(wrong()),
        })),
        Kind::Text => Value::String(Some(match value {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })),
        Kind::Bool => Value::Bool(Some(match value {
            Json::Bool(b) => *b,
            other => integer(other).ok_or_else(wrong)? != 0,
        })),
        Kind::Date => {
            let s = value.as_str().ok_or_else(wrong)?;
            Value::ChronoDate(Some(
                NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                    .map_err(|_| wrong())?,
            ))
        }
        Kind::Timestamp => {
            let s = value.as_str().ok_or_else(wrong)?;
            Value::ChronoDateTimeUtc(Some(instant(s).ok_or_else(wrong)?))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_databases_instants_read_as_one_form() {
        let sqlite = canonical(
            Kind::Timestamp,
            json!("2026-12-04T22:53:02.539403534+00:00"),
        )
        .expect("sqlite");
        assert_eq!(sqlite, json!("2026-12-04T22:53:02.539403534Z"));
        let pg = canonical(Kind::Timestamp, json!("2026-12-04T22:53:02.539403+00:00"))
            .expect("postgres");
        assert_eq!(pg, json!("2026-12-04T22:53:02.539403Z"));
        assert_eq!(
            canonical(Kind::Timestamp, json!("2026-12-04 22:53:02+00")).expect("short offset"),
            json!("2026-12-04T22:53:02Z")
        );
        assert_eq!(
            canonical(Kind::Timestamp, json!("2026-12-04 22:53:02")).expect("CURRENT_TIMESTAMP"),
            json!("2026-12-04T22:53:02Z")
        );
        assert!(canonical(Kind::Timestamp, json!("yesterday")).is_err());
    }

    #[test]
    fn sqlite_booleans_become_true_or_false() {
        assert_eq!(canonical(Kind::Bool, json!(1)).ok(), Some(json!(true)));
        assert_eq!(canonical(Kind::Bool, json!(0)).ok(), Some(json!(false)));
        assert_eq!(canonical(Kind::Int, json!(1)).ok(), Some(json!(1)));
        assert_eq!(canonical(Kind::Real, json!(72)).ok(), Some(json!(72.0)));
    }

    #[test]
    fn values_bind_as_their_columns_kind_and_wrong_ones_are_refused() {
        assert_eq!(bound(Kind::Int, &json!(7)).ok(), Some(Value::Int(Some(7))));
        assert_eq!(
            bound(Kind::Bool, &json!(1)).ok(),
            Some(Value::Bool(Some(true)))
        );
        assert_eq!(
            bound(Kind::Text, &json!(null)).ok(),
            Some(Value::String(None))
        );
        assert!(bound(Kind::Int, &json!(1u64 << 40)).is_err());
        assert!(bound(Kind::Date, &json!("05/12/2026")).is_err());
        assert!(bound(Kind::Int, &json!("bảy")).is_err());
    }
}
