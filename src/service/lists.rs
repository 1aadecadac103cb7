//! Reference lists: reading them, checking codes against them, extending them.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError};

use super::{Caseline, Error, Result};
use crate::domain::{ListKind, Problems, RefEntry, ReferenceList};

/// Every reference list, as one session reads them at a moment.
pub(crate) type Lists = BTreeMap<ListKind, Arc<ReferenceList>>;

impl Caseline {
    /// A reference list as it is now (an administrator in another session may extend
    /// it at any time).
    pub fn reference_list(&self, kind: ListKind) -> Arc<ReferenceList> {
        let lists = self
            .shared
            .lists
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&lists[&kind])
    }

    /// Every reference list, in the order of [`ListKind::ALL`].
    pub fn reference_lists(&self) -> Vec<ReferenceList> {
        let lists = self
            .shared
            .lists
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        lists.values().map(|l| (**l).clone()).collect()
    }

    /// The lists with the idle lock and the actor's role as stored now: what the
    /// signed-in user's screens follow (the role this session acts with is the one it
    /// signed in with).
    pub fn own_settings(&self) -> Result<super::api::OwnSettings> {
        self.require(super::Operation::OwnSettings)?;
        Ok(super::api::OwnSettings {
            lists: self.reference_lists(),
            idle_lock_minutes: self.settings().idle_lock_minutes,
            role: self.user(self.actor().id)?.role,
        })
    }

    /// All lists at once, to put back after a change that failed.
    pub(crate) fn lists_now(&self) -> Lists {
        self.shared
            .lists
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the lists every session reads.
    pub(crate) fn set_lists(&self, lists: Lists) {
        *self
            .shared
            .lists
            .write()
            .unwrap_or_else(PoisonError::into_inner) = lists;
    }

    /// Replaces one list every session reads.
    fn set_list(&self, list: ReferenceList) {
        let mut lists = self
            .shared
            .lists
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        lists.insert(list.kind, Arc::new(list));
    }

    /// The words for a code of `kind`: its label, or the code itself when the list no
    /// longer has it. The one place codes become words for screens and reports.
    pub fn label(&self, kind: ListKind, code: &str) -> String {
        self.reference_list(kind).label(code).to_string()
    }

    /// [`Caseline::label`] of each code, in order.
    pub fn labels(&self, kind: ListKind, codes: &[String]) -> Vec<String> {
        let list = self.reference_list(kind);
        codes.iter().map(|c| list.label(c).to_string()).collect()
    }

    /// Adds a value to a list (administrators only). Returns the new entry.
    pub fn add_reference_value(
        &self,
        kind: ListKind,
        label: &str,
        code: Option<&str>,
        group: Option<&str>,
    ) -> Result<RefEntry> {
        self.require(super::Operation::ChangeReferenceLists)?;
        // Two administrators adding at once: the second adds to the first's list.
        let _guard = self.write_guard();
        let mut list = (*self.reference_list(kind)).clone();
        let entry = list
            .add(label, code, group)
            .map_err(|p| Error::invalid("list value", p))?
            .clone();
        let mut changes = self.changes();
        changes.put(&list);
        self.vault().commit(changes)?;
        self.set_list(list);
        Ok(entry)
    }

    /// Records a problem for each code not in `kind`'s list.
    pub(crate) fn check_codes(
        &self,
        p: &mut Problems,
        kind: ListKind,
        field: &str,
        codes: &[String],
    ) {
        if codes.len() > crate::domain::limits::MAX_CODES {
            // Over its cap: the record's own rules say so, once.
            return;
        }
        let list = self.reference_list(kind);
        for (i, code) in codes.iter().enumerate() {
            if !list.contains(code) {
                p.add(
                    format!("{field}[{i}]"),
                    format!("is not in the {kind} list"),
                );
            }
        }
    }

    /// Records a problem when an optional code is not in `kind`'s list.
    pub(crate) fn check_code(
        &self,
        p: &mut Problems,
        kind: ListKind,
        field: &str,
        code: Option<&str>,
    ) {
        if let Some(code) = code
            && !self.reference_list(kind).contains(code)
        {
            p.add(field, format!("is not in the {kind} list"));
        }
    }
}
