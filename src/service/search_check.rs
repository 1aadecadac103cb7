//! `check` for the search index: the index in use (from its snapshot and the journal
//! since, kept in step by commits) is compared with one built afresh from the
//! records: the same documents, each counting for the same cases, and every term
//! finding the same documents. Faults name ids and counts, never a term (terms are
//! names and words of narrative).

use std::collections::{BTreeMap, BTreeSet};

use super::search_docs::build_from_records;
use super::{Caseline, Result};
use crate::search::{DocKind, DocRef, SearchIndex, Weight};

/// A difference between the index in use and the records.
pub(crate) struct Difference {
    pub place: String,
    pub problem: String,
}

/// Every live document, with the cases it counts for.
fn documents(index: &SearchIndex) -> BTreeMap<DocRef, Vec<[u8; 16]>> {
    let mut out = BTreeMap::new();
    for d in 0..index.table.len() {
        if !index.table.live.get(d) {
            continue;
        }
        let Some(doc) = index.table.doc_ref(d) else {
            continue;
        };
        let mut cases: Vec<[u8; 16]> = index
            .table
            .links(d)
            .filter_map(|c| index.table.doc_ref(c))
            .map(|r| r.id)
            .collect();
        cases.sort_unstable();
        out.insert(doc, cases);
    }
    out
}

/// Each term (of a compacted index) with the documents it finds, by weight.
fn postings(index: &SearchIndex) -> BTreeMap<Vec<u8>, [BTreeSet<DocRef>; 2]> {
    let mut out = BTreeMap::new();
    index.base.scan_from("", |term, t| {
        let lists = [Weight::Name, Weight::Text].map(|w| {
            index
                .base
                .lists
                .docs(crate::search::dict::list_of(t, w))
                .into_iter()
                .filter(|d| index.table.live.get(*d))
                .filter_map(|d| index.table.doc_ref(d))
                .collect::<BTreeSet<DocRef>>()
        });
        if lists.iter().any(|l| !l.is_empty()) {
            out.insert(term.to_vec(), lists);
        }
        true
    });
    out
}

fn tree_of(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Person => "people",
        DocKind::Case => "cases",
        DocKind::Incident => "incidents",
        DocKind::TimelineEntry => "timeline",
        DocKind::Organisation => "organisations",
    }
}

fn place(doc: &DocRef) -> String {
    let id = crate::domain::Id::from_u128(u128::from_be_bytes(doc.id));
    format!("search/{}/{id}", tree_of(doc.kind))
}

/// How the index in use differs from `expected` (both are compacted first).
fn compare(live: &mut SearchIndex, expected: &mut SearchIndex) -> Vec<Difference> {
    live.compact();
    expected.compact();
    let mut out = Vec::new();
    let (have, want) = (documents(live), documents(expected));
    for (doc, cases) in &want {
        match have.get(doc) {
            None => out.push(Difference {
                place: place(doc),
                problem: "is missing from the search index".into(),
            }),
            Some(c) if c != cases => out.push(Difference {
                place: place(doc),
                problem: "counts for other cases in the search index than in the records".into(),
            }),
            Some(_) => {}
        }
    }
    for doc in have.keys().filter(|d| !want.contains_key(d)) {
        out.push(Difference {
            place: place(doc),
            problem: "is in the search index but not in the records".into(),
        });
    }
    let (have, want) = (postings(live), postings(expected));
    let differing = want
        .iter()
        .filter(|(term, lists)| have.get(*term) != Some(*lists))
        .count()
        + have.keys().filter(|t| !want.contains_key(*t)).count();
    if differing > 0 {
        out.push(Difference {
            place: "search".into(),
            problem: format!(
                "{differing} of {} terms find other documents than the records hold \
                 (caseline reindex rebuilds the index)",
                want.len()
            ),
        });
    }
    out
}

impl Caseline {
    /// Compares the search index in use with one built from the records.
    pub(crate) fn search_differences(&self) -> Result<Vec<Difference>> {
        let mut expected = build_from_records(self.vault(), &mut |_, _| {})?;
        self.search_index_mut(|live| compare(live, &mut expected))
    }
}
