//! Search documents from the store: all of them for a rebuild, or the few a commit
//! touched, with the documents whose links to cases that commit changed.
//!
//! A case lists its people, organisations and incidents; their documents carry the
//! cases that list them (so that a hit on a person counts for their cases). When a
//! case changes, the documents it stopped or started listing are made again with
//! their case list as the index had it, less or plus this case. This needs only the
//! touched records and the case's incidents read, never a scan.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::{Case, Id, Incident, Organisation, Person, TimelineEntry};
use crate::search::records::{self, Records};
use crate::search::{Doc, DocKind, DocRef, SearchIndex};
use crate::store::{Kind, Record, StoreError, StoreResult, Touched, Vault};

/// The record kinds read for a rebuild, and how many records there are to read.
pub(crate) fn record_count(vault: &Vault) -> StoreResult<usize> {
    let mut n = 0;
    for kind in crate::store::search_snapshot::INDEXED {
        n += vault.count(kind.tree())?;
    }
    Ok(n)
}

/// Reads every record of a kind, counting them for `progress`.
fn read_all<R: Record + 'static>(
    vault: &Vault,
    done: &mut usize,
    total: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> StoreResult<Vec<R>> {
    let mut out = Vec::new();
    for r in vault.scan::<R>() {
        if let Some(r) = readable(r.map(Some))? {
            out.push(r);
        }
        *done += 1;
        if (*done).is_multiple_of(1024) {
            progress(*done, total);
        }
    }
    Ok(out)
}

/// Builds the index from every record; `progress(done, total)` is told as records are
/// read, and once more when the index is built.
pub(crate) fn build_from_records(
    vault: &Vault,
    progress: &mut dyn FnMut(usize, usize),
) -> StoreResult<SearchIndex> {
    let total = record_count(vault)? + 1;
    let mut done = 0;
    progress(0, total);
    let people: Vec<Person> = read_all(vault, &mut done, total, progress)?;
    let incidents: Vec<Incident> = read_all(vault, &mut done, total, progress)?;
    let cases: Vec<Case> = read_all(vault, &mut done, total, progress)?;
    let timeline: Vec<TimelineEntry> = read_all(vault, &mut done, total, progress)?;
    let organisations: Vec<Organisation> = read_all(vault, &mut done, total, progress)?;
    progress(done, total);
    let index = SearchIndex::build(records::documents(&Records {
        people: &people,
        incidents: &incidents,
        cases: &cases,
        timeline: &timeline,
        organisations: &organisations,
    }));
    progress(total, total);
    Ok(index)
}

/// A record that does not open or decode is left out of the index (`check` names it)
/// rather than stopping search for everyone; other errors stand.
pub(crate) fn readable<R>(r: StoreResult<Option<R>>) -> StoreResult<Option<R>> {
    match r {
        Err(StoreError::Damaged(_)) => Ok(None),
        other => other,
    }
}

fn key_of(id: Id) -> [u8; 16] {
    id.to_bytes()
}

fn doc_kind(kind: Kind) -> Option<DocKind> {
    Some(match kind {
        Kind::Person => DocKind::Person,
        Kind::Incident => DocKind::Incident,
        Kind::Case => DocKind::Case,
        Kind::Timeline => DocKind::TimelineEntry,
        Kind::Organisation => DocKind::Organisation,
        _ => return None,
    })
}

/// The cases a document counts for, as the index has them now.
pub(crate) fn linked_cases(index: &SearchIndex, doc: &DocRef) -> Vec<[u8; 16]> {
    let Some(d) = index.table.find(doc) else {
        return Vec::new();
    };
    index
        .table
        .links(d)
        .filter_map(|c| index.table.doc_ref(c))
        .map(|r| r.id)
        .collect()
}

/// The documents linked to a case in the index (people, organisations, incidents).
fn members_of(index: &SearchIndex, case: [u8; 16]) -> Vec<DocRef> {
    let Some(c) = index.table.find(&DocRef::new(DocKind::Case, case)) else {
        return Vec::new();
    };
    index
        .members
        .of(c)
        .filter_map(|d| index.table.doc_ref(d))
        .filter(|r| r.kind != DocKind::TimelineEntry)
        .collect()
}

/// What a case lists, as document references.
fn listed(case: &Case) -> Vec<DocRef> {
    let people = case
        .people
        .iter()
        .map(|p| DocRef::new(DocKind::Person, key_of(p.person.0)));
    let orgs = case
        .organisations
        .iter()
        .map(|o| DocRef::new(DocKind::Organisation, key_of(o.organisation.0)));
    let incidents = case
        .incidents
        .iter()
        .map(|i| DocRef::new(DocKind::Incident, key_of(i.0)));
    people.chain(orgs).chain(incidents).collect()
}

/// Re-indexes the records a commit touched, and the documents whose case links or
/// case facets it changed. Records that are gone are removed from the index.
pub(crate) fn apply_touched(
    vault: &Vault,
    index: &mut SearchIndex,
    touched: &[Touched],
) -> StoreResult<()> {
    let mut cases: BTreeSet<[u8; 16]> = BTreeSet::new();
    let mut others: BTreeSet<DocRef> = BTreeSet::new();
    for (kind, id) in touched {
        let Some(kind) = doc_kind(*kind) else {
            continue;
        };
        let doc = DocRef::new(kind, *id);
        match kind {
            DocKind::Case => {
                cases.insert(*id);
            }
            // An entry changes its case's last activity; an incident its strands.
            DocKind::TimelineEntry | DocKind::Incident => {
                cases.extend(linked_cases(index, &doc));
                others.insert(doc);
            }
            _ => {
                others.insert(doc);
            }
        }
    }
    let mut now_listed: BTreeMap<[u8; 16], Option<Case>> = BTreeMap::new();
    for c in &cases {
        let case: Option<Case> = readable(vault.get(c))?;
        others.extend(members_of(index, *c));
        if let Some(case) = &case {
            others.extend(listed(case));
        }
        now_listed.insert(*c, case);
    }
    for doc in &others {
        let mut links: Vec<[u8; 16]> = linked_cases(index, doc)
            .into_iter()
            .filter(|c| !now_listed.contains_key(c))
            .collect();
        for (c, case) in &now_listed {
            if case.as_ref().is_some_and(|case| listed(case).contains(doc)) {
                links.push(*c);
            }
        }
        reindex_doc(vault, index, doc, &links)?;
    }
    for (c, case) in &now_listed {
        match case {
            Some(case) => {
                let doc = case_doc(vault, case)?;
                index.upsert(&doc);
            }
            None => {
                index.remove(&DocRef::new(DocKind::Case, *c));
            }
        }
    }
    Ok(())
}

/// Makes one person's, organisation's, incident's or entry's document again, with
/// `links` as its cases (an entry's case is its own); removes it if the record is gone.
fn reindex_doc(
    vault: &Vault,
    index: &mut SearchIndex,
    doc: &DocRef,
    links: &[[u8; 16]],
) -> StoreResult<()> {
    let made: Option<Doc> = match doc.kind {
        DocKind::Person => {
            readable(vault.get::<Person>(&doc.id))?.map(|p| records::person_doc(&p, links))
        }
        DocKind::Organisation => readable(vault.get::<Organisation>(&doc.id))?
            .map(|o| records::organisation_doc(&o, links)),
        DocKind::Incident => {
            readable(vault.get::<Incident>(&doc.id))?.map(|i| records::incident_doc(&i, links))
        }
        DocKind::TimelineEntry => {
            readable(vault.get::<TimelineEntry>(&doc.id))?.map(|e| records::entry_doc(&e))
        }
        DocKind::Case => return Ok(()),
    };
    match made {
        Some(d) => index.upsert(&d),
        None => {
            index.remove(doc);
        }
    }
    Ok(())
}

/// A case's document: its incidents' strands read, its last activity from its
/// summary (the date of its latest timeline entry).
fn case_doc(vault: &Vault, case: &Case) -> StoreResult<Doc> {
    let mut strands: Vec<String> = Vec::new();
    for i in &case.incidents {
        if let Some(incident) = readable(vault.get::<Incident>(&i.0.to_bytes()))? {
            strands.extend(incident.strands);
        }
    }
    strands.sort();
    strands.dedup();
    let last: Option<NaiveDate> =
        readable(super::index::last_activity(vault, case.id).map(Some))?.flatten();
    Ok(records::case_doc(case, &strands, last))
}
