//! The workflow rules of "Cases, timelines and follow-up queues", seen from a caller of
//! the service: status transitions, the append-only timeline, follow-ups and their
//! queues, statutory clocks, case lists, and the derived indexes behind them.
//!
//! Queues are always asked with a fixed `today`; only `snooze` (which refuses the past
//! relative to the real today) and the timestamps the service writes use the clock.

mod common;

use std::path::Path;

use caseline::Caseline;
use caseline::Error;
use caseline::domain::{
    Answer, CaseId, CaseStatus, Closure, EntryKind, FollowUpId, FollowUpState, IncidentId,
    ListKind, PartyRole, PoliceReport, Priority, ReferralId, Role, Subject, User, UserId,
};
use caseline::service::{
    Bucket, CaseFilter, CaseSort, IntakeRequest, NewEntry, NewFollowUp, NewParty, NewUser,
    OpenCase, PersonRef, QueueRequest, QueueView, Scope, StatusChange, UpdateCase,
    tribunal_deadline,
};
use caseline::store::KdfParams;
use caseline::store::kind::plain;
use chrono::{Duration, NaiveDate, Utc};
use common::{intake, person};

// ---------------------------------------------------------------------------------------
// Helpers

fn store() -> (tempfile::TempDir, Caseline) {
    let tmp = common::temp("casework");
    let svc = common::init_store(&tmp.path().join("data"));
    (tmp, svc)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
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

#[track_caller]
fn assert_conflict(e: Error) {
    assert!(
        matches!(e, Error::Conflict(_)),
        "expected a conflict, got {e:?}"
    );
}

#[track_caller]
fn assert_clean(svc: &Caseline) {
    let report = svc.check().expect("check runs");
    assert!(
        report.is_clean(),
        "check found faults: {:#?}",
        report.faults
    );
}

/// A saved intake with `given` as the victim.
fn an_intake(svc: &Caseline, given: &str) -> IncidentId {
    svc.record_intake(intake(
        person(given, Some("Hassan")),
        "Shouted at in the street by a neighbour.",
    ))
    .expect("intake")
    .incident
}

/// A case of `kind` opened from a fresh intake, changed by `f` first.
fn open_case(svc: &Caseline, kind: &str, f: impl FnOnce(&mut OpenCase)) -> CaseId {
    let incident = an_intake(svc, "Amina");
    let mut req = OpenCase {
        kind: kind.into(),
        incidents: vec![incident],
        summary: "Casework.".into(),
        ..OpenCase::default()
    };
    f(&mut req);
    svc.open_case(req).expect("case opens").id
}

fn to(status: CaseStatus) -> StatusChange {
    StatusChange {
        to: status,
        closure: None,
        note: format!("Now {}", status.label()),
    }
}

fn close_on(on: NaiveDate, outcome: &str) -> StatusChange {
    StatusChange {
        to: CaseStatus::Closed,
        closure: Some(Closure {
            on,
            outcome: outcome.into(),
            note: "Sorted.".into(),
        }),
        note: "Closed".into(),
    }
}

fn fu(due: NaiveDate, priority: Priority, action: &str) -> NewFollowUp {
    NewFollowUp {
        due,
        due_time: None,
        assignee: None,
        priority,
        action: action.into(),
    }
}

fn add_fu(svc: &Caseline, subject: Subject, due: NaiveDate, priority: Priority) -> FollowUpId {
    svc.add_follow_up(subject, fu(due, priority, "Ring back"))
        .expect("follow-up")
}

fn queue_req(scope: Scope, today: NaiveDate) -> QueueRequest {
    QueueRequest {
        scope,
        buckets: Vec::new(),
        safeguarding_only: false,
        today,
        limit: 1000,
    }
}

fn queue(svc: &Caseline, req: &QueueRequest) -> QueueView {
    svc.queue(req).expect("queue")
}

fn count(v: &QueueView, b: Bucket) -> usize {
    v.counts
        .iter()
        .find(|(bucket, _)| *bucket == b)
        .map(|(_, n)| *n)
        .expect("every bucket is counted")
}

fn counts(v: &QueueView) -> [usize; 5] {
    Bucket::ALL.map(|b| count(v, b))
}

fn ids(v: &QueueView) -> Vec<FollowUpId> {
    v.rows.iter().map(|r| r.id).collect()
}

fn add_user(svc: &Caseline, login: &str) -> UserId {
    svc.add_user(
        NewUser {
            login: login.into(),
            display_name: format!("Worker {login}"),
            role: Role::Caseworker,
        },
        "a long enough passphrase for tests",
        KdfParams::INSECURE_TEST,
    )
    .expect("user")
}

/// A user who has left: the service has no call to disable one, so they come in
/// through an import, as from another store.
fn inactive_user(svc: &mut Caseline) -> UserId {
    let mut doc = svc.export().expect("export");
    let id = UserId::new();
    doc.users = vec![User {
        id,
        login: "former.worker".into(),
        display_name: "Former worker".into(),
        role: Role::Caseworker,
        active: false,
        recovery: false,
        created_at: Utc::now(),
    }];
    doc.organisations.clear();
    doc.people.clear();
    doc.incidents.clear();
    doc.cases.clear();
    doc.timeline.clear();
    doc.follow_ups.clear();
    doc.referrals.clear();
    svc.import(doc).expect("import of one inactive user");
    assert!(!svc.user(id).unwrap().active);
    id
}

fn statutory(svc: &Caseline, case: CaseId) -> Vec<caseline::domain::FollowUp> {
    svc.follow_ups_for_case(case)
        .unwrap()
        .into_iter()
        .filter(|f| f.statutory)
        .collect()
}

fn police_intake(svc: &Caseline, reported: Answer, crime_reference: Option<&str>) -> IncidentId {
    let mut req = intake(
        person("Bilal", Some("Ahmed")),
        "Racist graffiti on the door.",
    );
    req.police = PoliceReport {
        reported,
        force: Some("Metropolitan Police".into()),
        crime_reference: crime_reference.map(str::to_string),
        reported_at: Some(d(2026, 1, 5).and_hms_opt(20, 30, 0).unwrap()),
    };
    svc.record_intake(req).expect("intake").incident
}

// ---------------------------------------------------------------------------------------
// Status transitions

#[test]
fn a_case_walks_its_whole_workflow_and_each_step_is_on_the_timeline() {
    let (_tmp, svc) = store();
    let id = open_case(&svc, "hate_crime", |r| r.opened_on = Some(d(2026, 1, 5)));
    assert_eq!(svc.case(id).unwrap().status, CaseStatus::Open);
    let path = [
        to(CaseStatus::Active),
        to(CaseStatus::Waiting),
        to(CaseStatus::OnHold),
        to(CaseStatus::Active),
        close_on(d(2026, 2, 1), "resolved"),
        to(CaseStatus::Reopened),
        close_on(d(2026, 3, 1), "advice_given"),
    ];
    let mut from = CaseStatus::Open;
    for change in path {
        let next = change.to;
        let before = svc.timeline(id).unwrap().len();
        svc.change_case_status(id, change.clone())
            .unwrap_or_else(|e| panic!("{} -> {}: {e}", from.label(), next.label()));
        let case = svc.case(id).unwrap();
        assert_eq!(case.status, next);
        assert_eq!(
            case.closure, change.closure,
            "closure kept only while closed"
        );
        let timeline = svc.timeline(id).unwrap();
        assert_eq!(timeline.len(), before + 1);
        let last = timeline.last().unwrap();
        assert_eq!(
            last.kind,
            EntryKind::StatusChange {
                from: Some(from),
                to: next
            }
        );
        assert_eq!(last.text, change.note);
        assert_eq!(last.author, svc.actor().id);
        from = next;
    }
    let changes: Vec<_> = svc
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.kind {
            EntryKind::StatusChange { from, to } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(changes.len(), 8, "opening plus seven changes: {changes:?}");
    assert_eq!(changes[0], (None, CaseStatus::Open));
    let closure = svc.case(id).unwrap().closure.unwrap();
    assert_eq!(closure.outcome, "advice_given");
    assert_eq!(closure.on, d(2026, 3, 1));
    assert_clean(&svc);
}

#[test]
fn forbidden_transitions_are_refused_naming_to_and_change_nothing() {
    let (_tmp, svc) = store();
    let id = open_case(&svc, "hate_crime", |r| r.opened_on = Some(d(2026, 1, 5)));
    let refuse = |change: StatusChange| {
        let case = svc.case(id).unwrap();
        let entries = svc.timeline(id).unwrap().len();
        let what = format!("{} -> {}", case.status.label(), change.to.label());
        let e = svc
            .change_case_status(id, change)
            .expect_err(&format!("{what} must be refused"));
        assert_invalid(e, "to");
        assert_eq!(svc.case(id).unwrap(), case, "{what}: nothing changes");
        assert_eq!(svc.timeline(id).unwrap().len(), entries, "{what}: no entry");
    };
    let closing = || close_on(d(2026, 2, 1), "resolved");

    // open: nothing goes back to open, nor to reopened; nothing stays as it is.
    refuse(to(CaseStatus::Open));
    refuse(to(CaseStatus::Reopened));
    for (status, change) in [
        (CaseStatus::Active, to(CaseStatus::Active)),
        (CaseStatus::Waiting, to(CaseStatus::Waiting)),
        (CaseStatus::OnHold, to(CaseStatus::OnHold)),
    ] {
        svc.change_case_status(id, to(status)).unwrap();
        refuse(change);
        refuse(to(CaseStatus::Open));
        refuse(to(CaseStatus::Reopened));
    }
    svc.change_case_status(id, closing()).unwrap();
    // closed: only reopened.
    refuse(to(CaseStatus::Active));
    refuse(to(CaseStatus::Waiting));
    refuse(to(CaseStatus::OnHold));
    refuse(to(CaseStatus::Open));
    refuse(closing());
    svc.change_case_status(id, to(CaseStatus::Reopened))
        .unwrap();
    refuse(to(CaseStatus::Reopened));
    refuse(to(CaseStatus::Open));
    // reopened: on to active, and closed again.
    svc.change_case_status(id, to(CaseStatus::Active)).unwrap();
    refuse(to(CaseStatus::Reopened));
    assert_clean(&svc);
}

#[test]
fn closing_needs_an_outcome_from_the_list_and_a_date_not_before_opening() {
    let (_tmp, mut svc) = store();
    let opened = d(2026, 1, 5);
    let id = open_case(&svc, "employment", |r| r.opened_on = Some(opened));
    svc.change_case_status(id, to(CaseStatus::Active)).unwrap();
    let before = svc.case(id).unwrap();
    let entries = svc.timeline(id).unwrap().len();

    let e = svc
        .change_case_status(id, to(CaseStatus::Closed))
        .unwrap_err();
    assert_invalid(e, "closure");
    let e = svc
        .change_case_status(id, close_on(opened, "mediated"))
        .unwrap_err();
    assert_invalid(e, "closure.outcome");
    let e = svc
        .change_case_status(id, close_on(opened - Duration::days(1), "resolved"))
        .unwrap_err();
    assert_invalid(e, "closure.on");
    assert_eq!(svc.case(id).unwrap(), before, "refusals change nothing");
    assert_eq!(svc.timeline(id).unwrap().len(), entries);

    // An administrator extends the outcome list; the new outcome closes cases.
    let added = svc
        .add_reference_value(ListKind::Outcome, "Mediated", None, None)
        .unwrap();
    assert_eq!(added.code, "mediated");
    // Closing on the day it opened is fine.
    svc.change_case_status(id, close_on(opened, "mediated"))
        .unwrap();
    let closed = svc.case(id).unwrap();
    assert_eq!(closed.status, CaseStatus::Closed);
    assert_eq!(closed.closure.as_ref().unwrap().outcome, "mediated");
    assert_eq!(closed.closure.as_ref().unwrap().on, opened);
    assert_clean(&svc);
}

// ---------------------------------------------------------------------------------------
// Timeline

fn note(case: CaseId, text: &str) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: text.into(),
        corrects: None,
    }
}

#[test]
fn the_timeline_is_append_only_and_a_correction_points_at_its_entry() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let other = open_case(&svc, "housing", |_| {});
    let original = svc
        .add_timeline_entry(note(case, "The man lives at number 12."))
        .unwrap();
    let before = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == original)
        .unwrap();

    let correction = svc
        .add_timeline_entry(NewEntry {
            corrects: Some(original),
            ..note(case, "Correction: number 14, not 12.")
        })
        .unwrap();
    let timeline = svc.timeline(case).unwrap();
    let still = timeline.iter().find(|e| e.id == original).unwrap();
    assert_eq!(*still, before, "the corrected entry stays as it was");
    let c = timeline.iter().find(|e| e.id == correction).unwrap();
    assert_eq!(c.corrects, Some(original));
    assert_eq!(c.text, "Correction: number 14, not 12.");

    // A correction of another case's entry, or of no entry at all, is refused.
    let entries = svc.timeline_entries().count();
    let e = svc
        .add_timeline_entry(NewEntry {
            corrects: Some(original),
            ..note(other, "Correcting the wrong case.")
        })
        .unwrap_err();
    assert_invalid(e, "corrects");
    let e = svc
        .add_timeline_entry(NewEntry {
            corrects: Some(caseline::domain::TimelineId::new()),
            ..note(case, "Correcting nothing.")
        })
        .unwrap_err();
    assert_invalid(e, "corrects");
    assert_eq!(
        svc.timeline_entries().count(),
        entries,
        "refusals add nothing"
    );
    assert_clean(&svc);
}

#[test]
fn entries_that_actions_record_cannot_be_added_by_hand() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let entries = svc.timeline(case).unwrap().len();
    for kind in [
        EntryKind::StatusChange {
            from: Some(CaseStatus::Open),
            to: CaseStatus::Active,
        },
        EntryKind::FollowUpDone {
            follow_up: FollowUpId::new(),
        },
        EntryKind::Referral {
            referral: ReferralId::new(),
        },
    ] {
        let name = kind.name();
        let e = svc
            .add_timeline_entry(NewEntry {
                case,
                at: None,
                kind,
                text: "By hand.".into(),
                corrects: None,
            })
            .expect_err(name);
        assert_invalid(e, "kind");
    }
    assert_eq!(svc.timeline(case).unwrap().len(), entries);
    assert_eq!(svc.case(case).unwrap().status, CaseStatus::Open);
}

#[test]
fn an_entry_happens_now_unless_told_and_never_in_the_future() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let before = Utc::now();
    let id = svc.add_timeline_entry(note(case, "Called Amina.")).unwrap();
    let after = Utc::now();
    let e = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert!(before <= e.at && e.at <= after, "`at` defaults to now");
    assert!(before <= e.recorded_at && e.recorded_at <= after);

    let entries = svc.timeline(case).unwrap().len();
    let e = svc
        .add_timeline_entry(NewEntry {
            at: Some(Utc::now() + Duration::days(1)),
            ..note(case, "Tomorrow's call.")
        })
        .unwrap_err();
    assert_invalid(e, "at");
    assert_eq!(svc.timeline(case).unwrap().len(), entries);

    // Something that happened last week can be written down today.
    let past = Utc::now() - Duration::days(7);
    let id = svc
        .add_timeline_entry(NewEntry {
            at: Some(past),
            ..note(case, "Met at the community centre.")
        })
        .unwrap();
    let e = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert_eq!(e.at, past);
    assert!(e.recorded_at >= after);
}

#[test]
fn a_timeline_comes_back_in_the_order_things_happened() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let now = Utc::now();
    let mut made = Vec::new();
    for days in [2, 9, 5, 1, 7] {
        let id = svc
            .add_timeline_entry(NewEntry {
                at: Some(now - Duration::days(days)),
                ..note(case, &format!("{days} days ago"))
            })
            .unwrap();
        made.push((days, id));
    }
    let timeline = svc.timeline(case).unwrap();
    assert_eq!(timeline.len(), 6);
    assert!(
        timeline.windows(2).all(|w| w[0].at <= w[1].at),
        "sorted by time: {:?}",
        timeline.iter().map(|e| e.at).collect::<Vec<_>>()
    );
    let texts: Vec<&str> = timeline.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "9 days ago",
            "7 days ago",
            "5 days ago",
            "2 days ago",
            "1 days ago",
            "Case opened"
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Follow-ups

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

    let before = Utc::now();
    svc.complete_follow_up(id, Some("  Spoke to the housing officer; letter sent.  "))
        .unwrap();
    let after = Utc::now();
    match svc.follow_up(id).unwrap().state {
        FollowUpState::Done { at, by } => {
            assert_eq!(by, svc.actor().id);
            assert!(before <= at && at <= after);
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

// ---------------------------------------------------------------------------------------
// Intakes becoming casework

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

// ---------------------------------------------------------------------------------------
// Queues

#[test]
fn queues_put_follow_ups_in_buckets_counted_from_a_fixed_today() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "housing", |_| {});
    let today = d(2026, 6, 15);
    let s = Subject::Case(case);
    let dues = [
        (d(2026, 6, 1), Bucket::Overdue, 14),
        (d(2026, 6, 14), Bucket::Overdue, 1),
        (today, Bucket::Today, 0),
        (d(2026, 6, 16), Bucket::Week, -1),
        (d(2026, 6, 22), Bucket::Week, -7),
        (d(2026, 6, 23), Bucket::Later, -8),
        (d(2027, 1, 1), Bucket::Later, -200),
    ];
    let made: Vec<FollowUpId> = dues
        .iter()
        .map(|(due, _, _)| add_fu(&svc, s, *due, Priority::Normal))
        .collect();
    let done = add_fu(&svc, s, d(2026, 6, 10), Priority::Urgent);
    svc.complete_follow_up(done, None).unwrap();

    let all = queue(&svc, &queue_req(Scope::Everyone, today));
    assert_eq!(counts(&all), [2, 1, 2, 2, 1]);
    assert_eq!(ids(&all), made, "open buckets, most overdue first");
    for (row, (due, bucket, late)) in all.rows.iter().zip(dues) {
        assert_eq!(row.due, due);
        assert_eq!(row.bucket, bucket, "{due}");
        assert_eq!(row.days_overdue, late, "{due}");
        assert_eq!(row.case.map(|c| c.0), Some(case));
    }
    let only = |buckets: Vec<Bucket>| {
        let v = queue(
            &svc,
            &QueueRequest {
                buckets,
                ..queue_req(Scope::Everyone, today)
            },
        );
        assert_eq!(counts(&v), [2, 1, 2, 2, 1], "counts cover every bucket");
        ids(&v)
    };
    assert_eq!(only(vec![Bucket::Overdue]), made[..2]);
    assert_eq!(only(vec![Bucket::Today]), made[2..3]);
    assert_eq!(only(vec![Bucket::Week]), made[3..5]);
    assert_eq!(only(vec![Bucket::Later]), made[5..]);
    assert_eq!(only(vec![Bucket::Done]), [done]);
    assert_eq!(only(vec![Bucket::Overdue, Bucket::Today]), made[..3]);

    // The same follow-ups seen a week later.
    let v = queue(&svc, &queue_req(Scope::Everyone, d(2026, 6, 22)));
    assert_eq!(counts(&v), [4, 1, 1, 1, 1]);
    assert_eq!(svc.my_counts(today).unwrap(), (2, 1));
    assert_eq!(svc.my_counts(d(2026, 6, 22)).unwrap(), (4, 1));
    assert_eq!(svc.my_counts(d(2026, 5, 1)).unwrap(), (0, 0));
}

#[test]
fn queues_order_by_lateness_then_priority_then_safeguarding_then_statutory() {
    let (_tmp, svc) = store();
    // An employment case with the act on 10 January: statutory follow-ups due 12 March
    // (ACAS) and 9 April (tribunal), both urgent.
    let employment = open_case(&svc, "employment", |r| {
        r.act_complained_of = Some(d(2026, 1, 10))
    });
    let guarded = open_case(&svc, "hate_crime", |r| {
        r.safeguarding = vec!["child_safeguarding".into()]
    });
    let plain_case = open_case(&svc, "housing", |_| {});
    let day = d(2026, 4, 9);
    let (g, n) = (Subject::Case(guarded), Subject::Case(plain_case));
    let normal = add_fu(&svc, n, day, Priority::Normal);
    let high_plain = add_fu(&svc, n, day, Priority::High);
    let urgent_plain = add_fu(&svc, n, day, Priority::Urgent);
    let high_guarded = add_fu(&svc, g, day, Priority::High);
    let urgent_guarded = add_fu(&svc, g, day, Priority::Urgent);
    let low_older = add_fu(&svc, n, d(2026, 4, 1), Priority::Low);
    let low_plain = add_fu(&svc, n, day, Priority::Low);
    let clocks = statutory(&svc, employment);
    let acas = clocks.iter().find(|f| f.due == d(2026, 3, 12)).unwrap().id;
    let tribunal = clocks.iter().find(|f| f.due == day).unwrap().id;

    let v = queue(&svc, &queue_req(Scope::Everyone, d(2026, 4, 20)));
    assert_eq!(
        ids(&v),
        [
            acas,           // 39 days late
            low_older,      // 19 days late, though low
            urgent_guarded, // 11 days late: urgent, safeguarding first,
            tribunal,       // then the statutory deadline,
            urgent_plain,   // then the rest of the urgent ones,
            high_guarded,   // high: safeguarding first
            high_plain,
            normal,
            low_plain,
        ]
    );
    let row = |id| v.rows.iter().find(|r| r.id == id).unwrap();
    assert!(row(urgent_guarded).safeguarding && !row(urgent_guarded).statutory);
    assert!(row(tribunal).statutory && !row(tribunal).safeguarding);
    assert!(row(tribunal).action.contains("indicative: check"));
    assert_eq!(row(tribunal).priority, Priority::Urgent);
    assert_eq!(row(low_older).days_overdue, 19);

    // The safeguarding flag set or cleared later moves a case's follow-ups with it.
    svc.update_case(
        plain_case,
        UpdateCase {
            safeguarding: Some(vec!["forced_marriage".into()]),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    svc.update_case(
        guarded,
        UpdateCase {
            safeguarding: Some(Vec::new()),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let v = queue(&svc, &queue_req(Scope::Everyone, d(2026, 4, 20)));
    assert_eq!(
        ids(&v),
        [
            acas,
            low_older,
            urgent_plain,
            tribunal,
            urgent_guarded,
            high_plain,
            high_guarded,
            normal,
            low_plain,
        ]
    );
    assert_clean(&svc);
}

#[test]
fn queues_by_whose_by_safeguarding_and_limited() {
    let (_tmp, svc) = store();
    let sam = add_user(&svc, "sam");
    let guarded = open_case(&svc, "hate_crime", |r| {
        r.safeguarding = vec!["adult_safeguarding".into()];
        r.assigned_to = Some(sam);
    });
    let plain_case = open_case(&svc, "housing", |_| {});
    let incident = an_intake(&svc, "Wang");
    let today = d(2026, 6, 15);
    let assign = |subject, due, who: Option<UserId>| {
        let mut f = fu(due, Priority::Normal, "Chase");
        f.assignee = who;
        svc.add_follow_up(subject, f).unwrap()
    };
    let mine_overdue = assign(Subject::Case(plain_case), d(2026, 6, 10), None);
    let mine_today = assign(Subject::Incident(incident), today, None);
    let mine_guarded_week = assign(Subject::Case(guarded), d(2026, 6, 18), None);
    let sams_overdue = assign(Subject::Case(guarded), d(2026, 6, 12), Some(sam));
    let sams_today = assign(Subject::Case(plain_case), today, Some(sam));
    let sams_later = assign(Subject::Case(guarded), d(2026, 9, 1), Some(sam));
    let sams_done = assign(Subject::Case(plain_case), d(2026, 6, 1), Some(sam));
    svc.complete_follow_up(sams_done, None).unwrap();

    let mine = queue(&svc, &queue_req(Scope::Mine, today));
    assert_eq!(ids(&mine), [mine_overdue, mine_today, mine_guarded_week]);
    assert_eq!(counts(&mine), [1, 1, 1, 0, 0]);
    assert!(mine.rows.iter().all(|r| r.assignee == Some(svc.actor().id)));
    let admin = queue(&svc, &queue_req(Scope::User(svc.actor().id), today));
    assert_eq!(admin, mine, "Mine is the acting user's");
    let sams = queue(&svc, &queue_req(Scope::User(sam), today));
    assert_eq!(ids(&sams), [sams_overdue, sams_today, sams_later]);
    assert_eq!(counts(&sams), [1, 1, 0, 1, 1]);
    let everyone = queue(&svc, &queue_req(Scope::Everyone, today));
    assert_eq!(
        ids(&everyone),
        [
            mine_overdue,
            sams_overdue,
            mine_today,
            sams_today,
            mine_guarded_week,
            sams_later
        ]
    );
    assert_eq!(counts(&everyone), [2, 2, 1, 1, 1]);
    assert!(
        queue(&svc, &queue_req(Scope::User(UserId::new()), today))
            .rows
            .is_empty()
    );

    // Only safeguarding cases: rows and counts alike.
    let guarded_only = queue(
        &svc,
        &QueueRequest {
            safeguarding_only: true,
            ..queue_req(Scope::Everyone, today)
        },
    );
    assert_eq!(
        ids(&guarded_only),
        [sams_overdue, mine_guarded_week, sams_later]
    );
    assert!(guarded_only.rows.iter().all(|r| r.safeguarding));
    assert_eq!(counts(&guarded_only), [1, 0, 1, 1, 0]);
    let mine_guarded = queue(
        &svc,
        &QueueRequest {
            safeguarding_only: true,
            ..queue_req(Scope::Mine, today)
        },
    );
    assert_eq!(ids(&mine_guarded), [mine_guarded_week]);

    // A limit caps the rows, never the counts.
    for limit in [0, 1, 4] {
        let v = queue(
            &svc,
            &QueueRequest {
                limit,
                ..queue_req(Scope::Everyone, today)
            },
        );
        assert_eq!(v.rows, everyone.rows[..limit], "limit {limit}");
        assert_eq!(v.counts, everyone.counts, "limit {limit}");
    }

    // The home screen's counts: the acting user's overdue and today.
    assert_eq!(svc.my_counts(today).unwrap(), (1, 1));
    assert_eq!(svc.my_counts(d(2026, 6, 18)).unwrap(), (2, 1));
    assert_clean(&svc);
}

// ---------------------------------------------------------------------------------------
// Statutory clocks

#[test]
fn an_employment_case_gets_its_tribunal_deadline_and_acas_reminder() {
    let (_tmp, svc) = store();
    let sam = add_user(&svc, "sam");
    let case = open_case(&svc, "employment", |r| {
        r.act_complained_of = Some(d(2026, 1, 10));
        r.assigned_to = Some(sam);
    });
    let clocks = statutory(&svc, case);
    assert_eq!(clocks.len(), 2, "{clocks:#?}");
    let (acas, tribunal) = (&clocks[0], &clocks[1]);
    assert_eq!(tribunal.due, d(2026, 4, 9), "three months less one day");
    assert_eq!(acas.due, d(2026, 3, 12), "28 days before");
    for f in [acas, tribunal] {
        assert_eq!(f.priority, Priority::Urgent);
        assert!(f.action.contains("indicative: check"), "{}", f.action);
        assert_eq!(f.assignee, Some(sam), "the case's worker");
        assert!(f.is_open());
        assert_eq!(f.subject, Subject::Case(case));
    }
    assert!(tribunal.action.contains("Employment Tribunal"));
    assert!(
        tribunal.action.contains("9 April 2026"),
        "{}",
        tribunal.action
    );
    assert!(acas.action.contains("ACAS"));
    let (acas_id, tribunal_id) = (acas.id, tribunal.id);
    assert_clean(&svc);

    // A later date for the act moves both; nothing is duplicated.
    svc.update_case(
        case,
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 2, 1))),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let clocks = statutory(&svc, case);
    assert_eq!(clocks.len(), 2, "{clocks:#?}");
    assert_eq!((clocks[0].id, clocks[1].id), (acas_id, tribunal_id));
    assert_eq!(clocks[1].due, d(2026, 4, 30));
    assert_eq!(clocks[0].due, d(2026, 4, 2));
    assert!(
        clocks[1].action.contains("30 April 2026"),
        "{}",
        clocks[1].action
    );
    assert_clean(&svc);
    let timeline = svc.timeline(case).unwrap();
    assert_eq!(
        timeline.last().unwrap().text,
        "Date of the act complained of changed"
    );

    // Other changes leave them alone; so does a second update to the same date.
    for update in [
        UpdateCase {
            summary: Some("Grievance letter drafted.".into()),
            ..UpdateCase::default()
        },
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 2, 1))),
            risk: Some(caseline::domain::RiskLevel::High),
            ..UpdateCase::default()
        },
    ] {
        svc.update_case(case, update).unwrap();
        let again = statutory(&svc, case);
        assert_eq!(again, clocks);
    }
    assert_eq!(svc.follow_ups().count(), 2);
    assert_clean(&svc);
}

#[test]
fn an_employment_case_without_a_date_gets_its_clocks_when_the_date_is_known() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "employment", |_| {});
    assert!(statutory(&svc, case).is_empty());
    svc.update_case(
        case,
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 3, 31))),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let dues: Vec<NaiveDate> = statutory(&svc, case).iter().map(|f| f.due).collect();
    assert_eq!(dues, [d(2026, 6, 1), d(2026, 6, 29)]);
    assert_clean(&svc);
}

#[test]
fn the_tribunal_deadline_at_month_ends() {
    assert_eq!(tribunal_deadline(d(2026, 1, 10)), Some(d(2026, 4, 9)));
    assert_eq!(tribunal_deadline(d(2026, 11, 30)), Some(d(2027, 2, 27)));
    assert_eq!(tribunal_deadline(d(2026, 3, 31)), Some(d(2026, 6, 29)));
    assert_eq!(tribunal_deadline(d(2026, 12, 31)), Some(d(2027, 3, 30)));
    assert_eq!(tribunal_deadline(NaiveDate::MAX), None);
}

#[test]
fn a_hate_crime_reported_to_police_without_a_crime_reference_gets_one_chase() {
    let (_tmp, svc) = store();
    let reported = police_intake(&svc, Answer::Yes, None);
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![reported],
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let chase = statutory(&svc, case);
    assert_eq!(chase.len(), 1, "{chase:#?}");
    let chase = chase[0].clone();
    assert_eq!(chase.priority, Priority::High);
    assert!(
        chase.action.starts_with("Chase the police"),
        "{}",
        chase.action
    );
    assert!(chase.action.contains("indicative: check"));
    assert_eq!(chase.due, d(2026, 1, 12), "seven days after the report");
    assert_clean(&svc);

    // Updating the case, or adding another such intake, makes no second one.
    svc.update_case(
        case,
        UpdateCase {
            summary: Some("Graffiti again.".into()),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    svc.update_case(
        case,
        UpdateCase {
            safeguarding: Some(vec!["adult_safeguarding".into()]),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let another = police_intake(&svc, Answer::Yes, None);
    svc.attach_incident(case, another).unwrap();
    svc.change_case_status(case, to(CaseStatus::Active))
        .unwrap();
    let after = statutory(&svc, case);
    assert_eq!(after, [chase]);
    assert_eq!(svc.follow_ups().count(), 1);
    assert_clean(&svc);
}

#[test]
fn no_chase_without_a_police_report_with_a_crime_reference_or_for_other_kinds() {
    let (_tmp, svc) = store();
    let open = |kind: &str, incident| {
        svc.open_case(OpenCase {
            kind: kind.into(),
            incidents: vec![incident],
            ..OpenCase::default()
        })
        .unwrap()
        .id
    };
    let with_reference = police_intake(&svc, Answer::Yes, Some("CR/1234/26"));
    let not_reported = police_intake(&svc, Answer::No, None);
    let unknown = police_intake(&svc, Answer::Unknown, None);
    for incident in [with_reference, not_reported, unknown] {
        let case = open("hate_crime", incident);
        assert!(statutory(&svc, case).is_empty());
    }
    for kind in ["housing", "education", "complex", "employment"] {
        let incident = police_intake(&svc, Answer::Yes, None);
        let case = open(kind, incident);
        assert!(statutory(&svc, case).is_empty(), "{kind}");
    }
    // Other kinds with a date of an act get no tribunal deadline either.
    let housing = open_case(&svc, "housing", |r| {
        r.act_complained_of = Some(d(2026, 1, 10))
    });
    assert!(statutory(&svc, housing).is_empty());
    assert_eq!(svc.follow_ups().count(), 0);
    assert_clean(&svc);
}

// ---------------------------------------------------------------------------------------
// Case lists

fn listed(svc: &Caseline, filter: &CaseFilter) -> Vec<CaseId> {
    svc.list_cases(filter)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.summary.id)
        .collect()
}

fn all(filter: CaseFilter) -> CaseFilter {
    CaseFilter {
        limit: 100,
        ..filter
    }
}

#[test]
fn case_lists_filter_sort_and_limit() {
    let (_tmp, svc) = store();
    let sam = add_user(&svc, "sam");
    let hate = open_case(&svc, "hate_crime", |_| {});
    let employment = open_case(&svc, "employment", |r| r.assigned_to = Some(sam));
    let closed = open_case(&svc, "housing", |r| r.opened_on = Some(d(2026, 1, 5)));
    svc.change_case_status(closed, close_on(d(2026, 2, 1), "resolved"))
        .unwrap();
    let guarded = open_case(&svc, "hate_crime", |r| {
        r.safeguarding = vec!["honour_based_violence".into()]
    });
    let waiting = open_case(&svc, "education", |_| {});
    svc.change_case_status(waiting, to(CaseStatus::Waiting))
        .unwrap();

    let sorted = |mut v: Vec<CaseId>| {
        v.sort();
        v
    };
    let by = |f: CaseFilter| sorted(listed(&svc, &all(f)));
    assert_eq!(
        by(CaseFilter::default()),
        sorted(vec![hate, employment, guarded, waiting]),
        "no status: every case not closed"
    );
    assert_eq!(
        by(CaseFilter {
            status: Some(CaseStatus::Closed),
            ..CaseFilter::default()
        }),
        [closed]
    );
    assert_eq!(
        by(CaseFilter {
            status: Some(CaseStatus::Waiting),
            ..CaseFilter::default()
        }),
        [waiting]
    );
    assert_eq!(
        by(CaseFilter {
            kind: Some("hate_crime".into()),
            ..CaseFilter::default()
        }),
        sorted(vec![hate, guarded])
    );
    assert_eq!(
        by(CaseFilter {
            worker: Some(sam),
            ..CaseFilter::default()
        }),
        [employment]
    );
    assert_eq!(
        by(CaseFilter {
            safeguarding_only: true,
            ..CaseFilter::default()
        }),
        [guarded]
    );
    assert_eq!(
        by(CaseFilter {
            kind: Some("hate_crime".into()),
            worker: Some(sam),
            ..CaseFilter::default()
        }),
        []
    );

    // Last activity: a new timeline entry moves a case to the top.
    let activity = all(CaseFilter::default());
    for case in [hate, employment, guarded, hate] {
        svc.add_timeline_entry(note(case, "Called.")).unwrap();
        assert_eq!(listed(&svc, &activity)[0], case);
    }
    // ... as does a follow-up done with a note, or a status change.
    let f = add_fu(&svc, Subject::Case(waiting), d(2026, 5, 1), Priority::Low);
    svc.complete_follow_up(f, Some("Done.")).unwrap();
    assert_eq!(listed(&svc, &activity)[0], waiting);
    svc.change_case_status(employment, to(CaseStatus::Active))
        .unwrap();
    assert_eq!(listed(&svc, &activity)[0], employment);
    let list = svc.list_cases(&activity).unwrap();
    assert!(
        list.rows
            .windows(2)
            .all(|w| w[0].summary.last_activity >= w[1].summary.last_activity)
    );

    // Next follow-up: soonest first, cases with none last; done ones do not count.
    add_fu(
        &svc,
        Subject::Case(employment),
        d(2026, 5, 20),
        Priority::Low,
    );
    add_fu(
        &svc,
        Subject::Case(employment),
        d(2026, 7, 1),
        Priority::Low,
    );
    add_fu(&svc, Subject::Case(guarded), d(2026, 5, 10), Priority::Low);
    let soon = all(CaseFilter {
        sort: CaseSort::NextFollowUp,
        ..CaseFilter::default()
    });
    let list = svc.list_cases(&soon).unwrap();
    let order: Vec<(CaseId, Option<NaiveDate>)> = list
        .rows
        .iter()
        .map(|r| (r.summary.id, r.next_follow_up))
        .collect();
    assert_eq!(order[0], (guarded, Some(d(2026, 5, 10))));
    assert_eq!(order[1], (employment, Some(d(2026, 5, 20))));
    assert_eq!(
        sorted(order[2..].iter().map(|r| r.0).collect()),
        sorted(vec![hate, waiting])
    );
    assert!(order[2..].iter().all(|r| r.1.is_none()), "{order:?}");

    // A limit caps the rows, not the total; the rows returned carry client names.
    for limit in [0, 1, 2] {
        let list = svc
            .list_cases(&CaseFilter {
                limit,
                ..soon.clone()
            })
            .unwrap();
        assert_eq!(list.total, 4);
        assert_eq!(list.rows.len(), limit);
        for row in &list.rows {
            assert_eq!(row.client.as_deref(), Some("Amina Hassan"));
        }
    }
    assert_clean(&svc);
}

#[test]
fn a_case_list_names_the_first_complainant() {
    let (_tmp, svc) = store();
    let mut req = intake(person("秀英", Some("王")), "Window smashed.");
    if let Some(PersonRef::New(p)) = &mut req.parties[0].person {
        p.family_name_first = true;
    }
    req.parties.insert(
        0,
        NewParty {
            role: PartyRole::Witness,
            person: Some(PersonRef::New(person("Łukasz", Some("Wójcik")))),
            description: String::new(),
        },
    );
    let saved = svc.record_intake(req).unwrap();
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let anonymous = svc
        .record_intake(IntakeRequest {
            anonymous: true,
            narrative: "Anonymous report.".into(),
            ..IntakeRequest::default()
        })
        .unwrap();
    let nobody = svc
        .open_case(OpenCase {
            kind: "third_party_report".into(),
            incidents: vec![anonymous.incident],
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let list = svc.list_cases(&all(CaseFilter::default())).unwrap();
    let client = |id| {
        list.rows
            .iter()
            .find(|r| r.summary.id == id)
            .unwrap()
            .client
            .clone()
    };
    assert_eq!(client(case).as_deref(), Some("王 秀英"));
    assert_eq!(client(nobody), None);
}

// ---------------------------------------------------------------------------------------
// Indexes

/// Everything above at once, on [`common::populate`]'s store.
#[test]
fn the_indexes_match_the_records_after_a_mixed_workload() {
    let (_tmp, mut svc) = store();
    let made = common::populate(&mut svc);
    let sam = add_user(&svc, "sam");
    let employment = open_case(&svc, "employment", |r| {
        r.act_complained_of = Some(d(2026, 1, 10));
        r.assigned_to = Some(sam);
    });
    let today = common::today();
    let a = add_fu(&svc, Subject::Case(made.case), today, Priority::Urgent);
    let b = add_fu(&svc, Subject::Case(employment), today, Priority::Low);
    let c = add_fu(
        &svc,
        Subject::Incident(made.incidents[2]),
        today,
        Priority::High,
    );
    svc.snooze_follow_up(a, today + Duration::days(3)).unwrap();
    svc.reassign_follow_up(b, sam).unwrap();
    svc.complete_follow_up(c, Some("Done")).unwrap();
    svc.update_case(
        employment,
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 2, 14))),
            safeguarding: Some(vec!["adult_safeguarding".into()]),
            assigned_to: Some(svc.actor().id),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    svc.update_case(
        made.case,
        UpdateCase {
            safeguarding: Some(Vec::new()),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    svc.attach_incident(employment, made.incidents[2]).unwrap();
    svc.change_case_status(employment, to(CaseStatus::OnHold))
        .unwrap();
    svc.change_case_status(made.closed_case, to(CaseStatus::Reopened))
        .unwrap();
    assert_clean(&svc);

    // Rebuilding the indexes from scratch gives the same queues and lists.
    let req = queue_req(Scope::Everyone, today);
    let before = (
        queue(&svc, &req),
        svc.list_cases(&all(CaseFilter::default())).unwrap(),
    );
    svc.reindex().unwrap();
    assert_clean(&svc);
    let after = (
        queue(&svc, &req),
        svc.list_cases(&all(CaseFilter::default())).unwrap(),
    );
    assert_eq!(before, after);
}

/// Opens the closed store's database with sled itself.
fn with_sled<T>(dir: &Path, f: impl FnOnce(&sled::Db) -> T) -> T {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .open()
        .expect("sled opens the store");
    let out = f(&db);
    db.flush().expect("flush");
    drop(db);
    common::wait_released(dir);
    out
}

#[test]
fn a_missing_index_entry_is_reported_and_reindex_rebuilds_it() {
    let tmp = common::temp("tamper");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let case = open_case(&svc, "hate_crime", |_| {});
    let today = d(2026, 6, 15);
    let lost = add_fu(&svc, Subject::Case(case), d(2026, 6, 10), Priority::High);
    let kept = add_fu(&svc, Subject::Case(case), d(2026, 6, 20), Priority::Low);
    assert_eq!(
        ids(&queue(&svc, &queue_req(Scope::Everyone, today))),
        [lost, kept]
    );
    assert_clean(&svc);
    common::close(svc);

    with_sled(&dir, |db| {
        let t = db.open_tree(plain::FOLLOW_UPS_DUE).unwrap();
        let key = t
            .iter()
            .keys()
            .map(|k| k.unwrap())
            .find(|k| k.ends_with(&lost.0.to_bytes()))
            .expect("the follow-up's due entry");
        t.remove(key).unwrap();
    });

    let svc = common::open_store(&dir);
    let report = svc.check().unwrap();
    let faults: Vec<_> = report
        .faults
        .iter()
        .filter(|f| f.place.starts_with(plain::FOLLOW_UPS_DUE))
        .collect();
    assert_eq!(faults.len(), 1, "{:#?}", report.faults);
    assert_eq!(report.faults.len(), 1, "{:#?}", report.faults);
    assert!(
        faults[0].problem.contains("caseline reindex"),
        "{:?}",
        faults[0]
    );
    // The queue is answered from the index: the follow-up has gone missing from it.
    assert_eq!(
        ids(&queue(&svc, &queue_req(Scope::Everyone, today))),
        [kept]
    );
    common::close(svc);

    let r = common::cli(&dir, &["check"]).expect(1);
    assert!(r.stdout.contains(plain::FOLLOW_UPS_DUE), "{}", r.stdout);
    assert!(r.stdout.contains("caseline reindex"), "{}", r.stdout);
    let r = common::cli(&dir, &["reindex"]).expect(0);
    assert!(r.stdout.contains("Indexes rebuilt"), "{}", r.stdout);
    common::cli(&dir, &["check"]).expect(0);

    let svc = common::open_store(&dir);
    assert_clean(&svc);
    assert_eq!(
        ids(&queue(&svc, &queue_req(Scope::Everyone, today))),
        [lost, kept]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_version_1_store_gets_its_indexes_and_its_queue() {
    let tmp = common::temp("v1-queue");
    let dir = tmp.path().join("data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1"),
        &dir,
    );
    let index_entries = |db: &sled::Db| {
        [
            plain::FOLLOW_UPS_DUE,
            plain::FOLLOW_UPS_MINE,
            plain::CASE_SUMMARY,
        ]
        .map(|t| db.open_tree(t).unwrap().len())
    };
    assert_eq!(
        with_sled(&dir, index_entries),
        [0, 0, 0],
        "the fixture predates the indexes"
    );

    let svc = Caseline::open(&dir, None, "fixture passphrase v1").expect("v1 opens");
    assert_clean(&svc);
    let v = queue(&svc, &queue_req(Scope::Everyone, d(2026, 11, 25)));
    assert_eq!(v.rows.len(), 2, "{v:#?}");
    assert_eq!(counts(&v), [0, 1, 1, 0, 0]);
    assert_eq!(v.rows[0].due, d(2026, 11, 25));
    assert_eq!(v.rows[0].case, None, "the intake's follow-up");
    assert_eq!(v.rows[1].due, d(2026, 12, 1));
    let (case, _) = v.rows[1].case.expect("the case's follow-up");
    let list = svc.list_cases(&all(CaseFilter::default())).unwrap();
    let row = list.rows.iter().find(|r| r.summary.id == case).unwrap();
    assert_eq!(row.next_follow_up, Some(d(2026, 12, 1)));
    assert_eq!(svc.case_summaries().unwrap().len(), svc.cases().count());
    svc.close().unwrap();
    common::wait_released(&dir);

    let [due, mine, summaries] = with_sled(&dir, index_entries);
    assert_eq!((due, mine), (2, 2));
    assert!(summaries >= 1);
}

// ---------------------------------------------------------------------------------------
// Concurrent calls

/// Runs `a` and `b` on two threads, released together.
fn race(a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            barrier.wait();
            a()
        });
        s.spawn(|| {
            barrier.wait();
            b()
        });
    });
}

/// `Caseline` is shared between threads (the terminal UI holds it in an `Arc`), and
/// `write_guard` exists to serialise read-modify-write sequences; but completing,
/// snoozing and reassigning a follow-up and adding a timeline entry read and write
/// without it. Two completions of one follow-up then both succeed (two "done" entries
/// on the timeline), and a completion racing a snooze or a reassignment leaves index
/// entries of both versions, which `check` reports.
#[test]
fn concurrent_changes_to_one_follow_up_are_serialised() {
    let (_tmp, svc) = store();
    let sam = add_user(&svc, "sam");
    let case = open_case(&svc, "hate_crime", |_| {});
    let today = common::today();
    for round in 0..40 {
        let id = add_fu(&svc, Subject::Case(case), today, Priority::High);
        let ok = std::sync::atomic::AtomicUsize::new(0);
        let complete = || {
            if svc.complete_follow_up(id, Some("Rang back.")).is_ok() {
                ok.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        };
        race(complete, complete);
        assert_eq!(
            ok.into_inner(),
            1,
            "round {round}: one follow-up completed twice"
        );
        let other = add_fu(&svc, Subject::Case(case), today, Priority::High);
        race(
            || {
                let _ = svc.complete_follow_up(other, None);
            },
            || {
                let _ = if round % 2 == 0 {
                    svc.snooze_follow_up(other, today + Duration::days(4))
                } else {
                    svc.reassign_follow_up(other, sam)
                };
            },
        );
        // A timeline entry racing a status change must not put back the old status.
        let status = if round % 2 == 0 {
            CaseStatus::Active
        } else {
            CaseStatus::Waiting
        };
        race(
            || {
                svc.add_timeline_entry(note(case, "Called.")).unwrap();
            },
            || svc.change_case_status(case, to(status)).unwrap(),
        );
        let report = svc.check().unwrap();
        assert!(report.is_clean(), "round {round}: {:#?}", report.faults);
    }
    let done_entries = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.kind, EntryKind::FollowUpDone { .. }))
        .count();
    assert_eq!(done_entries, 80);
}
