//! The sealed report facts that reports read instead of every record: kept in step by
//! every change, the same as a rebuild from the records, rebuilt when missing, checked
//! by `check`, and never in the clear on disk.

use std::path::Path;

use crate::common;
use crate::reports::{column_total, demo_store, open, request};
use caseline::Caseline;
use caseline::domain::report::{ReportName, ShownTable};
use caseline::service::reports::{Figures, ReportRequest, ReportView};
use caseline::store::facts_index::FACTS_TREE;

fn working(svc: &Caseline, name: ReportName) -> ReportView {
    let req = ReportRequest {
        figures: Figures::Working,
        ..request(name)
    };
    svc.report(&req).expect("working figures")
}

/// Every report's tables, exact.
fn every_report(svc: &Caseline) -> Vec<Vec<ShownTable>> {
    ReportName::ALL
        .iter()
        .map(|n| working(svc, *n).tables)
        .collect()
}

fn row(view: &ReportView, title: &str, label: &str) -> Option<caseline::domain::report::Shown> {
    let t = view.tables.iter().find(|t| t.title == title)?;
    let i = t.rows.iter().position(|r| r == label)?;
    Some(t.cells[i][0])
}

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
fn a_new_intake_is_counted_at_once_and_a_rebuild_changes_nothing() {
    let (_tmp, dir) = demo_store();
    let admin = open(&dir, "admin");
    let before = working(&admin, ReportName::HateCrime);
    let mut req = common::intake(common::person("Amina", Some("Hassan")), "Shouted at");
    req.strands = vec!["race_or_ethnicity".into(), "religion_or_belief".into()];
    req.postcode = Some("zz9 9zz".into());
    admin.record_intake(req).expect("intake");
    let after = working(&admin, ReportName::HateCrime);
    for title in ["By month reported", "Reported to police"] {
        assert_eq!(
            column_total(&after, title),
            column_total(&before, title) + 1,
            "{title}"
        );
    }
    assert_eq!(row(&before, "By postcode district", "ZZ9"), None);
    assert_eq!(
        row(&after, "By postcode district", "ZZ9"),
        Some(caseline::domain::report::Shown::Count(1))
    );
    let report = admin.check().expect("check");
    assert!(report.faults.is_empty(), "{:#?}", report.faults);
    let kept = every_report(&admin);
    admin.reindex().expect("reindex");
    assert_eq!(
        every_report(&admin),
        kept,
        "a rebuild from the records agrees"
    );
    common::close(admin);
}

#[test]
fn missing_facts_are_rebuilt_at_unlock_and_damaged_ones_are_reported() {
    let (_tmp, dir) = demo_store();
    let admin = open(&dir, "admin");
    let kept = every_report(&admin);
    common::close(admin);

    // As an older store, or one restored from a backup, would be: no facts at all.
    with_sled(&dir, |db| db.drop_tree(FACTS_TREE).expect("drop"));
    let admin = open(&dir, "admin");
    assert_eq!(every_report(&admin), kept, "rebuilt from the records");
    common::close(admin);

    // Two buckets' sealed values swapped: neither opens under the other's key.
    with_sled(&dir, |db| {
        let t = db.open_tree(FACTS_TREE).unwrap();
        let mut buckets = t.iter().map(|i| i.unwrap()).filter(|(k, _)| k[0] == b'C');
        let (ka, va) = buckets.next().expect("a bucket of cases");
        let (kb, vb) = buckets.next().expect("another");
        t.insert(ka, vb).unwrap();
        t.insert(kb, va).unwrap();
    });
    let admin = open(&dir, "admin");
    let faults = admin.check().expect("check").faults;
    let ours: Vec<_> = faults
        .iter()
        .filter(|f| f.place.starts_with(FACTS_TREE))
        .collect();
    assert_eq!(ours.len(), 2, "{faults:#?}");
    assert!(
        ours[0].problem.contains("caseline reindex"),
        "{:?}",
        ours[0]
    );
    assert!(admin.report(&request(ReportName::Casework)).is_err());
    admin.reindex().expect("reindex");
    assert!(admin.check().expect("check").faults.is_empty());
    assert_eq!(every_report(&admin), kept);
    common::close(admin);

    // A follow-up removed behind the store's back: its facts are still in their bucket,
    // which `check` finds at odds with the records.
    with_sled(&dir, |db| {
        let t = db.open_tree("follow_ups").unwrap();
        let key = t.iter().keys().next().unwrap().unwrap();
        t.remove(key).unwrap();
    });
    let admin = open(&dir, "admin");
    let faults = admin.check().expect("check").faults;
    let stale: Vec<_> = faults
        .iter()
        .filter(|f| f.place.starts_with(FACTS_TREE))
        .collect();
    assert_eq!(stale.len(), 1, "{faults:#?}");
    // Out of date, or (when the follow-up was alone in its shard of the day) holding
    // facts of no record: either way it disagrees with the records.
    assert!(
        stale[0].problem.contains("out of date with the records")
            || stale[0].problem.contains("holds facts of no record"),
        "{:?}",
        stale[0]
    );
    common::close(admin);
}

#[test]
fn report_facts_are_never_in_the_clear() {
    let (_tmp, dir) = demo_store();
    // Codes the facts hold, long enough that ciphertext cannot hold them by chance
    // (a postcode district's three letters can).
    let needles = [
        "race_or_ethnicity",
        "religion_or_belief",
        "hate_crime",
        "employment",
        "not_recorded",
    ];
    let values = with_sled(&dir, |db| {
        let t = db.open_tree(FACTS_TREE).unwrap();
        t.iter().map(|i| i.unwrap().1.to_vec()).collect::<Vec<_>>()
    });
    assert!(values.len() > 10, "buckets were written");
    for v in values {
        common::assert_absent(FACTS_TREE, &v, &needles);
    }
}
