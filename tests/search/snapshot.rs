//! Snapshots: bytes out and back give the same answers; damaged, truncated or random
//! bytes give an error, never a panic.

use crate::search_support::*;
use caseline::search::{Doc, Field, SearchIndex, SnapshotError};
use proptest::prelude::*;

fn docs() -> Vec<Doc> {
    vec![
        person(1, "Mohammed Khan")
            .field(Field::Phone, "07700 900123")
            .field(Field::Postcode, "KT1 2AB")
            .case(id(10)),
        person(2, "王秀英").case(id(11)).case(id(10)),
        case(10, "C-2026-0010", "hate_crime", "open"),
        case(11, "C-2026-0011", "housing", "closed"),
        incident(20, 10, "At the bus stop on Clarence Street"),
        entry(21, 11, "Phoned the council about repairs"),
        organisation(30, "Kingston Council"),
    ]
}

const QUERIES: [&str; 8] = [
    "moh",
    "07700 900123",
    "kt12ab",
    "秀英",
    "bus",
    "council kind:housing",
    "mohamed",
    "status:open",
];

fn same_answers(a: &SearchIndex, b: &SearchIndex) {
    for q in QUERIES {
        let (x, y) = (search(a, q), search(b, q));
        assert_eq!(people(&x), people(&y), "{q}");
        assert_eq!(cases(&x), cases(&y), "{q}");
        assert_eq!(orgs(&x), orgs(&y), "{q}");
        assert_eq!(x.cases.total, y.cases.total, "{q}");
    }
}

#[test]
fn round_trip() {
    let i = index(&docs());
    let bytes = i.to_bytes();
    let back = SearchIndex::from_bytes(&bytes).expect("loads");
    same_answers(&i, &back);
    assert_eq!(back.stats().documents, i.stats().documents);
    // The same bytes again: nothing depends on hash order.
    assert_eq!(*back.to_bytes(), *bytes);
}

#[test]
fn round_trip_with_recent_changes() {
    let mut i = index(&docs());
    i.upsert(&person(3, "Amina Hassan").case(id(11)));
    i.upsert(&person(1, "Mohammed Begum").case(id(10)));
    i.remove(&caseline::search::DocRef::new(
        caseline::search::DocKind::TimelineEntry,
        id(21),
    ));
    let back = SearchIndex::from_bytes(&i.to_bytes()).expect("loads");
    same_answers(&i, &back);
    assert_eq!(people(&search(&back, "amina")), [3]);
    assert!(people(&search(&back, "khan")).is_empty());
    assert!(cases(&search(&back, "repairs")).is_empty());
    // And it can go on changing after loading.
    let mut back = back;
    back.upsert(&person(4, "Bo Smith"));
    back.compact();
    assert_eq!(people(&search(&back, "bo")), [4]);
    assert_eq!(people(&search(&back, "begum")), [1]);
}

#[test]
fn empty_index_round_trips() {
    let i = SearchIndex::new();
    let back = SearchIndex::from_bytes(&i.to_bytes()).expect("loads");
    assert!(back.is_empty());
}

#[test]
fn wrong_bytes_are_refused() {
    let bytes = index(&docs()).to_bytes();
    assert_eq!(
        SearchIndex::from_bytes(b"").err(),
        Some(SnapshotError::NotASnapshot)
    );
    assert_eq!(
        SearchIndex::from_bytes(b"hello world").err(),
        Some(SnapshotError::NotASnapshot)
    );
    let mut other = bytes.to_vec();
    other[4] = 99;
    assert_eq!(
        SearchIndex::from_bytes(&other).err(),
        Some(SnapshotError::Version(99))
    );
    // Version 1 cut names in Han, kana and Hangul without their parts run together:
    // its snapshot is refused, so that the index is built again from the records.
    other[4] = 1;
    assert_eq!(
        SearchIndex::from_bytes(&other).err(),
        Some(SnapshotError::Version(1))
    );
    for cut in [5, 20, 48, bytes.len() / 2, bytes.len() - 1] {
        assert_eq!(
            SearchIndex::from_bytes(&bytes[..cut]).err(),
            Some(SnapshotError::Truncated),
            "cut at {cut}"
        );
    }
    let mut flipped = bytes.to_vec();
    let at = flipped.len() - 10;
    flipped[at] ^= 1;
    assert_eq!(
        SearchIndex::from_bytes(&flipped).err(),
        Some(SnapshotError::Checksum)
    );
    // Messages say nothing of the content.
    assert_eq!(
        SnapshotError::Checksum.to_string(),
        "the search index snapshot is damaged (checksum)"
    );
}

/// Re-seals a damaged body with a correct checksum, to reach the structural checks.
fn reseal(bytes: &mut [u8]) {
    let hash = blake3::hash(&bytes[48..]);
    bytes[16..48].copy_from_slice(hash.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = SearchIndex::from_bytes(&bytes);
        let mut with_header = b"CLSI\x01\0\0\0".to_vec();
        with_header.extend_from_slice(&bytes);
        let _ = SearchIndex::from_bytes(&with_header);
    }

    /// Damage that keeps the checksum right (as a bug in the writer might) is still
    /// refused or loads into an index that answers without panicking.
    #[test]
    fn damage_behind_a_good_checksum_never_panics(
        at in 48usize..100_000,
        xor in 1u8..=255,
        cut in 0usize..64,
    ) {
        let mut bytes = index(&docs()).to_bytes().to_vec();
        let at = 48 + at % (bytes.len() - 48);
        bytes[at] ^= xor;
        reseal(&mut bytes);
        if let Ok(i) = SearchIndex::from_bytes(&bytes) {
            for q in QUERIES {
                if let Ok(query) = caseline::search::Query::parse(q) {
                    let _ = i.search(&query, 10);
                }
            }
        }
        let end = bytes.len().saturating_sub(cut);
        bytes.truncate(end);
        let len = (bytes.len() as u64).saturating_sub(48);
        bytes[8..16].copy_from_slice(&len.to_le_bytes());
        reseal(&mut bytes);
        let _ = SearchIndex::from_bytes(&bytes);
    }

    #[test]
    fn any_documents_round_trip(names in proptest::collection::vec("\\PC{1,12}", 1..12)) {
        let docs: Vec<Doc> = names.iter().enumerate().map(|(n, name)| person(n as u8, name)).collect();
        let i = index(&docs);
        let back = SearchIndex::from_bytes(&i.to_bytes()).expect("loads");
        prop_assert_eq!(back.len(), i.len());
        for name in &names {
            if let Ok(q) = caseline::search::Query::parse(&name.replace('"', "")) {
                let a = i.search(&q, 50);
                let b = back.search(&q, 50);
                prop_assert_eq!(a.is_ok(), b.is_ok());
                if let (Ok(a), Ok(b)) = (a, b) {
                    prop_assert_eq!(people(&a), people(&b));
                }
            }
        }
    }
}
