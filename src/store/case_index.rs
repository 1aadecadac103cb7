//! The plain indexes that tie records to cases: case reference to case (`C-2026-0042`
//! is what a worker reads out), the per-year counter that hands out the next number,
//! and case to timeline entries (a case's timeline is one range scan). Their byte
//! layout is this module's; the service asks and stages in terms of cases and entries.

use super::indexes::IndexEntry;
use super::kind::plain;
use super::{Changes, StoreError, StoreResult, Vault};
use crate::domain::{CaseId, CaseRef, Id, TimelineEntry, TimelineId};

/// The key of a case reference: year and number big-endian, so keys sort.
pub fn case_ref_key(r: CaseRef) -> Vec<u8> {
    let mut k = r.year.to_be_bytes().to_vec();
    k.extend_from_slice(&r.number.to_be_bytes());
    k
}

fn counter_key(year: u16) -> Vec<u8> {
    format!("case_seq/{year}").into_bytes()
}

fn timeline_key(case: CaseId, entry: TimelineId) -> Vec<u8> {
    let mut k = case.0.to_bytes().to_vec();
    k.extend_from_slice(&entry.0.to_bytes());
    k
}

/// The entry that finds a case by its reference.
pub fn case_ref_entry(r: CaseRef, case: CaseId) -> IndexEntry {
    (
        plain::CASE_REFS,
        case_ref_key(r),
        case.0.to_bytes().to_vec(),
    )
}

/// The entry that says the highest case number used in `year`.
pub fn counter_entry(year: u16, top: u32) -> IndexEntry {
    (plain::META, counter_key(year), top.to_be_bytes().to_vec())
}

/// The entry that puts a timeline entry on its case's timeline.
pub fn timeline_entry(e: &TimelineEntry) -> IndexEntry {
    (plain::CASE_TIMELINE, timeline_key(e.case, e.id), Vec::new())
}

/// Reads back the case a timeline index key names, and the entry.
pub fn read_timeline_key(k: &[u8]) -> Option<(CaseId, TimelineId)> {
    Some((
        CaseId(Id::from_bytes(k.get(..16)?)?),
        TimelineId(Id::from_bytes(k.get(16..32)?)?),
    ))
}

impl<K: super::kv::KvStore> Vault<K> {
    /// The case with reference `r`, if any.
    pub fn case_id_by_ref(&self, r: CaseRef) -> StoreResult<Option<CaseId>> {
        Ok(self
            .get_plain(plain::CASE_REFS, &case_ref_key(r))?
            .and_then(|v| Id::from_bytes(&v))
            .map(CaseId))
    }

    /// The highest case number used in `year` (0 when none is).
    pub fn case_counter(&self, year: u16) -> StoreResult<u32> {
        match self.get_plain(plain::META, &counter_key(year))? {
            Some(v) => Ok(u32::from_be_bytes(v.as_slice().try_into().map_err(
                |_| StoreError::Damaged(format!("the case number counter for {year} is damaged")),
            )?)),
            None => Ok(0),
        }
    }

    /// The ids of a case's timeline entries.
    pub fn timeline_ids(&self, case: CaseId) -> StoreResult<Vec<TimelineId>> {
        Ok(self
            .keys_with_prefix(plain::CASE_TIMELINE, &case.0.to_bytes())?
            .iter()
            .filter_map(|k| read_timeline_key(k).map(|(_, e)| e))
            .collect())
    }
}

impl Changes<'_> {
    /// A new case's reference, and the year's counter moved up to it.
    pub fn index_new_case(&mut self, r: CaseRef, case: CaseId) {
        for (tree, key, value) in [counter_entry(r.year, r.number), case_ref_entry(r, case)] {
            self.put_plain(tree, key, value);
        }
    }

    /// Finds a case by its reference, without moving the year's counter (an import
    /// of cases with their own references sets it once, at the end).
    pub fn index_case_ref(&mut self, r: CaseRef, case: CaseId) {
        let (tree, key, value) = case_ref_entry(r, case);
        self.put_plain(tree, key, value);
    }

    /// Sets the year's counter (an import of cases with their own references).
    pub fn index_case_counter(&mut self, year: u16, top: u32) {
        let (tree, key, value) = counter_entry(year, top);
        self.put_plain(tree, key, value);
    }

    /// Puts a timeline entry on its case's timeline.
    pub fn index_timeline(&mut self, e: &TimelineEntry) {
        let (tree, key, value) = timeline_entry(e);
        self.put_plain(tree, key, value);
    }
}
