//! Saying how each word matched each result, and where to mark it in shown text.
//!
//! The index keeps no list of each document's terms (at a million documents that
//! would cost more than the postings), so the terms a word matched in a result are
//! found by checking the word's expansion against the result's postings, exact terms
//! first. A one-letter word can expand to tens of thousands of terms; the check stops
//! after [`PROBES`] of them, so its `terms` may then be empty while its quality and
//! field weight are still right. [`highlight`] gives the spans to mark in any text
//! the interface shows, by the same rules as the index.

use std::ops::Range;

use super::Field;
use super::dict::list_of;
use super::doc::Weight;
use super::index::SearchIndex;
use super::matcher::{Expansion, Matched, Quality, of_level};
use super::query::Query;
use super::rank::{Results, WordMatch};
use super::terms::{Gram, index_terms};
use crate::domain::fold::is_word_char;

/// How many of a word's terms are checked against one result.
pub const PROBES: usize = 1024;

/// How many matched terms are reported for a word.
const MAX_TERMS: usize = 3;

impl SearchIndex {
    /// Fills in [`Hit::matches`].
    pub(crate) fn report(&self, matched: &Matched, results: &mut Results) {
        for hit in results
            .people
            .hits
            .iter_mut()
            .chain(results.organisations.hits.iter_mut())
        {
            let Some(d) = self.table.find(&hit.doc) else {
                continue;
            };
            hit.matches = (0..matched.words.len())
                .filter_map(|i| self.word_match(matched, i, d, matched.words[i].level(d)))
                .collect();
        }
        for hit in &mut results.cases.hits {
            let Some(c) = self.table.find(&hit.doc) else {
                continue;
            };
            hit.matches = (0..matched.words.len())
                .filter_map(|i| match self.case_level(&matched.words[i], c) {
                    (level, Some(via)) => self.word_match(matched, i, via, level),
                    _ => None,
                })
                .collect();
        }
    }

    /// How word `i` matched document `d` at `level`.
    fn word_match(&self, matched: &Matched, i: usize, d: u32, level: usize) -> Option<WordMatch> {
        if level == 0 {
            return None;
        }
        let (quality, weight) = of_level(level);
        let mut terms: Vec<String> = Vec::new();
        let mut probes = 0;
        'alts: for alt in &matched.expansions[i] {
            for exp in alt {
                if self.matched_terms(exp, d, quality, weight, &mut probes, &mut terms) {
                    break 'alts;
                }
            }
        }
        Some(WordMatch {
            word: i,
            quality,
            weight,
            via: self.table.doc_ref(d)?,
            terms,
        })
    }

    /// Adds the terms of `exp` of this quality whose `weight` list holds `d`; `true`
    /// when no more are wanted.
    fn matched_terms(
        &self,
        exp: &Expansion,
        d: u32,
        quality: Quality,
        weight: Weight,
        probes: &mut usize,
        out: &mut Vec<String>,
    ) -> bool {
        for e in exp.terms.iter().filter(|e| e.quality == quality) {
            if *probes >= PROBES || out.len() >= MAX_TERMS {
                return true;
            }
            *probes += 1;
            let key = exp.key(e);
            if key.is_empty() {
                continue;
            }
            let holds = match e.frozen {
                Some(t) => {
                    !self.stale.contains(d) && self.base.lists.contains(list_of(t, weight), d)
                }
                None => self
                    .delta
                    .terms
                    .get(exp.key(e))
                    .is_some_and(|l| l.of(weight).binary_search(&d).is_ok()),
            };
            if holds && !out.iter().any(|t| t == key) {
                out.push(key.to_string());
            }
        }
        false
    }
}

/// The byte ranges of `text` to mark for a query: each word of the text (as the
/// index cuts it) that a query word matches exactly, as a prefix, or within one edit.
/// For text the interface shows, so it need not be indexed.
pub fn highlight(text: &str, query: &Query) -> Vec<Range<usize>> {
    let grams: Vec<&Gram> = query
        .words
        .iter()
        .flat_map(|w| w.forms.iter().flatten())
        .collect();
    let mut out = Vec::new();
    let mut start = None;
    let mut spans = Vec::new();
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let mut terms = Vec::new();
    for mut span in spans {
        // Marks cover the word, not the punctuation around it ("Khan," marks "Khan").
        let word = &text[span.clone()];
        let Some(first) = word.find(is_word_char) else {
            continue;
        };
        let last = word
            .char_indices()
            .rfind(|(_, c)| is_word_char(*c))
            .map_or(word.len(), |(i, c)| i + c.len_utf8());
        span = span.start + first..span.start + last;
        terms.clear();
        index_terms(Field::Name, &text[span.clone()], &mut terms);
        let phone = super::terms::phone_term(&text[span.clone()]);
        let hit = grams
            .iter()
            .any(|g| terms.iter().chain(phone.iter()).any(|t| gram_matches(g, t)));
        if hit {
            out.push(span);
        }
    }
    out
}

/// Whether a gram matches a term by the index's rules.
fn gram_matches(gram: &Gram, term: &str) -> bool {
    if term.starts_with(&gram.text) {
        return true;
    }
    gram.fuzzy && {
        let t: Vec<char> = term.chars().collect();
        (0..=t.len())
            .any(|k| super::fuzzy::distance(&gram.text, &t[..k].iter().collect::<String>()) <= 1)
    }
}
