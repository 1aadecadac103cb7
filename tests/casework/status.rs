//! Case status transitions, seen from a caller of the service: the workflow a case
//! walks, the transitions it refuses, and what closing needs.

use crate::casework_support::{assert_clean, assert_invalid, close_on, d, open_case, store, to};
use caseline::domain::{CaseStatus, EntryKind, ListKind};
use caseline::service::StatusChange;
use chrono::Duration;

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
    let (_tmp, svc) = store();
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
