//! A person's card and an organisation's card: the record, and the cases it is on
//! (for an organisation, also its referrals and consultations).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::person_history::part_value;
use crate::domain::{
    Case, CaseId, CaseRef, CaseStatus, Direction, ListKind, Organisation, OrganisationId, Person,
    PersonId, UserId,
};
use crate::service::{Caseline, Result};

/// A case on a card, with its codes as words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCase {
    pub id: CaseId,
    pub reference: CaseRef,
    pub kind: String,
    pub status: CaseStatus,
    /// The person's (or organisation's) role on the case, as words.
    pub role: String,
}

/// A person with the cases they are linked to, for their card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCard {
    pub person: Person,
    /// Language labels, preferred first.
    pub languages: Vec<String>,
    /// Safeguarding concern labels.
    pub flags: Vec<String>,
    pub cases: Vec<CardCase>,
    /// Changes of their details, newest first.
    pub history: Vec<RevisionRow>,
    /// Whether the reader may merge this record with another (the card offers it
    /// only then; the service refuses it anyway).
    pub may_merge: bool,
}

/// One change of a person's details as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRow {
    /// When, local time, in words ("Tue 24 Nov 2026 10:15").
    pub when: String,
    /// Who changed them, by name.
    pub who: String,
    /// Each part changed, with what it held before.
    pub before: Vec<(String, String)>,
}

/// An organisation of the directory with the cases it is linked to, for its card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationCard {
    pub organisation: Organisation,
    /// Its kind (`agency_kind`), as words.
    pub kind: String,
    /// Language labels.
    pub languages: Vec<String>,
    /// Each with the organisation's role on the case.
    pub cases: Vec<CardCase>,
    /// Referrals to or from it on cases the actor may see, newest first.
    pub referrals: Vec<CardReferral>,
    /// Its consultations, newest first.
    pub consultations: Vec<CardConsultation>,
    /// Consultations in the last 90 days, and the administrator's limit.
    pub consulted_lately: usize,
    pub consultation_limit: u32,
}

/// A referral on an organisation's card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardReferral {
    pub case: CaseId,
    pub reference: CaseRef,
    pub direction: Direction,
    pub on: NaiveDate,
    /// Its status, in words.
    pub status: String,
}

/// A consultation on an organisation's card, with who asked by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardConsultation {
    pub on: NaiveDate,
    pub topic: String,
    pub by: String,
}

impl Caseline {
    /// A person's card: an audited read of the person, and their cases.
    pub fn person_card(&self, id: PersonId) -> Result<PersonCard> {
        self.require(crate::service::Operation::ReadCasework)?;
        let person = self.view_person(id)?;
        let cases = self.card_cases(id.0, |c| {
            c.people
                .iter()
                .filter(|cp| cp.person == id)
                .map(|cp| self.label(ListKind::PersonRole, &cp.role))
                .collect()
        })?;
        Ok(PersonCard {
            history: self.revision_rows(&person),
            languages: self.labels(ListKind::Language, &person.languages),
            flags: self.labels(ListKind::Safeguarding, &person.safeguarding),
            person,
            cases,
            may_merge: self.require(super::super::Operation::MergePeople).is_ok(),
        })
    }

    /// A person's changes, newest first, with earlier values in words.
    fn revision_rows(&self, person: &Person) -> Vec<RevisionRow> {
        let language = |code: &str| self.label(ListKind::Language, code);
        person
            .history
            .iter()
            .rev()
            .map(|r| RevisionRow {
                when: crate::domain::clock::local(r.at)
                    .format("%a %-d %b %Y %H:%M")
                    .to_string(),
                who: self
                    .user(r.by)
                    .map(|u| u.display_name)
                    .unwrap_or_else(|_| "someone no longer listed".into()),
                before: r
                    .changed
                    .iter()
                    .map(|part| (part.clone(), part_value(&r.before, part, &language)))
                    .collect(),
            })
            .collect()
    }

    /// An organisation's card: its directory entry, and the cases it is linked to.
    pub fn organisation_card(&self, id: OrganisationId) -> Result<OrganisationCard> {
        self.require(crate::service::Operation::ReadCasework)?;
        let organisation = self.organisation(id)?;
        let cases = self.card_cases(id.0, |c| {
            c.organisations
                .iter()
                .filter(|co| co.organisation == id)
                .map(|co| self.label(ListKind::OrganisationRole, &co.role))
                .collect()
        })?;
        let names: HashMap<UserId, String> = self
            .users()
            .filter_map(|u| u.ok())
            .map(|u| (u.id, u.display_name))
            .collect();
        let consultations = organisation
            .consultations
            .iter()
            .rev()
            .map(|c| CardConsultation {
                on: c.on,
                topic: c.topic.clone(),
                by: names
                    .get(&c.by)
                    .cloned()
                    .unwrap_or_else(|| "(unknown)".into()),
            })
            .collect();
        Ok(OrganisationCard {
            kind: self.label(ListKind::AgencyKind, &organisation.kind),
            languages: self.labels(ListKind::Language, &organisation.languages),
            referrals: self.card_referrals(id)?,
            consultations,
            consulted_lately: organisation.consulted_lately(self.today()),
            consultation_limit: self.settings().consultation_limit,
            organisation,
            cases,
        })
    }

    /// The referrals to or from `id` on cases the actor may see, newest first.
    fn card_referrals(&self, id: OrganisationId) -> Result<Vec<CardReferral>> {
        let mut list = Vec::new();
        for r in self.referrals() {
            let r = r?;
            if r.organisation != Some(id) {
                continue;
            }
            let status = serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default();
            list.push(CardReferral {
                case: r.case,
                reference: self.case(r.case)?.reference,
                direction: r.direction,
                on: r.on,
                status,
            });
        }
        list.sort_by_key(|r| std::cmp::Reverse((r.on, r.reference)));
        Ok(list)
    }

    /// The cases `member` is on that the actor may see, newest first, with its roles
    /// on each as words.
    fn card_cases(
        &self,
        member: crate::domain::Id,
        roles: impl Fn(&Case) -> Vec<String>,
    ) -> Result<Vec<CardCase>> {
        let mut list: Vec<CardCase> = self
            .cases_of(member)?
            .iter()
            .map(|c| CardCase {
                id: c.id,
                reference: c.reference,
                kind: self.label(ListKind::CaseKind, &c.kind),
                status: c.status,
                role: roles(c).join(", "),
            })
            .collect();
        list.sort_by_key(|c| std::cmp::Reverse(c.reference));
        Ok(list)
    }
}
