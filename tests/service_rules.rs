//! The rules the service enforces, seen from a caller: refusals are typed, name the
//! field, and write nothing.

mod common;

use caseline::Error;
use caseline::domain::{
    CaseRef, CaseStatus, Channel, Closure, Consent, EntryKind, ListKind, PartyRole, Role, Subject,
};
use caseline::service::{
    IntakeRequest, NewEntry, NewParty, NewUser, OpenCase, PersonRef, StatusChange,
};
use caseline::store::KdfParams;
use chrono::NaiveDate;
use common::{intake, person};

/// Counts of what a refused call must not have added.
fn counts(svc: &caseline::Caseline) -> [usize; 5] {
    [
        svc.people().count(),
        svc.incidents().count(),
        svc.cases().count(),
        svc.timeline_entries().count(),
        svc.follow_ups().count(),
    ]
}

#[track_caller]
fn assert_invalid(e: Error, field: &str) {
    let problems = e
        .problems()
        .unwrap_or_else(|| panic!("expected Error::Invalid naming {field}, got {e:?}"));
    assert!(
        problems.0.iter().any(|p| p.field == field),
        "expected a problem with {field}, got {problems}"
    );
}

fn store() -> (tempfile::TempDir, caseline::Caseline) {
    let tmp = common::temp("rules");
    let svc = common::init_store(&tmp.path().join("data"));
    (tmp, svc)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn an_invalid_postcode_is_refused_by_field_and_nothing_is_written() {
    let (_tmp, svc) = store();
    let before = counts(&svc);
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact.postcode = Some("Clarence Street".into());
    let mut req = intake(amina, "Spat at.");
    req.follow_up = Some(common::follow_up("Call back"));
    let e = svc.record_intake(req).expect_err("bad postcode");
    assert_invalid(e, "parties[0].person.contact.postcode");
    assert_eq!(counts(&svc), before);

    // The message names the field, not the value.
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact.postcode = Some("Clarence Street".into());
    let e = svc.record_intake(intake(amina, "x")).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("contact.postcode"), "{m}");
    assert!(!m.contains("Clarence") && !m.contains("Amina"), "{m}");

    // The incident's own postcode too.
    let mut req = intake(person("Amina", None), "Spat at.");
    req.postcode = Some("12345".into());
    assert_invalid(svc.record_intake(req).unwrap_err(), "postcode");
    assert_eq!(counts(&svc), before);

    // Other problems are found in the same pass, each by its field.
    let mut p = person("", None);
    p.contact.phone = Some("call me".into());
    p.contact.email = Some("nope".into());
    p.languages = vec!["klingon".into()];
    let e = svc.record_intake(intake(p, "x")).unwrap_err();
    let fields: Vec<String> = e
        .problems()
        .unwrap()
        .0
        .iter()
        .map(|p| p.field.clone())
        .collect();
    for f in [
        "parties[0].person.given_names",
        "parties[0].person.contact.phone",
        "parties[0].person.contact.email",
        "parties[0].person.languages[0]",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
    }
    assert_eq!(counts(&svc), before);

    // A valid postcode is stored in its standard form.
    let mut ok = person("Amina", Some("Hassan"));
    ok.contact.postcode = Some(" kt12ab ".into());
    let saved = svc.record_intake(intake(ok, "Spat at.")).unwrap();
    let stored = svc.person(saved.new_people[0]).unwrap();
    assert_eq!(stored.contact.postcode.as_deref(), Some("KT1 2AB"));
}

#[test]
fn who_must_be_named_in_a_report() {
    let (_tmp, svc) = store();
    // Anonymous, no parties: accepted.
    let saved = svc
        .record_intake(IntakeRequest {
            anonymous: true,
            narrative: "Someone was abused at the bus stop.".into(),
            ..IntakeRequest::default()
        })
        .expect("an anonymous report needs nobody");
    assert!(saved.new_people.is_empty());
    assert!(svc.incident(saved.incident).unwrap().anonymous);

    let before = counts(&svc);
    // Not anonymous, direct, nobody: refused.
    let e = svc
        .record_intake(IntakeRequest {
            narrative: "Someone was abused.".into(),
            ..IntakeRequest::default()
        })
        .unwrap_err();
    assert_invalid(e, "parties");
    // Only a perpetrator, described: still nobody who reported it.
    let e = svc
        .record_intake(IntakeRequest {
            narrative: "Someone was abused.".into(),
            parties: vec![NewParty {
                role: PartyRole::Perpetrator,
                person: None,
                description: "Tall man".into(),
            }],
            ..IntakeRequest::default()
        })
        .unwrap_err();
    assert_invalid(e, "parties");
    // A party with neither a person nor a description.
    let mut req = intake(person("Amina", None), "x");
    req.parties.push(NewParty {
        role: PartyRole::Witness,
        person: None,
        description: " ".into(),
    });
    assert_invalid(
        svc.record_intake(req).unwrap_err(),
        "parties[1].description",
    );
    // Nothing said about what happened.
    assert_invalid(
        svc.record_intake(intake(person("Amina", None), "  "))
            .unwrap_err(),
        "narrative",
    );
    // A person who refused consent to be stored: record anonymously instead.
    let mut p = person("Amina", None);
    p.consents.store = Consent::Refused {
        on: common::today(),
    };
    assert_invalid(
        svc.record_intake(intake(p, "x")).unwrap_err(),
        "parties[0].person.consents.store",
    );
    // An existing person who is not there.
    let req = IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::Existing(caseline::domain::PersonId::new())),
            description: String::new(),
        }],
        narrative: "x".into(),
        ..IntakeRequest::default()
    };
    assert_invalid(svc.record_intake(req).unwrap_err(), "parties[0].person");
    // A referral from a source not in the list.
    let req = IntakeRequest {
        anonymous: true,
        channel: Channel::Referral {
            source: "astrologer".into(),
        },
        narrative: "x".into(),
        ..IntakeRequest::default()
    };
    assert_invalid(svc.record_intake(req).unwrap_err(), "channel.source");
    assert_eq!(counts(&svc), before);

    // Reported on someone's behalf with only a reporter: accepted.
    let mut req = intake(person("Grażyna", None), "Her son was threatened.");
    req.parties[0].role = PartyRole::Reporter;
    req.channel = Channel::OnBehalf;
    svc.record_intake(req).expect("a reporter is enough");
}

fn a_case(svc: &caseline::Caseline) -> caseline::domain::CaseId {
    let saved = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Spat at."))
        .unwrap();
    svc.open_case(OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![saved.incident],
        ..OpenCase::default()
    })
    .unwrap()
    .id
}

#[test]
fn the_case_workflow_is_enforced() {
    let (_tmp, svc) = store();
    let id = a_case(&svc);
    let case = svc.case(id).unwrap();
    assert_eq!(case.status, CaseStatus::Open);
    assert_eq!(case.assigned_to, Some(svc.actor().id));
    assert_eq!(case.people.len(), 1, "people come from the incident");
    let entries = || svc.timeline(id).unwrap().len();
    assert_eq!(entries(), 1, "opening is on the timeline");

    // Closing needs an outcome.
    let e = svc
        .change_case_status(
            id,
            StatusChange {
                to: CaseStatus::Closed,
                closure: None,
                note: String::new(),
            },
        )
        .unwrap_err();
    assert_invalid(e, "closure");
    // ... from the outcome list, not before the case was opened.
    let e = svc
        .change_case_status(
            id,
            StatusChange {
                to: CaseStatus::Closed,
                closure: Some(Closure {
                    on: common::today(),
                    outcome: "vanished".into(),
                    note: String::new(),
                }),
                note: String::new(),
            },
        )
        .unwrap_err();
    assert_invalid(e, "closure.outcome");
    let e = svc
        .change_case_status(
            id,
            StatusChange {
                to: CaseStatus::Closed,
                closure: Some(Closure {
                    on: case.opened_on - chrono::Duration::days(3),
                    outcome: "resolved".into(),
                    note: String::new(),
                }),
                note: String::new(),
            },
        )
        .unwrap_err();
    assert_invalid(e, "closure.on");
    assert_eq!(svc.case(id).unwrap(), case, "refusals change nothing");
    assert_eq!(entries(), 1);

    let close = |on| StatusChange {
        to: CaseStatus::Closed,
        closure: Some(Closure {
            on,
            outcome: "resolved".into(),
            note: "Sorted.".into(),
        }),
        note: String::new(),
    };
    svc.change_case_status(id, close(common::today())).unwrap();
    assert_eq!(svc.case(id).unwrap().status, CaseStatus::Closed);
    assert_eq!(entries(), 2);

    // Closed cannot become active (only reopened), nor open, nor closed again.
    for to in [CaseStatus::Active, CaseStatus::Open, CaseStatus::Waiting] {
        let e = svc
            .change_case_status(
                id,
                StatusChange {
                    to,
                    closure: None,
                    note: String::new(),
                },
            )
            .unwrap_err();
        assert_invalid(e, "to");
    }
    assert_invalid(
        svc.change_case_status(id, close(common::today()))
            .unwrap_err(),
        "to",
    );
    assert_eq!(svc.case(id).unwrap().status, CaseStatus::Closed);
    assert_eq!(entries(), 2);

    // Reopening clears the closure; it is on the timeline with where it came from.
    svc.change_case_status(
        id,
        StatusChange {
            to: CaseStatus::Reopened,
            closure: None,
            note: "New incident".into(),
        },
    )
    .unwrap();
    let reopened = svc.case(id).unwrap();
    assert_eq!(reopened.status, CaseStatus::Reopened);
    assert!(reopened.closure.is_none());
    let last = svc.timeline(id).unwrap().pop().unwrap();
    assert_eq!(
        last.kind,
        EntryKind::StatusChange {
            from: Some(CaseStatus::Closed),
            to: CaseStatus::Reopened
        }
    );
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn case_references_count_up_per_year_and_find_their_case() {
    let (_tmp, svc) = store();
    let incident = svc
        .record_intake(intake(person("Amina", None), "Spat at."))
        .unwrap()
        .incident;
    let open = |on: Option<NaiveDate>| {
        svc.open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            opened_on: on,
            ..OpenCase::default()
        })
        .unwrap()
    };
    let a = open(Some(date(2025, 3, 1)));
    let b = open(Some(date(2025, 11, 30)));
    let c = open(Some(date(2024, 12, 31)));
    let d = open(Some(date(2025, 1, 1)));
    assert_eq!(a.reference.to_string(), "C-2025-0001");
    assert_eq!(b.reference.to_string(), "C-2025-0002");
    assert_eq!(c.reference.to_string(), "C-2024-0001");
    assert_eq!(d.reference.to_string(), "C-2025-0003");
    let today = open(None);
    let year = chrono::Datelike::year(&common::today());
    assert_eq!(today.reference.to_string(), format!("C-{year}-0001"));

    for (opened, typed) in [
        (a, "C-2025-0001"),
        (b, "c 2025 2"),
        (c, "2024/1"),
        (d, " C-2025-3 "),
    ] {
        let r: CaseRef = typed.parse().unwrap();
        assert_eq!(svc.case_by_ref(r).unwrap().id, opened.id, "{typed}");
    }
    let e = svc
        .case_by_ref(CaseRef {
            year: 2025,
            number: 4,
        })
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("C-2025-0004"), "{e}");

    // A refused case uses up no number.
    let e = svc
        .open_case(OpenCase {
            kind: "not_a_kind".into(),
            incidents: vec![incident],
            opened_on: Some(date(2025, 6, 1)),
            ..OpenCase::default()
        })
        .unwrap_err();
    assert_invalid(e, "kind");
    assert_eq!(open(Some(date(2025, 6, 1))).reference.number, 4);

    // Numbers carry on after the store is closed and opened again.
    let dir = svc.dir().to_path_buf();
    common::close(svc);
    let svc = common::open_store(&dir);
    let next = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            opened_on: Some(date(2025, 7, 1)),
            ..OpenCase::default()
        })
        .unwrap();
    assert_eq!(next.reference.to_string(), "C-2025-0005");
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn a_case_reference_can_always_be_read_back() {
    let (_tmp, svc) = store();
    let incident = svc
        .record_intake(intake(person("Amina", None), "Spat at."))
        .unwrap()
        .incident;
    // A typing slip in the date: 202 for 2025, or a year with an extra digit.
    for on in [date(202, 5, 1), date(20255, 5, 1)] {
        match svc.open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            opened_on: Some(on),
            ..OpenCase::default()
        }) {
            Err(e) => assert_invalid(e, "opened_on"),
            Ok(opened) => {
                let shown = opened.reference.to_string();
                let back: CaseRef = shown
                    .parse()
                    .unwrap_or_else(|e| panic!("{shown} (opened {on}) does not parse: {e}"));
                assert_eq!(svc.case_by_ref(back).unwrap().opened_on, on, "{shown}");
            }
        }
    }
}

#[test]
fn a_correction_must_be_of_an_entry_of_the_same_case() {
    let (_tmp, svc) = store();
    let first = a_case(&svc);
    let second = a_case(&svc);
    let note = svc
        .add_timeline_entry(NewEntry {
            case: first,
            at: None,
            kind: EntryKind::Note,
            text: "Spoke to Amina.".into(),
            corrects: None,
        })
        .unwrap();
    let before = svc.timeline_entries().count();
    let e = svc
        .add_timeline_entry(NewEntry {
            case: second,
            at: None,
            kind: EntryKind::Note,
            text: "Correction.".into(),
            corrects: Some(note),
        })
        .unwrap_err();
    assert_invalid(e, "corrects");
    let e = svc
        .add_timeline_entry(NewEntry {
            case: second,
            at: None,
            kind: EntryKind::Note,
            text: "Correction.".into(),
            corrects: Some(caseline::domain::TimelineId::new()),
        })
        .unwrap_err();
    assert_invalid(e, "corrects");
    // Entries the actions write themselves cannot be added by hand.
    let e = svc
        .add_timeline_entry(NewEntry {
            case: first,
            at: None,
            kind: EntryKind::StatusChange {
                from: None,
                to: CaseStatus::Closed,
            },
            text: String::new(),
            corrects: None,
        })
        .unwrap_err();
    assert_invalid(e, "kind");
    // Nor in the future, nor an empty note.
    let e = svc
        .add_timeline_entry(NewEntry {
            case: first,
            at: Some(chrono::Utc::now() + chrono::Duration::days(1)),
            kind: EntryKind::Note,
            text: "Later.".into(),
            corrects: None,
        })
        .unwrap_err();
    assert_invalid(e, "at");
    let e = svc
        .add_timeline_entry(NewEntry {
            case: first,
            at: None,
            kind: EntryKind::Note,
            text: "  ".into(),
            corrects: None,
        })
        .unwrap_err();
    assert_invalid(e, "text");
    // A case that is not there.
    let e = svc
        .add_timeline_entry(NewEntry {
            case: caseline::domain::CaseId::new(),
            at: None,
            kind: EntryKind::Note,
            text: "x".into(),
            corrects: None,
        })
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert_eq!(svc.timeline_entries().count(), before);

    // The same case: accepted, and the original stays.
    let fix = svc
        .add_timeline_entry(NewEntry {
            case: first,
            at: None,
            kind: EntryKind::Note,
            text: "Correction: spoke to her sister.".into(),
            corrects: Some(note),
        })
        .unwrap();
    let timeline = svc.timeline(first).unwrap();
    assert!(timeline.iter().any(|e| e.id == note));
    assert_eq!(
        timeline.iter().find(|e| e.id == fix).unwrap().corrects,
        Some(note)
    );
    assert!(svc.timeline(second).unwrap().iter().all(|e| e.id != fix));
}

#[test]
fn caseworkers_and_volunteers_cannot_do_administrators_work() {
    let tmp = common::temp("roles");
    let dir = tmp.path().join("data");
    let mut admin = common::init_store(&dir);
    common::populate(&mut admin);
    let doc = admin.export().unwrap();
    for (login, role) in [("vic", Role::Volunteer), ("cas", Role::Caseworker)] {
        admin
            .add_user(
                NewUser {
                    login: login.into(),
                    display_name: format!("{role} user"),
                    role,
                },
                &format!("{login} passphrase that is long"),
                KdfParams::INSECURE_TEST,
            )
            .unwrap();
    }
    // Logins are unique, and `recovery` is reserved.
    for taken in ["vic", "recovery"] {
        let e = admin
            .add_user(
                NewUser {
                    login: taken.into(),
                    display_name: "Someone".into(),
                    role: Role::Volunteer,
                },
                "a long enough passphrase",
                KdfParams::INSECURE_TEST,
            )
            .unwrap_err();
        assert_invalid(e, "login");
    }
    common::close(admin);

    for login in ["vic", "cas"] {
        let mut svc = caseline::Caseline::open(
            &dir,
            Some(login),
            &format!("{login} passphrase that is long"),
        )
        .unwrap();
        assert_eq!(svc.actor().login, login);
        let before = counts(&svc);
        let not_permitted = |r: Result<(), Error>, what: &str| match r {
            Err(Error::NotPermitted(m)) => assert!(m.contains("administrator"), "{m}"),
            other => panic!("{login} {what}: expected NotPermitted, got {other:?}"),
        };
        not_permitted(svc.export().map(drop), "export");
        not_permitted(svc.import(doc.clone()).map(drop), "import");
        let backup = tmp.path().join(format!("{login}.clb"));
        not_permitted(svc.backup(&backup).map(drop), "backup");
        assert!(!backup.exists());
        not_permitted(
            svc.add_reference_value(ListKind::CaseKind, "Immigration law", None, None)
                .map(drop),
            "add a reference value",
        );
        not_permitted(
            svc.add_user(
                NewUser {
                    login: "x".into(),
                    display_name: "X".into(),
                    role: Role::Administrator,
                },
                "a long enough passphrase",
                KdfParams::INSECURE_TEST,
            )
            .map(drop),
            "add a user",
        );
        assert!(
            !svc.reference_list(ListKind::CaseKind)
                .contains("immigration_law")
        );
        assert_eq!(counts(&svc), before);
        // What they are for still works.
        let saved = svc
            .record_intake(intake(person("Łukasz", Some("Wójcik")), "Shouted at."))
            .unwrap();
        svc.add_follow_up(Subject::Incident(saved.incident), common::follow_up("Call"))
            .unwrap();
        common::close(svc);
    }

    // Their passphrases open only their own slots.
    assert!(caseline::Caseline::open(&dir, Some("admin"), "vic passphrase that is long").is_err());
    // And the administrator sees their work; the store checks clean.
    let admin = common::open_store(&dir);
    assert!(admin.check().unwrap().is_clean());
    assert_eq!(
        admin
            .incidents()
            .filter(|i| i.as_ref().unwrap().recorded_by != admin.actor().id)
            .count(),
        2
    );
}
