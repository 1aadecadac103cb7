//! What every screen and dialog is: a component that handles actions and keys,
//! reports its own key hints, and draws itself.

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::msg::{Effect, Reply};
use super::theme::Theme;
use crate::keymap::{Action, Context, Keymap};

/// What a component asks of the application while handling something.
pub enum Command {
    /// Put a dialog or overlay on top.
    Push(Box<dyn Component>),
    /// Close this layer.
    Pop,
    /// Close this layer and enter the one beneath again, so it reloads what this
    /// layer changed (a dialog that saved something).
    Back,
    /// Replace the whole stack with a new screen.
    Goto(Box<dyn Component>),
    /// Show a message in the status line.
    Status(Status),
}

/// A line of feedback under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Done(String),
    Error(String),
}

/// The reference lists, by kind, once the store is unlocked.
pub type Lists = std::collections::BTreeMap<crate::domain::ListKind, crate::domain::ReferenceList>;

/// Passed to handlers: the clock, and where effects and commands are collected.
pub struct Ctx<'a> {
    pub now: NaiveDateTime,
    pub keymap: &'a Keymap,
    pub lists: &'a Lists,
    pub effects: Vec<Effect>,
    pub commands: Vec<Command>,
}

impl<'a> Ctx<'a> {
    /// A context with nothing asked yet, for one call into a layer.
    pub fn new(now: NaiveDateTime, keymap: &'a Keymap, lists: &'a Lists) -> Ctx<'a> {
        Ctx {
            now,
            keymap,
            lists,
            effects: Vec::new(),
            commands: Vec::new(),
        }
    }

    /// A reference list (empty before unlocking).
    pub fn list(&self, kind: crate::domain::ListKind) -> crate::domain::ReferenceList {
        self.lists
            .get(&kind)
            .cloned()
            .unwrap_or(crate::domain::ReferenceList {
                kind,
                entries: Vec::new(),
            })
    }

    pub fn effect(&mut self, e: Effect) {
        self.effects.push(e);
    }
    pub fn push(&mut self, c: impl Component + 'static) {
        self.commands.push(Command::Push(Box::new(c)));
    }
    pub fn pop(&mut self) {
        self.commands.push(Command::Pop);
    }
    pub fn back(&mut self) {
        self.commands.push(Command::Back);
    }
    pub fn goto(&mut self, c: impl Component + 'static) {
        self.commands.push(Command::Goto(Box::new(c)));
    }
    pub fn done(&mut self, text: impl Into<String>) {
        self.commands
            .push(Command::Status(Status::Done(text.into())));
    }
    pub fn info(&mut self, text: impl Into<String>) {
        self.commands
            .push(Command::Status(Status::Info(text.into())));
    }
    pub fn error(&mut self, text: impl Into<String>) {
        self.commands
            .push(Command::Status(Status::Error(text.into())));
    }
}

/// Whether a handler used what it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Yes,
    No,
}

/// What is needed to draw.
pub struct ViewCtx<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub now: NaiveDateTime,
}

/// What the application does with a key no layer used, once signed in: the main
/// places, search, help, locking, quitting, and esc going home. A layer lets through
/// those of them it does not answer itself ([`Component::passes`]). In the order help
/// lists them: the places first, quitting last.
pub const GLOBAL: [Action; 12] = [
    Action::NewIntake,
    Action::RecentIntakes,
    Action::Cases,
    Action::Queue,
    Action::Referrals,
    Action::Search,
    Action::Directory,
    Action::Home,
    Action::Cancel,
    Action::Help,
    Action::Lock,
    Action::Quit,
];

/// Moving in a list, for the [`Component::keys`] of the screens that are lists.
pub const MOVES: [Action; 6] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::First,
    Action::Last,
];

/// What a few fields in a box answer (the dialogs, the audit log's filter): saving,
/// moving between the fields, choosing, and esc closing it.
pub const FORM_KEYS: [Action; 7] = [
    Action::Save,
    Action::Select,
    Action::NextField,
    Action::PrevField,
    Action::Up,
    Action::Down,
    Action::Cancel,
];

/// The global actions but `skip`, for [`Component::passes`]: going to the place one is
/// on shows nothing new.
pub fn global_but(skip: &[Action]) -> Vec<Action> {
    GLOBAL.into_iter().filter(|a| !skip.contains(a)).collect()
}

/// `own` actions followed by `more`, for [`Component::keys`].
pub fn keys_of(own: &[Action], more: &[Action]) -> Vec<Action> {
    own.iter().chain(more).copied().collect()
}

/// A screen or a dialog.
pub trait Component {
    /// Which keymap section applies while this is on top.
    fn context(&self) -> Context;
    /// A short title for the header.
    fn title(&self) -> String;
    /// Called when the component comes on screen.
    fn on_enter(&mut self, _cx: &mut Ctx) {}
    /// A key bound to an action in this context (or globally).
    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled;
    /// A key bound to nothing: typing, mostly.
    fn on_key(&mut self, _key: KeyEvent, _cx: &mut Ctx) -> Handled {
        Handled::No
    }
    /// Pasted text.
    fn on_paste(&mut self, _text: &str, _cx: &mut Ctx) -> Handled {
        Handled::No
    }
    /// A deadline the model asked for ([`crate::ui::app::App::wake_at`]) has come.
    fn on_tick(&mut self, _cx: &mut Ctx) {}
    /// What an effect returned.
    fn on_reply(&mut self, _reply: &Reply, _cx: &mut Ctx) -> Handled {
        Handled::No
    }
    /// Actions worth showing in the hint bar, most useful first.
    fn hints(&self) -> Vec<Action>;
    /// Every action this layer answers itself, most useful first: help (F1) lists their
    /// keys before the global ones, and lists no other, so it never offers a key that
    /// does nothing here. The hint bar's few unless a layer says more.
    fn keys(&self) -> Vec<Action> {
        self.hints()
    }
    /// Which of the application's own actions ([`GLOBAL`]) this layer lets through to
    /// it; dialogs that hold every key but quit say so. Those it answers itself belong
    /// in [`Component::keys`].
    fn passes(&self) -> Vec<Action> {
        GLOBAL.to_vec()
    }
    /// Whether this covers the whole screen (screens) or floats over it (dialogs).
    fn is_overlay(&self) -> bool {
        false
    }
    /// Where the terminal cursor should be, if anywhere.
    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        None
    }
    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx);
}
