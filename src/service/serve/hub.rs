//! Change notices: what a request changed, in ids and kinds only, pushed to every
//! other signed-in connection so their screens read it again. Nothing polls.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use crate::service::api::wire::{Notice, ServerFrame, encode};
use crate::service::api::{
    AdminRequest, CaseRequest, DeskRequest, LetterRequest, Reply, Request, UpkeepRequest,
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

    /// Pushes `notices` to every signed-in connection but `from`. A connection whose
    /// socket will not take them is left to its own thread to notice and close.
    pub fn tell_others(&self, from: u64, notices: &[Notice]) {
        if notices.is_empty() {
            return;
        }
        let frames: Vec<Vec<u8>> = notices
            .iter()
            .map(|n| encode(&ServerFrame::Notice(n.clone())))
            .collect();
        let conns = self.lock();
        for (id, (out, signed_in)) in conns.iter() {
            if *id == from || !signed_in {
                continue;
            }
            for f in &frames {
                if out.send(f).is_err() {
                    break;
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, (Outbox, bool)>> {
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a request changes, known before it runs (sent only if it succeeds).
pub fn notices_for(request: &Request) -> Vec<Notice> {
    use Notice as N;
    match request {
        Request::Session(_) => vec![],
        Request::Desk(r) => match r {
            DeskRequest::RecordIntake(_) => vec![N::Intake, N::FollowUps],
            _ => vec![],
        },
        Request::Casework(r) => casework(r),
        Request::Admin(r) => match r {
            AdminRequest::AddUser { .. }
            | AdminRequest::SetRole(..)
            | AdminRequest::DisableUser(_)
            | AdminRequest::EnableUser { .. }
            | AdminRequest::AddReferenceValue { .. }
            | AdminRequest::SetIdleLock(_) => vec![N::Setup],
            _ => vec![],
        },
        Request::Upkeep(r) => match r {
            UpkeepRequest::Import | UpkeepRequest::Demo { .. } => {
                vec![N::Intake, N::FollowUps, N::Directory, N::Setup]
            }
            _ => vec![],
        },
        Request::Letters(r) => match r {
            // A new letter's entry is on the timeline; a sent one's too.
            LetterRequest::Save(d, _) => vec![N::Case(d.case)],
            LetterRequest::SetFraming(_) => vec![N::Setup],
            _ => vec![],
        },
    }
}

fn casework(r: &CaseRequest) -> Vec<Notice> {
    use CaseRequest as R;
    use Notice as N;
    match r {
        R::AddEntry(e, _) => vec![N::Case(e.case), N::FollowUps],
        R::ChangeStatus(id, _) | R::UpdateCase(id, _) => vec![N::Case(*id), N::FollowUps],
        R::Link { case, .. } | R::Unlink(case, _) => vec![N::Case(*case), N::Directory],
        R::AddFollowUp(..)
        | R::CompleteFollowUp(..)
        | R::SnoozeFollowUp(..)
        | R::ReassignFollowUp(..) => vec![N::FollowUps],
        R::OpenCase(_) => vec![N::Intake],
        R::AttachIntake { .. } => vec![N::Intake],
        _ => vec![],
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
