//! Stored text is made inert before it is drawn; the functions are shared with the
//! command line, so they live in [`crate::domain::text`].

pub use crate::domain::text::{inert, inert_lines};
