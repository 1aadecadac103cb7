//! How many entries each list inside a record may hold, in one place.
//!
//! Real records stay far below these caps. They exist so that a damaged or hostile
//! import (a person with a million other names) is refused, saying which list and its
//! cap, instead of being stored and swamping every screen, search and message; and so
//! that a record's other rules, which look at each entry, never run over such a list.

use chrono::NaiveDate;

use super::validation::Problems;
use super::{Case, Incident, Organisation, Person, ReferenceList};

/// Other names or spellings of one person.
pub const MAX_OTHER_NAMES: usize = 50;
/// Codes chosen from one reference list on one record (languages, strands, evidence,
/// safeguarding concerns ...).
pub const MAX_CODES: usize = 100;
/// People in one incident; people, organisations or incidents linked to one case.
pub const MAX_LINKS: usize = 500;
/// Consultations logged against one organisation: a few a month for decades.
pub const MAX_CONSULTATIONS: usize = 5_000;
/// Changes of a person's details kept with them.
pub const MAX_REVISIONS: usize = 1_000;
/// Entries of one reference list.
pub const MAX_LIST_ENTRIES: usize = 5_000;

/// The earliest date of birth a person record takes: an earlier one is a typing slip.
pub fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date")
}

/// Adds a problem when a list holds more than `cap` entries.
fn cap(p: &mut Problems, field: &str, len: usize, cap: usize) {
    if len > cap {
        p.add(
            field,
            format!("holds {len} entries, more than the {cap} a record may have"),
        );
    }
}

impl Person {
    /// The person's lists that are over their caps.
    pub fn oversized_lists(&self) -> Problems {
        let mut p = Problems::new();
        cap(
            &mut p,
            "other_names",
            self.other_names.len(),
            MAX_OTHER_NAMES,
        );
        cap(&mut p, "languages", self.languages.len(), MAX_CODES);
        cap(&mut p, "safeguarding", self.safeguarding.len(), MAX_CODES);
        cap(&mut p, "history", self.history.len(), MAX_REVISIONS);
        p
    }
}

impl Organisation {
    /// The organisation's lists that are over their caps.
    pub fn oversized_lists(&self) -> Problems {
        let mut p = Problems::new();
        cap(&mut p, "languages", self.languages.len(), MAX_CODES);
        cap(&mut p, "communities", self.communities.len(), MAX_CODES);
        cap(&mut p, "services", self.services.len(), MAX_CODES);
        cap(&mut p, "meets", self.meets.len(), MAX_CODES);
        cap(
            &mut p,
            "consultations",
            self.consultations.len(),
            MAX_CONSULTATIONS,
        );
        p
    }
}

impl Incident {
    /// The incident's lists that are over their caps.
    pub fn oversized_lists(&self) -> Problems {
        let mut p = Problems::new();
        cap(&mut p, "strands", self.strands.len(), MAX_CODES);
        cap(
            &mut p,
            "characteristics",
            self.characteristics.len(),
            MAX_CODES,
        );
        cap(&mut p, "evidence", self.evidence.len(), MAX_CODES);
        cap(&mut p, "parties", self.parties.len(), MAX_LINKS);
        p
    }
}

impl Case {
    /// The case's lists that are over their caps.
    pub fn oversized_lists(&self) -> Problems {
        let mut p = Problems::new();
        cap(&mut p, "people", self.people.len(), MAX_LINKS);
        cap(&mut p, "organisations", self.organisations.len(), MAX_LINKS);
        cap(&mut p, "incidents", self.incidents.len(), MAX_LINKS);
        cap(&mut p, "safeguarding", self.safeguarding.len(), MAX_CODES);
        p
    }
}

impl ReferenceList {
    /// The list's entries, when there are more than its cap.
    pub fn oversized_lists(&self) -> Problems {
        let mut p = Problems::new();
        cap(&mut p, "entries", self.entries.len(), MAX_LIST_ENTRIES);
        p
    }
}
