//! Reads the "Thời gian hoàn thành" (completion time) column of a plan's task table into a
//! [`Deadline`]: "Thường xuyên", "Quý II/2025", "Tháng 6/2025", "Trước ngày 30/6/2025",
//! "6 tháng đầu năm 2025", "Năm 2025", an ISO date from a spreadsheet cell, and so on.
//!
//! Matching ignores case, Vietnamese accents, spacing and trailing dots.

use chrono::NaiveDate;

use super::task::{Deadline, DeadlineKind};

/// Phrases (accents folded) meaning the task has no single due date.
const ONGOING_PHRASES: [&str; 6] = [
    "thuong xuyen",
    "lien tuc",
    "hang nam",
    "hang quy",
    "hang thang",
    "hang tuan",
];

/// Words that carry no meaning for the date ("trước ngày", "chậm nhất", "hoàn thành", ...).
const FILLER_WORDS: [&str; 12] = [
    "truoc", "ngay", "trong", "den", "het", "han", "cham", "nhat", "hoan", "thanh", "vao", "toi",
];

/// Parses a completion-time cell. `default_year` (usually the plan's year) fills in a
/// missing year, as in "Quý I" or "Trước ngày 30/6".
///
/// - "Thường xuyên", "Liên tục", "Hằng năm"/"Hàng năm" (and "hằng quý", "hằng tháng",
///   "hằng tuần"), anywhere in the text → ongoing;
/// - "Quý II/2025", "Quý 2 năm 2025", "quý iv - 2025" → quarter, due on its last day;
/// - "Tháng 6/2025", "tháng 06 năm 2025", "06/2025" → month, due on its last day;
/// - "Trước ngày 30/6/2025", "30-6-2025", "30.6.2025", "ngày 30 tháng 6 năm 2025",
///   "2025-06-30", "2025-06-30 00:00:00" → that date;
/// - "6 tháng đầu năm 2025" → 30/6/2025 (N tháng đầu năm → end of month N);
///   "6 tháng cuối năm 2025" → 31/12/2025;
/// - "Năm 2025", "Trong năm 2025", "2025" → 31/12/2025 ("Trong năm": the default year's end).
///
/// Errors (translation keys): `err.deadline_text_empty` for blank text,
/// `err.deadline_text_year` when the text has no year and there is no default year,
/// `err.deadline_text_invalid` for anything else, impossible dates included.
pub fn parse_completion_time(
    text: &str,
    default_year: Option<i32>,
) -> Result<Deadline, &'static str> {
    let folded = fold(text);
    let words = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() && folded.chars().all(|c| c.is_whitespace() || c == '.') {
        return Err("err.deadline_text_empty");
    }
    let padded = format!(" {words} ");
    if ONGOING_PHRASES
        .iter()
        .any(|p| padded.contains(&format!(" {p} ")))
    {
        return Ok(Deadline::ongoing());
    }

    let tokens = clean(tokenize(&folded));
    if tokens.is_empty() {
        return Err("err.deadline_text_invalid");
    }
    let shape = shape(&tokens).ok_or("err.deadline_text_invalid")?;
    resolve(shape, default_year)
}

/// Lower-cases `text` and strips Vietnamese diacritics (precomposed or combining); đ → d.
fn fold(text: &str) -> String {
    const TABLE: [(char, &str); 12] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
        // Letters some fonts or keyboards produce in place of the Vietnamese ones.
        ('a', "äåāą"),
        ('e', "ëēę"),
        ('i', "îïī"),
        ('o', "öøō"),
        ('u', "ûüū"),
    ];
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            TABLE
                .iter()
                .find(|(_, variants)| variants.contains(c))
                .map_or(c, |(base, _)| *base)
        })
        .collect()
}

/// A piece of folded text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// A run of ASCII letters.
    Word(String),
    /// A run of ASCII digits, kept as text so that huge numbers cannot overflow.
    Num(String),
    /// A separator: `/`, `-`, `.`, `:`, `,` or `;` (dashes of every width become `-`).
    Sep(char),
    /// Anything else; always makes the text invalid.
    Other,
}

fn tokenize(folded: &str) -> Vec<Tok> {
    let mut tokens = Vec::new();
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_alphabetic() || c.is_ascii_digit() {
            let alpha = c.is_ascii_alphabetic();
            let mut run = String::from(c);
            while let Some(&n) = chars.peek() {
                if (alpha && n.is_ascii_alphabetic()) || (!alpha && n.is_ascii_digit()) {
                    run.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(if alpha { Tok::Word(run) } else { Tok::Num(run) });
            continue;
        }
        tokens.push(match c {
            '/' | '\\' | '-' | '.' | ':' | ',' | ';' => Tok::Sep(if c == '\\' { '/' } else { c }),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => Tok::Sep('-'),
            _ => Tok::Other,
        });
    }
    tokens
}

/// Drops filler words, a leading "cuối" ("cuối quý II" is the quarter's end anyway),
/// trailing punctuation, and splits words glued to a roman numeral ("quyii" → "quy ii").
fn clean(tokens: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(tokens.len());
    for t in tokens {
        match t {
            Tok::Word(w) if FILLER_WORDS.contains(&w.as_str()) => {}
            Tok::Word(w) => match w.strip_prefix("quy").filter(|r| roman(r).is_some()) {
                Some(rest) => {
                    out.push(Tok::Word("quy".into()));
                    out.push(Tok::Word(rest.into()));
                }
                None => out.push(Tok::Word(w)),
            },
            other => out.push(other),
        }
    }
    if matches!(out.first(), Some(Tok::Word(w)) if w == "cuoi") {
        out.remove(0);
    }
    while matches!(out.last(), Some(Tok::Sep('.' | ',' | ';'))) {
        out.pop();
    }
    while matches!(out.first(), Some(Tok::Sep('-' | ':'))) {
        out.remove(0);
    }
    out
}

/// The value of a quarter numeral, roman or arabic.
fn roman(s: &str) -> Option<u32> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// A small number (at most 2 digits).
fn small(t: &Tok) -> Option<u32> {
    match t {
        Tok::Num(n) if n.len() <= 2 => n.parse().ok(),
        _ => None,
    }
}

/// A four-digit year.
fn year(t: &Tok) -> Option<i32> {
    match t {
        Tok::Num(n) if n.len() == 4 => n.parse().ok(),
        _ => None,
    }
}

fn is_word(t: &Tok, w: &str) -> bool {
    matches!(t, Tok::Word(x) if x == w)
}

fn is_date_sep(t: &Tok) -> bool {
    matches!(t, Tok::Sep('/' | '-' | '.'))
}

/// What the text says, before the year is filled in and the date checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Quarter(u32, Option<i32>),
    Month(u32, Option<i32>),
    Day(u32, u32, Option<i32>),
    /// "N tháng đầu năm": the end of month N.
    FirstMonths(u32, Option<i32>),
    /// "N tháng cuối năm", "Năm 2025": the end of the year.
    YearEnd(Option<i32>),
}

/// Reads an optional year at the end: nothing, or up to one date separator and/or
/// the word "năm", then a four-digit year.
fn tail_year(rest: &[Tok]) -> Option<Option<i32>> {
    let mut i = 0;
    if rest.get(i).is_some_and(is_date_sep) {
        i += 1;
    }
    if rest.get(i).is_some_and(|t| is_word(t, "nam")) {
        i += 1;
    }
    match &rest[i..] {
        [] => Some(None),
        [y] => year(y).map(Some),
        _ => None,
    }
}

fn shape(tokens: &[Tok]) -> Option<Shape> {
    match tokens {
        [Tok::Word(w), q, rest @ ..] if w == "quy" || w == "q" => {
            let q = match q {
                Tok::Word(r) | Tok::Num(r) => roman(r)?,
                _ => return None,
            };
            Some(Shape::Quarter(q, tail_year(rest)?))
        }
        [Tok::Word(w), m, rest @ ..] if w == "thang" => {
            Some(Shape::Month(small(m)?, tail_year(rest)?))
        }
        // "Năm 2025"; a bare "Năm" ("Trong năm") takes the default year.
        [Tok::Word(w), rest @ ..] if w == "nam" => match rest {
            [] => Some(Shape::YearEnd(None)),
            [y] => Some(Shape::YearEnd(Some(year(y)?))),
            _ => None,
        },
        [n, Tok::Word(w), rest @ ..] if w == "thang" => {
            let n = small(n)?;
            match rest {
                [Tok::Word(p), tail @ ..] if p == "dau" || p == "cuoi" => {
                    let y = match tail {
                        [] => None,
                        [nam, tail @ ..] if is_word(nam, "nam") => match tail {
                            [] => None,
                            [y] => Some(year(y)?),
                            _ => return None,
                        },
                        _ => return None,
                    };
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    Some(if p == "dau" {
                        Shape::FirstMonths(n, y)
                    } else {
                        Shape::YearEnd(y)
                    })
                }
                // "30 tháng 6 năm 2025", "30 tháng 6/2025", "30 tháng 6".
                [m, tail @ ..] => Some(Shape::Day(n, small(m)?, tail_year(tail)?)),
                [] => None,
            }
        }
        [y] => Some(Shape::YearEnd(Some(year(y)?))),
        // "06/2025" (month) or "30/6" (day, default year).
        [a, s, b] if is_date_sep(s) => match year(b) {
            Some(y) => Some(Shape::Month(small(a)?, Some(y))),
            None => Some(Shape::Day(small(a)?, small(b)?, None)),
        },
        [a, s1, b, s2, c, time @ ..] if is_date_sep(s1) && is_date_sep(s2) => {
            if let Some(y) = year(a) {
                // ISO "2025-06-30", possibly followed by a time of day.
                if !is_time(time) {
                    return None;
                }
                Some(Shape::Day(small(c)?, small(b)?, Some(y)))
            } else if time.is_empty() {
                Some(Shape::Day(small(a)?, small(b)?, Some(year(c)?)))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether `tokens` is empty or a time of day such as "00:00:00", "T00:00" or "00:00:00.000".
fn is_time(tokens: &[Tok]) -> bool {
    let tokens = match tokens {
        [t, rest @ ..] if is_word(t, "t") => rest,
        _ => tokens,
    };
    match tokens {
        [] => true,
        [h, Tok::Sep(':'), m, rest @ ..] if small(h).is_some() && small(m).is_some() => {
            match rest {
                [] => true,
                [Tok::Sep(':'), s] => small(s).is_some(),
                [Tok::Sep(':'), s, Tok::Sep('.'), Tok::Num(_)] => small(s).is_some(),
                _ => false,
            }
        }
        _ => false,
    }
}

fn resolve(shape: Shape, default_year: Option<i32>) -> Result<Deadline, &'static str> {
    let pick = |y: Option<i32>| y.or(default_year).ok_or("err.deadline_text_year");
    let (kind, due) = match shape {
        Shape::Quarter(q, y) => (
            DeadlineKind::Quarter,
            Deadline::end_of_quarter(pick(y)?, q).and_then(|dl| dl.due_on),
        ),
        Shape::Month(m, y) => (
            DeadlineKind::Month,
            Deadline::end_of_month(pick(y)?, m).and_then(|dl| dl.due_on),
        ),
        Shape::Day(d, m, y) => (DeadlineKind::Date, NaiveDate::from_ymd_opt(pick(y)?, m, d)),
        Shape::FirstMonths(n, y) => (
            DeadlineKind::Date,
            Deadline::end_of_month(pick(y)?, n).and_then(|dl| dl.due_on),
        ),
        Shape::YearEnd(y) => (
            DeadlineKind::Date,
            NaiveDate::from_ymd_opt(pick(y)?, 12, 31),
        ),
    };
    // An impossible date (31/2, month 13, quarter 5, a year out of range) leaves `due` empty.
    Deadline::new(kind, due).map_err(|_| "err.deadline_text_invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn check(cases: &[(&str, Option<i32>, Result<Deadline, &'static str>)]) {
        for (text, default_year, expected) in cases {
            assert_eq!(
                parse_completion_time(text, *default_year),
                *expected,
                "text {text:?}, default year {default_year:?}"
            );
        }
    }

    #[test]
    fn accent_folding_lowers_and_strips_every_vietnamese_mark() {
        assert_eq!(fold("Thường Xuyên"), "thuong xuyen");
        assert_eq!(fold("QUÝ II NĂM"), "quy ii nam");
        assert_eq!(fold("Đầu Đến đ"), "dau den d");
        assert_eq!(
            fold("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"),
            format!(
                "{}{}{}{}{}{}d",
                "a".repeat(17),
                "e".repeat(11),
                "i".repeat(5),
                "o".repeat(17),
                "u".repeat(11),
                "y".repeat(5)
            )
        );
        assert_eq!(
            fold("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"),
            fold("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
        );
        // Decomposed: "Quý" as Q u y + combining acute; "thường" with combining horn and grave.
        assert_eq!(fold("Quy\u{301}"), "quy");
        assert_eq!(fold("thu\u{31b}o\u{31b}\u{300}ng"), "thuong");
    }

    #[test]
    fn ongoing_phrases_give_an_ongoing_deadline() {
        let ongoing = Ok(Deadline::ongoing());
        check(&[
            ("Thường xuyên", None, ongoing),
            ("thuong xuyen", None, ongoing),
            ("THƯỜNG XUYÊN.", None, ongoing),
            ("  Thường   xuyên  ", Some(2025), ongoing),
            ("Thu\u{31b}o\u{31b}\u{300}ng xuye\u{302}n", None, ongoing),
            ("Hằng năm", None, ongoing),
            ("Hàng năm", None, ongoing),
            ("hang nam", None, ongoing),
            ("Liên tục", None, ongoing),
            ("Hằng quý", None, ongoing),
            ("Hằng tháng", None, ongoing),
            ("Thường xuyên, hằng năm", None, ongoing),
            ("Thường xuyên; báo cáo trước 15/12", None, ongoing),
        ]);
    }

    #[test]
    fn quarters_are_due_on_their_last_day() {
        let q = |y, m, day| Ok(Deadline::quarter(d(y, m, day)));
        check(&[
            ("Quý II/2025", None, q(2025, 6, 30)),
            ("Quý 2/2025", None, q(2025, 6, 30)),
            ("Quý II năm 2025", None, q(2025, 6, 30)),
            ("quý iv - 2025", None, q(2025, 12, 31)),
            ("QUÝ IV/2025.", None, q(2025, 12, 31)),
            ("Quy III/2025", None, q(2025, 9, 30)),
            ("Quý I", Some(2026), q(2026, 3, 31)),
            ("Quý 1", Some(2026), q(2026, 3, 31)),
            ("Trong quý III năm 2025", None, q(2025, 9, 30)),
            ("Quý  II / 2025", None, q(2025, 6, 30)),
            ("Quý II - năm 2025", None, q(2025, 6, 30)),
            ("Quý II 2025", None, q(2025, 6, 30)),
            ("QuýII/2025", None, q(2025, 6, 30)),
            ("Quý2/2025", None, q(2025, 6, 30)),
            ("Q2/2025", None, q(2025, 6, 30)),
            ("Cuối quý II/2025", None, q(2025, 6, 30)),
            ("Quý II năm", Some(2025), q(2025, 6, 30)),
            ("Qu\u{fd} IV/2024", None, q(2024, 12, 31)),
        ]);
    }

    #[test]
    fn months_are_due_on_their_last_day() {
        let m = |y, mo, day| Ok(Deadline::month(d(y, mo, day)));
        check(&[
            ("Tháng 6/2025", None, m(2025, 6, 30)),
            ("Tháng 6 năm 2025", None, m(2025, 6, 30)),
            ("tháng 06/2025", None, m(2025, 6, 30)),
            ("Tháng 6", Some(2025), m(2025, 6, 30)),
            ("06/2025", None, m(2025, 6, 30)),
            ("6/2025", None, m(2025, 6, 30)),
            ("THANG 12/2025.", None, m(2025, 12, 31)),
            ("Tháng 2/2024", None, m(2024, 2, 29)),
            ("Tháng 2/2025", None, m(2025, 2, 28)),
            ("Tháng 2", Some(2028), m(2028, 2, 29)),
            ("02-2025", None, m(2025, 2, 28)),
            ("Trong tháng 1/2026", None, m(2026, 1, 31)),
            ("Tháng 6-2025", None, m(2025, 6, 30)),
        ]);
    }

    #[test]
    fn dates_are_read_day_first() {
        let day = |y, mo, dd| Ok(Deadline::date(d(y, mo, dd)));
        check(&[
            ("Trước ngày 30/6/2025", None, day(2025, 6, 30)),
            ("Trước 30/06/2025", None, day(2025, 6, 30)),
            ("Ngày 15/3/2025", None, day(2025, 3, 15)),
            ("30/6/2025", None, day(2025, 6, 30)),
            ("30-6-2025", None, day(2025, 6, 30)),
            ("30.6.2025", None, day(2025, 6, 30)),
            ("30.6.2025.", None, day(2025, 6, 30)),
            ("Trước ngày 30/6", Some(2025), day(2025, 6, 30)),
            ("trước ngày 30 tháng 6 năm 2025", None, day(2025, 6, 30)),
            ("TRUOC NGAY 30 THANG 6 NAM 2025", None, day(2025, 6, 30)),
            ("Ngày 30 tháng 6", Some(2025), day(2025, 6, 30)),
            ("Chậm nhất ngày 15/12/2025", None, day(2025, 12, 15)),
            ("Hoàn thành trước ngày 29/2/2024", None, day(2024, 2, 29)),
            ("trước  ngày   1 / 7 / 2025", None, day(2025, 7, 1)),
            ("30 – 6 – 2025", None, day(2025, 6, 30)),
        ]);
    }

    #[test]
    fn half_years_and_whole_years_are_read_as_dates() {
        let day = |y, mo, dd| Ok(Deadline::date(d(y, mo, dd)));
        check(&[
            ("6 tháng đầu năm 2025", None, day(2025, 6, 30)),
            ("6 tháng cuối năm 2025", None, day(2025, 12, 31)),
            ("6 tháng đầu năm", Some(2026), day(2026, 6, 30)),
            ("6 thang cuoi nam", Some(2026), day(2026, 12, 31)),
            ("9 tháng đầu năm 2025", None, day(2025, 9, 30)),
            ("Năm 2025", None, day(2025, 12, 31)),
            ("năm 2025.", None, day(2025, 12, 31)),
            ("2025", None, day(2025, 12, 31)),
            ("Trong năm 2025", None, day(2025, 12, 31)),
            ("Cuối năm 2025", None, day(2025, 12, 31)),
            ("Trong năm", Some(2025), day(2025, 12, 31)),
        ]);
    }

    #[test]
    fn spreadsheet_iso_dates_are_accepted() {
        let day = |y, mo, dd| Ok(Deadline::date(d(y, mo, dd)));
        check(&[
            ("2025-06-30", None, day(2025, 6, 30)),
            ("2025-06-30 00:00:00", None, day(2025, 6, 30)),
            ("2025-06-30T00:00:00", None, day(2025, 6, 30)),
            ("2025-06-30 00:00:00.000", None, day(2025, 6, 30)),
            ("2025-06-30 00:00", None, day(2025, 6, 30)),
            ("2024-02-29", None, day(2024, 2, 29)),
        ]);
    }

    #[test]
    fn blank_text_is_reported_as_empty() {
        let empty = Err("err.deadline_text_empty");
        check(&[
            ("", None, empty),
            ("   ", Some(2025), empty),
            ("\t\n", None, empty),
            (" . ", None, empty),
        ]);
    }

    #[test]
    fn a_missing_year_without_a_default_is_reported() {
        let no_year = Err("err.deadline_text_year");
        check(&[
            ("Quý I", None, no_year),
            ("Tháng 6", None, no_year),
            ("Trước ngày 30/6", None, no_year),
            ("6 tháng đầu năm", None, no_year),
            ("ngày 30 tháng 6", None, no_year),
            ("Trong năm", None, no_year),
        ]);
    }

    #[test]
    fn impossible_or_unknown_text_is_invalid() {
        let invalid = Err("err.deadline_text_invalid");
        check(&[
            ("31/2/2025", None, invalid),
            ("29/2/2025", None, invalid),
            ("Trước ngày 31/2", Some(2025), invalid),
            ("Quý V/2025", None, invalid),
            ("Quý 5/2025", None, invalid),
            ("Quý 0/2025", None, invalid),
            ("Tháng 13/2025", None, invalid),
            ("Tháng 0/2025", None, invalid),
            ("13/2025", None, invalid),
            ("32/1/2025", None, invalid),
            ("30/6/25", None, invalid),
            ("2025-13-01", None, invalid),
            ("2025-06-30 noon", None, invalid),
            ("13 tháng đầu năm 2025", None, invalid),
            ("Sớm nhất có thể", None, invalid),
            ("Quý II, III/2025", None, invalid),
            ("Đầu quý II/2025", None, invalid),
            ("20250", None, invalid),
            ("Quý II/2025 (tháng 6)", None, invalid),
        ]);
    }

    #[test]
    fn odd_input_never_panics() {
        let long = "Quý II/2025 ".repeat(10_000);
        let digits = "9".repeat(100_000);
        let odd: Vec<String> = [
            "Quý /",
            "tháng",
            "////",
            "Quý 99999999999999999999/2025",
            "Tháng 99999999999999999999/2025",
            "99999999999999999999/99999999999999999999/99999999999999999999",
            "9999-99-99 99:99:99",
            "0000-00-00",
            "0/0/0000",
            "📅 30/6/2025",
            "🎉",
            "\u{0}",
            "quý\u{301}\u{301}\u{301}",
            "-",
            ":",
            "năm năm năm",
            "6 tháng",
            "6 tháng đầu",
            "6 tháng đầu năm 99999999999999999999",
            "t",
            "2025-06-30 t",
            "ǅ ß İ ﬃ",
            long.as_str(),
            digits.as_str(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for text in &odd {
            for default_year in [None, Some(2025), Some(i32::MAX), Some(i32::MIN)] {
                let result = parse_completion_time(text, default_year);
                assert!(result.is_ok() || result.is_err());
            }
        }
        assert_eq!(
            parse_completion_time("Quý 99999999999999999999/2025", None),
            Err("err.deadline_text_invalid")
        );
        assert_eq!(
            parse_completion_time("📅 30/6/2025", None),
            Err("err.deadline_text_invalid")
        );
        assert_eq!(
            parse_completion_time("Quý I", Some(i32::MAX)),
            Err("err.deadline_text_invalid")
        );
    }
}
