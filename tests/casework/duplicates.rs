//! A volunteer who types a caller already on file, but out of their sight, is told only
//! that the caller may be on file; the intake they save is marked as a possible
//! duplicate for a caseworker.

use crate::common::{self, intake, person};
use crate::service_rules_support::store;
use caseline::domain::Role;
use caseline::service::KeyCost;
use caseline::service::{NewUser, PersonQuery};

const VIC: &str = "volunteer passphrase long";

fn amina() -> caseline::service::NewPerson {
    let mut p = person("Amina", Some("Hassan"));
    p.contact.phone = Some("07700 900123".into());
    p
}

#[test]
fn a_caller_on_file_out_of_a_volunteers_sight_is_only_hinted_at_and_marked() {
    let (tmp, svc) = store();
    svc.record_intake(intake(amina(), "Spat at.")).unwrap();
    svc.add_user(
        NewUser {
            login: "vic".into(),
            display_name: "Vic".into(),
            role: Role::Volunteer,
            centre: None,
        },
        VIC,
        KeyCost::CheapForTests,
    )
    .unwrap();
    let q = PersonQuery {
        name: "Amina Hassan".into(),
        phone: "07700 900123".into(),
        postcode: String::new(),
    };
    // The council's own staff see her, and are not told anything more.
    assert_eq!(svc.find_people(&q, 5).unwrap().len(), 1);
    assert!(!svc.caller_elsewhere(&q).unwrap());
    common::close(svc);

    let dir = tmp.path().join("data");
    let vic = caseline::Caseline::open_with_clock(&dir, Some("vic"), VIC, common::clock()).unwrap();
    assert!(
        vic.find_people(&q, 5).unwrap().is_empty(),
        "no details shown"
    );
    assert!(vic.caller_elsewhere(&q).unwrap());
    let someone_else = PersonQuery {
        name: "Kofi Mensah".into(),
        ..PersonQuery::default()
    };
    assert!(!vic.caller_elsewhere(&someone_else).unwrap());

    let saved = vic
        .record_intake(intake(amina(), "Spat at again."))
        .unwrap();
    assert!(vic.incident(saved.incident).unwrap().possible_duplicate);
    // The card of the caller the volunteer recorded offers them no merge; the same
    // card offers it to an administrator.
    let newer = saved.new_people[0];
    assert!(!vic.person_card(newer).unwrap().may_merge);
    let rows = vic.recent_intakes().unwrap();
    let row = rows.iter().find(|r| r.id == saved.incident).unwrap();
    assert_eq!(row.caller, "Amina Hassan (possible duplicate)");
    let other = vic
        .record_intake(intake(person("Kofi", Some("Mensah")), "Bins set alight."))
        .unwrap();
    assert!(!vic.incident(other.incident).unwrap().possible_duplicate);
    common::close(vic);
    let admin = common::crash::open_store(&dir);
    assert!(admin.person_card(newer).unwrap().may_merge);
    common::close(admin);
}

#[test]
fn a_caseworker_merges_two_records_of_one_person_keeping_links_and_history() {
    let (tmp, svc) = store();
    let first = svc.record_intake(intake(amina(), "Spat at.")).unwrap();
    let original = first.new_people[0];
    svc.add_user(
        NewUser {
            login: "vic".into(),
            display_name: "Vic".into(),
            role: Role::Volunteer,
            centre: None,
        },
        VIC,
        KeyCost::CheapForTests,
    )
    .unwrap();
    common::close(svc);
    let dir = tmp.path().join("data");
    let vic = caseline::Caseline::open_with_clock(&dir, Some("vic"), VIC, common::clock()).unwrap();
    let mut again = amina();
    again.given_names = "Aminah".into();
    let second = vic.record_intake(intake(again, "Spat at again.")).unwrap();
    let duplicate = second.new_people[0];
    let case = vic
        .open_case(caseline::service::OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![second.incident],
            ..Default::default()
        })
        .unwrap()
        .id;
    assert!(matches!(
        vic.merge_people(duplicate, original),
        Err(caseline::Error::NotPermitted(_))
    ));
    common::close(vic);

    let svc = common::open_store(&dir);
    let marked = svc.possible_duplicates().unwrap();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert_eq!(marked[0].incident, Some(second.incident));
    assert_eq!(marked[0].on_file.as_ref().map(|p| p.id), Some(original));
    assert_eq!(marked[0].newer.id, duplicate);
    assert_eq!(marked[0].matched_on, ["name", "phone"]);
    let like = svc.merge_candidates(original).unwrap();
    assert_eq!(
        like.iter().map(|p| p.newer.id).collect::<Vec<_>>(),
        [duplicate],
        "the record itself is not offered"
    );
    svc.merge_people(original, duplicate).unwrap();
    assert!(svc.possible_duplicates().unwrap().is_empty());
    assert!(
        svc.person(duplicate).is_err(),
        "the duplicate record is gone"
    );
    let kept = svc.person(original).unwrap();
    assert!(kept.other_names.contains(&"Aminah Hassan".to_string()));
    let last = kept.history.last().unwrap();
    assert_eq!(last.changed, ["merged with another record of them"]);
    for id in [first.incident, second.incident] {
        let i = svc.incident(id).unwrap();
        assert_eq!(
            i.people_in(caseline::domain::PartyRole::Victim).next(),
            Some(original)
        );
        assert!(!i.possible_duplicate);
    }
    let c = svc.case(case).unwrap();
    assert!(
        c.people.iter().all(|cp| cp.person == original),
        "{:?}",
        c.people
    );
    assert!(
        svc.timeline(case)
            .unwrap()
            .iter()
            .any(|e| e.text.contains("merged"))
    );
    let log = svc
        .audit_log(&caseline::service::AuditQuery {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.detail == "two records of one person merged")
    );
    let found = svc
        .find_people(
            &PersonQuery {
                name: "Amina".into(),
                ..PersonQuery::default()
            },
            5,
        )
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        svc.check().unwrap().is_clean(),
        "{:#?}",
        svc.check().unwrap().faults
    );
    common::close(svc);
}
