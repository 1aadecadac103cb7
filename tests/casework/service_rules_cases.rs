//! The rules the service enforces on cases and their timelines, seen from a caller:
//! the status workflow, case references, and corrections. Refusals are typed, name the
//! field, and write nothing.

use crate::common::{self, intake, person};
use crate::service_rules_support::{a_case, assert_invalid, date, store};
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{CaseId, CaseRef, CaseStatus, Closure, EntryKind};
use caseline::service::{NewEntry, OpenCase, StatusChange};
use chrono::NaiveDate;

/// A change to `to`, with no closure and no note.
fn to(to: CaseStatus) -> StatusChange {
    StatusChange {
        to,
        closure: None,
        note: String::new(),
    }
}

/// Closing on `on` with `outcome`, the closure noted as `note`.
fn closing(on: NaiveDate, outcome: &str, note: &str) -> StatusChange {
    StatusChange {
        closure: Some(Closure {
            on,
            outcome: outcome.into(),
            note: note.into(),
        }),
        ..to(CaseStatus::Closed)
    }
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
        .change_case_status(id, to(CaseStatus::Closed))
        .unwrap_err();
    assert_invalid(e, "closure");
    // ... from the outcome list, not before the case was opened.
    let e = svc
        .change_case_status(id, closing(common::today(), "vanished", ""))
        .unwrap_err();
    assert_invalid(e, "closure.outcome");
    let three_days_before = case.opened_on - chrono::Duration::days(3);
    let e = svc
        .change_case_status(id, closing(three_days_before, "resolved", ""))
        .unwrap_err();
    assert_invalid(e, "closure.on");
    assert_eq!(svc.case(id).unwrap(), case, "refusals change nothing");
    assert_eq!(entries(), 1);

    let close = |on| closing(on, "resolved", "Sorted.");
    svc.change_case_status(id, close(common::today())).unwrap();
    assert_eq!(svc.case(id).unwrap().status, CaseStatus::Closed);
    assert_eq!(entries(), 2);

    // Closed cannot become active (only reopened), nor open, nor closed again.
    for status in [CaseStatus::Active, CaseStatus::Open, CaseStatus::Waiting] {
        let e = svc.change_case_status(id, to(status)).unwrap_err();
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
            note: "New incident".into(),
            ..to(CaseStatus::Reopened)
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

/// A note on `case` with `text`, happening now, correcting nothing.
fn note(case: CaseId, text: &str) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: text.into(),
        corrects: None,
    }
}

/// Adds `entry`, expecting it refused with a problem naming `field`.
#[track_caller]
fn assert_entry_refused(svc: &Caseline, entry: NewEntry, field: &str) {
    assert_invalid(svc.add_timeline_entry(entry).unwrap_err(), field);
}

#[test]
fn a_correction_must_be_of_an_entry_of_the_same_case() {
    let (_tmp, svc) = store();
    let first = a_case(&svc);
    let second = a_case(&svc);
    let note_id = svc
        .add_timeline_entry(note(first, "Spoke to Amina."))
        .unwrap();
    let before = svc.timeline_entries().count();
    let correcting = |id| NewEntry {
        corrects: Some(id),
        ..note(second, "Correction.")
    };
    assert_entry_refused(&svc, correcting(note_id), "corrects");
    let nothing = caseline::domain::TimelineId::new();
    assert_entry_refused(&svc, correcting(nothing), "corrects");
    // Entries the actions write themselves cannot be added by hand.
    let by_hand = NewEntry {
        kind: EntryKind::StatusChange {
            from: None,
            to: CaseStatus::Closed,
        },
        ..note(first, "")
    };
    assert_entry_refused(&svc, by_hand, "kind");
    // Nor in the future, nor an empty note.
    let later = NewEntry {
        at: Some(svc.clock().now() + chrono::Duration::days(1)),
        ..note(first, "Later.")
    };
    assert_entry_refused(&svc, later, "at");
    assert_entry_refused(&svc, note(first, "  "), "text");
    // A case that is not there.
    let e = svc
        .add_timeline_entry(note(caseline::domain::CaseId::new(), "x"))
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert_eq!(svc.timeline_entries().count(), before);

    // The same case: accepted, and the original stays.
    let fix = svc
        .add_timeline_entry(NewEntry {
            corrects: Some(note_id),
            ..note(first, "Correction: spoke to her sister.")
        })
        .unwrap();
    let timeline = svc.timeline(first).unwrap();
    assert!(timeline.iter().any(|e| e.id == note_id));
    assert_eq!(
        timeline.iter().find(|e| e.id == fix).unwrap().corrects,
        Some(note_id)
    );
    assert!(svc.timeline(second).unwrap().iter().all(|e| e.id != fix));
}
