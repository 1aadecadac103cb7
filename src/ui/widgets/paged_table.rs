//! The table and legend of a list read a page at a time (cases, referrals): one way
//! to draw the rows the [`Pager`] shows, mark the cursor's row (`>` as well as the
//! focus style, so it shows without colour), stand in for rows not read yet, and say
//! where in a long list the page is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::pager::Pager;
use crate::keymap::Action;
use crate::ui::theme::Theme;

/// The columns of a paged table: the first one carries the cursor's mark.
pub struct Columns<'a> {
    pub header: &'a [&'a str],
    pub widths: &'a [Constraint],
}

/// Draws the rows of the pager's window that fit in `area`, under the header.
/// `row` gives a held row's cells and its style when it is not the cursor's.
pub fn draw<T>(
    frame: &mut Frame,
    area: Rect,
    pager: &Pager,
    theme: Theme,
    columns: Columns,
    held: &[T],
    row: impl Fn(&T) -> (Vec<String>, Style),
) {
    let window = pager.window(area.height.saturating_sub(1) as usize);
    let rows: Vec<Row> = window
        .map(|at| {
            let here = at == pager.cursor();
            let mark = if here { ">" } else { " " };
            let Some(r) = pager.held_index(at).and_then(|i| held.get(i)) else {
                // Not read yet: its page has been asked for.
                return Row::new([format!("{mark} …")]);
            };
            let (cells, style) = row(r);
            marked_row(cells, here, style, theme)
        })
        .collect();
    let header = Row::new(columns.header.iter().copied()).style(theme.heading());
    let widths = columns.widths.iter().copied();
    frame.render_widget(Table::new(rows, widths).header(header), area);
}

/// A table row whose first cell carries the cursor's mark (`>` when `here`, so it
/// shows without colour) and whose style is the focus when `here`, else `style`.
pub fn marked_row(mut cells: Vec<String>, here: bool, style: Style, theme: Theme) -> Row<'static> {
    if let Some(first) = cells.first_mut() {
        *first = format!("{} {first}", if here { ">" } else { " " });
    }
    let style = if here { theme.focus() } else { style };
    Row::new(cells.into_iter().map(Cell::from)).style(style)
}

/// The line under the table: where the page is in a long list, then `note`.
pub fn legend(frame: &mut Frame, area: Rect, pager: &Pager, theme: Theme, note: &str) {
    let mut text = String::from(" ");
    if let Some(at) = pager.position() {
        text.push_str(&at);
        text.push_str(" · ");
    }
    text.push_str(note);
    let text = super::wrap::fit(&text, area.width as usize);
    frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), area);
}

/// Every key a paged list screen answers: its own, the moves, and the page keys when
/// there is more than one page.
pub fn keys(pager: &Pager, own: &[Action]) -> Vec<Action> {
    let mut keys = crate::ui::component::keys_of(own, &crate::ui::component::MOVES);
    if pager.paged() {
        keys.extend([Action::NextPage, Action::PrevPage]);
    }
    keys
}

/// A list screen's keys in the order its hints show them: `lead`, the page keys when
/// there is more than one page, then `rest`.
pub fn hints(pager: &Pager, lead: &[Action], rest: &[Action]) -> Vec<Action> {
    let mut hints = lead.to_vec();
    if pager.paged() {
        hints.extend([Action::NextPage, Action::PrevPage]);
    }
    hints.extend_from_slice(rest);
    hints
}
