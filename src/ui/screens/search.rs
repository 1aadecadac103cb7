//! The search screen: one key from anywhere, a bar at the top, results grouped into
//! people, cases and organisations as the words are typed. Matched words are marked
//! with brackets and bold underline, so they read without colour (NO_COLOR, the Linux
//! console); a query that cannot run says what is wrong and points at where.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use super::organisation::OrganisationScreen;
use super::person::PersonScreen;
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, global_but, keys_of};
use crate::ui::msg::{Effect, Found, FoundGroup, FoundRow, Notice, Reply, SearchData};
use crate::ui::text::columns;
use crate::ui::widgets::line_view::column_of;
use crate::ui::widgets::marked::marked_spans;
use crate::ui::widgets::query_bar::QueryBar;
use crate::ui::widgets::wrap::wrap;

/// Where the text of the bar starts: after ` Find: `.
const PROMPT: &str = " Find: ";

/// Column widths of each group's rows (the last column takes what is left).
const PERSON_COLUMNS: [usize; 3] = [30, 30, 0];
const CASE_COLUMNS: [usize; 5] = [12, 18, 9, 16, 0];
const ORGANISATION_COLUMNS: [usize; 2] = [40, 0];

/// The search screen.
pub struct SearchScreen {
    input: QueryBar,
    data: Option<SearchData>,
    /// Position among all result rows, people first, then cases, then organisations.
    cursor: usize,
    /// While the index is still being built: records done of total.
    building: Option<(usize, usize)>,
}

impl Default for SearchScreen {
    fn default() -> Self {
        SearchScreen::new()
    }
}

impl SearchScreen {
    pub fn new() -> SearchScreen {
        SearchScreen {
            input: QueryBar::new(PROMPT),
            data: None,
            cursor: 0,
            building: None,
        }
    }

    fn text(&self) -> String {
        self.input.text()
    }

    fn groups(&self) -> [&FoundGroup; 3] {
        match &self.data {
            Some(d) => [&d.people, &d.cases, &d.organisations],
            None => [EMPTY_GROUP; 3],
        }
    }

    fn rows(&self) -> Vec<&FoundRow> {
        self.groups()
            .into_iter()
            .flat_map(|g| g.rows.iter())
            .collect()
    }

    /// Runs the bar's text again; an empty bar shows nothing.
    fn run(&mut self, cx: &mut Ctx) {
        let text = self.text();
        if text.trim().is_empty() {
            self.data = None;
            self.cursor = 0;
        } else {
            cx.effect(Effect::Search(text));
        }
    }

    /// The first row of the next (or previous) group that has rows.
    fn jump_group(&mut self, forward: bool) {
        let sizes = self.groups().map(|g| g.rows.len());
        let starts = [0, sizes[0], sizes[0] + sizes[1]];
        let here = starts.iter().rposition(|s| *s <= self.cursor).unwrap_or(0);
        let found = if forward {
            (here + 1..3).find(|g| sizes[*g] > 0)
        } else {
            (0..here).rev().find(|g| sizes[*g] > 0)
        };
        if let Some(g) = found {
            self.cursor = starts[g];
        }
    }

    fn open(&self, cx: &mut Ctx) {
        let Some(row) = self.rows().get(self.cursor).copied() else {
            return;
        };
        match row.target {
            Found::Case(id) => cx.push(CaseScreen::new(id, true)),
            Found::Person(id) => cx.push(PersonScreen::new(id)),
            Found::Organisation(id) => cx.push(OrganisationScreen::new(id)),
        }
    }
}

static EMPTY: FoundGroup = FoundGroup {
    total: 0,
    rows: Vec::new(),
};
const EMPTY_GROUP: &FoundGroup = &EMPTY;

impl Component for SearchScreen {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        "Search".into()
    }

    /// Coming back from a case or a card: what was found may have changed.
    fn on_enter(&mut self, cx: &mut Ctx) {
        self.run(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.rows().len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp | Action::PrevSection => self.jump_group(false),
            Action::PageDown | Action::NextSection => self.jump_group(true),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Select | Action::Open => self.open(cx),
            Action::Cancel => cx.back(),
            // Already here: the bar has the keys.
            Action::Search => {}
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Handled {
        let outcome = self.input.key(key);
        if outcome.changed {
            self.run(cx);
        }
        if outcome.used {
            Handled::Yes
        } else {
            Handled::No
        }
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) -> Handled {
        if self.input.paste(text).changed {
            self.run(cx);
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            // An answer to text since changed is dropped: the newer one follows.
            Reply::Found(data) if data.text == self.text() => {
                self.building = None;
                // The same text again (back from a case or a card): stay on the row
                // that was open. New text: the best result first.
                let was = self
                    .data
                    .as_ref()
                    .filter(|d| d.text == data.text)
                    .and_then(|_| self.rows().get(self.cursor).map(|r| r.target));
                self.data = Some((**data).clone());
                self.cursor = was
                    .and_then(|t| self.rows().iter().position(|r| r.target == t))
                    .unwrap_or(0);
                Handled::Yes
            }
            Reply::Found(_) => Handled::Yes,
            Reply::SearchBuilding(done, total) => {
                self.building = Some((*done, *total));
                Handled::Yes
            }
            Reply::SearchReady => {
                if self.building.take().is_some() {
                    self.run(cx);
                }
                Handled::Yes
            }
            // What the text finds may have changed: found again, on the same row.
            Reply::Changed(
                Notice::Intake | Notice::Case(_) | Notice::Person(_) | Notice::Directory,
            ) if self.data.is_some() => {
                self.run(cx);
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Select, Action::Down, Action::Cancel]
    }

    /// Until something is found there is nothing to open or move to.
    fn keys(&self) -> Vec<Action> {
        if self.rows().is_empty() {
            return vec![Action::Cancel];
        }
        let own = [
            Action::Select,
            Action::Open,
            Action::NextSection,
            Action::PrevSection,
            Action::Cancel,
        ];
        keys_of(&own, &MOVES)
    }

    /// Search is here already.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Search])
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        Some(self.input.cursor(area))
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Search ", t.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let notes = self.notes(inner.width as usize, cx);
        let [bar, note, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(notes.len().max(2) as u16),
            Constraint::Min(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(notes), note);
        self.input.draw(frame, bar, cx.theme);
        if let Some(d) = self.data.as_ref().filter(|d| d.problem.is_none()) {
            self.draw_results(frame, list, cx, d);
        }
    }
}

/// Says the index is not ready yet, and how far its build has come.
fn building_notes((done, total): (usize, usize), width: usize, cx: &ViewCtx) -> Vec<Line<'static>> {
    let words = match (done * 100).checked_div(total) {
        None => "Loading the search index; the results follow as soon as it is ready.".to_string(),
        Some(per_cent) => format!(
            "Building the search index from the records: {done} of {total} ({per_cent}%); \
             the results follow as soon as it is done."
        ),
    };
    wrap(&words, width.saturating_sub(2))
        .into_iter()
        .map(|row| Line::from(Span::styled(format!(" {row}"), cx.theme.dim())))
        .collect()
}

impl SearchScreen {
    /// What goes under the bar: what is wrong (carets under the fault, then the
    /// words, wrapped), or how many were found, or how to search.
    fn notes(&self, width: usize, cx: &ViewCtx) -> Vec<Line<'static>> {
        let t = cx.theme;
        if let Some(progress) = self.building {
            return building_notes(progress, width, cx);
        }
        let problem = self.data.as_ref().and_then(|d| d.problem.as_ref());
        match (problem, &self.data) {
            (Some(p), _) => {
                let value = self.input.text();
                let scroll = self.input.scroll(width);
                let bad: String = value.chars().skip(p.at).take(p.len).collect();
                let pad =
                    (self.input.prompt_width() + column_of(&value, p.at)).saturating_sub(scroll);
                let carets = "^".repeat(columns(&bad).max(1));
                let mut lines = vec![Line::from(Span::styled(
                    format!("{}{carets}", " ".repeat(pad)),
                    t.error(),
                ))];
                for (i, row) in wrap(&p.message, width.saturating_sub(3))
                    .into_iter()
                    .enumerate()
                {
                    let sign = if i == 0 { " ! " } else { "   " };
                    lines.push(Line::from(Span::styled(format!("{sign}{row}"), t.error())));
                }
                lines
            }
            (None, Some(d)) => vec![Line::from(Span::styled(format!(" {}", counts(d)), t.dim()))],
            (None, None) => vec![
                Line::from(Span::styled(
                    " A name, phone number, postcode, case reference or any word",
                    t.dim(),
                )),
                Line::from(Span::styled(
                    " Filters: kind: status: worker: flag: since: strand:",
                    t.dim(),
                )),
            ],
        }
    }

    fn draw_results(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx, data: &SearchData) {
        let t = cx.theme;
        let width = area.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor_line = 0;
        let mut n = 0;
        let groups: [(&str, &FoundGroup, &[usize]); 3] = [
            ("People", &data.people, &PERSON_COLUMNS),
            ("Cases", &data.cases, &CASE_COLUMNS),
            ("Organisations", &data.organisations, &ORGANISATION_COLUMNS),
        ];
        for (name, group, columns) in groups {
            lines.push(Line::from(Span::styled(heading(name, group), t.heading())));
            for row in &group.rows {
                let here = n == self.cursor;
                if here {
                    cursor_line = lines.len();
                }
                let base = if here { t.focus() } else { t.normal() };
                lines.push(row_line(row, columns, width, base, here));
                n += 1;
            }
        }
        let height = area.height as usize;
        let first = (cursor_line + 1).saturating_sub(height);
        let shown: Vec<Line> = lines.into_iter().skip(first).take(height).collect();
        frame.render_widget(Paragraph::new(shown), area);
    }
}

/// `People · 3`, or `People · first 20 of 143`, or `People · none`.
fn heading(name: &str, group: &FoundGroup) -> String {
    match (group.total, group.rows.len()) {
        (0, _) => format!(" {name} · none"),
        (total, shown) if shown < total => format!(" {name} · first {shown} of {total}"),
        (total, _) => format!(" {name} · {total}"),
    }
}

/// `2 people · 1 case · no organisations`.
fn counts(d: &SearchData) -> String {
    let say = |n: usize, one: &str, many: &str| match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    format!(
        "{} · {} · {}",
        say(d.people.total, "person", "people"),
        say(d.cases.total, "case", "cases"),
        say(d.organisations.total, "organisation", "organisations")
    )
}

/// One result row: a `>` on the row with focus (not only reverse video), then the
/// cells in their columns.
fn row_line(
    row: &FoundRow,
    columns: &[usize],
    width: usize,
    base: Style,
    here: bool,
) -> Line<'static> {
    let mut spans = vec![Span::styled(if here { "> " } else { "  " }, base)];
    let mut used = 2;
    for (i, cell) in row.cells.iter().enumerate() {
        let last = i + 1 >= row.cells.len() || i + 1 >= columns.len();
        let room = width.saturating_sub(used);
        let w = if last { room } else { columns[i].min(room) };
        if w == 0 {
            break;
        }
        // A space between columns: the cell gets one column less.
        let (cell_spans, taken) = marked_spans(cell, w.saturating_sub(1), base);
        spans.extend(cell_spans);
        let pad = w - taken;
        spans.push(Span::styled(" ".repeat(pad), base));
        used += w;
        if last {
            break;
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::line_view::line_view;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn the_cursor_follows_a_long_text_inside_the_box() {
        let text = "x".repeat(100);
        let screen = SearchScreen {
            input: QueryBar::with_text(PROMPT, text.clone()),
            ..SearchScreen::new()
        };
        let body = Rect::new(0, 1, 80, 21);
        let (x, y) = screen.cursor(body).expect("a cursor");
        assert_eq!(y, 2);
        // Just past the last character shown, left of the right border.
        let width = screen.input.text_width(78);
        let view = line_view(&text, screen.input.char_cursor(), width);
        assert_eq!(x as usize, 1 + PROMPT.width() + columns(&view.text));
        assert!(x < 79, "{x}");
    }

    #[test]
    fn the_cursor_follows_a_bengali_name_as_the_terminal_draws_it() {
        let screen = SearchScreen {
            input: QueryBar::with_text(PROMPT, "শাহানা".into()),
            ..SearchScreen::new()
        };
        let (x, _) = screen.cursor(Rect::new(0, 1, 80, 21)).expect("a cursor");
        assert_eq!(x as usize, 1 + PROMPT.width() + 6);
    }

    #[test]
    fn headings_say_how_many() {
        let mut g = FoundGroup::default();
        assert_eq!(heading("People", &g), " People · none");
        g.total = 143;
        g.rows = vec![
            FoundRow {
                target: Found::Person(crate::domain::PersonId::new()),
                cells: Vec::new(),
            };
            20
        ];
        assert_eq!(heading("People", &g), " People · first 20 of 143");
    }
}
