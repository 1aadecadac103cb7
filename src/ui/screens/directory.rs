//! The directory screen: every organisation and community group, filtered as the
//! worker types. Words narrow by name, kind, who they serve, what they offer, languages
//! and contact; `kind:`, `for:`, `does:`, `lang:` and `day:` narrow by one facet
//! ("day:sun lang:cantonese": who meets on a Sunday and speaks Cantonese). The line
//! under the filter says so, so the screen teaches itself. The directory is read once
//! and filtered here, so a keystroke costs no round trip.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::directory_forms::{Consulted, consultation_form, entry_of_row, organisation_form};
use super::organisation::OrganisationScreen;
use crate::domain::{MeetingTime, Role};
use crate::keymap::{Action, Context};
use crate::service::NewOrganisation;
use crate::service::views::FACETS;
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, global_but, keys_of};
use crate::ui::msg::{
    AdminEffect, DirectoryEffect, DirectoryFilter, DirectoryRow, Effect, Notice, Reply,
};
use crate::ui::widgets::query_bar::QueryBar;
use crate::ui::widgets::wrap::{fit, pad};

/// Where the filter's text starts: after ` Filter: `.
const PROMPT: &str = " Filter: ";
/// Column widths after the `> ` marker: name, kind, languages; meetings take the rest.
const COLUMNS: [usize; 3] = [27, 17, 14];

/// The directory screen.
pub struct DirectoryScreen {
    input: QueryBar,
    rows: Option<Vec<DirectoryRow>>,
    /// Indexes into `rows` of those the filter keeps.
    kept: Vec<usize>,
    /// What cannot be read in the filter, said under it.
    problem: Option<String>,
    cursor: usize,
    /// Consultations in 90 days that make logging another warn.
    limit: u32,
    /// Volunteers read the directory; only others are offered changes.
    may_change: bool,
}

impl Default for DirectoryScreen {
    fn default() -> Self {
        DirectoryScreen::new()
    }
}

impl DirectoryScreen {
    pub fn new() -> DirectoryScreen {
        DirectoryScreen {
            input: QueryBar::new(PROMPT),
            rows: None,
            kept: Vec::new(),
            problem: None,
            cursor: 0,
            // Known with the rows, which come with it.
            limit: u32::MAX,
            may_change: false,
        }
    }

    /// Runs the filter's text over the rows, staying on the row that had focus.
    fn refilter(&mut self) {
        let was = self.selected().map(|r| r.id);
        let (filter, problem) = DirectoryFilter::parse(&self.input.text());
        self.problem = problem;
        let rows = self.rows.as_deref().unwrap_or_default();
        self.kept = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| filter.matches(r))
            .map(|(i, _)| i)
            .collect();
        self.cursor = was
            .and_then(|id| self.kept.iter().position(|i| rows[*i].id == id))
            .unwrap_or(0);
    }

    fn selected(&self) -> Option<&DirectoryRow> {
        let rows = self.rows.as_ref()?;
        self.kept.get(self.cursor).map(|i| &rows[*i])
    }

    /// Adding, editing and logging consultations, for those who may.
    fn change(&self, action: Action, cx: &mut Ctx) {
        if !self.may_change {
            cx.error("The directory is changed by caseworkers and administrators");
            return;
        }
        let row = self.selected();
        match (action, row) {
            (Action::AddOrganisation, _) => {
                cx.push(organisation_form(None, &NewOrganisation::default(), cx));
            }
            (Action::EditOrganisation, Some(r)) => {
                cx.push(organisation_form(Some(r.id), &entry_of_row(r), cx));
            }
            (_, Some(r)) => cx.push(consultation_form(Consulted {
                id: r.id,
                name: r.name.clone(),
                lately: r.consulted_lately,
                limit: self.limit,
            })),
            (_, None) => cx.info("Nothing chosen: no organisation matches the filter"),
        }
    }
}

impl Component for DirectoryScreen {
    fn context(&self) -> Context {
        Context::Directory
    }

    fn title(&self) -> String {
        "Directory".into()
    }

    /// Read again on coming back from a card or a dialog: it may have changed.
    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Directory(DirectoryEffect::Load));
        cx.effect(Effect::Admin(AdminEffect::LoadRole));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.kept.len().saturating_sub(1);
        let page = 10;
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp | Action::PrevSection => self.cursor = self.cursor.saturating_sub(page),
            Action::PageDown | Action::NextSection => self.cursor = (self.cursor + page).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Select | Action::Open => match self.selected() {
                Some(r) => cx.push(OrganisationScreen::new(r.id)),
                None => cx.info("No organisation matches the filter"),
            },
            Action::AddOrganisation | Action::EditOrganisation | Action::LogConsultation => {
                self.change(action, cx)
            }
            // Already here; esc goes home, as from the other places.
            Action::Directory => {}
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        let outcome = self.input.key(key);
        if outcome.changed {
            self.refilter();
        }
        if outcome.used {
            Handled::Yes
        } else {
            Handled::No
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        if self.input.paste(text).changed {
            self.refilter();
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Directory { rows, limit } => {
                self.rows = Some((**rows).clone());
                self.limit = *limit;
                self.refilter();
            }
            Reply::Role(role) => self.may_change = *role != Role::Volunteer,
            // The directory, or the consultation limit (settings), changed elsewhere.
            Reply::Changed(Notice::Directory | Notice::Setup) => {
                cx.effect(Effect::Directory(DirectoryEffect::Load))
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        let mut hints = vec![Action::Select];
        if self.may_change {
            hints.extend([
                Action::AddOrganisation,
                Action::EditOrganisation,
                Action::LogConsultation,
            ]);
        }
        hints.push(Action::Cancel);
        hints
    }

    fn keys(&self) -> Vec<Action> {
        let mut own = vec![Action::Select, Action::Open];
        if self.may_change {
            own.extend([
                Action::AddOrganisation,
                Action::EditOrganisation,
                Action::LogConsultation,
            ]);
        }
        own.extend([Action::NextSection, Action::PrevSection, Action::Cancel]);
        keys_of(&own, &MOVES)
    }

    /// The directory is here already.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Directory])
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        Some(self.input.cursor(area))
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Directory ", t.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [bar, note, head, list, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let width = inner.width as usize;
        self.input.draw(frame, bar, cx.theme);
        frame.render_widget(Paragraph::new(self.note(width, cx)), note);
        let heading = row_text(
            ["NAME", "KIND", "LANGUAGES", "MEETS"].map(String::from),
            width,
            false,
        );
        frame.render_widget(Paragraph::new(Span::styled(heading, t.dim())), head);
        let Some(rows) = &self.rows else {
            frame.render_widget(Paragraph::new(" Loading…"), list);
            return;
        };
        let height = list.height as usize;
        let first = (self.cursor + 1).saturating_sub(height);
        let lines: Vec<Line> = self
            .kept
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(n, i)| {
                let here = n == self.cursor;
                let style = if here { t.focus() } else { t.normal() };
                Line::from(Span::styled(row_text(cells(&rows[*i]), width, here), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(r) = self.selected() {
            frame.render_widget(
                Paragraph::new(Span::styled(about(r, self.limit, width), t.dim())),
                detail,
            );
        }
    }
}

/// The cells of a row: name, kind, languages, and its first meeting time (with how
/// many more).
fn cells(r: &DirectoryRow) -> [String; 4] {
    let meets = match r.meets.split_first() {
        None => String::new(),
        Some((first, [])) => first.to_string(),
        Some((first, more)) => format!("{first} +{}", more.len()),
    };
    [
        r.name.clone(),
        r.kind.clone(),
        r.languages.join(", "),
        meets,
    ]
}

/// A row as one line: `> ` on the row with focus (not only reverse video).
fn row_text(cells: [String; 4], width: usize, here: bool) -> String {
    let mut text = String::from(if here { "> " } else { "  " });
    for (cell, w) in cells.iter().zip(COLUMNS) {
        text.push_str(&pad(cell, w - 1));
        text.push(' ');
    }
    text.push_str(&cells[3]);
    pad(&text, width)
}

/// The selected row's line: how often it was asked lately (marked `!` at the limit),
/// who it serves, what it offers.
fn about(r: &DirectoryRow, limit: u32, width: usize) -> String {
    let mark = if r.consulted_lately >= limit as usize {
        "! "
    } else {
        ""
    };
    let mut parts = vec![format!("{mark}Consulted {} in 90 days", r.consulted_lately)];
    if !r.communities.is_empty() {
        parts.push(format!("serves {}", r.communities.join(", ")));
    }
    if !r.services.is_empty() {
        parts.push(format!("offers {}", r.services.join(", ")));
    }
    if r.meets.len() > 1 {
        parts.push(format!("meets {}", MeetingTime::list(&r.meets)));
    }
    fit(&format!(" {}", parts.join(" · ")), width)
}

impl DirectoryScreen {
    /// Under the filter: what cannot be read in it, or how many are shown and how to
    /// narrow them.
    fn note(&self, width: usize, cx: &ViewCtx) -> Line<'static> {
        let t = cx.theme;
        if let Some(p) = &self.problem {
            return Line::from(Span::styled(fit(&format!(" ! {p}"), width), t.error()));
        }
        let total = self.rows.as_ref().map_or(0, Vec::len);
        let text = format!(
            " {} of {total} · words, or {FACETS} e.g. day:sun lang:cantonese",
            self.kept.len()
        );
        Line::from(Span::styled(fit(&text, width), t.dim()))
    }
}
