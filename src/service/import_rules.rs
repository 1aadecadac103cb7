//! The rules an imported record must meet: its own, the reference lists', and that
//! every record it names is in the file or already in the store.

use super::export::ExportDocument;
use super::import::report;
use super::{Caseline, Result};
use crate::domain::{Channel, EntryKind, FollowUpState, Id, ListKind, Problems, Subject, User};
use crate::store::kind::Kind;

/// Checks each section of `doc`, adding one line per faulty record to `faults`.
pub(super) fn check_records(
    svc: &Caseline,
    doc: &ExportDocument,
    new_users: &[User],
    has: &dyn Fn(Kind, Id) -> Result<bool>,
    faults: &mut Vec<String>,
) -> Result<()> {
    let need = |p: &mut Problems, field: &str, kind: Kind, id: Id| -> Result<()> {
        if !has(kind, id)? {
            p.add(
                field,
                format!("refers to {kind} {id}, which is neither in the file nor in the store"),
            );
        }
        Ok(())
    };
    for (i, u) in new_users.iter().enumerate() {
        report(faults, "users", i, u.id, u.validate());
    }
    for (i, o) in doc.organisations.iter().enumerate() {
        let mut p = o.validate();
        svc.check_code(&mut p, ListKind::AgencyKind, "kind", Some(&o.kind));
        svc.check_codes(&mut p, ListKind::Language, "languages", &o.languages);
        need(&mut p, "created_by", Kind::User, o.created_by.0)?;
        report(faults, "organisations", i, o.id, p);
    }
    for (i, person) in doc.people.iter().enumerate() {
        let mut p = svc.check_person(person);
        need(&mut p, "created_by", Kind::User, person.created_by.0)?;
        report(faults, "people", i, person.id, p);
    }
    for (i, inc) in doc.incidents.iter().enumerate() {
        let mut p = svc.check_incident(inc);
        for (j, party) in inc.parties.iter().enumerate() {
            if let Some(person) = party.person {
                need(
                    &mut p,
                    &format!("parties[{j}].person"),
                    Kind::Person,
                    person.0,
                )?;
            }
        }
        if let Channel::ReportingCentre { centre: Some(o) } = &inc.channel {
            need(&mut p, "channel.centre", Kind::Organisation, o.0)?;
        }
        need(&mut p, "recorded_by", Kind::User, inc.recorded_by.0)?;
        report(faults, "incidents", i, inc.id, p);
    }
    for (i, case) in doc.cases.iter().enumerate() {
        let mut p = case.validate();
        svc.check_code(&mut p, ListKind::CaseKind, "kind", Some(&case.kind));
        svc.check_codes(
            &mut p,
            ListKind::Safeguarding,
            "safeguarding",
            &case.safeguarding,
        );
        if let Some(c) = &case.closure {
            svc.check_code(
                &mut p,
                ListKind::Outcome,
                "closure.outcome",
                Some(&c.outcome),
            );
        }
        for (j, id) in case.incidents.iter().enumerate() {
            need(&mut p, &format!("incidents[{j}]"), Kind::Incident, id.0)?;
        }
        for (j, cp) in case.people.iter().enumerate() {
            svc.check_code(
                &mut p,
                ListKind::PersonRole,
                &format!("people[{j}].role"),
                Some(&cp.role),
            );
            need(
                &mut p,
                &format!("people[{j}].person"),
                Kind::Person,
                cp.person.0,
            )?;
        }
        for (j, co) in case.organisations.iter().enumerate() {
            svc.check_code(
                &mut p,
                ListKind::OrganisationRole,
                &format!("organisations[{j}].role"),
                Some(&co.role),
            );
            need(
                &mut p,
                &format!("organisations[{j}].organisation"),
                Kind::Organisation,
                co.organisation.0,
            )?;
        }
        if let Some(u) = case.assigned_to {
            need(&mut p, "assigned_to", Kind::User, u.0)?;
        }
        need(&mut p, "created_by", Kind::User, case.created_by.0)?;
        report(faults, "cases", i, case.id, p);
    }
    let entry_case: std::collections::HashMap<_, _> =
        doc.timeline.iter().map(|e| (e.id, e.case)).collect();
    for (i, e) in doc.timeline.iter().enumerate() {
        let mut p = e.validate();
        need(&mut p, "case", Kind::Case, e.case.0)?;
        need(&mut p, "author", Kind::User, e.author.0)?;
        if let Some(old) = e.corrects {
            let old_case = match entry_case.get(&old) {
                Some(c) => Some(*c),
                None => svc
                    .vault()
                    .get::<crate::domain::TimelineEntry>(&old.0.to_bytes())?
                    .map(|o| o.case),
            };
            match old_case {
                None => need(&mut p, "corrects", Kind::Timeline, old.0)?,
                Some(c) if c != e.case => p.add("corrects", "is an entry of another case"),
                Some(_) => {}
            }
        }
        match &e.kind {
            EntryKind::Referral { referral } => {
                need(&mut p, "kind.referral", Kind::Referral, referral.0)?
            }
            EntryKind::FollowUpDone { follow_up } => {
                need(&mut p, "kind.follow_up", Kind::FollowUp, follow_up.0)?
            }
            _ => {}
        }
        report(faults, "timeline", i, e.id, p);
    }
    for (i, f) in doc.follow_ups.iter().enumerate() {
        let mut p = f.validate();
        match f.subject {
            Subject::Case(c) => need(&mut p, "subject", Kind::Case, c.0)?,
            Subject::Incident(inc) => need(&mut p, "subject", Kind::Incident, inc.0)?,
        }
        if let Some(a) = f.assignee {
            need(&mut p, "assignee", Kind::User, a.0)?;
        }
        if let FollowUpState::Done { by, .. } | FollowUpState::Cancelled { by, .. } = &f.state {
            need(&mut p, "state.by", Kind::User, by.0)?;
        }
        need(&mut p, "created_by", Kind::User, f.created_by.0)?;
        report(faults, "follow_ups", i, f.id, p);
    }
    for (i, r) in doc.referrals.iter().enumerate() {
        let mut p = r.validate();
        svc.check_code(
            &mut p,
            ListKind::AgencyKind,
            "agency_kind",
            Some(&r.agency_kind),
        );
        need(&mut p, "case", Kind::Case, r.case.0)?;
        if let Some(o) = r.organisation {
            need(&mut p, "organisation", Kind::Organisation, o.0)?;
        }
        need(&mut p, "created_by", Kind::User, r.created_by.0)?;
        report(faults, "referrals", i, r.id, p);
    }
    Ok(())
}
