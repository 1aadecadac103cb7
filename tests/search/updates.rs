//! Saving and removing one document at a time: findable at once, gone at once, and
//! the same after compaction.

use crate::search_support::*;
use caseline::search::{DocKind, DocRef, Field, SearchIndex};

#[test]
fn a_saved_document_is_found_at_once() {
    for mut i in [index(&[person(1, "Amina Hassan")]), SearchIndex::new()] {
        i.upsert(&person(2, "Mohammed Khan"));
        assert_eq!(people(&search(&i, "moh kha")), [2]);
        i.upsert(&person(2, "Mohammed Begum"));
        assert!(people(&search(&i, "khan")).is_empty(), "old terms are gone");
        assert_eq!(people(&search(&i, "begum")), [2]);
        i.compact();
        assert_eq!(people(&search(&i, "begum")), [2]);
        assert!(people(&search(&i, "khan")).is_empty());
    }
}

#[test]
fn a_changed_frozen_document_loses_its_old_terms() {
    let mut i = index(&[person(1, "Amina Hassan"), person(2, "Amina Begum")]);
    i.upsert(&person(1, "Amina Okafor"));
    let mut amina = people(&search(&i, "amina"));
    amina.sort();
    assert_eq!(amina, [1, 2]);
    assert!(people(&search(&i, "hassan")).is_empty());
    assert_eq!(people(&search(&i, "okafor")), [1]);
    assert_eq!(i.len(), 2);
}

#[test]
fn removed_documents_are_gone() {
    let mut i = index(&[person(1, "Amina Hassan"), person(2, "Amina Begum")]);
    assert!(i.remove(&DocRef::new(DocKind::Person, id(1))));
    assert!(!i.remove(&DocRef::new(DocKind::Person, id(1))));
    assert!(!i.remove(&DocRef::new(DocKind::Person, id(99))));
    assert_eq!(people(&search(&i, "amina")), [2]);
    assert!(!i.contains(&DocRef::new(DocKind::Person, id(1))));
    i.compact();
    assert_eq!(people(&search(&i, "amina")), [2]);
    assert_eq!(i.len(), 1);
    // Saved again after removal, it is back.
    i.upsert(&person(1, "Amina Hassan"));
    assert_eq!(people(&search(&i, "hassan")), [1]);
}

#[test]
fn links_follow_saves() {
    let mut i = index(&[
        case(10, "C-2026-0010", "housing", "open"),
        case(11, "C-2026-0011", "housing", "open"),
        entry(20, 10, "Letter about the damp"),
    ]);
    assert_eq!(cases(&search(&i, "damp")), [10]);
    // The entry is moved to the other case.
    i.upsert(&entry(20, 11, "Letter about the damp"));
    assert_eq!(cases(&search(&i, "damp")), [11]);
    i.compact();
    assert_eq!(cases(&search(&i, "damp")), [11]);
    // An entry saved before its case: the case is found once it is saved.
    i.upsert(&entry(21, 12, "Mould in the bathroom"));
    assert!(cases(&search(&i, "mould")).is_empty());
    i.upsert(&case(12, "C-2026-0012", "housing", "open"));
    assert_eq!(cases(&search(&i, "mould")), [12]);
    // A removed case takes its entries' hits with it.
    i.remove(&DocRef::new(DocKind::Case, id(12)));
    assert!(cases(&search(&i, "mould")).is_empty());
}

#[test]
fn building_and_saving_one_by_one_agree() {
    let docs = vec![
        person(1, "Mohammed Khan")
            .field(Field::Phone, "07700 900123")
            .case(id(10)),
        person(2, "王秀英").case(id(11)),
        case(10, "C-2026-0010", "hate_crime", "open"),
        case(11, "C-2026-0011", "housing", "closed"),
        incident(20, 10, "At the bus stop on Clarence Street"),
        entry(21, 11, "Phoned the council about repairs"),
        organisation(30, "Kingston Council"),
    ];
    let built = index(&docs);
    let mut saved = upserted(&docs);
    for q in [
        "moh",
        "07700",
        "秀英",
        "bus",
        "council",
        "c-2026",
        "mohamed kha",
    ] {
        let a = search(&built, q);
        let b = search(&saved, q);
        assert_eq!(people(&a), people(&b), "{q}");
        assert_eq!(cases(&a), cases(&b), "{q}");
        assert_eq!(orgs(&a), orgs(&b), "{q}");
        assert_eq!(a.cases.total, b.cases.total, "{q}");
    }
    saved.compact();
    assert!(!saved.needs_compaction());
    for q in ["moh", "bus", "council"] {
        assert_eq!(cases(&search(&built, q)), cases(&search(&saved, q)), "{q}");
    }
    // A document given twice to a build counts once, the later version.
    let mut twice = docs.clone();
    twice.push(person(1, "Mohammed Begum").case(id(10)));
    let i = index(&twice);
    assert!(people(&search(&i, "khan")).is_empty());
    assert_eq!(people(&search(&i, "begum")), [1]);
}

#[test]
fn many_saves_ask_for_compaction() {
    let mut i = SearchIndex::new();
    for n in 0..5000u32 {
        let mut id = [0; 16];
        id[12..].copy_from_slice(&n.to_be_bytes());
        i.upsert(
            &caseline::search::Doc::new(DocRef::new(DocKind::Person, id))
                .field(Field::Name, "Amina"),
        );
    }
    assert!(i.needs_compaction());
    let before = i.stats();
    i.compact();
    let after = i.stats();
    assert_eq!((before.documents, after.documents), (5000, 5000));
    assert_eq!(after.delta_documents, 0);
    assert!(!i.needs_compaction());
    assert_eq!(search(&i, "amina").people.total, 5000);
}
