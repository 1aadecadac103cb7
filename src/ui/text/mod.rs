//! Text on the screen. Everything stored (a name, a note, an argument echoed in a
//! message) is drawn through [`shown`]: made inert (the functions are shared with the
//! command line, in [`crate::domain::text`]) and put in the form every terminal
//! measures alike. [`columns`] says how wide it is, and [`settle`] makes each frame's
//! cells cover the columns the terminal gives them.

mod columns;
mod settle;
mod shown;

pub use columns::{FILLER, Measure, char_columns, measure};
pub use settle::settle;
pub use shown::{FILLER_STR, columns, shown, shown_lines, units};
