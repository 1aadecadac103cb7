//! The term dictionary: a frozen, compressed part and a small part for recent changes.
//!
//! The frozen part is an `fst::Map` from term to term number, whose lists are in
//! [`Lists`] (term `t` has list `2t` for name fields and `2t + 1` for text). An FST
//! shares both the beginnings and the ends of terms, so hundreds of thousands of
//! names, phone numbers and references take a few bytes each, and a prefix is a range
//! scan. It cannot change, so documents saved since it was built are in [`Delta`], a
//! `BTreeMap` (sorted, so prefix scans work the same), until the next compaction folds
//! them in.

use std::collections::{BTreeMap, HashMap};

use fst::{IntoStreamer, Streamer};
use zeroize::Zeroize;

use super::bits::Bits;
use super::doc::Weight;
use super::postings::Lists;

/// The list number of term `t` for a weight.
pub(crate) fn list_of(term: u32, weight: Weight) -> u32 {
    term * 2
        + match weight {
            Weight::Name => 0,
            Weight::Text => 1,
        }
}

/// The frozen dictionary and its posting lists.
#[derive(Default)]
pub(crate) struct Base {
    pub map: Option<fst::Map<Vec<u8>>>,
    pub lists: Lists,
}

impl Drop for Base {
    fn drop(&mut self) {
        // The dictionary is every indexed word in plain text.
        if let Some(map) = self.map.take() {
            map.into_fst().into_inner().zeroize();
        }
    }
}

impl Base {
    /// The number of the term equal to `term`.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.map.as_ref()?.get(term).map(|v| v as u32)
    }

    /// Calls `f` with every term from `from` on (inclusive) while `f` says go on.
    pub fn scan_from(&self, from: &str, mut f: impl FnMut(&[u8], u32) -> bool) {
        let Some(map) = &self.map else { return };
        let mut stream = map.range().ge(from).into_stream();
        while let Some((key, value)) = stream.next() {
            if !f(key, value as u32) {
                break;
            }
        }
    }

    /// Calls `f` with each term that starts with `prefix`.
    pub fn prefixed(&self, prefix: &str, mut f: impl FnMut(&[u8], u32)) {
        self.scan_from(prefix, |key, t| {
            let more = key.starts_with(prefix.as_bytes());
            if more {
                f(key, t);
            }
            more
        });
    }

    /// The numbers of the terms that start with `prefix`: a range, since terms are
    /// numbered in sorted order. Two seeks, however many terms there are (a one-letter
    /// prefix has a hundred thousand).
    pub fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let first = |from: &[u8]| {
            let mut found = None;
            if let Some(map) = &self.map {
                let mut stream = map.range().ge(from).into_stream();
                found = stream
                    .next()
                    .map(|(k, v)| (k.starts_with(prefix.as_bytes()), v as u32));
            }
            found
        };
        let total = self.terms() as u32;
        let lo = match first(prefix.as_bytes()) {
            Some((true, t)) => t,
            _ => return 0..0,
        };
        // The least string after every string that starts with the prefix (UTF-8 has
        // no 0xFF byte, so the last byte can always go up by one).
        let mut upper = prefix.as_bytes().to_vec();
        let hi = match upper.last_mut() {
            Some(b) if *b < 0xFF => {
                *b += 1;
                first(&upper).map_or(total, |(_, t)| t)
            }
            _ => total,
        };
        lo..hi.max(lo)
    }

    /// The first term at or after `from`.
    pub fn seek(&self, from: &str) -> Option<String> {
        let mut found = None;
        self.scan_from(from, |key, _| {
            found = Some(String::from_utf8_lossy(key).into_owned());
            false
        });
        found
    }

    pub fn terms(&self) -> usize {
        self.map.as_ref().map_or(0, |m| m.len())
    }

    pub fn heap_bytes(&self) -> usize {
        self.map.as_ref().map_or(0, |m| m.as_fst().as_bytes().len()) + self.lists.heap_bytes()
    }
}

/// Postings of one recent term: ascending documents for name fields and for text.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct DeltaLists {
    pub name: Vec<u32>,
    pub text: Vec<u32>,
}

impl DeltaLists {
    pub fn of(&self, weight: Weight) -> &[u32] {
        match weight {
            Weight::Name => &self.name,
            Weight::Text => &self.text,
        }
    }

    fn of_mut(&mut self, weight: Weight) -> &mut Vec<u32> {
        match weight {
            Weight::Name => &mut self.name,
            Weight::Text => &mut self.text,
        }
    }
}

/// Terms of documents saved since the frozen part was built.
#[derive(Default)]
pub(crate) struct Delta {
    pub terms: BTreeMap<String, DeltaLists>,
    /// Each recent document's terms, so that saving it again can take them out.
    pub by_doc: HashMap<u32, Vec<(String, Weight)>>,
}

impl Drop for Delta {
    fn drop(&mut self) {
        for (mut term, _) in std::mem::take(&mut self.terms) {
            term.zeroize();
        }
        for (_, terms) in self.by_doc.drain() {
            for (mut term, _) in terms {
                term.zeroize();
            }
        }
    }
}

impl Delta {
    /// Takes document `doc`'s recent terms out.
    pub fn remove_doc(&mut self, doc: u32) {
        let Some(terms) = self.by_doc.remove(&doc) else {
            return;
        };
        for (mut term, weight) in terms {
            if let Some(lists) = self.terms.get_mut(&term) {
                let list = lists.of_mut(weight);
                if let Ok(i) = list.binary_search(&doc) {
                    list.remove(i);
                }
                if lists.name.is_empty()
                    && lists.text.is_empty()
                    && let Some((mut key, _)) = self.terms.remove_entry(&term)
                {
                    key.zeroize();
                }
            }
            term.zeroize();
        }
    }

    /// Adds document `doc` with its terms (each `(term, weight)` once).
    pub fn add_doc(&mut self, doc: u32, terms: Vec<(String, Weight)>) {
        for (term, weight) in &terms {
            let list = match self.terms.get_mut(term.as_str()) {
                Some(lists) => lists.of_mut(*weight),
                None => self.terms.entry(term.clone()).or_default().of_mut(*weight),
            };
            if let Err(i) = list.binary_search(&doc) {
                list.insert(i, doc);
            }
        }
        if !terms.is_empty() {
            self.by_doc.insert(doc, terms);
        }
    }

    /// Calls `f` with each term that starts with `prefix`.
    pub fn prefixed<'a>(&'a self, prefix: &str, mut f: impl FnMut(&'a str, &'a DeltaLists)) {
        for (term, lists) in self.from(prefix) {
            if !term.starts_with(prefix) {
                break;
            }
            f(term, lists);
        }
    }

    pub fn seek(&self, from: &str) -> Option<String> {
        self.from(from).next().map(|(t, _)| t.clone())
    }

    /// The terms from `from` on, in order.
    pub fn from<'a>(&'a self, from: &str) -> impl Iterator<Item = (&'a String, &'a DeltaLists)> {
        use std::ops::Bound;
        self.terms
            .range::<str, _>((Bound::Included(from), Bound::Unbounded))
    }

    pub fn docs(&self) -> usize {
        self.by_doc.len()
    }

    pub fn heap_bytes(&self) -> usize {
        let terms: usize = self
            .terms
            .iter()
            .map(|(t, l)| t.capacity() + 4 * (l.name.capacity() + l.text.capacity()) + 80)
            .sum();
        let docs: usize = self
            .by_doc
            .values()
            .map(|v| v.iter().map(|(t, _)| t.capacity() + 32).sum::<usize>() + 48)
            .sum();
        terms + docs
    }
}

/// Adds a delta list to a set.
pub(crate) fn add_list(list: &[u32], into: &mut Bits) {
    for &d in list {
        into.set(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_add_remove() {
        let mut d = Delta::default();
        d.add_doc(
            3,
            vec![("amina".into(), Weight::Name), ("bus".into(), Weight::Text)],
        );
        d.add_doc(1, vec![("amina".into(), Weight::Name)]);
        assert_eq!(d.terms["amina"].name, [1, 3]);
        let mut seen = Vec::new();
        d.prefixed("am", |t, _| seen.push(t.to_string()));
        assert_eq!(seen, ["amina"]);
        d.remove_doc(3);
        assert_eq!(d.terms["amina"].name, [1]);
        assert!(!d.terms.contains_key("bus"));
        assert_eq!(d.seek("b"), None);
        assert_eq!(d.seek("a").as_deref(), Some("amina"));
    }

    #[test]
    fn base_lookups() {
        let map = fst::Map::from_iter([("amina", 0u64), ("amir", 1), ("bus", 2)]).unwrap();
        let base = Base {
            map: Some(map),
            lists: Lists::default(),
        };
        assert_eq!(base.get("amir"), Some(1));
        assert_eq!(base.get("ami"), None);
        let mut seen = Vec::new();
        base.prefixed("ami", |k, t| {
            seen.push((String::from_utf8_lossy(k).into_owned(), t))
        });
        assert_eq!(seen, [("amina".to_string(), 0), ("amir".to_string(), 1)]);
        assert_eq!(base.seek("an").as_deref(), Some("bus"));
        assert_eq!(base.prefix_range("ami"), 0..2);
        assert_eq!(base.prefix_range("amir"), 1..2);
        assert_eq!(base.prefix_range("b"), 2..3);
        assert_eq!(base.prefix_range("c"), 0..0);
        assert_eq!(base.prefix_range(""), 0..3);
        assert_eq!(base.seek("c"), None);
    }
}
