//! Which documents each typed word matches, and how well.
//!
//! A word's grams are looked up three ways: the term itself (exact), terms it begins
//! (prefix), and for longer words terms one edit away (fuzzy, see [`super::fuzzy`]).
//! Each match has a level from the quality and the field's weight, best first:
//!
//! | level | match |
//! | --- | --- |
//! | 6 | exact, in a name field (names, phone, email, postcode, references) |
//! | 5 | exact, in text |
//! | 4 | prefix, in a name field |
//! | 3 | prefix, in text |
//! | 2 | fuzzy, in a name field |
//! | 1 | fuzzy, in text |
//!
//! A word's documents are kept as six nested sets, "level at least k", so that
//! "every gram" is an intersection and "any alternative" a union, level by level.

use std::collections::BTreeSet;

use zeroize::Zeroize;

use super::bits::Bits;
use super::dict::{add_list, list_of};
use super::doc::Weight;
use super::fuzzy::fuzzy_prefixes;
use super::index::SearchIndex;
use super::query::Word;
use super::terms::Gram;

/// How a word matched a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quality {
    /// One edit away from the beginning of the term.
    Fuzzy,
    /// The beginning of the term.
    Prefix,
    /// The whole term.
    Exact,
}

/// The number of levels.
pub(crate) const LEVELS: usize = 6;

/// The level (1 to 6) of a match.
pub(crate) fn level(quality: Quality, weight: Weight) -> usize {
    let q = match quality {
        Quality::Fuzzy => 0,
        Quality::Prefix => 1,
        Quality::Exact => 2,
    };
    q * 2 + usize::from(weight == Weight::Name) + 1
}

/// The quality and weight of a level.
pub(crate) fn of_level(level: usize) -> (Quality, Weight) {
    let quality = match level.saturating_sub(1) / 2 {
        0 => Quality::Fuzzy,
        1 => Quality::Prefix,
        _ => Quality::Exact,
    };
    let weight = if level.is_multiple_of(2) {
        Weight::Name
    } else {
        Weight::Text
    };
    (quality, weight)
}

/// Documents by level: `ge[k]` holds those matched at level `k + 1` or better.
#[derive(Debug, Clone)]
pub(crate) struct LevelSet {
    pub ge: Vec<Bits>,
}

impl LevelSet {
    #[cfg(test)]
    pub fn new(n: usize) -> LevelSet {
        LevelSet {
            ge: (0..LEVELS).map(|_| Bits::new(n)).collect(),
        }
    }

    /// The sets, to give back to the pool.
    pub fn into_bits(self) -> Vec<Bits> {
        self.ge
    }

    /// From sets of documents matched at each level exactly (`raw[k]` at level k + 1).
    pub fn from_raw(mut raw: Vec<Bits>) -> LevelSet {
        for k in (0..LEVELS - 1).rev() {
            let (lower, upper) = raw.split_at_mut(k + 1);
            lower[k].or(&upper[0]);
        }
        LevelSet { ge: raw }
    }

    /// Documents matched at all.
    pub fn any(&self) -> &Bits {
        &self.ge[0]
    }

    /// A document's level, 0 for none.
    pub fn level(&self, doc: u32) -> usize {
        (0..LEVELS)
            .rev()
            .find(|k| self.ge[*k].get(doc))
            .map_or(0, |k| k + 1)
    }

    /// Calls `f` with each document in `mask` that matched, and its level.
    pub fn for_each(&self, mask: &Bits, mut f: impl FnMut(u32, usize)) {
        let ge: Vec<&[u64]> = self.ge.iter().map(|b| b.words()).collect();
        let any = ge[0];
        for (j, (&a, &m)) in any.iter().zip(mask.words()).enumerate() {
            let a = a & m;
            if a == 0 {
                continue;
            }
            let mut above = 0u64;
            for k in (0..LEVELS).rev() {
                let at = ge[k].get(j).copied().unwrap_or(0) & a;
                let mut exactly = at & !above;
                above |= at;
                while exactly != 0 {
                    let b = exactly.trailing_zeros();
                    exactly &= exactly - 1;
                    f((j * 64) as u32 + b, k + 1);
                }
            }
        }
    }

    /// Adds a document at a level.
    #[cfg(test)]
    pub fn raise(&mut self, doc: u32, level: usize) {
        for k in 0..level.min(LEVELS) {
            self.ge[k].set(doc);
        }
    }

    /// Both must match; the worse level counts.
    fn and(&mut self, other: &LevelSet) {
        for (a, b) in self.ge.iter_mut().zip(&other.ge) {
            a.and(b);
        }
    }

    /// Either may match; the better level counts.
    fn or(&mut self, other: &LevelSet) {
        for (a, b) in self.ge.iter_mut().zip(&other.ge) {
            a.or(b);
        }
    }
}

/// A term a gram matched: its number in the frozen part (or none for a recent
/// term), how, and where its text is in [`Expansion::keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub frozen: Option<u32>,
    pub quality: Quality,
    start: u32,
    end: u32,
}

/// The terms one gram matched, with their texts in one buffer (a one-letter prefix
/// can match a hundred thousand terms; one allocation each would show). Only the
/// first [`KEYS`] texts are kept: reports look at no more (see
/// [`super::report::PROBES`]).
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    /// Exact and fuzzy terms, recent terms, and the first frozen prefix terms, with
    /// their texts.
    pub terms: Vec<Expanded>,
    /// Every frozen term the gram is a prefix of (not the term equal to it).
    pub prefixed: std::ops::Range<u32>,
    keys: Vec<u8>,
}

/// How many term texts an expansion keeps.
const KEYS: usize = 2 * super::report::PROBES;

impl Expansion {
    fn push(&mut self, frozen: Option<u32>, quality: Quality, key: &[u8]) {
        let start = self.keys.len() as u32;
        if self.terms.len() < KEYS || frozen.is_none() {
            self.keys.extend_from_slice(key);
        }
        let end = self.keys.len() as u32;
        self.terms.push(Expanded {
            frozen,
            quality,
            start,
            end,
        });
    }

    /// The text of a term; empty past the first [`KEYS`].
    pub fn key(&self, e: &Expanded) -> &str {
        self.keys
            .get(e.start as usize..e.end as usize)
            .and_then(|k| std::str::from_utf8(k).ok())
            .unwrap_or("")
    }
}

impl Drop for Expansion {
    fn drop(&mut self) {
        self.keys.zeroize();
    }
}

/// What the words of a query matched.
pub(crate) struct Matched {
    /// One set per word.
    pub words: Vec<LevelSet>,
    /// Per word, per alternative, per gram: the terms matched.
    pub expansions: Vec<Vec<Vec<Expansion>>>,
}

impl Matched {
    /// The sets, to give back to the pool.
    pub fn into_bits(self) -> impl Iterator<Item = Bits> {
        self.words.into_iter().flat_map(LevelSet::into_bits)
    }
}

impl SearchIndex {
    /// The documents each word matches, with levels.
    pub(crate) fn match_words(&self, words: &[Word]) -> Matched {
        let n = self.table.len() as usize;
        let mut sets = Vec::with_capacity(words.len());
        let mut expansions = Vec::with_capacity(words.len());
        for word in words {
            let mut word_set: Option<LevelSet> = None;
            let mut word_exp = Vec::new();
            for alt in &word.forms {
                let mut alt_set: Option<LevelSet> = None;
                let mut alt_exp = Vec::new();
                for gram in alt {
                    let (set, exp) = self.match_gram(gram, n);
                    match &mut alt_set {
                        Some(s) => {
                            s.and(&set);
                            self.pool.give(set.into_bits());
                        }
                        None => alt_set = Some(set),
                    }
                    alt_exp.push(exp);
                }
                if let Some(a) = alt_set {
                    match &mut word_set {
                        Some(w) => {
                            w.or(&a);
                            self.pool.give(a.into_bits());
                        }
                        None => word_set = Some(a),
                    }
                }
                word_exp.push(alt_exp);
            }
            sets.push(word_set.unwrap_or_else(|| LevelSet {
                ge: (0..LEVELS).map(|_| self.pool.take(n)).collect(),
            }));
            expansions.push(word_exp);
        }
        Matched {
            words: sets,
            expansions,
        }
    }

    /// The documents one gram matches, by level, and the terms it matched.
    fn match_gram(&self, gram: &Gram, n: usize) -> (LevelSet, Expansion) {
        let mut raw: Vec<Bits> = (0..LEVELS).map(|_| self.pool.take(n)).collect();
        let exp = self.expand(gram);
        let listed = exp
            .terms
            .iter()
            .filter(|e| e.quality != Quality::Prefix)
            .filter_map(|e| Some((e.frozen?, e.quality)));
        let prefixed = exp.prefixed.clone().map(|t| (t, Quality::Prefix));
        for (t, quality) in listed.chain(prefixed) {
            for weight in [Weight::Name, Weight::Text] {
                let into = &mut raw[level(quality, weight) - 1];
                self.base.lists.add_to(list_of(t, weight), into);
            }
        }
        if !self.stale.is_empty() {
            for bits in &mut raw {
                for d in &self.stale {
                    bits.unset(d);
                }
            }
        }
        for e in exp.terms.iter().filter(|e| e.frozen.is_none()) {
            if let Some(lists) = self.delta.terms.get(exp.key(e)) {
                for weight in [Weight::Name, Weight::Text] {
                    add_list(lists.of(weight), &mut raw[level(e.quality, weight) - 1]);
                }
            }
        }
        (LevelSet::from_raw(raw), exp)
    }

    /// The terms a gram matches, exact first, then prefix, then fuzzy; each once.
    pub(crate) fn expand(&self, gram: &Gram) -> Expansion {
        let text = gram.text.as_str();
        let mut exp = Expansion::default();
        let mut recent: BTreeSet<&str> = BTreeSet::new();
        let exact = self.base.get(text);
        if let Some(t) = exact {
            exp.push(Some(t), Quality::Exact, text.as_bytes());
        }
        if self.delta.terms.contains_key(text) {
            exp.push(None, Quality::Exact, text.as_bytes());
        }
        let mut range = self.base.prefix_range(text);
        if exact == Some(range.start) {
            range.start += 1;
        }
        exp.prefixed = range.clone();
        // The texts of the first prefix terms, for reports.
        let mut listed = 0;
        self.base.scan_from(text, |key, t| {
            if range.contains(&t) {
                exp.push(Some(t), Quality::Prefix, key);
                listed += 1;
            }
            t < range.end && listed < KEYS
        });
        self.delta.prefixed(text, |key, _| {
            recent.insert(key);
            if key != text {
                exp.push(None, Quality::Prefix, key.as_bytes());
            }
        });
        if gram.fuzzy {
            let mut known: Vec<u32> = exact.into_iter().collect();
            self.expand_fuzzy(text, &mut known, &mut recent, &mut exp);
        }
        exp
    }

    fn expand_fuzzy<'a>(
        &'a self,
        text: &str,
        frozen: &mut Vec<u32>,
        recent: &mut BTreeSet<&'a str>,
        exp: &mut Expansion,
    ) {
        let seek = |from: &str| match (self.base.seek(from), self.delta.seek(from)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        frozen.sort_unstable();
        let mut fuzzy: Vec<u32> = Vec::new();
        for prefix in fuzzy_prefixes(text, &seek) {
            let own = exp.prefixed.clone();
            self.base.prefixed(&prefix, |key, t| {
                if !own.contains(&t) && frozen.binary_search(&t).is_err() {
                    fuzzy.push(t);
                    exp.push(Some(t), Quality::Fuzzy, key);
                }
            });
            for (key, _) in self.delta.from(&prefix) {
                if !key.starts_with(&prefix) {
                    break;
                }
                if recent.insert(key) {
                    exp.push(None, Quality::Fuzzy, key.as_bytes());
                }
            }
            // Fuzzy prefixes overlap: keep each term once.
            fuzzy.sort_unstable();
            frozen.append(&mut fuzzy);
            frozen.sort_unstable();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_quality_then_weight() {
        assert_eq!(level(Quality::Exact, Weight::Name), 6);
        assert_eq!(level(Quality::Exact, Weight::Text), 5);
        assert_eq!(level(Quality::Prefix, Weight::Name), 4);
        assert_eq!(level(Quality::Fuzzy, Weight::Text), 1);
        for l in 1..=LEVELS {
            let (q, w) = of_level(l);
            assert_eq!(level(q, w), l);
        }
    }

    #[test]
    fn level_sets_combine() {
        let mut a = LevelSet::new(10);
        a.raise(1, 6);
        a.raise(2, 3);
        let mut b = LevelSet::new(10);
        b.raise(1, 2);
        b.raise(3, 4);
        let mut and = a.clone();
        and.and(&b);
        assert_eq!((and.level(1), and.level(2), and.level(3)), (2, 0, 0));
        a.or(&b);
        assert_eq!((a.level(1), a.level(2), a.level(3)), (6, 3, 4));
    }
}
