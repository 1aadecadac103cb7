//! The terminal interface, Elm style: a model ([`app::App`]), messages in, effects out
//! ([`msg`]), a view, and a runtime that owns the terminal and the service.
//!
//! Screens and dialogs are components on a stack; keys go to the top one first, then
//! to the global bindings, as in helix.

pub mod app;
mod backend;
mod beside;
pub mod cells;
pub mod component;
pub mod editor;
pub mod effect;
mod executor;
pub mod layers;
pub mod msg;
mod notices;
mod runtime;
pub mod screens;
pub mod stack;
mod terminal;
pub mod testing;
pub mod text;
pub mod theme;
pub mod widgets;

pub use runtime::{UiOptions, run};
