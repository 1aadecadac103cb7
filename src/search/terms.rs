//! Cutting text into terms, the same way for what is indexed and for what is typed.
//!
//! Folding (case, accents, NFKC, Arabic marks) is [`crate::domain::fold`]'s; this
//! module adds what search needs on top of it:
//!
//! - scripts written without spaces (Chinese, Japanese, Thai, ...) are indexed as
//!   letter pairs and single letters as well as whole runs, so that any part of a name
//!   typed finds it: a typed run of two or more letters must match each of its pairs;
//! - phone numbers are kept as their digits without the trunk 0 (`+44 7700 900123`,
//!   `07700 900123` and `7700900123` are one term);
//! - postcodes are kept without their space as well as in parts;
//! - references and email addresses are kept whole without their punctuation, from
//!   each part on (`C-2026-0042` gives `c20260042`, `20260042`, `0042`, `42`), so that
//!   the end of one typed as it is said is found.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::doc::Field;
use crate::domain::fold::{
    fold, is_spaceless, phone_digits, postcode_key, word_groups, words_of_folded,
};

/// Typed words shorter than this (in letters) match only exactly or as a prefix.
pub const FUZZY_MIN_LETTERS: usize = 5;

/// The terms of one field's text, appended to `out` (may repeat).
pub(crate) fn index_terms(field: Field, text: &str, out: &mut Vec<String>) {
    match field {
        Field::Phone => {
            if let Some(p) = phone_term(text) {
                out.push(p);
            }
        }
        Field::Postcode => {
            let key = fold(&postcode_key(text));
            if !key.is_empty() {
                out.push(key);
            }
            out.extend(fast_words(text));
        }
        Field::Email | Field::Reference | Field::CrimeReference => {
            out.extend(fast_words(text));
            joined_tails(text, out);
        }
        _ => {
            for w in fast_words(text) {
                if w.chars().any(is_spaceless) {
                    spaceless_pieces(&w, out);
                }
                out.push(w);
            }
        }
    }
}

/// [`fold`], with a shortcut for text that is all ASCII (most narrative and
/// notes), where folding is lower-casing, dropping control characters and a backtick
/// becoming an apostrophe; three Unicode normalisation passes per field were most of
/// the cost of a rebuild. The same result as [`fold`] (tested).
pub(crate) fn fast_fold(text: &str) -> String {
    if !text.is_ascii() {
        return fold(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for b in text.bytes() {
        match b {
            b'\t'..=b'\r' | b' ' => space = !out.is_empty(),
            0..=0x1F | 0x7F => {}
            _ => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(if b == b'`' {
                    '\''
                } else {
                    b.to_ascii_lowercase() as char
                });
            }
        }
    }
    out
}

/// [`crate::domain::fold::words`], with [`fast_fold`]'s shortcut for ASCII text.
pub(crate) fn fast_words(text: &str) -> Vec<String> {
    words_of_folded(&fast_fold(text))
}

/// A phone number as its term: the digits without one leading 0; `None` when there
/// are too few digits to be a number.
pub(crate) fn phone_term(text: &str) -> Option<String> {
    let digits = phone_digits(text);
    let digits = digits.strip_prefix('0').unwrap_or(&digits);
    (digits.len() >= 3).then(|| digits.to_string())
}

/// For text made of parts joined by punctuation: each tail of the parts joined, and
/// each number without its leading zeros.
fn joined_tails(text: &str, out: &mut Vec<String>) {
    let folded = fast_fold(text);
    for group in word_groups(&folded) {
        for start in 1..group.len() {
            out.push(group[start..].concat().nfc().collect());
        }
        for part in &group {
            if part.chars().all(|c| c.is_ascii_digit()) {
                let trimmed = part.trim_start_matches('0');
                if !trimmed.is_empty() && trimmed.len() < part.len() {
                    out.push(trimmed.to_string());
                }
            }
        }
    }
}

/// The letters of a run, each with the marks that follow it (a Thai tone mark stays
/// on its consonant).
fn clusters(run: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in run.char_indices() {
        if i > start && !is_combining_mark(c) {
            out.push(&run[start..i]);
            start = i;
        }
    }
    if start < run.len() {
        out.push(&run[start..]);
    }
    out
}

/// The single letters and letter pairs of the spaceless runs in a folded word.
fn spaceless_pieces(word: &str, out: &mut Vec<String>) {
    for run in spaceless_runs(word) {
        let letters = clusters(run);
        for (i, letter) in letters.iter().enumerate() {
            out.push(letter.to_string());
            if let Some(next) = letters.get(i + 1) {
                out.push(format!("{letter}{next}"));
            }
        }
    }
}

/// The maximal runs of spaceless letters (with their marks) in a folded word.
fn spaceless_runs(word: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in word.char_indices() {
        let inside = is_spaceless(c) || (start.is_some() && is_combining_mark(c));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(&word[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(&word[s..]);
    }
    runs
}

/// One piece of a typed word that must be found in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gram {
    pub text: String,
    /// Whether terms one edit away also count.
    pub fuzzy: bool,
}

impl Gram {
    fn plain(text: String) -> Gram {
        let fuzzy = text.chars().count() >= FUZZY_MIN_LETTERS
            && !text.chars().any(|c| c.is_numeric() || is_spaceless(c));
        Gram { text, fuzzy }
    }

    fn exact_only(text: String) -> Gram {
        Gram { text, fuzzy: false }
    }
}

/// The ways a typed word can match: it matches when every gram of at least one
/// alternative does. Empty when the word has nothing to search for (punctuation).
pub(crate) fn query_forms(raw: &str) -> Vec<Vec<Gram>> {
    if is_numeric_chunk(raw) {
        return numeric_forms(raw);
    }
    let folded = fold(raw);
    let mut alternatives: Vec<Vec<Gram>> = Vec::new();
    let mut parts_alt: Vec<Gram> = Vec::new();
    let mut joined = String::new();
    let mut part_count = 0;
    for group in word_groups(&folded) {
        for part in group {
            part_count += 1;
            joined.push_str(part);
            parts_alt.extend(part_grams(part));
        }
    }
    if part_count == 0 {
        return alternatives;
    }
    if part_count > 1 {
        let joined: String = joined.nfc().collect();
        alternatives.push(part_grams(&joined));
    }
    alternatives.push(parts_alt);
    alternatives.dedup();
    alternatives
}

/// The grams of one part: a run of spaceless letters must match each of its letter
/// pairs; anything else is one gram.
fn part_grams(part: &str) -> Vec<Gram> {
    if !part.chars().any(is_spaceless) {
        return vec![Gram::plain(part.to_string())];
    }
    let mut grams = Vec::new();
    let mut rest = part;
    for run in spaceless_runs(part) {
        // Text before the run (a Latin prefix of a mixed word) is a gram of its own.
        if let Some(pos) = rest.find(run) {
            if pos > 0 {
                grams.push(Gram::plain(rest[..pos].to_string()));
            }
            rest = &rest[pos + run.len()..];
        }
        let letters = clusters(run);
        if letters.len() == 1 {
            grams.push(Gram::exact_only(run.to_string()));
        }
        for pair in letters.windows(2) {
            grams.push(Gram::exact_only(pair.concat()));
        }
    }
    if !rest.is_empty() {
        grams.push(Gram::plain(rest.to_string()));
    }
    grams
}

/// Whether typed text is a number as people write phone numbers: digits with
/// perhaps a leading `+`, brackets, dashes, dots or spaces.
pub(crate) fn is_numeric_chunk(raw: &str) -> bool {
    let text: String = raw.nfkc().collect();
    let mut digits = 0;
    for c in text.chars() {
        match c {
            c if c.is_numeric() => digits += 1,
            c if c.is_whitespace() => {}
            '+' | '(' | ')' | '-' | '.' | '/' => {}
            _ => return false,
        }
    }
    digits > 0
}

/// A typed number: its digits as written (a case or crime reference, a house number)
/// or, as a phone number, without the trunk 0 or the +44.
fn numeric_forms(raw: &str) -> Vec<Vec<Gram>> {
    // Digit by digit, so that a leading 00 or +44 is kept as typed.
    let digits: String = raw
        .chars()
        .filter(|c| c.is_numeric())
        .map(|c| phone_digits(c.encode_utf8(&mut [0; 4])))
        .collect();
    let mut alternatives = Vec::new();
    if !digits.is_empty() {
        alternatives.push(vec![Gram::exact_only(digits.clone())]);
    }
    let phone = phone_digits(raw);
    let phone = phone.strip_prefix('0').unwrap_or(&phone).to_string();
    if phone.len() >= 3 && phone != digits {
        alternatives.push(vec![Gram::exact_only(phone)]);
    }
    alternatives
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fold::words;

    fn terms(field: Field, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        index_terms(field, text, &mut out);
        out
    }

    fn grams(raw: &str) -> Vec<Vec<String>> {
        query_forms(raw)
            .into_iter()
            .map(|alt| alt.into_iter().map(|g| g.text).collect())
            .collect()
    }

    #[test]
    fn names_fold() {
        assert_eq!(terms(Field::Name, "Mohammed KHAN"), ["mohammed", "khan"]);
        assert!(terms(Field::Name, "Al-Hassan").contains(&"alhassan".to_string()));
        assert_eq!(terms(Field::Name, "Zoë"), ["zoe"]);
    }

    #[test]
    fn spaceless_names_give_pairs_and_letters() {
        let t = terms(Field::Name, "王秀英");
        for piece in ["王秀英", "王", "秀", "英", "王秀", "秀英"] {
            assert!(t.contains(&piece.to_string()), "{piece} in {t:?}");
        }
        // A Thai tone mark stays with its consonant.
        let t = terms(Field::Name, "ก่ข");
        assert!(t.contains(&"ก่".to_string()), "{t:?}");
        assert!(t.contains(&"ก่ข".to_string()), "{t:?}");
        assert_eq!(grams("秀英"), [["秀英"]]);
        assert_eq!(grams("王秀英"), [["王秀", "秀英"]]);
        assert_eq!(grams("秀"), [["秀"]]);
    }

    #[test]
    fn phones_lose_trunk_zero() {
        assert_eq!(terms(Field::Phone, "07700 900123"), ["7700900123"]);
        assert_eq!(terms(Field::Phone, "+44 7700 900123"), ["7700900123"]);
        assert!(terms(Field::Phone, "call").is_empty());
        assert_eq!(
            grams("07700900123"),
            [vec!["07700900123"], vec!["7700900123"]]
        );
        assert_eq!(
            grams("+447700900123"),
            [vec!["447700900123"], vec!["7700900123"]]
        );
        assert_eq!(grams("0042"), [vec!["0042"], vec!["042"]]);
    }

    #[test]
    fn postcodes_with_and_without_space() {
        let t = terms(Field::Postcode, "KT1 2AB");
        for piece in ["kt12ab", "kt1", "2ab"] {
            assert!(t.contains(&piece.to_string()), "{piece} in {t:?}");
        }
    }

    #[test]
    fn references_from_each_part() {
        let t = terms(Field::Reference, "C-2026-0042");
        for piece in ["c20260042", "20260042", "0042", "42", "2026", "c"] {
            assert!(t.contains(&piece.to_string()), "{piece} in {t:?}");
        }
        assert_eq!(
            grams("C-2026-0042"),
            [vec!["c20260042"], vec!["c", "2026", "0042"]]
        );
    }

    #[test]
    fn fuzzy_only_for_long_words_of_letters() {
        let forms = query_forms("mohamed");
        assert!(forms[0][0].fuzzy);
        assert!(query_forms("moham")[0][0].fuzzy);
        assert!(!query_forms("moha")[0][0].fuzzy);
        assert!(!query_forms("ab123cd")[0][0].fuzzy);
    }

    #[test]
    fn ascii_shortcut_is_the_same_as_folding() {
        for s in [
            "  Mohammed\tKHAN\r\n",
            "O`Brien",
            "a\x01b\x7fc",
            "Al-Hassan, O'Brien.",
            "",
        ] {
            assert_eq!(fast_fold(s), fold(s), "{s:?}");
            assert_eq!(fast_words(s), words(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_shortcut_agrees(s in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(fast_fold(&s), fold(&s));
            proptest::prop_assert_eq!(fast_words(&s), words(&s));
        }

        #[test]
        fn shortcut_agrees_on_anything(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(fast_words(&s), words(&s));
        }
    }

    #[test]
    fn punctuation_alone_is_nothing() {
        assert!(query_forms("--").is_empty());
        assert!(query_forms("'").is_empty());
        assert!(is_numeric_chunk("(020)"));
        assert!(!is_numeric_chunk("+"));
        assert!(!is_numeric_chunk("a1"));
    }
}
