//! The rules an imported record must meet ([`super::rules`]), and that every record it
//! names is in the file or already in the store.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::export::ExportDocument;
use super::import::report;
use super::rules::Findings;
use super::{Caseline, Result};
use crate::domain::{CaseId, Id, Problems, TimelineEntry, TimelineId, User};
use crate::store::kind::Kind;

/// Whether a record of a kind is in the file or the store.
pub(super) type Has<'a> = &'a dyn Fn(Kind, Id) -> Result<bool>;

/// The problems of one record, with its references that resolve nowhere added.
fn resolve(f: Findings, has: Has) -> Result<Problems> {
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

/// The records with a list over its cap (`crate::domain::limits`), one line each.
pub(super) fn oversized(doc: &ExportDocument) -> Vec<String> {
    let mut faults = Vec::new();
    for (i, l) in doc.reference_lists.iter().enumerate() {
        report(
            &mut faults,
            "reference_lists",
            i,
            l.kind,
            l.oversized_lists(),
        );
    }
    for (i, r) in doc.organisations.iter().enumerate() {
        report(&mut faults, "organisations", i, r.id, r.oversized_lists());
    }
    for (i, r) in doc.people.iter().enumerate() {
        report(&mut faults, "people", i, r.id, r.oversized_lists());
    }
    for (i, r) in doc.incidents.iter().enumerate() {
        report(&mut faults, "incidents", i, r.id, r.oversized_lists());
    }
    for (i, r) in doc.cases.iter().enumerate() {
        report(&mut faults, "cases", i, r.id, r.oversized_lists());
    }
    faults
}

/// How far ahead of `now` a time in the file may be: a record made on a machine whose
/// clock runs a little fast is not refused for it.
const CLOCK_SLACK_MINUTES: i64 = 5;

/// A problem when `at` is later than `now` (give or take the clock slack).
fn not_future(p: &mut Problems, field: &str, at: DateTime<Utc>, now: DateTime<Utc>) {
    p.check(
        at > now + Duration::minutes(CLOCK_SLACK_MINUTES),
        field,
        "is in the future",
    );
}

/// Checks each section of `doc`, adding one line per faulty record to `faults`. Times
/// are compared with `now`, the caller's: nothing here reads the clock.
pub(super) fn check_records(
    svc: &Caseline,
    doc: &ExportDocument,
    new_users: &[(usize, User)],
    has: Has,
    now: DateTime<Utc>,
    faults: &mut Vec<String>,
) -> Result<()> {
    for (i, list) in doc.reference_lists.iter().enumerate() {
        report(faults, "reference_lists", i, list.kind, list.validate());
    }
    let mut p = doc.settings.validate();
    not_future(&mut p, "created_at", doc.settings.created_at, now);
    report(faults, "settings", 0, "settings", p);
    for (i, u) in new_users {
        let mut p = u.validate();
        not_future(&mut p, "created_at", u.created_at, now);
        report(faults, "users", *i, u.id, p);
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        let mut p = resolve(svc.organisation_rules(o), has)?;
        not_future(&mut p, "created_at", o.created_at, now);
        not_future(&mut p, "updated_at", o.updated_at, now);
        report(faults, "organisations", i, o.id, p);
    }
    for (i, person) in doc.people.iter().enumerate() {
        let mut p = resolve(svc.person_rules(person), has)?;
        if let Some(born) = person.monitoring.date_of_birth {
            p.check(
                born > crate::domain::clock::local(now).date_naive(),
                "monitoring.date_of_birth",
                "is in the future",
            );
        }
        not_future(&mut p, "created_at", person.created_at, now);
        not_future(&mut p, "updated_at", person.updated_at, now);
        report(faults, "people", i, person.id, p);
    }
    for (i, inc) in doc.incidents.iter().enumerate() {
        let mut p = resolve(svc.incident_rules(inc), has)?;
        not_future(&mut p, "reported_at", inc.reported_at, now);
        report(faults, "incidents", i, inc.id, p);
    }
    for (i, c) in doc.cases.iter().enumerate() {
        let mut p = resolve(svc.case_rules(c), has)?;
        not_future(&mut p, "created_at", c.created_at, now);
        not_future(&mut p, "updated_at", c.updated_at, now);
        report(faults, "cases", i, c.id, p);
    }
    check_timeline(svc, doc, has, now, faults)?;
    for (i, f) in doc.follow_ups.iter().enumerate() {
        let mut p = resolve(svc.follow_up_rules(f), has)?;
        not_future(&mut p, "created_at", f.created_at, now);
        report(faults, "follow_ups", i, f.id, p);
    }
    for (i, r) in doc.referrals.iter().enumerate() {
        let mut p = resolve(svc.referral_rules(r), has)?;
        not_future(&mut p, "created_at", r.created_at, now);
        report(faults, "referrals", i, r.id, p);
    }
    for (i, l) in doc.letters.iter().enumerate() {
        let mut p = resolve(svc.letter_rules(l), has)?;
        not_future(&mut p, "created_at", l.created_at, now);
        report(faults, "letters", i, l.id, p);
    }
    let stored: Vec<crate::domain::LetterTemplate> =
        svc.vault().scan().collect::<std::result::Result<_, _>>()?;
    let mut names = std::collections::HashSet::new();
    for (i, t) in doc.letter_templates.iter().enumerate() {
        let mut p = t.validate();
        p.check(
            !names.insert(t.name.as_str()),
            "name",
            "is the name of another template in the file",
        );
        p.check(
            stored.iter().any(|s| s.name == t.name && s.id != t.id),
            "name",
            "is the name of a template already in this store",
        );
        report(faults, "letter_templates", i, t.id, p);
    }
    Ok(())
}

/// Timeline entries, with the rules that a correction is of an entry of the same case
/// and that corrections do not go round in a loop.
fn check_timeline(
    svc: &Caseline,
    doc: &ExportDocument,
    has: Has,
    now: DateTime<Utc>,
    faults: &mut Vec<String>,
) -> Result<()> {
    let entry_case: HashMap<TimelineId, CaseId> =
        doc.timeline.iter().map(|e| (e.id, e.case)).collect();
    let mut loops = correction_loops(&doc.timeline);
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
        if let Some(members) = loops.remove(&i) {
            p.add("corrects", loop_message(&members));
        }
        not_future(&mut p, "recorded_at", e.recorded_at, now);
        report(faults, "timeline", i, e.id, p);
    }
    Ok(())
}

/// Corrections that go round in a loop (A corrects B, B corrects A; or longer), by the
/// place of the first entry of each loop, with the places of all its entries in
/// order. An entry correcting itself is left to the entry's own rules. Each entry
/// corrects at most one other, so one walk along the links from each entry finds
/// every loop.
fn correction_loops(timeline: &[TimelineEntry]) -> HashMap<usize, Vec<usize>> {
    let place: HashMap<TimelineId, usize> = timeline
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    let next = |i: usize| timeline[i].corrects.and_then(|c| place.get(&c).copied());
    // 0: not reached yet; walk number + 1 while on a walk, and after it.
    let mut walk_of = vec![0usize; timeline.len()];
    let mut loops = HashMap::new();
    for start in 0..timeline.len() {
        if walk_of[start] != 0 {
            continue;
        }
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if walk_of[i] != 0 {
                // Back on this walk's own path: a loop from `i` to the path's end.
                if walk_of[i] == start + 1
                    && let Some(from) = path.iter().position(|p| *p == i)
                    && path.len() - from > 1
                {
                    let mut members: Vec<usize> = path[from..].to_vec();
                    let low = (0..members.len()).min_by_key(|k| members[*k]).unwrap_or(0);
                    members.rotate_left(low);
                    loops.insert(members[0], members);
                }
                break;
            }
            walk_of[i] = start + 1;
            path.push(i);
            at = next(i);
        }
    }
    loops
}

/// "corrections go round in a loop: timeline[3] -> timeline[7] -> timeline[3]" (each
/// corrects the next).
fn loop_message(members: &[usize]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = members
        .iter()
        .take(SHOWN)
        .map(|i| format!("timeline[{i}]"))
        .collect();
    if members.len() > SHOWN {
        names.push(format!("({} more)", members.len() - SHOWN));
    }
    names.push(format!("timeline[{}]", members[0]));
    format!(
        "corrections go round in a loop, each correcting the next: {}",
        names.join(" -> ")
    )
}
