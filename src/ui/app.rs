//! The application model: a stack of layers (a screen, with dialogs over it), the
//! status line, and the keymap. Keys go to the top layer first, as in helix.

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::{Constraint, Layout};

mod keys;

use keys::KeyTo;

use super::component::{Command, Component, Ctx, Handled, Lists, Status, ViewCtx};
use super::msg::{AdminEffect, Asked, DraftEffect, Effect, Msg, Notice, Reply, Welcome};
use super::notices;
use super::screens::{setup::Setup, unlock::Unlock};
use super::stack::{LayerId, Stack};
use super::theme::Theme;
use super::widgets::bars;
use crate::keymap::{Action, Context, Key, Keymap};
use crate::service::Draft;

/// The smallest terminal caseline draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Who is signed in, for the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    pub organisation: String,
    pub user: String,
}

/// How the program starts.
pub enum Start {
    /// No store yet: the first-run setup.
    Setup,
    /// A store to unlock; `login_first` when more than one person has a passphrase
    /// (without a login, each of their key slots costs a key derivation to try).
    Unlock { login_first: bool },
}

/// The whole model.
pub struct App {
    pub keymap: Keymap,
    pub theme: Theme,
    stack: Stack,
    status: Option<Status>,
    size: (u16, u16),
    session: Option<Session>,
    lists: Lists,
    /// The signed-in user's unfinished intake, as last kept.
    pending_draft: Option<Draft>,
    quitting: bool,
    /// Shared-machine safety: the idle lock, and the wait between sign-in tries.
    guard: Guard,
    /// A status to show once the message being handled has settled: see
    /// [`App::tell_after`].
    told: Option<Status>,
    /// Whether the store's sign-in asks for the login first (several people have
    /// passphrases), as it said at the start: the lock screen asks the same way.
    login_first: bool,
}

/// When the screen locks itself, whether it is locked, and when a refused sign-in may
/// be tried again (for the countdown).
#[derive(Debug, Clone, Default)]
struct Guard {
    /// Inactivity that locks the screen; `None` until someone signs in.
    idle: Option<chrono::Duration>,
    last_input: Option<NaiveDateTime>,
    locked: bool,
    retry_at: Option<NaiveDateTime>,
    /// What to say once the screen is unlocked (what the lock cost).
    after_unlock: Option<Status>,
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme, start: Start, warnings: Vec<String>) -> App {
        let login_first = matches!(start, Start::Unlock { login_first: true });
        let first: Box<dyn Component> = match start {
            Start::Setup => Box::new(Setup::new()),
            Start::Unlock { login_first: false } => Box::new(Unlock::new()),
            Start::Unlock { login_first: true } => Box::new(Unlock::login_first()),
        };
        let status = (!warnings.is_empty()).then(|| {
            // The whole list does not fit on a line: say where to read it.
            Status::Error(format!(
                "Keymap: {} problem(s), default keys in use; run `caseline keymap check`",
                warnings.len()
            ))
        });
        App {
            keymap,
            theme,
            stack: Stack::new(first),
            status,
            size: MIN_SIZE,
            session: None,
            lists: Lists::new(),
            pending_draft: None,
            quitting: false,
            guard: Guard::default(),
            told: None,
            login_first,
        }
    }

    /// Shows `status` once the next message has been handled: what the backend found
    /// while carrying out an effect (a damaged draft set aside) would otherwise be
    /// wiped by the screen the reply opens, which starts with a clean status line.
    pub fn tell_after(&mut self, status: Status) {
        self.told = Some(status);
    }

    /// Shows `status` once the screen is unlocked again: what was lost to the lock
    /// (the worker's own editor, ended by it), which the lock screen must not say.
    pub fn tell_after_unlock(&mut self, status: Status) {
        self.guard.after_unlock = Some(status);
    }

    /// Sets the inactivity after which the screen locks itself (after signing in).
    pub fn set_idle_lock(&mut self, minutes: u32) {
        self.guard.idle = Some(chrono::Duration::minutes(i64::from(minutes)));
    }

    /// Whether the screen is locked.
    pub fn locked(&self) -> bool {
        self.guard.locked
    }

    /// When the runtime should wake the model with [`Msg::Tick`] if nothing happens:
    /// the idle lock's moment, or the next second of a sign-in countdown. `None` means
    /// sleep until something happens.
    pub fn wake_at(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        // A deadline already passed still gets its tick (once: the tick clears it), so
        // a try held for the end of the wait is sent even when the answer that set the
        // wait was read after it ran out.
        let countdown = self
            .guard
            .retry_at
            .map(|at| super::screens::unlock::countdown_step(at, now));
        let idle = match (&self.session, self.guard.locked, self.guard.idle) {
            (Some(_), false, Some(idle)) => Some(self.guard.last_input.unwrap_or(now) + idle),
            _ => None,
        };
        match (countdown, idle) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the idle time has run out at `now`.
    fn idle_expired(&self, now: NaiveDateTime) -> bool {
        match (self.guard.idle, self.guard.last_input) {
            (Some(idle), Some(last)) => now >= last + idle,
            _ => false,
        }
    }

    /// Locks the screen: every layer goes (with whatever personal data it held), the
    /// header stops naming the user, and only the sign-in prompt is left. The draft is
    /// on disk already (kept on every change) and comes back when its author unlocks.
    fn lock(&mut self) -> Vec<Asked> {
        if self.session.is_none() || self.guard.locked {
            return Vec::new();
        }
        self.guard.locked = true;
        self.guard.retry_at = None;
        self.pending_draft = None;
        self.stack
            .replace_all(Box::new(Unlock::locked(self.login_first)));
        self.status = Some(Status::Info("Locked".into()));
        vec![Asked {
            by: None,
            effect: Effect::Lock,
        }]
    }

    /// Whether the program should stop.
    pub fn quitting(&self) -> bool {
        self.quitting
    }

    /// The title of the top layer.
    pub fn top_title(&self) -> String {
        self.stack.top().component.title()
    }

    /// Number of layers.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The status line, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Sets the reference lists (after unlocking).
    pub fn set_lists(&mut self, lists: Lists) {
        self.lists = lists;
    }

    /// Handles one message; returns what should be done, each with who asked for it.
    pub fn update(&mut self, msg: Msg, now: NaiveDateTime) -> Vec<Asked> {
        if let Some(effects) = self.guard_first(&msg, now) {
            return effects;
        }
        self.observe(&msg, now);
        if let Msg::Reply(Reply::Changed(notice)) = &msg {
            return self.changed(notice, now);
        }
        if let Msg::Reply(reply) = &msg
            && self.own_reply(reply, now)
        {
            return Vec::new();
        }
        if let Msg::Answer(id, _) = &msg
            && !self.stack.holds(*id)
        {
            return self.answer_lost(msg);
        }
        let too_small = self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1;
        let unlocked = self.session.is_some() && !self.guard.locked;
        let mut cx = Ctx::new(now, &self.keymap, &self.lists);
        // An answer goes to the layer that asked (checked above to be there still).
        let layer = match &msg {
            Msg::Answer(id, _) => self.stack.find_mut(*id).expect("held, checked above"),
            _ => self.stack.top_mut(),
        };
        let by = layer.id;
        let top = &mut layer.component;
        match msg {
            Msg::Key(ev) if ev.kind == KeyEventKind::Release => {}
            Msg::Key(ev) => {
                self.status = None;
                let keys = KeyTo {
                    too_small,
                    unlocked,
                    draft: self.pending_draft.as_ref(),
                };
                keys.press(top.as_mut(), ev, &mut cx);
            }
            Msg::Paste(text) => {
                // Nothing can be seen while the terminal is too small: change nothing.
                if !too_small {
                    top.on_paste(&text, &mut cx);
                }
            }
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Tick => top.on_tick(&mut cx),
            Msg::Reply(reply) | Msg::Answer(_, reply) => {
                if top.on_reply(&reply, &mut cx) == Handled::No
                    && let Reply::Failed(m) = reply
                {
                    cx.error(m);
                }
            }
        }
        let Ctx {
            effects, commands, ..
        } = cx;
        let effects = effects
            .into_iter()
            .map(|effect| Asked {
                by: Some(by),
                effect,
            })
            .collect();
        let effects = self.settle(by, effects, commands, now);
        if let Some(told) = self.told.take() {
            self.status = Some(told);
        }
        // What the lock cost, once the lock screen has given way to the work (an
        // unlock may first look for the draft, and the screen it opens then starts
        // with a clean status line).
        if !self.guard.locked
            && self.top_title() != "Locked"
            && let Some(lost) = self.guard.after_unlock.take()
        {
            self.status = Some(lost);
        }
        effects
    }

    /// Another worker's change: told to every layer (see `notices.rs` for why); a
    /// change of the settings has the application read the lists and the idle lock
    /// again (home reads the role itself).
    fn changed(&mut self, notice: &Notice, now: NaiveDateTime) -> Vec<Asked> {
        let told =
            notices::tell_every_layer(&mut self.stack, notice, now, &self.keymap, &self.lists);
        let mut effects = told.effects;
        if *notice == Notice::Setup && self.session.is_some() && !self.guard.locked {
            effects.push(Asked {
                by: None,
                effect: Effect::Admin(AdminEffect::LoadSettings),
            });
        }
        let top = self.stack.top().id;
        let effects = self.settle(top, effects, told.commands, now);
        if let Some(told) = self.told.take() {
            self.status = Some(told);
        }
        effects
    }

    /// What the application says itself rather than the top layer: the failure of
    /// something no layer asked for (forcing the draft to disk, reading the settings
    /// again) is not the top layer's to take as the outcome of what it asked (a
    /// sign-in waiting for its answer would take it as its own), and the lock's answer
    /// comes once the lock screen is on top. Whether `reply` was one.
    fn own_reply(&mut self, reply: &Reply, now: NaiveDateTime) -> bool {
        match reply {
            Reply::Failed(m) => self.status = Some(Status::Error(m.clone())),
            Reply::Locked {
                draft_safe,
                login_first,
            } => {
                if !draft_safe {
                    self.status = Some(Status::Error(
                        "The unfinished intake could not be made safe on disk before \
                         locking: it is kept as written; unlock and save it soon"
                            .into(),
                    ));
                }
                if let Some(login_first) = *login_first {
                    self.ask_login_first(login_first, now);
                }
            }
            _ => return false,
        }
        true
    }

    /// Remembers how the store's sign-in asks, and has the lock screen (the bottom
    /// layer while locked) ask so.
    fn ask_login_first(&mut self, login_first: bool, now: NaiveDateTime) {
        self.login_first = login_first;
        if !self.guard.locked {
            return;
        }
        let mut cx = Ctx::new(now, &self.keymap, &self.lists);
        let bottom = self.stack.ids()[0];
        if let Some(layer) = self.stack.find_mut(bottom) {
            layer
                .component
                .on_reply(&Reply::LoginFirst(login_first), &mut cx);
        }
    }

    /// An answer for a layer that has gone (the worker moved on): what was saved or
    /// failed is still said on the status line; anything else is dropped. Once the
    /// screen is locked every layer went with the lock, and what they asked for is
    /// not said over why it locked.
    fn answer_lost(&mut self, msg: Msg) -> Vec<Asked> {
        if self.guard.locked {
            return Vec::new();
        }
        match msg {
            Msg::Answer(_, Reply::Failed(m)) => self.status = Some(Status::Error(m)),
            Msg::Answer(_, Reply::Saved(m)) => self.status = Some(Status::Done(m)),
            Msg::Answer(_, Reply::Refused { message, .. }) => {
                self.status = Some(Status::Error(message))
            }
            _ => {}
        }
        if let Some(told) = self.told.take() {
            self.status = Some(told);
        }
        Vec::new()
    }

    /// The lock comes before any layer sees a message: the lock key works on every
    /// screen (a form cannot take it as text), and a key pressed after the idle time
    /// (say, after the machine slept, when the timer had no chance to fire) locks
    /// rather than reaching the screen. Returns the effects when the message is used up.
    fn guard_first(&mut self, msg: &Msg, now: NaiveDateTime) -> Option<Vec<Asked>> {
        if matches!(msg, Msg::Tick) && self.guard.retry_at.is_some_and(|at| at <= now) {
            self.guard.retry_at = None;
        }
        // The server went away: nothing can be read or saved until someone signs in
        // again (to a new server); the draft waits on disk.
        if let Some(Reply::ServerGone(why)) = msg.reply()
            && self.session.is_some()
            && !self.guard.locked
        {
            let effects = self.lock();
            self.status = Some(Status::Error(why.clone()));
            return Some(effects);
        }
        let typed = matches!(msg, Msg::Key(ev) if ev.kind != KeyEventKind::Release)
            || matches!(msg, Msg::Paste(_));
        if (matches!(msg, Msg::Tick) || typed)
            && self.session.is_some()
            && !self.guard.locked
            && self.idle_expired(now)
        {
            return Some(self.lock());
        }
        // A clock set back (the end of summer time) must not put the lock off by the
        // hour it went back: the idle time then counts from the new time.
        if typed || self.guard.last_input.is_some_and(|last| now < last) {
            self.guard.last_input = Some(now);
        }
        if let Msg::Key(ev) = msg
            && ev.kind != KeyEventKind::Release
            && self.session.is_some()
            && !self.guard.locked
            && Key::from_event(ev).and_then(|k| self.keymap.lookup(Context::Global, k))
                == Some(Action::Lock)
        {
            self.status = None;
            return Some(self.lock());
        }
        None
    }

    /// Takes in what a sign-in brought: lists, the idle lock, what to say.
    fn welcome(&mut self, welcome: &Welcome) {
        self.set_lists(welcome.lists.clone());
        self.set_idle_lock(welcome.idle_lock_minutes);
        if let Some(notice) = &welcome.notice {
            self.tell_after(notice.clone());
        }
    }

    /// Keeps track of what replies say about the session and the draft.
    fn observe(&mut self, msg: &Msg, now: NaiveDateTime) {
        if let Some(reply) = msg.reply() {
            match reply {
                Reply::ScreenUnlocked {
                    organisation,
                    user,
                    welcome,
                    ..
                } => {
                    self.welcome(welcome);
                    self.guard.locked = false;
                    self.guard.retry_at = None;
                    self.guard.last_input = Some(now);
                    self.session = Some(Session {
                        organisation: organisation.clone(),
                        user: user.clone(),
                    });
                }
                Reply::UnlockWait { wait, .. } => {
                    self.guard.retry_at = chrono::Duration::from_std(*wait).ok().map(|w| now + w);
                }
                Reply::Unlocked {
                    organisation,
                    user,
                    welcome,
                }
                | Reply::StoreCreated {
                    organisation,
                    user,
                    welcome,
                    ..
                } => {
                    self.welcome(welcome);
                    self.guard.last_input = Some(now);
                    self.guard.retry_at = None;
                    self.session = Some(Session {
                        organisation: organisation.clone(),
                        user: user.clone(),
                    });
                }
                Reply::DraftFound(d, set_aside) => {
                    self.pending_draft = d.clone();
                    if let Some(said) = set_aside {
                        self.tell_after(Status::Error(said.clone()));
                    }
                }
                Reply::IntakeSaved { .. } => self.pending_draft = None,
                // Read again after an administrator changed them; nothing to say.
                Reply::Settings(settings) => self.welcome(settings),
                _ => {}
            }
        }
    }

    /// Notes what `effects` say about the draft and quitting, and carries out the
    /// `commands` layer `by` asked for.
    fn settle(
        &mut self,
        by: LayerId,
        mut effects: Vec<Asked>,
        commands: Vec<Command>,
        now: NaiveDateTime,
    ) -> Vec<Asked> {
        for e in &effects {
            match &e.effect {
                Effect::Draft(DraftEffect::Keep(d)) => self.pending_draft = Some(d.clone()),
                Effect::Draft(DraftEffect::Discard) => self.pending_draft = None,
                Effect::Quit => self.quitting = true,
                _ => {}
            }
        }
        if let Some(entered) = self.apply(by, commands) {
            let mut cx = Ctx::new(now, &self.keymap, &self.lists);
            let layer = self.stack.find_mut(entered).expect("entered just now");
            layer.component.on_enter(&mut cx);
            let Ctx {
                effects: more,
                commands,
                ..
            } = cx;
            let by = Some(entered);
            effects.extend(more.into_iter().map(|effect| Asked { by, effect }));
            self.apply(entered, commands);
        }
        effects
    }

    /// Applies the commands layer `by` asked for; returns the layer to enter, if one
    /// came to stand where the asker was (a layer pushed, the one beneath a layer that
    /// went back, a new screen).
    ///
    /// They act on the asker, wherever it is: the answer to a save can come after the
    /// worker opened help or search over the dialog, and closing the dialog then must
    /// not close what they opened. So the layers above the asker are set aside, the
    /// commands carried out as if it were on top, and those layers put back over what
    /// is there now: help stays open over the screen the dialog went back to, and a
    /// new screen (a case just opened) takes the asker's place, under the search the
    /// worker opened meanwhile.
    fn apply(&mut self, by: LayerId, commands: Vec<Command>) -> Option<LayerId> {
        let above = self.stack.set_aside_above(by);
        let mut entered = false;
        for c in commands {
            match c {
                Command::Push(layer) => {
                    self.stack.push(layer);
                    entered = true;
                }
                Command::Pop => {
                    self.stack.pop();
                }
                Command::Back => entered |= self.stack.pop(),
                Command::Goto(screen) => {
                    // A new screen starts with a clean status line, unless a status follows.
                    self.status = None;
                    self.stack.replace_all(screen);
                    entered = true;
                }
                Command::Status(s) => self.status = Some(s),
            }
        }
        let entered = entered.then(|| self.stack.top().id);
        self.stack.put_back(above);
        entered
    }

    /// Draws everything.
    pub fn view(&self, frame: &mut Frame, now: NaiveDateTime) {
        let area = frame.area();
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            bars::too_small(
                frame,
                area,
                self.theme,
                &self.keymap.hint(Context::Global, Action::Quit),
            );
            return;
        }
        let [header, body, status, hints] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let cx = ViewCtx {
            theme: self.theme,
            keymap: &self.keymap,
            now,
        };
        for layer in self.stack.drawn() {
            layer.component.view(frame, body, &cx);
        }
        let top = &self.stack.top().component;
        // A locked screen does not say who was signed in.
        let session = self.session.as_ref().filter(|_| !self.guard.locked);
        bars::header(frame, header, self.theme, session, &top.title());
        bars::status(frame, status, self.theme, self.status.as_ref());
        bars::hints(frame, hints, &cx, top.context(), &top.hints());
        if let Some((x, y)) = top.cursor(body) {
            frame.set_cursor_position((x, y));
        }
        super::text::settle(frame.buffer_mut());
    }
}
