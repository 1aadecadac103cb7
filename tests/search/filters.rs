//! Filters and query errors: `kind: status: worker: flag: since: strand:`, and errors
//! that say what and where without repeating what was typed.

use crate::search_support::*;
use caseline::search::{
    Doc, DocKind, DocRef, Facet, Field, FilterKind, Problem, Query, SearchIndex, Worker,
};

const AMINA: [u8; 16] = [7; 16];
const BO: [u8; 16] = [8; 16];

fn workers() -> Vec<Worker> {
    vec![
        Worker {
            id: AMINA,
            login: "a.khan".into(),
            name: "Amina Khan".into(),
        },
        Worker {
            id: BO,
            login: "b.smith".into(),
            name: "Bo Smith".into(),
        },
        Worker {
            id: [9; 16],
            login: "a.begum".into(),
            name: "Amina Begum".into(),
        },
    ]
}

/// Three cases about a bus stop, a neighbour and a school; Mr Khan is the client of
/// the first two.
fn docs() -> Vec<Doc> {
    vec![
        case(1, "C-2025-0001", "hate_crime", "open")
            .facet(Facet::Worker(AMINA))
            .facet(Facet::Strand("race_or_ethnicity".into()))
            .facet(Facet::Strand("religion_or_belief".into()))
            .facet(Facet::Flag("adult_safeguarding".into()))
            .dated(day(10), day(10)),
        case(2, "C-2026-0002", "housing", "closed")
            .facet(Facet::Worker(BO))
            .dated(day(400), day(400)),
        case(3, "C-2026-0003", "education", "on_hold")
            .facet(Facet::Worker(AMINA))
            .dated(day(420), day(420)),
        incident(10, 1, "Abuse shouted at the bus stop"),
        incident(11, 2, "Rubbish thrown over the fence by the neighbour"),
        entry(20, 3, "Meeting at the school about the bus"),
        person(30, "Mohammed Khan").case(id(1)).case(id(2)),
        person(31, "Amina Hassan").case(id(3)),
    ]
}

fn run(q: &str) -> caseline::search::Results {
    let i = index(&docs());
    let query = Query::parse_with(q, &workers()).unwrap_or_else(|e| panic!("{q}: {e}"));
    i.search(&query, 10).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn sorted(mut v: Vec<u8>) -> Vec<u8> {
    v.sort();
    v
}

#[test]
fn kind_status_worker() {
    assert_eq!(cases(&run("bus kind:hate_crime")), [1]);
    assert_eq!(cases(&run("bus kind:hate")), [1]);
    assert_eq!(sorted(cases(&run("kind:housing kind:education"))), [2, 3]);
    assert_eq!(cases(&run("status:closed")), [2]);
    assert_eq!(cases(&run("status:on_hold")), [3]);
    assert_eq!(cases(&run("status:\"on hold\"")), [3]);
    assert_eq!(sorted(cases(&run("worker:a.khan"))), [1, 3]);
    assert_eq!(sorted(cases(&run("worker:\"amina k\""))), [1, 3]);
    assert_eq!(cases(&run("worker:bo status:closed")), [2]);
    assert!(cases(&run("worker:bo status:open")).is_empty());
}

#[test]
fn flags_strands_dates() {
    assert_eq!(cases(&run("flag:safeguarding")), [1]);
    assert_eq!(cases(&run("flag:adult")), [1]);
    assert_eq!(cases(&run("strand:religion")), [1]);
    assert_eq!(cases(&run("strand:race")), [1]);
    assert_eq!(sorted(cases(&run("since:2027-01-01"))), [2, 3]);
    assert_eq!(cases(&run("since:2027-02 bus")), [3]);
    assert_eq!(sorted(cases(&run("since:2026"))), [1, 2, 3]);
}

#[test]
fn a_person_is_not_let_through_by_a_facet_of_their_cases() {
    // Mr Khan's cases are hate crime and housing, but he is a person: the case filters
    // list his cases, never him.
    for q in [
        "khan kind:housing",
        "khan status:closed",
        "khan worker:bo",
        "khan strand:race",
        "khan flag:adult",
        "kind:hate_crime",
    ] {
        let r = run(q);
        assert!(people(&r).is_empty(), "{q}: {:?}", people(&r));
    }
    assert_eq!(cases(&run("khan kind:housing")), [2]);
    assert_eq!(sorted(cases(&run("khan status:closed"))), [2]);
}

fn error(q: &str) -> caseline::search::QueryError {
    let i = index(&docs());
    match Query::parse_with(q, &workers()) {
        Err(e) => e,
        Ok(query) => i.search(&query, 10).expect_err(q),
    }
}

#[test]
fn unknown_filters_and_bad_values_say_where() {
    let e = error("khan colour:blue");
    assert_eq!((e.at, e.len, &e.what), (5, 7, &Problem::UnknownFilter));
    assert!(e.to_string().contains("at character 6"), "{e}");
    let e = error("bus status:pending");
    assert_eq!((e.at, &e.what), (11, &Problem::BadStatus));
    let e = error("since:last-week");
    assert_eq!((e.at, &e.what), (6, &Problem::BadDate));
    let e = error("kind:");
    assert_eq!((e.at, &e.what), (5, &Problem::NoValue(FilterKind::Kind)));
    let e = error("bus kind:immigration");
    assert_eq!(e.at, 9);
    let Problem::NoSuchCode(FilterKind::Kind, known) = &e.what else {
        panic!("{e:?}")
    };
    assert!(known.contains(&"housing".to_string()), "{known:?}");
    let e = error("worker:zed");
    assert_eq!((e.at, &e.what), (7, &Problem::UnknownWorker));
    let e = error("strand:nothing");
    assert!(matches!(e.what, Problem::NoSuchCode(FilterKind::Strand, _)));
}

#[test]
fn worker_names_are_resolved_by_the_caller() {
    let i = index(&docs());
    let query = Query::parse("worker:\"amina khan\"").expect("parses");
    let e = i.search(&query, 10).expect_err("not resolved");
    assert_eq!((e.at, e.what), (8, Problem::WorkerNotResolved));
    let mut query = query;
    query.resolve_workers(&workers()).expect("resolves");
    assert_eq!(sorted(cases(&i.search(&query, 10).expect("runs"))), [1, 3]);
    let e = Query::parse_with("worker:amina", &workers()).expect_err("two match");
    assert_eq!(e.what, Problem::AmbiguousWorker);
}

#[test]
fn messages_hold_no_personal_data() {
    for q in [
        "Mohammed colour:Khan",
        "since:Mohammed",
        "status:Mohammed",
        "kind:Mohammed",
        "worker:Mohammed",
        "\"Mohammed",
    ] {
        let e = error(q);
        assert!(
            !e.to_string().to_lowercase().contains("mohammed"),
            "{q}: {e}"
        );
        assert!(!e.to_string().to_lowercase().contains("khan"), "{q}: {e}");
    }
}

#[test]
fn an_empty_query_finds_nothing() {
    let r = run("  ");
    assert_eq!(r.people.total + r.cases.total + r.organisations.total, 0);
    let i = SearchIndex::new();
    let q = Query::parse("kind:housing").expect("parses");
    // An empty index knows no kinds.
    assert!(i.search(&q, 10).is_err());
    let q = Query::parse("amina").expect("parses");
    assert_eq!(i.search(&q, 10).expect("runs").people.total, 0);
}

/// One record of each kind that every filter's value could reach: a flagged person,
/// a case with every facet, and an organisation, all linked, all dated in January 2026
/// (the case last) and all holding the word "kingston".
fn one_of_each_kind() -> SearchIndex {
    index(&[
        case(1, "C-2026-0001", "hate_crime", "open")
            .field(Field::Text, "Kingston")
            .facet(Facet::Worker(AMINA))
            .facet(Facet::Strand("race_or_ethnicity".into()))
            .facet(Facet::Flag("child_safeguarding".into()))
            .dated(day(20), day(20)),
        incident(10, 1, "Kingston bus stop"),
        person(30, "Kingston Mohammed Khan")
            .facet(Facet::Flag("child_safeguarding".into()))
            .case(id(1))
            .dated(day(10), day(10)),
        Doc::new(DocRef::new(DocKind::Organisation, id(40)))
            .field(Field::Organisation, "Kingston Housing Trust")
            .case(id(1))
            .dated(day(10), day(10)),
    ])
}

#[test]
fn every_filter_against_every_kind_of_record() {
    let i = one_of_each_kind();
    // (filter, people listed, cases listed, organisations listed)
    let expected = [
        ("kind:hate", false, true, false),
        ("status:open", false, true, false),
        ("worker:a.khan", false, true, false),
        ("flag:child", true, true, false),
        ("flag:safeguarding", true, true, false),
        ("since:2026-01-01", true, true, true),
        ("strand:race", false, true, false),
    ];
    for (filter, person, case, organisation) in expected {
        for q in [filter.to_string(), format!("kingston {filter}")] {
            let query = Query::parse_with(&q, &workers()).unwrap_or_else(|e| panic!("{q}: {e}"));
            let r = i.search(&query, 10).unwrap_or_else(|e| panic!("{q}: {e}"));
            let got = (people(&r) == [30], cases(&r) == [1], orgs(&r) == [40]);
            assert_eq!(got, (person, case, organisation), "{q}");
            let none = (
                r.people.total == 0,
                r.cases.total == 0,
                r.organisations.total == 0,
            );
            assert_eq!(none, (!person, !case, !organisation), "{q}: totals");
        }
    }
    // A filter a kind has no value for excludes it even when another filter applies.
    let query = Query::parse_with("kingston worker:a.khan flag:child", &workers()).unwrap();
    let r = i.search(&query, 10).unwrap();
    assert_eq!((people(&r), cases(&r), orgs(&r)), (vec![], vec![1], vec![]));
    // Without a filter, every kind is found.
    let r = search(&i, "kingston");
    assert_eq!(
        (people(&r), cases(&r), orgs(&r)),
        (vec![30], vec![1], vec![40])
    );
}

#[test]
fn since_looks_at_each_records_own_date() {
    let i = one_of_each_kind();
    // The person and the organisation were recorded on 11 January, the case opened on
    // the 21st: a later case does not make them recent.
    let r = search(&i, "kingston since:2026-01-15");
    assert_eq!((people(&r), cases(&r), orgs(&r)), (vec![], vec![1], vec![]));
    let r = search(&i, "since:2026-01-22");
    assert_eq!(r.people.total + r.cases.total + r.organisations.total, 0);
}

#[test]
fn case_filters_through_the_service_list_no_linked_organisation_or_person() {
    let tmp = crate::common::temp("filters-svc");
    let dir = tmp.path().join("data");
    let mut svc = crate::common::init_store(&dir);
    let made = crate::common::populate(&mut svc);
    for q in [
        "status:active flag:adult",
        "kind:hate strand:race",
        "surbiton status:active",
        "amina kind:hate",
    ] {
        let r = svc.search(q, 10).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert_eq!(r.organisations.total, 0, "{q}");
        assert_eq!(r.people.total, 0, "{q}");
        assert_eq!(
            r.cases.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            [made.case],
            "{q}"
        );
    }
    // The words alone find the organisation and the person too.
    assert_eq!(svc.search("surbiton", 10).unwrap().organisations.total, 1);
    assert_eq!(svc.search("amina", 10).unwrap().people.total, 1);
    crate::common::close(svc);
}
