//! What `check` asks of the store about the store's own structures: whether the
//! indexes hold what the records call for, whether every tree can be read to its end,
//! and whether there are trees this caseline does not know. The byte layouts are read
//! here, beside the code that writes them; the service hands over plain facts it read
//! from the records and gets back plain problems, so it names no tree layout and an
//! engine that keeps indexes as tables answers the same questions its own way.

use std::collections::{HashMap, HashSet};

use super::case_index::{case_ref_key, read_timeline_key};
use super::codec::{self, CodecError, Record};
use super::facts_index::FACTS_TREE;
use super::indexes::{DERIVED, IndexEntry, follow_up_entries, summary_entries};
use super::kind::{Kind, plain};
use super::kv::KvStore;
use super::search_snapshot::{JOURNAL_TREE, SNAPSHOT_TREE};
use super::{StoreResult, Vault, describe_key};
use crate::domain::{CaseId, CaseRef, CaseSummary, FollowUp, FollowUpId, Id, Referral, TimelineId};

/// One fault in what the store keeps beside the records: where (a tree and a record
/// key, as an administrator quotes it when asking for help) and what is wrong. Neither
/// says anything personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexProblem {
    pub place: String,
    pub problem: String,
}

fn problem(place: String, problem: impl Into<String>) -> IndexProblem {
    IndexProblem {
        place,
        problem: problem.into(),
    }
}

/// A tree that could not be read to its end: the walk stops there (the engine may be
/// in no state to go on in that tree), and the check goes on with the others.
fn unreadable(tree: &str, e: super::StoreError) -> IndexProblem {
    problem(tree.to_string(), format!("cannot be read to its end: {e}"))
}

/// What the records call for in the derived indexes (queues, case lists, the people
/// on cases, referrals), gathered while the records are read: for a rebuild
/// ([`super::Changes::rebuild_indexes`]) or a comparison ([`Vault::verify_derived`]).
#[derive(Debug, Default)]
pub struct ExpectedIndexes {
    pub(super) entries: Vec<IndexEntry>,
}

impl ExpectedIndexes {
    /// A follow-up; `safeguarding` says whether its case has a safeguarding concern.
    pub fn follow_up(&mut self, f: &FollowUp, safeguarding: bool) {
        self.entries.extend(follow_up_entries(f, safeguarding));
    }

    /// A case, by its summary.
    pub fn case(&mut self, s: &CaseSummary) {
        self.entries.extend(summary_entries(s));
    }

    /// A referral.
    pub fn referral(&mut self, r: &Referral) {
        self.entries.push(super::referral_index::referral_entry(r));
    }
}

/// What the records say that the indexes tying records together must match: every
/// follow-up, every case's reference, and the case of every timeline entry.
#[derive(Debug, Default)]
pub struct RecordFacts {
    pub follow_ups: HashSet<FollowUpId>,
    pub case_refs: HashMap<CaseRef, CaseId>,
    pub entry_case: HashMap<TimelineId, CaseId>,
}

/// A value of a kind as the check reads it: its key, and the record or why it does
/// not open.
pub type Opened<R> = (Vec<u8>, Result<R, CodecError>);

impl<K: KvStore> Vault<K> {
    /// Every value of a kind, opened with the data key, in key order. A walk that
    /// cannot go on yields its error and ends.
    pub fn open_each<R: Record>(
        &self,
    ) -> StoreResult<impl Iterator<Item = StoreResult<Opened<R>>> + '_> {
        Ok(self.raw(R::KIND.tree())?.map(move |item| {
            let (k, v) = item?;
            let record = codec::open::<R>(self.data_key(), &k, &v);
            Ok((k, record))
        }))
    }

    /// Compares the derived indexes with what the records call for: entries out of
    /// date, entries that point at no record, and entries missing.
    pub fn verify_derived(&self, expected: ExpectedIndexes) -> StoreResult<Vec<IndexProblem>> {
        let mut out = Vec::new();
        let mut want: HashMap<(&str, Vec<u8>), Vec<u8>> = expected
            .entries
            .into_iter()
            .map(|(t, k, v)| ((t, k), v))
            .collect();
        for tree in DERIVED {
            for item in self.raw(tree)? {
                let (k, v) = match item {
                    Ok(kv) => kv,
                    Err(e) => {
                        out.push(unreadable(tree, e));
                        break;
                    }
                };
                let place = format!("{tree}/{}", describe_key(&k));
                match want.remove(&(tree, k)) {
                    Some(w) if w == v => {}
                    Some(_) => out.push(problem(
                        place,
                        "is out of date with its record: `caseline reindex` rebuilds it",
                    )),
                    None => out.push(problem(
                        place,
                        "points at no record: `caseline reindex` rebuilds it",
                    )),
                }
            }
        }
        for (tree, k) in want.into_keys() {
            out.push(problem(
                format!("{tree}/{}", describe_key(&k)),
                "is missing: `caseline reindex` rebuilds it",
            ));
        }
        Ok(out)
    }

    /// Compares the statutory-deadline, case-reference and timeline indexes with the
    /// records: each entry points at a record that says the same, and each case and
    /// timeline entry is indexed.
    pub fn verify_links(&self, facts: &RecordFacts) -> StoreResult<Vec<IndexProblem>> {
        let mut out = Vec::new();
        self.verify_statutory(facts, &mut out)?;
        self.verify_case_refs(facts, &mut out)?;
        self.verify_timelines(facts, &mut out)?;
        Ok(out)
    }

    fn verify_statutory(
        &self,
        facts: &RecordFacts,
        out: &mut Vec<IndexProblem>,
    ) -> StoreResult<()> {
        for item in self.raw(plain::STATUTORY)? {
            let (k, v) = match item {
                Ok(kv) => kv,
                Err(e) => {
                    out.push(unreadable(plain::STATUTORY, e));
                    break;
                }
            };
            let known = Id::from_bytes(v.get(..16).unwrap_or_default())
                .is_some_and(|id| facts.follow_ups.contains(&FollowUpId(id)));
            if !known {
                out.push(problem(
                    format!("{}/{}", plain::STATUTORY, describe_key(&k)),
                    "points at no follow-up",
                ));
            }
        }
        Ok(())
    }

    fn verify_case_refs(
        &self,
        facts: &RecordFacts,
        out: &mut Vec<IndexProblem>,
    ) -> StoreResult<()> {
        let by_key: HashMap<Vec<u8>, CaseId> = facts
            .case_refs
            .iter()
            .map(|(r, id)| (case_ref_key(*r), *id))
            .collect();
        let mut indexed: HashSet<Vec<u8>> = HashSet::new();
        for item in self.raw(plain::CASE_REFS)? {
            let (k, v) = match item {
                Ok(kv) => kv,
                Err(e) => {
                    out.push(unreadable(plain::CASE_REFS, e));
                    break;
                }
            };
            match (by_key.get(&k), Id::from_bytes(&v)) {
                (Some(id), Some(v)) if id.0 == v => {}
                _ => out.push(problem(
                    format!("{}/{}", plain::CASE_REFS, describe_key(&k)),
                    "does not match a case with that reference",
                )),
            }
            indexed.insert(k);
        }
        for (k, id) in &by_key {
            if !indexed.contains(k) {
                out.push(problem(
                    format!("cases/{id}"),
                    format!("is missing from {}", plain::CASE_REFS),
                ));
            }
        }
        Ok(())
    }

    fn verify_timelines(
        &self,
        facts: &RecordFacts,
        out: &mut Vec<IndexProblem>,
    ) -> StoreResult<()> {
        let mut listed: HashSet<TimelineId> = HashSet::new();
        for item in self.raw(plain::CASE_TIMELINE)? {
            let k = match item {
                Ok((k, _)) => k,
                Err(e) => {
                    out.push(unreadable(plain::CASE_TIMELINE, e));
                    break;
                }
            };
            match read_timeline_key(&k).filter(|_| k.len() == 32) {
                Some((case, entry)) if facts.entry_case.get(&entry) == Some(&case) => {
                    listed.insert(entry);
                }
                _ => out.push(problem(
                    format!("{}/{}", plain::CASE_TIMELINE, describe_key(&k)),
                    "points at no entry of that case",
                )),
            }
        }
        for e in facts.entry_case.keys().filter(|e| !listed.contains(e)) {
            out.push(problem(
                format!("timeline/{e}"),
                format!("is missing from {}", plain::CASE_TIMELINE),
            ));
        }
        Ok(())
    }

    /// Trees this caseline does not know, and every tree the other checks do not read
    /// (the audit log, `meta`, the search snapshot and journal...) read to its end, so
    /// that damage anywhere is found, not only in records and indexes. The engine's
    /// own trees are not ours to judge, but they are read too.
    pub fn verify_trees(&self) -> StoreResult<Vec<IndexProblem>> {
        let known: HashSet<&str> = Kind::ALL
            .iter()
            .map(|k| k.tree())
            .chain(plain::ALL)
            .chain([SNAPSHOT_TREE, JOURNAL_TREE, FACTS_TREE])
            .collect();
        // Read by the record walk, the key slots, and the index checks above (the
        // derived trees are compared only when every record opens, so two of them are
        // read here again).
        let walked: HashSet<&str> = Kind::ALL
            .iter()
            .map(|k| k.tree())
            .chain([
                plain::KEY_SLOTS,
                plain::CASE_REFS,
                plain::CASE_TIMELINE,
                plain::FOLLOW_UPS_DUE,
                plain::FOLLOW_UPS_MINE,
                plain::FOLLOW_UPS_SUBJECT,
                plain::CASE_SUMMARY,
                plain::STATUTORY,
                FACTS_TREE,
            ])
            .collect();
        let mut out = Vec::new();
        for name in self.tree_names()? {
            let text = String::from_utf8_lossy(&name).into_owned();
            if !known.contains(text.as_str()) && !K::is_engine_tree(&name) {
                out.push(problem(
                    text.clone(),
                    "is a tree this caseline does not know",
                ));
            }
            if !walked.contains(text.as_str()) && std::str::from_utf8(&name).is_ok() {
                for item in self.raw(&text)? {
                    if let Err(e) = item {
                        out.push(unreadable(&text, e));
                        break;
                    }
                }
            }
        }
        Ok(out)
    }
}
