//! "Is this caller already a client?": matching people while the worker types.
//!
//! Every stored record is encrypted, so decrypting every person on every keystroke
//! would be far too slow. The first lookup reads everyone once and keeps, for each
//! person, pre-folded keys (name words, phone digits, postcode key) and the few details
//! a result shows; later lookups only scan those keys. Recording an intake adds the
//! people it created. The keys hold personal data, so they are wiped when dropped.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{Caseline, Result};
use crate::domain::fold::{
    fold, is_spaceless, is_word_char, phone_digits, postcode_key, word_groups, words,
};
use crate::domain::{Person, PersonId};

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

/// One person's keys for matching, folded once when the cache is built.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct PersonKey {
    #[zeroize(skip)]
    id: PersonId,
    /// Milliseconds since the epoch, for "most recent first".
    #[zeroize(skip)]
    created_ms: i64,
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
        let names = std::iter::once(p.given_names.as_str())
            .chain(std::iter::once(family))
            .chain(p.other_names.iter().map(String::as_str));
        for name in names.clone() {
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
            id: p.id,
            created_ms: p.created_at.timestamp_millis(),
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

impl Caseline {
    /// People who may be the caller, best first, at most `limit`.
    ///
    /// A person is listed if any criterion given matches: every word typed in `name`
    /// begins a word of one of their names (case, accents and Arabic vowel marks
    /// ignored; in Chinese, Japanese, Thai and the like, anywhere in the name); the
    /// typed phone digits (four or more) appear in their phone number; the typed
    /// postcode (three or more characters) begins theirs. More criteria rank higher,
    /// then name over phone over postcode, then the most recently created.
    pub fn find_people(&self, q: &PersonQuery, limit: usize) -> Result<Vec<PersonMatch>> {
        let query = Compiled::new(q);
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut cache = self.people_keys.lock().unwrap_or_else(|p| p.into_inner());
        if cache.is_none() {
            *cache = Some(self.read_people_keys()?);
        }
        let keys = cache.get_or_insert_with(Vec::new);

        let mut hits: Vec<(u32, i64, PersonId, usize)> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let s = score(query.test(key));
            if s > 0 {
                hits.push((s, key.created_ms, key.id, i));
            }
        }
        let order = |a: &(u32, i64, PersonId, usize), b: &(u32, i64, PersonId, usize)| {
            (b.0, b.1, b.2.0).cmp(&(a.0, a.1, a.2.0))
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);

        Ok(hits
            .into_iter()
            .map(|(score, _, _, i)| {
                let key = &keys[i];
                let (name, phone, postcode) = query.test(key);
                let matched_on = [(name, "name"), (phone, "phone"), (postcode, "postcode")]
                    .iter()
                    .filter(|(hit, _)| *hit)
                    .map(|(_, what)| (*what).to_string())
                    .collect();
                PersonMatch {
                    id: key.id,
                    display_name: key.display_name.clone(),
                    phone: key.phone.clone(),
                    postcode: key.postcode.clone(),
                    matched_on,
                    score,
                }
            })
            .collect())
    }

    /// Builds the lookup cache now, so the first name typed on a call does not wait for
    /// every person to be read. Meant for a background thread straight after unlock.
    pub fn warm_people_cache(&self) -> Result<()> {
        let mut cache = self.people_keys.lock().unwrap_or_else(|p| p.into_inner());
        if cache.is_none() {
            *cache = Some(self.read_people_keys()?);
        }
        Ok(())
    }

    /// Keeps the lookup cache in step after people were written: adds them, or replaces
    /// their keys if they were there. Does nothing before the cache is first built.
    pub(crate) fn people_changed(&self, people: &[Person]) {
        let mut cache = self.people_keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(keys) = cache.as_mut() {
            for p in people {
                let key = PersonKey::new(p);
                match keys.iter_mut().find(|k| k.id == p.id) {
                    Some(old) => *old = key,
                    None => keys.push(key),
                }
            }
        }
    }

    fn read_people_keys(&self) -> Result<Vec<PersonKey>> {
        self.people()
            .map(|p| p.map(|p| PersonKey::new(&p)))
            .collect()
    }
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
