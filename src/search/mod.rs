//! The search index: find a person, a case or an organisation as the name is typed.
//!
//! A pure in-memory library: no store, no terminal. The service layer gives it
//! documents made from records ([`records`]), keeps it up to date in the same call
//! that saves a record, and keeps it on disk only as an encrypted snapshot
//! ([`SearchIndex::to_bytes`], whose bytes are personal data in plain form).
//!
//! # Design
//!
//! - **Documents** ([`Doc`]) are numbered `u32` internally. After a build or a
//!   compaction the numbers follow `(kind, id)`, so an id is found by binary search
//!   with no id map; documents saved since are numbered on from the end.
//! - **Terms** ([`terms`]) come from [`crate::domain::fold`]: case, accents and NFKC
//!   folded; scripts written without spaces also as letter pairs and letters (any part
//!   typed finds the name); a name in Han, kana or Hangul also with its family and
//!   given names run together, in both orders, as it is typed; phone numbers as digits without the trunk 0; postcodes
//!   without their space; references from each part on.
//! - **Dictionary** ([`dict`]): a frozen `fst::Map` (prefix lookups are range scans,
//!   shared beginnings and ends of terms make it a few bytes a term) plus a
//!   `BTreeMap` delta for terms of documents saved since; [`SearchIndex::compact`]
//!   folds the delta in. Saving a document costs microseconds per term and is
//!   searchable at once: its new terms go to the delta, its old frozen postings are
//!   masked.
//! - **Postings** ([`postings`]): per term, one list for name fields and one for text,
//!   each as varint gaps (with skip entries) or, when dense, a bitmap, all in one byte
//!   array: about a byte a posting. Roaring bitmaps hold the facets (a few dozen values,
//!   changed in place) and the set of masked documents. Queries work on flat bit sets
//!   (`bits`), reused between searches.
//! - **Cases' documents** (`members`): the reverse of the links, derived on load, so
//!   that a word is checked against the documents of the few cases the other words
//!   left rather than mapped whole.
//! - **Matching** ([`matcher`]): every word must match (AND) as a prefix of a term;
//!   words of five letters or more also one edit away ([`fuzzy`]). Levels rank exact
//!   over prefix over fuzzy, and within each, name fields over text.
//! - **Results** ([`rank`]): grouped into people, cases and organisations; a hit on an
//!   incident, a timeline entry, a person or an organisation also counts for the cases
//!   it is linked to, and for a case the words may match different documents of it.
//!   Ranked by score, then most recent; at most N per group with the total of each.
//!   Each hit says which words matched which terms, and [`highlight`] marks shown text.
//! - **Filters** ([`filter`]): `kind: status: worker: flag: since: strand:`; worker
//!   names are resolved by the caller ([`Query::resolve_workers`]) because the index
//!   holds only user ids. Each filter applies to some kinds of record only
//!   ([`FilterKind::applies_to`]: `flag:` to people and cases, `since:` to all, the
//!   others to cases); a query with a filter lists nothing of the other kinds.
//! - **Snapshot** ([`snapshot`]): the structures as they lie in memory, checked on
//!   load; no tokenising.

mod bits;
mod build;
pub mod dict;
mod doc;
mod facets;
pub mod filter;
pub mod fuzzy;
mod index;
pub mod matcher;
mod members;
pub mod postings;
mod query;
pub mod rank;
pub mod records;
mod report;
pub mod snapshot;
mod table;
pub mod terms;

pub use doc::{Doc, DocKind, DocRef, Facet, Field, Group, Weight};
pub use filter::{FilterKind, Problem, QueryError, Worker};
pub use index::{SearchIndex, Stats};
pub use matcher::Quality;
pub use query::{Query, Word};
pub use rank::{GroupHits, Hit, Results, WordMatch};
pub use report::{PROBES, highlight};
pub use snapshot::SnapshotError;
