//! Matching rules: prefixes, all words, one typing mistake, scripts, phones,
//! postcodes, references.

use crate::search_support::*;
use caseline::search::{Field, Quality};

fn names() -> Vec<caseline::search::Doc> {
    vec![
        person(1, "Mohammed Khan"),
        person(2, "Amina Hassan"),
        person(3, "Mohammed Begum"),
        person(4, "Khalid Mahmood"),
        person(5, "王秀英"),
        person(6, "محمد عبد الله"),
        person(7, "عمران خان"),
        person(8, "রহিমা বেগম"),
        person(9, "Łukasz Wójcik"),
        person(10, "Al-Hassan"),
    ]
}

#[test]
fn every_word_is_a_prefix() {
    let docs = names();
    assert_eq!(found(&docs, "moh kha"), [1]);
    assert_eq!(found(&docs, "kha moh"), [1]);
    let mut moh = found(&docs, "moh");
    moh.sort();
    assert_eq!(moh, [1, 3]);
    assert_eq!(found(&docs, "MOHAMMED KHAN"), [1]);
    assert!(found(&docs, "moh zzz").is_empty());
}

#[test]
fn long_words_forgive_one_mistake() {
    let docs = names();
    // One letter left out of the name, as Mohamed for Mohammed.
    assert_eq!(found(&docs, "mohamed khan"), [1]);
    // Swapped letters.
    assert_eq!(found(&docs, "mohmamed khan"), [1]);
    // Changed letter.
    assert_eq!(found(&docs, "amina hassen"), [2]);
    // Short words must be right.
    assert!(found(&docs, "kahn").is_empty());
    // Two mistakes are too many.
    assert!(found(&docs, "mohmed kahn").is_empty());
}

#[test]
fn fuzzy_ranks_below_exact() {
    let docs = vec![person(1, "Mohammed"), person(2, "Mohamed")];
    let r = search(&index(&docs), "mohamed");
    assert_eq!(people(&r), [2, 1]);
    assert_eq!(r.people.hits[0].matches[0].quality, Quality::Exact);
    assert_eq!(r.people.hits[1].matches[0].quality, Quality::Fuzzy);
    assert_eq!(r.people.hits[1].matches[0].terms, ["mohammed"]);
}

#[test]
fn names_in_other_scripts() {
    let docs = names();
    assert_eq!(found(&docs, "王秀英"), [5]);
    // Any part typed finds a name written without spaces.
    assert_eq!(found(&docs, "秀英"), [5]);
    assert_eq!(found(&docs, "秀"), [5]);
    assert_eq!(found(&docs, "英"), [5]);
    assert!(found(&docs, "英秀").is_empty());
    // Arabic, with or without vowel marks.
    assert_eq!(found(&docs, "مُحَمَّد"), [6]);
    assert_eq!(found(&docs, "محم"), [6]);
    // Urdu.
    assert_eq!(found(&docs, "عمران"), [7]);
    assert_eq!(found(&docs, "خان"), [7]);
    // Bengali.
    assert_eq!(found(&docs, "বেগম"), [8]);
    assert_eq!(found(&docs, "রহি"), [8]);
    // Accents and letters with no decomposition fold.
    assert_eq!(found(&docs, "lukasz wojcik"), [9]);
    assert_eq!(found(&docs, "ŁUKASZ"), [9]);
}

#[test]
fn punctuation_in_names() {
    let docs = names();
    let mut hassan = found(&docs, "hassan");
    hassan.sort();
    assert_eq!(hassan, [2, 10]);
    assert_eq!(found(&docs, "al-hassan"), [10]);
    assert_eq!(found(&docs, "alhassan"), [10]);
    assert_eq!(found(&docs, "al hassan"), [10]);
}

#[test]
fn phones_ignore_spaces_and_trunk_zero() {
    let docs = vec![
        person(1, "Amina Hassan").field(Field::Phone, "07700 900123"),
        person(2, "Bo").field(Field::Phone, "+44 20 7946 0000"),
    ];
    for typed in [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900 123",
        "7700 900123",
        "07700",
        "077009",
        "(07700) 900-123",
    ] {
        assert_eq!(found(&docs, typed), [1], "{typed}");
    }
    assert_eq!(found(&docs, "020 7946 0000"), [2]);
    assert_eq!(found(&docs, "02079460000"), [2]);
    // A near number is someone else's: no fuzzy matching on digits.
    assert!(found(&docs, "07700 900124").is_empty());
}

#[test]
fn postcodes_with_or_without_space() {
    let docs = vec![
        person(1, "Amina").field(Field::Postcode, "KT1 2AB"),
        person(2, "Bo").field(Field::Postcode, "KT12 3CD"),
    ];
    assert_eq!(found(&docs, "KT1 2AB"), [1]);
    assert_eq!(found(&docs, "kt12ab"), [1]);
    assert_eq!(found(&docs, "kt1 2"), [1]);
    let mut both = found(&docs, "kt1");
    both.sort();
    assert_eq!(both, [1, 2]);
    assert_eq!(found(&docs, "kt12 3cd"), [2]);
    assert_eq!(found(&docs, "KT123CD"), [2]);
}

#[test]
fn references_as_said() {
    let docs = vec![
        case(1, "C-2026-0042", "housing", "open"),
        case(2, "C-2025-0420", "housing", "open"),
    ];
    let i = index(&docs);
    for typed in [
        "C-2026-0042",
        "c20260042",
        "2026-0042",
        "2026 0042",
        "c-2026-00",
    ] {
        assert_eq!(cases(&search(&i, typed)), [1], "{typed}");
    }
    assert_eq!(cases(&search(&i, "C-2025-0420")), [2]);
}

#[test]
fn crime_references_and_emails() {
    let docs = vec![
        incident(10, 1, "Shouted at on the bus").field(Field::CrimeReference, "MPS/2026/12345"),
        case(1, "C-2026-0001", "hate_crime", "open"),
        person(2, "Amina").field(Field::Email, "amina.hassan@example.org"),
    ];
    let i = index(&docs);
    assert_eq!(cases(&search(&i, "12345")), [1]);
    assert_eq!(cases(&search(&i, "mps/2026/12345")), [1]);
    assert_eq!(cases(&search(&i, "2026/12345")), [1]);
    assert_eq!(people(&search(&i, "amina.hassan@ex")), [2]);
    assert_eq!(people(&search(&i, "hassan@example.org")), [2]);
}
