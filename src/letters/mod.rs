//! Letters from a case: the facts a letter is made from, the templates that word it,
//! and the documents written from it (DOCX and plain text).
//!
//! Plain functions over plain data, with no store and no terminal: the service
//! gathers the [`Facts`] from the case and keeps the letter; the command line and the
//! screen write the document. Templates are text an administrator may type, so they
//! run with limits (see [`render`]) and every fault comes back as words.

mod defaults;
pub mod docx;
mod facts;
pub mod file;
pub mod render;
pub mod text;

pub use defaults::{BUILT_IN, BuiltIn};
pub use facts::{ChronologyLine, Client, Facts, Recipient, long_date};
pub use render::{Composed, LetterError, check_template, compose};

use serde::{Deserialize, Serialize};

/// A letter laid out for writing: what goes where on the page. Made by the service
/// from a kept or previewed letter and the settings; written by [`docx::write`] and
/// [`text::write`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The organisation's name and any further letterhead lines.
    pub letterhead: Vec<String>,
    /// The sender's postal address.
    pub sender_address: Vec<String>,
    /// The date, written out ("2 December 2026").
    pub date: String,
    /// The recipient's name and address.
    pub recipient: Vec<String>,
    /// "Our reference: C-2026-0042" and the like.
    pub references: Vec<String>,
    /// The letter itself: each line a paragraph; blank lines are spacing.
    pub body: String,
    /// Below "Yours sincerely".
    pub signature: Vec<String>,
}

impl Document {
    /// The body's paragraphs: its non-blank lines, with characters a document cannot
    /// hold (control characters) left out.
    pub fn paragraphs(&self) -> impl Iterator<Item = String> + '_ {
        self.body
            .lines()
            .map(clean)
            .filter(|line| !line.trim().is_empty())
    }
}

/// A line without control characters (XML cannot carry most of them).
pub(crate) fn clean(line: &str) -> String {
    line.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}
