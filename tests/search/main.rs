//! Search: the in-memory index (matching, filters, results, updates, snapshots), the
//! query parser on anything typed, and search through the service across a close and
//! reopen.

#[path = "../support/common/mod.rs"]
mod common;
mod search_support;

mod filters;
mod matching;
mod names;
mod query_props;
mod results;
mod service;
mod snapshot;
mod updates;
