//! The audit log through the service: recording sign-ins, views and events, and
//! reading and verifying the log (administrators only).
//!
//! Changes need nothing from here: every commit appends an entry in its own
//! transaction (`Vault::commit`), described by the note its caller gave or, without
//! one, by the records it wrote. What is here is the rest: events that change nothing
//! (sign-in, views, export, backup, check) and the reading side.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, ExportDocument, Result};
use crate::domain::Stamp;
use crate::domain::{
    AuditAction, AuditEntry, AuditNote, Case, CaseId, CaseRef, Person, PersonId, UserId,
};
use crate::store::kind::Kind;
use crate::store::{Anchor, AuditSummary, Broken, Vault};

/// Which entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Only entries about this case.
    pub case: Option<CaseRef>,
    /// Only entries of this user (by login).
    pub user: Option<String>,
    /// Only entries at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Most entries to return, newest first.
    pub limit: usize,
    /// Only entries older than this one (by sequence number): the next page after a
    /// page whose oldest entry this was.
    #[serde(default)]
    pub before: Option<u64>,
}

/// One entry as an administrator reads it: users by login, cases by reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The acting user's login (`None` for a failed sign-in).
    pub user: Option<String>,
    pub action: AuditAction,
    /// `tree/id` of each record concerned.
    pub records: Vec<String>,
    /// The case concerned, by reference (by id when the case is gone).
    pub case: Option<String>,
    pub origin: String,
    /// The OS account that asked (`None` in entries from before it was recorded).
    pub os_user: Option<String>,
    pub detail: String,
    /// For a failed sign-in with a login: that login when it belongs to a user, else
    /// "(not a user)". What was typed is not shown: it may be a passphrase.
    pub login_tried: Option<String>,
}

impl AuditRow {
    /// Where the request came from, as `OS-USER@ORIGIN` when the OS account is known
    /// (`sam@pts/3`, `sam@ssh 192.0.2.7`).
    pub fn from_where(&self) -> String {
        match &self.os_user {
            Some(os) => format!("{os}@{}", self.origin),
            None => self.origin.clone(),
        }
    }
}

/// The outcome of a verification: the chain as far as it was checked, or the first
/// broken link.
pub type Verification = std::result::Result<AuditSummary, Broken>;

impl Caseline {
    /// Records a successful sign-in (flushed: it is evidence, not a view).
    pub(super) fn audit_sign_in(&self) -> Result<()> {
        let note = AuditNote::new(AuditAction::SignIn).record(Kind::User.tree(), self.actor().id);
        self.audit_event(note)
    }

    /// Records a refused sign-in by a user whose account is disabled, under no user
    /// (the account is named among the records), from where `stamp` says; `detail`
    /// says which refusal (at sign-in, or to a session begun before).
    pub(super) fn audit_disabled(vault: &Vault, stamp: &Stamp, detail: &str) {
        let Some(user) = stamp.who else { return };
        let note = AuditNote::new(AuditAction::SignInFailed)
            .record(Kind::User.tree(), user)
            .detail(detail);
        let stamp = Stamp {
            who: None,
            ..stamp.clone()
        };
        let mut changes = vault.changes(&stamp);
        changes.audit(note);
        // The refusal stands even if the disk is full.
        let _ = vault.commit(changes);
    }

    /// Records an event that changes no record, durably.
    pub(crate) fn audit_event(&self, note: AuditNote) -> Result<()> {
        let mut changes = self.changes();
        changes.audit(note);
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Records that the screen was locked (by the lock key or after idle time).
    pub fn audit_lock(&self) -> Result<()> {
        self.audit_event(AuditNote::new(AuditAction::Lock))
    }

    /// Records that the screen was unlocked again by the same user.
    pub fn audit_unlock(&self) -> Result<()> {
        self.audit_event(AuditNote::new(AuditAction::Unlock))
    }

    /// Reads a case for showing it to the user, and records the view. The entry is not
    /// flushed, so a view costs well under a millisecond: a crash may lose the last
    /// view entries, never a change. Internal reads use [`Caseline::case`].
    pub fn view_case(&self, id: CaseId) -> Result<Case> {
        let case = self.case(id)?;
        let note = AuditNote::new(AuditAction::ViewCase)
            .record(Kind::Case.tree(), id)
            .case(id);
        self.vault().record(&self.stamp, note)?;
        Ok(case)
    }

    /// Reads a person for showing them to the user, and records the view (as
    /// [`Caseline::view_case`]).
    pub fn view_person(&self, id: PersonId) -> Result<Person> {
        let person = self.person(id)?;
        let note = AuditNote::new(AuditAction::ViewPerson).record(Kind::Person.tree(), id);
        self.vault().record(&self.stamp, note)?;
        Ok(person)
    }

    /// Audit entries matching `q`, newest first (administrators only).
    pub fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditRow>> {
        self.require(super::Operation::ReadAudit)?;
        let case = match q.case {
            Some(r) => Some(self.case_by_ref(r)?.id),
            None => None,
        };
        let logins: HashMap<UserId, String> = self
            .users()
            .filter_map(|u| u.ok())
            .map(|u| (u.id, u.login))
            .collect();
        let user = match &q.user {
            Some(login) => Some(
                self.user_by_login(login)?
                    .ok_or_else(|| Error::not_found("user", login))?
                    .id,
            ),
            None => None,
        };
        let mut refs: HashMap<CaseId, String> = HashMap::new();
        let mut rows = Vec::new();
        for entry in self.vault().audit_entries(q.before)? {
            if rows.len() >= q.limit {
                break;
            }
            let e = entry?;
            let wanted = case.is_none_or(|c| concerns(&e, c))
                && user.is_none_or(|u| e.who == Some(u))
                && q.since.is_none_or(|s| e.at >= s);
            if wanted {
                rows.push(self.audit_row(e, &logins, &mut refs));
            }
        }
        Ok(rows)
    }

    fn audit_row(
        &self,
        e: AuditEntry,
        logins: &HashMap<UserId, String>,
        refs: &mut HashMap<CaseId, String>,
    ) -> AuditRow {
        let case = e.case.map(|id| {
            refs.entry(id)
                .or_insert_with(|| {
                    self.case(id)
                        .map(|c| c.reference.to_string())
                        .unwrap_or_else(|_| id.to_string())
                })
                .clone()
        });
        let login_tried = e.login_typed.as_deref().map(|typed| {
            let typed = typed.trim().to_lowercase();
            match logins.values().find(|l| **l == typed) {
                Some(l) => l.clone(),
                None => "(not a user)".into(),
            }
        });
        AuditRow {
            seq: e.seq,
            at: e.at,
            user: e
                .who
                .map(|w| logins.get(&w).cloned().unwrap_or(w.to_string())),
            action: e.action,
            records: e.records.iter().map(|r| r.to_string()).collect(),
            case,
            origin: e.origin,
            os_user: e.os_user,
            detail: e.detail,
            login_tried,
        }
    }

    /// The chain head, to keep elsewhere (administrators only).
    pub fn audit_anchor(&self) -> Result<Anchor> {
        self.require(super::Operation::ReadAudit)?;
        Ok(self.vault().audit_head())
    }

    /// Verifies the chain: whole, or up to an anchor, whose entry must still hash to
    /// the anchor's hash (administrators only).
    pub fn verify_audit(&self, anchor: Option<Anchor>) -> Result<Verification> {
        self.require(super::Operation::ReadAudit)?;
        self.audit_chain(anchor)
    }

    /// [`Caseline::verify_audit`] without the permission check, for `check`.
    pub(super) fn audit_chain(&self, anchor: Option<Anchor>) -> Result<Verification> {
        let found = self.vault().verify_audit(anchor.map(|a| a.seq))?;
        Ok(match (found, anchor) {
            (Ok(s), Some(a)) if a.seq > 0 && s.head.hash != a.hash => Err(Broken {
                seq: a.seq,
                problem: "does not match the anchor: the log was rewritten since it was taken"
                    .into(),
            }),
            (found, _) => found,
        })
    }

    /// The audit log's fault for `check`, if any: the first broken link, or a public
    /// key in `meta` that is not the store's.
    pub(super) fn audit_fault(&self) -> Result<Option<(String, String)>> {
        if let Err(b) = self.audit_chain(None)? {
            return Ok(Some((
                format!("{}/{}", Kind::Audit.tree(), b.seq),
                b.problem,
            )));
        }
        if !self.vault().audit_public_key_ok()? {
            return Ok(Some((
                "meta/audit_public".into(),
                "is not the store's audit key: failed sign-ins sealed to it cannot be read".into(),
            )));
        }
        Ok(None)
    }
}

/// Whether an entry is about case `c`.
fn concerns(e: &AuditEntry, c: CaseId) -> bool {
    e.case == Some(c)
        || e.records
            .iter()
            .any(|r| r.tree == Kind::Case.tree() && r.id == c.to_string())
}

/// The note an import commits with: how many records of each kind it added.
pub(super) fn import_note(doc: &ExportDocument, new_users: usize) -> AuditNote {
    AuditNote::new(AuditAction::Import).detail(format!(
        "{new_users} user(s), {} organisation(s), {} people, {} intake(s), {} case(s), {} timeline entries, {} follow-up(s), {} referral(s) imported",
        doc.organisations.len(),
        doc.people.len(),
        doc.incidents.len(),
        doc.cases.len(),
        doc.timeline.len(),
        doc.follow_ups.len(),
        doc.referrals.len()
    ))
}
