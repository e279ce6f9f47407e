//! Text measuring for the journey picture: how wide a line is at a font size, and how a text
//! breaks into lines of a width. The layout uses it to size connection labels and the SVG to
//! wrap titles, so the space reserved for a text is the space it is drawn in.
//!
//! Widths are estimates per character class (Noto Sans proportions, generous for Latin capitals)
//! rather than a font lookup: the layout runs on every save of a 5,000-step journey and must not
//! depend on the fonts installed. A test renders the picture with the real fonts and checks that
//! every text stays inside the box reserved for it.

/// The font size of step titles and lane names.
pub(crate) const FONT_SIZE: f64 = 13.0;
/// The line height of step titles and lane names.
pub(crate) const LINE_HEIGHT: f64 = 17.0;

/// Wide characters (CJK, kana, Hangul, emoji): one em.
fn is_wide(c: char) -> bool {
    (c as u32) >= 0x1100
}

/// The advance width of `c` in ems (an upper estimate for the common sans-serif fonts).
fn em_width(c: char) -> f64 {
    match c {
        _ if is_wide(c) => 1.0,
        ' ' => 0.3,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
        'A'..='Z' | '&' | '#' => 0.72,
        _ => 0.6,
    }
}

/// The width of `c` at `size` pixels.
pub(crate) fn char_width(c: char, size: f64) -> f64 {
    em_width(c) * size
}

/// The width of `text` on one line at `size` pixels.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| char_width(c, size)).sum()
}

/// Breaks `text` into lines of at most `width` pixels at `size`, between words where there are
/// spaces (anywhere in CJK text). With `max_lines`, a longer text ends with "…" on the last line;
/// without, every character is kept.
pub(crate) fn wrap(text: &str, width: f64, size: f64, max_lines: Option<usize>) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0.0;
    let mut cut = false;
    for c in text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
    {
        let w = char_width(c, size);
        if used + w > width && !lines.last().is_some_and(String::is_empty) {
            if max_lines == Some(lines.len()) {
                cut = true;
                break;
            }
            // Carry the unfinished Latin word over to the next line.
            let mut carry = String::new();
            if let Some(line) = lines.last_mut()
                && c != ' '
                && let Some(space) = line.rfind(' ')
                && !line[space..].chars().any(is_wide)
            {
                carry = line.split_off(space + 1);
                line.truncate(space);
            }
            used = text_width(&carry, size);
            lines.push(carry);
            if c == ' ' {
                continue;
            }
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
        used += w;
    }
    if cut && let Some(last) = lines.last_mut() {
        // Make room for the ellipsis.
        while !last.is_empty() && text_width(last, size) + char_width('…', size) > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_and_keeps_every_character_without_a_limit() {
        let text = "SO needed before the kickoff with the whole team";
        let lines = wrap(text, 80.0, 11.0, None);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| text_width(l, 11.0) <= 80.0));
    }

    #[test]
    fn a_limited_text_ends_with_an_ellipsis_inside_the_width() {
        let lines = wrap(&"長い".repeat(50), 100.0, 13.0, Some(2));
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 100.0));
    }
}
