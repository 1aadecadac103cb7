//! Search through the service: what is saved is found in the same call, across a
//! close and reopen (from the snapshot and the journal since), after a rebuild, and
//! query errors say what and where.

use crate::common::{self, close, init_store, intake, open_store, person, populate, temp};
use caseline::Error;
use caseline::domain::{EntryKind, Role};
use caseline::service::KeyCost;
use caseline::service::{NewEntry, NewUser, SearchResults};

fn names(r: &SearchResults) -> Vec<String> {
    r.people
        .hits
        .iter()
        .map(|h| h.display_name.clone())
        .collect()
}

#[test]
fn a_saved_intake_is_found_at_once_and_after_reopening() {
    let tmp = temp("search-svc");
    let dir = tmp.path().join("data");
    let svc = init_store(&dir);
    assert!(svc.search("zebedee", 10).unwrap().is_empty());
    let saved = svc
        .record_intake(intake(
            person("Zebedee", Some("Okafor")),
            "Bins kicked over.",
        ))
        .unwrap();
    let r = svc.search("zeb oka", 10).unwrap();
    assert_eq!(names(&r), ["Zebedee Okafor"]);
    assert_eq!(r.people.hits[0].id, saved.new_people[0]);
    assert_eq!(r.people.hits[0].matches.len(), 2);
    assert_eq!(r.highlight("Zebedee Okafor"), [0..7, 8..14]);
    close(svc);

    // Reopened: loaded from the snapshot written on close.
    let svc = open_store(&dir);
    assert_eq!(
        names(&svc.search("okafor", 10).unwrap()),
        ["Zebedee Okafor"]
    );
    svc.record_intake(intake(person("Zainab", Some("Okafor")), "Shouted at."))
        .unwrap();
    let mut found = names(&svc.search("okafor", 10).unwrap());
    found.sort();
    assert_eq!(found, ["Zainab Okafor", "Zebedee Okafor"]);
    close(svc);
    let svc = open_store(&dir);
    assert_eq!(svc.search("okafor", 10).unwrap().people.total, 2);
    close(svc);
}

#[test]
fn a_crash_after_the_snapshot_is_made_good_from_the_journal() {
    let tmp = temp("search-journal");
    let dir = tmp.path().join("data");
    let svc = init_store(&dir);
    svc.record_intake(intake(person("Farida", Some("Begum")), "Spat at."))
        .unwrap();
    svc.warm_search(&mut |_, _| {}).unwrap();
    close(svc);
    let svc = open_store(&dir);
    svc.warm_search(&mut |_, _| {}).unwrap();
    svc.record_intake(intake(person("Farhan", Some("Begum")), "Spat at."))
        .unwrap();
    // Dropped without close: no snapshot covers the second intake, only the journal.
    drop(svc);
    common::wait_released(&dir);
    let svc = open_store(&dir);
    let mut found = names(&svc.search("begum", 10).unwrap());
    found.sort();
    assert_eq!(found, ["Farhan Begum", "Farida Begum"]);
    close(svc);
}

#[test]
fn cases_are_found_by_their_people_and_their_timeline() {
    let tmp = temp("search-cases");
    let dir = tmp.path().join("data");
    let mut svc = init_store(&dir);
    let made = populate(&mut svc);
    svc.warm_search(&mut |_, _| {}).unwrap();
    let r = svc.search("amina", 10).unwrap();
    assert!(r.cases.hits.iter().any(|c| c.id == made.case));
    assert!(svc.search("quixotic", 10).unwrap().cases.hits.is_empty());
    svc.add_timeline_entry(NewEntry {
        case: made.case,
        at: None,
        kind: EntryKind::Note,
        text: "Quixotic weather delayed the visit.".into(),
        corrects: None,
    })
    .unwrap();
    let r = svc.search("quixotic", 10).unwrap();
    assert_eq!(r.cases.hits.len(), 1);
    assert_eq!(r.cases.hits[0].id, made.case);
    assert_eq!(r.cases.hits[0].matches[0].via, "timeline entry");
    close(svc);
}

#[test]
fn a_rebuild_reports_progress_and_finds_the_same() {
    let tmp = temp("search-rebuild");
    let dir = tmp.path().join("data");
    let mut svc = init_store(&dir);
    populate(&mut svc);
    let before = names(&svc.search("a", 50).unwrap());
    let mut seen = Vec::new();
    svc.rebuild_search(&mut |done, total| seen.push((done, total)))
        .unwrap();
    assert!(seen.len() >= 2);
    let (done, total) = *seen.last().unwrap();
    assert_eq!(done, total);
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(names(&svc.search("a", 50).unwrap()), before);
    close(svc);
}

#[test]
fn query_errors_say_what_and_where() {
    let tmp = temp("search-errors");
    let svc = init_store(&tmp.path().join("data"));
    match svc.search("amina colour:red", 10) {
        Err(Error::Query(e)) => {
            assert_eq!(e.at, 6);
            let message = Error::Query(e).to_string();
            assert!(message.contains("unknown filter"), "{message}");
            assert!(message.contains("character 7"), "{message}");
            assert!(!message.contains("red"), "{message}");
        }
        other => panic!("expected a query error, got {other:?}"),
    }
    assert!(matches!(
        svc.search("worker:nobody", 10),
        Err(Error::Query(_))
    ));
    assert!(svc.search("worker:admin status:open", 10).is_ok());
    close(svc);
}

#[test]
fn a_volunteer_finds_only_people_on_their_cases() {
    let tmp = temp("search-volunteer");
    let dir = tmp.path().join("data");
    let mut svc = init_store(&dir);
    let made = populate(&mut svc);
    svc.add_user(
        NewUser {
            login: "vol".into(),
            display_name: "Val Volunteer".into(),
            role: Role::Volunteer,
            centre: None,
        },
        "volunteer passphrase",
        KeyCost::CheapForTests,
    )
    .unwrap();
    assert!(svc.search("amina", 10).unwrap().people.total > 0);
    close(svc);
    let vol = caseline::Caseline::open_with_clock(
        &dir,
        Some("vol"),
        "volunteer passphrase",
        crate::common::clock(),
    )
    .unwrap();
    let r = vol.search("amina", 10).unwrap();
    assert_eq!(r.people.total, 0);
    assert_eq!(r.cases.total, 0);
    assert!(r.people.hits.is_empty() && r.cases.hits.is_empty());
    // Their own intake's person is not on a case of theirs either.
    let _ = made;
    vol.close().unwrap();
}

#[test]
fn an_index_kept_in_step_by_commits_matches_one_built_from_the_records() {
    let tmp = temp("search-in-step");
    let dir = tmp.path().join("data");
    let mut svc = init_store(&dir);
    // Loaded before anything is written: every change below reaches it through the
    // commit hook (new people, links to cases, status changes, corrections ...).
    svc.warm_search(&mut |_, _| {}).unwrap();
    let made = populate(&mut svc);
    let report = svc.check().unwrap();
    assert!(report.is_clean(), "{:?}", report.faults);
    // A person found through a case they were linked to after the index was loaded.
    let r = svc.search("wang", 10).unwrap();
    assert!(!r.people.hits.is_empty());
    assert!(
        !r.cases.hits.is_empty(),
        "the case counts through its people"
    );
    let _ = made;
    close(svc);
    // And again from the snapshot written on close.
    let svc = open_store(&dir);
    assert!(svc.check().unwrap().is_clean());
    close(svc);
}

#[test]
fn an_import_leaves_the_index_right() {
    let tmp = temp("search-import");
    let from = tmp.path().join("from");
    let mut svc = init_store(&from);
    populate(&mut svc);
    let doc = svc.export().unwrap();
    close(svc);
    let to = tmp.path().join("to");
    let svc = init_store(&to);
    svc.record_intake(intake(person("Ottoline", Some("Reyes")), "Shouted at."))
        .unwrap();
    assert!(svc.search("amina", 10).unwrap().is_empty());
    svc.import(doc).unwrap();
    assert_eq!(names(&svc.search("amina", 10).unwrap()), ["Amina Hassan"]);
    assert_eq!(
        names(&svc.search("ottoline", 10).unwrap()),
        ["Ottoline Reyes"]
    );
    assert!(svc.check().unwrap().is_clean());
    close(svc);
    let svc = open_store(&to);
    assert_eq!(names(&svc.search("amina", 10).unwrap()), ["Amina Hassan"]);
    close(svc);
}

#[test]
fn since_takes_the_london_day_a_record_was_made_on() {
    let tmp = temp("search-since-bst");
    let dir = tmp.path().join("data");
    // 00:30 on 15 June in London: still 14 June in UTC.
    let clock = caseline::domain::Clock::set_at("2027-06-14T23:30:00Z".parse().unwrap());
    let svc = common::init_store_at(&dir, clock);
    let saved = svc
        .record_intake(intake(person("Zebedee", Some("Okafor")), "Bins kicked."))
        .unwrap();
    svc.open_case(caseline::service::OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![saved.incident],
        summary: "Bins.".into(),
        ..Default::default()
    })
    .unwrap();
    svc.add_organisation(caseline::service::NewOrganisation {
        name: "Okafor Community Trust".into(),
        kind: "community_group".into(),
        ..Default::default()
    })
    .unwrap();
    let found_since = |svc: &caseline::Caseline, day: &str| {
        let r = svc.search(&format!("since:{day}"), 10).unwrap();
        (r.people.total, r.cases.total, r.organisations.total)
    };
    assert_eq!(found_since(&svc, "2027-06-15"), (1, 1, 1));
    assert_eq!(found_since(&svc, "2027-06-16"), (0, 0, 0));
    close(svc);
    // Reopened: the same from the snapshot.
    let svc = open_store(&dir);
    assert_eq!(found_since(&svc, "2027-06-15"), (1, 1, 1));
    close(svc);
}
