//! The settings an administrator changes on screen: the consultation limit and the
//! referral chase waits, checked number by number (a wrong one is named) and audited as
//! one change that says what changed.

use std::collections::BTreeMap;

use crate::common;
use caseline::Error;
use caseline::service::{AuditQuery, WorkSettings};

fn store() -> (tempfile::TempDir, caseline::Caseline) {
    let tmp = common::temp("work-settings");
    let svc = common::init_store(&tmp.path().join("data"));
    (tmp, svc)
}

/// The field paths a refusal names.
fn named(e: Error) -> Vec<String> {
    e.problems()
        .map(|p| p.0.iter().map(|f| f.field.clone()).collect())
        .unwrap_or_else(|| panic!("field problems expected, got {e}"))
}

#[test]
fn settings_are_read_set_and_audited_as_one_change() {
    let (_tmp, svc) = store();
    let was = svc.work_settings().unwrap();
    assert_eq!(was.consultation_limit, 3);
    assert_eq!(was.chase_default_days, 14);
    let police = svc
        .reference_list(caseline::domain::ListKind::AgencyKind)
        .entries[0]
        .code
        .clone();
    let new = WorkSettings {
        consultation_limit: 5,
        chase_default_days: 21,
        chase_by_kind: BTreeMap::from([(police.clone(), 28)]),
    };
    svc.set_work_settings(new.clone()).unwrap();
    assert_eq!(svc.work_settings().unwrap(), new);
    assert_eq!(svc.settings().referral_chase.for_kind(&police), 28);
    assert_eq!(svc.settings().referral_chase.for_kind("school"), 21);
    let log = svc
        .audit_log(&AuditQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let said = &log[0].detail;
    for part in [
        "consultation limit 3 to 5",
        "referrals chased after 21 days (was 14)",
        &format!("{police} chased after 28 days (was the default)"),
    ] {
        assert!(said.contains(part), "{part} in {said}");
    }
    common::close(svc);
}

#[test]
fn a_wrong_number_is_named_and_nothing_changes() {
    let (_tmp, svc) = store();
    let was = svc.work_settings().unwrap();
    let bad = |f: fn(&mut WorkSettings)| {
        let mut s = was.clone();
        f(&mut s);
        named(svc.set_work_settings(s).unwrap_err())
    };
    assert_eq!(bad(|s| s.consultation_limit = 0), ["consultation_limit"]);
    assert_eq!(bad(|s| s.consultation_limit = 1001), ["consultation_limit"]);
    assert_eq!(bad(|s| s.chase_default_days = 366), ["chase.default"]);
    assert_eq!(
        bad(|s| {
            s.chase_by_kind.insert("police".into(), 0);
        }),
        ["chase.police"]
    );
    assert_eq!(
        bad(|s| {
            s.chase_by_kind.insert("spaceships".into(), 7);
        }),
        ["chase.spaceships"]
    );
    let e = svc
        .set_work_settings(WorkSettings {
            consultation_limit: 0,
            ..was.clone()
        })
        .unwrap_err();
    assert!(e.to_string().contains("consultation_limit"), "{e}");
    assert_eq!(svc.work_settings().unwrap(), was);
    common::close(svc);
}
