//! User administration: the users (login, name, role, whether they can sign in), and
//! one key each to add a user, change a role, disable an account or give a new
//! passphrase. Everything goes through the service, which refuses anyone who is not
//! an administrator; its refusal is shown in its own words.

mod dialogs;
mod secret;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::home::Home;
use crate::domain::User;
use crate::keymap::{Action, Context};
use crate::service::{AccountState, UserRow};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::{AdminEffect, Effect, Notice, Reply};
use crate::ui::text::shown;
use crate::ui::widgets::held_list::HeldList;
use crate::ui::widgets::paged_table::Columns;
use dialogs::{Disable, UserDialog};

/// The users screen.
pub struct UsersScreen {
    users: HeldList<UserRow>,
}

impl Default for UsersScreen {
    fn default() -> Self {
        UsersScreen::new()
    }
}

impl UsersScreen {
    pub fn new() -> UsersScreen {
        UsersScreen {
            users: HeldList::default(),
        }
    }

    fn selected(&self) -> Option<&User> {
        self.users.selected().map(|r| &r.user)
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
        if self.users.act(action) {
            return Handled::Yes;
        }
        match action {
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
            Reply::Users(users) => self.users.loaded(users),
            // Another administrator added, changed or disabled a user.
            Reply::Changed(Notice::Setup) => cx.effect(Effect::Admin(AdminEffect::LoadUsers)),
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                self.users.failed(message, cx)
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
        let columns = Columns {
            header: &["  Login", "Name", "Role", "Can sign in"],
            widths: &[
                Constraint::Length(16),
                Constraint::Min(16),
                Constraint::Length(17),
                Constraint::Length(15),
            ],
        };
        self.users.draw(frame, area, block, t, columns, |row| {
            let (u, state) = (&row.user, row.state);
            // A centre's login says which centre it works for.
            let name = match &row.centre {
                Some(centre) => format!("{} · {}", shown(&u.display_name), shown(centre)),
                None => shown(&u.display_name).into_owned(),
            };
            let cells = vec![
                shown(&u.login).into_owned(),
                name,
                u.role.name().to_string(),
                sign_in(state),
            ];
            let style = if state.can_sign_in() {
                t.normal()
            } else {
                t.dim()
            };
            (cells, style)
        });
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
