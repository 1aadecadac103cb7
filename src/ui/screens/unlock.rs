//! The unlock screen: who is signing in, and their passphrase. The same screen, titled
//! "Locked", is all a locked session shows: it names no one and holds nothing from the
//! screens it replaced.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use std::cell::Cell;

use chrono::NaiveDateTime;

use super::home::{Home, open_intake};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, FORM_KEYS, GLOBAL, Handled, ViewCtx};
use crate::ui::msg::{DraftEffect, Effect, Reply};
use crate::ui::widgets::small_form::{Entry, SmallForm, centred};

/// Signing in.
pub struct Unlock {
    form: SmallForm,
    busy: bool,
    cursor: Cell<Option<(u16, u16)>>,
    /// A session was locked: unlocking carries it on, or switches user.
    locked: bool,
    /// Unlocked by the user who locked it: their draft is looked for, to reopen.
    resuming: bool,
    /// Tries wait until then (repeated wrong passphrases).
    retry_at: Option<NaiveDateTime>,
    /// Enter was pressed during the wait: the passphrase goes in when it is over, as
    /// README promises ("each further try waits ... before it is answered").
    held: bool,
    /// Several people sign in here: the login comes first.
    login_first: bool,
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
            locked: false,
            resuming: false,
            retry_at: None,
            held: false,
            login_first: false,
        };
        u.form.focus = 1;
        u
    }

    /// Signing in to a store several people use: the login is asked for first, since
    /// without it every key slot may have to be tried (a quarter of a second each).
    pub fn login_first() -> Unlock {
        let mut u = Unlock::new();
        u.form.entries[0].label = "Your login";
        u.form.focus = 0;
        u.login_first = true;
        u
    }

    /// The prompt of a locked session: anyone with an account may unlock it, asked as
    /// the first sign-in was (the login first when several people have passphrases).
    pub fn locked(login_first: bool) -> Unlock {
        let asked = if login_first {
            Unlock::login_first()
        } else {
            Unlock::new()
        };
        Unlock {
            locked: true,
            ..asked
        }
    }

    /// Asks for the login first, or not, as the store now does. Focus moves only on an
    /// untouched screen, so nothing typed goes where it was not meant.
    fn ask_login_first(&mut self, yes: bool) {
        if self.login_first == yes {
            return;
        }
        self.login_first = yes;
        self.form.entries[0].label = if yes {
            "Your login"
        } else {
            "Your login (optional)"
        };
        let untouched = self.form.value(0).is_empty() && self.form.value(1).is_empty();
        if untouched && !self.busy {
            self.form.focus = if yes { 0 } else { 1 };
        }
    }

    /// Seconds left before another try, rounded up; `None` when one may be made now.
    fn wait_left(&self, now: NaiveDateTime) -> Option<i64> {
        seconds_left(self.retry_at?, now)
    }

    fn submit(&mut self, cx: &mut Ctx) {
        if self.form.value(1).is_empty() {
            self.held = false;
            self.form.entries[1].error = Some("type your passphrase (or the recovery key)".into());
            return;
        }
        if self.wait_left(cx.now).is_some() {
            // Kept, not refused: it goes in when the wait is over (see `on_tick`).
            self.held = true;
            return;
        }
        self.held = false;
        // The field keeps the passphrase until the answer: one the store held back
        // unanswered (a wait this screen did not know of) is tried again after it.
        let passphrase = zeroize::Zeroizing::new(self.form.value(1));
        let login = self.form.value(0).trim().to_string();
        self.busy = true;
        self.form.entries[1].error = None;
        cx.info("Unlocking…");
        cx.effect(Effect::Unlock {
            login: (!login.is_empty()).then_some(login),
            passphrase,
        });
    }

    /// Whether the passphrase field holds what was meant as the login: tab pressed
    /// there, with the login field empty. Nobody tabs on from a passphrase (enter
    /// unlocks); someone who signs in with their login first does, out of habit.
    fn login_typed_first(&self) -> bool {
        self.form.is_last() && self.form.value(0).is_empty() && !self.form.value(1).is_empty()
    }

    /// Moves what is in the passphrase field up to the login field, and waits for the
    /// passphrase.
    fn take_as_login(&mut self, cx: &mut Ctx) {
        let login = self.form.value(1);
        self.form.entries[0].kind.set_text(login.trim());
        self.form.clear(1);
        self.form.focus = 1;
        self.form.entries[1].error = None;
        self.held = false;
        cx.info("Taken as your login: now type your passphrase");
    }

    /// Not unlocked: the passphrase is let go and the refusal shown; one that was
    /// never tried is kept, held for the end of the wait (the countdown says so).
    fn refused(&mut self, message: &str, kept: bool, cx: &mut Ctx) {
        self.busy = false;
        self.held = kept;
        self.form.focus = 1;
        if kept {
            cx.info("Not tried yet: it goes in when the wait is over");
            return;
        }
        self.form.clear(1);
        cx.error("Not unlocked");
        self.form.entries[1].error = Some(message.to_string());
    }

    /// The line over the fields while a wait runs; `enter` names the key that tries.
    fn wait_line(&self, now: NaiveDateTime, enter: &str) -> Option<String> {
        let secs = self.wait_left(now)?;
        let unit = if secs == 1 { "second" } else { "seconds" };
        Some(if self.held {
            format!("Trying your passphrase in {secs} {unit} (too many wrong tries).")
        } else {
            format!("Too many wrong tries: wait {secs} {unit}, then press {enter}.")
        })
    }
}

impl Component for Unlock {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        if self.locked { "Locked" } else { "Unlock" }.into()
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
            Action::NextField | Action::Down if self.login_typed_first() => self.take_as_login(cx),
            Action::NextField | Action::Down => self.form.next(),
            Action::PrevField | Action::Up => self.form.prev(),
            Action::Select if !self.form.is_last() => self.form.next(),
            Action::Select | Action::Save => self.submit(cx),
            // A held try can be taken back.
            Action::Cancel => self.held = false,
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        if self.busy {
            return Handled::Yes;
        }
        // A change after Enter means the held try was not the one meant.
        if self.form.key(key).changed {
            self.held = false;
        }
        Handled::Yes
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        if self.busy {
            return Handled::Yes;
        }
        if self.form.paste(text).changed {
            self.held = false;
        }
        Handled::Yes
    }

    fn on_tick(&mut self, cx: &mut Ctx) {
        if self.held && !self.busy && self.wait_left(cx.now).is_none() {
            self.submit(cx);
        }
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Unlocked { .. } => {
                self.form.clear(1);
                cx.goto(Home::after_unlock());
            }
            Reply::ScreenUnlocked { same_user, .. } => {
                self.form.clear(1);
                if *same_user {
                    // Back to the unfinished intake, if there is one; else home.
                    self.resuming = true;
                    cx.effect(Effect::Draft(DraftEffect::Check));
                } else {
                    // Someone else's session: only their own draft is offered.
                    cx.goto(Home::after_unlock());
                }
            }
            Reply::DraftFound(d, _) if self.resuming => {
                self.resuming = false;
                match d {
                    Some(d) => open_intake(Some(d), cx),
                    None => cx.goto(Home::new()),
                }
            }
            Reply::UnlockFailed(m) => self.refused(m, false, cx),
            Reply::LoginFirst(yes) => self.ask_login_first(*yes),
            Reply::LoginTyped => {
                self.busy = false;
                self.take_as_login(cx);
            }
            Reply::UnlockWait {
                message,
                wait,
                tried,
            } => {
                self.retry_at = chrono::Duration::from_std(*wait).ok().map(|w| cx.now + w);
                self.refused(message, !*tried, cx);
                // A held try whose wait ran out before this answer was read (the server
                // counts from its own clock) goes in now: no tick is due to send it.
                if self.held && self.wait_left(cx.now).is_none() {
                    self.submit(cx);
                }
            }
            // Signed in, but the draft could not be looked for: home, and why.
            Reply::Failed(m) if self.resuming => {
                self.resuming = false;
                cx.goto(Home::new());
                cx.error(m.clone());
            }
            Reply::Failed(m) if self.busy => {
                // The passphrase was right but the store could not be read: say so and
                // leave quitting as the way on.
                self.busy = false;
                self.form.clear(1);
                cx.error(format!("The store could not be opened: {m}"));
            }
            // Work this screen did not ask for does not reach it (the application says
            // what failed); a failure while not waiting for a sign-in is not one.
            Reply::Failed(_) => {}
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Select, Action::NextField, Action::Quit]
    }

    /// Esc takes back a held try, and only that; while a try is answered, only quitting
    /// works.
    fn keys(&self) -> Vec<Action> {
        if self.busy {
            return Vec::new();
        }
        FORM_KEYS
            .into_iter()
            .filter(|a| *a != Action::Cancel || self.held)
            .collect()
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
        let first = if self.locked {
            "Locked. Anyone with an account can sign in here."
        } else {
            "This store holds confidential casework. Sign in to go on."
        };
        let enter = cx.keymap.hint(Context::Form, Action::Select);
        // The recovery key opens the store when every passphrase is lost; it is typed
        // where the passphrase goes, with no login.
        let how = if self.login_first {
            [
                format!("Your login, then your passphrase, then {enter}."),
                "Passphrase lost? Leave the login empty and type the recovery key.".into(),
            ]
        } else {
            [
                format!("Type your passphrase, or the recovery key, then {enter}."),
                "The login may stay empty: every account is tried.".into(),
            ]
        };
        let mut intro = vec![Line::from(first)];
        intro.extend(how.map(Line::from));
        if let Some(line) = self.wait_line(cx.now, &enter) {
            intro.push(Line::styled(line, cx.theme.warn()));
        }
        let title = if self.locked {
            "caseline is locked"
        } else {
            "Unlock caseline"
        };
        let r = centred(area, 72, self.form.height(intro.len(), 72));
        self.cursor
            .set(self.form.draw(frame, r, title, &intro, cx.theme));
    }
}

/// Whole seconds left before `at`, rounded up as the countdown shows them; `None`
/// once it has come.
pub(crate) fn seconds_left(at: NaiveDateTime, now: NaiveDateTime) -> Option<i64> {
    let ms = (at - now).num_milliseconds();
    (ms > 0).then(|| (ms + 999) / 1000)
}

/// When the countdown to `at` next shows another number: the loop wakes then, so a
/// key pressed mid-second does not leave a stale number on screen for most of one.
pub(crate) fn countdown_step(at: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    let secs = seconds_left(at, now).unwrap_or(0);
    (at - chrono::Duration::seconds(secs - 1).max(chrono::Duration::zero())).max(now)
}
