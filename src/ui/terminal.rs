//! The terminal, entered and always restored: on return, on error and on panic.
//!
//! Entering puts the terminal in raw mode on the alternate screen, as ratatui's `init`
//! does, with caseline's backend ([`super::cells`]), and wraps the panic hook
//! (installed after color-eyre's, so reports print on a sane terminal).
//! Bracketed paste is turned on here, so it is turned off here too, in the guard's drop
//! and in a panic hook of its own.
//!
//! On a shared machine what was on screen must not outlive the session: on leaving, and
//! when the screen locks, the screen is cleared and the scrollback purged (`ESC [3J`),
//! for terminals (and tmux set-ups) that copy the alternate screen into history.

use std::io::{Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::cells::Cells;
use crate::failure::Failure;

/// The terminal the interface draws on.
pub type Screen = Terminal<Cells<CrosstermBackend<Stdout>>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Holds the terminal in the interface's modes until dropped.
pub struct TerminalGuard {
    terminal: Screen,
}

impl TerminalGuard {
    pub fn enter() -> Result<TerminalGuard, Failure> {
        let cannot = |e: std::io::Error| Failure {
            message: format!("cannot use this terminal: {e}"),
            code: 1,
        };
        // As ratatui's `init`, with caseline's backend; the panic hook is ours, below.
        ACTIVE.store(true, Ordering::SeqCst);
        let terminal = enable_raw_mode()
            .and_then(|()| execute!(std::io::stdout(), EnterAlternateScreen))
            .and_then(|()| Terminal::new(Cells::new(CrosstermBackend::new(std::io::stdout()))));
        let terminal = match terminal {
            Ok(t) => t,
            Err(e) => {
                leave();
                return Err(cannot(e));
            }
        };
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
        crate::quiet_panics::install();
        let _ = execute!(std::io::stdout(), EnableBracketedPaste);
        Ok(TerminalGuard { terminal })
    }

    pub fn terminal(&mut self) -> &mut Screen {
        &mut self.terminal
    }
}

/// Wipes the screen and the scrollback, and makes the next draw a full one (ratatui
/// would otherwise only draw what changed since the wiped frame).
///
/// Not `Terminal::clear`: it first asks the terminal where the cursor is, and that
/// answer is read from the input the event thread is already reading, so it times out
/// after two seconds and returns before resetting anything: the next frame was then
/// drawn as a difference from a screen that was no longer there. Drawing a blank frame
/// makes ratatui's idea of the screen blank, which the escapes then make true.
pub fn purge(terminal: &mut Screen) {
    let _ = terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()));
    let mut out = std::io::stdout();
    let _ = execute!(out, Clear(ClearType::All), Clear(ClearType::Purge));
    let _ = out.flush();
}

/// Puts the terminal back (once), clearing the screen so no casework is left on it.
fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = std::io::stdout();
        let _ = execute!(out, DisableBracketedPaste);
        let _ = execute!(out, Clear(ClearType::All), Clear(ClearType::Purge));
        ratatui::restore();
        // Back on the main screen: its scrollback too, where some terminals keep what
        // the alternate screen showed.
        let _ = execute!(out, Clear(ClearType::Purge));
        let _ = out.flush();
    }
}

/// Runs `f` with the terminal put back as the shell had it (for the worker's own
/// editor), then takes it again; the caller purges and redraws the screen after.
pub fn aside<T>(f: impl FnOnce() -> T) -> T {
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let _ = out.flush();
    let done = f();
    let _ = enable_raw_mode();
    let _ = execute!(out, EnterAlternateScreen, EnableBracketedPaste);
    done
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}
