//! What the letter dialog and `caseline letter` choose from: the templates, the
//! organisations linked to the case, and its timeline entries, in one request.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{CaseId, CaseRef, ListKind, OrganisationId, TimelineId};
use crate::service::{Caseline, Operation, Result};

/// A case's letter choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterChoices {
    pub case: CaseId,
    pub reference: CaseRef,
    /// Template name and what it is for.
    pub templates: Vec<(String, String)>,
    pub recipients: Vec<RecipientChoice>,
    /// The timeline, oldest first.
    pub entries: Vec<EntryChoice>,
}

/// An organisation linked to the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientChoice {
    pub id: OrganisationId,
    pub name: String,
    /// Its part in the case, in words.
    pub role: String,
}

/// A timeline entry that may go into the chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChoice {
    pub id: TimelineId,
    pub on: NaiveDate,
    /// Its kind, as `EntryKind::name` says it ("phone call").
    pub kind: String,
    pub text: String,
}

impl Caseline {
    /// What a letter on case `r` can be made from.
    pub fn letter_choices(&self, r: CaseRef) -> Result<LetterChoices> {
        self.require(Operation::Letters)?;
        let case = self.case_by_ref(r)?;
        let templates = self
            .templates()?
            .into_iter()
            .map(|t| (t.name, t.title))
            .collect();
        let mut recipients = Vec::new();
        for link in &case.organisations {
            let org = self.organisation(link.organisation)?;
            recipients.push(RecipientChoice {
                id: org.id,
                name: org.name,
                role: self.label(ListKind::OrganisationRole, &link.role),
            });
        }
        let zone = crate::domain::clock::zone();
        let mut timeline = self.timeline(case.id)?;
        timeline.sort_by_key(|e| (e.at, e.id));
        let entries = timeline
            .into_iter()
            .map(|e| EntryChoice {
                id: e.id,
                on: e.at.with_timezone(&zone).date_naive(),
                kind: e.kind.name().to_string(),
                text: e.text,
            })
            .collect();
        Ok(LetterChoices {
            case: case.id,
            reference: case.reference,
            templates,
            recipients,
            entries,
        })
    }
}
