//! A cursor over a list of any length that is read a page at a time: the cursor
//! moves over the whole list, and when it leaves the page held, the page it is on is
//! asked for. The table shows rows of the held page only, so a page reads as one.
//!
//! Pages may be read beside the loop, so an answer can come after the cursor has
//! moved on: the cursor stays where the user put it, and its page is asked for next.

use std::cell::Cell;
use std::ops::Range;

use crate::keymap::Action;

/// Where the cursor is, and which rows are held.
#[derive(Debug)]
pub struct Pager {
    /// Rows a page holds; pages start at multiples of this.
    page: usize,
    total: usize,
    /// The rows held, by their place in the whole list.
    held: Option<Range<usize>>,
    /// The page asked for and not yet come.
    asked: Option<usize>,
    /// The rows held are shown until the page is read again, but must be.
    stale: bool,
    cursor: usize,
    /// Rows the table showed when last drawn: how far page up and down go.
    visible: Cell<usize>,
}

impl Pager {
    pub fn new(page: usize) -> Pager {
        Pager {
            page: page.max(1),
            total: 0,
            held: None,
            asked: None,
            stale: false,
            cursor: 0,
            visible: Cell::new(10),
        }
    }

    /// Another list (a filter or order changed): back to its top, nothing held.
    pub fn reset(&mut self) {
        self.refresh();
        self.held = None;
        self.cursor = 0;
    }

    /// The rows held may be out of date (the list was left and come back to): the
    /// page the cursor is on is read again, the cursor staying where it is, and the
    /// rows held are shown until it comes.
    pub fn refresh(&mut self) {
        self.stale = true;
        self.asked = None;
    }

    /// Whether no page is held yet (one is being read).
    pub fn loading(&self) -> bool {
        self.held.is_none()
    }

    /// How many rows the whole list has, as last read.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The cursor's place in the whole list.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Moves the cursor for a movement key; `false` for any other action. Page up and
    /// down go a screen at a time across pages; next and previous page go to the top
    /// of the page after or before.
    pub fn act(&mut self, action: Action) -> bool {
        let last = self.total.saturating_sub(1);
        let screen = self.visible.get().max(1);
        let top = self.cursor / self.page * self.page;
        self.cursor = match action {
            Action::Up => self.cursor.saturating_sub(1),
            Action::Down => self.cursor + 1,
            Action::PageUp => self.cursor.saturating_sub(screen),
            Action::PageDown => self.cursor + screen,
            Action::First => 0,
            Action::Last => last,
            Action::NextPage => top + self.page,
            Action::PrevPage => top.saturating_sub(self.page),
            _ => return false,
        }
        .min(last);
        true
    }

    /// Where the page to ask for starts, when the cursor is not on the page held and
    /// that page has not been asked for already; it is then counted as asked.
    pub fn to_ask(&mut self) -> Option<usize> {
        let want = match &self.held {
            Some(held) if !self.stale && (held.contains(&self.cursor) || held.is_empty()) => {
                return None;
            }
            _ => self.cursor / self.page * self.page,
        };
        if self.asked == Some(want) {
            return None;
        }
        self.asked = Some(want);
        Some(want)
    }

    /// A page asked for at `asked` came: `len` rows from `offset`, of `total` in all.
    /// When it starts before where it was asked (the list got shorter), the cursor
    /// goes onto it; otherwise the cursor stays where it is, on the list.
    pub fn loaded(&mut self, asked: usize, offset: usize, len: usize, total: usize) {
        if self.asked == Some(asked) {
            self.asked = None;
            self.stale = false;
        }
        self.total = total;
        self.held = Some(offset..offset + len);
        if offset < asked {
            let last = (offset + len).saturating_sub(1).max(offset);
            self.cursor = self.cursor.clamp(offset, last);
        }
        self.cursor = self.cursor.min(total.saturating_sub(1));
    }

    /// Where row `at` of the whole list is among the rows held.
    pub fn held_index(&self, at: usize) -> Option<usize> {
        self.held
            .as_ref()
            .filter(|h| h.contains(&at))
            .map(|h| at - h.start)
    }

    /// Where the cursor's row is among the rows held.
    pub fn cursor_index(&self) -> Option<usize> {
        self.held_index(self.cursor)
    }

    /// The rows a table `height` rows high shows: the cursor's row, with rows of the
    /// held page above it (the cursor goes down the screen, then the rows scroll).
    pub fn window(&self, height: usize) -> Range<usize> {
        let height = height.max(1);
        self.visible.set(height);
        let (start, end) = match &self.held {
            Some(h) if h.contains(&self.cursor) => (h.start, h.end),
            _ => (self.cursor, self.cursor + 1),
        };
        let first = self.cursor.saturating_sub(height - 1).max(start);
        first..(first + height).min(end)
    }

    /// `rows 201–400 of 12,345` when the list is longer than a page.
    pub fn position(&self) -> Option<String> {
        let held = self.held.as_ref().filter(|h| !h.is_empty())?;
        (self.total > self.page).then(|| {
            format!(
                "rows {}–{} of {}",
                grouped(held.start + 1),
                grouped(held.end),
                grouped(self.total)
            )
        })
    }

    /// Whether there is more than one page, so the page keys are worth a hint.
    pub fn paged(&self) -> bool {
        self.total > self.page
    }
}

/// A count with its thousands marked: `12,345`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12_345), "12,345");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn moving_off_the_page_held_asks_for_the_next() {
        let mut p = Pager::new(200);
        assert_eq!(p.to_ask(), Some(0));
        assert_eq!(p.to_ask(), None, "asked once");
        p.loaded(0, 0, 200, 450);
        assert_eq!(p.to_ask(), None);
        assert_eq!(p.window(20), 0..20);
        p.act(Action::Last);
        assert_eq!((p.cursor(), p.to_ask()), (449, Some(400)));
        p.loaded(400, 400, 50, 450);
        assert_eq!(p.position().as_deref(), Some("rows 401–450 of 450"));
        // The table starts at the page's first row, not above it.
        assert_eq!(p.window(20), 430..450);
        p.act(Action::PrevPage);
        assert_eq!((p.cursor(), p.to_ask()), (200, Some(200)));
        p.loaded(200, 200, 200, 450);
        assert_eq!(p.window(20), 200..220);
        p.act(Action::Up);
        assert_eq!((p.cursor(), p.to_ask()), (199, Some(0)));
    }

    #[test]
    fn a_shorter_list_keeps_the_cursor_on_it() {
        let mut p = Pager::new(200);
        p.loaded(0, 0, 200, 450);
        p.act(Action::Last);
        // Fewer cases by the time the page is read: the last page comes instead.
        p.loaded(400, 200, 100, 300);
        assert_eq!((p.cursor(), p.to_ask()), (299, None));
        p.loaded(0, 0, 0, 0);
        assert_eq!((p.cursor(), p.to_ask(), p.position()), (0, None, None));
    }

    #[test]
    fn an_answer_after_the_cursor_moved_on_leaves_it_there() {
        let mut p = Pager::new(200);
        p.loaded(0, 0, 200, 1000);
        p.act(Action::NextPage);
        assert_eq!(p.to_ask(), Some(200));
        p.act(Action::NextPage);
        assert_eq!(p.to_ask(), Some(400));
        // The first answer comes: the cursor stays on row 401, whose page is awaited.
        p.loaded(200, 200, 200, 1000);
        assert_eq!((p.cursor(), p.to_ask()), (400, None));
        p.loaded(400, 400, 200, 1000);
        assert_eq!((p.cursor(), p.cursor_index()), (400, Some(0)));
        // Read again when the list is come back to, showing what it held meanwhile.
        p.refresh();
        assert_eq!((p.to_ask(), p.loading()), (Some(400), false));
        p.loaded(400, 400, 200, 1000);
        assert_eq!(p.to_ask(), None);
    }
}
