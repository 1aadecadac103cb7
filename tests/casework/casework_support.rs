//! Fixtures shared by the casework tests (`tests/casework/`), which check the workflow
//! rules of "Cases, timelines and follow-up queues" as a caller of the service sees
//! them.
//!
//! Stores run by the tests' set clock (`common::clock`, Sunday 22 November 2026, 10:15);
//! queues are asked with a `today` of the test's choosing.

#![allow(dead_code)]

use caseline::Caseline;
use caseline::Error;
use caseline::domain::{
    Answer, CaseId, CaseStatus, Closure, EntryKind, FollowUpId, IncidentId, PoliceReport, Priority,
    Role, Subject, User, UserId,
};
use caseline::service::KeyCost;
use caseline::service::{
    Bucket, CaseFilter, NewEntry, NewFollowUp, NewUser, OpenCase, QueueRequest, QueueView, Scope,
    StatusChange,
};
use chrono::NaiveDate;

use crate::common::{self, intake, person};

pub fn store() -> (tempfile::TempDir, Caseline) {
    let tmp = common::temp("casework");
    let svc = common::init_store(&tmp.path().join("data"));
    (tmp, svc)
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[track_caller]
pub fn assert_invalid(e: Error, field: &str) {
    let problems = e
        .problems()
        .unwrap_or_else(|| panic!("expected Error::Invalid naming {field}, got {e:?}"));
    assert!(
        problems.0.iter().any(|p| p.field == field),
        "expected a problem with {field}, got {problems}"
    );
}

#[track_caller]
pub fn assert_conflict(e: Error) {
    assert!(
        matches!(e, Error::Conflict(_)),
        "expected a conflict, got {e:?}"
    );
}

#[track_caller]
pub fn assert_clean(svc: &Caseline) {
    let report = svc.check().expect("check runs");
    assert!(
        report.is_clean(),
        "check found faults: {:#?}",
        report.faults
    );
}

/// A saved intake with `given` as the victim.
pub fn an_intake(svc: &Caseline, given: &str) -> IncidentId {
    svc.record_intake(intake(
        person(given, Some("Hassan")),
        "Shouted at in the street by a neighbour.",
    ))
    .expect("intake")
    .incident
}

/// A case of `kind` opened from a fresh intake, changed by `f` first.
pub fn open_case(svc: &Caseline, kind: &str, f: impl FnOnce(&mut OpenCase)) -> CaseId {
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

pub fn to(status: CaseStatus) -> StatusChange {
    StatusChange {
        to: status,
        closure: None,
        note: format!("Now {}", status.label()),
    }
}

pub fn close_on(on: NaiveDate, outcome: &str) -> StatusChange {
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

pub fn fu(due: NaiveDate, priority: Priority, action: &str) -> NewFollowUp {
    NewFollowUp {
        due,
        due_time: None,
        assignee: None,
        priority,
        action: action.into(),
    }
}

pub fn add_fu(svc: &Caseline, subject: Subject, due: NaiveDate, priority: Priority) -> FollowUpId {
    svc.add_follow_up(subject, fu(due, priority, "Ring back"))
        .expect("follow-up")
}

pub fn queue_req(scope: Scope, today: NaiveDate) -> QueueRequest {
    QueueRequest {
        scope,
        buckets: Vec::new(),
        safeguarding_only: false,
        today,
        limit: 1000,
    }
}

pub fn queue(svc: &Caseline, req: &QueueRequest) -> QueueView {
    svc.queue(req).expect("queue")
}

pub fn count(v: &QueueView, b: Bucket) -> usize {
    v.counts
        .iter()
        .find(|(bucket, _)| *bucket == b)
        .map(|(_, n)| *n)
        .expect("every bucket is counted")
}

pub fn counts(v: &QueueView) -> [usize; 5] {
    Bucket::ALL.map(|b| count(v, b))
}

pub fn ids(v: &QueueView) -> Vec<FollowUpId> {
    v.rows.iter().map(|r| r.id).collect()
}

pub fn add_user(svc: &Caseline, login: &str) -> UserId {
    svc.add_user(
        NewUser {
            login: login.into(),
            display_name: format!("Worker {login}"),
            role: Role::Caseworker,
            centre: None,
        },
        "a long enough passphrase for tests",
        KeyCost::CheapForTests,
    )
    .expect("user")
}

/// A user who has left: the service has no call to disable one, so they come in
/// through an import, as from another store.
pub fn inactive_user(svc: &mut Caseline) -> UserId {
    let mut doc = svc.export().expect("export");
    let id = UserId::new();
    doc.users = vec![User {
        id,
        login: "former.worker".into(),
        display_name: "Former worker".into(),
        role: Role::Caseworker,
        centre: None,
        active: false,
        recovery: false,
        created_at: svc.clock().now(),
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

pub fn statutory(svc: &Caseline, case: CaseId) -> Vec<caseline::domain::FollowUp> {
    svc.follow_ups_for_case(case)
        .unwrap()
        .into_iter()
        .filter(|f| f.statutory)
        .collect()
}

pub fn police_intake(
    svc: &Caseline,
    reported: Answer,
    crime_reference: Option<&str>,
) -> IncidentId {
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

/// A plain note on `case`, happening now.
pub fn note(case: CaseId, text: &str) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: text.into(),
        corrects: None,
    }
}

/// The cases `filter` lists, in its order.
pub fn listed(svc: &Caseline, filter: &CaseFilter) -> Vec<CaseId> {
    svc.list_cases(filter)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.summary.id)
        .collect()
}

/// `filter` with room for every case a test makes.
pub fn all(filter: CaseFilter) -> CaseFilter {
    CaseFilter {
        limit: 100,
        ..filter
    }
}
