//! The index as bytes, for the caller to encrypt and keep, and back.
//!
//! **The bytes hold personal data in plain form** (every indexed name, phone number,
//! postcode and word of narrative, in the term dictionary): the caller must encrypt
//! them before they touch the disk, and should wipe them after (they come in a
//! [`Zeroizing`] buffer).
//!
//! Loading does no tokenising: every part is stored as it lies in memory (the FST's own
//! bytes, posting lists as their compressed bytes, roaring bitmaps in their standard
//! format), so loading is copying and checking. Damaged or truncated bytes give an
//! error, never a panic: a BLAKE3 checksum of the body catches any accidental damage,
//! and every offset, length, order and document number is still checked before use,
//! so that even bytes with a valid checksum cannot make a later search go out of
//! bounds. The FST's node encoding cannot be checked that way (the `fst` crate panics
//! on damaged nodes), so its own CRC-32 is verified too, and it is trusted once both
//! sums match; the bytes are also authenticated by the caller's encryption.
//!
//! Layout, all integers little-endian: `CLSI`, the version byte, three zero bytes, the
//! body's length (u64), its BLAKE3 hash (32 bytes), then the body: the document table,
//! the FST, the posting lists, the stale set, the delta, the facets.

use std::collections::HashMap;

use roaring::RoaringBitmap;
use zeroize::Zeroizing;

use super::bits::Bits;
use super::dict::{Base, Delta, DeltaLists};
use super::doc::Weight;
use super::facets::Facets;
use super::index::SearchIndex;
use super::members::Members;
use super::postings::Lists;
use super::table::Table;

const MAGIC: &[u8; 4] = b"CLSI";
/// The snapshot format's version; a snapshot of another version is refused (and the
/// caller rebuilds from the records). It also changes when the terms cut from records
/// change, so that no snapshot lacks terms a search now looks for. 2: names in Han,
/// kana and Hangul also run together. 3: records are dated by their London day, not
/// their UTC one.
pub const VERSION: u8 = 3;
const HEADER: usize = 4 + 1 + 3 + 8 + 32;

/// Why bytes could not be read as an index. Says nothing of the content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a search index snapshot")]
    NotASnapshot,
    #[error("search index snapshot version {0} is not supported (this program reads {VERSION})")]
    Version(u8),
    #[error("the search index snapshot is truncated")]
    Truncated,
    #[error("the search index snapshot is damaged (checksum)")]
    Checksum,
    #[error("the search index snapshot is damaged ({0})")]
    Damaged(&'static str),
}

impl SearchIndex {
    /// The index as bytes. They hold personal data in plain form: encrypt them.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(HEADER + self.size_hint()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[VERSION, 0, 0, 0]);
        out.extend_from_slice(&[0; 40]);
        write_table(&mut out, &self.table);
        let fst = self
            .base
            .map
            .as_ref()
            .map_or(&[][..], |m| m.as_fst().as_bytes());
        put_bytes(&mut out, fst);
        write_lists(&mut out, &self.base.lists);
        put_bitmap(&mut out, &self.stale);
        write_delta(&mut out, &self.delta);
        write_facets(&mut out, &self.facets);
        let body_len = (out.len() - HEADER) as u64;
        let hash = blake3::hash(&out[HEADER..]);
        out[8..16].copy_from_slice(&body_len.to_le_bytes());
        out[16..48].copy_from_slice(hash.as_bytes());
        out
    }

    /// Reads bytes from [`SearchIndex::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, SnapshotError> {
        if bytes.len() < 5 || &bytes[..4] != MAGIC {
            return Err(SnapshotError::NotASnapshot);
        }
        if bytes[4] != VERSION {
            return Err(SnapshotError::Version(bytes[4]));
        }
        if bytes.len() < HEADER {
            return Err(SnapshotError::Truncated);
        }
        let body_len = u64::from_le_bytes(bytes[8..16].try_into().unwrap_or_default());
        let body = &bytes[HEADER..];
        if (body.len() as u64) < body_len {
            return Err(SnapshotError::Truncated);
        }
        if body.len() as u64 != body_len || bytes[5..8] != [0, 0, 0] {
            return Err(SnapshotError::Damaged("length"));
        }
        if blake3::hash(body).as_bytes() != &bytes[16..48] {
            return Err(SnapshotError::Checksum);
        }
        let mut r = Reader {
            bytes: body,
            pos: 0,
        };
        let table = read_table(&mut r)?;
        let fst_bytes = r.bytes()?.to_vec();
        let map = if fst_bytes.is_empty() {
            None
        } else {
            let map = fst::Map::new(fst_bytes).map_err(|_| SnapshotError::Damaged("dictionary"))?;
            // The FST's own checksum: its node encoding is trusted only once it matches.
            map.as_fst()
                .verify()
                .map_err(|_| SnapshotError::Damaged("dictionary"))?;
            Some(map)
        };
        let lists = read_lists(&mut r)?;
        let stale = r.bitmap()?;
        let delta = read_delta(&mut r)?;
        let facets = read_facets(&mut r)?;
        if r.pos != body.len() {
            return Err(SnapshotError::Damaged("trailing bytes"));
        }
        let mut index = SearchIndex {
            members: Members::default(),
            table,
            base: Base { map, lists },
            delta,
            stale,
            facets,
            pool: Default::default(),
        };
        index.validate().map_err(SnapshotError::Damaged)?;
        index.members = Members::from_table(&index.table);
        Ok(index)
    }

    /// Checks that every part agrees with the others.
    fn validate(&self) -> Result<(), &'static str> {
        let n = self.table.len();
        self.table.validate()?;
        self.base.lists.validate()?;
        let terms = self.base.terms();
        if self.base.lists.count() != terms * 2 {
            return Err("dictionary and posting lists");
        }
        let below = |b: &RoaringBitmap| b.max().is_none_or(|m| m < n);
        if !below(&self.stale) || !self.facets.map.values().all(below) {
            return Err("document numbers");
        }
        for lists in self.delta.terms.values() {
            for l in [&lists.name, &lists.text] {
                if l.windows(2).any(|w| w[0] >= w[1]) || l.last().is_some_and(|d| *d >= n) {
                    return Err("recent posting lists");
                }
            }
        }
        if self.delta.by_doc.keys().any(|d| *d >= n) {
            return Err("recent documents");
        }
        Ok(())
    }

    /// About how many bytes [`SearchIndex::to_bytes`] writes.
    fn size_hint(&self) -> usize {
        let n = self.table.len() as usize;
        n * 25
            + n.div_ceil(64) * 8
            + self
                .table
                .more
                .values()
                .map(|v| 8 + 4 * v.len())
                .sum::<usize>()
            + self
                .base
                .map
                .as_ref()
                .map_or(0, |m| m.as_fst().as_bytes().len())
            + 4 * self.base.lists.offsets.len()
            + self.base.lists.data.len()
            + self.delta.heap_bytes()
            + self.facets.heap_bytes()
            + self.stale.serialized_size()
            + 256
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

fn put_u32s(out: &mut Vec<u8>, v: &[u32]) {
    put_u32(out, v.len() as u32);
    for x in v {
        put_u32(out, *x);
    }
}

fn put_bitmap(out: &mut Vec<u8>, b: &RoaringBitmap) {
    put_u32(out, b.serialized_size() as u32);
    // Writing to a Vec cannot fail.
    let _ = b.serialize_into(&mut *out);
}

fn write_table(out: &mut Vec<u8>, t: &Table) {
    let n = t.len();
    put_u32(out, n);
    put_u32(out, t.sorted);
    out.extend_from_slice(&t.kinds);
    for id in &t.ids {
        out.extend_from_slice(id);
    }
    for v in &t.owner {
        put_u32(out, *v);
    }
    for v in t.date.iter().chain(&t.recency) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for w in &t.live.words()[..(n as usize).div_ceil(64)] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    let mut more: Vec<_> = t.more.iter().collect();
    more.sort_unstable_by_key(|(d, _)| **d);
    put_u32(out, more.len() as u32);
    for (d, links) in more {
        put_u32(out, *d);
        put_u32s(out, links);
    }
}

fn write_lists(out: &mut Vec<u8>, l: &Lists) {
    put_u32s(out, &l.offsets);
    put_bytes(out, &l.data);
}

fn write_delta(out: &mut Vec<u8>, d: &Delta) {
    put_u32(out, d.terms.len() as u32);
    for (term, lists) in &d.terms {
        put_bytes(out, term.as_bytes());
        put_u32s(out, &lists.name);
        put_u32s(out, &lists.text);
    }
    let mut docs: Vec<_> = d.by_doc.iter().collect();
    docs.sort_unstable_by_key(|(d, _)| **d);
    put_u32(out, docs.len() as u32);
    for (doc, terms) in docs {
        put_u32(out, *doc);
        put_u32(out, terms.len() as u32);
        for (term, weight) in terms {
            out.push(u8::from(*weight == Weight::Name));
            put_bytes(out, term.as_bytes());
        }
    }
}

fn write_facets(out: &mut Vec<u8>, f: &Facets) {
    put_u32(out, f.map.len() as u32);
    for ((kind, code), docs) in &f.map {
        out.push(*kind);
        put_bytes(out, code.as_bytes());
        put_bitmap(out, docs);
    }
}

/// Reads the body, refusing any count larger than the bytes left could hold.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self.pos.checked_add(n).ok_or(SnapshotError::Truncated)?;
        let b = self
            .bytes
            .get(self.pos..end)
            .ok_or(SnapshotError::Truncated)?;
        self.pos = end;
        Ok(b)
    }

    fn u8(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count of items of `size` bytes each that must fit in what is left.
    fn count(&mut self, size: usize) -> Result<usize, SnapshotError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.bytes.len() - self.pos {
            return Err(SnapshotError::Damaged("count"));
        }
        Ok(n)
    }

    fn bytes(&mut self) -> Result<&'a [u8], SnapshotError> {
        let b = self.take(8)?;
        let n = u64::from_le_bytes(b.try_into().map_err(|_| SnapshotError::Truncated)?);
        self.take(usize::try_from(n).map_err(|_| SnapshotError::Truncated)?)
    }

    fn string(&mut self) -> Result<String, SnapshotError> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| SnapshotError::Damaged("text"))
    }

    fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        let n = self.count(4)?;
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn bitmap(&mut self) -> Result<RoaringBitmap, SnapshotError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        RoaringBitmap::deserialize_from(b).map_err(|_| SnapshotError::Damaged("bitmap"))
    }
}

fn read_table(r: &mut Reader) -> Result<Table, SnapshotError> {
    let n = r.count(25)?;
    let sorted = r.u32()?;
    let kinds = r.take(n)?.to_vec();
    let ids = r
        .take(n * 16)?
        .chunks_exact(16)
        .map(|c| c.try_into().unwrap_or([0; 16]))
        .collect();
    let owner = r
        .take(n * 4)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut days = r
        .take(n * 4)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    let date: Vec<u16> = days.by_ref().take(n).collect();
    let recency: Vec<u16> = days.collect();
    let live = Bits::from_words(
        r.take(n.div_ceil(64) * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect(),
    );
    let mut more = HashMap::new();
    let mut has_more = Bits::new(n);
    for _ in 0..r.count(8)? {
        let d = r.u32()?;
        more.insert(d, r.u32s()?);
        has_more.set(d);
    }
    let mut t = Table {
        kinds,
        ids,
        owner,
        more,
        has_more,
        date,
        recency,
        live,
        sorted,
        added: HashMap::new(),
    };
    for d in sorted.min(n as u32)..n as u32 {
        if let Some(r) = t.doc_ref(d) {
            t.added.insert(r, d);
        }
    }
    Ok(t)
}

fn read_lists(r: &mut Reader) -> Result<Lists, SnapshotError> {
    let offsets = r.u32s()?;
    let data = r.bytes()?.to_vec();
    Ok(Lists { offsets, data })
}

fn read_delta(r: &mut Reader) -> Result<Delta, SnapshotError> {
    let mut d = Delta::default();
    for _ in 0..r.count(16)? {
        let term = r.string()?;
        let name = r.u32s()?;
        let text = r.u32s()?;
        d.terms.insert(term, DeltaLists { name, text });
    }
    for _ in 0..r.count(8)? {
        let doc = r.u32()?;
        let mut terms = Vec::with_capacity(r.count(9)?);
        for _ in 0..terms.capacity() {
            let weight = if r.u8()? == 1 {
                Weight::Name
            } else {
                Weight::Text
            };
            terms.push((r.string()?, weight));
        }
        d.by_doc.insert(doc, terms);
    }
    Ok(d)
}

fn read_facets(r: &mut Reader) -> Result<Facets, SnapshotError> {
    let mut f = Facets::default();
    for _ in 0..r.count(13)? {
        let kind = r.u8()?;
        let code = r.string()?;
        f.map.insert((kind, code), r.bitmap()?);
    }
    Ok(f)
}
