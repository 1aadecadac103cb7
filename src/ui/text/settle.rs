//! The last step of drawing a frame: every cell made to cover the columns the terminal
//! will give it.
//!
//! ratatui writes a cell and, when it thinks the next column follows, writes the next
//! cell without moving the cursor. A cluster the terminal draws wider than ratatui
//! counted (`শা`: one column to ratatui, two to tmux) therefore pushes the rest of the
//! row right: the border lands in column 81 and the cell ratatui thought it wrote is
//! left as it was, a stray character. Here such a cluster takes the columns its
//! fillers held, as one cell of forced width; ratatui then moves the cursor after it,
//! and [`crate::ui::cells::Cells`] draws it over blanks, so a terminal measuring it
//! differently leaves nothing behind either. A cluster that has lost its columns (cut
//! by the edge of a table cell, or overdrawn by a dialog) becomes `…`.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};

use super::columns::measure;
use super::shown::FILLER_STR;

/// Settles every row of the frame.
pub fn settle(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            x += settle_cell(buf, x, y, area.right());
        }
    }
}

/// Settles the cell at `x`; returns the columns it covers.
fn settle_cell(buf: &mut Buffer, x: u16, y: u16, right: u16) -> u16 {
    let symbol = buf[(x, y)].symbol();
    if symbol.is_ascii() {
        return 1;
    }
    if symbol == FILLER_STR {
        // Its cluster was cut off, or drawn over.
        buf[(x, y)].set_symbol(" ");
        return 1;
    }
    let m = measure(symbol);
    let counted = (m.ratatui as u16).max(1);
    let mut fillers = 0;
    while x + counted + fillers < right && buf[(x + counted + fillers, y)].symbol() == FILLER_STR {
        fillers += 1;
    }
    let laid = counted + fillers;
    let covered = (x + 1..x + counted).all(|tx| tx < right && buf[(tx, y)].symbol() == " ");
    if !covered || m.terminal as u16 > laid || x + laid > right {
        buf[(x, y)].set_symbol("…");
        for tx in x + counted..x + laid {
            buf[(tx, y)].set_symbol(" ");
        }
        return 1;
    }
    if fillers == 0 && !m.needs_care() {
        return counted;
    }
    if let Some(width) = NonZeroU16::new(laid) {
        buf[(x, y)].set_diff_option(CellDiffOption::ForcedWidth(width));
    }
    for tx in x + 1..x + laid {
        buf[(tx, y)]
            .set_symbol("")
            .set_diff_option(CellDiffOption::Skip);
    }
    laid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::text::shown;
    use ratatui::buffer::CellWidth;
    use ratatui::layout::Rect;

    fn row(text: &str, width: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        buf.set_string(0, 0, shown(text), ratatui::style::Style::default());
        buf.set_string(width - 1, 0, "│", ratatui::style::Style::default());
        settle(&mut buf);
        buf
    }

    /// The row as a terminal shows it: each cell's symbol, then past the columns it covers.
    fn drawn(buf: &Buffer) -> (String, u16) {
        let (mut out, mut x) = (String::new(), 0);
        while x < buf.area.width {
            let cell = &buf[(x, 0)];
            out.push_str(cell.symbol());
            x += cell.cell_width().max(1);
        }
        (out, x)
    }

    #[test]
    fn a_bengali_name_takes_the_columns_tmux_gives_it() {
        let buf = row("শাহানা", 10);
        assert_eq!(drawn(&buf), ("শাহানা   │".to_string(), 10));
        assert_eq!(buf[(0, 0)].cell_width(), 2);
        assert_eq!(buf[(1, 0)].diff_option, CellDiffOption::Skip);
    }

    #[test]
    fn a_cluster_cut_at_the_edge_becomes_an_ellipsis() {
        // Room for শা's first column only: the border is in the second.
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_stringn(0, 0, shown("নাশা"), 3, ratatui::style::Style::default());
        buf.set_string(3, 0, "│", ratatui::style::Style::default());
        settle(&mut buf);
        assert_eq!(drawn(&buf), ("না…│".to_string(), 4));
    }

    #[test]
    fn a_cluster_of_two_letters_is_redrawn_whole_when_it_goes() {
        // চৌ: two code points, each a column of its own in tmux, one cell to ratatui.
        // Drawing a space over the first must also redraw the second, or the vowel
        // sign stays on the screen.
        let before = row("চৌ", 4);
        let after = row("", 4);
        let redrawn: Vec<u16> = before.diff(&after).iter().map(|(x, _, _)| *x).collect();
        assert_eq!(redrawn, [0, 1], "{redrawn:?}");
    }

    #[test]
    fn a_wide_character_drawn_over_becomes_an_ellipsis() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "王伟", ratatui::style::Style::default());
        buf.set_string(3, 0, "│", ratatui::style::Style::default());
        settle(&mut buf);
        assert_eq!(drawn(&buf).0, "王…│");
    }
}
