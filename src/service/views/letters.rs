//! What the letter dialog and `caseline letter` choose from: the templates, the
//! organisations linked to the case, and its timeline entries, in one request; and a
//! case's letters as its screen lists them, also in one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    CaseId, CaseRef, LetterId, LetterStatus, ListKind, OrganisationId, TimelineId,
};
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

/// A case's letters, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLetters {
    pub case: CaseId,
    pub reference: CaseRef,
    pub rows: Vec<LetterRow>,
}

/// One letter in the list: enough to choose it; the letter itself is read on opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterRow {
    pub id: LetterId,
    /// The template's name, and what it is for (its name again if it is gone).
    pub template: String,
    pub title: String,
    /// The first line of the address: who it went or goes to.
    pub recipient: String,
    pub status: LetterStatus,
    /// The day it was sent, or else the day it was drafted.
    pub on: NaiveDate,
}

impl Caseline {
    /// The letters kept on case `id`, newest first, for the case's letters on screen.
    pub fn case_letters(&self, id: CaseId) -> Result<CaseLetters> {
        self.require(Operation::Letters)?;
        let case = self.case(id)?;
        let titles: Vec<(String, String)> = self
            .templates()?
            .into_iter()
            .map(|t| (t.name, t.title))
            .collect();
        let zone = crate::domain::clock::zone();
        let mut letters = self.letters_of(id)?;
        letters.sort_by_key(|l| std::cmp::Reverse((l.created_at, l.id)));
        let rows = letters
            .into_iter()
            .map(|l| LetterRow {
                id: l.id,
                title: titles
                    .iter()
                    .find(|(n, _)| *n == l.template)
                    .map_or_else(|| l.template.clone(), |(_, t)| t.clone()),
                template: l.template,
                recipient: l.addressed_to.first().cloned().unwrap_or_default(),
                status: l.status,
                on: match l.status {
                    LetterStatus::Sent { on } => on,
                    LetterStatus::Drafted => l.created_at.with_timezone(&zone).date_naive(),
                },
            })
            .collect();
        Ok(CaseLetters {
            case: case.id,
            reference: case.reference,
            rows,
        })
    }
}
