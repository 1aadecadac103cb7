//! The derived indexes behind queues and case lists: they match the records after a
//! mixed workload, `check` reports a missing entry and `reindex` rebuilds it, and a
//! version 1 store gets them.

use std::path::Path;

use crate::casework_support::{
    add_fu, add_user, all, assert_clean, counts, d, ids, open_case, queue, queue_req, store, to,
};
use crate::common;
use caseline::Caseline;
use caseline::domain::{CaseStatus, Priority, Subject};
use caseline::service::{CaseFilter, Scope, UpdateCase};
use caseline::store::kind::plain;
use chrono::Duration;

/// Everything the casework tests do, at once, on [`common::populate`]'s store.
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

    let svc =
        Caseline::open_with_clock(&dir, None, "fixture passphrase v1", crate::common::clock())
            .expect("v1 opens");
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
