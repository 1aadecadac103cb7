//! The follow-up queue: what is overdue, due today, this week, later, and done, most
//! urgent first as the service orders it. One key each to finish, snooze or pass on a
//! follow-up, and one key for each saved queue.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use super::queue_table;
use crate::keymap::{Action, Context};
use crate::service::{Bucket, QueueRequest, QueueRow, Scope};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, global_but, keys_of};
use crate::ui::layers::follow_up::{self, Target};
use crate::ui::msg::{CaseEffect, Effect, Notice, QueueData, Reply};

/// A saved queue: a name, and the settings it stands for.
struct Saved {
    action: Action,
    name: &'static str,
    mine: bool,
    bucket: Bucket,
    safeguarding_only: bool,
}

/// The built-in saved queues, one key each.
const SAVED: [Saved; 4] = [
    Saved {
        action: Action::SavedQueue1,
        name: "My overdue",
        mine: true,
        bucket: Bucket::Overdue,
        safeguarding_only: false,
    },
    Saved {
        action: Action::SavedQueue2,
        name: "My today",
        mine: true,
        bucket: Bucket::Today,
        safeguarding_only: false,
    },
    Saved {
        action: Action::SavedQueue3,
        name: "Safeguarding this week",
        mine: false,
        bucket: Bucket::Week,
        safeguarding_only: true,
    },
    Saved {
        action: Action::SavedQueue4,
        name: "Everyone's overdue",
        mine: false,
        bucket: Bucket::Overdue,
        safeguarding_only: false,
    },
];

/// Rows read at once: far more than a screen shows.
const QUEUE_ROWS: usize = 200;

/// The queue screen.
pub struct QueueScreen {
    mine: bool,
    safeguarding_only: bool,
    bucket: Bucket,
    data: Option<QueueData>,
    cursor: usize,
}

impl Default for QueueScreen {
    fn default() -> Self {
        QueueScreen::new()
    }
}

impl QueueScreen {
    /// The signed-in worker's overdue follow-ups: what needs doing first.
    pub fn new() -> QueueScreen {
        QueueScreen {
            mine: true,
            safeguarding_only: false,
            bucket: Bucket::Overdue,
            data: None,
            cursor: 0,
        }
    }

    fn load(&self, cx: &mut Ctx) {
        cx.effect(Effect::Case(CaseEffect::LoadQueue(QueueRequest {
            scope: if self.mine {
                Scope::Mine
            } else {
                Scope::Everyone
            },
            buckets: vec![self.bucket],
            safeguarding_only: self.safeguarding_only,
            today: cx.now.date(),
            limit: QUEUE_ROWS,
        })));
    }

    fn reload(&mut self, cx: &mut Ctx) {
        self.cursor = 0;
        self.load(cx);
    }

    fn rows(&self) -> &[QueueRow] {
        self.data.as_ref().map_or(&[], |d| d.view.rows.as_slice())
    }

    fn count(&self, b: Bucket) -> usize {
        self.data
            .as_ref()
            .and_then(|d| d.view.counts.iter().find(|(x, _)| *x == b))
            .map_or(0, |(_, n)| *n)
    }

    fn step_bucket(&mut self, forward: bool, cx: &mut Ctx) {
        let at = Bucket::ALL
            .iter()
            .position(|b| *b == self.bucket)
            .unwrap_or(0);
        let n = Bucket::ALL.len();
        self.bucket = Bucket::ALL[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
        self.reload(cx);
    }

    fn saved(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(s) = SAVED.iter().find(|s| s.action == action) {
            self.mine = s.mine;
            self.bucket = s.bucket;
            self.safeguarding_only = s.safeguarding_only;
            cx.info(format!("Saved queue: {}", s.name));
            self.reload(cx);
        }
    }

    /// The saved queue the settings are, if any.
    fn current_saved(&self) -> Option<&'static str> {
        SAVED
            .iter()
            .find(|s| {
                s.mine == self.mine
                    && s.bucket == self.bucket
                    && s.safeguarding_only == self.safeguarding_only
            })
            .map(|s| s.name)
    }

    fn on_row(&mut self, action: Action, cx: &mut Ctx) {
        let Some(row) = self.rows().get(self.cursor).cloned() else {
            cx.info("Nothing in this queue");
            return;
        };
        if row.bucket == Bucket::Done {
            cx.info("That follow-up is already done");
            return;
        }
        let mut banner = Vec::new();
        if let Some((_, r)) = row.case {
            banner.push(format!("Case {r}"));
        }
        if row.safeguarding {
            banner.push("! SAFEGUARDING concern on this case".into());
        }
        let target = Target {
            id: row.id,
            action: row.action.clone(),
            due: row.due,
            banner,
        };
        match action {
            Action::Complete => cx.push(follow_up::complete(target)),
            Action::Snooze => cx.push(follow_up::snooze(target, cx.now.date())),
            _ => {
                let Some(team) = self.data.as_ref().map(|d| &d.team) else {
                    return;
                };
                cx.push(follow_up::reassign(target, team, row.assignee));
            }
        }
    }
}

impl Component for QueueScreen {
    fn context(&self) -> Context {
        Context::Queue
    }

    fn title(&self) -> String {
        "Follow-ups".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.rows().len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::NextPane => self.step_bucket(true, cx),
            Action::PrevPane => self.step_bucket(false, cx),
            Action::ToggleMine => {
                self.mine = !self.mine;
                self.reload(cx);
            }
            Action::ToggleSafeguarding => {
                self.safeguarding_only = !self.safeguarding_only;
                self.reload(cx);
            }
            Action::SavedQueue1
            | Action::SavedQueue2
            | Action::SavedQueue3
            | Action::SavedQueue4 => self.saved(action, cx),
            Action::Complete | Action::Snooze | Action::Reassign => self.on_row(action, cx),
            Action::Open => match self.rows().get(self.cursor).and_then(|r| r.case) {
                Some((id, _)) => cx.push(CaseScreen::new(id, true)),
                None if self.rows().is_empty() => {}
                None => cx.info("This follow-up belongs to an intake, not a case"),
            },
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            // Clients' names are shown as stored.
            Reply::Changed(Notice::FollowUps | Notice::Person(_)) => {
                self.load(cx);
                Handled::Yes
            }
            Reply::Queue(data) => {
                self.data = Some((**data).clone());
                self.cursor = self.cursor.min(self.rows().len().saturating_sub(1));
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Complete,
            Action::Snooze,
            Action::Reassign,
            Action::Open,
            Action::NextPane,
            Action::ToggleMine,
            Action::ToggleSafeguarding,
            Action::Cancel,
        ]
    }

    /// Going here again shows nothing new.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Queue])
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::Complete,
            Action::Snooze,
            Action::Reassign,
            Action::Open,
            Action::NextPane,
            Action::PrevPane,
            Action::ToggleMine,
            Action::ToggleSafeguarding,
            Action::SavedQueue1,
            Action::SavedQueue2,
            Action::SavedQueue3,
            Action::SavedQueue4,
        ];
        keys_of(&own, &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let whose = if self.mine { "mine" } else { "everyone's" };
        let sg = if self.safeguarding_only {
            " · safeguarding only"
        } else {
            ""
        };
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" Follow-ups · {whose}{sg} "),
            t.heading(),
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [tabs, saved, table, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(queue_table::DETAIL_ROWS),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(self.tab_line(cx)), tabs);
        frame.render_widget(Paragraph::new(self.saved_line(cx)), saved);
        if self.data.is_none() {
            frame.render_widget(Paragraph::new(" Loading…"), table);
            return;
        }
        if self.rows().is_empty() {
            let text = format!(" Nothing {} here.", self.bucket.label());
            frame.render_widget(Paragraph::new(text), table);
        } else {
            self.draw_table(frame, table, cx);
        }
        frame.render_widget(Paragraph::new(self.detail_lines(cx, detail.width)), detail);
    }
}

impl QueueScreen {
    /// `[Overdue 2]  Today 1  This week 0 ...`: the tab shown in brackets.
    fn tab_line(&self, cx: &ViewCtx) -> Line<'static> {
        let t = cx.theme;
        let mut spans = vec![Span::raw(" ")];
        for b in Bucket::ALL {
            let label = format!("{} {}", capital(b.label()), self.count(b));
            if b == self.bucket {
                spans.push(Span::styled(format!("[{label}]"), t.focus()));
            } else {
                spans.push(Span::styled(format!(" {label} "), t.normal()));
            }
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    }

    fn saved_line(&self, cx: &ViewCtx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let now = self.current_saved();
        let mut spans = vec![Span::raw("")];
        for s in &SAVED {
            let key = cx.keymap.hint(Context::Queue, s.action);
            let style = if now == Some(s.name) {
                t.heading()
            } else {
                t.normal()
            };
            spans.push(Span::styled(format!(" {key}"), t.key()));
            let marker = if now == Some(s.name) { "*" } else { "" };
            spans.push(Span::styled(format!(" {}{marker} ", s.name), style));
        }
        vec![Line::from(spans), Line::default()]
    }

    fn draw_table(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let Some(data) = &self.data else { return };
        let visible = area.height.saturating_sub(1).max(1) as usize;
        let table = queue_table::Table {
            data,
            everyone: !self.mine,
            cursor: self.cursor,
            first: self.cursor.saturating_sub(visible - 1),
            today: cx.now.date(),
        };
        table.draw(frame, area, cx.theme);
    }

    /// The selected follow-up in full, and what the flags mean.
    fn detail_lines(&self, cx: &ViewCtx, width: u16) -> Vec<Line<'static>> {
        let selected = self
            .data
            .as_ref()
            .filter(|d| self.cursor < d.view.rows.len())
            .map(|d| (d, self.cursor));
        queue_table::detail(selected, cx.theme, width as usize)
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
