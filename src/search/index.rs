//! The index and its changes: saving and removing one document at a time.
//!
//! A saved document is searchable at once: its terms go to the small sorted delta,
//! and if it was in the frozen part its old postings there are masked (`stale`) rather
//! than rewritten. Facets and dates change in place. [`SearchIndex::compact`] folds the
//! delta into a new frozen part when it has grown; until then each change costs a few
//! microseconds per term.

use roaring::RoaringBitmap;

use super::bits::Pool;
use super::dict::{Base, Delta};
use super::doc::{Doc, DocRef, Weight, day_number};
use super::facets::Facets;
use super::members::Members;
use super::table::Table;
use super::terms::index_terms;

/// The search index. See the module documentation of [`crate::search`].
#[derive(Default)]
pub struct SearchIndex {
    pub(crate) table: Table,
    pub(crate) base: Base,
    pub(crate) delta: Delta,
    /// Documents whose postings in `base` are out of date (saved again or removed).
    pub(crate) stale: RoaringBitmap,
    pub(crate) facets: Facets,
    /// The documents of each case, derived from the table.
    pub(crate) members: Members,
    /// Set buffers reused from one search to the next.
    pub(crate) pool: Pool,
}

/// Sizes, for benchmarks and `caseline check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Documents that can be found.
    pub documents: usize,
    /// Numbered documents, including removed ones not yet compacted away and cases
    /// only linked to.
    pub slots: usize,
    pub frozen_terms: usize,
    pub delta_terms: usize,
    /// Documents saved since the last compaction.
    pub delta_documents: usize,
    /// Approximate heap bytes: document table, dictionary and postings, delta, facets.
    pub table_bytes: usize,
    pub frozen_bytes: usize,
    pub delta_bytes: usize,
    pub facet_bytes: usize,
    /// Set buffers kept for the next search (see [`SearchIndex::release_scratch`]).
    pub scratch_bytes: usize,
}

impl Stats {
    pub fn heap_bytes(&self) -> usize {
        self.table_bytes
            + self.frozen_bytes
            + self.delta_bytes
            + self.facet_bytes
            + self.scratch_bytes
    }
}

/// The terms of a document, each `(term, weight)` once.
pub(crate) fn doc_terms(doc: &Doc) -> Vec<(String, Weight)> {
    let mut out = Vec::new();
    let mut terms = Vec::new();
    for (field, text) in &doc.fields {
        terms.clear();
        index_terms(*field, text, &mut terms);
        out.extend(terms.drain(..).map(|t| (t, field.weight())));
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// Adds a document, or replaces the one with the same reference.
    pub fn upsert(&mut self, doc: &Doc) {
        let terms = doc_terms(doc);
        let d = self.table.slot(doc.doc);
        if d < self.table.sorted {
            self.stale.insert(d);
        }
        self.delta.remove_doc(d);
        self.delta.add_doc(d, terms);
        let cases: Vec<u32> = doc
            .cases
            .iter()
            .map(|id| self.table.slot(DocRef::new(super::DocKind::Case, *id)))
            .filter(|c| *c != d)
            .collect();
        let old: Vec<u32> = self.table.links(d).collect();
        self.members.relink(d, &old, &cases);
        self.table.set_links(d, &cases);
        let i = d as usize;
        self.table.date[i] = day_number(doc.date);
        self.table.recency[i] = day_number(doc.recency);
        self.table.live.set(d);
        self.facets.set_doc(d, &doc.facets);
    }

    /// Removes a document; `false` when it was not there.
    pub fn remove(&mut self, doc: &DocRef) -> bool {
        let Some(d) = self.table.find(doc) else {
            return false;
        };
        let was_live = self.table.live.get(d);
        if d < self.table.sorted {
            self.stale.insert(d);
        }
        self.delta.remove_doc(d);
        self.table.live.unset(d);
        let old: Vec<u32> = self.table.links(d).collect();
        self.members.relink(d, &old, &[]);
        self.table.set_links(d, &[]);
        self.facets.remove_doc(d);
        was_live
    }

    /// Whether a document can be found.
    pub fn contains(&self, doc: &DocRef) -> bool {
        self.table.find(doc).is_some_and(|d| self.table.live.get(d))
    }

    /// How many documents can be found.
    pub fn len(&self) -> usize {
        self.table.live.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether enough has changed since the last compaction that the caller should
    /// compact (in the background, or before writing a snapshot): the delta holds more
    /// than 4,096 documents and more than a sixteenth of all.
    pub fn needs_compaction(&self) -> bool {
        let changed = self.delta.docs().max(self.stale.len() as usize);
        changed > 4096 && changed * 16 > self.table.len() as usize
    }

    /// Lets go of the set buffers kept between searches (some megabytes at a million
    /// documents), for example while the screen is locked; the next search allocates
    /// them again.
    pub fn release_scratch(&self) {
        self.pool.clear();
    }

    pub fn stats(&self) -> Stats {
        Stats {
            documents: self.len(),
            slots: self.table.len() as usize,
            frozen_terms: self.base.terms(),
            delta_terms: self.delta.terms.len(),
            delta_documents: self.delta.docs(),
            table_bytes: self.table.heap_bytes()
                + self.stale.serialized_size()
                + self.members.heap_bytes(),
            frozen_bytes: self.base.heap_bytes(),
            delta_bytes: self.delta.heap_bytes(),
            facet_bytes: self.facets.heap_bytes(),
            scratch_bytes: self.pool.heap_bytes(),
        }
    }
}
