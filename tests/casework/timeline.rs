//! The case timeline, seen from a caller of the service: append-only, corrected by
//! pointing at an entry, never in the future, in the order things happened.

use crate::casework_support::{assert_clean, assert_invalid, note, open_case, store};
use caseline::domain::{CaseStatus, EntryKind, FollowUpId, ReferralId};
use caseline::service::NewEntry;
use chrono::Duration;

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
    let now = svc.clock().now();
    let id = svc.add_timeline_entry(note(case, "Called Amina.")).unwrap();
    let e = svc
        .timeline(case)
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    assert_eq!(e.at, now, "`at` defaults to now");
    assert_eq!(e.recorded_at, now);

    let entries = svc.timeline(case).unwrap().len();
    let e = svc
        .add_timeline_entry(NewEntry {
            at: Some(now + Duration::days(1)),
            ..note(case, "Tomorrow's call.")
        })
        .unwrap_err();
    assert_invalid(e, "at");
    assert_eq!(svc.timeline(case).unwrap().len(), entries);

    // Something that happened last week can be written down today.
    let past = now - Duration::days(7);
    svc.clock().advance(Duration::minutes(3));
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
    assert_eq!(
        e.recorded_at,
        now + Duration::minutes(3),
        "recorded when written"
    );
}

#[test]
fn a_timeline_comes_back_in_the_order_things_happened() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "hate_crime", |_| {});
    let now = svc.clock().now();
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
