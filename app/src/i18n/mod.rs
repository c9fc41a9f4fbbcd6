//! Translations. The texts live in `app/locales/*.json`; Vietnamese first, English second.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language code used in cookies, the database and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses a language code; anything unknown is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

fn load(json: &'static str) -> HashMap<String, String> {
    // The files are part of the build and checked by the tests below.
    serde_json::from_str(json).unwrap_or_default()
}

static VI: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../../locales/vi.json")));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../../locales/en.json")));

/// The text for `key` in `lang`, borrowed; falls back to Vietnamese, then to the key itself.
fn text(lang: Lang, key: &str) -> &str {
    let table = match lang {
        Lang::Vi => &*VI,
        Lang::En => &*EN,
    };
    table
        .get(key)
        .or_else(|| VI.get(key))
        .map_or(key, String::as_str)
}

/// The text for `key` in `lang`; falls back to Vietnamese, then to the key itself.
pub fn t(lang: Lang, key: &str) -> String {
    text(lang, key).to_string()
}

/// The text for `key` only when `key` is one of the application's own messages: for keys that
/// arrive from outside (a `?err=` in a link), so that a crafted link cannot put its own words
/// on the province's page.
pub fn known(lang: Lang, key: &str) -> Option<String> {
    VI.contains_key(key).then(|| t(lang, key))
}

/// `t` with `{name}` placeholders filled in, in one pass over the text: a value is put in as
/// it is (a task title that contains "{unit}" stays so), and a placeholder without a value is
/// left in the text.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let template = text(lang, key);
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words for an audit-log action code ("task.progress" → "Cập nhật tiến độ"); an unknown
/// code is shown as it is.
pub fn action(lang: Lang, code: &str) -> String {
    let key = format!("act.{code}");
    let table = match lang {
        Lang::Vi => &*VI,
        Lang::En => &*EN,
    };
    table
        .get(&key)
        .or_else(|| VI.get(&key))
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// Formats a date the Vietnamese way, dd/mm/yyyy (used in both languages).
pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // As `%d/%m/%Y` gives it, without parsing a format string for every date of a list.
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A number with at most one decimal: "45,5" in Vietnamese, "45.5" in English; "60" for 60.0.
pub fn num1(lang: Lang, v: f64) -> String {
    let s = format!("{:.1}", (v * 10.0).round() / 10.0);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Formats a UTC instant in Vietnam's time (UTC+7), dd/mm/yyyy HH:MM.
pub fn datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let local = crate::domain::calendar::local_time(t);
    format!(
        "{} {:02}:{:02}",
        date(local.date_naive()),
        local.hour(),
        local.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The path and text of every file under `dir` of this crate.
    fn source_texts(dir: &str) -> Vec<(std::path::PathBuf, String)> {
        let mut texts = Vec::new();
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    texts.push((path, text));
                }
            }
        }
        texts
    }

    fn keys(json: &str) -> BTreeSet<String> {
        let map: HashMap<String, String> = serde_json::from_str(json).expect("locale file parses");
        map.into_keys().collect()
    }

    #[test]
    fn both_languages_have_exactly_the_same_keys() {
        let vi = keys(include_str!("../../locales/vi.json"));
        let en = keys(include_str!("../../locales/en.json"));
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "only vi: {only_vi:?}, only en: {only_en:?}"
        );
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let vi = keys(include_str!("../../locales/vi.json"));
        let mut missing = BTreeSet::new();
        for (path, text) in source_texts("src") {
            for piece in text.split('"').skip(1).step_by(2) {
                let looks_like_key = piece.split('.').count() >= 2
                    && piece.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                    })
                    && [
                        "err.",
                        "nav.",
                        "role.",
                        "unit_kind.",
                        "login.",
                        "home.",
                        "units.",
                        "users.",
                        "audit.",
                        "common.",
                        "page.",
                        "field.",
                        "app.",
                        "class.",
                        "task_state.",
                        "deadline_kind.",
                        "plan_kind.",
                        "plan_status.",
                        "direction.",
                        "period.",
                        "plans.",
                        "my.",
                        "export.",
                        "files.",
                        "update_kind.",
                        "import.err_",
                        "task.col_",
                        "plan.filter_",
                        "report.",
                        "board.",
                        "report_event.",
                        "notif.",
                        "mail.",
                        "reminder.",
                        "rule.",
                        "outbox.",
                        "dash.",
                        "extreq.",
                    ]
                    .iter()
                    .any(|p| piece.starts_with(p));
                if looks_like_key && !vi.contains(piece) {
                    missing.insert(format!("{piece} ({})", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not translated: {missing:#?}"
        );
    }

    #[test]
    fn every_audit_action_has_words() {
        // The action codes written to the audit log: the string literals of the first lines of
        // each `audit::Change::new(...)` or `Change::without_id(...)` (the code is its first
        // argument, sometimes chosen by an `if` or a `match`).
        let mut codes = BTreeSet::new();
        for (_, text) in source_texts("src/services") {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !line.contains("Change::new(") && !line.contains("Change::without_id(") {
                    continue;
                }
                for next in lines.iter().skip(i).take(9) {
                    for piece in next.split('"').skip(1).step_by(2) {
                        if piece.contains('.')
                            && piece
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                        {
                            codes.insert(piece.to_string());
                        }
                    }
                }
            }
        }
        assert!(codes.len() > 20, "found only {codes:?}");
        assert!(codes.contains("task.progress") && codes.contains("unit_report.return"));
        for code in &codes {
            for lang in [Lang::Vi, Lang::En] {
                assert_ne!(action(lang, code), *code, "no words for {code} in {lang:?}");
            }
        }
        assert_eq!(action(Lang::Vi, "task.extend"), "Gia hạn nhiệm vụ");
        assert_eq!(action(Lang::En, "no.such"), "no.such");
    }

    #[test]
    fn vietnamese_is_the_default_and_placeholders_fill() {
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(t(Lang::Vi, "nav.home"), "Trang chủ");
        assert_eq!(t(Lang::En, "nav.home"), "Home");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
        assert_eq!(
            tf(Lang::Vi, "err.too_many_attempts_wait", &[("minutes", "3")]),
            "Vui lòng thử lại sau 3 phút."
        );
    }

    #[test]
    fn values_go_in_as_they_are() {
        // A title that looks like a placeholder is not filled in again.
        assert_eq!(
            tf(
                Lang::Vi,
                "notif.task.body",
                &[
                    ("title", "Rà soát {unit} và {x"),
                    ("unit", "Sở Tư pháp"),
                    ("due", "05/04/2025"),
                    ("plan", "12/KH-UBND"),
                ]
            ),
            "Rà soát {unit} và {x. Đơn vị chủ trì: Sở Tư pháp. Hạn hoàn thành: 05/04/2025. Kế hoạch số 12/KH-UBND."
        );
        // A placeholder without a value stays; an unknown key is its own text.
        assert_eq!(
            tf(Lang::Vi, "mail.greeting", &[]),
            "Kính gửi đồng chí {name},"
        );
        assert_eq!(tf(Lang::En, "no.{such}", &[("such", "x")]), "no.x");
    }

    #[test]
    fn dates_are_day_month_year() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 4, 5).expect("date");
        assert_eq!(date(d), "05/04/2025");
        let t = chrono::DateTime::parse_from_rfc3339("2025-04-05T17:03:00Z")
            .expect("instant")
            .with_timezone(&chrono::Utc);
        assert_eq!(datetime(t), "06/04/2025 00:03");
    }
}
