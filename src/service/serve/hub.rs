//! Change notices: what a request changed, in ids and kinds only, pushed to every
//! other signed-in connection so their screens read it again. Nothing polls.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use crate::domain::Subject;
use crate::service::api::wire::{Notice, ServerFrame, encode};
use crate::service::api::{
    AdminRequest, CaseRequest, DeskRequest, DirectoryRequest, LetterRequest, ReferralRequest,
    Reply, Request, UpkeepRequest,
};
use crate::service::remote::server::Outbox;

/// The connections a server has, and which are signed in.
#[derive(Default)]
pub struct Hub {
    conns: Mutex<BTreeMap<u64, (Outbox, bool)>>,
}

impl Hub {
    pub fn connected(&self, id: u64, out: Outbox) {
        self.lock().insert(id, (out, false));
    }

    pub fn signed_in(&self, id: u64) {
        if let Some(c) = self.lock().get_mut(&id) {
            c.1 = true;
        }
    }

    pub fn signed_out(&self, id: u64) {
        if let Some(c) = self.lock().get_mut(&id) {
            c.1 = false;
        }
    }

    pub fn gone(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Queues `notices` for every signed-in connection but `from`. The outboxes are
    /// copied out first, with the hub let go of before anything is sent: no
    /// connection coming or going waits on a client that is slow to read, and the
    /// save that told them waits on none (see [`Outbox::tell`]).
    pub fn tell_others(&self, from: u64, notices: &[Notice]) {
        if notices.is_empty() {
            return;
        }
        let frames: Vec<Vec<u8>> = notices
            .iter()
            .map(|n| encode(&ServerFrame::Notice(n.clone())))
            .collect();
        let others: Vec<Outbox> = self
            .lock()
            .iter()
            .filter(|(id, (_, signed_in))| **id != from && *signed_in)
            .map(|(_, (out, _))| out.clone())
            .collect();
        for out in others {
            for f in &frames {
                out.tell(f);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, (Outbox, bool)>> {
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a request changes, known before it runs (sent only if it succeeds). Every
/// request is named, so a new one cannot be added without deciding what it tells.
pub fn notices_for(request: &Request) -> Vec<Notice> {
    match request {
        Request::Session(_) => vec![],
        Request::Desk(r) => desk(r),
        Request::Casework(r) => casework(r),
        Request::Admin(r) => admin(r),
        Request::Upkeep(r) => upkeep(r),
        Request::Directory(r) => directory(r),
        Request::Referral(r) => referral(r),
        Request::Letters(r) => letters(r),
    }
}

fn desk(r: &DeskRequest) -> Vec<Notice> {
    use DeskRequest as R;
    use Notice as N;
    match r {
        R::RecordIntake(_) => vec![N::Intake, N::FollowUps],
        // A draft is its writer's own until it is saved as an intake.
        R::SaveDraft(_)
        | R::SyncDraft
        | R::SyncDraftSoon
        | R::DiscardDraft
        | R::LoadDraft
        | R::SetAsideDrafts
        | R::FindPeople(_)
        | R::RecentIntakes
        | R::Intake(_)
        | R::Centres => vec![],
    }
}

fn casework(r: &CaseRequest) -> Vec<Notice> {
    use CaseRequest as R;
    use Notice as N;
    match r {
        R::AddEntry(e, _) => vec![N::Case(e.case), N::FollowUps],
        R::ChangeStatus(id, _) | R::UpdateCase(id, _) => vec![N::Case(*id), N::FollowUps],
        R::Link { case, .. } | R::Unlink(case, _) => vec![N::Case(*case), N::Directory],
        R::AddFollowUp(Subject::Case(case), _) => vec![N::Case(*case), N::FollowUps],
        R::AddFollowUp(Subject::Incident(_), _)
        | R::CompleteFollowUp(..)
        | R::SnoozeFollowUp(..)
        | R::ReassignFollowUp(..) => vec![N::FollowUps],
        R::OpenCase(_) | R::AttachIntake { .. } => vec![N::Intake],
        R::UpdatePerson(id, _) => vec![N::Person(*id)],
        // The cases and intakes of the one merged away now name the one kept.
        R::MergePeople { keep, gone } => vec![N::Person(*keep), N::Person(*gone), N::Intake],
        R::Cases(_)
        | R::Case(_)
        | R::LinkChoices(_)
        | R::Queue(_)
        | R::Team
        | R::QueueRows(_)
        | R::Counts(_)
        | R::Search(_)
        | R::SearchHits { .. }
        | R::Person(_)
        | R::PossibleDuplicates
        | R::MergeCandidates(_)
        | R::Organisation(_)
        | R::CaseReports(_) => vec![],
    }
}

fn admin(r: &AdminRequest) -> Vec<Notice> {
    use AdminRequest as R;
    match r {
        R::AddUser { .. }
        | R::SetRole(..)
        | R::DisableUser(_)
        | R::EnableUser { .. }
        | R::AddReferenceValue { .. }
        | R::SetIdleLock(_)
        | R::AssignCentre(..)
        | R::SetWorkSettings(_)
        | R::SetReportSettings(_) => vec![Notice::Setup],
        // A passphrase, a kept store or the OS account map changes nothing on screen.
        R::Audit(_)
        | R::AccessHistory(..)
        | R::AuditAnchor
        | R::VerifyAudit(_)
        | R::Users
        | R::ResetPassphrase { .. }
        | R::ChangePassphrase { .. }
        | R::ReferenceLists
        | R::ReplacedStores
        | R::RemoveReplaced(_)
        | R::PeerLogins
        | R::MapPeer { .. }
        | R::WorkSettings
        | R::UnmapPeer(_) => vec![],
    }
}

fn directory(r: &DirectoryRequest) -> Vec<Notice> {
    use DirectoryRequest as R;
    use Notice as N;
    match r {
        R::List(_) | R::ConsultationLimit => vec![],
        R::SetConsultationLimit(_) => vec![N::Setup],
        R::Add(_) | R::Edit(..) | R::LogConsultation(_) | R::ImportCsv(_) => vec![N::Directory],
    }
}

fn referral(r: &ReferralRequest) -> Vec<Notice> {
    use Notice as N;
    use ReferralRequest as R;
    match r {
        R::Start(req) => vec![N::Case(req.case), N::FollowUps, N::Directory],
        R::Move(..) | R::RecordConsent(..) => vec![N::FollowUps],
        R::SetChaseDays { .. } => vec![N::Setup],
        R::Summary(_) | R::View(_) | R::OfCase(_) | R::IncomingSource { .. } => vec![],
    }
}

fn letters(r: &LetterRequest) -> Vec<Notice> {
    use LetterRequest as R;
    use Notice as N;
    match r {
        // A kept letter has its entry on the case's timeline; a sent one's case comes
        // back in the reply.
        R::Save(d, _) => vec![N::Case(d.case)],
        R::SetFraming(_) | R::AddTemplate(_) | R::EditTemplate(_) => vec![N::Setup],
        R::MarkSent(..)
        | R::Templates
        | R::Template(_)
        | R::Preview(_)
        | R::Letter(_)
        | R::Letters(_)
        | R::OfCase(_)
        | R::Choices(_) => vec![],
    }
}

fn upkeep(r: &UpkeepRequest) -> Vec<Notice> {
    use Notice as N;
    use UpkeepRequest as R;
    match r {
        R::Import | R::Demo { .. } => vec![N::Intake, N::FollowUps, N::Directory, N::Setup],
        R::Check
        | R::Stats
        | R::WarmSearch
        | R::WarmDirectory
        | R::Reindex
        | R::Export
        | R::Backup
        | R::Report(_) => {
            vec![]
        }
    }
}

/// What a reply says was changed that the request did not (the case a new case or an
/// attached intake went to, the case of a follow-up).
pub fn notices_of_reply(reply: &Reply) -> Vec<Notice> {
    match reply {
        Reply::CaseOpened(opened) => vec![Notice::Case(opened.id)],
        Reply::Attached(case) => vec![Notice::Case(*case)],
        Reply::LetterSent(case, _) => vec![Notice::Case(*case)],
        _ => vec![],
    }
}
