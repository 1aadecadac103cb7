//! User administration: the users (login, name, role, whether they can sign in), and
//! one key each to add a user, change a role, disable an account or give a new
//! passphrase. Everything goes through the service, which refuses anyone who is not
//! an administrator; its refusal is shown in its own words.

mod dialogs;
mod secret;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::home::Home;
use crate::domain::User;
use crate::keymap::{Action, Context};
use crate::service::{AccountState, UserRow};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::{AdminEffect, Effect, Reply};
use crate::ui::text::shown;
use dialogs::{Disable, UserDialog};

/// The users screen.
pub struct UsersScreen {
    users: Option<Vec<UserRow>>,
    cursor: usize,
    /// Why nothing is shown: the service's refusal.
    refused: Option<String>,
}

impl Default for UsersScreen {
    fn default() -> Self {
        UsersScreen::new()
    }
}

impl UsersScreen {
    pub fn new() -> UsersScreen {
        UsersScreen {
            users: None,
            cursor: 0,
            refused: None,
        }
    }

    fn selected(&self) -> Option<&User> {
        self.users
            .as_ref()
            .and_then(|u| u.get(self.cursor))
            .map(|r| &r.user)
    }

    /// A dialog about the selected user.
    fn on_user(&mut self, action: Action, cx: &mut Ctx) {
        let Some(u) = self.selected() else {
            cx.info("No user selected");
            return;
        };
        match action {
            Action::ChangeRole => cx.push(UserDialog::role(u)),
            Action::ResetPassphrase => cx.push(UserDialog::reset(u)),
            _ if !u.active => cx.info(format!("{} is already disabled", shown(&u.login))),
            _ => cx.push(Disable::new(u)),
        }
    }
}

impl Component for UsersScreen {
    fn context(&self) -> Context {
        Context::Admin
    }

    fn title(&self) -> String {
        "Users".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Admin(AdminEffect::LoadUsers));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.users.as_ref().map_or(0, Vec::len).saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::AddUser => cx.push(UserDialog::add()),
            Action::ChangeRole | Action::ResetPassphrase | Action::DisableUser => {
                self.on_user(action, cx)
            }
            Action::Cancel => cx.goto(Home::new()),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Users(users) => {
                self.refused = None;
                self.cursor = self.cursor.min(users.len().saturating_sub(1));
                self.users = Some(users.clone());
            }
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                if self.users.is_none() {
                    self.refused = Some(message.clone());
                }
                cx.error(format!("Not done: {message}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::AddUser,
            Action::ChangeRole,
            Action::DisableUser,
            Action::ResetPassphrase,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::AddUser,
            Action::ChangeRole,
            Action::DisableUser,
            Action::ResetPassphrase,
            Action::Cancel,
        ];
        keys_of(&own, &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Users ", t.heading()));
        let users = match (&self.refused, &self.users) {
            (Some(m), _) => {
                let text = format!(" Not shown: {}", shown(m));
                frame.render_widget(Paragraph::new(text).block(block), area);
                return;
            }
            (None, None) => {
                frame.render_widget(Paragraph::new(" Loading…").block(block), area);
                return;
            }
            (None, Some(users)) => users,
        };
        let visible = area.height.saturating_sub(3) as usize;
        let first = self.cursor.saturating_sub(visible.saturating_sub(1));
        let rows: Vec<Row> = users
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, row)| {
                let (u, state) = (&row.user, row.state);
                let here = i == self.cursor;
                let marker = if here { ">" } else { " " };
                let cells = [
                    format!("{marker} {}", shown(&u.login)),
                    shown(&u.display_name).into_owned(),
                    u.role.name().to_string(),
                    sign_in(state),
                ];
                Row::new(cells.into_iter().map(Cell::from)).style(if here {
                    t.focus()
                } else if state.can_sign_in() {
                    t.normal()
                } else {
                    t.dim()
                })
            })
            .collect();
        let header = Row::new(["  Login", "Name", "Role", "Can sign in"]).style(t.heading());
        let widths = [
            Constraint::Length(20),
            Constraint::Min(16),
            Constraint::Length(16),
            Constraint::Length(18),
        ];
        frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
    }
}

/// Whether they can sign in, in the service's words; a mark, not only dimming, for those
/// who cannot.
fn sign_in(state: AccountState) -> String {
    match state {
        AccountState::Active => "yes".into(),
        other => format!("✗ {}", other.says()),
    }
}
