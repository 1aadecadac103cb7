//! The report facts index: every record's report facts (`report_facts.rs`), sealed
//! with the data key in buckets of the `report_facts` tree (incidents, cases and
//! follow-ups by month, people in 64 shards), so a report over a year opens a few
//! dozen sealed values instead of every record.
//!
//! A commit that writes or removes a record of a reported kind carries its new facts
//! ([`Changes::put`] takes them from the record); the vault rewrites the buckets they
//! leave and enter under the audit chain's lock, in the same transaction as the record,
//! so two writers never lose each other's change to a bucket. The index carries its
//! own version in its tree: a store without it (older, restored from a backup, which
//! does not carry it, or written by an import) rebuilds it from the records; until
//! then commits leave it alone and nothing reads it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::codec::{open_value, seal_value};
use super::kind::Kind;
use super::kv::{Batch, KvStore, KvTree};
use super::report_facts::{
    CASES, CaseFacts, FOLLOW_UPS, Fact, FollowUpFacts, INCIDENTS, IncidentFacts, PersonFacts,
    REFERRALS, ReferralFacts, day_key, person_key,
};
use super::vault::Op;
use super::{Record, StoreError, StoreResult, Vault, describe_key};
use crate::domain::{Case, FollowUp, Incident, Person, PersonId, Referral};

/// The tree of sealed buckets.
pub const FACTS_TREE: &str = "report_facts";
/// Where the index's version is kept, in its own tree (plain: a version number).
const VERSION_KEY: &[u8] = b"version";
/// Raising it rebuilds the index at the next unlock. 1: the first facts; 2: an
/// incident's kind of place; 3: days as numbers, and referrals; 4: buckets of a day
/// and 1,024 person shards, so a save rewrites kilobytes, not hundreds of them; 5: each
/// day in 16 shards, for a busy day.
const FACTS_VERSION: u8 = 5;
const BUCKET_SCHEMA: u16 = 1;

/// The kinds whose records have report facts.
pub(super) const REPORTED: [Kind; 5] = [
    Kind::Incident,
    Kind::Case,
    Kind::FollowUp,
    Kind::Person,
    Kind::Referral,
];

/// A record's new facts (`None`: removed), staged with the record.
pub(super) type Staged = (Kind, [u8; 16], Option<Fact>);

/// Facts read for a report, and how many sealed buckets were opened for them.
#[derive(Debug)]
pub struct FactsRead<T> {
    pub facts: Vec<T>,
    pub opened: usize,
}

/// Buckets being rewritten: key → facts in id order.
type Buckets = BTreeMap<Vec<u8>, Vec<Fact>>;

fn damaged(key: &[u8], e: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged(format!("{FACTS_TREE}/{}: {e}", describe_key(key)))
}

/// Puts `fact` in its place in a bucket kept in id order, replacing its old one.
fn insert_sorted(bucket: &mut Vec<Fact>, fact: Fact) {
    match bucket.binary_search_by_key(&fact.id(), Fact::id) {
        Ok(i) => bucket[i] = fact,
        Err(i) => bucket.insert(i, fact),
    }
}

/// The keys of the dated buckets of `prefix` from the day `from` to the day `to`
/// (either end open when `None`), the end not included.
fn day_range(prefix: u8, from: Option<NaiveDate>, to: Option<NaiveDate>) -> (Vec<u8>, Vec<u8>) {
    let start = from.map_or(vec![prefix], |d| day_key(prefix, d));
    let end = to
        .and_then(|d| d.succ_opt())
        .map_or(vec![prefix + 1], |next| day_key(prefix, next));
    (start, end)
}

impl<K: KvStore> Vault<K> {
    fn open_bucket(&self, k: &[u8], v: &[u8]) -> StoreResult<Vec<Fact>> {
        self.try_open_bucket(k, v).map_err(|e| damaged(k, e))
    }

    fn try_open_bucket(&self, k: &[u8], v: &[u8]) -> Result<Vec<Fact>, super::CodecError> {
        open_value(self.data_key(), FACTS_TREE, k, BUCKET_SCHEMA, v)
    }

    fn seal_bucket(&self, k: &[u8], bucket: &Vec<Fact>) -> Vec<u8> {
        seal_value(self.data_key(), FACTS_TREE, k, BUCKET_SCHEMA, bucket)
    }

    /// Whether the index is of this version and complete (else it is rebuilt first).
    pub fn report_facts_current(&self) -> StoreResult<bool> {
        let v = self.tree(FACTS_TREE)?.get(VERSION_KEY)?;
        Ok(v.as_deref() == Some(&[FACTS_VERSION][..]))
    }

    /// Marks a new store's (empty) index current.
    pub(super) fn mark_new(tree: &K::Tree) -> StoreResult<()> {
        tree.insert(VERSION_KEY, [FACTS_VERSION])
    }

    /// Marks the index out of date: a bulk write adds records without their facts.
    pub(super) fn report_facts_stale(&self) -> StoreResult<()> {
        self.tree(FACTS_TREE)?.remove(VERSION_KEY).map(drop)
    }

    /// The facts of a record as it is stored now (before the commit lands).
    fn stored_fact(&self, kind: Kind, id: &[u8; 16]) -> StoreResult<Option<Fact>> {
        Ok(match kind {
            Kind::Incident => self.get::<Incident>(id)?.and_then(|r| r.report_fact()),
            Kind::Case => self.get::<Case>(id)?.and_then(|r| r.report_fact()),
            Kind::FollowUp => self.get::<FollowUp>(id)?.and_then(|r| r.report_fact()),
            Kind::Person => self.get::<Person>(id)?.and_then(|r| r.report_fact()),
            Kind::Referral => self.get::<Referral>(id)?.and_then(|r| r.report_fact()),
            _ => None,
        })
    }

    /// The bucket writes that bring the index in step with `staged`. Called under the
    /// audit chain's lock, so no other commit rewrites these buckets meanwhile.
    pub(super) fn fact_ops(&self, staged: &[Staged]) -> StoreResult<Vec<Op>> {
        if staged.is_empty() || !self.report_facts_current()? {
            return Ok(Vec::new());
        }
        // The last change of each record in this commit is the one that stands.
        let mut last: BTreeMap<(Kind, [u8; 16]), &Option<Fact>> = BTreeMap::new();
        for (kind, id, fact) in staged {
            last.insert((*kind, *id), fact);
        }
        let tree = self.tree(FACTS_TREE)?;
        let mut buckets = Buckets::new();
        for ((kind, id), fact) in last {
            if let Some(old) = self.stored_fact(kind, &id)? {
                let b = self.bucket_mut(&tree, &mut buckets, old.bucket())?;
                if let Ok(i) = b.binary_search_by_key(&id, Fact::id) {
                    b.remove(i);
                }
            }
            if let Some(new) = fact {
                let b = self.bucket_mut(&tree, &mut buckets, new.bucket())?;
                insert_sorted(b, new.clone());
            }
        }
        Ok(buckets
            .into_iter()
            .map(|(k, b)| {
                let v = (!b.is_empty()).then(|| self.seal_bucket(&k, &b));
                (FACTS_TREE, k, v)
            })
            .collect())
    }

    /// A bucket being rewritten, opened from the tree the first time it is wanted.
    fn bucket_mut<'b>(
        &self,
        tree: &K::Tree,
        buckets: &'b mut Buckets,
        k: Vec<u8>,
    ) -> StoreResult<&'b mut Vec<Fact>> {
        use std::collections::btree_map::Entry;
        Ok(match buckets.entry(k) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let b = match tree.get(e.key())? {
                    Some(v) => self.open_bucket(e.key(), &v)?,
                    None => Vec::new(),
                };
                e.insert(b)
            }
        })
    }

    /// Every bucket the records call for (a walk over every reported record).
    fn expected_buckets(&self) -> StoreResult<Buckets> {
        let mut buckets = Buckets::new();
        let mut add = |fact: Option<Fact>| {
            if let Some(f) = fact {
                insert_sorted(buckets.entry(f.bucket()).or_default(), f);
            }
        };
        for r in self.scan::<Incident>() {
            add(r?.report_fact());
        }
        for r in self.scan::<Case>() {
            add(r?.report_fact());
        }
        for r in self.scan::<FollowUp>() {
            add(r?.report_fact());
        }
        for r in self.scan::<Person>() {
            add(r?.report_fact());
        }
        for r in self.scan::<Referral>() {
            add(r?.report_fact());
        }
        Ok(buckets)
    }

    /// Rebuilds the index from the records, with every write held back meanwhile, and
    /// marks it current; returns the number of buckets written.
    pub fn rebuild_report_facts(&self) -> StoreResult<usize> {
        self.with_writes_held(|| {
            let expected = self.expected_buckets()?;
            let tree = self.tree(FACTS_TREE)?;
            let mut batch = Batch::default();
            for item in tree.iter() {
                let (k, _) = item?;
                if !expected.contains_key(k.as_ref()) {
                    batch.remove(k);
                }
            }
            let written = expected.len();
            for (k, b) in &expected {
                batch.insert(k, self.seal_bucket(k, b));
            }
            batch.insert(VERSION_KEY, [FACTS_VERSION]);
            tree.apply_batch(batch)?;
            self.flush()?;
            Ok(written)
        })
    }

    /// Where the index differs from what the records call for: each place and what is
    /// wrong there. Empty when it matches.
    pub fn report_facts_faults(&self) -> StoreResult<Vec<(String, String)>> {
        let mut faults = Vec::new();
        let place = |k: &[u8]| format!("{FACTS_TREE}/{}", describe_key(k));
        if !self.report_facts_current()? {
            faults.push((
                FACTS_TREE.to_string(),
                "is out of date: it is rebuilt at the next unlock".into(),
            ));
            return Ok(faults);
        }
        let mut expected = self.expected_buckets()?;
        for item in self.tree(FACTS_TREE)?.iter() {
            let (k, v) = item?;
            if k.as_ref() == VERSION_KEY {
                continue;
            }
            let want = expected.remove(k.as_ref());
            let stored = match self.try_open_bucket(&k, &v) {
                Ok(b) => b,
                Err(e) => {
                    faults.push((place(&k), e.to_string()));
                    continue;
                }
            };
            match want {
                Some(want) if want == stored => {}
                Some(_) => faults.push((place(&k), "is out of date with the records".into())),
                None => faults.push((place(&k), "holds facts of no record".into())),
            }
        }
        for k in expected.into_keys() {
            faults.push((place(&k), "is missing".into()));
        }
        Ok(faults)
    }

    /// The facts in the buckets from `start` up to (not including) `end`.
    fn read_facts<T>(
        &self,
        (start, end): (Vec<u8>, Vec<u8>),
        pick: impl Fn(Fact) -> Option<T>,
    ) -> StoreResult<FactsRead<T>> {
        let mut read = FactsRead {
            facts: Vec::new(),
            opened: 0,
        };
        for item in self.tree(FACTS_TREE)?.range(start..end) {
            let (k, v) = item?;
            read.opened += 1;
            for fact in self.open_bucket(&k, &v)? {
                match pick(fact) {
                    Some(f) => read.facts.push(f),
                    None => return Err(damaged(&k, "holds facts of another kind")),
                }
            }
        }
        Ok(read)
    }

    /// The facts of incidents reported from `from` to `to` (either end open when
    /// `None`).
    pub fn incident_facts(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> StoreResult<FactsRead<IncidentFacts>> {
        self.read_facts(day_range(INCIDENTS, from, to), |f| match f {
            Fact::Incident(f) => Some(f),
            _ => None,
        })
    }

    /// The facts of cases opened from `from` to `to`.
    pub fn case_facts(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> StoreResult<FactsRead<CaseFacts>> {
        self.read_facts(day_range(CASES, from, to), |f| match f {
            Fact::Case(f) => Some(f),
            _ => None,
        })
    }

    /// The facts of follow-ups due from `from` to `to`.
    pub fn follow_up_facts(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> StoreResult<FactsRead<FollowUpFacts>> {
        self.read_facts(day_range(FOLLOW_UPS, from, to), |f| match f {
            Fact::FollowUp(f) => Some(f),
            _ => None,
        })
    }

    /// The monitoring facts of the people in `wanted`: only the shards they are in
    /// are opened, and the others in those shards are passed over as they are read.
    pub fn person_facts(
        &self,
        wanted: &std::collections::BTreeSet<PersonId>,
    ) -> StoreResult<FactsRead<PersonFacts>> {
        let shards: std::collections::BTreeSet<Vec<u8>> = wanted.iter().map(person_key).collect();
        let tree = self.tree(FACTS_TREE)?;
        let mut read = FactsRead {
            facts: Vec::new(),
            opened: 0,
        };
        for k in shards {
            let Some(v) = tree.get(&k)? else { continue };
            read.opened += 1;
            for fact in self.open_bucket(&k, &v)? {
                match fact {
                    Fact::Person(f) if wanted.contains(&f.id) => read.facts.push(f),
                    Fact::Person(_) => {}
                    _ => return Err(damaged(&k, "holds facts of another kind")),
                }
            }
        }
        Ok(read)
    }

    /// The facts of referrals made from `from` to `to`.
    pub fn referral_facts(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> StoreResult<FactsRead<ReferralFacts>> {
        self.read_facts(day_range(REFERRALS, from, to), |f| match f {
            Fact::Referral(f) => Some(f),
            _ => None,
        })
    }
}
