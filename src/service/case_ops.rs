//! Casework on an open case: changing its details, adding intakes, listing cases.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::edits::{Overtaken, overtaken};
use super::{Caseline, Error, Result};
use crate::domain::{Case, CaseSummary};
use crate::domain::{
    CaseId, CaseOrganisation, CasePerson, CaseStatus, EntryKind, IncidentId, ListKind, PartyRole,
    RiskLevel, Subject, UserId,
};

/// Changes to a case's details; `None` leaves a detail as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateCase {
    pub kind: Option<String>,
    pub assigned_to: Option<UserId>,
    pub risk: Option<RiskLevel>,
    pub safeguarding: Option<Vec<String>>,
    /// `Some(None)` clears the date.
    pub act_complained_of: Option<Option<NaiveDate>>,
    pub summary: Option<String>,
    pub people: Option<Vec<CasePerson>>,
    pub organisations: Option<Vec<CaseOrganisation>>,
    /// The case as the worker read it before editing. With several people at work, a
    /// save that would put back what someone else changed meanwhile is refused,
    /// naming what they changed (see `edits`); `None` applies the change to the case
    /// as it is now.
    pub read: Option<Box<Case>>,
}

/// How to order a case list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    /// Most recent timeline entry first.
    #[default]
    LastActivity,
    /// Soonest open follow-up first; cases with none last.
    NextFollowUp,
}

/// Which statuses a case list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Every case that is not closed: the working list.
    #[default]
    NotClosed,
    Is(CaseStatus),
    /// Closed cases too.
    All,
}

impl StatusFilter {
    pub(crate) fn admits(self, status: CaseStatus) -> bool {
        match self {
            StatusFilter::NotClosed => !status.is_closed(),
            StatusFilter::Is(s) => status == s,
            StatusFilter::All => true,
        }
    }
}

/// Which cases to list, and which page of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub status: StatusFilter,
    pub kind: Option<String>,
    pub worker: Option<UserId>,
    pub safeguarding_only: bool,
    pub sort: CaseSort,
    /// Rows to skip, in the list's order: where the page starts.
    pub offset: usize,
    /// Rows to return (and to read names for): the page's size.
    pub limit: usize,
}

/// One row of a case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub summary: CaseSummary,
    pub next_follow_up: Option<NaiveDate>,
    /// The first complainant's name.
    pub client: Option<String>,
}

/// A page of a case list: how many cases match, where the page starts, and its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseList {
    pub total: usize,
    /// The first row's place in the whole list (from 0). A page asked for past the
    /// end comes back as the last page, so this can be less than was asked for.
    pub offset: usize,
    pub rows: Vec<CaseRow>,
}

/// The parts of a case's details that differ, named as its timeline and a refused
/// save name them.
fn changed_parts(before: &Case, after: &Case) -> Vec<String> {
    [
        ("kind", before.kind != after.kind),
        ("worker", before.assigned_to != after.assigned_to),
        ("risk", before.risk != after.risk),
        (
            "safeguarding flags",
            before.safeguarding != after.safeguarding,
        ),
        (
            "date of the act complained of",
            before.act_complained_of != after.act_complained_of,
        ),
        ("summary", before.summary != after.summary),
        (
            "people or organisations",
            before.people != after.people || before.organisations != after.organisations,
        ),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(part, _)| part.to_string())
    .collect()
}

/// The timeline's note of a change to a case's details: "summary changed; risk now
/// high".
fn change_note(before: &Case, after: &Case) -> Vec<String> {
    changed_parts(before, after)
        .into_iter()
        .map(|part| match part.as_str() {
            "risk" => format!("risk now {:?}", after.risk).to_lowercase(),
            _ => format!("{part} changed"),
        })
        .collect()
}

impl Caseline {
    /// Changes a case's details; the change is noted on its timeline and the statutory
    /// clocks follow, all in one transaction.
    pub fn update_case(&self, id: CaseId, req: UpdateCase) -> Result<()> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let before = self.case(id)?;
        let read = req.read;
        let mut case = before.clone();
        if let Some(k) = req.kind {
            case.kind = k;
        }
        if let Some(w) = req.assigned_to {
            case.assigned_to = Some(w);
        }
        if let Some(r) = req.risk {
            case.risk = r;
        }
        if let Some(s) = req.safeguarding {
            case.safeguarding = s;
        }
        if let Some(a) = req.act_complained_of {
            case.act_complained_of = a;
        }
        if let Some(s) = req.summary {
            case.summary = s;
        }
        if let Some(p) = req.people {
            case.people = p;
        }
        if let Some(o) = req.organisations {
            case.organisations = o;
        }
        if let Some(read) = read {
            let lost = overtaken(
                changed_parts(&read, &before),
                &changed_parts(&case, &before),
            );
            if !lost.is_empty() {
                return Err(self.changed_meanwhile(
                    Overtaken {
                        what: "case",
                        at: before.updated_at,
                        parts: lost,
                        then: "note them, press esc to see the case as it is now, and edit \
                               it again",
                    },
                    move |e| e.case == Some(id),
                ));
            }
        }
        let notes = change_note(&before, &case);
        if notes.is_empty() {
            return Ok(());
        }
        case.updated_at = self.now();
        self.check_case(&case)?
            .into_result()
            .map_err(|p| Error::invalid("case", p))?;
        let mut text = notes.join("; ");
        text[..1].make_ascii_uppercase();
        let entry = self.new_entry(id, EntryKind::Note, &text);
        let mut changes = self.changes();
        self.stage_case(&mut changes, &case, false, entry.recorded_at)?;
        self.stage_entry(&mut changes, &entry);
        if before.safeguarding.is_empty() != case.safeguarding.is_empty() {
            // Queues sort on the safeguarding flag: move this case's follow-ups along.
            for f in self.follow_ups_for_case(id)? {
                self.stage_follow_up_with(
                    &mut changes,
                    Some(&f),
                    &f,
                    !case.safeguarding.is_empty(),
                );
            }
        }
        self.stage_clocks(&mut changes, &case)?;
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Adds a saved intake to a case: its people join the case, its follow-ups move to
    /// the case, and the timeline says so.
    pub fn attach_incident(&self, case_id: CaseId, incident: IncidentId) -> Result<()> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let mut case = self.case(case_id)?;
        let i = self.incident(incident)?;
        if case.incidents.contains(&incident) {
            return Err(Error::Conflict(format!(
                "that intake is already part of {}",
                case.reference
            )));
        }
        case.incidents.push(incident);
        for party in &i.parties {
            let role = match party.role {
                PartyRole::Victim | PartyRole::Reporter => "complainant_or_victim",
                PartyRole::Perpetrator => "alleged_perpetrator",
                PartyRole::Witness => "witness",
            };
            if let Some(person) = party.person
                && !case
                    .people
                    .iter()
                    .any(|cp| cp.person == person && cp.role == role)
            {
                case.people.push(CasePerson {
                    person,
                    role: role.to_string(),
                });
            }
        }
        case.updated_at = self.now();
        let when = i
            .reported_at
            .with_timezone(&crate::domain::clock::zone())
            .format("%-d %b %Y %H:%M");
        let entry = self.new_entry(
            case_id,
            EntryKind::Note,
            &format!("Intake taken {when} added to the case"),
        );
        let mut changes = self.changes();
        self.stage_case(&mut changes, &case, false, entry.recorded_at)?;
        self.stage_entry(&mut changes, &entry);
        let safeguarding = !case.safeguarding.is_empty();
        for f in self.follow_ups_for_incident(incident)? {
            let mut moved = f.clone();
            moved.subject = Subject::Case(case_id);
            self.stage_follow_up_with(&mut changes, Some(&f), &moved, safeguarding);
        }
        self.stage_clocks(&mut changes, &case)?;
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Case kinds, for filters.
    pub fn case_kinds(&self) -> Vec<(String, String)> {
        self.reference_list(ListKind::CaseKind)
            .active()
            .map(|e| (e.code.clone(), e.label.clone()))
            .collect()
    }
}
