//! Facet values and the documents that have them, for filters.
//!
//! There are few values (a dozen kinds, six statuses, some tens of workers, a few
//! flags and strands), each with a roaring bitmap of documents; they change in place
//! when a document is saved, with no rebuild.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use super::doc::Facet;
use super::filter::FilterKind;

/// Facet values by `(filter, code)`; a worker's code is the hex of its id.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Facets {
    pub map: BTreeMap<(u8, String), RoaringBitmap>,
}

/// The code a filter kind has in the map (and in a snapshot).
pub(crate) fn filter_code(kind: FilterKind) -> u8 {
    match kind {
        FilterKind::Kind => 0,
        FilterKind::Status => 1,
        FilterKind::Worker => 2,
        FilterKind::Flag => 3,
        FilterKind::Strand => 4,
        FilterKind::Since => 5,
    }
}

/// The key of a facet value.
pub(crate) fn key(facet: &Facet) -> (u8, String) {
    match facet {
        Facet::Kind(c) => (filter_code(FilterKind::Kind), c.clone()),
        Facet::Status(c) => (filter_code(FilterKind::Status), c.clone()),
        Facet::Worker(id) => (filter_code(FilterKind::Worker), hex(id)),
        Facet::Flag(c) => (filter_code(FilterKind::Flag), c.clone()),
        Facet::Strand(c) => (filter_code(FilterKind::Strand), c.clone()),
    }
}

pub(crate) fn hex(id: &[u8; 16]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

impl Facets {
    /// Gives `doc` exactly these values.
    pub fn set_doc(&mut self, doc: u32, facets: &[Facet]) {
        self.remove_doc(doc);
        self.add_doc(doc, facets);
    }

    /// Gives a document these values, for one that has none yet.
    pub fn add_doc(&mut self, doc: u32, facets: &[Facet]) {
        for f in facets {
            self.map.entry(key(f)).or_default().insert(doc);
        }
    }

    pub fn remove_doc(&mut self, doc: u32) {
        self.map.retain(|_, docs| {
            docs.remove(doc);
            !docs.is_empty()
        });
    }

    /// The codes of one filter kind there are, in order.
    pub fn codes(&self, kind: FilterKind) -> impl Iterator<Item = &str> {
        let k = filter_code(kind);
        self.map
            .range((k, String::new())..)
            .take_while(move |((c, _), _)| *c == k)
            .map(|((_, code), _)| code.as_str())
    }

    pub fn docs(&self, kind: FilterKind, code: &str) -> Option<&RoaringBitmap> {
        self.map.get(&(filter_code(kind), code.to_string()))
    }

    /// The same values under new document numbers (`map[old]`, `u32::MAX` to drop).
    pub fn renumber(&self, map: &[u32]) -> Facets {
        let mut out = Facets::default();
        for (k, docs) in &self.map {
            let mut new: Vec<u32> = docs
                .iter()
                .filter_map(|d| map.get(d as usize).copied())
                .filter(|d| *d != u32::MAX)
                .collect();
            new.sort_unstable();
            if let Ok(b) = RoaringBitmap::from_sorted_iter(new)
                && !b.is_empty()
            {
                out.map.insert(k.clone(), b);
            }
        }
        out
    }

    pub fn heap_bytes(&self) -> usize {
        self.map
            .iter()
            .map(|((_, c), b)| c.capacity() + b.serialized_size() + 64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_change_in_place() {
        let mut f = Facets::default();
        f.set_doc(
            1,
            &[Facet::Kind("housing".into()), Facet::Status("open".into())],
        );
        f.set_doc(2, &[Facet::Kind("hate_crime".into())]);
        assert_eq!(
            f.codes(FilterKind::Kind).collect::<Vec<_>>(),
            ["hate_crime", "housing"]
        );
        f.set_doc(1, &[Facet::Kind("education".into())]);
        assert!(f.docs(FilterKind::Status, "open").is_none());
        assert!(f.docs(FilterKind::Kind, "education").unwrap().contains(1));
        let r = f.renumber(&[u32::MAX, 0, u32::MAX]);
        assert!(r.docs(FilterKind::Kind, "education").unwrap().contains(0));
        assert!(r.docs(FilterKind::Kind, "hate_crime").is_none());
    }
}
