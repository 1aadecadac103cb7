//! Dialogs and overlays drawn over a screen; keys go to them first.

pub mod confirm;
pub mod help;
