//! Casework calls made at once from two threads, as the terminal UI may.

use crate::casework_support::{add_fu, add_user, note, open_case, store, to};
use crate::common;
use caseline::domain::{CaseStatus, EntryKind, Priority, Subject};
use chrono::Duration;

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

/// Intakes saved at once from two threads land in the same sealed bucket of report
/// facts (the month's incidents): each commit rewrites it under the audit chain's lock,
/// so neither loses the other's, and `check` finds the facts as the records call for.
#[test]
fn intakes_saved_at_once_all_reach_the_report_facts() {
    use caseline::domain::report::{Period, ReportName, Shown};
    use caseline::service::reports::{Figures, ReportRequest};
    let (_tmp, svc) = store();
    let save = |who: &str| {
        for i in 0..15 {
            let person = common::person(&format!("{who} {i}"), None);
            svc.record_intake(common::intake(person, "Shouted at in the street."))
                .expect("intake");
        }
    };
    race(|| save("Amina"), || save("Wang"));
    crate::casework_support::assert_clean(&svc);
    let period: Period = "2026-27".parse().unwrap();
    let view = svc
        .report(&ReportRequest {
            figures: Figures::Working,
            ..ReportRequest::new(ReportName::HateCrime, period)
        })
        .expect("report");
    let t = view
        .tables
        .iter()
        .find(|t| t.title == "Reported to police")
        .expect("table");
    assert_eq!(t.column_totals.as_ref().unwrap()[0], Shown::Count(30));
}
