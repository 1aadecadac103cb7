//! Names in their own order and script: shown family name first where that is the
//! person's order, and found as they are written, run together ("王伟"), in either
//! order, or with a space.

use caseline::domain::{NameOrder, Role, User, UserId};
use caseline::search::records::{Records, documents};
use caseline::search::{Query, SearchIndex};
use caseline::service::{Caseline, NewPerson, SearchResults};
use chrono::TimeZone;

use crate::common::{close, init_store, intake, open_store, person, temp};

fn names(r: &SearchResults) -> Vec<String> {
    r.people
        .hits
        .iter()
        .map(|h| h.display_name.clone())
        .collect()
}

fn found(svc: &Caseline, q: &str) -> Vec<String> {
    names(&svc.search(q, 10).unwrap_or_else(|e| panic!("{q}: {e}")))
}

fn ordered(given: &str, family: &str, order: Option<NameOrder>) -> NewPerson {
    NewPerson {
        name_order: order,
        ..person(given, Some(family))
    }
}

fn record(svc: &Caseline, p: NewPerson) {
    svc.record_intake(intake(p, "Shouted at in the street."))
        .expect("intake");
}

#[test]
fn a_chinese_name_is_shown_family_first_and_found_as_written() {
    let tmp = temp("names-han");
    let dir = tmp.path().join("data");
    let svc = init_store(&dir);
    // The worker did not say the order: the script says family name first.
    record(&svc, ordered("伟", "王", None));
    let wang = svc.people().next().unwrap().unwrap();
    assert!(wang.family_name_first);
    assert_eq!(wang.display_name(), "王伟");
    for q in ["王伟", "伟王", "王 伟", "伟 王", "王", "伟"] {
        assert_eq!(found(&svc, q), ["王伟"], "{q}");
    }
    let r = svc.search("王伟", 10).unwrap();
    let marks = r.highlight("王伟");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0], 0.."王伟".len());
    // Across a close and reopen (from the snapshot) too.
    close(svc);
    let svc = open_store(&dir);
    assert_eq!(found(&svc, "王伟"), ["王伟"]);
    assert!(found(&svc, "伟伟").is_empty());
    close(svc);
}

#[test]
fn the_order_a_worker_says_is_kept_and_either_order_finds_the_name() {
    let tmp = temp("names-order");
    let dir = tmp.path().join("data");
    let svc = init_store(&dir);
    record(&svc, ordered("Béla", "Nagy", Some(NameOrder::FamilyFirst)));
    record(
        &svc,
        ordered("Thi Lan", "Nguyen", Some(NameOrder::FamilyFirst)),
    );
    record(&svc, ordered("秀英", "李", Some(NameOrder::GivenFirst)));
    record(&svc, ordered("Amina", "Hassan", None));
    record(&svc, ordered("민준", "김", None));
    assert_eq!(found(&svc, "nagy bela"), ["Nagy Béla"]);
    assert_eq!(found(&svc, "bela nagy"), ["Nagy Béla"]);
    assert_eq!(found(&svc, "nguyen lan"), ["Nguyen Thi Lan"]);
    // Given first as the worker said, and still found typed family first.
    assert_eq!(found(&svc, "李秀英"), ["秀英 李"]);
    assert_eq!(found(&svc, "秀英李"), ["秀英 李"]);
    assert_eq!(found(&svc, "amina"), ["Amina Hassan"]);
    // Hangul: family first, written with no space, found as written or in part.
    for q in ["김민준", "김민", "민준김", "김 민준", "민준"] {
        assert_eq!(found(&svc, q), ["김민준"], "{q}");
    }
    close(svc);
}

fn admin() -> User {
    User {
        id: UserId::new(),
        login: "admin".into(),
        display_name: "Admin".into(),
        role: Role::Administrator,
        centre: None,
        active: true,
        recovery: false,
        created_at: chrono::Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
    }
}

/// In the demo data, a Chinese name typed as written finds the same people as typed
/// with a space after the family name, for every such name there is.
#[test]
fn demo_names_typed_as_written_find_the_same_people_as_typed_apart() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let doc = caseline::demo::generate(3000, 5, &admin(), now);
    let records = Records {
        people: &doc.people,
        incidents: &doc.incidents,
        cases: &doc.cases,
        timeline: &doc.timeline,
        organisations: &doc.organisations,
    };
    let index = SearchIndex::build(documents(&records));
    let people = |q: &str| {
        let query = Query::parse(q).unwrap();
        let mut ids: Vec<[u8; 16]> = index
            .search(&query, 100_000)
            .unwrap()
            .people
            .hits
            .iter()
            .map(|h| h.doc.id)
            .collect();
        ids.sort();
        ids
    };
    let mut han: Vec<(String, String)> = doc
        .people
        .iter()
        .filter(|p| p.family_name_first)
        .filter_map(|p| Some((p.family_name.clone()?, p.given_names.clone())))
        .filter(|(f, _)| f.chars().all(|c| !c.is_ascii()))
        .collect();
    han.sort();
    han.dedup();
    assert!(han.len() >= 10, "only {} Chinese names", han.len());
    for (family, given) in han {
        let apart = people(&format!("{family} {given}"));
        assert!(!apart.is_empty());
        assert_eq!(
            people(&format!("{family}{given}")),
            apart,
            "{family}{given}"
        );
    }
}

#[test]
fn an_import_keeps_the_order_its_file_gives() {
    let tmp = temp("names-import");
    let from = tmp.path().join("from");
    let svc = init_store(&from);
    record(&svc, ordered("Béla", "Nagy", Some(NameOrder::FamilyFirst)));
    record(&svc, ordered("伟", "王", Some(NameOrder::GivenFirst)));
    let mut doc = serde_json::to_value(svc.export().unwrap()).unwrap();
    close(svc);
    // The file says the order; the script of 王 does not overrule it.
    for p in doc["people"].as_array_mut().unwrap() {
        let han = p["family_name"] == "王";
        assert_eq!(p["family_name_first"], !han);
    }
    let doc = serde_json::from_value(doc).unwrap();
    let to = tmp.path().join("to");
    let svc = init_store(&to);
    svc.import(doc).unwrap();
    assert_eq!(found(&svc, "nagy"), ["Nagy Béla"]);
    assert_eq!(found(&svc, "王伟"), ["伟 王"]);
    close(svc);
}
