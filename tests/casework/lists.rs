//! Case lists, seen from a caller of the service: filters, sorting, limits and the
//! client each row names.

use crate::casework_support::{
    add_fu, add_user, all, assert_clean, close_on, d, listed, note, open_case, store, to,
};
use crate::common::{intake, person};
use caseline::Caseline;
use caseline::domain::{CaseId, CaseStatus, PartyRole, Priority, Subject, UserId};
use caseline::service::{
    CaseFilter, CaseSort, IntakeRequest, NewParty, OpenCase, PersonRef, StatusFilter,
};
use chrono::NaiveDate;

/// The cases of [`five_cases`].
struct Cases {
    sam: UserId,
    hate: CaseId,
    employment: CaseId,
    closed: CaseId,
    guarded: CaseId,
    waiting: CaseId,
}

/// Five cases of four kinds: one of Sam's, one closed, one with a safeguarding flag,
/// one waiting.
fn five_cases(svc: &Caseline) -> Cases {
    let sam = add_user(svc, "sam");
    let hate = open_case(svc, "hate_crime", |_| {});
    let employment = open_case(svc, "employment", |r| r.assigned_to = Some(sam));
    let closed = open_case(svc, "housing", |r| r.opened_on = Some(d(2026, 1, 5)));
    svc.change_case_status(closed, close_on(d(2026, 2, 1), "resolved"))
        .unwrap();
    let guarded = open_case(svc, "hate_crime", |r| {
        r.safeguarding = vec!["honour_based_violence".into()]
    });
    let waiting = open_case(svc, "education", |_| {});
    svc.change_case_status(waiting, to(CaseStatus::Waiting))
        .unwrap();
    Cases {
        sam,
        hate,
        employment,
        closed,
        guarded,
        waiting,
    }
}

fn sorted(mut v: Vec<CaseId>) -> Vec<CaseId> {
    v.sort();
    v
}

/// Each filter, alone and combined, picks its cases.
fn assert_filters(svc: &Caseline, c: &Cases) {
    let by = |f: CaseFilter| sorted(listed(svc, &all(f)));
    assert_eq!(
        by(CaseFilter::default()),
        sorted(vec![c.hate, c.employment, c.guarded, c.waiting]),
        "no status: every case not closed"
    );
    assert_eq!(
        by(CaseFilter {
            status: StatusFilter::Is(CaseStatus::Closed),
            ..CaseFilter::default()
        }),
        [c.closed]
    );
    assert_eq!(
        by(CaseFilter {
            status: StatusFilter::Is(CaseStatus::Waiting),
            ..CaseFilter::default()
        }),
        [c.waiting]
    );
    assert_eq!(
        by(CaseFilter {
            kind: Some("hate_crime".into()),
            ..CaseFilter::default()
        }),
        sorted(vec![c.hate, c.guarded])
    );
    assert_eq!(
        by(CaseFilter {
            worker: Some(c.sam),
            ..CaseFilter::default()
        }),
        [c.employment]
    );
    assert_eq!(
        by(CaseFilter {
            safeguarding_only: true,
            ..CaseFilter::default()
        }),
        [c.guarded]
    );
    assert_eq!(
        by(CaseFilter {
            kind: Some("hate_crime".into()),
            worker: Some(c.sam),
            ..CaseFilter::default()
        }),
        []
    );
}

/// Sorted by last activity, a case moves to the top with each thing done on it (a
/// minute apart on the set clock, as a worker's actions are).
fn assert_latest_activity_first(svc: &Caseline, c: &Cases) {
    let minute_later = || svc.clock().advance(chrono::Duration::minutes(1));
    // Last activity: a new timeline entry moves a case to the top.
    let activity = all(CaseFilter::default());
    for case in [c.hate, c.employment, c.guarded, c.hate] {
        minute_later();
        svc.add_timeline_entry(note(case, "Called.")).unwrap();
        assert_eq!(listed(svc, &activity)[0], case);
    }
    // ... as does a follow-up done with a note, or a status change.
    let f = add_fu(svc, Subject::Case(c.waiting), d(2026, 5, 1), Priority::Low);
    minute_later();
    svc.complete_follow_up(f, Some("Done.")).unwrap();
    assert_eq!(listed(svc, &activity)[0], c.waiting);
    minute_later();
    svc.change_case_status(c.employment, to(CaseStatus::Active))
        .unwrap();
    assert_eq!(listed(svc, &activity)[0], c.employment);
    let list = svc.list_cases(&activity).unwrap();
    assert!(
        list.rows
            .windows(2)
            .all(|w| w[0].summary.last_activity >= w[1].summary.last_activity)
    );
}

/// Sorted by next follow-up: soonest first, cases with none last; done ones do not
/// count. Returns the filter for that order.
fn assert_soonest_follow_up_first(svc: &Caseline, c: &Cases) -> CaseFilter {
    add_fu(
        svc,
        Subject::Case(c.employment),
        d(2026, 5, 20),
        Priority::Low,
    );
    add_fu(
        svc,
        Subject::Case(c.employment),
        d(2026, 7, 1),
        Priority::Low,
    );
    add_fu(svc, Subject::Case(c.guarded), d(2026, 5, 10), Priority::Low);
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
    assert_eq!(order[0], (c.guarded, Some(d(2026, 5, 10))));
    assert_eq!(order[1], (c.employment, Some(d(2026, 5, 20))));
    assert_eq!(
        sorted(order[2..].iter().map(|r| r.0).collect()),
        sorted(vec![c.hate, c.waiting])
    );
    assert!(order[2..].iter().all(|r| r.1.is_none()), "{order:?}");
    soon
}

#[test]
fn case_lists_filter_sort_and_limit() {
    let (_tmp, svc) = store();
    let cases = five_cases(&svc);
    assert_filters(&svc, &cases);
    assert_latest_activity_first(&svc, &cases);
    let soon = assert_soonest_follow_up_first(&svc, &cases);

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
        p.name_order = Some(caseline::domain::NameOrder::FamilyFirst);
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
    assert_eq!(client(case).as_deref(), Some("王秀英"));
    assert_eq!(client(nobody), None);
}
