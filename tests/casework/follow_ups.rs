//! Follow-ups, seen from a caller of the service: what they belong to, completing,
//! snoozing and reassigning them, and how an intake's follow-ups join a case.

use crate::casework_support::{
    add_fu, add_user, an_intake, assert_clean, assert_conflict, assert_invalid, counts, d, fu, ids,
    inactive_user, open_case, queue, queue_req, store,
};
use crate::common::{self, intake, person};
use caseline::Error;
use caseline::domain::{CaseId, EntryKind, FollowUpState, PartyRole, Priority, Subject, UserId};
use caseline::service::{NewParty, OpenCase, PersonRef, Scope};
use chrono::Duration;

#[test]
fn follow_ups_belong_to_a_case_or_to_an_intake() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let incident = an_intake(&svc, "Wang");
    let on_case = svc
        .add_follow_up(
            Subject::Case(case),
            fu(d(2026, 5, 1), Priority::High, "Write to the council"),
        )
        .unwrap();
    let on_intake = svc
        .add_follow_up(
            Subject::Incident(incident),
            fu(d(2026, 5, 2), Priority::Normal, "Call back"),
        )
        .unwrap();
    let f = svc.follow_up(on_case).unwrap();
    assert_eq!(f.subject, Subject::Case(case));
    assert_eq!(f.state, FollowUpState::Open);
    assert_eq!(f.assignee, Some(svc.actor().id), "the creator by default");
    assert!(!f.statutory);
    assert_eq!(
        svc.follow_ups_for_case(case)
            .unwrap()
            .iter()
            .map(|f| f.id)
            .collect::<Vec<_>>(),
        [on_case]
    );
    assert_eq!(
        svc.follow_ups_for_incident(incident)
            .unwrap()
            .iter()
            .map(|f| f.id)
            .collect::<Vec<_>>(),
        [on_intake]
    );
    // Of no stored subject, or with no action: refused.
    assert!(matches!(
        svc.add_follow_up(
            Subject::Case(CaseId::new()),
            fu(d(2026, 5, 1), Priority::Low, "x")
        ),
        Err(Error::NotFound { .. })
    ));
    assert_invalid(
        svc.add_follow_up(Subject::Case(case), fu(d(2026, 5, 1), Priority::Low, "  "))
            .unwrap_err(),
        "follow_up.action",
    );
    assert_clean(&svc);
}

#[test]
fn completing_a_follow_up_records_who_and_when_and_says_so_on_the_timeline() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let incident = an_intake(&svc, "Wang");
    let id = add_fu(&svc, Subject::Case(case), d(2026, 5, 1), Priority::High);
    let on_intake = add_fu(
        &svc,
        Subject::Incident(incident),
        d(2026, 5, 1),
        Priority::Low,
    );

    let now = svc.clock().now();
    svc.complete_follow_up(id, Some("  Spoke to the housing officer; letter sent.  "))
        .unwrap();
    match svc.follow_up(id).unwrap().state {
        FollowUpState::Done { at, by } => {
            assert_eq!(by, svc.actor().id);
            assert_eq!(at, now);
        }
        other => panic!("expected done, got {other:?}"),
    }
    let last = svc.timeline(case).unwrap().pop().unwrap();
    assert_eq!(last.kind, EntryKind::FollowUpDone { follow_up: id });
    assert_eq!(last.text, "Spoke to the housing officer; letter sent.");
    assert_clean(&svc);

    // Twice: refused, nothing added.
    let entries = svc.timeline_entries().count();
    assert_conflict(svc.complete_follow_up(id, Some("Again")).unwrap_err());
    assert_eq!(svc.timeline_entries().count(), entries);

    // An intake's follow-up is done with no timeline to write to.
    svc.complete_follow_up(on_intake, None).unwrap();
    assert!(!svc.follow_up(on_intake).unwrap().is_open());
    assert_eq!(svc.timeline_entries().count(), entries);
    assert_conflict(svc.complete_follow_up(on_intake, None).unwrap_err());
    assert_clean(&svc);

    // Done follow-ups are in the done bucket, not in the open ones.
    let v = queue(&svc, &queue_req(Scope::Everyone, d(2026, 5, 1)));
    assert_eq!(counts(&v), [0, 0, 0, 0, 2]);
    assert!(v.rows.is_empty());
}

#[test]
fn snoozing_moves_a_follow_up_but_never_into_the_past() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |r| {
        r.safeguarding = vec!["adult_safeguarding".into()]
    });
    let today = common::today();
    let id = add_fu(
        &svc,
        Subject::Case(case),
        today - Duration::days(3),
        Priority::High,
    );
    let later = today + Duration::days(5);
    svc.snooze_follow_up(id, later).unwrap();
    assert_eq!(svc.follow_up(id).unwrap().due, later);
    assert_clean(&svc);
    let v = queue(&svc, &queue_req(Scope::Everyone, today));
    assert_eq!(counts(&v), [0, 0, 1, 0, 0]);
    assert_eq!(v.rows[0].due, later);
    assert!(
        v.rows[0].safeguarding,
        "the moved entry keeps its case's flag"
    );

    // Today is fine; yesterday is not.
    svc.snooze_follow_up(id, today).unwrap();
    assert_eq!(svc.follow_up(id).unwrap().due, today);
    let e = svc
        .snooze_follow_up(id, today - Duration::days(1))
        .unwrap_err();
    assert_invalid(e, "due");
    assert_eq!(svc.follow_up(id).unwrap().due, today);
    assert_clean(&svc);

    svc.complete_follow_up(id, None).unwrap();
    assert_conflict(svc.snooze_follow_up(id, later).unwrap_err());
    assert_clean(&svc);
}

#[test]
fn reassigning_needs_an_active_user_and_moves_the_follow_up_between_queues() {
    let (_tmp, mut svc) = store();
    let gone = inactive_user(&mut svc);
    let sam = add_user(&svc, "sam");
    let case = open_case(&svc, "hate_crime", |_| {});
    let id = add_fu(&svc, Subject::Case(case), d(2026, 5, 1), Priority::Normal);
    let today = d(2026, 5, 1);

    svc.reassign_follow_up(id, sam).unwrap();
    assert_eq!(svc.follow_up(id).unwrap().assignee, Some(sam));
    assert_clean(&svc);
    assert!(queue(&svc, &queue_req(Scope::Mine, today)).rows.is_empty());
    assert_eq!(ids(&queue(&svc, &queue_req(Scope::User(sam), today))), [id]);
    assert_eq!(svc.my_counts(today).unwrap(), (0, 0));

    for nobody in [gone, UserId::new()] {
        let e = svc.reassign_follow_up(id, nobody).unwrap_err();
        assert_invalid(e, "assignee");
        assert_eq!(svc.follow_up(id).unwrap().assignee, Some(sam));
    }
    // Nor may a new follow-up go to someone who has left.
    let mut leftover = fu(today, Priority::Low, "Hand over");
    leftover.assignee = Some(gone);
    assert_invalid(
        svc.add_follow_up(Subject::Case(case), leftover)
            .unwrap_err(),
        "follow_up.assignee",
    );

    svc.reassign_follow_up(id, svc.actor().id).unwrap();
    assert!(
        queue(&svc, &queue_req(Scope::User(sam), today))
            .rows
            .is_empty()
    );
    assert_eq!(ids(&queue(&svc, &queue_req(Scope::Mine, today))), [id]);
    assert_eq!(svc.my_counts(today).unwrap(), (0, 1));
    assert_clean(&svc);

    svc.complete_follow_up(id, None).unwrap();
    assert_conflict(svc.reassign_follow_up(id, sam).unwrap_err());
    assert_clean(&svc);
}

#[test]
fn opening_a_case_from_an_intake_brings_its_follow_ups() {
    let (_tmp, svc) = store();
    let mut req = intake(person("Amina", Some("Hassan")), "Spat at at the bus stop.");
    req.follow_up = Some(fu(d(2026, 5, 4), Priority::High, "Call Amina back"));
    let saved = svc.record_intake(req).unwrap();
    let f = saved.follow_up.unwrap();
    let today = d(2026, 5, 1);
    let v = queue(&svc, &queue_req(Scope::Everyone, today));
    assert_eq!(
        v.rows[0].case, None,
        "an intake's follow-up has no case yet"
    );

    let opened = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            safeguarding: vec!["adult_safeguarding".into()],
            ..OpenCase::default()
        })
        .unwrap();
    assert!(
        svc.follow_ups_for_incident(saved.incident)
            .unwrap()
            .is_empty()
    );
    let moved = svc.follow_ups_for_case(opened.id).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].id, f);
    assert_eq!(moved[0].subject, Subject::Case(opened.id));
    assert_eq!(moved[0].action, "Call Amina back");
    let v = queue(&svc, &queue_req(Scope::Everyone, today));
    assert_eq!(v.rows.len(), 1);
    assert_eq!(v.rows[0].case, Some((opened.id, opened.reference)));
    assert!(v.rows[0].safeguarding, "the case's flag now applies");
    assert_clean(&svc);
}

#[test]
fn attaching_an_intake_adds_its_people_and_follow_ups_once() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let first_people = svc.case(case).unwrap().people;
    assert_eq!(first_people.len(), 1);
    assert_eq!(first_people[0].role, "complainant_or_victim");

    let mut req = intake(person("Wang", Some("Xiuying")), "Window smashed.");
    req.parties.push(NewParty {
        role: PartyRole::Witness,
        person: Some(PersonRef::New(person("Łukasz", Some("Wójcik")))),
        description: String::new(),
    });
    req.parties.push(NewParty {
        role: PartyRole::Perpetrator,
        person: Some(PersonRef::New(person("Gary", Some("Smith")))),
        description: String::new(),
    });
    req.parties.push(NewParty {
        role: PartyRole::Perpetrator,
        person: None,
        description: "A second man, unknown".into(),
    });
    req.follow_up = Some(fu(d(2026, 5, 4), Priority::Normal, "Ask about CCTV"));
    let saved = svc.record_intake(req).unwrap();
    let [victim, witness, perpetrator] = saved.new_people[..] else {
        panic!("three new people: {:?}", saved.new_people);
    };
    let entries = svc.timeline(case).unwrap().len();

    svc.attach_incident(case, saved.incident).unwrap();
    let c = svc.case(case).unwrap();
    assert!(c.incidents.contains(&saved.incident));
    let roles: Vec<(caseline::domain::PersonId, &str)> = c
        .people
        .iter()
        .map(|p| (p.person, p.role.as_str()))
        .collect();
    assert_eq!(roles.len(), 4, "{roles:?}");
    assert!(roles.contains(&(victim, "complainant_or_victim")));
    assert!(roles.contains(&(witness, "witness")));
    assert!(roles.contains(&(perpetrator, "alleged_perpetrator")));
    assert!(
        svc.follow_ups_for_incident(saved.incident)
            .unwrap()
            .is_empty()
    );
    let moved = svc.follow_up(saved.follow_up.unwrap()).unwrap();
    assert_eq!(moved.subject, Subject::Case(case));
    let timeline = svc.timeline(case).unwrap();
    assert_eq!(timeline.len(), entries + 1, "the timeline says so");
    assert!(timeline.last().unwrap().text.contains("added to the case"));
    assert_clean(&svc);

    let after = svc.case(case).unwrap();
    assert_conflict(svc.attach_incident(case, saved.incident).unwrap_err());
    assert_eq!(
        svc.case(case).unwrap(),
        after,
        "attaching twice changes nothing"
    );
    assert_eq!(svc.timeline(case).unwrap().len(), entries + 1);
    assert_clean(&svc);
}
