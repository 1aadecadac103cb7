//! Building the frozen part: from all records at once, or from the current index
//! (compaction).
//!
//! Both end the same way: documents are renumbered in `(kind, id)` order (dropping
//! removed ones), each term's lists are renumbered and written out in term order, and
//! the FST is built from the sorted terms.

use std::collections::HashMap;

use fst::{MapBuilder, Streamer};
use roaring::RoaringBitmap;
use zeroize::Zeroize;

use super::bits::Bits;
use super::dict::{Base, Delta, list_of};
use super::doc::{Doc, DocKind, DocRef, Weight, day_number};
use super::facets::Facets;
use super::index::{SearchIndex, doc_terms};
use super::members::Members;
use super::postings::ListsBuilder;
use super::table::{NONE, Table};

impl SearchIndex {
    /// Builds an index from all documents at once; much faster than upserting them
    /// one by one. A document given twice counts as saved twice (the last wins).
    pub fn build(docs: impl IntoIterator<Item = Doc>) -> SearchIndex {
        let mut b = Builder::default();
        let mut again = Vec::new();
        let mut batch = Vec::with_capacity(BATCH);
        let mut docs = docs.into_iter();
        loop {
            batch.clear();
            batch.extend(docs.by_ref().take(BATCH));
            if batch.is_empty() {
                break;
            }
            for (doc, terms) in batch.iter().zip(cut_terms(&batch)) {
                if b.table.find(&doc.doc).is_some_and(|d| b.table.live.get(d)) {
                    again.push(doc.clone());
                } else {
                    b.add(doc, terms);
                }
            }
        }
        let mut index = b.finish();
        for doc in &again {
            index.upsert(doc);
        }
        index
    }

    /// Folds the documents saved since the last compaction into the frozen part and
    /// drops removed ones. Takes about as long as a build from already-cut terms
    /// (see `docs/benchmarks.md`); searches see the same results before and after.
    pub fn compact(&mut self) {
        let (order, map) = renumbering(&self.table);
        let table = renumber_table(&self.table, &order, &map);
        let base = merge_terms(&self.base, &self.stale, &self.delta, &map);
        self.facets = self.facets.renumber(&map);
        self.members = Members::from_table(&table);
        self.table = table;
        self.base = base;
        self.delta = Delta::default();
        self.stale = RoaringBitmap::new();
    }
}

/// Documents cut into terms at a time, on two threads.
const BATCH: usize = 4096;

/// The terms of each document of a batch. Cutting terms is most of a build's work
/// and each document's is independent, so the batch is split between two threads
/// (the machines this runs on have two cores or more).
fn cut_terms(batch: &[Doc]) -> Vec<Vec<(String, Weight)>> {
    let (a, b) = batch.split_at(batch.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| b.iter().map(doc_terms).collect::<Vec<_>>());
        let mut terms: Vec<_> = a.iter().map(doc_terms).collect();
        // A thread that panicked would have panicked here anyway.
        terms.extend(other.join().unwrap_or_default());
        terms
    })
}

/// A quick hash for the build's term table (FxHash's mixing): the terms are our
/// own data, so resistance to crafted collisions is not needed, and SipHash was a
/// tenth of the build.
#[derive(Default, Clone, Copy)]
struct QuickHash(u64);

impl std::hash::Hasher for QuickHash {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type QuickMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<QuickHash>>;

/// Terms and lists gathered for a build, in arrival numbering.
#[derive(Default)]
struct Builder {
    table: Table,
    facets: Facets,
    ids: QuickMap<String, u32>,
    lists: Vec<[Vec<u32>; 2]>,
}

impl Builder {
    fn add(&mut self, doc: &Doc, terms: Vec<(String, Weight)>) {
        let d = self.table.slot(doc.doc);
        for (mut term, weight) in terms {
            let t = match self.ids.get(&term) {
                Some(t) => {
                    term.zeroize();
                    *t
                }
                None => {
                    let next = self.lists.len() as u32;
                    self.ids.insert(term, next);
                    self.lists.push([Vec::new(), Vec::new()]);
                    next
                }
            };
            self.lists[t as usize][list_of(0, weight) as usize].push(d);
        }
        let cases: Vec<u32> = doc
            .cases
            .iter()
            .map(|id| self.table.slot(DocRef::new(DocKind::Case, *id)))
            .filter(|c| *c != d)
            .collect();
        self.table.set_links(d, &cases);
        self.table.date[d as usize] = day_number(doc.date);
        self.table.recency[d as usize] = day_number(doc.recency);
        self.table.live.set(d);
        self.facets.add_doc(d, &doc.facets);
    }

    fn finish(mut self) -> SearchIndex {
        let (order, map) = renumbering(&self.table);
        let table = renumber_table(&self.table, &order, &map);
        let mut terms: Vec<(String, u32)> = self.ids.drain().collect();
        terms.sort_unstable();
        let lists = &mut self.lists;
        let stream = terms.iter_mut().map(|(term, t)| {
            let [name, text] = std::mem::take(&mut lists[*t as usize]);
            let key = std::mem::take(term).into_bytes();
            (key, renumber(name, &map), renumber(text, &map))
        });
        let base = freeze(stream);
        SearchIndex {
            facets: self.facets.renumber(&map),
            members: Members::from_table(&table),
            table,
            base,
            delta: Delta::default(),
            stale: RoaringBitmap::new(),
            pool: Default::default(),
        }
    }
}

/// The new order of the documents to keep (live ones and cases linked to from them)
/// and the map from old numbers to new (`NONE` for dropped).
fn renumbering(table: &Table) -> (Vec<u32>, Vec<u32>) {
    let n = table.len();
    let mut keep = table.live.clone();
    for d in table.live.iter() {
        for c in table.links(d) {
            keep.set(c);
        }
    }
    let mut order: Vec<u32> = (0..n).filter(|d| keep.get(*d)).collect();
    order.sort_unstable_by_key(|&d| (table.kinds[d as usize], table.ids[d as usize]));
    let mut map = vec![NONE; n as usize];
    for (new, &old) in order.iter().enumerate() {
        map[old as usize] = new as u32;
    }
    (order, map)
}

fn renumber_table(old: &Table, order: &[u32], map: &[u32]) -> Table {
    let pick = |d: &u32| *d as usize;
    let new_of = |d: u32| map.get(d as usize).copied().unwrap_or(NONE);
    let mut live = Bits::new(order.len());
    let mut more = HashMap::new();
    let mut has_more = Bits::new(order.len());
    for (new, &old_d) in order.iter().enumerate() {
        if old.live.get(old_d) {
            live.set(new as u32);
        }
        if let Some(links) = old.more.get(&old_d) {
            let links: Vec<u32> = links
                .iter()
                .map(|c| new_of(*c))
                .filter(|c| *c != NONE)
                .collect();
            if !links.is_empty() {
                more.insert(new as u32, links);
                has_more.set(new as u32);
            }
        }
    }
    Table {
        kinds: order.iter().map(|d| old.kinds[pick(d)]).collect(),
        ids: order.iter().map(|d| old.ids[pick(d)]).collect(),
        owner: order
            .iter()
            .map(|d| match old.owner[pick(d)] {
                NONE => NONE,
                o => new_of(o),
            })
            .collect(),
        more,
        has_more,
        date: order.iter().map(|d| old.date[pick(d)]).collect(),
        recency: order.iter().map(|d| old.recency[pick(d)]).collect(),
        live,
        sorted: order.len() as u32,
        added: HashMap::new(),
    }
}

/// A list under new numbers, ascending.
fn renumber(mut list: Vec<u32>, map: &[u32]) -> Vec<u32> {
    let mut sorted = true;
    let mut last = None;
    list.retain_mut(|d| {
        *d = map.get(*d as usize).copied().unwrap_or(NONE);
        if *d == NONE {
            return false;
        }
        sorted &= last.is_none_or(|l| l < *d);
        last = Some(*d);
        true
    });
    if !sorted {
        list.sort_unstable();
        list.dedup();
    }
    list
}

/// The frozen and recent terms merged in term order, under new numbers.
fn merge_terms(base: &Base, stale: &RoaringBitmap, delta: &Delta, map: &[u32]) -> Base {
    let mut merged: Vec<(Vec<u8>, Vec<u32>, Vec<u32>)> = Vec::new();
    let mut recent = delta.terms.iter().peekable();
    let fresh = |t: u32, w: Weight| -> Vec<u32> {
        let mut list = base.lists.docs(list_of(t, w));
        list.retain(|d| !stale.contains(*d));
        list
    };
    if let Some(fst_map) = &base.map {
        let mut stream = fst_map.stream();
        while let Some((key, t)) = stream.next() {
            while let Some((term, lists)) = recent.next_if(|(term, _)| term.as_bytes() < key) {
                merged.push((
                    term.as_bytes().to_vec(),
                    lists.name.clone(),
                    lists.text.clone(),
                ));
            }
            let mut name = fresh(t as u32, Weight::Name);
            let mut text = fresh(t as u32, Weight::Text);
            if let Some((_, lists)) = recent.next_if(|(term, _)| term.as_bytes() == key) {
                name.extend_from_slice(&lists.name);
                text.extend_from_slice(&lists.text);
            }
            merged.push((key.to_vec(), name, text));
        }
    }
    for (term, lists) in recent {
        merged.push((
            term.as_bytes().to_vec(),
            lists.name.clone(),
            lists.text.clone(),
        ));
    }
    freeze(
        merged
            .into_iter()
            .map(|(k, name, text)| (k, renumber(name, map), renumber(text, map))),
    )
}

/// Writes sorted terms with their lists (new numbers, ascending) as a frozen part;
/// terms left with no documents are dropped.
fn freeze(terms: impl Iterator<Item = (Vec<u8>, Vec<u32>, Vec<u32>)>) -> Base {
    let mut builder = MapBuilder::memory();
    let mut lists = ListsBuilder::new();
    let mut next = 0u64;
    for (mut key, name, text) in terms {
        if name.is_empty() && text.is_empty() {
            key.zeroize();
            continue;
        }
        // Keys arrive sorted and unique, so insertion cannot fail.
        if builder.insert(&key, next).is_ok() {
            lists.push(&name);
            lists.push(&text);
            next += 1;
        }
        key.zeroize();
    }
    let bytes = builder.into_inner().unwrap_or_default();
    Base {
        map: fst::Map::new(bytes).ok(),
        lists: lists.finish(),
    }
}
