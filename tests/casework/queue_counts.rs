//! A queue's counts are the same whichever bucket is listed: the overdue queue counts
//! what is due later without reading it, and must still count it right.

use crate::common::{self, follow_up, intake, person};
use caseline::domain::Subject;
use caseline::service::{Bucket, NewFollowUp, QueueRequest, Scope};
use chrono::Duration;

#[test]
fn counts_agree_whichever_buckets_are_listed() {
    let tmp = common::temp("queue-counts");
    let svc = common::init_store(&tmp.path().join("data"));
    let incident = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Shouted at."))
        .unwrap()
        .incident;
    let today = common::today();
    // Due 3 and 1 days ago, today, in 1 and 7 days (this week), in 8 and 40 days (later).
    for days in [-3, -1, 0, 1, 7, 8, 40] {
        let f = NewFollowUp {
            due: today + Duration::days(days),
            ..follow_up(&format!("Due in {days} days"))
        };
        svc.add_follow_up(Subject::Incident(incident), f).unwrap();
    }
    let done = svc
        .add_follow_up(Subject::Incident(incident), follow_up("Done already"))
        .unwrap();
    svc.complete_follow_up(done, None).unwrap();
    let expected = vec![
        (Bucket::Overdue, 2),
        (Bucket::Today, 1),
        (Bucket::Week, 2),
        (Bucket::Later, 2),
        (Bucket::Done, 1),
    ];
    let mut asked = vec![Vec::new()];
    asked.extend(Bucket::ALL.iter().map(|b| vec![*b]));
    for buckets in asked {
        let view = svc
            .queue(&QueueRequest {
                scope: Scope::Mine,
                buckets: buckets.clone(),
                safeguarding_only: false,
                today,
                limit: 50,
            })
            .unwrap();
        assert_eq!(view.counts, expected, "listing {buckets:?}");
        let listed: usize = if buckets.is_empty() {
            7
        } else {
            expected
                .iter()
                .filter(|(b, _)| buckets.contains(b))
                .map(|(_, n)| n)
                .sum()
        };
        assert_eq!(view.rows.len(), listed, "listing {buckets:?}");
    }
    assert_eq!(svc.my_counts(today).unwrap(), (2, 1));
    svc.close().unwrap();
}
