//! Breaking text into rows of a given width, by the columns the terminal gives it, so
//! wide scripts and long notes fit the screen; cutting one line short with an
//! ellipsis; and padding to a width. All three draw through [`shown`], and cut only
//! between grapheme clusters, so a mark never loses the letter it sits on.

use crate::ui::text::{columns, shown, shown_lines, units};

/// `text` in rows at most `width` columns wide: at spaces where possible, inside a
/// word only when the word alone is too long. Line breaks start new rows. A paragraph
/// that starts indented, or with a list mark (`- `, `* `, `• `, `> `, `1. `, `2) `),
/// goes on under its text, not at the first column.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_indented(text, width, "")
}

/// As [`wrap`], with every row after a paragraph's first starting with `indent` too
/// (which counts in the width), so a wrapped line reads as part of the item above it.
pub fn wrap_indented(text: &str, width: usize, indent: &str) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in shown_lines(text).split('\n') {
        let hanging = format!("{indent}{}", " ".repeat(hanging(para)));
        // Half the width at least is left for the text itself.
        let indent = if columns(&hanging) * 2 <= width {
            hanging.as_str()
        } else {
            ""
        };
        let mut row = Row::default();
        // Leading spaces are kept: they indent the first row.
        for (n, word) in para.split(' ').enumerate() {
            let word_cols = columns(word);
            if n > 0 {
                if row.cols + 1 + word_cols > width && !row.text.trim().is_empty() {
                    out.push(row.next(indent));
                } else {
                    row.push(" ", 1);
                }
            }
            for (unit, cols) in units(word) {
                if row.cols + cols > width && !row.is_empty() {
                    out.push(row.next(indent));
                }
                row.push(unit, cols);
            }
        }
        out.push(row.text);
    }
    out
}

/// Columns before a paragraph's text: its leading spaces and a list mark after them.
fn hanging(para: &str) -> usize {
    let spaces = para.len() - para.trim_start_matches(' ').len();
    let rest = &para[spaces..];
    let mark = rest.split_once(' ').map_or("", |(m, _)| m);
    let numbered = mark.len() > 1
        && mark.len() <= 4
        && mark.ends_with(['.', ')'])
        && mark[..mark.len() - 1].chars().all(|c| c.is_ascii_digit());
    let listed = matches!(mark, "-" | "*" | "•" | ">") || numbered;
    if listed {
        spaces + columns(mark) + 1
    } else {
        spaces
    }
}

/// A row being filled.
#[derive(Default)]
struct Row {
    text: String,
    cols: usize,
    /// Bytes of indent it starts with.
    lead: usize,
}

impl Row {
    fn push(&mut self, s: &str, cols: usize) {
        self.text.push_str(s);
        self.cols += cols;
    }

    /// Whether nothing but the indent is on it yet.
    fn is_empty(&self) -> bool {
        self.text.len() <= self.lead
    }

    /// Ends the row; the next starts with `indent`.
    fn next(&mut self, indent: &str) -> String {
        let done = std::mem::take(&mut self.text);
        self.text.push_str(indent);
        self.cols = columns(indent);
        self.lead = indent.len();
        done
    }
}

/// `s` cut to `width` columns, ending in `…` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    let s = shown(s);
    if columns(&s) <= width {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for (unit, cols) in units(&s) {
        if used + cols + 1 > width {
            break;
        }
        out.push_str(unit);
        used += cols;
    }
    out.push('…');
    out
}

/// `s` cut to `width` columns as [`fit`] does, then padded with spaces to exactly
/// `width` columns (a `format!` width counts characters, not columns).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let cols = columns(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(cols)));
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
        assert_eq!(wrap("  > indented text", 12), ["  > indented", "    text"]);
        assert_eq!(wrap("王秀英王秀英", 4), ["王秀", "英王", "秀英"]);
        for row in wrap(
            "a fairly long note about a phone call with the housing officer",
            10,
        ) {
            assert!(columns(&row) <= 10, "{row}");
        }
    }

    #[test]
    fn indented_paragraphs_and_list_points_go_on_under_their_text() {
        assert_eq!(wrap("  two spaces in", 9), ["  two", "  spaces", "  in"]);
        assert_eq!(wrap("- a point made", 8), ["- a", "  point", "  made"]);
        assert_eq!(
            wrap("12. numbered one", 9),
            ["12.", "    numbe", "    red", "    one"]
        );
        assert_eq!(wrap("-5 degrees out", 8), ["-5", "degrees", "out"]);
        // With no room to spare the rows start at the first column again.
        assert_eq!(
            wrap("      deep text here", 10),
            ["      deep", "text here"]
        );
    }

    #[test]
    fn wrapped_rows_can_be_indented() {
        assert_eq!(
            wrap_indented("one two three four", 9, "  "),
            ["one two", "  three", "  four"]
        );
        assert_eq!(wrap_indented("abcdefgh", 5, "  "), ["abcde", "  fgh"]);
    }

    #[test]
    fn bengali_is_wrapped_by_the_columns_the_terminal_gives_it() {
        // শাহানা is six columns in tmux (ratatui alone counts three).
        let rows = wrap("শাহানা ইসলাম", 7);
        assert_eq!(rows.len(), 2, "{rows:?}");
        for row in &rows {
            assert!(columns(row) <= 7, "{row}");
        }
        assert_eq!(columns(&rows[0]), 6);
        // Cut inside a word, never between a letter and its vowel sign.
        let rows = wrap("শাহানা", 3);
        assert_eq!(
            rows.iter().map(|r| columns(r)).collect::<Vec<_>>(),
            [2, 2, 2]
        );
    }

    #[test]
    fn fits_with_an_ellipsis() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("much too long", 6), "much …");
        assert_eq!(fit("王秀英", 4), "王…");
        assert_eq!(columns(&fit("শাহানা", 5)), 5);
        assert_eq!(fit("Jose\u{301} Lopez", 4), "Jos…");
        assert_eq!(fit("Jose\u{301} Lopez", 5), "Jose\u{301}…");
    }

    #[test]
    fn pads_by_columns() {
        assert_eq!(pad("王伟", 6), "王伟  ");
        assert_eq!(columns(&pad("শাহানা", 8)), 8);
        assert_eq!(pad("much too long", 6), "much …");
    }
}
