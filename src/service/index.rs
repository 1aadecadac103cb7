//! Derived indexes for queues and case lists, kept in plain trees so that "my overdue
//! follow-ups" or "open cases by last activity" need no decryption of the records that
//! do not make the page. They hold ids, dates, priorities, states and list codes only:
//! nothing that names or describes a person.
//!
//! Every change that writes a follow-up or a case also writes its index entries, in
//! the same transaction. A store written before an index existed has it built at
//! unlock ([`Caseline::ensure_indexes`]); `check` compares every index with the records.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::{
    AuditAction, AuditNote, Case, CaseId, CaseRef, CaseStatus, FollowUp, FollowUpState, Id,
    Priority, RiskLevel, Subject, TimelineEntry, UserId,
};
use crate::store::codec::{from_plain, plain as encode_plain};
use crate::store::kind::plain;
use crate::store::{Changes, StoreError};

/// Version of the derived indexes; raising it rebuilds them at the next unlock.
pub const INDEX_VERSION: u8 = 6;
const INDEX_VERSION_KEY: &[u8] = b"index_version";
/// 2: with `created_by`, so that a volunteer's cases are found without decrypting.
/// 3: with `members`, so that a change of a case's people can undo their index rows.
const SUMMARY_SCHEMA: u16 = 3;

/// One index entry: tree, key, value.
pub(crate) type IndexEntry = (&'static str, Vec<u8>, Vec<u8>);

/// A date as a day number that sorts as bytes.
pub(crate) fn day(d: NaiveDate) -> [u8; 4] {
    let n = d.signed_duration_since(NaiveDate::default()).num_days();
    ((n + (1 << 31)).clamp(0, u32::MAX as i64) as u32).to_be_bytes()
}

/// Reads [`day`] back.
pub(crate) fn from_day(b: &[u8]) -> Option<NaiveDate> {
    let n = u32::from_be_bytes(b.get(..4)?.try_into().ok()?) as i64 - (1 << 31);
    NaiveDate::default().checked_add_signed(chrono::Duration::days(n))
}

fn state_byte(s: &FollowUpState) -> u8 {
    match s {
        FollowUpState::Open => 0,
        FollowUpState::Done { .. } => 1,
        FollowUpState::Cancelled { .. } => 2,
    }
}

/// The subject's id: a case or an intake.
pub(crate) fn subject_id(s: Subject) -> Id {
    match s {
        Subject::Case(c) => c.0,
        Subject::Incident(i) => i.0,
    }
}

/// What a due-date index entry says about its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DueEntry {
    pub id: Id,
    /// The due date while open; the day it was closed once closed.
    pub due: NaiveDate,
    pub open: bool,
    pub priority: Priority,
    pub statutory: bool,
    /// Its case has a safeguarding concern.
    pub safeguarding: bool,
    pub assignee: Option<UserId>,
    pub subject: Id,
    pub subject_is_case: bool,
}

fn priority_byte(p: Priority) -> u8 {
    p as u8
}

fn priority_from(b: u8) -> Priority {
    match b {
        0 => Priority::Low,
        2 => Priority::High,
        3 => Priority::Urgent,
        _ => Priority::Normal,
    }
}

/// Every index entry of a follow-up: (tree, key, value). `safeguarding` says whether its
/// case has a safeguarding concern, which queues sort on.
pub(crate) fn follow_up_entries(f: &FollowUp, safeguarding: bool) -> Vec<IndexEntry> {
    let state = state_byte(&f.state);
    let due = day(f.due);
    let sorts_on = day(sort_day(f));
    let id = f.id.0.to_bytes();
    let subject = subject_id(f.subject).to_bytes();
    let assignee = f.assignee.map(|a| a.0.to_bytes()).unwrap_or([0; 16]);
    let flags = u8::from(f.statutory)
        | (u8::from(matches!(f.subject, Subject::Case(_))) << 1)
        | (u8::from(safeguarding) << 2);
    let mut due_key = vec![state];
    due_key.extend_from_slice(&sorts_on);
    due_key.extend_from_slice(&id);
    let mut due_value = vec![priority_byte(f.priority), flags];
    due_value.extend_from_slice(&assignee);
    due_value.extend_from_slice(&subject);
    let mut entries = vec![(plain::FOLLOW_UPS_DUE, due_key.clone(), due_value.clone())];
    if f.assignee.is_some() {
        let mut mine = assignee.to_vec();
        mine.extend_from_slice(&due_key);
        entries.push((plain::FOLLOW_UPS_MINE, mine, due_value));
    }
    let mut by_subject = subject.to_vec();
    by_subject.extend_from_slice(&id);
    let mut subject_value = vec![state];
    subject_value.extend_from_slice(&due);
    entries.push((plain::FOLLOW_UPS_SUBJECT, by_subject, subject_value));
    entries
}

/// The day a follow-up sorts on in the due trees: its due date while open, the day it
/// was closed afterwards. Closed ones pile up for years; keyed by when they were closed,
/// "done lately" is a short range scan, and the open queues never read them at all.
fn sort_day(f: &FollowUp) -> NaiveDate {
    match &f.state {
        FollowUpState::Open => f.due,
        FollowUpState::Done { at, .. } | FollowUpState::Cancelled { at, .. } => at.date_naive(),
    }
}

/// The state byte that starts every key of the due trees (after the assignee).
pub(crate) const OPEN_STATE: u8 = 0;
pub(crate) const CLOSED_STATES: [u8; 2] = [1, 2];

/// Reads a due-index entry (from either due tree: `offset` skips the assignee prefix).
pub(crate) fn read_due(key: &[u8], value: &[u8], offset: usize) -> Option<DueEntry> {
    let key = key.get(offset..)?;
    if key.len() != 21 || value.len() != 34 {
        return None;
    }
    let assignee = Id::from_bytes(&value[2..18])
        .filter(|a| a.as_u128() != 0)
        .map(UserId);
    Some(DueEntry {
        id: Id::from_bytes(&key[5..21])?,
        due: from_day(&key[1..5])?,
        open: key[0] == 0,
        priority: priority_from(value[0]),
        statutory: value[1] & 1 != 0,
        subject_is_case: value[1] & 2 != 0,
        safeguarding: value[1] & 4 != 0,
        assignee,
        subject: Id::from_bytes(&value[18..34])?,
    })
}

/// What case lists filter and sort on, without decrypting cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: CaseRef,
    pub status: CaseStatus,
    /// Code from the `case_kind` list.
    pub kind: String,
    pub assigned_to: Option<UserId>,
    /// Any safeguarding concern flagged (which ones is in the encrypted case).
    pub safeguarding: bool,
    pub risk: RiskLevel,
    pub opened_on: NaiveDate,
    pub last_activity: DateTime<Utc>,
    /// Who opened the case: a volunteer sees the cases they opened.
    pub created_by: UserId,
    /// The ids of its people and organisations (in [`plain::MEMBER_CASES`] too).
    pub members: Vec<Id>,
}

impl CaseSummary {
    pub(crate) fn of(case: &Case, last_activity: DateTime<Utc>) -> CaseSummary {
        CaseSummary {
            id: case.id,
            reference: case.reference,
            status: case.status,
            kind: case.kind.clone(),
            assigned_to: case.assigned_to,
            safeguarding: !case.safeguarding.is_empty(),
            risk: case.risk,
            opened_on: case.opened_on,
            last_activity,
            created_by: case.created_by,
            members: members(case),
        }
    }

    /// Its index entries: the summary, and a row per person and organisation on it.
    pub(crate) fn entries(&self) -> Vec<IndexEntry> {
        let id = self.id.0.to_bytes();
        let mut out = vec![(plain::CASE_SUMMARY, id.to_vec(), self.encode())];
        out.extend(
            self.members
                .iter()
                .map(|m| (plain::MEMBER_CASES, member_key(*m, self.id), Vec::new())),
        );
        out
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        encode_plain(SUMMARY_SCHEMA, self)
    }
}

/// The people and organisations of a case, once each.
fn members(case: &Case) -> Vec<Id> {
    let mut out: Vec<Id> = case.people.iter().map(|p| p.person.0).collect();
    out.extend(case.organisations.iter().map(|o| o.organisation.0));
    out.sort();
    out.dedup();
    out
}

/// A [`plain::MEMBER_CASES`] key.
fn member_key(member: Id, case: CaseId) -> Vec<u8> {
    let mut k = member.to_bytes().to_vec();
    k.extend_from_slice(&case.0.to_bytes());
    k
}

/// The day of a case's latest timeline entry, from its summary: for its search
/// document, kept in step by a commit hook that has the vault only.
pub(crate) fn last_activity(
    vault: &crate::store::Vault,
    id: CaseId,
) -> crate::store::StoreResult<Option<NaiveDate>> {
    let Some(v) = vault.get_plain(plain::CASE_SUMMARY, &id.0.to_bytes())? else {
        return Ok(None);
    };
    let summary: CaseSummary = from_plain(SUMMARY_SCHEMA, &v)
        .map_err(|e| StoreError::Damaged(format!("{}/{id}: {e}", plain::CASE_SUMMARY)))?;
    Ok(Some(
        crate::domain::clock::local(summary.last_activity).date_naive(),
    ))
}

impl Caseline {
    /// Writes a follow-up and its index entries, removing those of its old version.
    pub(crate) fn stage_follow_up(
        &self,
        changes: &mut Changes<'_>,
        old: Option<&FollowUp>,
        new: &FollowUp,
    ) -> Result<()> {
        let safeguarding = self.subject_safeguarding(new.subject)?;
        self.stage_follow_up_with(changes, old, new, safeguarding);
        Ok(())
    }

    /// [`Caseline::stage_follow_up`], when the case's safeguarding is already known (a
    /// case staged in the same transaction).
    pub(crate) fn stage_follow_up_with(
        &self,
        changes: &mut Changes<'_>,
        old: Option<&FollowUp>,
        new: &FollowUp,
        safeguarding: bool,
    ) {
        if let Some(old) = old {
            for (tree, key, _) in follow_up_entries(old, safeguarding) {
                changes.remove_plain(tree, key);
            }
        }
        changes.put(new);
        for (tree, key, value) in follow_up_entries(new, safeguarding) {
            changes.put_plain(tree, key, value);
        }
    }

    /// Whether a follow-up's subject is a case with a safeguarding concern.
    pub(crate) fn subject_safeguarding(&self, subject: Subject) -> Result<bool> {
        match subject {
            Subject::Case(c) => Ok(self.summary(c)?.is_some_and(|s| s.safeguarding)),
            Subject::Incident(_) => Ok(false),
        }
    }

    /// Writes a case's summary and who is on it, undoing the rows of anyone who no
    /// longer is.
    pub(crate) fn stage_summary(
        &self,
        changes: &mut Changes<'_>,
        case: &Case,
        last_activity: DateTime<Utc>,
    ) -> Result<()> {
        let summary = CaseSummary::of(case, last_activity);
        if let Some(old) = self.summary(case.id)? {
            for gone in old.members.iter().filter(|m| !summary.members.contains(m)) {
                changes.remove_plain(plain::MEMBER_CASES, member_key(*gone, case.id));
            }
        }
        for (tree, key, value) in summary.entries() {
            changes.put_plain(tree, key, value);
        }
        Ok(())
    }

    /// The ids of the cases a person or an organisation is on, whoever is acting
    /// (callers keep to what the actor may see).
    pub(crate) fn cases_of_member(&self, member: Id) -> Result<Vec<CaseId>> {
        Ok(self
            .vault()
            .keys_with_prefix(plain::MEMBER_CASES, &member.to_bytes())?
            .iter()
            .filter_map(|k| Id::from_bytes(k.get(16..)?))
            .map(CaseId)
            .collect())
    }

    /// A case's summary, if it has one.
    pub(crate) fn summary(&self, id: CaseId) -> Result<Option<CaseSummary>> {
        match self
            .vault()
            .get_plain(plain::CASE_SUMMARY, &id.0.to_bytes())?
        {
            None => Ok(None),
            Some(v) => Ok(Some(from_plain(SUMMARY_SCHEMA, &v).map_err(|e| {
                StoreError::Damaged(format!("{}/{id}: {e}", plain::CASE_SUMMARY))
            })?)),
        }
    }

    /// The summary of every case the actor may see (a volunteer's only).
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>> {
        let mut out = self.all_case_summaries()?;
        if !self.sees_everything() {
            let reach = self.reach()?;
            out.retain(|s| reach.cases.contains(&s.id));
        }
        Ok(out)
    }

    /// The summary of every case, whoever is acting.
    pub(crate) fn all_case_summaries(&self) -> Result<Vec<CaseSummary>> {
        let mut out: Vec<CaseSummary> = Vec::new();
        for item in self.vault().raw(plain::CASE_SUMMARY)? {
            let (k, v) = item?;
            out.push(from_plain(SUMMARY_SCHEMA, &v).map_err(|e| {
                StoreError::Damaged(format!(
                    "{}/{}: {e}",
                    plain::CASE_SUMMARY,
                    crate::store::describe_key(&k)
                ))
            })?);
        }
        Ok(out)
    }

    /// Builds the derived indexes when the store was written before they existed (or
    /// by an older version of them). Runs at unlock; a no-op once they are current.
    pub(crate) fn ensure_indexes(&self) -> Result<()> {
        let current = self.vault().get_plain(plain::META, INDEX_VERSION_KEY)?;
        if current.as_deref() == Some(&[INDEX_VERSION]) {
            return Ok(());
        }
        self.rebuild_indexes()
    }

    /// Rebuilds every derived index from the records (administrators only).
    pub fn reindex(&self) -> Result<()> {
        self.require(super::Operation::Maintain)?;
        self.rebuild_indexes()
    }

    /// Rebuilds the derived indexes from the records, in one transaction.
    pub(crate) fn rebuild_indexes(&self) -> Result<()> {
        let mut changes = self.changes();
        changes.audit(AuditNote::new(AuditAction::Reindex).detail("indexes rebuilt"));
        for tree in [
            plain::FOLLOW_UPS_DUE,
            plain::FOLLOW_UPS_MINE,
            plain::FOLLOW_UPS_SUBJECT,
            plain::CASE_SUMMARY,
            plain::MEMBER_CASES,
            plain::REFERRALS,
        ] {
            for key in self.vault().keys_with_prefix(tree, &[])? {
                changes.remove_plain(tree, key);
            }
        }
        for (tree, key, value) in self.expected_indexes()? {
            changes.put_plain(tree, key, value);
        }
        changes.put_plain(plain::META, INDEX_VERSION_KEY.to_vec(), vec![INDEX_VERSION]);
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Every derived index entry the records call for.
    pub(crate) fn expected_indexes(&self) -> Result<Vec<IndexEntry>> {
        let mut out = Vec::new();
        let mut guarded = std::collections::HashSet::new();
        // Whole-store scans: the indexes cover every record, whoever unlocked.
        for case in self.vault().scan::<Case>() {
            let case = case?;
            if !case.safeguarding.is_empty() {
                guarded.insert(case.id);
            }
        }
        for f in self.vault().scan::<FollowUp>() {
            let f = f?;
            let safeguarding = matches!(f.subject, Subject::Case(c) if guarded.contains(&c));
            out.extend(follow_up_entries(&f, safeguarding));
        }
        let mut last: std::collections::HashMap<CaseId, DateTime<Utc>> = Default::default();
        for e in self.vault().scan::<TimelineEntry>() {
            let e: TimelineEntry = e?;
            let t = last.entry(e.case).or_insert(e.recorded_at);
            *t = (*t).max(e.recorded_at);
        }
        for case in self.vault().scan::<Case>() {
            let case = case?;
            let at = last.get(&case.id).copied().unwrap_or(case.updated_at);
            out.extend(CaseSummary::of(&case, at).entries());
        }
        for r in self.vault().scan::<crate::domain::Referral>() {
            out.push(super::referral_index::referral_entry(&r?));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_sort_as_bytes_and_read_back() {
        let a = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap();
        let b = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let c = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(day(a) < day(b) && day(b) < day(c));
        for d in [a, b, c] {
            assert_eq!(from_day(&day(d)), Some(d));
        }
    }
}
