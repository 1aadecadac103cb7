//! Possible duplicates for a caseworker to check: the intakes a volunteer saved with a
//! caller who may already be on file (they were told only to ask a caseworker), each
//! with the record on file it may be; and, from a person's card, the records that may
//! be the same person. Merging is in [`super::merge`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, PersonMatch, PersonQuery, Result};
use crate::domain::{IncidentId, PartyRole, Person, PersonId};

/// One of two records that may be one person: enough to tell them apart, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeSide {
    pub id: PersonId,
    pub name: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    /// The day the record was made.
    pub added: NaiveDate,
}

impl MergeSide {
    fn of(p: &Person) -> MergeSide {
        MergeSide {
            id: p.id,
            name: p.display_name(),
            phone: p.contact.phone.clone(),
            postcode: p.contact.postcode.clone(),
            added: crate::domain::clock::local(p.created_at).date_naive(),
        }
    }
}

/// Two records that may be one person. A merge keeps `on_file` and folds `newer`
/// into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PossibleDuplicate {
    /// The intake marked as a possible duplicate, when the pair came from one.
    pub incident: Option<IncidentId>,
    /// When that intake was taken, as lists show it ("" for none).
    pub reported: String,
    /// The record that was there first; `None` when nobody on file matches any more
    /// (the details were changed since).
    pub on_file: Option<MergeSide>,
    pub newer: MergeSide,
    /// What matched: "name", "phone", "postcode".
    pub matched_on: Vec<String>,
}

/// Matches close enough to call a duplicate: the phone, or two of name, phone and
/// postcode (as a volunteer is warned).
fn close(m: &PersonMatch) -> bool {
    m.matched_on.len() >= 2 || m.matched_on.iter().any(|c| c == "phone")
}

impl Caseline {
    /// The intakes marked as possible duplicates, newest first, each with the closest
    /// record on file their caller may be (caseworkers and administrators).
    pub fn possible_duplicates(&self) -> Result<Vec<PossibleDuplicate>> {
        self.require(super::Operation::MergePeople)?;
        let mut marked = Vec::new();
        for incident in self.incidents() {
            let incident = incident?;
            if incident.possible_duplicate {
                marked.push(incident);
            }
        }
        marked.sort_by_key(|i| std::cmp::Reverse(i.reported_at));
        let mut rows = Vec::new();
        for incident in marked {
            let callers = incident
                .people_in(PartyRole::Victim)
                .chain(incident.people_in(PartyRole::Reporter))
                .chain(incident.parties.iter().filter_map(|p| p.person));
            let Some(newer) = callers.filter_map(|id| self.person(id).ok()).next() else {
                continue;
            };
            let best = self.others_like(&newer)?.into_iter().find(close);
            let on_file = match &best {
                Some(m) => Some(MergeSide::of(&self.person(m.id)?)),
                None => None,
            };
            rows.push(PossibleDuplicate {
                incident: Some(incident.id),
                reported: crate::domain::clock::local(incident.reported_at)
                    .format("%a %-d %b %H:%M")
                    .to_string(),
                on_file,
                newer: MergeSide::of(&newer),
                matched_on: best.map(|m| m.matched_on).unwrap_or_default(),
            });
        }
        Ok(rows)
    }

    /// Other records that may be `person`, best first: what a merge from their card
    /// offers. `person` is the one kept.
    pub fn merge_candidates(&self, person: PersonId) -> Result<Vec<PossibleDuplicate>> {
        self.require(super::Operation::MergePeople)?;
        let kept = self.person(person)?;
        let mut rows = Vec::new();
        for m in self.others_like(&kept)? {
            let other = self.person(m.id)?;
            rows.push(PossibleDuplicate {
                incident: None,
                reported: String::new(),
                on_file: Some(MergeSide::of(&kept)),
                newer: MergeSide::of(&other),
                matched_on: m.matched_on,
            });
        }
        Ok(rows)
    }

    /// People matching `p`'s name, phone and postcode, `p` left out.
    fn others_like(&self, p: &Person) -> Result<Vec<PersonMatch>> {
        let q = PersonQuery {
            name: p.display_name(),
            phone: p.contact.phone.clone().unwrap_or_default(),
            postcode: p.contact.postcode.clone().unwrap_or_default(),
        };
        let mut found = self.find_people(&q, 6)?;
        found.retain(|m| m.id != p.id);
        Ok(found)
    }
}
