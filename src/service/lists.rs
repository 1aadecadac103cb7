//! Reference lists: reading them, checking codes against them, extending them.

use super::{Caseline, Error, Result};
use crate::domain::{ListKind, Problems, RefEntry, ReferenceList};

impl Caseline {
    /// A reference list.
    pub fn reference_list(&self, kind: ListKind) -> &ReferenceList {
        &self.lists[&kind]
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
        &mut self,
        kind: ListKind,
        label: &str,
        code: Option<&str>,
        group: Option<&str>,
    ) -> Result<RefEntry> {
        self.require(super::Operation::ChangeReferenceLists)?;
        let mut list = self.lists[&kind].clone();
        let entry = list
            .add(label, code, group)
            .map_err(|p| Error::invalid("list value", p))?
            .clone();
        let mut changes = self.vault().changes();
        changes.put(&list);
        self.vault().commit(changes)?;
        self.lists.insert(kind, list);
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
        let list = &self.lists[&kind];
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
            && !self.lists[&kind].contains(code)
        {
            p.add(field, format!("is not in the {kind} list"));
        }
    }
}
