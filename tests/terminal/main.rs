//! The real program in a real terminal, through tmux (see `tui.rs`). A test crate of its
//! own, apart from the in-memory interface tests in `tests/tui/`: these wait for screens
//! with timeouts and measure the idle program's CPU, which a process busy with other
//! tests would disturb.

#[path = "../support/terminal.rs"]
mod terminal_support;

mod keymap_warnings;
mod letters;
mod names;
mod shared;
mod tui;
mod unlock_wait;
