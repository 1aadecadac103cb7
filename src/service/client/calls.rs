//! Each request a command line or a screen makes, with the reply it expects: one line
//! apiece, so the request enums stay the one description of what a session can do.

use std::io::{Read, Write};
use std::path::Path;

use super::{Client, unexpected};
use crate::domain::{ListKind, OrganisationId, RefEntry, ReferenceList, Role, User, UserId};
use crate::service::api::transfer::Local;
use crate::service::api::{AdminRequest, CaseRequest, Reply, Secret, UpkeepRequest};
use crate::service::views::{AuditPage, ChainCheck, Team};
use crate::service::{
    AuditQuery, AuditRow, BackupSummary, CheckReport, Error, Hits, ImportSummary, NewUser,
    QueueRequest, QueueView, ReplacedStore, Result, Stats, UserRow,
};

/// A progress callback as a transfer takes it.
fn counting<'a>(p: &'a mut dyn FnMut(usize, usize)) -> impl FnMut(u64, u64) + 'a {
    move |done, total| p(done as usize, total as usize)
}

impl Client {
    pub fn check(&self) -> Result<CheckReport> {
        expect!(self, UpkeepRequest::Check, Reply::Checked(r) => *r)
    }

    pub fn stats(&self) -> Result<Stats> {
        expect!(self, UpkeepRequest::Stats, Reply::Stats(s) => *s)
    }

    /// Loads the search index, telling progress.
    pub fn warm_search(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        let mut p = counting(progress);
        let mut t = Local {
            progress: Some(&mut p),
            ..Local::default()
        };
        match self.call_with(UpkeepRequest::WarmSearch, &mut t)? {
            Reply::Done => Ok(()),
            _ => Err(unexpected("loading the search index")),
        }
    }

    /// Rebuilds the derived indexes and the search index, telling progress.
    pub fn reindex(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        let mut p = counting(progress);
        let mut t = Local {
            progress: Some(&mut p),
            ..Local::default()
        };
        match self.call_with(UpkeepRequest::Reindex, &mut t)? {
            Reply::Done => Ok(()),
            _ => Err(unexpected("reindexing")),
        }
    }

    /// Every record as JSON into `out`; says how many people and cases it held.
    pub fn export_to(&self, out: &mut dyn Write) -> Result<(usize, usize)> {
        let mut t = Local {
            download: Some(out),
            ..Local::default()
        };
        match self.call_with(UpkeepRequest::Export, &mut t)? {
            Reply::Exported { people, cases } => Ok((people, cases)),
            _ => Err(unexpected("exporting")),
        }
    }

    /// Imports the export document read from `from`.
    pub fn import_from(&self, from: &mut dyn Read) -> Result<ImportSummary> {
        let mut t = Local {
            upload: Some(from),
            ..Local::default()
        };
        match self.call_with(UpkeepRequest::Import, &mut t)? {
            Reply::Imported(s) => Ok(*s),
            _ => Err(unexpected("importing")),
        }
    }

    /// A backup written to `dest` by this process, atomically: the server may not be
    /// able to write where this user can.
    pub fn backup_to_file(&self, dest: &Path) -> Result<BackupSummary> {
        crate::store::write_file_atomically(dest, |out| {
            let mut t = Local {
                download: Some(out),
                ..Local::default()
            };
            match self.call_with(UpkeepRequest::Backup, &mut t)? {
                Reply::BackedUp(s) => Ok(s),
                _ => Err(unexpected("a backup")),
            }
        })
    }

    pub fn queue(&self, req: QueueRequest) -> Result<QueueView> {
        expect!(self, CaseRequest::QueueRows(req), Reply::QueueRows(v) => *v)
    }

    /// Everyone who can appear as a worker (any role may ask).
    pub fn team(&self) -> Result<Team> {
        expect!(self, CaseRequest::Team, Reply::Team(t) => *t)
    }

    pub fn search_hits(&self, text: &str, limit: usize) -> Result<Hits> {
        let text = text.to_string();
        expect!(self, CaseRequest::SearchHits { text, limit }, Reply::Hits(h) => *h)
    }

    pub fn audit_page(&self, q: AuditQuery) -> Result<AuditPage> {
        expect!(self, AdminRequest::Audit(q), Reply::Audit(p) => *p)
    }

    /// A case's access history: the newest `limit` entries about it.
    pub fn access_history(&self, case: crate::domain::CaseRef, limit: usize) -> Result<AuditPage> {
        expect!(self, AdminRequest::AccessHistory(case, limit), Reply::Audit(p) => *p)
    }

    /// Audit entries, newest first.
    pub fn audit_log(&self, q: AuditQuery) -> Result<Vec<AuditRow>> {
        self.audit_page(q).map(|p| p.rows)
    }

    /// The chain's head as `SEQ:HASH`.
    pub fn audit_anchor(&self) -> Result<String> {
        expect!(self, AdminRequest::AuditAnchor, Reply::AuditAnchor(a) => a)
    }

    pub fn verify_audit(&self, anchor: Option<&str>) -> Result<ChainCheck> {
        let anchor = anchor.map(str::to_string);
        expect!(self, AdminRequest::VerifyAudit(anchor), Reply::AuditVerified(c) => c)
    }

    pub fn users(&self) -> Result<Vec<UserRow>> {
        expect!(self, AdminRequest::Users, Reply::Users(u) => u)
    }

    /// The user with `login` (any case), if there is one.
    pub fn user_by_login(&self, login: &str) -> Result<Option<User>> {
        let login = login.trim().to_lowercase();
        Ok(self
            .users()?
            .into_iter()
            .map(|r| r.user)
            .find(|u| u.login == login))
    }

    pub fn add_user(&self, user: NewUser, passphrase: &str) -> Result<UserId> {
        let passphrase = Secret::new(passphrase);
        expect!(self, AdminRequest::AddUser { user, passphrase }, Reply::UserAdded(id) => id)
    }

    pub fn set_role(&self, id: UserId, role: Role) -> Result<()> {
        done(
            self.call(AdminRequest::SetRole(id, role))?,
            "changing a role",
        )
    }

    pub fn assign_centre(&self, id: UserId, centre: OrganisationId) -> Result<()> {
        done(
            self.call(AdminRequest::AssignCentre(id, centre))?,
            "giving a login its reporting centre",
        )
    }

    pub fn disable_user(&self, id: UserId) -> Result<()> {
        done(
            self.call(AdminRequest::DisableUser(id))?,
            "disabling a user",
        )
    }

    pub fn enable_user(&self, user: UserId, passphrase: &str) -> Result<()> {
        let passphrase = Secret::new(passphrase);
        let reply = self.call(AdminRequest::EnableUser { user, passphrase })?;
        done(reply, "enabling a user")
    }

    pub fn reset_passphrase(&self, user: UserId, passphrase: &str) -> Result<()> {
        let passphrase = Secret::new(passphrase);
        let reply = self.call(AdminRequest::ResetPassphrase { user, passphrase })?;
        done(reply, "resetting a passphrase")
    }

    pub fn change_passphrase(&self, old: &str, new: &str) -> Result<()> {
        let (old, new) = (Secret::new(old), Secret::new(new));
        let reply = self.call(AdminRequest::ChangePassphrase { old, new })?;
        done(reply, "changing a passphrase")
    }

    pub fn reference_lists(&self) -> Result<Vec<ReferenceList>> {
        self.own_settings().map(|s| s.lists)
    }

    /// The lists, the idle lock and the user's role as stored now.
    pub fn own_settings(&self) -> Result<crate::service::api::OwnSettings> {
        expect!(self, AdminRequest::ReferenceLists, Reply::OwnSettings(s) => *s)
    }

    pub fn reference_list(&self, kind: ListKind) -> Result<ReferenceList> {
        self.reference_lists()?
            .into_iter()
            .find(|l| l.kind == kind)
            .ok_or_else(|| Error::not_found("reference list", kind))
    }

    pub fn add_reference_value(
        &self,
        kind: ListKind,
        label: &str,
        code: Option<&str>,
        group: Option<&str>,
    ) -> Result<RefEntry> {
        let request = AdminRequest::AddReferenceValue {
            kind,
            label: label.to_string(),
            code: code.map(str::to_string),
            group: group.map(str::to_string),
        };
        expect!(self, request, Reply::ReferenceAdded(e) => e)
    }

    pub fn set_idle_lock_minutes(&self, minutes: u32) -> Result<()> {
        done(
            self.call(AdminRequest::SetIdleLock(minutes))?,
            "setting the idle lock",
        )
    }

    pub fn set_report_settings(
        &self,
        settings: crate::domain::report::ReportSettings,
    ) -> Result<()> {
        done(
            self.call(AdminRequest::SetReportSettings(Box::new(settings)))?,
            "changing report settings",
        )
    }

    /// A monitoring report.
    pub fn report(
        &self,
        request: crate::service::reports::ReportRequest,
    ) -> Result<crate::service::reports::ReportView> {
        expect!(self, UpkeepRequest::Report(Box::new(request)), Reply::Report(v) => *v)
    }

    pub fn replaced_stores(&self) -> Result<Vec<ReplacedStore>> {
        expect!(self, AdminRequest::ReplacedStores, Reply::Replaced(r) => r)
    }

    /// OS accounts that sign in without a passphrase, and as whom.
    pub fn peer_logins(&self) -> Result<Vec<crate::service::PeerLoginRow>> {
        expect!(self, AdminRequest::PeerLogins, Reply::PeerLogins(rows) => rows)
    }

    /// Lets `os_account` sign in as `login` without a passphrase.
    pub fn map_peer(&self, os_account: &str, login: &str) -> Result<()> {
        let request = AdminRequest::MapPeer {
            os_account: os_account.to_string(),
            login: login.to_string(),
        };
        done(self.call(request)?, "mapping an OS account")
    }

    /// Ends `os_account`'s sign-in without a passphrase; whether it had one.
    pub fn unmap_peer(&self, os_account: &str) -> Result<bool> {
        let account = os_account.to_string();
        expect!(self, AdminRequest::UnmapPeer(account), Reply::Undone(was) => was)
    }

    /// Deletes a kept replaced store; returns where it was.
    pub fn remove_replaced(&self, name: &str) -> Result<String> {
        let name = name.to_string();
        expect!(self, AdminRequest::RemoveReplaced(name), Reply::Removed(at) => at)
    }
}

fn done(reply: Reply, what: &str) -> Result<()> {
    match reply {
        Reply::Done => Ok(()),
        _ => Err(unexpected(what)),
    }
}
