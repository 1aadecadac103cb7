//! Who may do what: the one place the roles' rules live.
//!
//! Every service call names the [`Operation`] it performs and calls
//! [`Caseline::require`] before touching anything; reads of single records go through
//! the `may_see_*` tests, which every read and write of a case, intake, person or
//! follow-up applies. Administrators and caseworkers see every case; a volunteer sees
//! only the cases assigned to them or that they created, and what hangs off those
//! cases. A reporting centre's login may record intakes for its centre and read only
//! the reports its centre made, and the people in them; nothing else. A refusal is always [`Error::NotPermitted`] with a message that names the
//! operation and never the record.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Caseline, Error, Result};
use crate::domain::{
    Case, CaseId, FollowUp, Incident, IncidentId, OrganisationId, Person, PersonId, Role, Subject,
};

/// What a request does, for deciding whether the actor's role allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Adding users, changing roles, disabling accounts, resetting others' passphrases.
    ManageUsers,
    Backup,
    Restore,
    /// Deleting a replaced store that a restore kept.
    RemoveReplaced,
    /// Every record as one plain-text document.
    Export,
    Import,
    /// Adding values to the reference lists.
    ChangeReferenceLists,
    /// Reading or verifying the audit log.
    ReadAudit,
    /// Integrity checks and index rebuilds: they read every record.
    Maintain,
    /// Figures about the whole caseload: stats, everyone's queues, published reports.
    Reports,
    /// A report's exact counts, before small numbers are suppressed (on screen only).
    WorkingFigures,
    /// Recording an intake, and the people and follow-ups it brings.
    Intake,
    /// Opening a case (it is then one the actor created).
    OpenCase,
    /// Changing a case the actor may see: status, details, links, timeline, follow-ups.
    ChangeCase,
    /// Recording a referral in or out.
    Referrals,
    /// Sending an outgoing referral without the client's recorded consent.
    OverrideConsent,
    /// How long a sent referral waits for an answer before it is chased.
    ReferralSettings,
    /// Adding to and editing the directory of organisations, logging consultations
    /// (volunteers read the directory only).
    Organisations,
    /// Removing something recorded (a link from a case).
    Delete,
    /// Reading letter templates, and writing letters on a case the actor may see.
    Letters,
    /// Adding and editing letter templates.
    LetterTemplates,
    /// Reading the caseload: cases, people on file, queues, search, the directory.
    ReadCasework,
    /// Search hits listed for the command line (`caseline search`, JSON and any
    /// `--limit`): the caseload's people taken out in bulk, as an export does.
    SearchListing,
    /// Changing the details of a person the actor may see.
    EditPeople,
    /// Merging two records of one person.
    MergePeople,
    /// The consultation limit and the referral chase waits, read and set on screen.
    WorkSettings,
    /// The store-wide settings that are not casework's: the idle lock, the rules
    /// reports are published by.
    StoreSettings,
    /// Reading what one's own screens follow: one's role as stored now, the idle lock
    /// and the reference lists (everyone, a reporting centre's login too).
    OwnSettings,
}

impl Operation {
    /// What the operation is, in words, for refusals.
    pub fn describe(self) -> &'static str {
        match self {
            Operation::ManageUsers => "managing users",
            Operation::Backup => "making a backup",
            Operation::Restore => "restoring a backup",
            Operation::RemoveReplaced => "removing a replaced store",
            Operation::Export => "exporting",
            Operation::Import => "importing",
            Operation::ChangeReferenceLists => "changing reference lists",
            Operation::ReadAudit => "reading the audit log",
            Operation::Maintain => "checking or reindexing the store",
            Operation::Reports => "reports on the whole caseload",
            Operation::WorkingFigures => "showing a report's working figures",
            Operation::Intake => "recording an intake",
            Operation::OpenCase => "opening a case",
            Operation::ChangeCase => "changing a case",
            Operation::Referrals => "recording referrals",
            Operation::OverrideConsent => "sending a referral without the client's consent",
            Operation::ReferralSettings => "setting how long referrals wait",
            Operation::Organisations => "changing the directory of organisations",
            Operation::Delete => "removing records",
            Operation::Letters => "writing letters",
            Operation::LetterTemplates => "adding or editing letter templates",
            Operation::ReadCasework => "reading cases, people and queues",
            Operation::SearchListing => "searching from the command line",
            Operation::EditPeople => "changing a person's details",
            Operation::MergePeople => "merging two records of one person",
            Operation::WorkSettings => "the directory's and referrals' settings",
            Operation::StoreSettings => "changing the store's settings",
            Operation::OwnSettings => "reading one's own settings",
        }
    }

    /// The least role that may perform the operation: roles are ordered from
    /// administrator (may do everything) to volunteer.
    pub fn least_role(self) -> Role {
        match self {
            Operation::ManageUsers
            | Operation::Backup
            | Operation::Restore
            | Operation::RemoveReplaced
            | Operation::Export
            | Operation::Import
            | Operation::ChangeReferenceLists
            | Operation::ReadAudit
            | Operation::Maintain
            | Operation::WorkingFigures
            | Operation::OverrideConsent
            | Operation::ReferralSettings
            | Operation::WorkSettings
            | Operation::StoreSettings
            | Operation::SearchListing
            | Operation::LetterTemplates => Role::Administrator,
            Operation::Reports
            | Operation::Referrals
            | Operation::Organisations
            | Operation::Delete
            | Operation::MergePeople => Role::Caseworker,
            Operation::Intake
            | Operation::OpenCase
            | Operation::ChangeCase
            | Operation::Letters
            | Operation::ReadCasework
            | Operation::EditPeople
            | Operation::OwnSettings => Role::Volunteer,
        }
    }
}

/// Whether `role` may perform `op` at all (visibility of the record aside).
pub fn role_may(role: Role, op: Operation) -> bool {
    match role {
        // A partner's staff record reports for their centre and nothing more (its
        // screens still follow its own settings).
        Role::ReportingCentre => matches!(op, Operation::Intake | Operation::OwnSettings),
        // `Role` orders administrator < caseworker < volunteer: fewer rights further down.
        _ => role <= op.least_role(),
    }
}

/// [`role_may`] as a refusal that says who may.
pub fn permit(role: Role, op: Operation) -> Result<()> {
    if role_may(role, op) {
        return Ok(());
    }
    if role == Role::ReportingCentre {
        return Err(Error::NotPermitted(format!(
            "{} is not open to a reporting centre's login",
            op.describe()
        )));
    }
    let who = match op.least_role() {
        Role::Administrator => "an administrator",
        _ => "a caseworker or an administrator",
    };
    Err(Error::NotPermitted(format!(
        "{} needs {who}",
        op.describe()
    )))
}

/// What a volunteer can reach beyond the records they made themselves: their cases,
/// the intakes in those cases, and the people on the cases and intakes. Worked out
/// from the records when needed, never stored.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    pub cases: HashSet<CaseId>,
    pub incidents: HashSet<IncidentId>,
    pub people: HashSet<PersonId>,
}

impl Caseline {
    /// Refuses `op` unless the actor's role, as it is now, allows it (and refuses
    /// everything to a session whose account was disabled meanwhile).
    pub fn require(&self, op: Operation) -> Result<()> {
        self.check_standing()?;
        permit(self.actor().role, op)
    }

    /// Whether the actor sees every case (administrators and caseworkers).
    pub(crate) fn sees_everything(&self) -> bool {
        matches!(self.actor().role, Role::Administrator | Role::Caseworker)
    }

    /// The centre whose reports the actor may see, for a reporting centre's login.
    pub(crate) fn my_centre(&self) -> Option<OrganisationId> {
        let me = self.actor();
        (me.role == Role::ReportingCentre)
            .then_some(me.centre)
            .flatten()
    }

    /// Whether the actor is a reporting centre's login, who sees no casework.
    pub(crate) fn is_centre(&self) -> bool {
        self.actor().role == Role::ReportingCentre
    }

    /// Whether the actor may see (and so work on) `case`: anyone but a volunteer, or a
    /// volunteer it is assigned to or who created it.
    pub(crate) fn may_see_case(&self, case: &Case) -> bool {
        let me = self.actor().id;
        if self.is_centre() {
            return false;
        }
        self.sees_everything() || case.assigned_to == Some(me) || case.created_by == me
    }

    /// Refuses a case the actor may not see.
    pub(crate) fn check_case_visible(&self, case: &Case) -> Result<()> {
        if self.may_see_case(case) {
            Ok(())
        } else {
            Err(refused("that case"))
        }
    }

    /// Whether the actor may see an intake: one they recorded, or one in a case they
    /// may see.
    pub(crate) fn may_see_incident(&self, incident: &Incident) -> Result<bool> {
        if self.is_centre() {
            return Ok(self.centre_made(incident));
        }
        if self.sees_everything() || incident.recorded_by == self.actor().id {
            return Ok(true);
        }
        Ok(self.reach()?.incidents.contains(&incident.id))
    }

    /// Whether an incident came through the actor's own reporting centre.
    pub(crate) fn centre_made(&self, incident: &Incident) -> bool {
        let centre = incident.channel.centre_report().and_then(|r| r.centre);
        centre.is_some() && centre == self.my_centre()
    }

    /// Whether the actor may see a person: one they added, or one on a case or intake
    /// they may see.
    pub(crate) fn may_see_person(&self, person: &Person) -> Result<bool> {
        if self.sees_everything() || person.created_by == self.actor().id {
            return Ok(true);
        }
        Ok(self.reach()?.people.contains(&person.id))
    }

    /// Whether the actor may see a follow-up: one assigned to them or that they
    /// created, or one on a case or intake they may see.
    pub(crate) fn may_see_follow_up(&self, f: &FollowUp) -> Result<bool> {
        let me = self.actor().id;
        if self.is_centre() {
            return Ok(false);
        }
        if self.sees_everything() || f.assignee == Some(me) || f.created_by == me {
            return Ok(true);
        }
        self.may_see_subject(f.subject)
    }

    /// Whether the actor may see what a follow-up is about: a case they may see, or an
    /// intake they recorded or that is part of such a case.
    pub(crate) fn may_see_subject(&self, subject: Subject) -> Result<bool> {
        if self.sees_everything() {
            return Ok(true);
        }
        if self.is_centre() {
            return Ok(false);
        }
        let reach = self.reach()?;
        Ok(match subject {
            Subject::Case(c) => reach.cases.contains(&c),
            Subject::Incident(i) if reach.incidents.contains(&i) => true,
            Subject::Incident(i) => self
                .vault()
                .get::<Incident>(&i.0.to_bytes())?
                .is_some_and(|i| i.recorded_by == self.actor().id),
        })
    }

    /// `all` as the actor may see it: everything, or for a volunteer the records `keep`
    /// finds within their reach. Errors pass through, so a damaged record still shows.
    pub(crate) fn visible<'a, R: 'a>(
        &'a self,
        all: impl Iterator<Item = Result<R>> + 'a,
        keep: impl Fn(&Reach, &R) -> bool + 'a,
    ) -> Box<dyn Iterator<Item = Result<R>> + 'a> {
        if self.sees_everything() {
            return Box::new(all);
        }
        match self.reach() {
            Err(e) => Box::new(std::iter::once(Err(e))),
            Ok(reach) => {
                Box::new(all.filter(move |r| r.as_ref().map_or(true, |x| keep(&reach, x))))
            }
        }
    }

    /// What a volunteer can reach. Costs a scan of the case summaries and a read of the
    /// volunteer's own cases and their intakes, so it is only worked out when the cheap
    /// tests (assigned to, created or recorded by the actor) fail, and is kept until
    /// the store next changes (every change moves the audit log on).
    pub(crate) fn reach(&self) -> Result<Arc<Reach>> {
        let at = self.vault().audit_head().seq;
        let mut cached = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seq, reach)) = cached.as_ref()
            && *seq == at
        {
            return Ok(reach.clone());
        }
        let reach = Arc::new(self.work_out_reach()?);
        *cached = Some((at, reach.clone()));
        Ok(reach)
    }

    /// The volunteer's cases come from the case summaries (assigned to or opened by
    /// them), so only their own cases and intakes are decrypted. Intakes they recorded
    /// that are in no case of theirs, and the people those name, are not in the reach:
    /// the `may_see_*` tests check `recorded_by` and `created_by` on the record itself.
    fn work_out_reach(&self) -> Result<Reach> {
        if self.is_centre() {
            return self.centre_reach();
        }
        let me = self.actor().id;
        let mut reach = Reach::default();
        for s in self.all_case_summaries()? {
            if s.assigned_to == Some(me) || s.created_by == me {
                reach.cases.insert(s.id);
            }
        }
        for id in &reach.cases {
            if let Some(case) = self.vault().get::<Case>(&id.0.to_bytes())? {
                reach.incidents.extend(case.incidents.iter().copied());
                reach.people.extend(case.people.iter().map(|cp| cp.person));
            }
        }
        for id in &reach.incidents {
            if let Some(incident) = self.vault().get::<Incident>(&id.0.to_bytes())? {
                let parties = incident.parties.iter().filter_map(|p| p.person);
                reach.people.extend(parties);
            }
        }
        Ok(reach)
    }
}

impl Caseline {
    /// What a reporting centre's login reaches: the reports its centre made and the
    /// people in them. No case, whoever opened it.
    fn centre_reach(&self) -> Result<Reach> {
        let mut reach = Reach::default();
        for incident in self.vault().scan::<Incident>() {
            let incident = incident?;
            if self.centre_made(&incident) {
                reach.incidents.insert(incident.id);
                reach
                    .people
                    .extend(incident.parties.iter().filter_map(|p| p.person));
            }
        }
        Ok(reach)
    }
}

/// The refusal for a record the actor may not see. It says what kind of record, never
/// which one.
pub(crate) fn refused(what: &str) -> Error {
    Error::NotPermitted(format!("{what} is not one of yours to see"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_nested() {
        use Operation::*;
        let all = [
            ManageUsers,
            Backup,
            Restore,
            RemoveReplaced,
            Export,
            Import,
            ChangeReferenceLists,
            ReadAudit,
            Maintain,
            Reports,
            WorkingFigures,
            Intake,
            OpenCase,
            ChangeCase,
            Referrals,
            OverrideConsent,
            ReferralSettings,
            Organisations,
            Delete,
            ReadCasework,
            EditPeople,
            MergePeople,
            WorkSettings,
            StoreSettings,
            OwnSettings,
        ];
        for op in all {
            assert!(role_may(Role::Administrator, op), "{op:?}");
        }
        for op in [Export, Delete, Reports, ManageUsers, Backup, RemoveReplaced] {
            assert!(!role_may(Role::Volunteer, op), "{op:?}");
        }
        for op in [Reports, Referrals, Intake, ChangeCase] {
            assert!(role_may(Role::Caseworker, op), "{op:?}");
        }
        assert!(!role_may(Role::Caseworker, Export));
        assert!(!role_may(Role::Caseworker, WorkingFigures));
        for op in [
            OverrideConsent,
            ReferralSettings,
            WorkSettings,
            StoreSettings,
        ] {
            assert!(!role_may(Role::Caseworker, op), "{op:?}");
        }
        assert!(!role_may(Role::Volunteer, Referrals));
        assert!(role_may(Role::Volunteer, Intake));
        assert!(role_may(Role::Volunteer, OwnSettings));
        for op in all {
            let centre = matches!(op, Intake | OwnSettings);
            assert_eq!(role_may(Role::ReportingCentre, op), centre, "{op:?}");
        }
    }
}
