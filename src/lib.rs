//! caseline: intake and casework for race equality councils and advice charities.
//!
//! The crate is layered so that each layer can be read, tested and replaced on its own:
//!
//! - [`domain`]: plain types and rules (people, incidents, cases, timelines, ...).
//!   No storage, no terminal.
//! - [`store`]: the encrypted, crash-safe store: codec, encryption, key slots, over a
//!   storage engine behind a trait (`store::kv`); sled is the first, and nothing
//!   outside `store/engine.rs` touches it.
//! - [`service`]: the one API that every caller (terminal UI and command line alike)
//!   goes through. It validates requests and returns typed errors.
//! - [`cli`]: the administrator's command line, and [`ui`]: the terminal interface.
//!   Neither imports the other, nor [`store`] (a test in `layers.rs` checks).

pub mod cli;
pub mod demo;
pub mod domain;
mod failure;
pub mod files;
pub mod keymap;
pub mod letters;
mod quiet_panics;
pub mod search;
pub mod service;
pub mod store;
pub mod ui;

#[cfg(test)]
mod layers;

pub use failure::Failure;
pub use service::{Caseline, Error, Result};
