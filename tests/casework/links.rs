//! What an entry brings with it and what a case is linked to, seen from a caller of the
//! service: an entry and its follow-up written together (or neither), a phone call's
//! minutes, a police contact's crime reference ending the "chase police" clock, and
//! people and organisations linked to a case in roles.

use crate::casework_support::{
    assert_clean, assert_invalid, ids, note, open_case, police_intake, queue, queue_req, statutory,
    store,
};
use caseline::Caseline;
use caseline::domain::{Answer, CaseId, Direction, EntryKind, FollowUpState, Priority, Subject};
use caseline::service::{
    EntryWith, Link, LinkTo, NewEntry, NewFollowUp, NewOrganisation, NewPerson, OrganisationRef,
    PersonRef, Scope,
};
use chrono::{Duration, NaiveDate};

use crate::common::today;

fn call(case: CaseId, minutes: Option<u32>) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Amina Hassan".into(),
            minutes,
        },
        text: "Talked her through reporting it.".into(),
        corrects: None,
    }
}

fn call_back(due: NaiveDate) -> NewFollowUp {
    NewFollowUp {
        due,
        due_time: None,
        assignee: None,
        priority: Priority::Normal,
        action: "Call back Amina Hassan".into(),
    }
}

/// Entries and follow-ups of a case: what "nothing written" compares.
fn written(svc: &Caseline, case: CaseId) -> (usize, usize) {
    (
        svc.timeline(case).unwrap().len(),
        svc.follow_ups_for_case(case).unwrap().len(),
    )
}

// ---- an entry with its follow-up -------------------------------------------------------

#[test]
fn an_entry_and_its_follow_up_are_written_together() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let due = today() + Duration::days(3);
    let added = svc
        .add_entry_with_follow_up(call(case, Some(12)), Some(call_back(due)))
        .expect("entry and follow-up");
    assert_eq!(added.due, Some(due));
    let entry = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == added.entry)
        .expect("the entry");
    assert_eq!(entry.author, svc.actor().id);
    let f = svc
        .follow_up(added.follow_up.expect("a follow-up"))
        .unwrap();
    assert_eq!(f.subject, Subject::Case(case));
    assert_eq!(f.assignee, Some(svc.actor().id), "for the worker signed in");
    assert_eq!(f.priority, Priority::Normal);
    assert_eq!(f.state, FollowUpState::Open);
    assert_eq!(f.action, "Call back Amina Hassan");
    // Without a follow-up it is just an entry.
    let alone = svc.add_entry_with_follow_up(note(case, "Noted."), None);
    assert_eq!(alone.unwrap().follow_up, None);
    assert_clean(&svc);
}

#[test]
fn a_follow_up_in_the_past_writes_neither() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let before = written(&svc, case);
    let e = svc
        .add_entry_with_follow_up(
            call(case, None),
            Some(call_back(today() - Duration::days(1))),
        )
        .unwrap_err();
    assert_invalid(e, "follow_up.due");
    // Earlier today, at a time already gone, is the past too.
    let mut earlier = call_back(today());
    earlier.due_time = chrono::NaiveTime::from_hms_opt(0, 0, 0);
    let e = svc
        .add_entry_with_follow_up(call(case, None), Some(earlier))
        .unwrap_err();
    assert_invalid(e, "follow_up.due");
    assert_eq!(written(&svc, case), before);
    // Today with no time is still to do.
    svc.add_entry_with_follow_up(call(case, None), Some(call_back(today())))
        .expect("due today");
}

#[test]
fn a_bad_entry_or_a_bad_follow_up_writes_neither() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let before = written(&svc, case);
    let mut nothing_to_do = call_back(today() + Duration::days(1));
    nothing_to_do.action = "  ".into();
    let e = svc
        .add_entry_with_follow_up(call(case, None), Some(nothing_to_do))
        .unwrap_err();
    assert_invalid(e, "follow_up.action");
    let e = svc
        .add_entry_with_follow_up(note(case, ""), Some(call_back(today() + Duration::days(1))))
        .unwrap_err();
    assert_invalid(e, "text");
    assert_eq!(written(&svc, case), before);
}

// ---- phone call minutes -----------------------------------------------------------------

#[test]
fn a_call_lasts_one_to_six_hundred_minutes() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    for bad in [0, 601, u32::MAX] {
        let e = svc.add_timeline_entry(call(case, Some(bad))).unwrap_err();
        assert_invalid(e, "kind.minutes");
        let e = svc
            .add_entry_with(call(case, Some(bad)), EntryWith::default())
            .unwrap_err();
        assert_invalid(e, "kind.minutes");
    }
    for good in [None, Some(1), Some(600)] {
        svc.add_timeline_entry(call(case, good))
            .expect("a call of a sane length");
    }
    let minutes: Vec<_> = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.kind {
            EntryKind::PhoneCall { minutes, .. } => Some(minutes),
            _ => None,
        })
        .collect();
    assert_eq!(minutes, [None, Some(1), Some(600)]);
}

// ---- a crime reference from a police contact --------------------------------------------

fn police_contact(case: CaseId) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::PoliceContact,
        text: "PC Jones rang back.".into(),
        corrects: None,
    }
}

fn with_reference(reference: &str) -> EntryWith {
    EntryWith {
        follow_up: None,
        crime_reference: Some(reference.into()),
    }
}

#[test]
fn a_crime_reference_ends_the_chase_and_lands_on_the_waiting_intakes() {
    let (_tmp, svc) = store();
    let waiting = police_intake(&svc, Answer::Yes, None);
    let referenced = police_intake(&svc, Answer::Yes, Some("CR/1111/26"));
    let not_reported = police_intake(&svc, Answer::No, None);
    let case = open_case(&svc, "hate_crime", |c| {
        c.incidents = vec![waiting, referenced, not_reported]
    });
    let chase = statutory(&svc, case)
        .pop()
        .expect("a chase-police follow-up");
    let everyone = queue_req(Scope::Everyone, today());
    assert!(ids(&queue(&svc, &everyone)).contains(&chase.id));

    let added = svc
        .add_entry_with(police_contact(case), with_reference(" CR/5678/26 "))
        .expect("the police contact");
    assert_eq!(added.crime_reference_on, 1);
    let incident = svc.incident(waiting).unwrap();
    assert_eq!(
        incident.police.crime_reference.as_deref(),
        Some("CR/5678/26")
    );
    let untouched = |id, reference: Option<&str>| {
        assert_eq!(
            svc.incident(id).unwrap().police.crime_reference.as_deref(),
            reference
        )
    };
    untouched(referenced, Some("CR/1111/26"));
    untouched(not_reported, None);
    // The chase is withdrawn, in the same commit as the entry.
    assert!(matches!(
        svc.follow_up(chase.id).unwrap().state,
        FollowUpState::Cancelled { .. }
    ));
    assert!(!ids(&queue(&svc, &everyone)).contains(&chase.id));
    let entry = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == added.entry)
        .unwrap();
    assert_eq!(
        entry.text,
        "PC Jones rang back.\nCrime reference: CR/5678/26"
    );
    assert_clean(&svc);
}

#[test]
fn a_crime_reference_needs_a_police_contact_and_an_intake_waiting_for_one() {
    let (_tmp, svc) = store();
    let referenced = police_intake(&svc, Answer::Yes, Some("CR/1111/26"));
    let case = open_case(&svc, "hate_crime", |c| c.incidents = vec![referenced]);
    let before = written(&svc, case);
    let e = svc
        .add_entry_with(police_contact(case), with_reference("CR/5678/26"))
        .unwrap_err();
    assert_invalid(e, "crime_reference");
    let e = svc
        .add_entry_with(note(case, "Rang them."), with_reference("CR/5678/26"))
        .unwrap_err();
    assert_invalid(e, "crime_reference");
    assert_eq!(written(&svc, case), before);
    // A reference must be one line of text.
    let waiting = police_intake(&svc, Answer::Yes, None);
    let case = open_case(&svc, "hate_crime", |c| c.incidents = vec![waiting]);
    let e = svc
        .add_entry_with(police_contact(case), with_reference("CR/\u{7}"))
        .unwrap_err();
    assert_invalid(e, "crime_reference");
    assert_eq!(svc.incident(waiting).unwrap().police.crime_reference, None);
    // A blank reference is no reference: the entry alone is written.
    svc.add_entry_with(police_contact(case), with_reference("  "))
        .expect("a police contact");
}

// ---- people and organisations linked in roles -------------------------------------------

fn new_name(name: &str) -> LinkTo {
    LinkTo::Person(PersonRef::New(NewPerson {
        given_names: name.into(),
        ..NewPerson::default()
    }))
}

fn last_note(svc: &Caseline, case: CaseId) -> String {
    let timeline = svc.timeline(case).unwrap();
    let newest = timeline.iter().max_by_key(|e| e.recorded_at).unwrap();
    newest.text.clone()
}

#[test]
fn people_are_linked_in_roles_from_the_intake_or_by_a_new_name() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let amina = svc.case(case).unwrap().people[0].clone();
    assert_eq!(amina.role, "complainant_or_victim");
    // The same person in a second role.
    let linked = svc
        .link_to_case(
            case,
            LinkTo::Person(PersonRef::Existing(amina.person)),
            "witness",
        )
        .expect("a second role");
    assert_eq!(linked.said, "Amina Hassan linked as witness");
    // Someone new: their record and the link land together.
    let people_before = svc.people().count();
    let smith = svc
        .link_to_case(case, new_name(" J. Smith "), "alleged_perpetrator")
        .expect("a new person");
    assert_eq!(smith.said, "J. Smith linked as alleged perpetrator");
    assert_eq!(last_note(&svc, case), smith.said);
    assert_eq!(svc.people().count(), people_before + 1);
    let Link::Person(cp) = &smith.link else {
        panic!("a person link")
    };
    assert_eq!(svc.person(cp.person).unwrap().display_name(), "J. Smith");
    let roles: Vec<String> = svc
        .case(case)
        .unwrap()
        .people
        .into_iter()
        .map(|cp| cp.role)
        .collect();
    assert_eq!(
        roles,
        ["complainant_or_victim", "witness", "alleged_perpetrator"]
    );
    assert_clean(&svc);
}

#[test]
fn a_link_needs_a_known_role_a_stored_record_and_no_twin() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let amina = svc.case(case).unwrap().people[0].clone();
    let existing = LinkTo::Person(PersonRef::Existing(amina.person));
    let before = (
        svc.case(case).unwrap(),
        svc.people().count(),
        written(&svc, case),
    );
    let e = svc
        .link_to_case(case, existing.clone(), "complainant_or_victim")
        .unwrap_err();
    assert_invalid(e, "role");
    let e = svc.link_to_case(case, existing, "ringleader").unwrap_err();
    assert_invalid(e, "people[1].role");
    let e = svc
        .link_to_case(case, new_name("J. Smith"), " ")
        .unwrap_err();
    assert_invalid(e, "role");
    let nobody = LinkTo::Person(PersonRef::Existing(caseline::domain::PersonId::new()));
    let e = svc.link_to_case(case, nobody, "witness").unwrap_err();
    assert_invalid(e, "people[1].person");
    // A new person the rules refuse is not created either.
    let e = svc
        .link_to_case(case, new_name("  "), "witness")
        .unwrap_err();
    assert!(
        e.problems()
            .unwrap()
            .0
            .iter()
            .any(|p| p.field.starts_with("person."))
    );
    assert_eq!(
        (
            svc.case(case).unwrap(),
            svc.people().count(),
            written(&svc, case)
        ),
        before
    );
}

#[test]
fn organisations_are_linked_from_the_directory_or_added_to_it() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "employment", |_| {});
    let school = svc
        .add_organisation(NewOrganisation {
            name: "Tiffin Girls' School".into(),
            kind: "school".into(),
            ..NewOrganisation::default()
        })
        .unwrap();
    let linked = svc
        .link_to_case(
            case,
            LinkTo::Organisation(OrganisationRef::Existing(school)),
            "school",
        )
        .expect("from the directory");
    assert_eq!(linked.said, "Tiffin Girls' School linked as school");
    let met = svc
        .link_to_case(
            case,
            LinkTo::Organisation(OrganisationRef::New {
                name: "Met Police".into(),
                kind: "police".into(),
            }),
            "police_force",
        )
        .expect("a new one");
    let Link::Organisation(co) = &met.link else {
        panic!("an organisation link")
    };
    let org = svc.organisation(co.organisation).unwrap();
    assert_eq!(
        (org.name.as_str(), org.kind.as_str()),
        ("Met Police", "police")
    );
    assert_eq!(svc.organisations().count(), 2, "it joined the directory");
    // A new one needs a kind from the list; nothing is added without it.
    let e = svc
        .link_to_case(
            case,
            LinkTo::Organisation(OrganisationRef::New {
                name: "Kingston Council".into(),
                kind: "council_ish".into(),
            }),
            "local_authority",
        )
        .unwrap_err();
    assert_invalid(e, "organisation.kind");
    assert_eq!(svc.organisations().count(), 2);
    let roles: Vec<_> = svc.case(case).unwrap().organisations;
    assert_eq!(roles.len(), 2);
    assert_clean(&svc);
}

#[test]
fn removing_a_link_keeps_the_record_and_says_so() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let smith = svc
        .link_to_case(case, new_name("J. Smith"), "alleged_perpetrator")
        .unwrap();
    let removed = svc.unlink_from_case(case, &smith.link).expect("unlinked");
    assert_eq!(
        removed.said,
        "J. Smith no longer linked as alleged perpetrator"
    );
    assert_eq!(last_note(&svc, case), removed.said);
    assert_eq!(svc.case(case).unwrap().people.len(), 1);
    let Link::Person(cp) = &smith.link else {
        panic!("a person link")
    };
    assert!(svc.person(cp.person).is_ok(), "the person stays on file");
    let again = svc.unlink_from_case(case, &smith.link).unwrap_err();
    assert!(matches!(again, caseline::Error::Conflict(_)), "{again:?}");
    assert_clean(&svc);
}

#[test]
fn a_persons_card_lists_the_cases_they_are_on_and_no_more_once_unlinked() {
    let (_tmp, svc) = store();
    let first = open_case(&svc, "hate_crime", |_| {});
    let second = open_case(&svc, "housing", |_| {});
    let smith = svc
        .link_to_case(first, new_name("J. Smith"), "alleged_perpetrator")
        .expect("a new person");
    let Link::Person(cp) = &smith.link else {
        panic!("a person link")
    };
    let on = |svc: &Caseline| -> Vec<CaseId> {
        let mut ids: Vec<CaseId> = svc
            .person_card(cp.person)
            .unwrap()
            .cases
            .iter()
            .map(|c| c.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(on(&svc), vec![first]);
    svc.link_to_case(
        second,
        LinkTo::Person(PersonRef::Existing(cp.person)),
        "witness",
    )
    .expect("on a second case");
    let mut both = vec![first, second];
    both.sort();
    assert_eq!(on(&svc), both);
    svc.unlink_from_case(first, &smith.link).expect("unlinked");
    assert_eq!(on(&svc), vec![second], "the card follows the unlink");
    assert_clean(&svc);
}
