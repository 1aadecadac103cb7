//! A list read whole in one answer (users, letter templates, a case's letters): the
//! rows once they come, or the service's refusal when nothing could be shown; a cursor
//! over them; and one way to draw them, the cursor's row marked `>` as well as by
//! colour, scrolled to keep it in sight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Paragraph, Row, Table};

use super::paged_table::{Columns, marked_row};
use crate::keymap::Action;
use crate::ui::component::Ctx;
use crate::ui::text::shown;
use crate::ui::theme::Theme;

/// The rows, or why there are none, and where the cursor is.
#[derive(Debug)]
pub struct HeldList<T> {
    rows: Option<Vec<T>>,
    /// Why nothing is shown: the service's refusal of the first read.
    refused: Option<String>,
    cursor: usize,
}

impl<T> Default for HeldList<T> {
    fn default() -> Self {
        HeldList {
            rows: None,
            refused: None,
            cursor: 0,
        }
    }
}

/// How far page up and page down move.
const PAGE: usize = 10;

impl<T: Clone> HeldList<T> {
    /// The rows came (again): the cursor stays where it was if it still can.
    pub fn loaded(&mut self, rows: &[T]) {
        self.refused = None;
        self.cursor = self.cursor.min(rows.len().saturating_sub(1));
        self.rows = Some(rows.to_vec());
    }

    /// A read or a change was refused: said on the status line, and shown in place
    /// of the list when there is no list yet.
    pub fn failed(&mut self, message: &str, cx: &mut Ctx) {
        if self.rows.is_none() {
            self.refused = Some(message.to_string());
        }
        cx.error(format!("Not done: {message}"));
    }
}

impl<T> HeldList<T> {
    pub fn rows(&self) -> Option<&[T]> {
        self.rows.as_deref()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Why there is nothing to show, when the first read was refused.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.as_ref()?.get(self.cursor)
    }

    /// Moves the cursor for a move key; whether `action` was one.
    pub fn act(&mut self, action: Action) -> bool {
        let last = self.rows.as_ref().map_or(0, Vec::len).saturating_sub(1);
        self.cursor = match action {
            Action::Up => self.cursor.saturating_sub(1),
            Action::Down => (self.cursor + 1).min(last),
            Action::PageUp => self.cursor.saturating_sub(PAGE),
            Action::PageDown => (self.cursor + PAGE).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        };
        true
    }

    /// Draws the list in `block` over `area`: the refusal or "Loading…" until the
    /// rows come, else the rows that fit. `row` gives a row's cells and its style when
    /// it is not the cursor's.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        theme: Theme,
        columns: Columns,
        row: impl Fn(&T) -> (Vec<String>, Style),
    ) {
        let rows = match (&self.refused, &self.rows) {
            (Some(m), _) => {
                let text = format!(" Not shown: {}", shown(m));
                frame.render_widget(Paragraph::new(text).block(block), area);
                return;
            }
            (None, None) => {
                frame.render_widget(Paragraph::new(" Loading…").block(block), area);
                return;
            }
            (None, Some(rows)) => rows,
        };
        let inner = block.inner(area);
        let visible = usize::from(inner.height.saturating_sub(1)).max(1);
        let first = self.cursor.saturating_sub(visible - 1);
        let body: Vec<Row> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, r)| {
                let (cells, style) = row(r);
                marked_row(cells, i == self.cursor, style, theme)
            })
            .collect();
        let header = Row::new(columns.header.iter().copied()).style(theme.heading());
        let table = Table::new(body, columns.widths.iter().copied())
            .header(header)
            .block(block);
        frame.render_widget(table, area);
    }
}
