//! The terminal backend caseline draws through: crossterm's, with one difference for
//! the cells [`crate::ui::text::settle`] gave a forced width (clusters terminals
//! measure differently). Their columns are blanked first and the cluster then drawn
//! at its column, and ratatui moves the cursor after it; so a terminal that gives the
//! cluster fewer columns than laid out shows blanks there, not what was there before,
//! and one that gives it more has the next cell written in its right place.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};

/// A backend that draws forced-width cells over blanks.
pub struct Cells<B> {
    inner: B,
}

impl<B> Cells<B> {
    pub fn new(inner: B) -> Cells<B> {
        Cells { inner }
    }
}

impl<B: Backend> Backend for Cells<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let content: Vec<(u16, u16, &Cell)> = content.collect();
        let forced = |c: &Cell| match c.diff_option {
            CellDiffOption::ForcedWidth(w) => Some(w.get()),
            _ => None,
        };
        if !content.iter().any(|(_, _, c)| forced(c).is_some()) {
            return self.inner.draw(content.into_iter());
        }
        let blanks: Vec<Cell> = content
            .iter()
            .filter(|(_, _, c)| forced(c).is_some())
            .map(|(_, _, c)| {
                let mut blank = (*c).clone();
                blank.set_symbol(" ").set_diff_option(CellDiffOption::None);
                blank
            })
            .collect();
        let mut blank = blanks.iter();
        let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(content.len() + 2 * blanks.len());
        for (x, y, cell) in content {
            if let (Some(width), Some(b)) = (forced(cell), blank.next()) {
                out.extend((0..width).map(|dx| (x.saturating_add(dx), y, b)));
            }
            out.push((x, y, cell));
        }
        self.inner.draw(out.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use std::num::NonZeroU16;

    /// A backend that records what it is asked to draw, in order.
    #[derive(Default)]
    struct Log(Vec<(u16, u16, String)>);

    impl Backend for Log {
        type Error = std::convert::Infallible;
        fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
        where
            I: Iterator<Item = (u16, u16, &'a Cell)>,
        {
            self.0
                .extend(content.map(|(x, y, c)| (x, y, c.symbol().to_string())));
            Ok(())
        }
        fn hide_cursor(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
        fn show_cursor(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
        fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
            Ok(Position::ORIGIN)
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, _: P) -> Result<(), Self::Error> {
            Ok(())
        }
        fn clear(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
        fn clear_region(&mut self, _: ClearType) -> Result<(), Self::Error> {
            Ok(())
        }
        fn size(&self) -> Result<Size, Self::Error> {
            Ok(Size::new(80, 24))
        }
        fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
            Ok(WindowSize {
                columns_rows: Size::new(80, 24),
                pixels: Size::new(0, 0),
            })
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
    }

    #[test]
    fn a_forced_cell_is_drawn_over_blanks() {
        let mut wide = Cell::new("শা");
        wide.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap()));
        let after = Cell::new("x");
        let mut cells = Cells::new(Log::default());
        cells
            .draw([(3, 1, &wide), (5, 1, &after)].into_iter())
            .unwrap();
        let drawn: Vec<(u16, &str)> = cells
            .inner
            .0
            .iter()
            .map(|(x, _, s)| (*x, s.as_str()))
            .collect();
        assert_eq!(drawn, [(3, " "), (4, " "), (3, "শা"), (5, "x")]);
    }

    #[test]
    fn other_cells_pass_as_they_are() {
        let mut cells = Cells::new(TestBackend::new(4, 1));
        let a = Cell::new("a");
        cells.draw([(0, 0, &a)].into_iter()).unwrap();
        cells.inner.assert_buffer_lines(["a   "]);
    }
}
