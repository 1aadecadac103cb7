//! Follow-up queues, seen from a caller of the service: buckets, order, scope,
//! safeguarding and limits.
//!
//! Queues are always asked with a fixed `today`.

use crate::casework_support::{
    add_fu, add_user, an_intake, assert_clean, counts, d, fu, ids, open_case, queue, queue_req,
    statutory, store,
};
use caseline::Caseline;
use caseline::domain::{FollowUpId, Priority, Subject, UserId};
use caseline::service::{Bucket, QueueRequest, QueueView, Scope, UpdateCase};
use chrono::NaiveDate;

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

/// The follow-ups of [`two_workers`]: three of the acting user's, three of Sam's
/// still open, and one of Sam's done.
struct Whose {
    sam: UserId,
    mine_overdue: FollowUpId,
    mine_today: FollowUpId,
    mine_guarded_week: FollowUpId,
    sams_overdue: FollowUpId,
    sams_today: FollowUpId,
    sams_later: FollowUpId,
}

/// A safeguarding case of Sam's, a plain case and an intake, with follow-ups for the
/// acting user and for Sam around `today` (15 June 2026).
fn two_workers(svc: &Caseline, today: NaiveDate) -> Whose {
    let sam = add_user(svc, "sam");
    let guarded = open_case(svc, "hate_crime", |r| {
        r.safeguarding = vec!["adult_safeguarding".into()];
        r.assigned_to = Some(sam);
    });
    let plain_case = open_case(svc, "housing", |_| {});
    let incident = an_intake(svc, "Wang");
    let assign = |subject, due, who: Option<UserId>| {
        let mut f = fu(due, Priority::Normal, "Chase");
        f.assignee = who;
        svc.add_follow_up(subject, f).unwrap()
    };
    let whose = Whose {
        sam,
        mine_overdue: assign(Subject::Case(plain_case), d(2026, 6, 10), None),
        mine_today: assign(Subject::Incident(incident), today, None),
        mine_guarded_week: assign(Subject::Case(guarded), d(2026, 6, 18), None),
        sams_overdue: assign(Subject::Case(guarded), d(2026, 6, 12), Some(sam)),
        sams_today: assign(Subject::Case(plain_case), today, Some(sam)),
        sams_later: assign(Subject::Case(guarded), d(2026, 9, 1), Some(sam)),
    };
    let sams_done = assign(Subject::Case(plain_case), d(2026, 6, 1), Some(sam));
    svc.complete_follow_up(sams_done, None).unwrap();
    whose
}

/// The queue of `scope` on `today`, safeguarding cases only.
fn safeguarding_queue(svc: &Caseline, scope: Scope, today: NaiveDate) -> QueueView {
    queue(
        svc,
        &QueueRequest {
            safeguarding_only: true,
            ..queue_req(scope, today)
        },
    )
}

#[test]
fn queues_by_whose_by_safeguarding_and_limited() {
    let (_tmp, svc) = store();
    let today = d(2026, 6, 15);
    let Whose {
        sam,
        mine_overdue,
        mine_today,
        mine_guarded_week,
        sams_overdue,
        sams_today,
        sams_later,
    } = two_workers(&svc, today);

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
    let guarded_only = safeguarding_queue(&svc, Scope::Everyone, today);
    assert_eq!(
        ids(&guarded_only),
        [sams_overdue, mine_guarded_week, sams_later]
    );
    assert!(guarded_only.rows.iter().all(|r| r.safeguarding));
    assert_eq!(counts(&guarded_only), [1, 0, 1, 1, 0]);
    let mine_guarded = safeguarding_queue(&svc, Scope::Mine, today);
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
