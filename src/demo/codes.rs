//! Codes for the demo, always taken from the default reference lists.
//!
//! The generator's tables name values by their label ("Race or ethnicity"); the code is
//! looked up in the list, so a code the list does not have can never be produced.

use rand::RngExt;
use rand::rngs::StdRng;

use crate::domain::{ListKind, ReferenceList};

/// The default reference lists, for looking up codes.
pub(super) struct Codes {
    lists: Vec<ReferenceList>,
}

impl Codes {
    pub(super) fn new() -> Codes {
        Codes {
            lists: ListKind::ALL
                .iter()
                .map(|k| ReferenceList::default_for(*k))
                .collect(),
        }
    }

    /// One whole list.
    pub(super) fn list(&self, kind: ListKind) -> &ReferenceList {
        self.lists
            .iter()
            .find(|l| l.kind == kind)
            .expect("every list kind has defaults")
    }

    /// The code of the active value labelled `label` (any case), if the list has one.
    pub(super) fn code(&self, kind: ListKind, label: &str) -> Option<String> {
        self.list(kind)
            .active()
            .find(|e| e.label.eq_ignore_ascii_case(label))
            .map(|e| e.code.clone())
    }

    /// The codes of those `labels` the list has.
    pub(super) fn codes(&self, kind: ListKind, labels: &[&str]) -> Vec<String> {
        labels.iter().filter_map(|l| self.code(kind, l)).collect()
    }

    /// Any active code of the list.
    pub(super) fn any(&self, rng: &mut StdRng, kind: ListKind) -> String {
        let list = self.list(kind);
        let n = list.active().count();
        list.active()
            .nth(rng.random_range(0..n))
            .map(|e| e.code.clone())
            .expect("every default list has active values")
    }

    /// The code labelled `label`, or any code of the list when it has no such value.
    pub(super) fn code_or_any(&self, rng: &mut StdRng, kind: ListKind, label: &str) -> String {
        self.code(kind, label)
            .unwrap_or_else(|| self.any(rng, kind))
    }

    /// The active values of a list as `(weight, code, label)`, weighted by `weights`
    /// (by label); values the table does not name get `otherwise`.
    pub(super) fn weighted(
        &self,
        kind: ListKind,
        weights: &[(u32, &str)],
        otherwise: u32,
    ) -> Vec<(u32, (String, String))> {
        self.list(kind)
            .active()
            .map(|e| {
                let w = weights
                    .iter()
                    .find(|(_, l)| e.label.eq_ignore_ascii_case(l))
                    .map_or(otherwise, |(w, _)| *w);
                (w, (e.code.clone(), e.label.clone()))
            })
            .collect()
    }
}
