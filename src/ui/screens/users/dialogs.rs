//! The dialogs of the users screen: adding a user, changing a role, a new passphrase
//! (typed twice, shown as dots, and held only in [`Zeroizing`] memory from the first
//! keystroke to the service call: see [`SecretText`]), and disabling an account.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use zeroize::Zeroizing;

use super::secret::SecretText;
use crate::domain::{Problems, Role, User, UserId};
use crate::keymap::{Action, Context};
use crate::service::{NewUser, check_new_passphrase};
use crate::ui::component::{Component, Ctx, FORM_KEYS, GLOBAL, Handled, ViewCtx};
use crate::ui::msg::{AdminEffect, Effect, Reply};
use crate::ui::text::shown;
use crate::ui::widgets::field::Kind;
use crate::ui::widgets::small_form::{Entry, SmallForm, centred};

/// What a dialog does.
enum Mode {
    Add,
    Role {
        id: UserId,
        login: String,
    },
    /// A new passphrase; for a disabled user it enables them again.
    Reset {
        id: UserId,
        login: String,
        enable: bool,
    },
}

/// Adding a user, changing one's role, or giving one a new passphrase.
pub struct UserDialog {
    mode: Mode,
    form: SmallForm,
    /// What the passphrase fields hold, by field (the form shows only dots).
    secrets: Vec<Option<SecretText>>,
    busy: bool,
    cursor: Cell<Option<(u16, u16)>>,
}

const ROLES: &str = "administrator, caseworker, volunteer or reporting-centre";

impl UserDialog {
    pub fn add() -> UserDialog {
        UserDialog::with(
            Mode::Add,
            vec![
                Entry::text("Login", ""),
                Entry::text("Name", ""),
                Entry::text("Role", Role::Caseworker.name()),
                Entry::text("Centre", ""),
                Entry::secret("Passphrase"),
                Entry::secret("Passphrase again"),
            ],
        )
    }

    pub fn role(u: &User) -> UserDialog {
        let mode = Mode::Role {
            id: u.id,
            login: u.login.clone(),
        };
        UserDialog::with(
            mode,
            vec![
                Entry::text("Role", u.role.name()),
                Entry::text("Centre", ""),
            ],
        )
    }

    pub fn reset(u: &User) -> UserDialog {
        let mode = Mode::Reset {
            id: u.id,
            login: u.login.clone(),
            enable: !u.active,
        };
        UserDialog::with(
            mode,
            vec![
                Entry::secret("New passphrase"),
                Entry::secret("Passphrase again"),
            ],
        )
    }

    fn with(mode: Mode, entries: Vec<Entry>) -> UserDialog {
        let secrets = entries
            .iter()
            .map(|e| matches!(e.kind, Kind::Secret(_)).then(SecretText::default))
            .collect();
        UserDialog {
            mode,
            secrets,
            form: SmallForm::new(entries),
            busy: false,
            cursor: Cell::new(None),
        }
    }

    fn index(&self, label: &str) -> Option<usize> {
        self.form.entries.iter().position(|e| e.label == label)
    }

    /// Takes a secret out of its field, wiped when dropped; the field is emptied.
    fn take_secret(&mut self, i: usize) -> Zeroizing<String> {
        self.form.clear(i);
        self.secrets[i]
            .as_mut()
            .map(SecretText::take)
            .unwrap_or_default()
    }

    /// Shows as many dots in field `i` as its secret has characters.
    fn show_secret(&mut self, i: usize) {
        if let Some(s) = &self.secrets[i] {
            let filler = "*".repeat(s.chars());
            self.form.entries[i].kind.set_text(&filler);
        }
    }

    /// The passphrase, when both fields agree and it is strong enough; both fields are
    /// emptied either way, so a mistake means typing it twice again.
    fn passphrase(&mut self, first: usize) -> Option<Zeroizing<String>> {
        let pass = self.take_secret(first);
        let again = self.take_secret(first + 1);
        let mut p = Problems::new();
        check_new_passphrase(&mut p, "passphrase", &pass);
        if let Some(e) = p.0.first() {
            self.form.entries[first].error = Some(e.message.clone());
        } else if *pass != *again {
            self.form.entries[first + 1].error = Some("the two passphrases differ".into());
        } else {
            return Some(pass);
        }
        None
    }

    fn role_typed(&mut self) -> Option<Role> {
        let i = self.index("Role")?;
        match self.form.value(i).parse::<Role>() {
            Ok(r) => Some(r),
            Err(_) => {
                self.form.entries[i].error = Some(format!("type {ROLES}"));
                None
            }
        }
    }

    /// On the role dialog's role, enter saves at once unless the role typed is a
    /// reporting centre's, which goes on to ask for the centre.
    fn role_is_enough(&self) -> bool {
        let role = self.index("Role").map(|i| self.form.value(i));
        matches!(self.mode, Mode::Role { .. })
            && self.form.focus == 0
            && role.and_then(|r| r.parse::<Role>().ok()) != Some(Role::ReportingCentre)
    }

    /// The centre's name: wanted with the reporting-centre role, and only with it.
    /// `None` when the field is wrong (it is then marked).
    fn centre_typed(&mut self, role: Option<Role>) -> Option<Option<String>> {
        let i = self.index("Centre")?;
        let typed = self.form.value(i).trim().to_string();
        let centre_role = role == Some(Role::ReportingCentre);
        let problem = match (centre_role, typed.is_empty()) {
            (true, true) => "type the reporting centre's name, as in the directory",
            (false, false) if role.is_some() => "only a reporting centre's login has a centre",
            _ => return Some((!typed.is_empty()).then_some(typed)),
        };
        self.form.entries[i].error = Some(problem.into());
        None
    }

    fn submit(&mut self, cx: &mut Ctx) {
        for e in &mut self.form.entries {
            e.error = None;
        }
        let effect = match &self.mode {
            Mode::Add => {
                let role = self.role_typed();
                let centre = self.centre_typed(role);
                let pass = self.passphrase(4);
                match (role, centre, pass) {
                    (Some(role), Some(centre), Some(passphrase)) => {
                        Some(Effect::Admin(AdminEffect::AddUser {
                            user: Box::new(NewUser {
                                login: self.form.value(0).trim().to_lowercase(),
                                display_name: self.form.value(1).trim().to_string(),
                                role,
                                centre: None,
                            }),
                            centre,
                            passphrase,
                        }))
                    }
                    _ => None,
                }
            }
            Mode::Role { id, .. } => {
                let id = *id;
                let role = self.role_typed();
                match (role, self.centre_typed(role)) {
                    (Some(_), Some(Some(centre))) => {
                        Some(Effect::Admin(AdminEffect::AssignCentre(id, centre)))
                    }
                    (Some(r), Some(None)) => Some(Effect::Admin(AdminEffect::SetRole(id, r))),
                    _ => None,
                }
            }
            Mode::Reset { id, enable, .. } => {
                let (user, enable) = (*id, *enable);
                self.passphrase(0).map(|passphrase| match enable {
                    true => Effect::Admin(AdminEffect::EnableUser { user, passphrase }),
                    false => Effect::Admin(AdminEffect::ResetPassphrase { user, passphrase }),
                })
            }
        };
        match effect {
            Some(e) => {
                self.busy = true;
                cx.effect(e);
            }
            None => {
                if let Some(first) = self.form.entries.iter().position(|e| e.error.is_some()) {
                    self.form.focus = first;
                }
            }
        }
    }

    /// Problems the service found, on their fields; the rest on the status line.
    fn refused(&mut self, problems: &[(String, String)], message: &str, cx: &mut Ctx) {
        let mut unplaced = Vec::new();
        for (path, m) in problems {
            let label = match path.as_str() {
                "login" => "Login",
                "display_name" => "Name",
                "passphrase" if matches!(self.mode, Mode::Reset { .. }) => "New passphrase",
                "passphrase" => "Passphrase",
                "role" => "Role",
                "centre" => "Centre",
                _ => "",
            };
            match self.index(label) {
                Some(i) => self.form.entries[i].error = Some(m.clone()),
                None => unplaced.push(m.clone()),
            }
        }
        if let Some(first) = self.form.entries.iter().position(|e| e.error.is_some()) {
            self.form.focus = first;
        }
        match unplaced.first() {
            Some(m) => cx.error(format!("Not saved: {m}")),
            None if problems.is_empty() => cx.error(format!("Not saved: {message}")),
            None => cx.error("Not saved: put right what is marked with !"),
        }
    }

    fn heading(&self) -> (String, Vec<Line<'static>>) {
        match &self.mode {
            Mode::Add => (
                "Add a user".into(),
                vec![
                    Line::from(format!("Role: {ROLES}.")),
                    Line::from("Centre: for a reporting centre's login, its name."),
                    Line::from("They sign in with this passphrase; tell it to them in person."),
                ],
            ),
            Mode::Role { login, .. } => (
                format!("Role of {}", shown(login)),
                vec![
                    Line::from(format!("Type {ROLES}.")),
                    Line::from("Centre: for a reporting centre's login, its name."),
                ],
            ),
            Mode::Reset {
                login,
                enable: false,
                ..
            } => (
                format!("New passphrase for {}", shown(login)),
                vec![Line::from(
                    "Their old passphrase stops working; tell them the new one in person.",
                )],
            ),
            Mode::Reset { login, .. } => (
                format!("Enable {} again", shown(login)),
                vec![Line::from(
                    "They are disabled: with a new passphrase they can sign in again.",
                )],
            ),
        }
    }
}

impl Component for UserDialog {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        self.heading().0
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.busy {
            return if action == Action::Quit {
                Handled::No
            } else {
                Handled::Yes
            };
        }
        match action {
            Action::NextField | Action::Down => self.form.next(),
            Action::PrevField | Action::Up => self.form.prev(),
            Action::Select if self.role_is_enough() => self.submit(cx),
            Action::Select if !self.form.is_last() => self.form.next(),
            Action::Select | Action::Save => self.submit(cx),
            Action::Cancel => cx.pop(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        let i = self.form.focus;
        match &mut self.secrets[i] {
            _ if self.busy => {}
            Some(secret) => {
                if secret.key(key) {
                    self.show_secret(i);
                }
            }
            None => {
                self.form.key(key);
            }
        }
        Handled::Yes
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        let i = self.form.focus;
        match &mut self.secrets[i] {
            _ if self.busy => {}
            Some(secret) => {
                secret.paste(text);
                self.show_secret(i);
            }
            None => {
                self.form.paste(text);
            }
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Saved(message) => {
                cx.back();
                cx.done(message.clone());
            }
            Reply::Refused { problems, message } => {
                self.busy = false;
                self.refused(problems, message, cx);
            }
            Reply::Failed(message) => {
                self.busy = false;
                cx.error(format!("Not saved: {message}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Select, Action::NextField, Action::Cancel]
    }

    /// While the change is being made, only quitting works.
    fn keys(&self) -> Vec<Action> {
        if self.busy {
            Vec::new()
        } else {
            FORM_KEYS.to_vec()
        }
    }

    fn passes(&self) -> Vec<Action> {
        if self.busy {
            vec![Action::Quit]
        } else {
            GLOBAL.to_vec()
        }
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let (title, intro) = self.heading();
        let r = centred(area, 76, self.form.height(intro.len(), 76));
        frame.render_widget(Clear, r);
        self.cursor
            .set(self.form.draw(frame, r, &title, &intro, cx.theme));
    }
}

/// Disabling an account, after a yes.
pub struct Disable {
    id: UserId,
    login: String,
    busy: bool,
}

impl Disable {
    pub fn new(u: &User) -> Disable {
        Disable {
            id: u.id,
            login: u.login.clone(),
            busy: false,
        }
    }
}

impl Component for Disable {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        "Disable a user".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Confirm if !self.busy => {
                self.busy = true;
                cx.effect(Effect::Admin(AdminEffect::DisableUser(self.id)));
            }
            Action::Cancel if !self.busy => cx.pop(),
            Action::Quit | Action::Help => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Saved(message) => {
                cx.back();
                cx.done(message.clone());
            }
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                cx.pop();
                cx.error(format!("Not done: {message}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Confirm, Action::Cancel]
    }

    fn keys(&self) -> Vec<Action> {
        if self.busy { Vec::new() } else { self.hints() }
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit, Action::Help]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let yes = cx.keymap.hint(Context::Dialog, Action::Confirm);
        let no = cx.keymap.hint(Context::Dialog, Action::Cancel);
        let text = vec![
            Line::from(format!(
                "Disable {}? They will no longer be able to sign in. What they",
                shown(&self.login)
            )),
            Line::from("recorded stays, under their name."),
            Line::default(),
            Line::from(vec![
                Span::styled(format!(" {yes} "), t.key()),
                Span::raw("disable   "),
                Span::styled(format!("{no} "), t.key()),
                Span::raw("keep them"),
            ]),
        ];
        let r = centred(area, 76, text.len() as u16 + 2);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Disable a user ", t.warn()));
        frame.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
            r,
        );
    }
}
