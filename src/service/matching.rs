//! "Is this caller already a client?": matching people while the worker types.
//!
//! Every stored record is encrypted, so decrypting every person on every keystroke
//! would be far too slow: the search index (kept in step with every save) finds the
//! candidates, and only those are read and checked against each criterion. The keys
//! folded for the check hold personal data, so they are wiped when dropped.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{Caseline, Result};
use crate::domain::fold::{
    fold, is_spaceless, is_word_char, phone_digits, postcode_key, word_groups, words,
};
use crate::domain::name::run_together;
use crate::domain::{Person, PersonId};
use crate::search::Query;

/// What the worker has typed so far. Empty fields are not used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonQuery {
    /// Any part of any of the person's names: each word typed must begin one of them.
    pub name: String,
    /// Four or more digits of the phone number, written any way.
    pub phone: String,
    /// The start of the postcode (three or more characters), with or without a space.
    pub postcode: String,
}

/// A stored person who may be the caller, with just enough to tell them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMatch {
    pub id: PersonId,
    pub display_name: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    /// Which criteria matched: "name", "phone", "postcode", in that order.
    pub matched_on: Vec<String>,
    /// Higher is a better match: more criteria first, then name over phone over postcode.
    pub score: u32,
}

/// Typed digits needed before the phone is compared.
const MIN_PHONE_DIGITS: usize = 4;
/// Postcode characters needed before the postcode is compared.
const MIN_POSTCODE_CHARS: usize = 3;

const NAME_WEIGHT: u32 = 4;
const PHONE_WEIGHT: u32 = 2;
const POSTCODE_WEIGHT: u32 = 1;
/// Each matching criterion outweighs any mix of weights, so the count ranks first.
const PER_CRITERION: u32 = NAME_WEIGHT + PHONE_WEIGHT + POSTCODE_WEIGHT + 1;

/// One person's keys for matching, folded for the check.
#[derive(Zeroize, ZeroizeOnDrop)]
struct PersonKey {
    /// Folded words of every name ([`words`]).
    words: Vec<String>,
    /// Names in a script written without spaces, folded, with nothing but letters, in
    /// either order of family and given names: "王秀英" matches 王 + 秀英.
    compact: Vec<String>,
    phone_digits: String,
    postcode_key: String,
    display_name: String,
    phone: Option<String>,
    postcode: Option<String>,
}

impl PersonKey {
    fn new(p: &Person) -> PersonKey {
        let family = p.family_name.as_deref().unwrap_or("");
        let mut words_all: Vec<String> = Vec::new();
        // Han, kana and Hangul names also run together, as they are typed: "김민준"
        // is family 김 and given 민준.
        let joined = run_together(&p.given_names, p.family_name.as_deref());
        let names = std::iter::once(p.given_names.as_str())
            .chain(std::iter::once(family))
            .chain(p.other_names.iter().map(String::as_str));
        for name in names.clone().chain(joined.iter().map(String::as_str)) {
            for w in words(name) {
                if !words_all.contains(&w) {
                    words_all.push(w);
                }
            }
        }
        let mut compact: Vec<String> = Vec::new();
        let joined = [
            format!("{} {family}", p.given_names),
            format!("{family} {}", p.given_names),
        ];
        for name in joined.iter().map(String::as_str).chain(names) {
            let c: String = fold(name).chars().filter(|&c| is_word_char(c)).collect();
            if c.chars().any(is_spaceless) && !compact.contains(&c) {
                compact.push(c);
            }
        }
        words_all.shrink_to_fit();
        compact.shrink_to_fit();
        PersonKey {
            words: words_all,
            compact,
            phone_digits: p
                .contact
                .phone
                .as_deref()
                .map(phone_digits)
                .unwrap_or_default(),
            postcode_key: p
                .contact
                .postcode
                .as_deref()
                .map(postcode_key)
                .unwrap_or_default(),
            display_name: p.display_name(),
            phone: p.contact.phone.clone(),
            postcode: p.contact.postcode.clone(),
        }
    }
}

/// A folded term of the typed name.
struct Term {
    text: String,
    /// In a script written without spaces: matched anywhere in a name, not only at the
    /// start of a word.
    spaceless: bool,
}

impl Term {
    fn new(text: String) -> Term {
        let spaceless = text.chars().any(is_spaceless);
        Term { text, spaceless }
    }

    fn matches(&self, key: &PersonKey) -> bool {
        if self.spaceless {
            let t = self.text.as_str();
            key.words.iter().any(|w| w.contains(t)) || key.compact.iter().any(|w| w.contains(t))
        } else {
            key.words.iter().any(|w| w.starts_with(&self.text))
        }
    }
}

/// A word typed in the name: its runs between punctuation, and the whole word without
/// the punctuation. "al-has" matches "Al-Hassan", "Al Hassan" and "Alhassan".
struct Group {
    parts: Vec<Term>,
    joined: Option<Term>,
}

impl Group {
    fn matches(&self, key: &PersonKey) -> bool {
        self.parts.iter().all(|t| t.matches(key))
            || self.joined.as_ref().is_some_and(|t| t.matches(key))
    }
}

/// A query folded once per call.
struct Compiled {
    name: Vec<Group>,
    phone: Option<String>,
    postcode: Option<String>,
}

impl Compiled {
    fn new(q: &PersonQuery) -> Compiled {
        let folded = fold(&q.name);
        let name = word_groups(&folded)
            .into_iter()
            .map(|parts| Group {
                joined: (parts.len() > 1).then(|| Term::new(parts.concat())),
                parts: parts
                    .into_iter()
                    .map(|p| Term::new(p.to_string()))
                    .collect(),
            })
            .collect();
        let phone = Some(phone_digits(&q.phone)).filter(|d| d.len() >= MIN_PHONE_DIGITS);
        let postcode =
            Some(postcode_key(&q.postcode)).filter(|k| k.chars().count() >= MIN_POSTCODE_CHARS);
        Compiled {
            name,
            phone,
            postcode,
        }
    }

    fn is_empty(&self) -> bool {
        self.name.is_empty() && self.phone.is_none() && self.postcode.is_none()
    }

    /// (name, phone, postcode) matched.
    fn test(&self, key: &PersonKey) -> (bool, bool, bool) {
        let name = !self.name.is_empty() && self.name.iter().all(|g| g.matches(key));
        let phone = self
            .phone
            .as_deref()
            .is_some_and(|d| key.phone_digits.contains(d));
        let postcode = self
            .postcode
            .as_deref()
            .is_some_and(|k| key.postcode_key.starts_with(k));
        (name, phone, postcode)
    }
}

fn score((name, phone, postcode): (bool, bool, bool)) -> u32 {
    let weights = [
        (name, NAME_WEIGHT),
        (phone, PHONE_WEIGHT),
        (postcode, POSTCODE_WEIGHT),
    ];
    weights
        .iter()
        .filter(|(hit, _)| *hit)
        .map(|(_, w)| PER_CRITERION + w)
        .sum()
}

/// The criteria of a query, each as a word for the search index.
struct Words {
    name: Option<String>,
    phone: Option<String>,
    postcode: Option<String>,
}

impl Words {
    fn new(q: &PersonQuery, compiled: &Compiled) -> Words {
        // Quoted, so that nothing typed in a name is read as a filter. Letters of
        // scripts written without spaces are looked up one by one: the index pairs
        // letters within a name only, and "王秀英" is family 王 and given 秀英.
        let mut name = String::new();
        for c in q.name.chars().filter(|c| *c != '"') {
            if is_spaceless(c) {
                name.extend([' ', c, ' ']);
            } else {
                name.push(c);
            }
        }
        Words {
            name: (!compiled.name.is_empty()).then(|| format!("\"{name}\"")),
            // The index keeps numbers without the trunk 0, and matches their beginning.
            phone: compiled
                .phone
                .as_deref()
                .map(|d| d.strip_prefix('0').unwrap_or(d).to_string()),
            postcode: compiled.postcode.clone(),
        }
    }

    /// The queries to run, one per set of criteria given, the sets that score most
    /// first: a person matching more criteria is found by an earlier query.
    fn queries(&self) -> Vec<String> {
        let parts = [&self.name, &self.phone, &self.postcode];
        let mut sets: Vec<(u32, String)> = (1u8..8)
            .filter_map(|mask| {
                let chosen: Vec<(usize, &String)> = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(i, p)| p.as_ref().map(|p| (i, p)))
                    .collect::<Option<_>>()?;
                let hits = [0, 1, 2].map(|i| chosen.iter().any(|(j, _)| *j == i));
                let text: Vec<&str> = chosen.iter().map(|(_, p)| p.as_str()).collect();
                Some((score((hits[0], hits[1], hits[2])), text.join(" ")))
            })
            .collect();
        sets.sort_by_key(|s| std::cmp::Reverse(s.0));
        sets.into_iter().map(|(_, text)| text).collect()
    }
}

/// Hits asked of the index per query: enough that the newest of equally good
/// matches are among them.
fn per_query(limit: usize) -> usize {
    limit.saturating_mul(4).saturating_add(32)
}

impl Caseline {
    /// People who may be the caller, best first, at most `limit`.
    ///
    /// A person is listed if any criterion given matches: every word typed in `name`
    /// begins a word of one of their names, or is one typing mistake from one (case,
    /// accents and Arabic vowel marks ignored; in Chinese, Japanese, Thai and the like,
    /// anywhere in the name); the typed phone digits (four or more; spaces, a leading
    /// 0 or +44 ignored) begin their number; the typed postcode (three or more
    /// characters, the space ignored) begins theirs. More criteria rank higher, then
    /// name over phone over postcode, then the most recently created.
    ///
    /// The search index finds the candidates (one query per set of criteria, the
    /// best sets first, until `limit` are found); each is then checked criterion by
    /// criterion, so `matched_on` says exactly what matched.
    pub fn find_people(&self, q: &PersonQuery, limit: usize) -> Result<Vec<PersonMatch>> {
        self.require(crate::service::Operation::ReadCasework)?;
        self.matching(q, limit, true)
    }

    /// Whether someone the actor may not see matches the caller closely (their phone,
    /// or two of name, phone and postcode). A volunteer is told only that, so they can
    /// ask a caseworker; nothing about who it is.
    pub fn caller_elsewhere(&self, q: &PersonQuery) -> Result<bool> {
        self.require(crate::service::Operation::ReadCasework)?;
        if self.sees_everything() {
            return Ok(false);
        }
        let close =
            |m: &PersonMatch| m.matched_on.len() >= 2 || m.matched_on.iter().any(|c| c == "phone");
        Ok(self.matching(q, 5, false)?.iter().any(close))
    }

    /// The people matching `q`: those the actor may see (`visible`), or those they may
    /// not.
    fn matching(&self, q: &PersonQuery, limit: usize, visible: bool) -> Result<Vec<PersonMatch>> {
        let compiled = Compiled::new(q);
        if compiled.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let words = Words::new(q, &compiled);
        let mut seen: HashSet<[u8; 16]> = HashSet::new();
        let mut hits: Vec<(u32, i64, PersonMatch)> = Vec::new();
        for text in words.queries() {
            let Ok(query) = Query::parse(&text) else {
                continue;
            };
            let found = self.search_index(|index| index.search(&query, per_query(limit)))?;
            let Ok(found) = found else {
                continue;
            };
            for hit in &found.people.hits {
                if !seen.insert(hit.doc.id) {
                    continue;
                }
                let Some(person) =
                    super::search_docs::readable(self.vault().get::<Person>(&hit.doc.id))?
                else {
                    continue;
                };
                if self.may_see_person(&person)? != visible {
                    continue;
                }
                if let Some(m) = matched(&person, &compiled, words.name.as_deref()) {
                    hits.push((m.score, person.created_at.timestamp_millis(), m));
                }
            }
            if hits.len() >= limit {
                break;
            }
        }
        hits.sort_by_key(|h| std::cmp::Reverse((h.0, h.1, h.2.id.0)));
        Ok(hits.into_iter().take(limit).map(|(_, _, m)| m).collect())
    }

    /// Loads the search index now, so that the first name typed on a call does not
    /// wait for it. Meant for a background thread straight after unlock.
    pub fn warm_people_cache(&self) -> Result<()> {
        self.warm_search(&mut |_, _| {})
    }
}

/// How a candidate matches the query, criterion by criterion; `None` if not at all.
fn matched(person: &Person, compiled: &Compiled, name: Option<&str>) -> Option<PersonMatch> {
    let key = PersonKey::new(person);
    let (by_rule, phone, postcode) = compiled.test(&key);
    let name = by_rule || name.is_some_and(|n| names_match_loosely(person, n));
    let s = score((name, phone, postcode));
    if s == 0 {
        return None;
    }
    let matched_on = [(name, "name"), (phone, "phone"), (postcode, "postcode")]
        .iter()
        .filter(|(hit, _)| *hit)
        .map(|(_, what)| (*what).to_string())
        .collect();
    Some(PersonMatch {
        id: person.id,
        display_name: key.display_name.clone(),
        phone: key.phone.clone(),
        postcode: key.postcode.clone(),
        matched_on,
        score: s,
    })
}

/// Whether every typed word marks a word of the person's names as the index matches
/// (prefix, or one edit for words of five letters or more). Not for scripts written
/// without spaces, where the stricter rule of [`Term`] holds.
fn names_match_loosely(person: &Person, typed: &str) -> bool {
    if typed.chars().any(is_spaceless) {
        return false;
    }
    let Ok(query) = Query::parse(typed) else {
        return false;
    };
    let joined = run_together(&person.given_names, person.family_name.as_deref());
    let names: Vec<&str> = std::iter::once(person.given_names.as_str())
        .chain(person.family_name.as_deref())
        .chain(person.other_names.iter().map(String::as_str))
        .chain(joined.iter().map(String::as_str))
        .collect();
    query.words.iter().all(|w| {
        Query::parse(&format!("\"{}\"", w.text)).is_ok_and(|one| {
            names
                .iter()
                .any(|n| !crate::search::highlight(n, &one).is_empty())
        })
    })
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
