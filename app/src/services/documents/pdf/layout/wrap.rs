//! Line breaking: words into lines of a width, balanced header lines, the spacing rules.

use super::*;

/// One line produced by [`wrap`].
#[derive(Debug, Clone)]
pub(super) struct WLine {
    pub(super) text: String,
    /// Natural width in points.
    pub(super) width: f32,
    /// Last line of its paragraph (never justified).
    pub(super) last: bool,
}

/// Breaks `text` (already cleaned: no control characters) into lines of at
/// most `first_avail` points (first line) and `avail` points (other lines).
/// Runs of spaces inside a line are kept; words longer than a line are
/// broken between characters.
pub(super) fn wrap(face: &Face, size: f32, text: &str, first_avail: f32, avail: f32) -> Vec<WLine> {
    let space = face.char_width(' ', size);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0f32;
    let mut room = first_avail;
    // Extra spaces seen since the last word (a run of n spaces yields n - 1 empty items).
    let mut extra_spaces = 0usize;

    for word in text.split(' ') {
        if word.is_empty() {
            if !cur.is_empty() {
                extra_spaces += 1;
            }
            continue;
        }
        let gaps = if cur.is_empty() { 0 } else { extra_spaces + 1 };
        extra_spaces = 0;
        let ww = face.width(word, size);
        if cur_w + gaps as f32 * space + ww <= room + EPS {
            cur.extend(std::iter::repeat_n(' ', gaps));
            cur.push_str(word);
            cur_w += gaps as f32 * space + ww;
            continue;
        }
        if ww <= avail + EPS {
            if !cur.is_empty() {
                lines.push(WLine {
                    text: std::mem::take(&mut cur),
                    width: cur_w,
                    last: false,
                });
                room = avail;
            }
            cur.push_str(word);
            cur_w = ww;
            continue;
        }
        // A word longer than a whole line: fill the current line with its
        // beginning (if there is reasonable room), then continue on new lines.
        if !cur.is_empty() && room - cur_w - space < size * 3.0 {
            lines.push(WLine {
                text: std::mem::take(&mut cur),
                width: cur_w,
                last: false,
            });
            cur_w = 0.0;
            room = avail;
        }
        let mut rest = word;
        loop {
            let gap = if cur.is_empty() { 0.0 } else { space };
            let (head, head_w) = fitting_prefix(face, size, rest, room - cur_w - gap);
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(head);
            cur_w += gap + head_w;
            rest = &rest[head.len()..];
            if rest.is_empty() {
                break;
            }
            lines.push(WLine {
                text: std::mem::take(&mut cur),
                width: cur_w,
                last: false,
            });
            cur_w = 0.0;
            room = avail;
        }
    }
    if !cur.is_empty() {
        lines.push(WLine {
            text: cur,
            width: cur_w,
            last: true,
        });
    }
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}

/// Like [`wrap`], but for centred text: keeps the number of lines of a greedy
/// wrap while making the lines as even as possible ("ỦY BAN NHÂN DÂN /
/// TỈNH ĐỒNG NAI" rather than "ỦY BAN NHÂN DÂN TỈNH / ĐỒNG NAI").
pub(super) fn wrap_balanced(face: &Face, size: f32, text: &str, avail: f32) -> Vec<WLine> {
    let greedy = wrap(face, size, text, avail, avail);
    if greedy.len() < 2 {
        return greedy;
    }
    let longest_word = text
        .split(' ')
        .map(|w| face.width(w, size))
        .fold(0.0, f32::max);
    if longest_word > avail {
        return greedy;
    }
    let (mut lo, mut hi) = (longest_word, avail);
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        if wrap(face, size, text, mid, mid).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(face, size, text, hi, hi)
}

/// Longest prefix of `word` that fits into `room` points (at least one
/// character, never separating a character from following zero-width marks).
pub(super) fn fitting_prefix<'a>(
    face: &Face,
    size: f32,
    word: &'a str,
    room: f32,
) -> (&'a str, f32) {
    let mut width = 0.0;
    let mut end = 0;
    for (i, c) in word.char_indices() {
        let w = face.char_width(c, size);
        if end > 0 && w > 0.0 && width + w > room + EPS {
            break;
        }
        width += w;
        end = i + c.len_utf8();
    }
    (&word[..end], width)
}

/// Distance from the top of a line box to the baseline.
pub(super) fn baseline(face: &Face, size: f32, line_height: f32) -> f32 {
    let glyph_h = (face.ascent + face.descent) * size;
    (line_height - glyph_h) / 2.0 + face.ascent * size
}

/// Face, size and line height of a run of lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    pub(super) style: Style,
    pub(super) size: f32,
    pub(super) lh: f32,
}

impl Spec {
    pub(super) fn new(style: Style, size: f32, lh: f32) -> Self {
        Spec { style, size, lh }
    }
}

/// Cleans `s` for `face` and trims it.
/// The lines of a header name at 13 pt: each '\n'-separated part wrapped (balanced) on its own.
pub(super) fn header_lines(face: &Face, s: &str, avail: f32) -> Vec<WLine> {
    s.split('\n')
        .map(|part| clean_trim(face, part))
        .filter(|part| !part.is_empty())
        .flat_map(|part| wrap_balanced(face, 13.0, &part, avail))
        .collect()
}

pub(super) fn clean_trim(face: &Face, s: &str) -> String {
    face.clean(s).trim().to_owned()
}

/// Trims and reduces runs of spaces to one (body text is justified anyway).
pub(super) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Distance from a baseline down to a rule drawn under the text (clear of
/// descenders and Vietnamese dots below).
pub(super) fn rule_gap(size: f32) -> f32 {
    0.3 * size + 2.0
}
