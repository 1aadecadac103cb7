//! `check` around the database: what opening the store found (damage, or what an
//! interrupted restore left and was put right), drafts that do not open, and the
//! replaced stores kept until an administrator removes them.

use std::collections::HashSet;

use super::check::Fault;
use super::replaced::replaced_in;
use super::{Caseline, Result};
use crate::store::draft_faults;

/// What `check_files` found: faults, and notes (kept on purpose, or done already).
#[derive(Default)]
pub(super) struct Around {
    pub faults: Vec<Fault>,
    pub notes: Vec<Fault>,
}

fn fault(place: impl Into<String>, problem: impl Into<String>) -> Fault {
    Fault {
        place: place.into(),
        problem: problem.into(),
    }
}

impl Caseline {
    pub(super) fn check_files(&self) -> Result<Around> {
        let mut out = Around::default();
        for n in self.vault().notices() {
            let f = fault(n.place.clone(), n.said.clone());
            if n.damage {
                out.faults.push(f);
            } else {
                out.notes.push(f);
            }
        }
        let users: HashSet<_> = self.users().filter_map(|u| u.ok()).map(|u| u.id).collect();
        for d in draft_faults(self.dir(), self.vault().data_key(), |u| users.contains(&u)) {
            let f = fault(d.place, d.problem);
            if d.damage {
                out.faults.push(f);
            } else {
                out.notes.push(f);
            }
        }
        for kept in replaced_in(self.dir()) {
            let said = format!(
                "a store replaced by a restore, kept as it was ({:.1} MiB, encrypted): \
                 `caseline replaced remove {}` deletes it once it is no longer needed",
                kept.bytes as f64 / (1024.0 * 1024.0),
                kept.name
            );
            out.notes.push(fault(kept.name, said));
        }
        Ok(out)
    }
}
