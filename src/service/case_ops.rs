//! Casework on an open case: changing its details, adding intakes, listing cases.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::{CaseSummary, read_due};
use super::{Caseline, Error, Result};
use crate::domain::{
    CaseId, CaseOrganisation, CasePerson, CaseStatus, EntryKind, IncidentId, ListKind, PartyRole,
    RiskLevel, Subject, UserId,
};
use crate::store::kind::plain;

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
    fn admits(self, status: CaseStatus) -> bool {
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

fn change_note(before: &crate::domain::Case, after: &crate::domain::Case) -> Vec<String> {
    let mut notes = Vec::new();
    if before.kind != after.kind {
        notes.push("kind changed".to_string());
    }
    if before.assigned_to != after.assigned_to {
        notes.push("worker changed".to_string());
    }
    if before.risk != after.risk {
        notes.push(format!("risk now {:?}", after.risk).to_lowercase());
    }
    if before.safeguarding != after.safeguarding {
        notes.push("safeguarding flags changed".to_string());
    }
    if before.act_complained_of != after.act_complained_of {
        notes.push("date of the act complained of changed".to_string());
    }
    if before.summary != after.summary {
        notes.push("summary changed".to_string());
    }
    if before.people != after.people || before.organisations != after.organisations {
        notes.push("people or organisations changed".to_string());
    }
    notes
}

impl Caseline {
    /// Changes a case's details; the change is noted on its timeline and the statutory
    /// clocks follow, all in one transaction.
    pub fn update_case(&self, id: CaseId, req: UpdateCase) -> Result<()> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let before = self.case(id)?;
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
        let mut changes = self.vault().changes();
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
        let mut changes = self.vault().changes();
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

    /// A page of the cases matching `filter`, in its order. Filtering and ordering use
    /// the plain summaries; only the page's cases are decrypted, for their client names.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<CaseList> {
        let next = self.next_follow_ups()?;
        // A volunteer's summaries are their cases only.
        let mut rows: Vec<(CaseSummary, Option<NaiveDate>)> = self
            .case_summaries()?
            .into_iter()
            .filter(|s| filter.status.admits(s.status))
            .filter(|s| filter.kind.as_ref().is_none_or(|k| &s.kind == k))
            .filter(|s| filter.worker.is_none_or(|w| s.assigned_to == Some(w)))
            .filter(|s| !filter.safeguarding_only || s.safeguarding)
            .map(|s| {
                let due = next.get(&s.id).copied();
                (s, due)
            })
            .collect();
        let total = rows.len();
        let offset = page_start(filter.offset, filter.limit, total);
        let end = offset.saturating_add(filter.limit).min(total);
        // The reference breaks ties, so that pages asked for one by one neither repeat
        // nor miss a case.
        match filter.sort {
            CaseSort::LastActivity => select_page(&mut rows, offset, end, |(s, _)| {
                (std::cmp::Reverse(s.last_activity), s.reference)
            }),
            CaseSort::NextFollowUp => select_page(&mut rows, offset, end, |(s, due)| {
                (due.is_none(), *due, s.reference)
            }),
        }
        let mut page = Vec::with_capacity(end - offset);
        for (summary, next_follow_up) in rows.drain(offset..end) {
            page.push(CaseRow {
                client: self.client_name(summary.id)?,
                next_follow_up,
                summary,
            });
        }
        Ok(CaseList {
            total,
            offset,
            rows: page,
        })
    }

    /// The first complainant's name, for lists.
    pub fn client_name(&self, id: CaseId) -> Result<Option<String>> {
        let case = self.case(id)?;
        let complainant = case
            .people
            .iter()
            .find(|p| p.role == "complainant_or_victim")
            .or(case.people.first());
        Ok(match complainant {
            Some(cp) => self.person(cp.person).ok().map(|p| p.display_name()),
            None => None,
        })
    }

    /// The soonest open follow-up of every case, from the due index.
    fn next_follow_ups(&self) -> Result<HashMap<CaseId, NaiveDate>> {
        let mut next: HashMap<CaseId, NaiveDate> = HashMap::new();
        for item in self.vault().prefix_plain(plain::FOLLOW_UPS_DUE, &[0u8])? {
            let (k, v) = item?;
            if let Some(e) = read_due(&k, &v, 0).filter(|e| e.subject_is_case) {
                // Entries come in due order, so the first one seen for a case is its soonest.
                next.entry(CaseId(e.subject)).or_insert(e.due);
            }
        }
        Ok(next)
    }

    /// Case kinds, for filters.
    pub fn case_kinds(&self) -> Vec<(String, String)> {
        self.reference_list(ListKind::CaseKind)
            .active()
            .map(|e| (e.code.clone(), e.label.clone()))
            .collect()
    }
}

/// Where a page of `limit` rows asked for at `offset` starts, in a list of `total`: a
/// page past the end is the last page (of whole pages counted from the top).
fn page_start(offset: usize, limit: usize, total: usize) -> usize {
    if offset < total || total == 0 {
        return offset.min(total);
    }
    let limit = limit.max(1);
    (total - 1) / limit * limit
}

/// Puts the rows `start..end` that sorting all of `rows` by `key` would put there in
/// their places, in order; the rows either side are only partitioned off, not sorted,
/// so a page costs a pass over the list rather than a sort of it.
fn select_page<T, K: Ord>(rows: &mut [T], start: usize, end: usize, key: impl Fn(&T) -> K) {
    if start >= end {
        return;
    }
    let cmp = |a: &T, b: &T| key(a).cmp(&key(b));
    if start > 0 {
        rows.select_nth_unstable_by(start, cmp);
    }
    let tail = &mut rows[start..];
    if end - start < tail.len() {
        tail.select_nth_unstable_by(end - start, cmp);
    }
    tail[..end - start].sort_by(cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        assert_eq!(page_start(0, 20, 0), 0);
        assert_eq!(page_start(40, 20, 45), 40);
        assert_eq!(page_start(60, 20, 45), 40);
        assert_eq!(page_start(45, 20, 45), 40);
        assert_eq!(page_start(60, 20, 40), 20);
        assert_eq!(page_start(5, 0, 3), 2);
    }

    #[test]
    fn a_page_is_that_part_of_the_whole_list_sorted() {
        let all: Vec<u32> = (0..200).map(|i| (i * 7919) % 211).collect();
        let mut sorted = all.clone();
        sorted.sort();
        for (start, end) in [(0, 20), (20, 40), (180, 200), (190, 200), (0, 200), (5, 5)] {
            let mut rows = all.clone();
            select_page(&mut rows, start, end, |x| *x);
            assert_eq!(rows[start..end], sorted[start..end], "{start}..{end}");
        }
    }
}
