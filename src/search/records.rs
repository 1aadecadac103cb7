//! Documents from records: what of each record is searchable, and how.
//!
//! One function per record kind, for the service to call when it saves a record,
//! and [`documents`] for a rebuild from everything. Links to cases are worked out from
//! the cases (a case lists its people, organisations and incidents), so that a hit on
//! a person, an organisation, an incident or a timeline entry counts for its cases.
//! A case's own document holds its reference, kind, summary and closure; its client's
//! name is found through the person's document, so renaming a person changes one
//! document only.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::doc::{Doc, DocKind, DocRef, Facet, Field};
use crate::domain::name::run_together;
use crate::domain::{Case, EntryKind, Id, Incident, Organisation, Person, TimelineEntry};

/// The London day of an instant, which `since:` compares with the day typed: just
/// after midnight in summer the UTC day is still the one before.
fn day(at: DateTime<Utc>) -> NaiveDate {
    crate::domain::clock::local(at).date_naive()
}

fn key(id: Id) -> [u8; 16] {
    id.to_bytes()
}

/// A code as words, for matching a typed kind ("hate_crime" is "hate crime").
fn code_words(code: &str) -> String {
    code.replace('_', " ")
}

/// A person: names in every script, phone, email, postcode, address and notes. A
/// name in Han, kana or Hangul is also kept run together in both orders, as it is
/// typed ("王伟" and "伟王" for family name 王, given name 伟): letter pairs are cut
/// within a field, so the pair across the two names would otherwise be missing.
pub fn person_doc(p: &Person, cases: &[[u8; 16]]) -> Doc {
    let mut doc = Doc::new(DocRef::new(DocKind::Person, key(p.id.0)))
        .field(Field::Name, &p.given_names)
        .field(Field::Name, p.family_name.clone().unwrap_or_default())
        .field(Field::Phone, p.contact.phone.clone().unwrap_or_default())
        .field(Field::Email, p.contact.email.clone().unwrap_or_default())
        .field(
            Field::Postcode,
            p.contact.postcode.clone().unwrap_or_default(),
        )
        .field(
            Field::Location,
            p.contact.address.clone().unwrap_or_default(),
        )
        .field(Field::Text, &p.notes)
        .dated(Some(day(p.created_at)), Some(day(p.updated_at)));
    for joined in run_together(&p.given_names, p.family_name.as_deref()) {
        doc = doc.field(Field::Name, joined);
    }
    for other in &p.other_names {
        doc = doc.field(Field::OtherName, other);
    }
    doc.facets = p.safeguarding.iter().cloned().map(Facet::Flag).collect();
    doc.cases = cases.to_vec();
    doc
}

/// A case: reference, kind, summary, closure; its facets for filters. `strands` are
/// its incidents' strands; `last_activity` the date of its latest timeline entry.
pub fn case_doc(c: &Case, strands: &[String], last_activity: Option<NaiveDate>) -> Doc {
    let mut doc = Doc::new(DocRef::new(DocKind::Case, key(c.id.0)))
        .field(Field::Reference, c.reference.to_string())
        .field(Field::Kind, code_words(&c.kind))
        .field(Field::Text, &c.summary);
    if let Some(closure) = &c.closure {
        doc = doc
            .field(Field::Kind, code_words(&closure.outcome))
            .field(Field::Text, &closure.note);
    }
    let updated = day(c.updated_at);
    doc = doc.dated(
        Some(c.opened_on),
        Some(last_activity.map_or(updated, |a| a.max(updated))),
    );
    doc.facets.push(Facet::Kind(c.kind.clone()));
    doc.facets.push(Facet::Status(c.status.code().to_string()));
    if let Some(w) = c.assigned_to {
        doc.facets.push(Facet::Worker(key(w.0)));
    }
    doc.facets
        .extend(c.safeguarding.iter().cloned().map(Facet::Flag));
    doc.facets
        .extend(strands.iter().cloned().map(Facet::Strand));
    doc.facets.sort();
    doc.facets.dedup();
    doc
}

/// An incident: where, what happened, the parties as described, the crime reference.
pub fn incident_doc(i: &Incident, cases: &[[u8; 16]]) -> Doc {
    let mut doc = Doc::new(DocRef::new(DocKind::Incident, key(i.id.0)))
        .field(Field::Location, &i.location)
        .field(Field::Postcode, i.postcode.clone().unwrap_or_default())
        .field(Field::Text, &i.narrative)
        .field(Field::Text, &i.evidence_notes)
        .field(
            Field::CrimeReference,
            i.police.crime_reference.clone().unwrap_or_default(),
        )
        .dated(
            Some(i.occurred_at.map_or(day(i.reported_at), |o| o.date())),
            Some(day(i.reported_at)),
        );
    for party in &i.parties {
        doc = doc.field(Field::Text, &party.description);
    }
    doc.facets = i.strands.iter().cloned().map(Facet::Strand).collect();
    doc.cases = cases.to_vec();
    doc
}

/// A timeline entry: its text and who it was with.
pub fn entry_doc(e: &TimelineEntry) -> Doc {
    let with = match &e.kind {
        EntryKind::PhoneCall { with, .. } | EntryKind::Meeting { with } => with.clone(),
        EntryKind::Letter { counterpart, .. } => counterpart.clone(),
        EntryKind::Mediation { parties } => parties.clone(),
        _ => String::new(),
    };
    let mut doc = Doc::new(DocRef::new(DocKind::TimelineEntry, key(e.id.0)))
        .field(Field::Text, &e.text)
        .field(Field::Text, with)
        .field(Field::Kind, e.kind.name())
        .dated(Some(day(e.at)), Some(day(e.at)));
    doc.cases = vec![key(e.case.0)];
    doc
}

/// An organisation in the directory.
pub fn organisation_doc(o: &Organisation, cases: &[[u8; 16]]) -> Doc {
    let mut doc = Doc::new(DocRef::new(DocKind::Organisation, key(o.id.0)))
        .field(Field::Organisation, &o.name)
        .field(Field::Name, o.contact_person.clone().unwrap_or_default())
        .field(Field::Phone, o.phone.clone().unwrap_or_default())
        .field(Field::Email, o.email.clone().unwrap_or_default())
        .field(Field::Location, o.address.clone().unwrap_or_default())
        .field(Field::Kind, code_words(&o.kind))
        .field(Field::Text, o.communities.join(" "))
        .field(Field::Text, o.services.join(" "))
        .field(Field::Text, &o.notes)
        .dated(
            Some(day(o.created_at)),
            Some(o.last_consulted().unwrap_or(day(o.updated_at))),
        );
    doc.cases = cases.to_vec();
    doc
}

/// The records to index, as the store or an export holds them.
pub struct Records<'a> {
    pub people: &'a [Person],
    pub incidents: &'a [Incident],
    pub cases: &'a [Case],
    pub timeline: &'a [TimelineEntry],
    pub organisations: &'a [Organisation],
}

/// Every document for a rebuild, with links and case facets worked out.
pub fn documents(r: &Records) -> impl Iterator<Item = Doc> {
    let mut people: HashMap<Id, Vec<[u8; 16]>> = HashMap::new();
    let mut orgs: HashMap<Id, Vec<[u8; 16]>> = HashMap::new();
    let mut incidents: HashMap<Id, Vec<[u8; 16]>> = HashMap::new();
    for c in r.cases {
        let id = key(c.id.0);
        for p in &c.people {
            people.entry(p.person.0).or_default().push(id);
        }
        for o in &c.organisations {
            orgs.entry(o.organisation.0).or_default().push(id);
        }
        for i in &c.incidents {
            incidents.entry(i.0).or_default().push(id);
        }
    }
    let strands: HashMap<Id, &[String]> = r
        .incidents
        .iter()
        .map(|i| (i.id.0, &i.strands[..]))
        .collect();
    let mut last: HashMap<Id, NaiveDate> = HashMap::new();
    for e in r.timeline {
        let d = day(e.at);
        let slot = last.entry(e.case.0).or_insert(d);
        *slot = (*slot).max(d);
    }
    let none: &[[u8; 16]] = &[];
    let cases = r.cases.iter().map(move |c| {
        let mut s: Vec<String> = c
            .incidents
            .iter()
            .filter_map(|i| strands.get(&i.0))
            .flat_map(|s| s.iter().cloned())
            .collect();
        s.sort();
        s.dedup();
        case_doc(c, &s, last.get(&c.id.0).copied())
    });
    let ps = r
        .people
        .iter()
        .map(move |p| person_doc(p, people.get(&p.id.0).map_or(none, |v| &v[..])));
    let is = r
        .incidents
        .iter()
        .map(move |i| incident_doc(i, incidents.get(&i.id.0).map_or(none, |v| &v[..])));
    let os = r
        .organisations
        .iter()
        .map(move |o| organisation_doc(o, orgs.get(&o.id.0).map_or(none, |v| &v[..])));
    let es = r.timeline.iter().map(entry_doc);
    ps.chain(cases).chain(is).chain(es).chain(os)
}
