//! The rules an imported record must meet ([`super::rules`]), and that every record it
//! names is in the file or already in the store.

use std::collections::HashMap;

use super::export::ExportDocument;
use super::import::report;
use super::rules::Findings;
use super::{Caseline, Result};
use crate::domain::{CaseId, Id, TimelineEntry, TimelineId, User};
use crate::store::kind::Kind;

/// Whether a record of a kind is in the file or the store.
pub(super) type Has<'a> = &'a dyn Fn(Kind, Id) -> Result<bool>;

/// The problems of one record, with its references that resolve nowhere added.
fn resolve(f: Findings, has: Has) -> Result<crate::domain::Problems> {
    let mut p = f.problems;
    for r in f.refs {
        if !has(r.kind, r.id)? {
            let kind = r.kind;
            let id = r.id;
            p.add(
                r.field,
                format!("refers to {kind} {id}, which is neither in the file nor in the store"),
            );
        }
    }
    Ok(p)
}

/// Checks each section of `doc`, adding one line per faulty record to `faults`.
pub(super) fn check_records(
    svc: &Caseline,
    doc: &ExportDocument,
    new_users: &[User],
    has: Has,
    faults: &mut Vec<String>,
) -> Result<()> {
    for (i, list) in doc.reference_lists.iter().enumerate() {
        report(faults, "reference_lists", i, list.kind, list.validate());
    }
    report(faults, "settings", 0, "settings", doc.settings.validate());
    for (i, u) in new_users.iter().enumerate() {
        report(faults, "users", i, u.id, u.validate());
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        report(
            faults,
            "organisations",
            i,
            o.id,
            resolve(svc.organisation_rules(o), has)?,
        );
    }
    for (i, p) in doc.people.iter().enumerate() {
        report(
            faults,
            "people",
            i,
            p.id,
            resolve(svc.person_rules(p), has)?,
        );
    }
    for (i, inc) in doc.incidents.iter().enumerate() {
        report(
            faults,
            "incidents",
            i,
            inc.id,
            resolve(svc.incident_rules(inc), has)?,
        );
    }
    for (i, c) in doc.cases.iter().enumerate() {
        report(faults, "cases", i, c.id, resolve(svc.case_rules(c), has)?);
    }
    check_timeline(svc, doc, has, faults)?;
    for (i, f) in doc.follow_ups.iter().enumerate() {
        report(
            faults,
            "follow_ups",
            i,
            f.id,
            resolve(svc.follow_up_rules(f), has)?,
        );
    }
    for (i, r) in doc.referrals.iter().enumerate() {
        report(
            faults,
            "referrals",
            i,
            r.id,
            resolve(svc.referral_rules(r), has)?,
        );
    }
    Ok(())
}

/// Timeline entries, with the rule that a correction is of an entry of the same case.
fn check_timeline(
    svc: &Caseline,
    doc: &ExportDocument,
    has: Has,
    faults: &mut Vec<String>,
) -> Result<()> {
    let entry_case: HashMap<TimelineId, CaseId> =
        doc.timeline.iter().map(|e| (e.id, e.case)).collect();
    for (i, e) in doc.timeline.iter().enumerate() {
        let mut p = resolve(svc.entry_rules(e), has)?;
        if let Some(old) = e.corrects {
            let old_case = match entry_case.get(&old) {
                Some(c) => Some(*c),
                None => svc
                    .vault()
                    .get::<TimelineEntry>(&old.0.to_bytes())?
                    .map(|o| o.case),
            };
            if old_case.is_some_and(|c| c != e.case) {
                p.add("corrects", "is an entry of another case");
            }
        }
        report(faults, "timeline", i, e.id, p);
    }
    Ok(())
}
