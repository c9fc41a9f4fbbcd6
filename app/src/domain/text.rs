//! Matching unit names written in free text (plans, imported tables) to unit records.
//!
//! Plans name units loosely: with or without accents, in any case, with odd spacing and
//! punctuation, with or without the "UBND" / "Sở" prefix, several to a cell ("Sở Tư pháp,
//! Sở Tài chính và các cơ quan liên quan"), or as group phrases ("các sở, ban, ngành").
//! Everything here compares [`fold`]ed text.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::unit::UnitGroup;
use super::UnitId;

/// Folds text for comparison: lower case, Vietnamese diacritics removed (đ → d), combining
/// marks (U+0300–U+036F, decomposed input) dropped, every run of non-alphanumeric characters
/// turned into one space, trimmed.
///
/// `fold("  Sở  Tư pháp ") == "so tu phap"`, `fold("UBND xã Tân-Phú") == "ubnd xa tan phu"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let c = base_letter(c);
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The ASCII base letter of a lower-case Vietnamese letter; any other character unchanged.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    }
}

/// One unit as the matcher knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitName {
    /// The unit's record id.
    pub id: UnitId,
    /// Every name the unit goes by: full name, short name, code.
    pub names: Vec<String>,
    /// The unit's family, used for group phrases.
    pub group: UnitGroup,
}

/// What a "Cơ quan chủ trì" / "Cơ quan phối hợp" cell names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedUnits {
    /// Matched unit ids, distinct, in the order they appear.
    pub units: Vec<UnitId>,
    /// Group phrases found ("các sở, ban, ngành"), distinct, in order.
    pub groups: Vec<UnitGroup>,
    /// Original text (trimmed) of the pieces that matched nothing.
    pub unknown: Vec<String>,
}

/// Longest run of comma / "và" separated sub-pieces tried as one name.
const MAX_RUN: usize = 8;
/// Longest part of a cell that [`UnitMatcher::resolve_list`] resolves (a list of thirty
/// units is about a thousand bytes); bounds the work on hostile input.
pub const MAX_CELL_BYTES: usize = 4000;

/// Matches free-text unit names against a list of units.
#[derive(Clone, Debug, Default)]
pub struct UnitMatcher {
    /// Folded name ("ủy ban nhân dân" spelt "ubnd") → ids of the units with that name.
    exact: HashMap<String, Vec<UnitId>>,
    /// Canonical key (prefixes "UBND" / "Sở" dropped) → ids.
    loose: HashMap<String, Vec<UnitId>>,
    /// Every unit with its group, in the given order.
    members: Vec<(UnitId, UnitGroup)>,
}

/// What a piece of a cell turned out to be.
#[derive(Clone, Copy)]
enum Hit {
    Unit(UnitId),
    Group(UnitGroup),
    Ignore,
}

impl UnitMatcher {
    /// Builds the matcher; names that fold to nothing are ignored.
    pub fn new(units: Vec<UnitName>) -> Self {
        let mut matcher = Self::default();
        for unit in units {
            for name in &unit.names {
                let folded = fold(name);
                if folded.is_empty() {
                    continue;
                }
                push_distinct(
                    matcher.loose.entry(canonical(&folded)).or_default(),
                    unit.id,
                );
                push_distinct(
                    matcher.exact.entry(exact_key(&folded)).or_default(),
                    unit.id,
                );
            }
            if !matcher.members.iter().any(|(id, _)| *id == unit.id) {
                matcher.members.push((unit.id, unit.group));
            }
        }
        matcher
    }

    /// The unit named by `text`: an exact match on folded names first ("Ủy ban nhân dân" and
    /// "UBND" are the same spelling), then a match that
    /// ignores a leading "UBND" / "Ủy ban nhân dân" or "Sở". `None` when nothing matches or
    /// when two units match equally well.
    pub fn find(&self, text: &str) -> Option<UnitId> {
        self.find_folded(&fold(text))
    }

    fn find_folded(&self, folded: &str) -> Option<UnitId> {
        if folded.is_empty() {
            return None;
        }
        if let Some(ids) = self.exact.get(&exact_key(folded)) {
            return single(ids);
        }
        self.loose
            .get(&canonical(folded))
            .and_then(|ids| single(ids))
    }

    /// The units of a group, in the order given to [`UnitMatcher::new`].
    pub fn group_members(&self, group: UnitGroup) -> Vec<UnitId> {
        self.members
            .iter()
            .filter(|(_, g)| *g == group)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Resolves a cell that may name several units, group phrases and vague phrases
    /// ("các cơ quan liên quan", ignored).
    ///
    /// The cell is split on ';', '+', bullets and line breaks; within a piece, commas and "và"
    /// may belong to a name ("Sở Văn hóa, Thể thao và Du lịch"), so the longest run of
    /// consecutive comma/"và" separated sub-pieces that matches something wins; a sub-piece
    /// matching nothing even alone is reported as unknown.
    ///
    /// Only the first [`MAX_CELL_BYTES`] bytes are resolved (cut at a separator); the rest,
    /// if any, is reported as one unknown entry (its first 80 characters and "…").
    pub fn resolve_list(&self, cell: &str) -> ResolvedUnits {
        let mut out = ResolvedUnits::default();
        let (head, overflow) = split_at_limit(cell);
        for piece in split_pieces(head) {
            self.resolve_piece(piece, &mut out);
        }
        let overflow = clean_unknown(overflow);
        if !overflow.is_empty() {
            let mut shown: String = overflow.chars().take(80).collect();
            if shown.len() < overflow.len() {
                shown.push('…');
            }
            out.unknown.push(shown);
        }
        out
    }

    fn resolve_piece(&self, piece: &str, out: &mut ResolvedUnits) {
        if let Some(hit) = self.classify(piece) {
            record(hit, out);
            return;
        }
        let spans = sub_spans(piece);
        let mut i = 0;
        while i < spans.len() {
            let longest = (i + 1..=spans.len().min(i + MAX_RUN)).rev().find_map(|j| {
                let text = &piece[spans[i].0..spans[j - 1].1];
                self.classify(text).map(|hit| (j, hit))
            });
            match longest {
                Some((j, hit)) => {
                    record(hit, out);
                    i = j;
                }
                None => {
                    let text = clean_unknown(&piece[spans[i].0..spans[i].1]);
                    if !text.is_empty() {
                        out.unknown.push(text.to_owned());
                    }
                    i += 1;
                }
            }
        }
    }

    /// A unit, a group phrase or an ignorable phrase; retried without "(...)" notes.
    fn classify(&self, text: &str) -> Option<Hit> {
        let folded = fold(text);
        if folded.is_empty() {
            return Some(Hit::Ignore);
        }
        if let Some(id) = self.find_folded(&folded) {
            return Some(Hit::Unit(id));
        }
        if let Some(group) = group_phrase(&folded) {
            return Some(Hit::Group(group));
        }
        if is_ignorable(&folded) {
            return Some(Hit::Ignore);
        }
        let bare = strip_parentheses(text);
        if bare.len() != text.len() && !fold(&bare).is_empty() {
            return self.classify(&bare);
        }
        None
    }
}

fn record(hit: Hit, out: &mut ResolvedUnits) {
    match hit {
        Hit::Unit(id) => push_distinct(&mut out.units, id),
        Hit::Group(group) => push_distinct(&mut out.groups, group),
        Hit::Ignore => {}
    }
}

fn push_distinct<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn single(ids: &[UnitId]) -> Option<UnitId> {
    match ids {
        [id] => Some(*id),
        _ => None,
    }
}

/// Folded words with "uy ban nhan dan" written as "ubnd".
fn words_ubnd(folded: &str) -> Vec<&str> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if words[i..].starts_with(&["uy", "ban", "nhan", "dan"]) {
            out.push("ubnd");
            i += 4;
        } else {
            out.push(words[i]);
            i += 1;
        }
    }
    out
}

/// The exact key of a folded name: "ủy ban nhân dân" written "ubnd".
fn exact_key(folded: &str) -> String {
    words_ubnd(folded).join(" ")
}

/// The loose key of a folded name: "ủy ban nhân dân" → "ubnd", then leading "ubnd" and "so"
/// dropped (as long as something remains).
fn canonical(folded: &str) -> String {
    let words = words_ubnd(folded);
    let mut rest = &words[..];
    while rest.len() > 1 && (rest[0] == "ubnd" || rest[0] == "so") {
        rest = &rest[1..];
    }
    rest.join(" ")
}

/// Words that may make up a commune-level group phrase after "các" / "cấp".
const COMMUNE_WORDS: &[&str] = &[
    "xa", "phuong", "thi", "tran", "dac", "khu", "huyen", "thanh", "pho", "quan",
];
/// Words that may make up a department-level group phrase after "các".
const DEPARTMENT_WORDS: &[&str] = &[
    "so", "ban", "nganh", "doan", "the", "co", "quan", "chuyen", "mon",
];
/// Place qualifiers that may end a group phrase.
const GROUP_SUFFIXES: &[&[&str]] = &[
    &["truc", "thuoc", "ubnd", "tinh"],
    &["thuoc", "ubnd", "tinh"],
    &["tren", "dia", "ban", "tinh"],
    &["tren", "dia", "ban"],
    &["thuoc", "tinh"],
    &["trong", "tinh"],
    &["cua", "tinh"],
    &["toan", "tinh"],
    &["tinh"],
];

/// Recognises "các sở, ban, ngành", "UBND các xã, phường", "UBND cấp huyện" ... (folded).
fn group_phrase(folded: &str) -> Option<UnitGroup> {
    let words = words_ubnd(folded);
    let mut rest = &words[..];
    while let Some(first) = rest.first() {
        if matches!(*first, "ubnd" | "va") {
            rest = &rest[1..];
        } else if rest.starts_with(&["tat", "ca"]) {
            rest = &rest[2..];
        } else {
            break;
        }
    }
    if let Some(suffix) = GROUP_SUFFIXES.iter().find(|s| rest.ends_with(s)) {
        rest = &rest[..rest.len() - suffix.len()];
    }
    let (lead, body) = match rest.split_first() {
        Some((lead, body)) if matches!(*lead, "cac" | "cap") => (Some(*lead), body),
        _ => (None, rest),
    };
    if body.is_empty() {
        return None;
    }
    let all_in = |vocab: &[&str]| body.iter().all(|w| vocab.contains(w));
    // Commune level: "các xã, phường", "cấp xã", "các huyện, thị xã, thành phố".
    if lead.is_some()
        && all_in(COMMUNE_WORDS)
        && matches!(
            body[0],
            "xa" | "phuong" | "huyen" | "thi" | "thanh" | "quan"
        )
    {
        return Some(UnitGroup::Commune);
    }
    if lead == Some("cac") && body == ["dia", "phuong"] {
        return Some(UnitGroup::Commune);
    }
    // Department level: "các sở, ban, ngành", "các sở, ngành", "các cơ quan chuyên môn".
    if all_in(DEPARTMENT_WORDS) {
        let has = |w: &str| body.contains(&w);
        let specific = has("so") || has("nganh") || body.windows(2).any(|p| p == ["chuyen", "mon"]);
        let (co, quan) = (has("co"), has("quan"));
        let many = has("so") && (has("ban") || has("nganh"));
        if specific && co == quan && (lead == Some("cac") || many) {
            return Some(UnitGroup::Department);
        }
    }
    None
}

/// Words allowed in a vague phrase that ends in "(có) liên quan".
const VAGUE_WORDS: &[&str] = &[
    "cac", "co", "quan", "don", "vi", "to", "chuc", "ca", "nhan", "so", "ban", "nganh", "dia",
    "phuong", "doan", "the", "tinh", "trung", "uong", "khac", "cua", "huu", "thuoc", "xa", "huyen",
    "ubnd", "cap", "doanh", "nghiep", "hoi", "lien",
];
/// Words allowed in a vague phrase without "liên quan" ("các cơ quan, đơn vị").
const VAGUE_BARE_WORDS: &[&str] = &["cac", "co", "quan", "don", "vi", "to", "chuc", "khac"];

/// Recognises phrases that name no definite unit: "các cơ quan, đơn vị có liên quan",
/// "các cơ quan liên quan", "đơn vị liên quan", "các cơ quan, đơn vị" (folded). A "và" other
/// than a leading one disqualifies, so "UBND các xã và các cơ quan liên quan" is left to be
/// split.
fn is_ignorable(folded: &str) -> bool {
    let all = words_ubnd(folded);
    let words = all.strip_prefix(&["va"]).unwrap_or(&all);
    let related = words.windows(2).any(|p| p == ["lien", "quan"]);
    if related {
        return words.iter().all(|w| VAGUE_WORDS.contains(w));
    }
    let names_body = words
        .windows(2)
        .any(|p| p == ["co", "quan"] || p == ["don", "vi"]);
    names_body && words.iter().all(|w| VAGUE_BARE_WORDS.contains(w))
}

/// Splits a cell on line breaks, ';', '+' and bullets; leading bullets and enumerators
/// ("-", "•", "1.", "a)") are removed.
fn split_pieces(cell: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    for line in cell.split(['\n', '\r', '\u{2028}']) {
        for piece in line.split([';', '+', '•', '●', '▪', '◦', '·']) {
            let piece = strip_enumerator(piece.trim());
            if !piece.is_empty() {
                pieces.push(piece);
            }
        }
    }
    pieces
}

/// Removes leading bullets ('-', '–', '—', '*') and enumerators ("1.", "2)", "a)").
fn strip_enumerator(mut s: &str) -> &str {
    loop {
        let before = s.len();
        s = s.trim_start_matches(['-', '–', '—', '*', '>']).trim_start();
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &s[digits..];
        if digits > 0 && (rest.starts_with('.') || rest.starts_with(')')) {
            s = rest[1..].trim_start();
        } else {
            let mut chars = s.chars();
            if let (Some(c), Some(')')) = (chars.next(), chars.next()) {
                if c.is_alphabetic() {
                    s = chars.as_str().trim_start();
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Cuts a cell at the last separator (line break, ';', ',') within [`MAX_CELL_BYTES`];
/// returns the part to resolve and the rest.
fn split_at_limit(cell: &str) -> (&str, &str) {
    if cell.len() <= MAX_CELL_BYTES {
        return (cell, "");
    }
    let mut limit = MAX_CELL_BYTES;
    while !cell.is_char_boundary(limit) {
        limit -= 1;
    }
    let cut = cell[..limit]
        .rfind(['\n', ';', ','])
        .map_or(limit, |at| at + 1);
    cell.split_at(cut)
}

/// Byte spans of the sub-pieces of a piece separated by commas and the word "và".
fn sub_spans(piece: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut word_start: Option<usize> = None;
    let ends = piece
        .char_indices()
        .chain(std::iter::once((piece.len(), ',')));
    for (i, c) in ends {
        if !(c.is_whitespace() || c == ',') {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            if fold(&piece[start..i]) == "va" {
                spans.extend(current.take());
            } else {
                current = Some((current.map_or(start, |(s, _)| s), i));
            }
        }
        if c == ',' {
            spans.extend(current.take());
        }
    }
    spans
}

/// Trims whitespace and stray punctuation around an unknown name.
fn clean_unknown(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';'))
}

/// The text with every parenthesised part removed (unbalanced ')' kept out too).
fn strip_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ids(raw: &[i32]) -> Vec<UnitId> {
        raw.iter().copied().map(UnitId).collect()
    }

    fn units() -> UnitMatcher {
        matcher(&[
            (1, &["Sở Nội vụ", "Nội vụ", "SNV"], UnitGroup::Department),
            (
                2,
                &["Sở Tài chính", "Tài chính", "STC"],
                UnitGroup::Department,
            ),
            (3, &["Sở Tư pháp", "Tư pháp", "STP"], UnitGroup::Department),
            (
                4,
                &["Sở Văn hóa, Thể thao và Du lịch"],
                UnitGroup::Department,
            ),
            (
                5,
                &["Sở Khoa học và Công nghệ", "SKHCN"],
                UnitGroup::Department,
            ),
            (
                6,
                &["Văn phòng UBND tỉnh", "VP UBND tỉnh"],
                UnitGroup::Department,
            ),
            (7, &["UBND xã Tân Phú"], UnitGroup::Commune),
            (8, &["UBND phường Hòa Bình"], UnitGroup::Commune),
            (9, &["Công an tỉnh", "CA tỉnh"], UnitGroup::Other),
        ])
    }

    /// A matcher over units given as (id, names, group).
    fn matcher(list: &[(i32, &[&str], UnitGroup)]) -> UnitMatcher {
        UnitMatcher::new(
            list.iter()
                .map(|(id, names, group)| UnitName {
                    id: UnitId(*id),
                    names: names.iter().map(|n| (*n).to_owned()).collect(),
                    group: *group,
                })
                .collect(),
        )
    }

    #[test]
    fn fold_examples() {
        assert_eq!(fold("  Sở  Tư pháp "), "so tu phap");
        assert_eq!(fold("UBND xã Tân-Phú"), "ubnd xa tan phu");
        assert_eq!(fold("ĐẶNG Đình Ưng"), "dang dinh ung");
        assert_eq!(fold("Quý II/2025"), "quy ii 2025");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" -- ; "), "");
    }

    #[test]
    fn fold_covers_every_vietnamese_letter() {
        let lower = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let expected = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd";
        assert_eq!(fold(lower), expected);
        assert_eq!(fold(&lower.to_uppercase()), expected);
    }

    #[test]
    fn fold_drops_combining_marks() {
        // "Tư pháp" decomposed: u + horn, a + grave.
        assert_eq!(fold("Tu\u{31b} pha\u{300}p"), "tu phap");
        assert_eq!(fold("Hòa"), fold("Hoa\u{300}"));
        // Old and new tone placement fold alike.
        assert_eq!(fold("Văn hoá"), fold("Văn hóa"));
    }

    #[test]
    fn find_tolerates_accents_case_spacing_punctuation() {
        let m = units();
        assert_eq!(m.find("So Tu phap"), Some(UnitId(3)));
        assert_eq!(m.find("SỞ TƯ PHÁP"), Some(UnitId(3)));
        assert_eq!(m.find("  Sở   Tư  pháp. "), Some(UnitId(3)));
        assert_eq!(m.find("stp"), Some(UnitId(3)));
        assert_eq!(m.find("Sở Văn hóa - Thể thao và Du lịch"), Some(UnitId(4)));
        assert_eq!(m.find("Sở Văn hoá, Thể thao và Du lịch"), Some(UnitId(4)));
        assert_eq!(m.find("Sở Y tế"), None);
        assert_eq!(m.find(""), None);
        assert_eq!(m.find(" , "), None);
    }

    #[test]
    fn find_tolerates_ubnd_and_so_prefixes() {
        let m = units();
        assert_eq!(m.find("Xã Tân Phú"), Some(UnitId(7)));
        assert_eq!(m.find("Ủy ban nhân dân xã Tân Phú"), Some(UnitId(7)));
        assert_eq!(m.find("Uỷ ban nhân dân phường Hoà Bình"), Some(UnitId(8)));
        assert_eq!(m.find("Văn phòng Ủy ban nhân dân tỉnh"), Some(UnitId(6)));
        assert_eq!(m.find("Khoa học và Công nghệ"), Some(UnitId(5)));
        assert_eq!(m.find("Sở Công an tỉnh"), Some(UnitId(9)));
    }

    #[test]
    fn find_reports_ambiguity() {
        let m = matcher(&[
            (1, &["Xã Tân Phú"], UnitGroup::Commune),
            (2, &["UBND xã Tân Phú"], UnitGroup::Commune),
            (3, &["Sở Tư pháp"], UnitGroup::Department),
            (4, &["Tư pháp"], UnitGroup::Other),
        ]);
        // Exact names win over prefix-tolerant ones.
        assert_eq!(m.find("Xã Tân Phú"), Some(UnitId(1)));
        assert_eq!(m.find("UBND xã Tân Phú"), Some(UnitId(2)));
        assert_eq!(m.find("Tư pháp"), Some(UnitId(4)));
        assert_eq!(m.find("Sở Tư pháp"), Some(UnitId(3)));
        // Only prefix-tolerant matches, two units: ambiguous.
        assert_eq!(m.find("Ủy ban nhân dân xã Tân Phú"), Some(UnitId(2)));
        assert_eq!(m.find("UBND Xã  Tân-Phú"), Some(UnitId(2)));
        assert_eq!(m.find("Sở Xã Tân Phú"), None);
        // A name shared by two units.
        let dup = matcher(&[
            (1, &["TP"], UnitGroup::Commune),
            (2, &["tp", "Thành phố"], UnitGroup::Commune),
        ]);
        assert_eq!(dup.find("TP"), None);
        assert_eq!(dup.find("thanh pho"), Some(UnitId(2)));
    }

    #[test]
    fn resolve_single_and_empty() {
        let m = units();
        assert_eq!(m.resolve_list(""), ResolvedUnits::default());
        assert_eq!(m.resolve_list("  \n ; "), ResolvedUnits::default());
        let r = m.resolve_list("Sở Tư pháp");
        assert_eq!(r.units, ids(&[3]));
        assert!(r.groups.is_empty() && r.unknown.is_empty());
    }

    #[test]
    fn resolve_comma_inside_a_name() {
        let m = units();
        let r = m.resolve_list("Sở Văn hóa, Thể thao và Du lịch");
        assert_eq!(r.units, ids(&[4]));
        assert!(r.unknown.is_empty());
        let r =
            m.resolve_list("Sở Tư pháp, Sở Văn hóa, Thể thao và Du lịch, Sở Khoa học và Công nghệ");
        assert_eq!(r.units, ids(&[3, 4, 5]));
        assert!(r.unknown.is_empty());
    }

    #[test]
    fn resolve_list_with_vague_tail() {
        let m = units();
        let r = m.resolve_list("Sở Tư pháp, Sở Tài chính và các cơ quan liên quan");
        assert_eq!(
            r,
            ResolvedUnits {
                units: ids(&[3, 2]),
                groups: vec![],
                unknown: vec![]
            }
        );
        let r = m.resolve_list("Sở Nội vụ; các cơ quan, đơn vị có liên quan");
        assert_eq!(r.units, ids(&[1]));
        assert!(r.unknown.is_empty() && r.groups.is_empty());
        let r = m.resolve_list("Sở Nội vụ, các cơ quan, đơn vị có liên quan");
        assert_eq!(r.units, ids(&[1]));
        assert!(r.unknown.is_empty());
        for vague in [
            "Đơn vị liên quan",
            "Các sở, ngành liên quan",
            "các cơ quan, đơn vị",
        ] {
            assert_eq!(m.resolve_list(vague), ResolvedUnits::default(), "{vague}");
        }
    }

    #[test]
    fn resolve_group_phrases() {
        let m = units();
        let r = m.resolve_list("Các sở, ban, ngành; UBND các xã, phường");
        assert_eq!(r.groups, vec![UnitGroup::Department, UnitGroup::Commune]);
        assert!(r.units.is_empty() && r.unknown.is_empty());
        for (text, group) in [
            ("các sở ban ngành", UnitGroup::Department),
            ("Các Sở, ngành", UnitGroup::Department),
            ("Sở, ban, ngành tỉnh", UnitGroup::Department),
            (
                "Các cơ quan chuyên môn thuộc UBND tỉnh",
                UnitGroup::Department,
            ),
            (
                "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
                UnitGroup::Department,
            ),
            ("UBND các xã, phường, đặc khu", UnitGroup::Commune),
            ("UBND cấp xã", UnitGroup::Commune),
            ("các xã, phường", UnitGroup::Commune),
            ("UBND các huyện, thị xã, thành phố", UnitGroup::Commune),
            ("Ủy ban nhân dân cấp huyện", UnitGroup::Commune),
            ("UBND các xã, phường trên địa bàn tỉnh", UnitGroup::Commune),
            ("UBND các quận, huyện", UnitGroup::Commune),
        ] {
            let r = m.resolve_list(text);
            assert_eq!(r.groups, vec![group], "{text}");
            assert!(r.units.is_empty() && r.unknown.is_empty(), "{text}: {r:?}");
        }
    }

    #[test]
    fn resolve_group_before_vague_tail() {
        let m = units();
        let r = m.resolve_list("UBND các xã và các cơ quan liên quan");
        assert_eq!(r.groups, vec![UnitGroup::Commune]);
        assert!(r.units.is_empty() && r.unknown.is_empty(), "{r:?}");
        let r = m.resolve_list("Sở Tài chính; và các cơ quan, đơn vị khác có liên quan");
        assert_eq!(
            r,
            ResolvedUnits {
                units: ids(&[2]),
                groups: vec![],
                unknown: vec![]
            }
        );
    }

    #[test]
    fn resolve_groups_among_units() {
        let m = units();
        let r = m.resolve_list("Sở Nội vụ, các sở, ban, ngành và UBND các xã, phường");
        assert_eq!(r.units, ids(&[1]));
        assert_eq!(r.groups, vec![UnitGroup::Department, UnitGroup::Commune]);
        assert!(r.unknown.is_empty(), "{r:?}");
    }

    #[test]
    fn resolve_reports_unknown_pieces() {
        let m = units();
        let r = m.resolve_list("Sở Tư pháp, Sở VH-TT&DL và  Sở Y tế ;  Công an tỉnh");
        assert_eq!(r.units, ids(&[3, 9]));
        assert_eq!(
            r.unknown,
            vec!["Sở VH-TT&DL".to_owned(), "Sở Y tế".to_owned()]
        );
        let r = m.resolve_list("Ban Dân tộc.");
        assert_eq!(r.unknown, vec!["Ban Dân tộc".to_owned()]);
    }

    #[test]
    fn resolve_lines_bullets_and_plus() {
        let m = units();
        let cell = "- Sở Nội vụ\n- Sở Tài chính\r\n• UBND xã Tân Phú\n+ Văn phòng UBND tỉnh";
        assert_eq!(m.resolve_list(cell).units, ids(&[1, 2, 7, 6]));
        let r = m.resolve_list("1. Sở Tư pháp\n2) Sở Nội vụ + STC");
        assert_eq!(r.units, ids(&[3, 1, 2]));
        // A dash inside a line is part of the name, not a bullet.
        assert_eq!(
            m.resolve_list("- Sở Văn hóa - Thể thao và Du lịch").units,
            ids(&[4])
        );
    }

    #[test]
    fn resolve_distinct_and_ambiguous() {
        let m = units();
        let r = m.resolve_list("Sở Tư pháp; STP, Tư pháp");
        assert_eq!(r.units, ids(&[3]));
        let amb = matcher(&[
            (1, &["TP"], UnitGroup::Commune),
            (2, &["TP"], UnitGroup::Commune),
        ]);
        assert_eq!(amb.resolve_list("TP").unknown, vec!["TP".to_owned()]);
    }

    #[test]
    fn resolve_parenthesised_note() {
        let m = units();
        let r = m.resolve_list("Sở Nội vụ (Ban Thi đua, Khen thưởng), Sở Tài chính");
        assert_eq!(r.units, ids(&[1, 2]));
        assert!(r.unknown.is_empty(), "{r:?}");
    }

    #[test]
    fn group_members_follow_input_order() {
        let m = units();
        assert_eq!(m.group_members(UnitGroup::Commune), ids(&[7, 8]));
        assert_eq!(m.group_members(UnitGroup::Other), ids(&[9]));
        assert_eq!(m.group_members(UnitGroup::Department).len(), 6);
        assert_eq!(m.resolve_list("x").unknown.first().unwrap(), "x");
    }

    #[test]
    fn hostile_cells_do_not_blow_up() {
        let m = units();
        let long = format!("Sở Tư pháp, {}", "Sở, ".repeat(1_000_000));
        let r = m.resolve_list(&long);
        assert_eq!(r.units, ids(&[3]));
        let last = r.unknown.last().unwrap();
        assert!(last.starts_with("Sở, Sở") && last.ends_with('…'), "{last}");
        assert!(r.unknown.len() < MAX_CELL_BYTES / 4);
        let no_separator = "x".repeat(MAX_CELL_BYTES + 10);
        assert_eq!(m.resolve_list(&no_separator).unknown.len(), 2);
        let commas = ",,,và,,; ;;\n\n+";
        assert_eq!(m.resolve_list(commas), ResolvedUnits::default());
    }
}
