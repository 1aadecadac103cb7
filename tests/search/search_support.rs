//! Small documents for the search tests: ids from one byte, dates from day numbers.
#![allow(dead_code)]

use caseline::search::{Doc, DocKind, DocRef, Facet, Field, Query, Results, SearchIndex};
use chrono::NaiveDate;

pub fn id(n: u8) -> [u8; 16] {
    let mut id = [0; 16];
    id[15] = n;
    id
}

pub fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 1, 1).map(|s| s + chrono::Duration::days(d as i64))
}

pub fn person(n: u8, name: &str) -> Doc {
    Doc::new(DocRef::new(DocKind::Person, id(n)))
        .field(Field::Name, name)
        .dated(day(0), day(0))
}

pub fn case(n: u8, reference: &str, kind: &str, status: &str) -> Doc {
    Doc::new(DocRef::new(DocKind::Case, id(n)))
        .field(Field::Reference, reference)
        .field(Field::Kind, kind.replace('_', " "))
        .facet(Facet::Kind(kind.into()))
        .facet(Facet::Status(status.into()))
        .dated(day(0), day(0))
}

pub fn incident(n: u8, case: u8, narrative: &str) -> Doc {
    Doc::new(DocRef::new(DocKind::Incident, id(n)))
        .field(Field::Text, narrative)
        .case(id(case))
        .dated(day(0), day(0))
}

pub fn entry(n: u8, case: u8, text: &str) -> Doc {
    Doc::new(DocRef::new(DocKind::TimelineEntry, id(n)))
        .field(Field::Text, text)
        .case(id(case))
        .dated(day(0), day(0))
}

pub fn organisation(n: u8, name: &str) -> Doc {
    Doc::new(DocRef::new(DocKind::Organisation, id(n)))
        .field(Field::Organisation, name)
        .dated(day(0), day(0))
}

pub fn index(docs: &[Doc]) -> SearchIndex {
    SearchIndex::build(docs.iter().cloned())
}

/// The same documents saved one by one (the delta), for checking both paths.
pub fn upserted(docs: &[Doc]) -> SearchIndex {
    let mut i = SearchIndex::new();
    for d in docs {
        i.upsert(d);
    }
    i
}

pub fn search(index: &SearchIndex, q: &str) -> Results {
    let query = Query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    index
        .search(&query, 10)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
}

/// The last id byte of each hit of a group, best first.
pub fn people(r: &Results) -> Vec<u8> {
    r.people.hits.iter().map(|h| h.doc.id[15]).collect()
}

pub fn cases(r: &Results) -> Vec<u8> {
    r.cases.hits.iter().map(|h| h.doc.id[15]).collect()
}

pub fn orgs(r: &Results) -> Vec<u8> {
    r.organisations.hits.iter().map(|h| h.doc.id[15]).collect()
}

/// The people found by a query, in both a built and an upserted index, which must
/// agree.
pub fn found(docs: &[Doc], q: &str) -> Vec<u8> {
    let built = people(&search(&index(docs), q));
    let saved = people(&search(&upserted(docs), q));
    assert_eq!(built, saved, "built and upserted disagree on {q}");
    built
}
