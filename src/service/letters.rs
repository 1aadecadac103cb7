//! Letters on a case: previewed, kept as drafted, marked sent. A letter is made from
//! a template and the case's facts (see [`crate::letters`]); keeping one writes the
//! letter and a timeline entry pointing at it in one commit. A sent letter is fixed:
//! what follows it is a new letter.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Operation, Result};
use crate::domain::{
    AuditAction, AuditNote, Case, Direction, EntryKind, Letter, LetterId, LetterStatus, ListKind,
    OrganisationId, TimelineEntry, TimelineId,
};
use crate::letters::{self, ChronologyLine, Client, Document, Facts, Recipient, long_date};
use crate::store::Kind;

/// What the worker chose for a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterDraft {
    pub case: crate::domain::CaseId,
    pub template: String,
    pub recipient: OrganisationId,
    /// Timeline entries for the chronology, in any order.
    pub entries: Vec<TimelineId>,
    /// Fields filled by hand: field name (`recipient.address`) to text.
    pub filled: BTreeMap<String, String>,
    /// The body as the worker edited it; `None` keeps the template's words.
    pub body: Option<String>,
    /// The sent letter this one follows.
    pub follows: Option<LetterId>,
}

/// A letter laid out, and the record when it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterView {
    pub letter: Option<Letter>,
    pub document: Document,
}

/// The client's role on a case: the person the letter is written for.
const CLIENT_ROLE: &str = "complainant_or_victim";

impl Caseline {
    /// The letter `draft` makes, laid out, without keeping it.
    pub fn preview_letter(&self, draft: &LetterDraft) -> Result<LetterView> {
        self.require(Operation::Letters)?;
        let case = self.case(draft.case)?;
        let (body, addressed_to) = self.compose(&case, draft)?;
        let note = AuditNote::new(AuditAction::ViewCase)
            .record(Kind::Case.tree(), case.id)
            .case(case.id)
            .detail(format!("letter previewed ({})", draft.template));
        self.vault().record(&self.stamp, note)?;
        Ok(LetterView {
            letter: None,
            document: self.document(&case, addressed_to, body, self.today()),
        })
    }

    /// Keeps the letter as drafted: a new one (with a "letter drafted" entry on the
    /// timeline), or `existing` changed, which must not have been sent.
    pub fn save_letter(&self, draft: &LetterDraft, existing: Option<LetterId>) -> Result<LetterId> {
        self.require(Operation::Letters)?;
        let _guard = self.write_guard();
        let case = self.case(draft.case)?;
        let (body, addressed_to) = self.compose(&case, draft)?;
        if let Some(f) = draft.follows {
            let followed = self.stored_letter(f)?;
            if followed.case != case.id {
                return Err(Error::Conflict(
                    "a letter can only follow one on the same case".into(),
                ));
            }
        }
        let now = self.now();
        let mut changes = self.changes();
        let letter = match existing {
            Some(id) => {
                let old = self.stored_letter(id)?;
                if old.case != case.id {
                    return Err(Error::Conflict("the letter is on another case".into()));
                }
                refuse_if_sent(&old)?;
                Letter {
                    template: draft.template.clone(),
                    recipient: draft.recipient,
                    addressed_to,
                    entries: draft.entries.clone(),
                    filled: draft.filled.clone(),
                    body,
                    follows: draft.follows,
                    updated_at: now,
                    ..old
                }
            }
            None => Letter {
                id: LetterId::new(),
                case: case.id,
                template: draft.template.clone(),
                recipient: draft.recipient,
                addressed_to,
                entries: draft.entries.clone(),
                filled: draft.filled.clone(),
                body,
                status: LetterStatus::Drafted,
                follows: draft.follows,
                created_at: now,
                created_by: self.actor().id,
                updated_at: now,
            },
        };
        letter
            .validate()
            .into_result()
            .map_err(|p| Error::invalid("letter", p))?;
        if existing.is_none() {
            let said = format!("{} to {}", draft.template, letter.addressed_to[0]);
            let entry = self.new_entry(
                case.id,
                EntryKind::LetterDrafted { letter: letter.id },
                &said,
            );
            self.stage_activity(&mut changes, &entry)?;
        }
        changes.put(&letter).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Letter.tree(), letter.id)
                .case(case.id)
                .detail(format!("letter {} drafted", draft.template)),
        );
        self.vault().commit(changes)?;
        Ok(letter.id)
    }

    /// Marks a drafted letter sent on `on`, with a "letter sent" entry pointing at it.
    pub fn mark_letter_sent(
        &self,
        id: LetterId,
        on: NaiveDate,
    ) -> Result<(crate::domain::CaseId, TimelineId)> {
        self.require(Operation::Letters)?;
        let _guard = self.write_guard();
        let mut letter = self.stored_letter(id)?;
        let case = self.case(letter.case)?;
        refuse_if_sent(&letter)?;
        if on > self.today() {
            return Err(Error::Conflict(
                "a letter cannot be sent on a day still to come".into(),
            ));
        }
        // Nor before it was written: the day is the London day it was drafted.
        let drafted = crate::domain::clock::local(letter.created_at).date_naive();
        if on < drafted {
            return Err(Error::Conflict(format!(
                "a letter cannot be sent before it was drafted, on {}",
                drafted.format("%-d %b %Y")
            )));
        }
        letter.status = LetterStatus::Sent { on };
        letter.updated_at = self.now();
        let kind = EntryKind::Letter {
            direction: Direction::Outgoing,
            counterpart: letter.addressed_to[0].clone(),
            email: false,
            letter: Some(id),
        };
        let mut entry = self.new_entry(case.id, kind, &letter.template);
        if on != self.today() {
            let noon = on.and_hms_opt(12, 0, 0).unwrap_or_default();
            if let Some(at) = crate::domain::clock::zone()
                .from_local_datetime(&noon)
                .earliest()
            {
                entry.at = at.to_utc();
            }
        }
        let mut changes = self.changes();
        self.stage_activity(&mut changes, &entry)?;
        changes.put(&letter).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Letter.tree(), id)
                .case(case.id)
                .detail("letter sent"),
        );
        self.vault().commit(changes)?;
        Ok((case.id, entry.id))
    }

    /// A kept letter, laid out as it was written.
    pub fn letter(&self, id: LetterId) -> Result<LetterView> {
        self.require(Operation::Letters)?;
        let letter = self.stored_letter(id)?;
        let case = self.case(letter.case)?;
        let date = match letter.status {
            LetterStatus::Sent { on } => on,
            LetterStatus::Drafted => self.today(),
        };
        let document = self.document(
            &case,
            letter.addressed_to.clone(),
            letter.body.clone(),
            date,
        );
        Ok(LetterView {
            letter: Some(letter),
            document,
        })
    }

    /// The letters kept on a case, oldest first.
    pub fn letters_of(&self, case: crate::domain::CaseId) -> Result<Vec<Letter>> {
        self.require(Operation::Letters)?;
        self.case(case)?;
        let mut out = Vec::new();
        for l in self.vault().scan::<Letter>() {
            let l = l?;
            if l.case == case {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// Every letter (for export and checks), as far as the actor may see.
    pub fn all_letters(&self) -> impl Iterator<Item = Result<Letter>> + '_ {
        let all = self
            .vault()
            .scan::<Letter>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, |reach, l| reach.cases.contains(&l.case))
    }

    fn stored_letter(&self, id: LetterId) -> Result<Letter> {
        let letter: Letter = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("letter", id))?;
        self.case(letter.case)?;
        Ok(letter)
    }

    /// The letter's words (the worker's, or the template's) and its address block.
    fn compose(&self, case: &Case, draft: &LetterDraft) -> Result<(String, Vec<String>)> {
        let template = self.template(&draft.template)?;
        let facts = self.letter_facts(case, draft)?;
        let composed = letters::compose(&template.name, &template.body, &facts, &draft.filled)
            .map_err(|e| Error::Letter(e.to_string()))?;
        let body = match &draft.body {
            Some(b) if !b.trim().is_empty() => b.clone(),
            _ => composed.body,
        };
        Ok((body, composed.addressed_to))
    }

    /// What the case says that a letter can use.
    fn letter_facts(&self, case: &Case, draft: &LetterDraft) -> Result<Facts> {
        let link = case
            .organisations
            .iter()
            .find(|o| o.organisation == draft.recipient)
            .ok_or_else(|| {
                Error::Letter("the recipient is not an organisation linked to this case".into())
            })?;
        let org = self.organisation(draft.recipient)?;
        let client = match case.people.iter().find(|p| p.role == CLIENT_ROLE) {
            Some(p) => {
                let person = self.person(p.person)?;
                let address = [&person.contact.address, &person.contact.postcode]
                    .into_iter()
                    .flatten()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                Some(Client {
                    name: person.display_name(),
                    address: Some(address).filter(|a| !a.is_empty()),
                    may_write: person.safe_contact.write,
                })
            }
            None => None,
        };
        let mut acts: Vec<NaiveDate> = case.act_complained_of.into_iter().collect();
        for id in &case.incidents {
            if let Some(at) = self.incident(*id)?.occurred_at {
                acts.push(at.date());
            }
        }
        acts.sort();
        acts.dedup();
        Ok(Facts {
            today: self.today(),
            organisation: self.settings().organisation.clone(),
            worker: self.actor().display_name.clone(),
            case_reference: case.reference.to_string(),
            case_kind: self.label(ListKind::CaseKind, &case.kind),
            client,
            recipient: Recipient {
                name: org.name.clone(),
                role: self.label(ListKind::OrganisationRole, &link.role),
                address: org.address.clone(),
                contact: org.contact_person.clone(),
            },
            acts,
            chronology: self.chronology(case, &draft.entries)?,
        })
    }

    /// The chosen entries as dated lines, in date order.
    fn chronology(&self, case: &Case, chosen: &[TimelineId]) -> Result<Vec<ChronologyLine>> {
        let timeline = self.timeline(case.id)?;
        let mut picked: Vec<&TimelineEntry> = Vec::with_capacity(chosen.len());
        for id in chosen {
            match timeline.iter().find(|e| e.id == *id) {
                Some(e) => picked.push(e),
                None => {
                    return Err(Error::Letter(format!(
                        "timeline entry {id} is not on this case"
                    )));
                }
            }
        }
        picked.sort_by_key(|e| (e.at, e.id));
        picked.dedup_by_key(|e| e.id);
        let zone = crate::domain::clock::zone();
        Ok(picked
            .into_iter()
            .map(|e| ChronologyLine {
                on: e.at.with_timezone(&zone).date_naive(),
                kind: e.kind.name().to_string(),
                text: one_line(e),
            })
            .collect())
    }

    /// The letter laid out with the settings' letterhead, address and signature.
    fn document(
        &self,
        case: &Case,
        addressed_to: Vec<String>,
        body: String,
        on: NaiveDate,
    ) -> Document {
        let settings = self.settings();
        let framing = &settings.letters;
        let or = |lines: &[String], fallback: Vec<String>| {
            let kept: Vec<String> = lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .cloned()
                .collect();
            if kept.is_empty() { fallback } else { kept }
        };
        Document {
            letterhead: or(&framing.letterhead, vec![settings.organisation.clone()]),
            sender_address: or(&framing.address, Vec::new()),
            date: long_date(on),
            recipient: addressed_to,
            references: vec![format!("Our reference: {}", case.reference)],
            body,
            signature: or(
                &framing.signature,
                vec![
                    self.actor().display_name.clone(),
                    settings.organisation.clone(),
                ],
            ),
        }
    }
}

/// A sent letter is never changed.
fn refuse_if_sent(letter: &Letter) -> Result<()> {
    if letter.is_sent() {
        return Err(Error::Conflict(
            "a sent letter cannot be changed: write a new letter that follows it".into(),
        ));
    }
    Ok(())
}

/// What an entry says, on one line; an entry without text says what kind it is.
fn one_line(e: &TimelineEntry) -> String {
    let text = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        let kind = e.kind.name();
        let mut c = kind.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        text
    }
}
