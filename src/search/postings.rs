//! Frozen posting lists: which documents hold a term, compressed in one byte array.
//!
//! Each list is written the smaller of two ways:
//!
//! - **gaps**: the differences between successive document numbers as LEB128 varints
//!   (about a byte a posting for common words, two or three for rare terms), with a
//!   skip entry every [`SKIP`] postings so that `contains` decodes at most that many;
//! - **bitmap**: a plain bit set over the words of the list's span, when the list is
//!   dense enough for that to be smaller.
//!
//! At 100k demo cases the lists hold 13 million postings; roaring bitmaps took 64 MB
//! for them (mid-density lists are array containers at two bytes a posting plus
//! headers), gaps and bitmaps take about a sixth of that. Lists are only ever read
//! whole into a [`Bits`] or probed with `contains`, so nothing needs random access.
//!
//! Reading never panics, whatever the bytes: every read is bounds-checked and a
//! damaged list ends early, so a snapshot needs no decoding pass to be checked.

use super::bits::Bits;

/// Postings between skip entries.
pub(crate) const SKIP: usize = 128;

const GAPS: u8 = 0;
const BITMAP: u8 = 1;

/// Posting lists numbered from 0, frozen.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Lists {
    /// `offsets[i]..offsets[i + 1]` is list `i` in `data`; empty for no postings.
    pub offsets: Vec<u32>,
    pub data: Vec<u8>,
}

/// A LEB128 varint at `*pos`, moving past it; `None` if truncated or too long.
#[inline]
fn varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in [0, 7, 14, 21, 28] {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A list's header: its form and where its body starts.
struct Header {
    tag: u8,
    /// Gaps: the number of postings. Bitmap: the first word's index.
    a: u32,
    /// Gaps: the length of the skip table. Bitmap: the number of words.
    b: u32,
    body: usize,
}

fn header(bytes: &[u8]) -> Option<Header> {
    let tag = *bytes.first()?;
    let mut pos = 1;
    let a = varint(bytes, &mut pos)?;
    let b = varint(bytes, &mut pos)?;
    Some(Header {
        tag,
        a,
        b,
        body: pos,
    })
}

/// Calls `f` with each document of a gap stream starting at `pos` after `prev`.
#[inline]
fn each_gap(
    bytes: &[u8],
    mut pos: usize,
    mut prev: Option<u32>,
    count: usize,
    mut f: impl FnMut(u32) -> bool,
) {
    for _ in 0..count {
        let Some(g) = varint(bytes, &mut pos) else {
            return;
        };
        let d = match prev {
            None => g,
            Some(p) => match p.checked_add(g).and_then(|x| x.checked_add(1)) {
                Some(d) => d,
                None => return,
            },
        };
        if !f(d) {
            return;
        }
        prev = Some(d);
    }
}

impl Lists {
    /// How many lists there are.
    pub fn count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    fn bytes(&self, list: u32) -> &[u8] {
        let i = list as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) if a <= b => self.data.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Adds list `list`'s documents to `into`.
    pub fn add_to(&self, list: u32, into: &mut Bits) {
        let bytes = self.bytes(list);
        let Some(h) = header(bytes) else { return };
        match h.tag {
            GAPS => {
                let start = h.body + h.b as usize;
                each_gap(bytes, start, None, h.a as usize, |d| {
                    into.set(d);
                    true
                });
            }
            BITMAP => {
                let words = bytes.get(h.body..).unwrap_or(&[]).chunks_exact(8);
                for (i, w) in words.take(h.b as usize).enumerate() {
                    let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
                    into.or_word(h.a as usize + i, w);
                }
            }
            _ => {}
        }
    }

    /// Whether list `list` holds `doc`.
    pub fn contains(&self, list: u32, doc: u32) -> bool {
        let bytes = self.bytes(list);
        let Some(h) = header(bytes) else { return false };
        match h.tag {
            GAPS => gaps_contain(bytes, &h, doc),
            BITMAP => {
                let Some(i) = (doc as usize / 64).checked_sub(h.a as usize) else {
                    return false;
                };
                if i >= h.b as usize {
                    return false;
                }
                bitmap_word(bytes, &h, i) & (1 << (doc % 64)) != 0
            }
            _ => false,
        }
    }

    /// The documents of a list, ascending.
    pub fn docs(&self, list: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let bytes = self.bytes(list);
        let Some(h) = header(bytes) else { return out };
        match h.tag {
            GAPS => each_gap(bytes, h.body + h.b as usize, None, h.a as usize, |d| {
                out.push(d);
                true
            }),
            BITMAP => {
                for i in 0..h.b as usize {
                    let mut w = bitmap_word(bytes, &h, i);
                    while w != 0 {
                        out.push(((h.a as usize + i) * 64) as u32 + w.trailing_zeros());
                        w &= w - 1;
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4 + self.data.capacity()
    }

    /// Checks that the offsets are in bounds and ascending. The lists themselves need
    /// no check: reading them cannot go wrong (see the module documentation), and
    /// document numbers beyond the table are ignored when sets are filled.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.offsets.first().is_some_and(|s| *s != 0)
            || self
                .offsets
                .last()
                .is_some_and(|s| *s as usize != self.data.len())
            || self.offsets.windows(2).any(|w| w[0] > w[1])
        {
            return Err("posting list offsets");
        }
        Ok(())
    }
}

/// Word `i` of a bitmap list (0 past its end).
fn bitmap_word(bytes: &[u8], h: &Header, i: usize) -> u64 {
    let at = h.body + i * 8;
    bytes
        .get(at..at + 8)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// Whether a gap list holds `doc`: the skip table leads to the block that would hold
/// it, and at most [`SKIP`] postings are decoded.
fn gaps_contain(bytes: &[u8], h: &Header, doc: u32) -> bool {
    let stream = h.body + h.b as usize;
    let (mut pos, mut prev, mut left) = (stream, None, h.a as usize);
    let mut sp = h.body;
    let (mut d, mut at, mut k) = (0u32, 0usize, 0usize);
    while sp < stream {
        let (Some(dd), Some(da)) = (varint(bytes, &mut sp), varint(bytes, &mut sp)) else {
            break;
        };
        d = d.saturating_add(dd);
        at = at.saturating_add(da as usize);
        k += 1;
        if d == doc {
            return true;
        }
        if d > doc {
            break;
        }
        // Entry k is the posting at index k * SKIP - 1; the stream goes on after it.
        pos = stream.saturating_add(at);
        prev = Some(d);
        left = (h.a as usize).saturating_sub(k * SKIP);
    }
    let mut found = false;
    each_gap(bytes, pos, prev, left, |x| {
        found = x == doc;
        x < doc
    });
    found
}

/// Builds [`Lists`] one list at a time, in list order.
pub(crate) struct ListsBuilder {
    lists: Lists,
    gaps: Vec<u8>,
    skips: Vec<u8>,
}

impl ListsBuilder {
    pub fn new() -> ListsBuilder {
        ListsBuilder {
            lists: Lists {
                offsets: vec![0],
                data: Vec::new(),
            },
            gaps: Vec::new(),
            skips: Vec::new(),
        }
    }

    /// Appends the next list; `docs` must be ascending without repeats.
    pub fn push(&mut self, docs: &[u32]) {
        if let (Some(&first), Some(&last)) = (docs.first(), docs.last()) {
            self.encode_gaps(docs);
            let w0 = first as usize / 64;
            let words = last as usize / 64 + 1 - w0;
            let out = &mut self.lists.data;
            if words * 8 < self.gaps.len() + self.skips.len() {
                out.push(BITMAP);
                put_varint(out, w0 as u32);
                put_varint(out, words as u32);
                let mut bits = vec![0u64; words];
                for d in docs {
                    bits[*d as usize / 64 - w0] |= 1 << (d % 64);
                }
                for w in bits {
                    out.extend_from_slice(&w.to_le_bytes());
                }
            } else {
                out.push(GAPS);
                put_varint(out, docs.len() as u32);
                put_varint(out, self.skips.len() as u32);
                out.extend_from_slice(&self.skips);
                out.extend_from_slice(&self.gaps);
            }
        }
        self.lists.offsets.push(self.lists.data.len() as u32);
    }

    /// Writes `docs` as gaps, and a skip entry (document and byte offset, each as a
    /// difference from the previous entry) after every [`SKIP`] postings.
    fn encode_gaps(&mut self, docs: &[u32]) {
        self.gaps.clear();
        self.skips.clear();
        let (mut last_doc, mut last_at) = (0u32, 0usize);
        for (i, &d) in docs.iter().enumerate() {
            match i {
                0 => put_varint(&mut self.gaps, d),
                _ => put_varint(&mut self.gaps, d - docs[i - 1] - 1),
            }
            if (i + 1) % SKIP == 0 && i + 1 < docs.len() {
                put_varint(&mut self.skips, d - last_doc);
                put_varint(&mut self.skips, (self.gaps.len() - last_at) as u32);
                last_doc = d;
                last_at = self.gaps.len();
            }
        }
    }

    pub fn finish(mut self) -> Lists {
        self.lists.data.shrink_to_fit();
        self.lists.offsets.shrink_to_fit();
        self.lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lists(all: &[Vec<u32>]) -> Lists {
        let mut b = ListsBuilder::new();
        for l in all {
            b.push(l);
        }
        b.finish()
    }

    #[test]
    fn sparse_dense_and_empty_lists() {
        let long: Vec<u32> = (0..3000).map(|i| i * 7).collect();
        let dense: Vec<u32> = (1000..5000).collect();
        let l = lists(&[vec![1, 5, 9], vec![], long.clone(), dense.clone(), vec![2]]);
        assert_eq!(l.count(), 5);
        assert!(l.contains(0, 5) && !l.contains(0, 6) && !l.contains(0, 10));
        assert!(!l.contains(1, 0));
        for d in [0, 7, 127 * 7, 128 * 7, 129 * 7, 2999 * 7] {
            assert!(l.contains(2, d), "{d}");
            assert!(!l.contains(2, d + 1), "{d}");
        }
        assert!(
            l.contains(3, 1000)
                && l.contains(3, 4999)
                && !l.contains(3, 999)
                && !l.contains(3, 5000)
        );
        assert_eq!(l.docs(2), long);
        assert_eq!(l.docs(3), dense);
        assert_eq!(l.docs(4), [2]);
        let mut bits = Bits::new(30_000);
        l.add_to(2, &mut bits);
        l.add_to(0, &mut bits);
        assert_eq!(bits.count(), 3003);
        assert!(l.validate().is_ok());
        // The dense list is a bitmap, much smaller than its gaps would be.
        assert_eq!(l.bytes(3)[0], BITMAP);
        // Out of range numbers are empty lists, not panics.
        assert!(l.docs(99).is_empty() && !l.contains(99, 1));
    }

    proptest! {
        #[test]
        fn lists_round_trip(mut docs in proptest::collection::vec(0u32..100_000, 0..600), probe in 0u32..100_000) {
            docs.sort_unstable();
            docs.dedup();
            let l = lists(std::slice::from_ref(&docs));
            prop_assert_eq!(l.docs(0), docs.clone());
            prop_assert_eq!(l.contains(0, probe), docs.binary_search(&probe).is_ok());
            for d in docs.iter().step_by(37) {
                prop_assert!(l.contains(0, *d));
            }
        }

        #[test]
        fn damaged_lists_do_not_panic(data in proptest::collection::vec(any::<u8>(), 0..200), probe in any::<u32>()) {
            let l = Lists { offsets: vec![0, data.len() as u32], data };
            let mut bits = Bits::new(1000);
            l.add_to(0, &mut bits);
            let _ = l.contains(0, probe);
            let _ = l.docs(0);
        }
    }
}
