//! Panics that the code expects and catches (a library failing on damaged stored
//! bytes) must not print a report to the terminal. This wraps the panic hook once, and
//! silences it only on the thread and for the span that asks.

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static WRAP: Once = Once::new();

/// Installs the wrapper around whatever hook is current. Call after installing the
/// program's own hook; calling again does nothing.
pub fn install() {
    WRAP.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f` with panic reports silenced on this thread.
pub fn run<T>(f: impl FnOnce() -> T) -> T {
    install();
    let before = QUIET.with(|q| q.replace(true));
    let out = f();
    QUIET.with(|q| q.set(before));
    out
}
