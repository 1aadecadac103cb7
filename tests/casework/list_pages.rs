//! A case list a page at a time: pages one after another are the whole list in its
//! order, a page asked for past the end is the last page, and a volunteer's pages hold
//! only their own cases.

use crate::casework_support::{close_on, d, open_case, store, to};
use crate::common;
use caseline::Caseline;
use caseline::domain::{CaseId, CaseStatus, Role};
use caseline::service::KeyCost;
use caseline::service::views::{CASE_PAGE, CaseQuery};
use caseline::service::{CaseFilter, CaseSort, NewUser, StatusFilter};

fn page(svc: &Caseline, filter: &CaseFilter, offset: usize, limit: usize) -> Vec<CaseId> {
    let got = svc
        .list_cases(&CaseFilter {
            offset,
            limit,
            ..filter.clone()
        })
        .unwrap();
    assert_eq!(got.offset, offset, "the page starts where it was asked");
    got.rows.iter().map(|r| r.summary.id).collect()
}

fn sorted(mut v: Vec<CaseId>) -> Vec<CaseId> {
    v.sort();
    v
}

#[test]
fn a_case_list_pages_through_any_number_of_cases() {
    let (_tmp, svc) = store();
    // 23 cases, most opened at the same moment (the clock is set): ties must still
    // page cleanly, none twice and none missed.
    let mut made: Vec<CaseId> = (0..21)
        .map(|_| open_case(&svc, "hate_crime", |_| {}))
        .collect();
    let closed = open_case(&svc, "housing", |r| r.opened_on = Some(d(2026, 1, 5)));
    svc.change_case_status(closed, close_on(d(2026, 2, 1), "resolved"))
        .unwrap();
    made.push(open_case(&svc, "employment", |_| {}));
    for sort in [CaseSort::LastActivity, CaseSort::NextFollowUp] {
        let filter = CaseFilter {
            sort,
            ..CaseFilter::default()
        };
        let whole = svc
            .list_cases(&CaseFilter {
                limit: 100,
                ..filter.clone()
            })
            .unwrap();
        assert_eq!(whole.total, 22);
        let whole: Vec<CaseId> = whole.rows.iter().map(|r| r.summary.id).collect();
        assert_eq!(sorted(whole.clone()), sorted(made.clone()));
        // Pages of five, one after another, are the whole list in its order.
        let paged: Vec<CaseId> = (0..22)
            .step_by(5)
            .flat_map(|at| page(&svc, &filter, at, 5))
            .collect();
        assert_eq!(paged, whole, "{sort:?}");
    }
    // Each row of a page names its client: the page's cases are read.
    let third = svc
        .list_cases(&CaseFilter {
            offset: 10,
            limit: 5,
            ..CaseFilter::default()
        })
        .unwrap();
    assert!(third.rows.iter().all(|r| r.client.is_some()));
    // A page past the end is the last page, and says where it starts.
    let last = svc
        .list_cases(&CaseFilter {
            offset: 40,
            limit: 5,
            ..CaseFilter::default()
        })
        .unwrap();
    assert_eq!((last.total, last.offset, last.rows.len()), (22, 20, 2));
    // Every status: the closed case is in the list, on the page it falls on.
    let every = CaseFilter {
        status: StatusFilter::All,
        ..CaseFilter::default()
    };
    let ids: Vec<CaseId> = [0, 10, 20]
        .into_iter()
        .flat_map(|at| page(&svc, &every, at, 10))
        .collect();
    assert_eq!(sorted(ids.clone()).len(), 23);
    assert!(ids.contains(&closed));
    let only_closed = CaseFilter {
        status: StatusFilter::Is(CaseStatus::Closed),
        ..CaseFilter::default()
    };
    assert_eq!(page(&svc, &only_closed, 0, 10), [closed]);
    // Nothing matches: an empty page at the top, whatever was asked.
    let none = svc
        .list_cases(&CaseFilter {
            kind: Some("education".into()),
            offset: 10,
            limit: 5,
            ..CaseFilter::default()
        })
        .unwrap();
    assert_eq!((none.total, none.offset, none.rows.len()), (0, 0, 0));
}

#[test]
fn the_screens_view_is_a_page_of_the_list() {
    let (_tmp, svc) = store();
    let made: Vec<CaseId> = (0..CASE_PAGE + 3)
        .map(|_| open_case(&svc, "hate_crime", |_| {}))
        .collect();
    let view = |offset| {
        svc.cases_view(&CaseQuery {
            offset,
            ..CaseQuery::default()
        })
        .unwrap()
        .list
    };
    let first = view(0);
    assert_eq!((first.total, first.offset), (CASE_PAGE + 3, 0));
    assert_eq!(first.rows.len(), CASE_PAGE);
    let second = view(CASE_PAGE);
    assert_eq!((second.offset, second.rows.len()), (CASE_PAGE, 3));
    // Past the end: the last page again.
    assert_eq!(view(10 * CASE_PAGE), second);
    let seen: Vec<CaseId> = first
        .rows
        .iter()
        .chain(&second.rows)
        .map(|r| r.summary.id)
        .collect();
    assert_eq!(sorted(seen), sorted(made));
}

#[test]
fn a_volunteers_pages_hold_only_their_own_cases() {
    let (tmp, svc) = store();
    let vic = svc
        .add_user(
            NewUser {
                login: "vic".into(),
                display_name: "Vic Volunteer".into(),
                role: Role::Volunteer,
                centre: None,
            },
            "vic passphrase that is long",
            KeyCost::CheapForTests,
        )
        .unwrap();
    let mut theirs = Vec::new();
    for i in 0..12 {
        let to_vic = i % 3 == 0;
        let id = open_case(&svc, "hate_crime", |r| {
            if to_vic {
                r.assigned_to = Some(vic);
            }
        });
        if to_vic {
            theirs.push(id);
        }
    }
    common::close(svc);
    let dir = tmp.path().join("data");
    let vol = Caseline::open(&dir, Some("vic"), "vic passphrase that is long").unwrap();
    let everything = CaseFilter::default();
    let first = vol
        .list_cases(&CaseFilter {
            limit: 3,
            ..everything.clone()
        })
        .unwrap();
    assert_eq!(first.total, theirs.len(), "a volunteer counts only theirs");
    let paged: Vec<CaseId> = [0, 3]
        .into_iter()
        .flat_map(|at| {
            vol.list_cases(&CaseFilter {
                offset: at,
                limit: 3,
                ..everything.clone()
            })
            .unwrap()
            .rows
        })
        .map(|r| r.summary.id)
        .collect();
    assert_eq!(sorted(paged), sorted(theirs.clone()));
    // Far past the end of their list: their last page, not anyone else's cases.
    let past = vol
        .list_cases(&CaseFilter {
            offset: 11,
            limit: 3,
            ..everything
        })
        .unwrap();
    assert_eq!(past.offset, 3);
    assert!(past.rows.iter().all(|r| theirs.contains(&r.summary.id)));
    let mine = vol
        .cases_view(&CaseQuery {
            mine: true,
            offset: 400,
            ..CaseQuery::default()
        })
        .unwrap()
        .list;
    assert_eq!((mine.total, mine.offset), (theirs.len(), 0));
    common::close(vol);
}

#[test]
fn a_change_shows_on_the_next_page_asked_for() {
    let (_tmp, svc) = store();
    let first: Vec<CaseId> = (0..6)
        .map(|_| open_case(&svc, "hate_crime", |_| {}))
        .collect();
    let filter = CaseFilter {
        status: StatusFilter::Is(CaseStatus::Open),
        ..CaseFilter::default()
    };
    let before = page(&svc, &filter, 3, 3);
    assert_eq!(
        page(&svc, &filter, 3, 3),
        before,
        "asked again, the same page"
    );
    // A new case, and one of the others waiting: the list is worked out again.
    svc.clock().advance(chrono::Duration::minutes(1));
    let newest = open_case(&svc, "employment", |_| {});
    svc.change_case_status(first[0], to(CaseStatus::Waiting))
        .unwrap();
    let now = svc
        .list_cases(&CaseFilter {
            limit: 3,
            ..filter.clone()
        })
        .unwrap();
    assert_eq!(now.total, 6);
    assert_eq!(now.rows[0].summary.id, newest);
    let all: Vec<CaseId> = [0, 3]
        .into_iter()
        .flat_map(|at| page(&svc, &filter, at, 3))
        .collect();
    assert!(!all.contains(&first[0]));
    assert_eq!(sorted(all).len(), 6);
}
