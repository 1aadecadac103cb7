//! Styles from the 16 named terminal colours only, or none at all under `NO_COLOR`.
//!
//! Colour is never the only signal: focus is also reverse video and a `>` marker,
//! errors are also bold and start with `!`.

use ratatui::style::{Color, Modifier, Style};

/// The styles every screen draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set (to anything non-empty), as no-color.org asks.
    pub fn from_env() -> Theme {
        Theme {
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn normal(&self) -> Style {
        Style::new()
    }
    /// Titles and section headings.
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// The field or row that has focus.
    pub fn focus(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Labels and secondary text.
    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    /// Something wrong.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    /// Something done.
    pub fn ok(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    /// Something to look at before going on (safeguarding, deadlines, warnings).
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// Keys in hint bars.
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// What the program understood from typed text (a parsed date).
    pub fn parsed(&self) -> Style {
        self.fg(Color::Green)
    }
    /// The header and hint bars.
    pub fn bar(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Black).bg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}
