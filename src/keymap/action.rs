//! Named actions that keys are bound to, and the contexts bindings live in.

use std::fmt;
use std::str::FromStr;

/// Where a binding applies. A key goes to the top layer's context first, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere, forms included: printable keys may not be bound here.
    Global,
    /// Screens of things to pick from (home, recent intakes).
    List,
    /// Forms with text fields: printable keys may not be bound here either.
    Form,
    /// Confirmation dialogs and overlays.
    Dialog,
}

impl Context {
    pub const ALL: [Context; 4] = [
        Context::Global,
        Context::List,
        Context::Form,
        Context::Dialog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Form => "form",
            Context::Dialog => "dialog",
        }
    }

    /// Whether typing reaches text fields in this context, so printable keys must stay unbound.
    pub fn types_text(self) -> bool {
        matches!(self, Context::Global | Context::Form)
    }
}

impl FromStr for Context {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Context::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                format!("unknown section [{s}]: the sections are global, list, form, dialog")
            })
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal : $help:literal,)*) => {
        /// Something a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What it does, for the help overlay.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $help,)*
                }
            }
        }
    };
}

actions! {
    Quit = "quit": "quit caseline (drafts are kept)",
    Help = "help": "show every key of this screen",
    Home = "home": "go to the home screen",
    NewIntake = "new_intake": "start a new intake",
    RecentIntakes = "recent_intakes": "list recent intakes",
    Up = "up": "move up",
    Down = "down": "move down",
    PageUp = "page_up": "move up a page",
    PageDown = "page_down": "move down a page",
    First = "first": "go to the first item",
    Last = "last": "go to the last item",
    Open = "open": "open the selected item",
    NextField = "next_field": "next field",
    PrevField = "prev_field": "previous field",
    NextSection = "next_section": "next section of the form",
    PrevSection = "prev_section": "previous section of the form",
    Select = "select": "choose or tick the highlighted option; new line in notes",
    AttachMatch = "attach_match": "use the matching person already on file",
    NextMatch = "next_match": "highlight the next matching person",
    Save = "save": "save",
    Cancel = "cancel": "cancel or go back",
    Discard = "discard": "discard this draft (asks first)",
    Confirm = "confirm": "yes, do it",
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown action `{s}`"))
    }
}
