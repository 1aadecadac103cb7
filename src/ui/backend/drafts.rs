//! The draft lane: the intake draft kept, discarded and found, and the intake saved.
//!
//! Everything else a screen asks for is carried out on the executor's thread, so a
//! keystroke never waits for a slow read. A draft cannot go that way: the keystroke it
//! holds is on screen once the frame is drawn, so it must be written first, and a
//! draft kept behind a quarter-second case list would be a quarter second of typing a
//! kill could lose. So these effects run on the loop itself, in the order asked, and
//! never queue behind the others (the server gives a connection's draft calls the
//! same lane of their own: see `service/serve/lanes.rs`).
//!
//! The lane shares the session with the executor: whoever signs in or out sets it
//! here, and locking forces the draft to disk through it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::refused;
use crate::service::{Client, Error};
use crate::ui::msg::{DraftEffect, Reply};

/// The signed-in session as the draft lane holds it, and whether a draft was written
/// but not yet known to be on disk. Clones share it.
#[derive(Clone, Default)]
pub struct DraftLane(Arc<Mutex<Slot>>);

#[derive(Default)]
struct Slot {
    client: Option<Arc<Client>>,
    /// A draft has been written and is not yet known to be on disk (the session said
    /// so, or it was saved or discarded), so signing out and the loop's pause in
    /// typing know to force it.
    dirty: bool,
}

/// What asking for the draft to be forced to disk without waiting found.
#[derive(Debug)]
pub enum Synced {
    /// Nothing is left to force: every copy written is on disk (or there is no draft).
    Clean,
    /// The copies are on their way to disk: ask again in a moment to know.
    Pending,
    /// Forcing them failed: what to tell the worker.
    Failed(Reply),
}

impl DraftLane {
    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session from now on (`None`: signed out or locked).
    pub(super) fn set_client(&self, client: Option<Arc<Client>>) {
        let mut slot = self.slot();
        slot.client = client;
        slot.dirty = false;
    }

    /// Whether a draft was written but not yet forced to disk.
    pub fn dirty(&self) -> bool {
        self.slot().dirty
    }

    /// Forces the draft to disk, now: on every way out and before a lock. The draft
    /// stays marked unforced when that fails; the error says what failed.
    pub fn sync(&self) -> Result<(), Error> {
        let mut slot = self.slot();
        if let (true, Some(client)) = (slot.dirty, &slot.client) {
            client.sync_draft()?;
        }
        slot.dirty = false;
        Ok(())
    }

    /// Has the draft forced to disk without waiting for it (the session does it on a
    /// thread of its own): for the loop when typing pauses, so that a key pressed
    /// meanwhile does not wait for a disk that is busy. The draft is marked forced only
    /// once the session says every copy is on disk; until then the loop asks again.
    pub fn sync_soon(&self) -> Synced {
        let mut slot = self.slot();
        let Some(client) = slot.client.clone().filter(|_| slot.dirty) else {
            return Synced::Clean;
        };
        match client.sync_draft_soon() {
            Ok(true) => {
                slot.dirty = false;
                Synced::Clean
            }
            Ok(false) => Synced::Pending,
            Err(_) if client.is_gone() => Synced::Failed(super::server_gone()),
            Err(e) => Synced::Failed(Reply::Failed(not_forced(&e))),
        }
    }

    /// Carries out a draft effect; `None` when there is nothing to tell the screen (a
    /// draft kept) or no session to carry it out.
    pub fn run(&self, effect: DraftEffect) -> Option<Reply> {
        let mut slot = self.slot();
        let client = slot.client.clone()?;
        let reply = match effect {
            DraftEffect::Keep(d) => match client.save_draft(&d) {
                Ok(()) => {
                    slot.dirty = true;
                    return None;
                }
                Err(_) if client.is_gone() => return Some(super::server_gone()),
                Err(e) => Err(Error::Conflict(format!("the draft could not be kept: {e}"))),
            },
            DraftEffect::Discard => client.discard_draft().map(|()| {
                slot.dirty = false;
                Reply::DraftFound(None, None)
            }),
            DraftEffect::Check => client
                .load_draft()
                .map(|d| Reply::DraftFound(d, set_aside(&client))),
            DraftEffect::Record(req) => match client.record_intake(*req) {
                Ok(saved) => {
                    slot.dirty = false;
                    let who = if saved.new_people.is_empty() {
                        ""
                    } else {
                        " with a new person on file"
                    };
                    Ok(Reply::IntakeSaved {
                        summary: format!("Intake saved{who}; it is on disk."),
                    })
                }
                Err(e @ Error::Invalid { .. }) => Ok(refused(e)),
                Err(e) => Err(e),
            },
        };
        if client.is_gone() {
            return Some(super::server_gone());
        }
        Some(reply.unwrap_or_else(|e| Reply::Failed(e.to_string())))
    }
}

/// What to say when the draft could not be forced to disk.
pub fn not_forced(e: &Error) -> String {
    format!(
        "Your draft could not be forced to disk ({e}): it survives caseline stopping but \
         perhaps not a power cut, so save the intake soon"
    )
}

/// What to say when reading the draft set a damaged copy of it aside.
fn set_aside(client: &Client) -> Option<String> {
    let set_aside = client.take_set_aside_drafts().unwrap_or_default();
    set_aside.first().map(|first| {
        format!(
            "A damaged copy of your draft could not be read; it is kept aside as {first}: \
             tell an administrator"
        )
    })
}
