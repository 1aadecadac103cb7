//! Fixtures shared by the `keys_*` tests (and `lock`), which drive the interface
//! through keys.

#![allow(dead_code)]

use caseline::ui::component::Status;
use caseline::ui::testing::Harness;

use crate::tui_util::{init_store, unlock};

/// A fresh temporary directory and the data directory inside it.
pub fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    (tmp, dir)
}

/// A store made through the service, unlocked through the interface, on home.
pub fn unlocked() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let h = unlock(&dir);
    (tmp, dir, h)
}

/// The status line's text, or nothing.
pub fn status_text(h: &Harness) -> String {
    match h.app.status() {
        Some(Status::Done(t) | Status::Info(t) | Status::Error(t)) => t.clone(),
        None => String::new(),
    }
}

/// Keys for a complete, valid intake from the top of a new form.
pub const VALID: &str = "Amina<tab>Hassan<tab>07700 900123<pagedown><pagedown>\
She was shouted at in the street.";
