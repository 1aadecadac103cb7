//! A case's access history, over the case: every audit entry about it (who looked at
//! it and who changed it, when and from where), newest first. The service shows it to
//! administrators only; anyone else hears why on the status line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Table};

use super::table;
use crate::keymap::{Action, Context};
use crate::service::AuditRow;
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::AuditPage;
use crate::ui::text::shown;
use crate::ui::widgets::small_form::centred;

/// The access history layer.
pub struct AccessHistory {
    /// The case's reference and safeguarding marker (lines starting `!` are warnings).
    banner: Vec<String>,
    rows: Vec<AuditRow>,
    /// Whether older entries exist than the ones read.
    more: bool,
    cursor: usize,
}

impl AccessHistory {
    pub fn new(banner: Vec<String>, page: &AuditPage) -> AccessHistory {
        AccessHistory {
            banner,
            rows: page.rows.clone(),
            more: page.more,
            cursor: 0,
        }
    }
}

impl Component for AccessHistory {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        "Access history".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.rows.len().saturating_sub(1);
        self.cursor = match action {
            Action::Up => self.cursor.saturating_sub(1),
            Action::Down => (self.cursor + 1).min(last),
            Action::PageUp => self.cursor.saturating_sub(10),
            Action::PageDown => (self.cursor + 10).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Cancel | Action::Confirm => {
                cx.pop();
                return Handled::Yes;
            }
            _ => return Handled::No,
        };
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Down, Action::PageDown, Action::Cancel]
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(&[Action::Cancel, Action::Confirm], &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let r = centred(area, 80, area.height);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Access history, newest first ", t.heading()));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let [banner, list, foot] = Layout::vertical([
            Constraint::Length(self.banner.len() as u16),
            Constraint::Min(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        let lines: Vec<Line> = self
            .banner
            .iter()
            .map(|l| {
                let style = if l.starts_with('!') {
                    t.warn()
                } else {
                    t.heading()
                };
                Line::from(Span::styled(format!(" {}", shown(l)), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), banner);
        if self.rows.is_empty() {
            frame.render_widget(Paragraph::new(" Nothing recorded about this case."), list);
            return;
        }
        let visible = list.height.saturating_sub(1) as usize;
        let first = table::first_shown(self.cursor, visible);
        let shown: Vec<_> = self
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, row)| table::row(row, i == self.cursor, t))
            .collect();
        frame.render_widget(
            Table::new(shown, table::WIDTHS).header(table::header(t)),
            list,
        );
        let mut lines = Vec::new();
        if let Some(row) = self.rows.get(self.cursor) {
            lines.push(table::detail_line(row, t));
        }
        let count = if self.more {
            format!(
                " The newest {} entries; the audit log has the rest",
                self.rows.len()
            )
        } else {
            format!(" {} entries", self.rows.len())
        };
        lines.push(Line::from(Span::styled(count, t.dim())));
        frame.render_widget(Paragraph::new(lines), foot);
    }
}
