//! Drawing a notes editor: its lines wrapped at spaces by the columns the terminal
//! gives them, through [`shown`], scrolled to keep the cursor in sight, with the
//! terminal's cursor where the next letter goes.
//!
//! The editor widget draws itself by `unicode-width`, which counts a Bengali or Tamil
//! syllable with the vowel sign AA one column short: a note in those scripts pushed
//! the box's border and left stray characters. Only the drawing is done here; the
//! editing stays the widget's.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;
use unicode_segmentation::UnicodeSegmentation;

use crate::ui::text::{columns, shown};

/// One row on the screen: the characters of its line it starts at, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    line: usize,
    start: usize,
    text: String,
}

/// Draws the editor's text in `area`; returns where the terminal cursor goes.
pub fn draw_notes(frame: &mut Frame, area: Rect, editor: &TextArea) -> (u16, u16) {
    let width = area.width.max(1) as usize;
    let rows: Vec<Row> = editor
        .lines()
        .iter()
        .enumerate()
        .flat_map(|(i, l)| wrap_line(i, l, width))
        .collect();
    let cursor = editor.cursor();
    let (line, col) = (cursor.0, cursor.1);
    let at = rows
        .iter()
        .rposition(|r| r.line == line && r.start <= col)
        .unwrap_or(0);
    let x = rows.get(at).map_or(0, |r| {
        let before: String = editor.lines()[line]
            .chars()
            .skip(r.start)
            .take(col - r.start)
            .collect();
        columns(&before).min(width - 1)
    });
    let height = area.height.max(1) as usize;
    let first = (at + 1).saturating_sub(height);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(first)
        .take(height)
        .map(|r| Line::from(r.text))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    (area.x + x as u16, area.y + (at - first) as u16)
}

/// Line `line` of the text in rows at most `width` columns wide: after a space where
/// one is on the row, else between clusters.
fn wrap_line(line: usize, text: &str, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut start = 0;
    // Clusters with where each starts (in characters) and its columns.
    let clusters: Vec<(usize, &str, usize)> = {
        let mut chars = 0;
        text.graphemes(true)
            .map(|g| {
                let at = chars;
                chars += g.chars().count();
                (at, g, columns(g))
            })
            .collect()
    };
    let mut i = 0;
    while i < clusters.len() {
        let mut used = 0;
        let mut end = i;
        let mut after_space = None;
        while end < clusters.len() && used + clusters[end].2 <= width {
            used += clusters[end].2;
            if clusters[end].1 == " " {
                after_space = Some(end + 1);
            }
            end += 1;
        }
        if end < clusters.len() && end > i {
            end = after_space.unwrap_or(end);
        }
        let end = end.max(i + 1);
        let row: String = clusters[i..end].iter().map(|c| c.1).collect();
        rows.push(Row {
            line,
            start,
            text: shown(&row).into_owned(),
        });
        start = clusters.get(end).map_or(start, |c| c.0);
        i = end;
    }
    if rows.is_empty() {
        rows.push(Row {
            line,
            start: 0,
            text: String::new(),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<(usize, &str)> {
        rows.iter().map(|r| (r.start, r.text.as_str())).collect()
    }

    #[test]
    fn lines_wrap_after_spaces_and_remember_where_they_start() {
        let rows = wrap_line(0, "one two three", 8);
        assert_eq!(texts(&rows), [(0, "one two "), (8, "three")]);
        let rows = wrap_line(0, "abcdefghij", 4);
        assert_eq!(texts(&rows), [(0, "abcd"), (4, "efgh"), (8, "ij")]);
        assert_eq!(texts(&wrap_line(0, "", 4)), [(0, "")]);
    }

    #[test]
    fn bengali_wraps_by_the_columns_drawn() {
        for row in wrap_line(0, "শাহানা ইসলাম রহমান", 8) {
            assert!(columns(&row.text) <= 8, "{row:?}");
        }
    }
}
