//! Running a query: filters, groups, ranking, the best few of each group.
//!
//! People and organisations are found by their own documents: every word must match
//! the same document. A case is found by all the documents that count for it (itself,
//! its incidents and timeline entries, the people and organisations linked to it):
//! every word must match one of them, not necessarily the same, so that "khan bus"
//! finds Mr Khan's case about the bus stop. Within a group the score is the sum over
//! the words of their levels (see [`super::matcher`]); ties go to the most recent.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;
use roaring::RoaringBitmap;
use zeroize::Zeroize;

use super::bits::Bits;
use super::doc::{DocKind, DocRef, Weight, day_date, day_number};
use super::facets::hex;
use super::filter::{ANY_FLAG, FilterKind, Parsed, Problem, QueryError, code_matches};
use super::index::SearchIndex;
use super::matcher::{LEVELS, LevelSet, Matched, Quality};
use super::query::Query;

/// What a search found, by group.
#[derive(Debug, Default)]
pub struct Results {
    pub people: GroupHits,
    pub cases: GroupHits,
    pub organisations: GroupHits,
}

/// The best hits of one group, best first, and how many there were in all.
#[derive(Debug, Default)]
pub struct GroupHits {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One result.
#[derive(Debug)]
pub struct Hit {
    pub doc: DocRef,
    /// The sum of the words' levels (6 an exact name match ... 1 a fuzzy text match).
    pub score: u32,
    pub recency: Option<NaiveDate>,
    /// How each word matched, in word order.
    pub matches: Vec<WordMatch>,
}

/// How one typed word matched a result, so that the interface can mark it (for
/// example with a sign beside the field, not only by colour).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    /// The word's position in [`Query::words`].
    pub word: usize,
    pub quality: Quality,
    pub weight: Weight,
    /// The document the word matched: the result itself, or for a case one of its
    /// incidents, timeline entries, people or organisations.
    pub via: DocRef,
    /// Terms of that document the word matched (folded), best first; may be empty
    /// when a very short word matched too many terms to look through.
    pub terms: Vec<String>,
}

impl Drop for WordMatch {
    fn drop(&mut self) {
        for t in &mut self.terms {
            t.zeroize();
        }
    }
}

/// The groups in the order of [`Results`]' fields, by the kind a group shows.
const GROUPS: [DocKind; 3] = [DocKind::Person, DocKind::Case, DocKind::Organisation];

/// One condition per filter kind used; a document must meet all.
enum Cond {
    Docs(RoaringBitmap),
    Since(u16),
}

impl SearchIndex {
    /// Runs a query, returning at most `per_group` hits in each group. Errors for a
    /// kind, strand or flag value no document has, or an unresolved `worker:`.
    pub fn search(&self, query: &Query, per_group: usize) -> Result<Results, QueryError> {
        let conds = self.conditions(query)?;
        if query.is_empty() {
            return Ok(Results::default());
        }
        let matched = self.match_words(&query.words);
        let live = &self.table.live;
        let mut tops = [(); 3].map(|_| Top::new(per_group));
        let applies = GROUPS.map(|kind| query.filters.iter().all(|f| f.kind.applies_to(kind)));
        if query.words.is_empty() {
            for ((kind, top), applies) in GROUPS.into_iter().zip(&mut tops).zip(applies) {
                if !applies {
                    continue;
                }
                for d in self.docs_of(kind, live) {
                    if self.passes(&conds, d) {
                        top.push(0, self.table.recency(d), d);
                    }
                }
            }
            let results = self.results(&matched, tops);
            self.pool.give(matched.into_bits());
            return Ok(results);
        }
        let mut all = self.pool.copy(live);
        for w in &matched.words {
            all.and(w.any());
        }
        for (kind, top) in [(DocKind::Person, 0), (DocKind::Organisation, 2)] {
            if !applies[top] {
                continue;
            }
            for d in self.docs_of(kind, &all) {
                if self.passes(&conds, d) {
                    tops[top].push(score(&matched.words, d), self.table.recency(d), d);
                }
            }
        }
        if applies[1] {
            self.find_cases(&matched.words, &conds, &mut tops[1]);
        }
        let results = self.results(&matched, tops);
        self.pool.give([all]);
        self.pool.give(matched.into_bits());
        Ok(results)
    }

    /// Cases that every word matches through one of their documents, scored. The
    /// word that matches fewest documents is mapped to cases document by document;
    /// each other word is then checked against the documents of the cases left, or,
    /// when that would be more work, mapped whole too.
    fn find_cases(&self, words: &[LevelSet], conds: &[Cond], top: &mut Top) {
        let mut order: Vec<(usize, usize)> =
            words.iter().map(|w| w.any().count()).zip(0..).collect();
        order.sort_unstable();
        let Some(&(_, seed)) = order.first() else {
            return;
        };
        let seed = self.case_levels(&words[seed]);
        let mut found = self.pool.copy(&self.table.live);
        found.and(seed.any());
        let mut cases: Vec<(u32, u32)> = self
            .docs_of(DocKind::Case, &found)
            .filter(|c| self.passes(conds, *c))
            .map(|c| (c, seed.level(c) as u32))
            .collect();
        self.pool.give(seed.into_bits());
        self.pool.give([found]);
        for &(docs, i) in &order[1..] {
            if cases.len().saturating_mul(self.members.per_case()) > docs {
                let mapped = self.case_levels(&words[i]);
                cases.retain_mut(|(c, score)| {
                    let level = mapped.level(*c) as u32;
                    *score += level;
                    level > 0
                });
                self.pool.give(mapped.into_bits());
            } else {
                cases.retain_mut(|(c, score)| {
                    let level = self.case_level(&words[i], *c).0 as u32;
                    *score += level;
                    level > 0
                });
            }
        }
        for (c, score) in cases {
            top.push(score, self.table.recency(c), c);
        }
    }

    /// A word's level for a case, the best among the documents that count for it, and
    /// the document that has it.
    pub(crate) fn case_level(&self, word: &LevelSet, case: u32) -> (usize, Option<u32>) {
        let mut best = (word.level(case), Some(case));
        for d in self.members.of(case) {
            if best.0 == LEVELS {
                break;
            }
            let level = word.level(d);
            if level > best.0 && self.table.live.get(d) && self.table.links(d).any(|c| c == case) {
                best = (level, Some(d));
            }
        }
        if best.0 == 0 { (0, None) } else { best }
    }

    /// The members of `set` of one kind: a range of the ordered part, then any
    /// added since.
    fn docs_of<'a>(&'a self, kind: DocKind, set: &'a Bits) -> impl Iterator<Item = u32> + 'a {
        let range = self.table.kind_range(kind);
        set.iter_range(range.start, range.end).chain(
            set.iter_range(self.table.sorted, self.table.len())
                .filter(move |d| self.table.kind(*d) == Some(kind)),
        )
    }

    fn results(&self, matched: &Matched, tops: [Top; 3]) -> Results {
        let [people, cases, orgs] = tops.map(|t| {
            let total = t.total;
            let hits = t
                .into_sorted()
                .into_iter()
                .filter_map(|(score, recency, d)| {
                    Some(Hit {
                        doc: self.table.doc_ref(d)?,
                        score,
                        recency: day_date(recency),
                        matches: Vec::new(),
                    })
                })
                .collect();
            GroupHits { total, hits }
        });
        let mut results = Results {
            people,
            cases,
            organisations: orgs,
        };
        self.report(matched, &mut results);
        results
    }

    /// A word's level for every case at once: each document it matches, mapped to
    /// its cases.
    fn case_levels(&self, set: &LevelSet) -> LevelSet {
        let n = self.table.len() as usize;
        let mut raw: Vec<Bits> = (0..LEVELS).map(|_| self.pool.take(n)).collect();
        let case = DocKind::Case.code();
        set.for_each(&self.table.live, |d, level| {
            let Some(at) = raw.get_mut(level - 1) else {
                return;
            };
            if self.table.kinds.get(d as usize) == Some(&case) {
                at.set(d);
            } else {
                for c in self.table.links(d) {
                    at.set(c);
                }
            }
        });
        LevelSet::from_raw(raw)
    }

    /// The filters as conditions on documents.
    fn conditions(&self, query: &Query) -> Result<Vec<Cond>, QueryError> {
        let mut conds = Vec::new();
        for kind in FilterKind::ALL {
            let filters: Vec<_> = query.filters.iter().filter(|f| f.kind == kind).collect();
            if filters.is_empty() {
                continue;
            }
            if kind == FilterKind::Since {
                let earliest = filters.iter().filter_map(|f| match f.parsed {
                    Parsed::Since(d) => Some(d),
                    _ => None,
                });
                conds.push(Cond::Since(day_number(earliest.min())));
                continue;
            }
            let mut docs = RoaringBitmap::new();
            for f in filters {
                let codes: Vec<String> = match &f.parsed {
                    Parsed::Statuses(s) => s.iter().map(|s| s.to_string()).collect(),
                    Parsed::Workers(ids) => ids.iter().map(hex).collect(),
                    Parsed::WorkerName(_) => return Err(f.error(Problem::WorkerNotResolved)),
                    Parsed::Code(typed) => self
                        .codes_for(kind, typed)
                        .map_err(|known| f.error(Problem::NoSuchCode(kind, known)))?,
                    Parsed::Since(_) => Vec::new(),
                };
                for code in codes {
                    if let Some(d) = self.facets.docs(kind, &code) {
                        docs |= d;
                    }
                }
            }
            conds.push(Cond::Docs(docs));
        }
        Ok(conds)
    }

    /// The codes in the index a typed value matches, or the codes there are.
    fn codes_for(&self, kind: FilterKind, typed: &str) -> Result<Vec<String>, Vec<String>> {
        let all: Vec<String> = self.facets.codes(kind).map(str::to_string).collect();
        if kind == FilterKind::Flag && ANY_FLAG.starts_with(typed) && typed.len() >= 4 {
            return Ok(all);
        }
        let found: Vec<String> = all
            .iter()
            .filter(|c| code_matches(typed, c))
            .cloned()
            .collect();
        if found.is_empty() {
            Err(all.into_iter().take(12).collect())
        } else {
            Ok(found)
        }
    }

    /// Whether a document meets every condition itself: not through the cases it is
    /// linked to, which are results of their own (see [`FilterKind::applies_to`]).
    fn passes(&self, conds: &[Cond], d: u32) -> bool {
        conds.iter().all(|c| self.holds(c, d))
    }

    fn holds(&self, cond: &Cond, d: u32) -> bool {
        match cond {
            Cond::Docs(docs) => docs.contains(d),
            Cond::Since(day) => {
                let date = self.table.date(d);
                date != 0 && date >= *day
            }
        }
    }
}

/// A document's score: the sum of its levels for each word.
fn score(sets: &[LevelSet], d: u32) -> u32 {
    sets.iter().map(|s| s.level(d) as u32).sum()
}

/// The best `n` of a stream of `(score, recency, doc)`, and a count of all.
struct Top {
    n: usize,
    total: usize,
    heap: BinaryHeap<Reverse<(u32, u16, Reverse<u32>)>>,
}

impl Top {
    fn new(n: usize) -> Top {
        Top {
            n,
            total: 0,
            // Room for what a screen asks; a larger `n` (a limit from a client) grows
            // with the hits there are, never allocated up front.
            heap: BinaryHeap::with_capacity(n.min(1024) + 1),
        }
    }

    fn push(&mut self, score: u32, recency: u16, doc: u32) {
        self.total += 1;
        if self.n == 0 {
            return;
        }
        let key = (score, recency, Reverse(doc));
        if self.heap.len() < self.n {
            self.heap.push(Reverse(key));
        } else if self.heap.peek().is_some_and(|Reverse(min)| key > *min) {
            self.heap.pop();
            self.heap.push(Reverse(key));
        }
    }

    /// Best first.
    fn into_sorted(self) -> Vec<(u32, u16, u32)> {
        let mut v: Vec<_> = self.heap.into_iter().map(|Reverse(k)| k).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v.into_iter().map(|(s, r, Reverse(d))| (s, r, d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keeps_the_best() {
        let mut t = Top::new(2);
        t.push(3, 10, 1);
        t.push(5, 1, 2);
        t.push(3, 20, 3);
        t.push(1, 99, 4);
        assert_eq!(t.total, 4);
        assert_eq!(t.into_sorted(), [(5, 1, 2), (3, 20, 3)]);
        let mut none = Top::new(0);
        none.push(1, 1, 1);
        assert_eq!((none.total, none.into_sorted().len()), (1, 0));
    }
}
