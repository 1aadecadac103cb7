//! Writing an import: in batches, through a journaled bulk write, so a hundred thousand
//! cases neither need one giant transaction nor can land in part.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::export::ExportDocument;
use super::{Caseline, Result};
use crate::domain::CaseSummary;
use crate::domain::{CaseId, ListKind, User};
use crate::store::{Bulk, Changes, Record};

/// Writes per batch. sled's memory grows with the size of a batch (5,000 took 1.7 GB
/// for 20,000 cases; 1,000 takes 180 MB, and is faster), so batches stay small.
const BATCH: usize = 1_000;

/// Collects writes and hands them to the bulk write a batch at a time.
struct Batcher<'a> {
    svc: &'a Caseline,
    bulk: Bulk<'a>,
    changes: Changes<'a>,
}

impl<'a> Batcher<'a> {
    fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        self.changes.put(record);
        self.spill()
    }

    /// Stages index entries (or any other writes) through the store's typed calls.
    fn stage(&mut self, f: impl FnOnce(&mut Changes<'a>)) -> Result<()> {
        f(&mut self.changes);
        self.spill()
    }

    fn spill(&mut self) -> Result<()> {
        if self.changes.len() >= BATCH {
            let full = std::mem::replace(&mut self.changes, self.svc.changes());
            self.bulk.write(full)?;
        }
        Ok(())
    }

    fn finish(mut self, last: Changes<'a>) -> Result<()> {
        let rest = std::mem::replace(&mut self.changes, self.svc.changes());
        self.bulk.write(rest)?;
        self.bulk.finish(last)?;
        Ok(())
    }
}

impl Caseline {
    /// Writes every checked record of `doc`; on any failure the store is left as it was.
    pub(super) fn write_import(
        &self,
        doc: &ExportDocument,
        new_users: &[(usize, User)],
        fresh: bool,
    ) -> Result<()> {
        let vault = self.vault();
        let mut b = Batcher {
            svc: self,
            bulk: vault.begin_bulk()?,
            changes: self.changes(),
        };
        for (_, r) in new_users {
            b.put(r)?;
        }
        for r in &doc.organisations {
            b.put(r)?;
        }
        for r in &doc.people {
            b.put(r)?;
        }
        for r in &doc.incidents {
            b.put(r)?;
        }
        self.write_follow_ups(&mut b, doc)?;
        for r in &doc.referrals {
            b.stage(|c| c.put_referral(None, r))?;
        }
        for r in &doc.letters {
            b.put(r)?;
        }
        for r in &doc.letter_templates {
            b.put(r)?;
        }
        let mut last_activity: HashMap<CaseId, DateTime<Utc>> = HashMap::new();
        for e in &doc.timeline {
            let t = last_activity.entry(e.case).or_insert(e.recorded_at);
            *t = (*t).max(e.recorded_at);
        }
        let seq = write_cases(&mut b, doc, &mut last_activity)?;
        for e in &doc.timeline {
            b.put(e)?;
            b.stage(|c| c.index_timeline(e))?;
        }
        let mut last = self.last_import_changes(doc, fresh, last_activity, seq)?;
        last.audit(super::audit::import_note(doc, new_users.len()));
        b.finish(last)
    }

    /// The follow-ups with their queue index entries, flagged when their case (in the
    /// file or in the store) has a safeguarding flag.
    fn write_follow_ups(&self, b: &mut Batcher<'_>, doc: &ExportDocument) -> Result<()> {
        let guarded: std::collections::HashSet<CaseId> = doc
            .cases
            .iter()
            .filter(|c| !c.safeguarding.is_empty())
            .map(|c| c.id)
            .collect();
        for r in &doc.follow_ups {
            b.put(r)?;
            let safeguarding = match r.subject {
                crate::domain::Subject::Case(c) => {
                    guarded.contains(&c) || self.subject_safeguarding(r.subject)?
                }
                crate::domain::Subject::Incident(_) => false,
            };
            b.stage(|c| c.index_follow_up(None, r, safeguarding))?;
        }
        Ok(())
    }

    /// The final transaction, written with the end marker: what replaces existing
    /// values (settings, reference lists, summaries of cases already in the store, and
    /// the case reference counters).
    fn last_import_changes(
        &self,
        doc: &ExportDocument,
        fresh: bool,
        last_activity: HashMap<CaseId, DateTime<Utc>>,
        seq: BTreeMap<u16, u32>,
    ) -> Result<Changes<'_>> {
        let mut last = self.changes();
        if fresh {
            last.put(&doc.settings);
        }
        for kind in ListKind::ALL {
            last.put(&*self.reference_list(kind));
        }
        // Entries added to cases already in the store move their last activity on.
        for (case, at) in last_activity {
            if let Some(old) = self.summary(case)? {
                let existing = self.case(case)?;
                self.stage_summary(&mut last, &existing, old.last_activity.max(at))?;
            }
        }
        for (year, top) in seq {
            let current = self
                .next_case_ref(year)
                .map(|r| r.number - 1)
                .unwrap_or(top);
            last.index_case_counter(year, top.max(current));
        }
        Ok(last)
    }
}

/// The cases with their summaries and references; `last_activity` keeps only the
/// cases not in the file. Returns the highest reference number of each year.
fn write_cases(
    b: &mut Batcher<'_>,
    doc: &ExportDocument,
    last_activity: &mut HashMap<CaseId, DateTime<Utc>>,
) -> Result<BTreeMap<u16, u32>> {
    let mut seq: BTreeMap<u16, u32> = BTreeMap::new();
    for c in &doc.cases {
        b.put(c)?;
        let at = last_activity.remove(&c.id).unwrap_or(c.updated_at);
        b.stage(|changes| {
            changes.index_case(None, &CaseSummary::of(c, at));
            changes.index_case_ref(c.reference, c.id);
        })?;
        let top = seq.entry(c.reference.year).or_insert(0);
        *top = (*top).max(c.reference.number);
    }
    Ok(seq)
}
