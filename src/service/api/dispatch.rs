//! A session's requests, each to the call that carries it out. Each group of requests
//! is one exhaustive match: a request added without a handler does not compile.

use std::io::{Read, Write};

use super::limits::{MAX_IMPORT_BYTES, in_words};
use super::{
    AdminRequest, CaseRequest, DeskRequest, LetterRequest, Reply, Request, SessionRequest,
    UpkeepRequest,
};
use crate::service::{Caseline, Error, Operation, Result};

/// The bytes that travel with a request, and how far a long one has come: a file on
/// this machine for a client in the same process, chunks on the socket for a server.
pub trait Transfer {
    /// The upload that came with the request.
    fn upload(&mut self) -> Result<&mut dyn Read>;
    /// Where a download goes.
    fn download(&mut self) -> Result<&mut dyn Write>;
    /// How far a long request has come (records done of total).
    fn progress(&mut self, done: u64, total: u64);
}

fn io(what: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        what: what.to_string(),
        source,
    }
}

impl Caseline {
    /// Carries out one request as this session's user. Signing in and out belong to
    /// the connection; a session asked for them refuses.
    /// Every request is checked against the user as they are now: a role changed or an
    /// account disabled since sign-in applies at once.
    pub fn call(&self, request: Request, transfer: &mut dyn Transfer) -> Result<Reply> {
        if !matches!(request, Request::Session(_)) {
            self.check_standing()?;
        }
        match request {
            Request::Session(r) => Err(Error::Conflict(format!(
                "{} is asked of the connection, not of a session",
                session_request_name(&r)
            ))),
            Request::Desk(r) => self.desk(r),
            Request::Casework(r) => self.casework(r),
            Request::Referral(r) => self.referral_request(r),
            Request::Admin(r) => self.administration(r),
            Request::Upkeep(r) => self.upkeep(r, transfer),
            Request::Directory(r) => self.directory_request(r),
            Request::Letters(r) => self.letters(r),
        }
    }

    fn letters(&self, request: LetterRequest) -> Result<Reply> {
        use LetterRequest as R;
        let done = |()| Reply::Done;
        Ok(match request {
            R::Templates => Reply::Templates(self.templates()?),
            R::Template(name) => Reply::Template(Box::new(self.template(&name)?)),
            R::AddTemplate(t) => self.add_template(t).map(done)?,
            R::EditTemplate(t) => self.change_template(*t).map(done)?,
            R::Preview(d) => Reply::Letter(Box::new(self.preview_letter(&d)?)),
            R::Save(d, existing) => Reply::LetterSaved(self.save_letter(&d, existing)?),
            R::MarkSent(id, on) => {
                let (case, entry) = self.mark_letter_sent(id, on)?;
                Reply::LetterSent(case, entry)
            }
            R::Letter(id) => Reply::Letter(Box::new(self.letter(id)?)),
            R::Letters(case) => Reply::Letters(self.letters_of(case)?),
            R::OfCase(case) => Reply::CaseLetters(Box::new(self.case_letters(case)?)),
            R::Choices(r) => Reply::LetterChoices(Box::new(self.letter_choices(r)?)),
            R::SetFraming(f) => self.set_letter_settings(f).map(done)?,
        })
    }

    fn desk(&self, request: DeskRequest) -> Result<Reply> {
        use DeskRequest as R;
        Ok(match request {
            R::SaveDraft(d) => self.save_draft(&d).map(|()| Reply::Done)?,
            R::SyncDraft => self.sync_draft().map(|()| Reply::Done)?,
            // `Changed(false)`: nothing was left to force; `Done`: on its way to disk.
            R::SyncDraftSoon => match self.sync_draft_soon()? {
                crate::service::DraftSync::OnDisk => Reply::Changed(false),
                crate::service::DraftSync::Queued => Reply::Done,
            },
            R::DiscardDraft => self.discard_draft().map(|()| Reply::Done)?,
            R::LoadDraft => Reply::Draft(self.load_draft()?),
            R::SetAsideDrafts => Reply::SetAside(self.take_set_aside_drafts()?),
            R::FindPeople(q) => {
                let found = self.find_people(&q, 5)?;
                let elsewhere = found.is_empty() && self.caller_elsewhere(&q)?;
                Reply::People(q, found, elsewhere)
            }
            R::RecordIntake(req) => Reply::IntakeSaved(self.record_intake(*req)?),
            R::RecentIntakes => Reply::Recent(self.recent_intakes()?),
            R::Intake(id) => Reply::Incident(Box::new(self.intake_detail(id)?)),
            R::Centres => Reply::Centres(self.reporting_centres()?),
        })
    }

    fn casework(&self, request: CaseRequest) -> Result<Reply> {
        use CaseRequest as R;
        let done = |()| Reply::Done;
        Ok(match request {
            R::Cases(q) => Reply::Cases(Box::new(self.cases_view(&q)?)),
            R::Case(id) => Reply::Case(Box::new(self.case_detail(id)?)),
            R::CaseReports(id) => Reply::Reports(self.case_reports(id)?),
            R::OpenCase(req) => Reply::CaseOpened(self.open_case(*req)?),
            R::AttachIntake { incident, case } => {
                let found = self.case_by_ref(case)?;
                self.attach_incident(found.id, incident)?;
                Reply::Attached(found.id)
            }
            R::AddEntry(e, with) => Reply::EntryAdded(self.add_entry_with(*e, *with)?),
            R::ChangeStatus(id, change) => self.change_case_status(id, *change).map(done)?,
            R::UpdateCase(id, req) => self.update_case(id, *req).map(done)?,
            R::AddFollowUp(subject, f) => Reply::FollowUpAdded(self.add_follow_up(subject, *f)?),
            R::LinkChoices(id) => Reply::LinkChoices(Box::new(self.link_choices(id)?)),
            R::Link { case, to, role } => Reply::Linked(self.link_to_case(case, *to, &role)?),
            R::Unlink(case, link) => Reply::Linked(self.unlink_from_case(case, &link)?),
            R::CompleteFollowUp(id, note) => {
                self.complete_follow_up(id, note.as_deref()).map(done)?
            }
            R::SnoozeFollowUp(id, to) => self.snooze_follow_up(id, to).map(done)?,
            R::ReassignFollowUp(id, to) => self.reassign_follow_up(id, to).map(done)?,
            R::Queue(q) => Reply::Queue(Box::new(self.queue_view(&q)?)),
            R::QueueRows(q) => Reply::QueueRows(Box::new(self.queue(&q)?)),
            R::Team => Reply::Team(Box::new(self.team()?)),
            R::Counts(today) => {
                let (overdue, today) = self.my_counts(today)?;
                Reply::Counts { overdue, today }
            }
            R::Search(text) => Reply::Found(Box::new(self.search_view(&text)?)),
            R::SearchHits { text, limit } => Reply::Hits(Box::new(self.search_hits(&text, limit)?)),
            R::Person(id) => Reply::Person(Box::new(self.person_card(id)?)),
            R::UpdatePerson(id, edit) => Reply::Changed(self.change_person(id, *edit)?),
            R::MergePeople { keep, gone } => self.merge_people(keep, gone).map(done)?,
            R::PossibleDuplicates => Reply::Duplicates(self.possible_duplicates()?),
            R::MergeCandidates(id) => Reply::Duplicates(self.merge_candidates(id)?),
            R::Organisation(id) => Reply::Organisation(Box::new(self.organisation_card(id)?)),
        })
    }

    fn administration(&self, request: AdminRequest) -> Result<Reply> {
        use AdminRequest as R;
        let done = |()| Reply::Done;
        Ok(match request {
            R::Audit(q) => Reply::Audit(Box::new(self.audit_page(q)?)),
            R::AccessHistory(case, limit) => {
                Reply::Audit(Box::new(self.access_history(case, limit)?))
            }
            R::VerifyAudit(anchor) => Reply::AuditVerified(self.chain_check_to(anchor.as_deref())?),
            R::AuditAnchor => Reply::AuditAnchor(self.audit_anchor()?.to_string()),
            R::Users => Reply::Users(self.user_list()?),
            R::AddUser { user, passphrase } => {
                Reply::UserAdded(self.add_user(user, passphrase.expose(), self.shared.cost)?)
            }
            R::SetRole(id, role) => self.set_role(id, role).map(done)?,
            R::AssignCentre(id, centre) => self.assign_centre(id, centre).map(done)?,
            R::DisableUser(id) => self.disable_user(id).map(done)?,
            R::EnableUser { user, passphrase } => self
                .enable_user(user, passphrase.expose(), self.shared.cost)
                .map(done)?,
            R::ResetPassphrase { user, passphrase } => self
                .reset_passphrase(user, passphrase.expose(), self.shared.cost)
                .map(done)?,
            R::ChangePassphrase { old, new } => self
                .change_passphrase(old.expose(), new.expose(), self.shared.cost)
                .map(done)?,
            R::ReferenceLists => Reply::OwnSettings(Box::new(self.own_settings()?)),
            R::AddReferenceValue {
                kind,
                label,
                code,
                group,
            } => Reply::ReferenceAdded(self.add_reference_value(
                kind,
                &label,
                code.as_deref(),
                group.as_deref(),
            )?),
            R::SetIdleLock(minutes) => self.set_idle_lock_minutes(minutes).map(done)?,
            R::SetReportSettings(settings) => self.set_report_settings(*settings).map(done)?,
            R::ReplacedStores => Reply::Replaced(self.replaced_stores()?),
            R::RemoveReplaced(name) => {
                Reply::Removed(self.remove_replaced(&name)?.display().to_string())
            }
            R::PeerLogins => Reply::PeerLogins(self.peer_logins()?),
            R::MapPeer { os_account, login } => self.map_peer(&os_account, &login).map(done)?,
            R::UnmapPeer(os_account) => Reply::Undone(self.unmap_peer(&os_account)?),
            R::WorkSettings => Reply::WorkSettings(Box::new(self.work_settings()?)),
            R::SetWorkSettings(s) => self.set_work_settings(*s).map(done)?,
        })
    }

    fn upkeep(&self, request: UpkeepRequest, transfer: &mut dyn Transfer) -> Result<Reply> {
        use UpkeepRequest as R;
        Ok(match request {
            R::Check => Reply::Checked(Box::new(self.check()?)),
            R::Stats => Reply::Stats(Box::new(self.stats()?)),
            R::WarmDirectory => self.warm_directory().map(|()| Reply::Done)?,
            R::WarmSearch => {
                self.warm_search(&mut |done, total| transfer.progress(done as u64, total as u64))?;
                Reply::Done
            }
            R::Reindex => {
                self.reindex()?;
                self.rebuild_search(&mut |done, total| {
                    transfer.progress(done as u64, total as u64)
                })?;
                Reply::Done
            }
            R::Export => {
                let doc = self.export()?;
                let out = transfer.download()?;
                serde_json::to_writer_pretty(&mut *out, &doc)
                    .map_err(|e| io("writing the export")(e.into()))?;
                out.flush().map_err(io("writing the export"))?;
                Reply::Exported {
                    people: doc.people.len(),
                    cases: doc.cases.len(),
                }
            }
            R::Import => {
                // Asked before a byte is read: the refused upload is then dropped as
                // it comes (the transfer's finish), never held.
                self.require(Operation::Import)?;
                let bytes = read_upload(transfer.upload()?, MAX_IMPORT_BYTES)?;
                let doc = crate::service::parse_document(&bytes[..])?;
                Reply::Imported(Box::new(self.import(doc)?))
            }
            R::Demo { cases, seed } => Reply::Imported(Box::new(self.import_demo(cases, seed)?)),
            R::Backup => Reply::BackedUp(self.backup_to(transfer.download()?)?),
            R::Report(req) => Reply::Report(Box::new(self.report(&req)?)),
        })
    }
}

/// An upload read whole, refused once it is over `limit` bytes (the rest is not read).
fn read_upload(upload: &mut dyn Read, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    upload
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io("reading the import"))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Import(format!(
            "the file is over {}, the most an import may be",
            in_words(limit)
        )));
    }
    Ok(bytes)
}

/// A session request's name, for the refusal.
fn session_request_name(r: &SessionRequest) -> &'static str {
    match r {
        SessionRequest::Status | SessionRequest::IsOnlyLogin(_) => "the store's status",
        SessionRequest::SignIn { .. } | SessionRequest::SignInAsPeer { .. } => "signing in",
        SessionRequest::SignOut { .. } => "signing out",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_over_the_limit_is_refused_naming_it() {
        let mut small: &[u8] = b"{\"format\": 1}";
        assert_eq!(
            read_upload(&mut small, 64).expect("read"),
            b"{\"format\": 1}"
        );
        let mut endless = std::io::repeat(b' ');
        let e = read_upload(&mut endless, 2 << 20).expect_err("refused");
        assert!(e.to_string().contains("over 2 MiB"), "{e}");
    }
}
