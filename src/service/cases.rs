//! Cases: opening them from intakes, reading them, moving them through their workflow.

use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{
    Case, CaseId, CaseOrganisation, CasePerson, CaseRef, CaseStatus, Closure, EntryKind,
    IncidentId, PartyRole, Problems, RiskLevel, TimelineEntry, User, UserId,
};
use crate::store::Changes;

/// A case to open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCase {
    /// Code from the `case_kind` list.
    pub kind: String,
    pub incidents: Vec<IncidentId>,
    /// People and their roles; when empty, taken from the incidents' parties.
    pub people: Vec<CasePerson>,
    pub organisations: Vec<CaseOrganisation>,
    /// The worker; the person opening it when empty.
    pub assigned_to: Option<UserId>,
    pub summary: String,
    pub safeguarding: Vec<String>,
    pub risk: RiskLevel,
    pub act_complained_of: Option<NaiveDate>,
    /// Defaults to today.
    pub opened_on: Option<NaiveDate>,
}

/// A case just opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpened {
    pub id: CaseId,
    pub reference: CaseRef,
}

/// A move to another status; closing needs an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub to: CaseStatus,
    /// Required when closing.
    pub closure: Option<Closure>,
    pub note: String,
}

impl Caseline {
    /// The next free reference in `year`.
    pub(crate) fn next_case_ref(&self, year: u16) -> Result<CaseRef> {
        let last = self.vault().case_counter(year)?;
        let number = last
            .checked_add(1)
            .filter(|n| *n <= crate::domain::case::MAX_CASE_NUMBER)
            .ok_or_else(|| Error::Conflict(format!("every case number for {year} is used")))?;
        Ok(CaseRef { year, number })
    }

    /// Adds the writes that store `case` and its indexes; `last_activity` is when its
    /// newest timeline entry was recorded.
    pub(crate) fn stage_case(
        &self,
        changes: &mut Changes<'_>,
        case: &Case,
        new: bool,
        last_activity: chrono::DateTime<Utc>,
    ) -> Result<()> {
        changes.put(case);
        if new {
            changes.index_new_case(case.reference, case.id);
        }
        self.stage_summary(changes, case, last_activity)
    }

    /// Adds a timeline entry of a case stored as it is, and brings the case's last
    /// activity up to it.
    pub(crate) fn stage_activity(
        &self,
        changes: &mut Changes<'_>,
        entry: &TimelineEntry,
    ) -> Result<()> {
        self.stage_entry(changes, entry);
        let case = self.case(entry.case)?;
        self.stage_summary(changes, &case, entry.recorded_at)
    }

    /// Adds the writes that store a timeline entry and its index.
    pub(crate) fn stage_entry(&self, changes: &mut Changes<'_>, entry: &TimelineEntry) {
        changes.put(entry);
        changes.index_timeline(entry);
    }

    /// Checks a case against the domain rules, the lists and the records it names.
    pub(crate) fn check_case(&self, case: &Case) -> Result<Problems> {
        let findings = self.case_rules(case);
        let mut p = findings.problems;
        for r in findings.refs {
            if !self.vault().has_record(r.kind, r.id)? {
                p.add(r.field, format!("is not a stored {}", r.kind.noun()));
            }
        }
        if let Some(u) = case.assigned_to
            && !self
                .vault()
                .get::<User>(&u.0.to_bytes())?
                .is_some_and(|u| u.active)
        {
            p.add("assigned_to", "is not an active user");
        }
        Ok(p)
    }

    /// The people of the incidents, in case roles, when a request names none.
    fn people_from_incidents(&self, incidents: &[IncidentId]) -> Result<Vec<CasePerson>> {
        let mut people: Vec<CasePerson> = Vec::new();
        for id in incidents {
            let incident = self.incident(*id)?;
            for party in &incident.parties {
                let role = match party.role {
                    PartyRole::Victim | PartyRole::Reporter => "complainant_or_victim",
                    PartyRole::Perpetrator => "alleged_perpetrator",
                    PartyRole::Witness => "witness",
                };
                if let Some(person) = party.person
                    && !people
                        .iter()
                        .any(|cp| cp.person == person && cp.role == role)
                {
                    people.push(CasePerson {
                        person,
                        role: role.to_string(),
                    });
                }
            }
        }
        Ok(people)
    }

    /// Opens a case: the case, its reference and its first timeline entry, in one transaction.
    pub fn open_case(&self, req: OpenCase) -> Result<CaseOpened> {
        self.require(super::Operation::OpenCase)?;
        let _guard = self.write_guard();
        let people = if req.people.is_empty() {
            self.people_from_incidents(&req.incidents)?
        } else {
            req.people
        };
        let opened_on = req.opened_on.unwrap_or_else(|| self.today());
        if !(1900..=9999).contains(&opened_on.year()) {
            let mut p = Problems::new();
            p.add("opened_on", "is not a date a case can open on");
            return Err(Error::invalid("case", p));
        }
        let now = self.now();
        let case = Case {
            id: CaseId::new(),
            reference: self.next_case_ref(opened_on.year() as u16)?,
            kind: req.kind,
            status: CaseStatus::Open,
            assigned_to: Some(req.assigned_to.unwrap_or(self.actor().id)),
            summary: req.summary,
            people,
            organisations: req.organisations,
            incidents: req.incidents,
            safeguarding: req.safeguarding,
            risk: req.risk,
            act_complained_of: req.act_complained_of,
            opened_on,
            closure: None,
            created_at: now,
            created_by: self.actor().id,
            updated_at: now,
        };
        self.check_case(&case)?
            .into_result()
            .map_err(|p| Error::invalid("case", p))?;
        let entry = self.new_entry(
            case.id,
            EntryKind::StatusChange {
                from: None,
                to: CaseStatus::Open,
            },
            "Case opened",
        );
        let taken = self.vault().case_id_by_ref(case.reference)?;
        if taken.is_some() {
            // The counter is behind the references in use: never point one at two cases.
            return Err(Error::Conflict(format!(
                "case reference {} is already in use; run `caseline check`",
                case.reference
            )));
        }
        let mut changes = self.changes();
        self.stage_case(&mut changes, &case, true, entry.recorded_at)?;
        self.stage_entry(&mut changes, &entry);
        // What was to follow the intakes now follows the case.
        let safeguarding = !case.safeguarding.is_empty();
        for incident in &case.incidents {
            for f in self.follow_ups_for_incident(*incident)? {
                let mut moved = f.clone();
                moved.subject = crate::domain::Subject::Case(case.id);
                self.stage_follow_up_with(&mut changes, Some(&f), &moved, safeguarding);
            }
        }
        self.stage_clocks(&mut changes, &case)?;
        self.vault().commit(changes)?;
        Ok(CaseOpened {
            id: case.id,
            reference: case.reference,
        })
    }

    /// Moves a case to another status, recording the change on its timeline.
    pub fn change_case_status(&self, id: CaseId, change: StatusChange) -> Result<()> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let mut case = self.case(id)?;
        let from = case.status;
        let mut p = Problems::new();
        p.check(
            !from.can_become(change.to),
            "to",
            &format!(
                "a case that is {} cannot become {}",
                from.label(),
                change.to.label()
            ),
        );
        p.into_result()
            .map_err(|p| Error::invalid("status change", p))?;
        case.status = change.to;
        case.closure = if change.to.is_closed() {
            change.closure
        } else {
            None
        };
        case.updated_at = self.now();
        self.check_case(&case)?
            .into_result()
            .map_err(|p| Error::invalid("status change", p))?;
        let entry = self.new_entry(
            id,
            EntryKind::StatusChange {
                from: Some(from),
                to: change.to,
            },
            &change.note,
        );
        let mut changes = self.changes();
        self.stage_case(&mut changes, &case, false, entry.recorded_at)?;
        self.stage_entry(&mut changes, &entry);
        self.vault().commit(changes).map_err(Error::from)
    }

    /// Reads a case the actor may see (refused otherwise: every read and change of a
    /// case goes through here).
    pub fn case(&self, id: CaseId) -> Result<Case> {
        let case: Case = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("case", id))?;
        self.check_case_visible(&case)?;
        Ok(case)
    }

    /// Finds a case by the reference a worker reads out.
    pub fn case_by_ref(&self, r: CaseRef) -> Result<Case> {
        let id = self
            .vault()
            .case_id_by_ref(r)?
            .ok_or_else(|| Error::not_found("case", r))?;
        self.case(id)
    }

    /// Every case the actor may see, oldest first.
    pub fn cases(&self) -> impl Iterator<Item = Result<Case>> + '_ {
        let all = self.vault().scan::<Case>().map(|r| r.map_err(Error::from));
        self.visible(all, |reach, c| reach.cases.contains(&c.id))
    }
}
