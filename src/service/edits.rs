//! Two workers changing the same record. A form is filled from the record as it was
//! read and saved some minutes later; another worker may have saved the same record
//! meanwhile. The save carries the record as its editor read it ([`Edit::read`]); the
//! service compares that with the record as stored, and a save that would put back
//! what someone else changed is refused with [`Error::Conflict`], naming who, when and
//! which parts, while the form keeps the worker's typing.
//!
//! The values read, not a version stamp, are compared: that names exactly the parts
//! that changed with no history kept, changes no stored record's shape, and does not
//! refuse a save over a change the form does not carry (a consultation logged on a
//! directory entry, a case's status).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error};
use crate::domain::AuditEntry;

/// A change to a record, and the record as its editor read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit<T> {
    /// What the worker saves.
    pub typed: T,
    /// What the form was filled from. `None` applies `typed` to the record as it is
    /// now: for a one-shot command, which replaces what it names without showing the
    /// old text first, so there is no earlier reading to be overtaken.
    pub read: Option<T>,
}

impl<T> Edit<T> {
    /// A save from a form filled with `read`.
    pub fn from_read(read: T, typed: T) -> Edit<T> {
        Edit {
            typed,
            read: Some(read),
        }
    }

    /// A save applied to the record as it is now (see [`Edit::read`]).
    pub fn as_it_is(typed: T) -> Edit<T> {
        Edit { typed, read: None }
    }
}

/// The parts someone else changed that this save would undo: those that differ
/// between what was read and what is stored (`read_vs_now`) and that the save would
/// set to something other than what is stored (`typed_vs_now`). A part both changed
/// to the same value loses nothing.
pub(crate) fn overtaken(read_vs_now: Vec<String>, typed_vs_now: &[String]) -> Vec<String> {
    read_vs_now
        .into_iter()
        .filter(|part| typed_vs_now.contains(part))
        .collect()
}

/// How far back through the audit log the author of a change is looked for: the
/// change is recent, so its entry is among the last few.
const LOOK_BACK: usize = 2000;

/// What a stale save is refused about: the record, in words, and how to find its
/// entries in the audit log.
pub(crate) struct Overtaken<'a> {
    /// "case", "person's details", "directory entry", "letter template".
    pub what: &'a str,
    /// When the record was last changed (its `updated_at`).
    pub at: DateTime<Utc>,
    /// The parts changed meanwhile, in words.
    pub parts: Vec<String>,
    /// What to do now, after "Your changes are still in the form: ".
    pub then: &'a str,
}

impl Caseline {
    /// The refusal for a save that would undo someone else's change: which parts, who
    /// made that change (the newest audit entry about the record, by `concerns`) and
    /// when; the worker's typing stays in the form. The parts come first, so a status
    /// line cut at 80 columns still says what changed.
    pub(crate) fn changed_meanwhile(
        &self,
        o: Overtaken<'_>,
        concerns: impl Fn(&AuditEntry) -> bool,
    ) -> Error {
        let who = self
            .last_changed_by(o.at, concerns)
            .unwrap_or_else(|| "someone else".to_string());
        let when = crate::domain::clock::local(o.at).format("%H:%M on %a %-d %b");
        Error::Conflict(format!(
            "{} changed by {who} at {when}, after you opened this {}. Your changes are \
             still in the form: {}",
            o.parts.join(", "),
            o.what,
            o.then
        ))
    }

    /// The name of the worker whose change, made at or after `since`, is the newest the
    /// audit log has about a record; `None` when it cannot be told.
    fn last_changed_by(
        &self,
        since: DateTime<Utc>,
        concerns: impl Fn(&AuditEntry) -> bool,
    ) -> Option<String> {
        let entries = self.vault().audit_entries(None).ok()?;
        let who = entries
            .take(LOOK_BACK)
            .map_while(|e| e.ok().filter(|e| e.at >= since))
            .find(|e| e.who.is_some() && concerns(e))?
            .who?;
        let user = self.user(who).ok()?;
        Some(if user.id == self.actor().id {
            "you, in another window".to_string()
        } else {
            crate::domain::text::inert(&user.display_name).into_owned()
        })
    }
}

/// Whether an audit entry names the record `id` of `tree`.
pub(crate) fn names(tree: &str, id: impl std::fmt::Display) -> impl Fn(&AuditEntry) -> bool {
    let (tree, id) = (tree.to_string(), id.to_string());
    move |e: &AuditEntry| e.records.iter().any(|r| r.tree == tree && r.id == id)
}
