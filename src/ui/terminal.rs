//! The terminal, entered and always restored: on return, on error and on panic.
//!
//! Entering puts the terminal in raw mode on the alternate screen, as ratatui's `init`
//! does, with caseline's backend ([`super::cells`]), and wraps the panic hook
//! (installed after color-eyre's, so reports print on a sane terminal).
//! Bracketed paste is turned on here, so it is turned off here too, in the guard's drop
//! and in a panic hook of its own.
//!
//! The hook restores the terminal only for a panic on the interface's own thread,
//! which ends the program. A thread beside it that panics (and is not caught, as the
//! executor's and the readers' are) does not take the terminal away from a running
//! interface: raw mode off would echo a passphrase typed on the lock screen, and the
//! frames would land in the scrollback. Its report waits until the terminal is back.
//!
//! On a shared machine what was on screen must not outlive the session: on leaving, and
//! when the screen locks, the screen is cleared and the scrollback purged (`ESC [3J`),
//! for terminals (and tmux set-ups) that copy the alternate screen into history.

use std::io::{Stdout, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ThreadId;

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
/// The thread that entered the terminal and draws on it.
static INTERFACE: Mutex<Option<ThreadId>> = Mutex::new(None);
/// Where threads beside the interface panicked while it had the terminal: told once
/// the terminal is back, where the words can be read.
static LATE_REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What the panic hook does for a panic on thread `here`.
#[derive(Debug, PartialEq, Eq)]
enum OnPanic {
    /// The interface's thread (or no interface at all): put the terminal back, then
    /// report as usual.
    RestoreAndReport,
    /// A thread beside a running interface: leave the terminal as it is and report
    /// once it is back.
    ReportLater,
}

fn on_panic(active: bool, interface: Option<ThreadId>, here: ThreadId) -> OnPanic {
    if active && interface.is_some_and(|t| t != here) {
        OnPanic::ReportLater
    } else {
        OnPanic::RestoreAndReport
    }
}

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
        *INTERFACE.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::thread::current().id());
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
            let interface = *INTERFACE.lock().unwrap_or_else(|e| e.into_inner());
            let here = std::thread::current().id();
            match on_panic(ACTIVE.load(Ordering::SeqCst), interface, here) {
                OnPanic::RestoreAndReport => {
                    leave();
                    previous(info);
                }
                OnPanic::ReportLater => {
                    // Only where: the message may hold personal data.
                    let at = info
                        .location()
                        .map(|l| format!(" at {}:{}", l.file(), l.line()))
                        .unwrap_or_default();
                    LATE_REPORTS
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(at);
                }
            }
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
        let late = std::mem::take(&mut *LATE_REPORTS.lock().unwrap_or_else(|e| e.into_inner()));
        for at in late {
            // Not eprintln!, which panics when standard error is a closed pipe.
            let _ = writeln!(
                std::io::stderr(),
                "caseline: internal error in a background thread{at}. Its details are withheld \
                 because they may contain personal data; please report where it happened."
            );
        }
    }
}

/// Puts the terminal back as the shell had it, for the worker's own editor; see
/// [`take_back`].
pub fn lend() {
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Takes the terminal again after the editor, wiping what it left on the screen, so
/// the next frame is drawn whole.
pub fn take_back(terminal: &mut Screen) {
    let _ = enable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    );
    purge(terminal);
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_beside_a_running_interface_leaves_the_terminal_as_it_is() {
        let interface = std::thread::current().id();
        let beside = std::thread::spawn(|| std::thread::current().id())
            .join()
            .expect("a thread");
        assert_eq!(
            on_panic(true, Some(interface), beside),
            OnPanic::ReportLater,
            "a background thread's panic took the terminal back"
        );
        assert_eq!(
            on_panic(true, Some(interface), interface),
            OnPanic::RestoreAndReport
        );
        // Once the interface has let go of the terminal, any panic reports at once.
        assert_eq!(
            on_panic(false, Some(interface), beside),
            OnPanic::RestoreAndReport
        );
    }
}
