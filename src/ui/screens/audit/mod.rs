//! The audit log for administrators: every sign-in, view and change, newest first, a
//! page at a time (a log of a million entries is never read whole to show a screen),
//! filtered by case, user or date, with a line saying whether the chain verifies.
//!
//! Checking the chain reads every entry (about ten seconds for a million), so it runs
//! by itself only for a log small enough to check at once; otherwise a key asks for it.

mod filter;
pub mod history;
pub mod table;

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Table};

use super::home::Home;
use crate::keymap::{Action, Context};
use crate::service::{AuditQuery, AuditRow};
use crate::ui::component::{Component, Ctx, FORM_KEYS, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::{AdminEffect, AuditPage, ChainCheck, Effect, Reply};
use filter::Filter;

/// Entries read at a time: a few screens' worth, so paging rarely waits.
pub const PAGE: usize = 200;

/// The newest entry number up to which the chain is checked without being asked
/// (about half a second's work).
const AUTO_VERIFY: u64 = 50_000;

/// Where the chain check stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chain {
    NotChecked,
    Checking,
    Done(ChainCheck),
}

/// The audit screen.
pub struct AuditScreen {
    query: AuditQuery,
    /// What the filter says, in words, for the filter line.
    said: Vec<String>,
    /// What was typed in the filter's fields, to offer again.
    texts: [String; 3],
    rows: Option<Vec<AuditRow>>,
    more: bool,
    /// A next page was asked for and has not come yet.
    loading: bool,
    cursor: usize,
    chain: Chain,
    /// Why nothing is shown: the service's refusal.
    refused: Option<String>,
    filter: Option<Filter>,
    /// Rows the table showed last time it was drawn, for paging.
    visible: Cell<usize>,
}

impl Default for AuditScreen {
    fn default() -> Self {
        AuditScreen::new()
    }
}

impl AuditScreen {
    pub fn new() -> AuditScreen {
        AuditScreen {
            query: AuditQuery {
                limit: PAGE,
                ..AuditQuery::default()
            },
            said: Vec::new(),
            texts: Default::default(),
            rows: None,
            more: false,
            loading: false,
            cursor: 0,
            chain: Chain::NotChecked,
            refused: None,
            filter: None,
            visible: Cell::new(10),
        }
    }

    fn len(&self) -> usize {
        self.rows.as_ref().map_or(0, Vec::len)
    }

    fn reload(&mut self, cx: &mut Ctx) {
        self.loading = false;
        cx.effect(Effect::Admin(AdminEffect::LoadAudit(AuditQuery {
            before: None,
            ..self.query.clone()
        })));
    }

    /// Moves the cursor; near the end of what is loaded, asks for the next page.
    fn move_to(&mut self, to: usize, cx: &mut Ctx) {
        let last = self.len().saturating_sub(1);
        self.cursor = to.min(last);
        let near_end = self.cursor + self.visible.get().max(1) >= self.len();
        if near_end && self.more && !self.loading {
            let before = self.rows.as_ref().and_then(|r| r.last()).map(|r| r.seq);
            self.loading = true;
            cx.effect(Effect::Admin(AdminEffect::LoadAudit(AuditQuery {
                before,
                ..self.query.clone()
            })));
        }
    }

    fn page(&mut self, page: &AuditPage, cx: &mut Ctx) {
        let base = AuditQuery {
            before: None,
            ..page.query.clone()
        };
        let ours = AuditQuery {
            before: None,
            ..self.query.clone()
        };
        if base != ours {
            return; // an answer to a filter since changed
        }
        self.refused = None;
        match (page.query.before, &mut self.rows) {
            (Some(before), Some(rows)) if rows.last().map(|r| r.seq) == Some(before) => {
                rows.extend(page.rows.iter().cloned());
                self.loading = false;
            }
            (Some(_), _) => return,
            (None, _) => {
                let first = self.rows.is_none();
                self.rows = Some(page.rows.clone());
                self.cursor = self.cursor.min(page.rows.len().saturating_sub(1));
                let unfiltered = self.said.is_empty();
                let small = page.rows.first().is_none_or(|r| r.seq <= AUTO_VERIFY);
                if first && unfiltered && small && self.chain == Chain::NotChecked {
                    self.chain = Chain::Checking;
                    cx.effect(Effect::Admin(AdminEffect::VerifyAudit));
                }
            }
        }
        self.more = page.more;
    }

    fn verify(&mut self, cx: &mut Ctx) {
        self.chain = Chain::Checking;
        cx.info("Checking every entry of the audit chain…");
        cx.effect(Effect::Admin(AdminEffect::VerifyAudit));
    }

    fn filter_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let Some(f) = &mut self.filter else {
            return Handled::No;
        };
        match action {
            Action::NextField | Action::Down => f.form.next(),
            Action::PrevField | Action::Up => f.form.prev(),
            Action::Select if !f.form.is_last() => f.form.next(),
            Action::Select | Action::Save => {
                if let Some((query, said)) = f.parse(cx.now) {
                    self.texts = f.texts();
                    self.query = AuditQuery {
                        limit: PAGE,
                        ..query
                    };
                    self.said = said;
                    self.filter = None;
                    self.rows = None;
                    self.cursor = 0;
                    self.reload(cx);
                }
            }
            Action::Cancel => self.filter = None,
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn chain_line(&self, t: crate::ui::theme::Theme, verify_key: &str) -> Line<'static> {
        match &self.chain {
            Chain::NotChecked => Line::from(Span::styled(
                format!(
                    " ? Chain not checked yet: {verify_key} checks every entry (slow with a big log)"
                ),
                t.dim(),
            )),
            Chain::Checking => Line::from(Span::styled(" … Checking the chain", t.dim())),
            Chain::Done(ChainCheck::Verified { head, .. }) => Line::from(Span::styled(
                format!(" ✓ Chain verified: entries 1 to {head} are intact"),
                t.ok(),
            )),
            Chain::Done(ChainCheck::Broken { seq, problem }) => Line::from(Span::styled(
                format!(" ✗ Chain BROKEN at entry {seq}: {problem}"),
                t.error(),
            )),
        }
    }

    fn filter_line(&self, t: crate::ui::theme::Theme, key: &str) -> Line<'static> {
        let text = if self.said.is_empty() {
            format!(" Filter: none ({key} filters by case, user or date)")
        } else {
            format!(" Filter: {} ({key} changes it)", self.said.join(" · "))
        };
        Line::from(Span::styled(text, t.normal()))
    }
}

impl Component for AuditScreen {
    fn context(&self) -> Context {
        if self.filter.is_some() {
            Context::Form
        } else {
            Context::Admin
        }
    }

    fn title(&self) -> String {
        "Audit log".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        self.reload(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.filter.is_some() {
            return self.filter_action(action, cx);
        }
        let page = self.visible.get().max(1);
        match action {
            Action::Up => self.move_to(self.cursor.saturating_sub(1), cx),
            Action::Down => self.move_to(self.cursor + 1, cx),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(page), cx),
            Action::PageDown => self.move_to(self.cursor + page, cx),
            Action::First => self.move_to(0, cx),
            Action::Last => self.move_to(usize::MAX, cx),
            Action::FilterAudit => self.filter = Some(Filter::new(&self.texts)),
            Action::VerifyAudit => self.verify(cx),
            Action::Cancel => cx.goto(Home::new()),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        match &mut self.filter {
            Some(f) => {
                f.form.key(key);
                Handled::Yes
            }
            None => Handled::No,
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        match &mut self.filter {
            Some(f) => {
                f.form.paste(text);
                Handled::Yes
            }
            None => Handled::No,
        }
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Audit(page) => self.page(page, cx),
            Reply::AuditVerified(check) => {
                self.chain = Chain::Done(check.clone());
                if let ChainCheck::Broken { seq, .. } = check {
                    cx.error(format!("The audit chain is broken at entry {seq}"));
                }
            }
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                self.loading = false;
                if self.chain == Chain::Checking {
                    self.chain = Chain::NotChecked;
                }
                if self.rows.is_none() {
                    self.refused = Some(message.clone());
                }
                cx.error(format!("Not shown: {message}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        if self.filter.is_some() {
            return vec![Action::Select, Action::NextField, Action::Cancel];
        }
        vec![
            Action::FilterAudit,
            Action::VerifyAudit,
            Action::PageDown,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        if self.filter.is_some() {
            return FORM_KEYS.to_vec();
        }
        keys_of(
            &[Action::FilterAudit, Action::VerifyAudit, Action::Cancel],
            &MOVES,
        )
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        self.filter
            .as_ref()
            .and_then(|f| f.cursor.get())
            .filter(|_| area.width > 0)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let [chain, filter, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
        ])
        .areas(area);
        let verify_key = cx.keymap.hint(Context::Admin, Action::VerifyAudit);
        let filter_key = cx.keymap.hint(Context::Admin, Action::FilterAudit);
        frame.render_widget(Paragraph::new(self.chain_line(t, &verify_key)), chain);
        frame.render_widget(Paragraph::new(self.filter_line(t, &filter_key)), filter);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Audit log, newest first ", t.heading()));
        let message = match (&self.refused, &self.rows) {
            (Some(m), _) => Some(format!(" Not shown: {}", crate::ui::text::shown(m))),
            (None, None) => Some(" Loading…".into()),
            (None, Some(rows)) if rows.is_empty() => Some(" No entries match.".into()),
            _ => None,
        };
        if let Some(m) = message {
            frame.render_widget(Paragraph::new(m).block(block), body);
        } else if let Some(rows) = &self.rows {
            draw_rows(self, rows, frame, body, block, cx);
        }
        if let Some(f) = &self.filter {
            f.draw(frame, area, t);
        }
    }
}

/// The table, with the selected entry's detail and how much is loaded under it.
fn draw_rows(
    s: &AuditScreen,
    rows: &[AuditRow],
    frame: &mut Frame,
    area: Rect,
    block: Block,
    cx: &ViewCtx,
) {
    let t = cx.theme;
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, foot] = Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    let visible = list.height.saturating_sub(1) as usize;
    s.visible.set(visible);
    let first = table::first_shown(s.cursor, visible);
    let shown: Vec<_> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, r)| table::row(r, i == s.cursor, t))
        .collect();
    frame.render_widget(
        Table::new(shown, table::WIDTHS).header(table::header(t)),
        list,
    );
    let mut lines = Vec::new();
    if let Some(r) = rows.get(s.cursor) {
        lines.push(table::detail_line(r, t));
    }
    let loaded = if s.more {
        format!(
            " {} entries loaded; older ones load as you page down",
            rows.len()
        )
    } else {
        format!(" {} entries", rows.len())
    };
    lines.push(Line::from(Span::styled(loaded, t.dim())));
    frame.render_widget(Paragraph::new(lines), foot);
}
