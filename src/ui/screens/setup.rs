//! First run: create the store, then show the recovery key once.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use zeroize::Zeroizing;

use super::home::Home;
use crate::domain::Problems;
use crate::keymap::{Action, Context};
use crate::service::check_new_passphrase;
use crate::ui::component::{Component, Ctx, FORM_KEYS, GLOBAL, Handled, ViewCtx};
use crate::ui::msg::{Effect, Reply};
use crate::ui::widgets::small_form::{Entry, SmallForm, centred};

const ORG: usize = 0;
const LOGIN: usize = 1;
const NAME: usize = 2;
const PASS: usize = 3;
const AGAIN: usize = 4;

/// The first-run setup.
pub struct Setup {
    form: SmallForm,
    busy: bool,
    cursor: Cell<Option<(u16, u16)>>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup::new()
    }
}

impl Setup {
    pub fn new() -> Setup {
        let form = SmallForm::new(vec![
            Entry::text("Organisation name", ""),
            Entry::text("Your login", "admin"),
            Entry::text("Your name", ""),
            Entry::secret("Passphrase"),
            Entry::secret("Passphrase again"),
        ]);
        Setup {
            form,
            busy: false,
            cursor: Cell::new(None),
        }
    }

    fn submit(&mut self, cx: &mut Ctx) {
        for e in &mut self.form.entries {
            e.error = None;
        }
        let mut p = Problems::new();
        if self.form.value(ORG).trim().is_empty() {
            self.form.entries[ORG].error = Some("the name reports and screens will show".into());
        }
        if self.form.value(NAME).trim().is_empty() {
            self.form.entries[NAME].error = Some("how colleagues will see you".into());
        }
        let pass = Zeroizing::new(self.form.value(PASS));
        check_new_passphrase(&mut p, "passphrase", &pass);
        if let Some(e) = p.0.first() {
            self.form.entries[PASS].error = Some(e.message.clone());
        } else if *pass != self.form.value(AGAIN) {
            self.form.entries[AGAIN].error = Some("the two passphrases differ".into());
        }
        if let Some(first) = self.form.entries.iter().position(|e| e.error.is_some()) {
            self.form.focus = first;
            return;
        }
        self.busy = true;
        self.form.clear(PASS);
        self.form.clear(AGAIN);
        cx.info("Creating the encrypted store…");
        cx.effect(Effect::CreateStore {
            organisation: self.form.value(ORG).trim().to_string(),
            login: self.form.value(LOGIN).trim().to_lowercase(),
            name: self.form.value(NAME).trim().to_string(),
            passphrase: pass,
        });
    }
}

impl Component for Setup {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        "First-time setup".into()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.busy {
            return Handled::Yes;
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
        if !self.busy {
            self.form.key(key);
        }
        Handled::Yes
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        self.form.paste(text);
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::StoreCreated { recovery_key, .. } => {
                cx.goto(RecoveryKey::new(recovery_key.clone()))
            }
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                self.busy = false;
                cx.error(message.clone());
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Select,
            Action::NextField,
            Action::PrevField,
            Action::Quit,
        ]
    }

    /// Esc has nothing to go back to; while the store is being made, no key works.
    fn keys(&self) -> Vec<Action> {
        if self.busy {
            return Vec::new();
        }
        FORM_KEYS
            .into_iter()
            .filter(|a| *a != Action::Cancel)
            .collect()
    }

    fn passes(&self) -> Vec<Action> {
        if self.busy {
            Vec::new()
        } else {
            GLOBAL.to_vec()
        }
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let intro = vec![
            Line::from(
                "Welcome. This creates the encrypted store for your organisation's casework.",
            ),
            Line::from("You will be its first administrator. Choose a passphrase of three or more"),
            Line::from("random words; nobody can recover the data without it or the recovery key."),
        ];
        let r = centred(area, 78, self.form.height(intro.len(), 78));
        self.cursor.set(
            self.form
                .draw(frame, r, "Set up caseline", &intro, cx.theme),
        );
    }
}

/// Shows the recovery key once; going on needs its last four characters typed back.
pub struct RecoveryKey {
    key: Zeroizing<String>,
    typed: String,
    wrong: bool,
}

impl RecoveryKey {
    pub fn new(key: Zeroizing<String>) -> RecoveryKey {
        RecoveryKey {
            key,
            typed: String::new(),
            wrong: false,
        }
    }

    fn tail(&self) -> String {
        self.key
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    }
}

impl Component for RecoveryKey {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        "Recovery key".into()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Select | Action::Save => {
                if self.typed.trim().eq_ignore_ascii_case(&self.tail()) {
                    cx.goto(Home::after_unlock());
                    cx.done("The store is ready");
                } else {
                    self.wrong = true;
                    self.typed.clear();
                }
                Handled::Yes
            }
            Action::Cancel => Handled::Yes,
            _ => Handled::No,
        }
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        match key.code {
            KeyCode::Char(c) if self.typed.len() < 8 => self.typed.push(c),
            KeyCode::Backspace => {
                self.typed.pop();
            }
            _ => {}
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Select, Action::Quit]
    }

    fn keys(&self) -> Vec<Action> {
        vec![Action::Select, Action::Save]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let lines = vec![
            Line::from("The store is created. This is its recovery key:"),
            Line::default(),
            Line::from(Span::styled(
                format!("      {}", self.key.as_str()),
                t.heading(),
            )),
            Line::default(),
            Line::from("Write it down now and keep it locked away. It is shown only this once and"),
            Line::from("is not stored anywhere. It opens the store if every passphrase is lost;"),
            Line::from("anyone who has it can read everything."),
            Line::default(),
            Line::from(vec![
                Span::raw("To go on, type its last four characters: "),
                Span::styled(format!("{}▏", self.typed), t.focus()),
            ]),
            if self.wrong {
                Line::from(Span::styled(
                    "! That is not the end of the key: look again at what you wrote",
                    t.error(),
                ))
            } else {
                Line::default()
            },
        ];
        let r = centred(area, 80, lines.len() as u16 + 2);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Recovery key ", t.warn()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            r,
        );
    }
}
