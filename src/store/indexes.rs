//! Derived indexes for queues and case lists, and how they are laid out in bytes.
//!
//! They live in plain trees so that "my overdue follow-ups" or "open cases by last
//! activity" need no decryption of the records that do not make the page, and they
//! hold ids, dates, priorities, states and list codes only: nothing that names or
//! describes a person. The service says what changed (a follow-up, a case's summary)
//! and asks typed questions (a due range, a case's summary, the cases of a person);
//! the keys, values and their order are this module's alone, so another backend can
//! keep them in its own way (a table with columns, for PostgreSQL).
//!
//! Every change that writes a follow-up or a case writes its index entries in the
//! same transaction; `check` compares them with what the records call for.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::codec::{from_plain, plain as encode_plain};
use super::kind::plain;
use super::{Changes, StoreError, StoreResult, Vault};
use crate::domain::{
    CaseId, CaseSummary, FollowUp, FollowUpId, FollowUpState, Id, Priority, Subject, UserId,
};

/// Version of the derived indexes; raising it rebuilds them at the next unlock.
/// 5: with the referrals index; 6: referrals keyed by status first; 7: closed
/// follow-ups keyed by the London day they were closed, not the UTC day.
pub const INDEX_VERSION: u8 = 7;
const INDEX_VERSION_KEY: &[u8] = b"index_version";
/// 2: with `created_by`, so that a volunteer's cases are found without decrypting.
/// 3: with `members`, so that a change of a case's people can undo their index rows.
const SUMMARY_SCHEMA: u16 = 3;

/// One index entry: tree, key, value.
pub type IndexEntry = (&'static str, Vec<u8>, Vec<u8>);

/// The trees rebuilt from the records together, and compared with them by `check`.
pub const DERIVED: [&str; 6] = [
    plain::FOLLOW_UPS_DUE,
    plain::FOLLOW_UPS_MINE,
    plain::FOLLOW_UPS_SUBJECT,
    plain::CASE_SUMMARY,
    plain::MEMBER_CASES,
    plain::REFERRALS,
];

/// A date as a day number that sorts as bytes.
pub fn day(d: NaiveDate) -> [u8; 4] {
    let n = d.signed_duration_since(NaiveDate::default()).num_days();
    ((n + (1 << 31)).clamp(0, u32::MAX as i64) as u32).to_be_bytes()
}

/// Reads [`day`] back.
pub fn from_day(b: &[u8]) -> Option<NaiveDate> {
    let n = u32::from_be_bytes(b.get(..4)?.try_into().ok()?) as i64 - (1 << 31);
    NaiveDate::default().checked_add_signed(chrono::Duration::days(n))
}

/// The state byte that starts every key of the due trees (after the assignee).
const OPEN_STATE: u8 = 0;
const CLOSED_STATES: [u8; 2] = [1, 2];

fn state_byte(s: &FollowUpState) -> u8 {
    match s {
        FollowUpState::Open => OPEN_STATE,
        FollowUpState::Done { .. } => CLOSED_STATES[0],
        FollowUpState::Cancelled { .. } => CLOSED_STATES[1],
    }
}

/// The subject's id: a case or an intake.
fn subject_id(s: Subject) -> Id {
    match s {
        Subject::Case(c) => c.0,
        Subject::Incident(i) => i.0,
    }
}

/// What a due-date index entry says about its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueEntry {
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

fn priority_from(b: u8) -> Priority {
    match b {
        0 => Priority::Low,
        2 => Priority::High,
        3 => Priority::Urgent,
        _ => Priority::Normal,
    }
}

/// Every index entry of a follow-up. `safeguarding` says whether its case has a
/// safeguarding concern, which queues sort on.
pub fn follow_up_entries(f: &FollowUp, safeguarding: bool) -> Vec<IndexEntry> {
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
    let mut due_value = vec![f.priority as u8, flags];
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

/// The day a follow-up sorts on in the due trees: its due date while open, the London
/// day it was closed afterwards (the day the "done" queue counts from). Closed ones pile
/// up for years; keyed by when they were closed, "done lately" is a short range scan,
/// and the open queues never read them at all.
fn sort_day(f: &FollowUp) -> NaiveDate {
    match &f.state {
        FollowUpState::Open => f.due,
        FollowUpState::Done { at, .. } | FollowUpState::Cancelled { at, .. } => {
            crate::domain::clock::local(*at).date_naive()
        }
    }
}

/// Reads a due-index entry (from either due tree: `offset` skips the assignee prefix).
fn read_due(key: &[u8], value: &[u8], offset: usize) -> Option<DueEntry> {
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
        open: key[0] == OPEN_STATE,
        priority: priority_from(value[0]),
        statutory: value[1] & 1 != 0,
        subject_is_case: value[1] & 2 != 0,
        safeguarding: value[1] & 4 != 0,
        assignee,
        subject: Id::from_bytes(&value[18..34])?,
    })
}

/// A case summary's index entries: the summary, and a row per person and organisation.
pub fn summary_entries(s: &CaseSummary) -> Vec<IndexEntry> {
    let id = s.id.0.to_bytes();
    let mut out = vec![(
        plain::CASE_SUMMARY,
        id.to_vec(),
        encode_plain(SUMMARY_SCHEMA, s),
    )];
    out.extend(
        s.members
            .iter()
            .map(|m| (plain::MEMBER_CASES, member_key(*m, s.id), Vec::new())),
    );
    out
}

/// A [`plain::MEMBER_CASES`] key.
fn member_key(member: Id, case: CaseId) -> Vec<u8> {
    let mut k = member.to_bytes().to_vec();
    k.extend_from_slice(&case.0.to_bytes());
    k
}

fn read_summary(key: &[u8], value: &[u8]) -> StoreResult<CaseSummary> {
    from_plain(SUMMARY_SCHEMA, value).map_err(|e| {
        StoreError::Damaged(format!(
            "{}/{}: {e}",
            plain::CASE_SUMMARY,
            super::describe_key(key)
        ))
    })
}

/// The follow-up a statutory rule made, and the date the rule computed.
fn statutory_value(id: FollowUpId, computed: NaiveDate) -> Vec<u8> {
    let mut v = id.0.to_bytes().to_vec();
    v.extend_from_slice(&day(computed));
    v
}

/// Which part of a due tree to read.
#[derive(Debug, Clone, Copy)]
pub struct DueQuery {
    /// One worker's follow-ups, or everyone's.
    pub assignee: Option<UserId>,
    /// Open ones due before this day are read; those on or after it only counted.
    /// `None` reads every open one.
    pub open_before: Option<NaiveDate>,
    /// Closed ones closed on or after this day are read too.
    pub closed_since: Option<NaiveDate>,
}

/// What a due query read, and how many open ones it passed over uncounted by bucket.
#[derive(Debug, Default)]
pub struct DueScan {
    pub entries: Vec<DueEntry>,
    /// Open follow-ups due on or after `open_before`.
    pub counted: usize,
}

impl<K: super::kv::KvStore> Vault<K> {
    /// Follow-ups from a due tree: open ones in due order, then (when asked) those
    /// closed lately. Range scans: the years of closed follow-ups are never touched.
    pub fn due_scan(&self, q: &DueQuery) -> StoreResult<DueScan> {
        let (tree, prefix) = match q.assignee {
            Some(u) => (plain::FOLLOW_UPS_MINE, u.0.to_bytes().to_vec()),
            None => (plain::FOLLOW_UPS_DUE, Vec::new()),
        };
        let mut scan = DueScan::default();
        let with = |state: u8| [prefix.as_slice(), &[state]].concat();
        let open = with(OPEN_STATE);
        let after_open = with(OPEN_STATE + 1);
        let split = match q.open_before {
            Some(d) => [open.as_slice(), &day(d)].concat(),
            None => after_open.clone(),
        };
        let read = self.range_plain(tree, &open, Some(&split))?;
        read_range(tree, prefix.len(), read, &mut scan.entries)?;
        for item in self.range_plain(tree, &split, Some(&after_open))? {
            item?;
            scan.counted += 1;
        }
        if let Some(since) = q.closed_since {
            for state in CLOSED_STATES {
                let from = [with(state).as_slice(), &day(since)].concat();
                let to = with(state + 1);
                let read = self.range_plain(tree, &from, Some(&to))?;
                read_range(tree, prefix.len(), read, &mut scan.entries)?;
            }
        }
        Ok(scan)
    }

    /// The soonest open follow-up of every case that has one.
    pub fn soonest_open_by_case(&self) -> StoreResult<HashMap<CaseId, NaiveDate>> {
        let mut next: HashMap<CaseId, NaiveDate> = HashMap::new();
        for item in self.prefix_plain(plain::FOLLOW_UPS_DUE, &[OPEN_STATE])? {
            let (k, v) = item?;
            if let Some(e) = read_due(&k, &v, 0).filter(|e| e.subject_is_case) {
                // Entries come in due order, so the first one seen for a case is its soonest.
                next.entry(CaseId(e.subject)).or_insert(e.due);
            }
        }
        Ok(next)
    }

    /// The follow-ups of a case or an intake, by id.
    pub fn follow_ups_of_subject(&self, subject: Id) -> StoreResult<Vec<FollowUpId>> {
        Ok(self
            .keys_with_prefix(plain::FOLLOW_UPS_SUBJECT, &subject.to_bytes())?
            .iter()
            .filter_map(|k| Id::from_bytes(k.get(16..)?))
            .map(FollowUpId)
            .collect())
    }

    /// A case's summary, if it has one.
    pub fn case_summary(&self, id: CaseId) -> StoreResult<Option<CaseSummary>> {
        let key = id.0.to_bytes();
        match self.get_plain(plain::CASE_SUMMARY, &key)? {
            None => Ok(None),
            Some(v) => read_summary(&key, &v).map(Some),
        }
    }

    /// The summary of every case.
    pub fn case_summaries(&self) -> StoreResult<Vec<CaseSummary>> {
        let mut out = Vec::new();
        for item in self.raw(plain::CASE_SUMMARY)? {
            let (k, v) = item?;
            out.push(read_summary(&k, &v)?);
        }
        Ok(out)
    }

    /// The cases a person or an organisation is on.
    pub fn cases_of_member(&self, member: Id) -> StoreResult<Vec<CaseId>> {
        Ok(self
            .keys_with_prefix(plain::MEMBER_CASES, &member.to_bytes())?
            .iter()
            .filter_map(|k| Id::from_bytes(k.get(16..)?))
            .map(CaseId)
            .collect())
    }

    /// The follow-up a statutory rule made under `key`, and the date the rule
    /// computed (when recorded).
    pub fn statutory(&self, key: &[u8]) -> StoreResult<Option<(FollowUpId, Option<NaiveDate>)>> {
        let Some(v) = self.get_plain(plain::STATUTORY, key)? else {
            return Ok(None);
        };
        let Some(id) = Id::from_bytes(v.get(..16).unwrap_or_default()) else {
            return Ok(None);
        };
        Ok(Some((FollowUpId(id), v.get(16..).and_then(from_day))))
    }

    /// Whether the derived indexes are of this version (else they are rebuilt).
    pub fn indexes_current(&self) -> StoreResult<bool> {
        let v = self.get_plain(plain::META, INDEX_VERSION_KEY)?;
        Ok(v.as_deref() == Some(&[INDEX_VERSION]))
    }
}

/// Reads due entries from a scan of `tree`, whose keys start with `offset` bytes of
/// assignee (or none).
fn read_range(
    tree: &str,
    offset: usize,
    items: impl Iterator<Item = StoreResult<(Vec<u8>, Vec<u8>)>>,
    out: &mut Vec<DueEntry>,
) -> StoreResult<()> {
    for item in items {
        let (k, v) = item?;
        match read_due(&k, &v, offset) {
            Some(e) => out.push(e),
            None => {
                return Err(StoreError::Damaged(format!(
                    "{tree} holds an unreadable entry"
                )));
            }
        }
    }
    Ok(())
}

impl Changes<'_> {
    /// A follow-up's index entries, replacing those of its old version.
    pub fn index_follow_up(&mut self, old: Option<&FollowUp>, new: &FollowUp, safeguarding: bool) {
        if let Some(old) = old {
            for (tree, key, _) in follow_up_entries(old, safeguarding) {
                self.remove_plain(tree, key);
            }
        }
        for (tree, key, value) in follow_up_entries(new, safeguarding) {
            self.put_plain(tree, key, value);
        }
    }

    /// A case's summary and who is on it, undoing the rows of anyone on `old` who no
    /// longer is.
    pub fn index_case(&mut self, old: Option<&CaseSummary>, new: &CaseSummary) {
        if let Some(old) = old {
            for gone in old.members.iter().filter(|m| !new.members.contains(m)) {
                self.remove_plain(plain::MEMBER_CASES, member_key(*gone, new.id));
            }
        }
        for (tree, key, value) in summary_entries(new) {
            self.put_plain(tree, key, value);
        }
    }

    /// Records the follow-up a statutory rule made under `key` and the date it computed.
    pub fn index_statutory(&mut self, key: Vec<u8>, id: FollowUpId, computed: NaiveDate) {
        self.put_plain(plain::STATUTORY, key, statutory_value(id, computed));
    }

    /// Replaces every derived index with what the records call for, and marks them
    /// current.
    pub fn rebuild_indexes<K: super::kv::KvStore>(
        &mut self,
        vault: &Vault<K>,
        expected: super::ExpectedIndexes,
    ) -> StoreResult<()> {
        for tree in DERIVED {
            for key in vault.keys_with_prefix(tree, &[])? {
                self.remove_plain(tree, key);
            }
        }
        for (tree, key, value) in expected.entries {
            self.put_plain(tree, key, value);
        }
        self.put_plain(plain::META, INDEX_VERSION_KEY.to_vec(), vec![INDEX_VERSION]);
        Ok(())
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
