//! Report facts: the few fields each monitoring report counts, taken from a record.
//!
//! Reports over a year would otherwise open every incident, case, follow-up and client
//! (about 6 µs each, seconds at 100k cases). These facts are small, and the store keeps
//! them sealed in buckets (`facts_index.rs`), so a report opens tens of buckets rather
//! than every record. They are special-category data (strands, ethnic group, religion):
//! they are never written in the clear. What a report reads from a record is here alone.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::fact_days::{day, opt_day, opt_day_code};

use crate::domain::{
    Answer, Case, CaseId, CentreConsent, Direction, FollowUp, FollowUpId, FollowUpState, Incident,
    IncidentId, LocationKind, OrganisationId, Person, PersonId, Referral, ReferralId,
    ReferralStatus, Subject,
};

/// The case role that makes a person a client.
pub const CLIENT_ROLE: &str = "complainant_or_victim";

/// What the hate crime and third-party reports read from an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentFacts {
    pub id: IncidentId,
    /// The day it was reported, in the organisation's zone.
    #[serde(with = "day")]
    pub reported_on: NaiveDate,
    /// Codes from the `strand` list.
    pub strands: Vec<String>,
    pub police: Answer,
    /// The postcode's outward code (`KT1`), if a postcode was given.
    pub district: Option<String>,
    pub location_kind: LocationKind,
    /// Passed on by a reporting centre.
    pub centre: Option<CentreFacts>,
}

/// A reporting centre's report, as the third-party report counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreFacts {
    pub centre: Option<OrganisationId>,
    pub consent: CentreConsent,
    /// The day it was made to the centre, the day we took it when not known.
    #[serde(with = "day")]
    pub reported_on: NaiveDate,
}

/// What the casework and who-we-serve reports read from a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub id: CaseId,
    /// A `case_kind` code.
    pub kind: String,
    #[serde(with = "day")]
    pub opened_on: NaiveDate,
    /// The day closed and the `outcome` code.
    #[serde(with = "opt_day_code")]
    pub closed: Option<(NaiveDate, String)>,
    /// The people in the client role.
    pub clients: Vec<PersonId>,
}

/// How a follow-up stands, as the casework report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpEnd {
    Open,
    /// Done on this day (in the organisation's zone).
    Done(#[serde(with = "day")] NaiveDate),
    Cancelled,
}

/// What the casework report reads from a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpFacts {
    pub id: FollowUpId,
    pub subject: Subject,
    #[serde(with = "day")]
    pub due: NaiveDate,
    pub end: FollowUpEnd,
    pub statutory: bool,
}

/// What the who-we-serve report reads from a person: their equality monitoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    pub id: PersonId,
    pub ethnic_group: Option<String>,
    pub religion: Option<String>,
    /// Self-described.
    pub sex: Option<String>,
    #[serde(with = "opt_day")]
    pub date_of_birth: Option<NaiveDate>,
    pub disability: Answer,
    /// The first (preferred) `language` code.
    pub first_language: Option<String>,
    pub interpreter_needed: bool,
}

/// What the referrals and scorecard reports read from a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralFacts {
    pub id: ReferralId,
    pub direction: Direction,
    /// An `agency_kind` code.
    pub agency_kind: String,
    pub status: ReferralStatus,
    /// The day it was made (outgoing) or received (incoming).
    #[serde(with = "day")]
    pub on: NaiveDate,
    #[serde(with = "opt_day")]
    pub sent_on: Option<NaiveDate>,
    #[serde(with = "opt_day")]
    pub answered_on: Option<NaiveDate>,
}

/// The facts of one record, of any kind that reports count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fact {
    Incident(IncidentFacts),
    Case(CaseFacts),
    FollowUp(FollowUpFacts),
    Person(PersonFacts),
    Referral(ReferralFacts),
}

/// Bucket key prefixes, one per kind of fact.
pub(super) const INCIDENTS: u8 = b'I';
pub(super) const CASES: u8 = b'C';
pub(super) const FOLLOW_UPS: u8 = b'F';
pub(super) const PEOPLE: u8 = b'P';
pub(super) const REFERRALS: u8 = b'R';
/// People are not dated: they are spread over this many buckets by id. Buckets are
/// small (a sixteenth of a day's records, a thousandth of the people) because a save
/// rewrites the whole of each bucket it touches: at 100,000 cases a month's bucket was
/// hundreds of kilobytes sealed and written again for every intake.
pub(super) const PERSON_SHARDS: u16 = 1024;

/// A day's records are spread over this many buckets by id, so that a busy day's
/// saves each rewrite a sixteenth of it.
pub(super) const DAY_SHARDS: u8 = 16;

/// Where a span of days starts among the dated buckets of a kind: the kind, then the
/// day (days since the common era, big-end first); a day's buckets follow it.
pub(super) fn day_key(prefix: u8, d: NaiveDate) -> Vec<u8> {
    let mut k = vec![prefix];
    k.extend_from_slice(&(d.num_days_from_ce().max(0) as u32).to_be_bytes());
    k
}

/// A dated record's bucket: its day's key, then a shard of its id.
fn dated_key(prefix: u8, d: NaiveDate, id: [u8; 16]) -> Vec<u8> {
    let mut k = day_key(prefix, d);
    k.push(id[15] % DAY_SHARDS);
    k
}

/// A person's bucket: a shard of their id.
pub(super) fn person_key(id: &PersonId) -> Vec<u8> {
    let b = id.0.to_bytes();
    let shard = u16::from_be_bytes([b[14], b[15]]) % PERSON_SHARDS;
    let mut k = vec![PEOPLE];
    k.extend_from_slice(&shard.to_be_bytes());
    k
}

impl Fact {
    /// The record's id, as stored.
    pub fn id(&self) -> [u8; 16] {
        match self {
            Fact::Incident(f) => f.id.0.to_bytes(),
            Fact::Case(f) => f.id.0.to_bytes(),
            Fact::FollowUp(f) => f.id.0.to_bytes(),
            Fact::Person(f) => f.id.0.to_bytes(),
            Fact::Referral(f) => f.id.0.to_bytes(),
        }
    }

    /// The key of the bucket it is kept in: incidents by the day reported, cases by
    /// the day opened, follow-ups by the day due, referrals by the day made (each day
    /// in shards by id), people by a shard of their id.
    pub fn bucket(&self) -> Vec<u8> {
        match self {
            Fact::Incident(f) => dated_key(INCIDENTS, f.reported_on, self.id()),
            Fact::Case(f) => dated_key(CASES, f.opened_on, self.id()),
            Fact::FollowUp(f) => dated_key(FOLLOW_UPS, f.due, self.id()),
            Fact::Person(f) => person_key(&f.id),
            Fact::Referral(f) => dated_key(REFERRALS, f.on, self.id()),
        }
    }
}

fn local_day(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    crate::domain::clock::local(at).date_naive()
}

impl From<&Incident> for IncidentFacts {
    fn from(i: &Incident) -> IncidentFacts {
        let reported_on = local_day(i.reported_at);
        IncidentFacts {
            id: i.id,
            reported_on,
            strands: i.strands.clone(),
            police: i.police.reported,
            district: i
                .postcode
                .as_deref()
                .map(crate::domain::person::postcode_district),
            location_kind: i.location_kind,
            centre: i.channel.centre_report().map(|r| CentreFacts {
                centre: r.centre,
                consent: r.consent,
                reported_on: r.reported_on.unwrap_or(reported_on),
            }),
        }
    }
}

impl From<&Case> for CaseFacts {
    fn from(c: &Case) -> CaseFacts {
        CaseFacts {
            id: c.id,
            kind: c.kind.clone(),
            opened_on: c.opened_on,
            closed: c.closure.as_ref().map(|x| (x.on, x.outcome.clone())),
            clients: c
                .people
                .iter()
                .filter(|p| p.role == CLIENT_ROLE)
                .map(|p| p.person)
                .collect(),
        }
    }
}

impl From<&FollowUp> for FollowUpFacts {
    fn from(f: &FollowUp) -> FollowUpFacts {
        FollowUpFacts {
            id: f.id,
            subject: f.subject,
            due: f.due,
            end: match &f.state {
                FollowUpState::Open => FollowUpEnd::Open,
                FollowUpState::Done { at, .. } => FollowUpEnd::Done(local_day(*at)),
                FollowUpState::Cancelled { .. } => FollowUpEnd::Cancelled,
            },
            statutory: f.statutory,
        }
    }
}

impl From<&Referral> for ReferralFacts {
    fn from(r: &Referral) -> ReferralFacts {
        ReferralFacts {
            id: r.id,
            direction: r.direction,
            agency_kind: r.agency_kind.clone(),
            status: r.status,
            on: r.on,
            sent_on: r.sent_on,
            answered_on: r.answered_on,
        }
    }
}

impl From<&Person> for PersonFacts {
    fn from(p: &Person) -> PersonFacts {
        let m = &p.monitoring;
        PersonFacts {
            id: p.id,
            ethnic_group: m.ethnic_group.clone(),
            religion: m.religion.clone(),
            sex: m.sex.clone(),
            date_of_birth: m.date_of_birth,
            disability: m.disability,
            first_language: p.languages.first().cloned(),
            interpreter_needed: p.interpreter_needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_sort_as_keys_and_shards_stay_in_range() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(day_key(CASES, d(2025, 12, 31)) < day_key(CASES, d(2026, 1, 1)));
        assert!(day_key(CASES, d(2026, 1, 31)) < day_key(CASES, d(2026, 2, 1)));
        assert!(day_key(CASES, d(2026, 2, 1)) < day_key(CASES, d(2026, 2, 2)));
        // A kind's keys never run into the next kind's.
        assert!(day_key(CASES, d(9999, 12, 31)) < vec![CASES + 1]);
        let p = PersonFacts {
            id: PersonId::new(),
            ethnic_group: None,
            religion: None,
            sex: None,
            date_of_birth: None,
            disability: Answer::Unknown,
            first_language: None,
            interpreter_needed: false,
        };
        let key = Fact::Person(p).bucket();
        assert_eq!(key.len(), 3);
        assert!(u16::from_be_bytes([key[1], key[2]]) < PERSON_SHARDS);
    }
}
