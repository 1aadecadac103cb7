//! Fixtures shared by the `service_rules_*` tests, which check the rules the service
//! enforces as a caller sees them: refusals are typed, name the field, and write
//! nothing.

#![allow(dead_code)]

use caseline::Error;
use caseline::service::OpenCase;
use chrono::NaiveDate;

use crate::common::{self, intake, person};

/// Counts of what a refused call must not have added.
pub fn counts(svc: &caseline::Caseline) -> [usize; 5] {
    [
        svc.people().count(),
        svc.incidents().count(),
        svc.cases().count(),
        svc.timeline_entries().count(),
        svc.follow_ups().count(),
    ]
}

#[track_caller]
pub fn assert_invalid(e: Error, field: &str) {
    let problems = e
        .problems()
        .unwrap_or_else(|| panic!("expected Error::Invalid naming {field}, got {e:?}"));
    assert!(
        problems.0.iter().any(|p| p.field == field),
        "expected a problem with {field}, got {problems}"
    );
}

/// A fresh store, unlocked as `admin`.
pub fn store() -> (tempfile::TempDir, caseline::Caseline) {
    let tmp = common::temp("rules");
    let svc = common::init_store(&tmp.path().join("data"));
    (tmp, svc)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A hate crime case opened from a fresh intake.
pub fn a_case(svc: &caseline::Caseline) -> caseline::domain::CaseId {
    let saved = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Spat at."))
        .unwrap();
    svc.open_case(OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![saved.incident],
        ..OpenCase::default()
    })
    .unwrap()
    .id
}
