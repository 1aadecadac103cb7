//! Results: grouped into people, cases and organisations; a hit on an incident or a
//! timeline entry counts for its case; ranked by match quality then recency; at most
//! N a group with totals; each word's match reported.

use crate::search_support::*;
use caseline::search::{DocKind, Field, Quality, Query, Weight, highlight};

fn docs() -> Vec<caseline::search::Doc> {
    vec![
        person(1, "Mohammed Khan").case(id(10)),
        person(2, "Amina Hassan").case(id(11)),
        case(10, "C-2026-0010", "hate_crime", "open"),
        case(11, "C-2026-0011", "housing", "open"),
        case(12, "C-2026-0012", "education", "open"),
        incident(
            20,
            10,
            "Shouted at by a man at the bus stop on Clarence Street",
        ),
        entry(
            21,
            11,
            "Phoned Kingston Council about the repairs; spoke to Mr Khan's neighbour",
        ),
        entry(
            22,
            12,
            "Meeting with the head teacher about bullying on the school bus",
        ),
        organisation(30, "Kingston Council"),
    ]
}

#[test]
fn grouped_and_counted() {
    let i = index(&docs());
    let r = search(&i, "kingston");
    assert_eq!(orgs(&r), [30]);
    // The timeline entry's hit counts for its case; the entry is not a group.
    assert_eq!(cases(&r), [11]);
    assert!(people(&r).is_empty());
    let r = search(&i, "bus");
    assert_eq!(r.cases.total, 2);
    let mut c = cases(&r);
    c.sort();
    assert_eq!(c, [10, 12]);
}

#[test]
fn a_case_is_found_by_words_in_different_documents() {
    let i = index(&docs());
    // The client's name is on the person, "bus" in the incident.
    let r = search(&i, "khan bus");
    assert_eq!(cases(&r), [10]);
    assert!(
        people(&r).is_empty(),
        "a person must match every word itself"
    );
    let hit = &r.cases.hits[0];
    assert_eq!(hit.matches.len(), 2);
    assert_eq!(hit.matches[0].via, DocRefOf::person(1));
    assert_eq!(hit.matches[0].terms, ["khan"]);
    assert_eq!(hit.matches[1].via.kind, DocKind::Incident);
    assert_eq!(hit.matches[1].terms, ["bus"]);
}

#[test]
fn exact_beats_prefix_beats_fuzzy_and_names_beat_text() {
    let docs = vec![
        person(1, "Kingsley Barnes").dated(day(0), day(50)),
        person(2, "King Barnes").dated(day(0), day(1)),
        person(3, "Barnes")
            .field(Field::Text, "Kingsland")
            .dated(day(0), day(99)),
        person(4, "Kung Barnes").dated(day(0), day(99)),
    ];
    let i = index(&docs);
    let r = search(&i, "king");
    // Exact name, then prefix name, then prefix in text; no fuzzy for short words.
    assert_eq!(people(&r), [2, 1, 3]);
    assert_eq!(r.people.hits[0].matches[0].quality, Quality::Exact);
    assert_eq!(r.people.hits[1].matches[0].quality, Quality::Prefix);
    assert_eq!(r.people.hits[2].matches[0].weight, Weight::Text);
    // One edit from a prefix of "kingsley" (a name) and of "kingsland" (text).
    let r = search(&i, "kingsly");
    assert_eq!(people(&r), [1, 3]);
    assert_eq!(r.people.hits[0].matches[0].quality, Quality::Fuzzy);
    assert_eq!(r.people.hits[1].matches[0].weight, Weight::Text);
}

#[test]
fn ties_go_to_the_most_recent() {
    let docs: Vec<_> = (1..=5)
        .map(|n| person(n, "Amina Hassan").dated(day(0), day(n as u32 * 10)))
        .collect();
    let i = index(&docs);
    assert_eq!(people(&search(&i, "amina")), [5, 4, 3, 2, 1]);
}

#[test]
fn at_most_n_a_group_with_totals() {
    let docs: Vec<_> = (1..=30).map(|n| person(n, "Amina Hassan")).collect();
    let i = index(&docs);
    let q = Query::parse("amina").expect("parses");
    let r = i.search(&q, 4).expect("runs");
    assert_eq!(r.people.hits.len(), 4);
    assert_eq!(r.people.total, 30);
    let r = i.search(&q, 0).expect("runs");
    assert!(r.people.hits.is_empty());
    assert_eq!(r.people.total, 30);
}

#[test]
fn each_word_says_what_it_matched() {
    let i = index(&[person(1, "Mohammed Khan").field(Field::Phone, "07700 900123")]);
    let r = search(&i, "moh 07700");
    let m = &r.people.hits[0].matches;
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].word, m[0].quality), (0, Quality::Prefix));
    assert_eq!(m[0].terms, ["mohammed"]);
    assert_eq!(m[1].word, 1);
    assert_eq!(m[1].terms, ["7700900123"]);
    assert_eq!(r.people.hits[0].score, 8);
}

#[test]
fn highlight_marks_shown_text() {
    let q = Query::parse("moh kha 07700").expect("parses");
    let text = "Mohammed Khan, 07700 900123, Mohan";
    let spans: Vec<&str> = highlight(text, &q).into_iter().map(|r| &text[r]).collect();
    assert_eq!(spans, ["Mohammed", "Khan", "07700", "Mohan"]);
    let q = Query::parse("mohamed").expect("parses");
    let spans: Vec<&str> = highlight("Mohammed Ali", &q)
        .into_iter()
        .map(|r| &"Mohammed Ali"[r])
        .collect();
    assert_eq!(spans, ["Mohammed"]);
}

/// A person's reference, for comparing with `via`.
struct DocRefOf;

impl DocRefOf {
    fn person(n: u8) -> caseline::search::DocRef {
        caseline::search::DocRef::new(DocKind::Person, id(n))
    }
}
