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

impl Ctx<'_> {
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
