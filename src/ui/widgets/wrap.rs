//! Breaking text into rows of a given width, by display columns, so wide scripts and
//! long notes fit the screen; and cutting one line short with an ellipsis.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` in rows at most `width` columns wide: at spaces where possible, inside a
/// word only when the word alone is too long. Line breaks start new rows.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut row = String::new();
        // Leading spaces are kept: they indent the first row.
        for (n, word) in para.split(' ').enumerate() {
            if n > 0 {
                if row.width() + 1 + word.width() > width && !row.trim().is_empty() {
                    out.push(std::mem::take(&mut row));
                } else {
                    row.push(' ');
                }
            }
            for ch in word.chars() {
                let w = ch.width().unwrap_or(0);
                if row.width() + w > width && !row.is_empty() {
                    out.push(std::mem::take(&mut row));
                }
                row.push(ch);
            }
        }
        out.push(row);
    }
    out
}

/// `s` cut to `width` columns, ending in `…` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if out.width() + ch.width().unwrap_or(0) + 1 > width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrap("  > indented text", 12), ["  > indented", "text"]);
        assert_eq!(wrap("王秀英王秀英", 4), ["王秀", "英王", "秀英"]);
        for row in wrap(
            "a fairly long note about a phone call with the housing officer",
            10,
        ) {
            assert!(row.width() <= 10, "{row}");
        }
    }

    #[test]
    fn fits_with_an_ellipsis() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("much too long", 6), "much …");
        assert_eq!(fit("王秀英", 4), "王…");
    }
}
