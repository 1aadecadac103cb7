//! What a one-line field shows of its text, and where the terminal's cursor goes.
//!
//! The editing (tui-input) counts the cursor in characters and measures columns with
//! `unicode-width`, which gives no column to a Bengali or Tamil vowel sign AA that the
//! terminal draws in a column of its own: typing `শাহানা` left the cursor three
//! columns short of the text. Here both the text and the cursor are measured as they
//! are drawn, through [`crate::ui::text::shown`].

use crate::ui::text::{columns, shown, units};

/// The visible part of a field's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView {
    /// Text to draw (already shown), at most the room wide.
    pub text: String,
    /// The cursor's column, counted from the start of [`LineView::text`].
    pub cursor: usize,
    /// Columns scrolled off to the left.
    pub scroll: usize,
}

/// The columns before the `chars`-th character of `value`, as drawn.
pub fn column_of(value: &str, chars: usize) -> usize {
    let end = value
        .char_indices()
        .nth(chars)
        .map_or(value.len(), |(at, _)| at);
    columns(&value[..end])
}

/// `value` scrolled to keep the cursor (after `cursor` characters) in `room` columns,
/// with a column to spare for the cursor past the end.
pub fn line_view(value: &str, cursor: usize, room: usize) -> LineView {
    let at = column_of(value, cursor);
    let wanted = at.saturating_sub(room.saturating_sub(1));
    let s = shown(value);
    let mut scroll = 0;
    let mut text = String::new();
    let mut used = 0;
    for (unit, cols) in units(&s) {
        if scroll < wanted {
            scroll += cols;
            continue;
        }
        if used + cols > room {
            break;
        }
        text.push_str(unit);
        used += cols;
    }
    LineView {
        text,
        cursor: at.saturating_sub(scroll),
        scroll,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_follows_the_columns_drawn() {
        let v = line_view("শাহানা", 6, 20);
        assert_eq!(
            (v.text.as_str(), v.cursor, v.scroll),
            ("শা\u{FDD0}হা\u{FDD0}না\u{FDD0}", 6, 0)
        );
        assert_eq!(line_view("王伟", 1, 20).cursor, 2);
        assert_eq!(line_view("Amina", 2, 20).cursor, 2);
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_cursor_in_sight() {
        let v = line_view("abcdefghij", 10, 5);
        assert_eq!((v.text.as_str(), v.cursor, v.scroll), ("ghij", 4, 6));
        let v = line_view("王伟王伟王伟", 6, 5);
        assert!(columns(&v.text) <= 5, "{v:?}");
        assert!(v.cursor < 5, "{v:?}");
    }
}
