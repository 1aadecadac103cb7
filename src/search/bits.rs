//! A plain bit set over document numbers, for the sets a query works with.
//!
//! At a million documents one set is 128 KiB and `and`/`or` over it take
//! microseconds, whatever the number of members; a query needs a handful of them.
//! Roaring bitmaps stay the storage format (compressed, mostly sparse); query-time
//! sets are short-lived and often dense (a one-letter prefix matches most documents),
//! where a flat array is simplest and fastest.

use std::sync::Mutex;

/// How many set buffers [`Pool`] keeps: enough for a query of several words.
const POOL_MAX: usize = 64;

/// Buffers kept between searches. A query takes a few dozen sets of `n / 8` bytes;
/// allocating them afresh each time made every search pay page faults, and after a
/// rebuild had fragmented the heap, the allocator's own bookkeeping took longer than
/// the search.
#[derive(Default)]
pub(crate) struct Pool {
    free: Mutex<Vec<Vec<u64>>>,
}

impl Pool {
    /// An empty set for numbers below `n`.
    pub fn take(&self, n: usize) -> Bits {
        let reused = self.free.lock().ok().and_then(|mut f| f.pop());
        match reused {
            Some(mut words) => {
                words.clear();
                words.resize(n.div_ceil(64), 0);
                Bits { words }
            }
            None => Bits::new(n),
        }
    }

    /// A copy of `b`.
    pub fn copy(&self, b: &Bits) -> Bits {
        let mut out = self.take(b.capacity());
        out.words.copy_from_slice(&b.words);
        out
    }

    /// Keeps sets for later searches.
    pub fn give(&self, sets: impl IntoIterator<Item = Bits>) {
        if let Ok(mut free) = self.free.lock() {
            for b in sets {
                if free.len() >= POOL_MAX {
                    break;
                }
                free.push(b.words);
            }
        }
    }

    /// Lets the kept buffers go.
    pub fn clear(&self) {
        if let Ok(mut free) = self.free.lock() {
            free.clear();
            free.shrink_to_fit();
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.free
            .lock()
            .map(|f| f.iter().map(|w| w.capacity() * 8).sum())
            .unwrap_or(0)
    }
}

/// A set of document numbers below a fixed bound.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct Bits {
    words: Vec<u64>,
}

impl std::fmt::Debug for Bits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bits({} of {})", self.count(), self.words.len() * 64)
    }
}

impl Bits {
    /// An empty set for numbers below `n`.
    pub fn new(n: usize) -> Bits {
        Bits {
            words: vec![0; n.div_ceil(64)],
        }
    }

    /// The set from its words, as a snapshot keeps them.
    pub fn from_words(words: Vec<u64>) -> Bits {
        Bits { words }
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// How many numbers the set can hold.
    pub fn capacity(&self) -> usize {
        self.words.len() * 64
    }

    /// Makes room for numbers below `n`.
    pub fn grow(&mut self, n: usize) {
        let need = n.div_ceil(64);
        if need > self.words.len() {
            self.words.resize(need, 0);
        }
    }

    /// Adds `i`; numbers beyond the capacity are ignored.
    #[inline]
    pub fn set(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Adds the members of one word of another set (`i` is the word's index).
    #[inline]
    pub fn or_word(&mut self, i: usize, w: u64) {
        if let Some(x) = self.words.get_mut(i) {
            *x |= w;
        }
    }

    #[inline]
    pub fn unset(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    #[inline]
    pub fn get(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Keeps only members also in `other`.
    pub fn and(&mut self, other: &Bits) {
        for (i, w) in self.words.iter_mut().enumerate() {
            *w &= other.words.get(i).copied().unwrap_or(0);
        }
    }

    /// Adds the members of `other`.
    pub fn or(&mut self, other: &Bits) {
        self.grow(other.capacity());
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// The members in `lo..hi`, ascending.
    pub fn iter_range(&self, lo: u32, hi: u32) -> impl Iterator<Item = u32> + '_ {
        let (first, last) = (lo as usize / 64, (hi as usize).div_ceil(64));
        let words = self
            .words
            .get(first..last.min(self.words.len()))
            .unwrap_or(&[]);
        words.iter().enumerate().flat_map(move |(i, &w)| {
            let base = ((first + i) * 64) as u32;
            BitIter(w)
                .map(move |b| base + b)
                .filter(move |d| (lo..hi).contains(d))
        })
    }

    /// The members in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let base = (i * 64) as u32;
            BitIter(w).map(move |b| base + b)
        })
    }
}

/// The set bits of one word.
struct BitIter(u64);

impl Iterator for BitIter {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let b = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_ops() {
        let mut a = Bits::new(200);
        for i in [0, 5, 64, 130, 199] {
            a.set(i);
        }
        a.set(1000); // beyond capacity: ignored
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 5, 64, 130, 199]);
        let mut b = Bits::new(200);
        b.set(5);
        b.set(130);
        let mut c = a.clone();
        c.and(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), [5, 130]);
        a.or(&b);
        assert_eq!(a.count(), 5);
        assert_eq!(a.iter_range(5, 131).collect::<Vec<_>>(), [5, 64, 130]);
        assert_eq!(a.iter_range(6, 64).count(), 0);
        assert_eq!(a.iter_range(190, 5000).collect::<Vec<_>>(), [199]);
        a.unset(0);
        assert!(!a.get(0) && a.get(199) && !a.get(5000));
    }
}
