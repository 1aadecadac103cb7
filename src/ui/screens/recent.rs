//! Recent intakes, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use super::incident::IncidentView;
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, global_but, keys_of};
use crate::ui::layers::open_case;
use crate::ui::msg::{Effect, IntakeEffect, IntakeRow, Notice, Reply};
use crate::ui::text::shown;

/// The list of recent intakes.
pub struct Recent {
    rows: Option<Vec<IntakeRow>>,
    cursor: usize,
}

impl Default for Recent {
    fn default() -> Self {
        Recent::new()
    }
}

impl Recent {
    pub fn new() -> Recent {
        Recent {
            rows: None,
            cursor: 0,
        }
    }

    fn len(&self) -> usize {
        self.rows.as_ref().map_or(0, Vec::len)
    }
}

impl Component for Recent {
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        "Recent intakes".into()
    }

    /// Read when first shown; coming back from an intake keeps the list and cursor:
    /// another worker's intake was read on its notice, heard under whatever was open.
    fn on_enter(&mut self, cx: &mut Ctx) {
        if self.rows.is_none() {
            cx.effect(Effect::Intake(IntakeEffect::LoadRecent));
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Open => match self.rows.as_ref().and_then(|r| r.get(self.cursor)) {
                Some(row) => cx.effect(Effect::Intake(IntakeEffect::LoadIncident(row.id))),
                None => return Handled::Yes,
            },
            Action::OpenCase | Action::AttachToCase => {
                let Some(row) = self.rows.as_ref().and_then(|r| r.get(self.cursor)) else {
                    return Handled::Yes;
                };
                if action == Action::OpenCase {
                    let layer = open_case::open_case(row.id, !row.strands.is_empty(), cx);
                    cx.push(layer);
                } else {
                    cx.push(open_case::attach(row.id));
                }
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Recent(rows) => {
                // Read again (a notice): stay on the intake the cursor was on.
                let was = self
                    .rows
                    .as_ref()
                    .and_then(|r| r.get(self.cursor))
                    .map(|r| r.id);
                self.cursor = was
                    .and_then(|id| rows.iter().position(|r| r.id == id))
                    .unwrap_or(0);
                self.rows = Some(rows.clone());
            }
            Reply::Incident(detail) => cx.push(IncidentView::new((**detail).clone())),
            // A new intake, or a caller's name changed (shown as stored).
            Reply::Changed(Notice::Intake | Notice::Person(_)) => {
                cx.effect(Effect::Intake(IntakeEffect::LoadRecent))
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Open,
            Action::OpenCase,
            Action::AttachToCase,
            Action::Down,
            Action::NewIntake,
            Action::Cancel,
        ]
    }

    /// Going here again shows nothing new.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::RecentIntakes])
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(
            &[Action::Open, Action::OpenCase, Action::AttachToCase],
            &MOVES,
        )
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Recent intakes ", t.heading()));
        let Some(rows) = &self.rows else {
            frame.render_widget(
                ratatui::widgets::Paragraph::new(" Loading…").block(block),
                area,
            );
            return;
        };
        if rows.is_empty() {
            let text = format!(
                " No intakes yet. {} starts one.",
                cx.keymap.hint(Context::List, Action::NewIntake)
            );
            frame.render_widget(ratatui::widgets::Paragraph::new(text).block(block), area);
            return;
        }
        let visible = area.height.saturating_sub(3) as usize;
        let first = self.cursor.saturating_sub(visible.saturating_sub(1));
        let table_rows: Vec<Row> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, r)| {
                let here = i == self.cursor;
                let cells = [
                    format!("{} {}", if here { ">" } else { " " }, r.reported),
                    shown(&r.caller).into_owned(),
                    shown(&r.location).into_owned(),
                    shown(&r.strands).into_owned(),
                ];
                Row::new(cells.into_iter().map(Cell::from)).style(if here {
                    t.focus()
                } else {
                    t.normal()
                })
            })
            .collect();
        let header = Row::new(["  Taken", "Caller", "Where", "Strands"]).style(t.heading());
        let widths = [
            Constraint::Length(18),
            Constraint::Length(22),
            Constraint::Min(16),
            Constraint::Length(16),
        ];
        frame.render_widget(
            Table::new(table_rows, widths).header(header).block(block),
            area,
        );
    }
}
