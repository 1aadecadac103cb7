//! The unlock screen: who is signing in, and their passphrase.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use std::cell::Cell;

use super::home::Home;
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::{Effect, Reply};
use crate::ui::widgets::small_form::{Entry, SmallForm, centred};

/// Signing in.
pub struct Unlock {
    form: SmallForm,
    busy: bool,
    cursor: Cell<Option<(u16, u16)>>,
}

impl Default for Unlock {
    fn default() -> Self {
        Unlock::new()
    }
}

impl Unlock {
    pub fn new() -> Unlock {
        let form = SmallForm::new(vec![
            Entry::text("Your login (optional)", ""),
            Entry::secret("Passphrase"),
        ]);
        let mut u = Unlock {
            form,
            busy: false,
            cursor: Cell::new(None),
        };
        u.form.focus = 1;
        u
    }

    fn submit(&mut self, cx: &mut Ctx) {
        let passphrase = zeroize::Zeroizing::new(self.form.value(1));
        // The field need not keep the passphrase once it is taken.
        self.form.clear(1);
        if passphrase.is_empty() {
            self.form.entries[1].error = Some("type your passphrase (or the recovery key)".into());
            return;
        }
        let login = self.form.value(0).trim().to_string();
        self.busy = true;
        self.form.entries[1].error = None;
        cx.info("Unlocking…");
        cx.effect(Effect::Unlock {
            login: (!login.is_empty()).then_some(login),
            passphrase,
        });
    }
}

impl Component for Unlock {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        "Unlock".into()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.busy {
            // Whatever happens, quitting must stay possible.
            return if action == Action::Quit {
                Handled::No
            } else {
                Handled::Yes
            };
        }
        match action {
            Action::NextField | Action::Down => self.form.next(),
            Action::PrevField | Action::Up => self.form.prev(),
            Action::Select if !self.form.is_last() => self.form.next(),
            Action::Select | Action::Save => self.submit(cx),
            Action::Cancel => {}
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        if self.busy {
            return Handled::Yes;
        }
        self.form.key(key);
        Handled::Yes
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        self.form.paste(text);
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Unlocked { .. } => cx.goto(Home::after_unlock()),
            Reply::UnlockFailed(m) => {
                self.busy = false;
                cx.error("Not unlocked");
                self.form.focus = 1;
                self.form.entries[1].error = Some(m.clone());
            }
            Reply::Failed(m) => {
                // The passphrase was right but the store could not be read: say so and
                // leave quitting as the way on.
                cx.error(format!("The store could not be opened: {m}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Select, Action::NextField, Action::Quit]
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let intro = vec![
            Line::from("This store holds confidential casework. Sign in to go on."),
            Line::from(format!(
                "Press {} to unlock; leave the login empty to try every account.",
                cx.keymap.hint(Context::Form, Action::Select)
            )),
        ];
        let r = centred(area, 72, self.form.height(intro.len(), 72));
        self.cursor.set(
            self.form
                .draw(frame, r, "Unlock caseline", &intro, cx.theme),
        );
    }
}
