//! Panics that the code expects and catches (a library failing on damaged stored
//! bytes) must not print a report to the terminal. This wraps the panic hook once, and
//! silences it only on the thread and for the span that asks.

use std::cell::Cell;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Wraps whatever hook is current, so it stays silent for expected panics. Call it
/// again after installing another hook on top (the terminal's restore hook).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.with(Cell::get) {
            previous(info);
        }
    }));
}

/// Runs `f` with panic reports silenced on this thread (where a hook from [`install`]
/// is in place).
pub fn run<T>(f: impl FnOnce() -> T) -> T {
    let before = QUIET.with(|q| q.replace(true));
    let out = f();
    QUIET.with(|q| q.set(before));
    out
}
