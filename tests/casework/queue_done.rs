//! The "done" queue lists follow-ups closed lately, not the years of history behind
//! them: the index keys closed ones by the day they were closed.

use crate::common::{self, follow_up, intake, person};
use caseline::domain::Subject;
use caseline::service::{Bucket, QueueRequest, Scope};
use chrono::Duration;

fn done_request(today: chrono::NaiveDate) -> QueueRequest {
    QueueRequest {
        scope: Scope::Mine,
        buckets: vec![Bucket::Done],
        safeguarding_only: false,
        today,
        limit: 50,
    }
}

fn done_count(view: &caseline::service::QueueView) -> usize {
    view.counts
        .iter()
        .find(|(b, _)| *b == Bucket::Done)
        .map_or(0, |(_, n)| *n)
}

#[test]
fn done_lists_what_was_closed_in_the_last_thirty_days() {
    let tmp = common::temp("queue-done");
    let svc = common::init_store(&tmp.path().join("data"));
    let incident = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Shouted at."))
        .unwrap()
        .incident;
    let subject = Subject::Incident(incident);
    let done = svc
        .add_follow_up(subject, follow_up("Call back about the letter"))
        .unwrap();
    let also_done = svc
        .add_follow_up(subject, follow_up("Ask the school for a meeting"))
        .unwrap();
    let open = svc
        .add_follow_up(subject, follow_up("Send the advice letter"))
        .unwrap();
    svc.complete_follow_up(done, Some("Spoke to her")).unwrap();
    svc.complete_follow_up(also_done, None).unwrap();

    let today = common::today();
    let view = svc.queue(&done_request(today)).unwrap();
    let mut ids: Vec<_> = view.rows.iter().map(|r| r.id).collect();
    ids.sort();
    let mut expected = vec![done, also_done];
    expected.sort();
    assert_eq!(ids, expected, "done today: both listed");
    assert_eq!(done_count(&view), 2);
    assert!(view.rows.iter().all(|r| r.bucket == Bucket::Done));
    assert!(!view.rows.iter().any(|r| r.id == open));

    let later = svc
        .queue(&done_request(today + Duration::days(30)))
        .unwrap();
    assert_eq!(done_count(&later), 2, "thirty days on, still listed");
    let much_later = svc
        .queue(&done_request(today + Duration::days(31)))
        .unwrap();
    assert_eq!(
        done_count(&much_later),
        0,
        "after thirty days, gone from done"
    );
    assert!(much_later.rows.is_empty());

    // The open queues never count closed follow-ups, however old.
    let open_view = svc
        .queue(&QueueRequest {
            buckets: Vec::new(),
            ..done_request(today)
        })
        .unwrap();
    assert_eq!(open_view.rows.len(), 1);
    assert_eq!(open_view.rows[0].id, open);
    svc.close().unwrap();
}
