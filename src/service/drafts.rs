//! Drafts of forms being typed: saved on every change, offered again after a crash.
//!
//! Each session writes its draft in a slot of its own (see `draft_slots`), so that a
//! worker signed in at two terminals keeps two drafts. A session takes a slot when it
//! first writes (the lowest one no live session holds and no draft is in), or when it
//! is offered a draft: it then holds that draft's slot and carries on in it. A draft no
//! live session holds is offered, newest first, whenever a session has none of its
//! own; the others stay for later offers. None is removed but the session's own, when
//! it is discarded or saved as an intake (and one found saved already).

use std::collections::BTreeMap;
use std::sync::{Arc, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::draft_slots::SlotClaim;
use super::draft_sync::{DraftSync, DraftSyncer};
use super::{Caseline, Result};
use crate::domain::Id;
use crate::store::codec::{from_bincode, to_bincode};
use crate::store::{DraftFiles, StoreError, draft_slots};

/// A form in progress, as field name → text. Kept as text so a draft written by an
/// older form still loads into a newer one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Id,
    /// Which form: `intake`.
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub started_at: DateTime<Utc>,
    pub saved_at: DateTime<Utc>,
}

impl Draft {
    /// An empty draft of `form`, started at `now`.
    pub fn new(form: &str, now: DateTime<Utc>) -> Draft {
        Draft {
            id: Id::new(),
            form: form.to_string(),
            values: BTreeMap::new(),
            started_at: now,
            saved_at: now,
        }
    }
}

/// A session's draft: the slot it holds and that slot's files, once it has one.
#[derive(Default)]
pub(crate) struct Desk {
    held: Option<Held>,
    /// Damaged copies set aside, not yet told (names in the data directory).
    set_aside: Vec<String>,
    syncer: Arc<DraftSyncer>,
}

/// A slot held, its files, and the draft in it (`None`: the slot is empty).
struct Held {
    claim: SlotClaim,
    files: DraftFiles,
    draft: Option<Id>,
}

/// A draft found in a slot, with its slot held.
struct Found {
    draft: Draft,
    held: Held,
}

impl Caseline {
    fn draft_desk(&self) -> MutexGuard<'_, Desk> {
        self.drafts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Holds `slot` of the actor's drafts, unless a live session does.
    fn claim_slot(&self, slot: u32) -> Result<Option<Held>> {
        let user = self.actor().id;
        let Some(claim) = self.shared.draft_slots.claim(user, slot) else {
            return Ok(None);
        };
        let files = DraftFiles::in_slot(self.dir(), user, claim.slot())?;
        Ok(Some(Held {
            claim,
            files,
            draft: None,
        }))
    }

    /// The lowest slot no live session holds and no draft is in, held.
    fn claim_empty_slot(&self) -> Result<Held> {
        let mut slot = 0u32;
        loop {
            if let Some(held) = self.claim_slot(slot)?
                && !held.files.holds_copy()
            {
                return Ok(held);
            }
            slot = slot.checked_add(1).ok_or_else(|| {
                StoreError::Damaged("no draft slot is free for this session".into())
            })?;
        }
    }

    /// Keeps the actor's draft. Cheap enough for every keystroke: it survives the process
    /// being killed at once, and a power cut after [`Caseline::sync_draft`].
    pub fn save_draft(&self, draft: &Draft) -> Result<()> {
        let draft = Draft {
            saved_at: self.now(),
            ..draft.clone()
        };
        let plain = zeroize::Zeroizing::new(to_bincode(&draft));
        let mut desk = self.draft_desk();
        // A slot holding another draft keeps it (for a later offer): this one goes in
        // a slot of its own.
        let other = |h: &Held| h.draft.is_some_and(|d| d != draft.id);
        if desk.held.as_ref().is_none_or(other) {
            desk.held = Some(self.claim_empty_slot()?);
        }
        let held = desk.held.as_mut().expect("held above");
        held.files.write(self.vault().data_key(), &plain)?;
        held.draft = Some(draft.id);
        desk.syncer.wrote();
        Ok(())
    }

    /// Forces the draft to disk, waiting for it.
    pub fn sync_draft(&self) -> Result<()> {
        let desk = self.draft_desk();
        if let Some(held) = &desk.held {
            held.files.sync()?;
        }
        desk.syncer.all_on_disk();
        Ok(())
    }

    /// Has the draft forced to disk on the session's syncing thread, answering at once:
    /// whether every copy written is on disk already, or is on its way there. A sync
    /// that failed since the last ask is the answer, once (it is tried again).
    pub fn sync_draft_soon(&self) -> Result<DraftSync> {
        let desk = self.draft_desk();
        let copies = || match &desk.held {
            Some(held) => held.files.for_sync(),
            None => Ok(Vec::new()),
        };
        Ok(desk.syncer.soon(copies)?)
    }

    /// The actor's unfinished draft, if any: this session's own, or else the newest
    /// that no live session holds (which this session then carries on). A draft whose
    /// intake was saved (the program stopped between saving and removing the draft)
    /// is removed, not offered.
    pub fn load_draft(&self) -> Result<Option<Draft>> {
        let mut desk = self.draft_desk();
        let Desk {
            held, set_aside, ..
        } = &mut *desk;
        if let Some(held) = held.as_mut().filter(|h| h.draft.is_some()) {
            let (found, aside) = self.read_slot(&mut held.files)?;
            set_aside.extend(aside);
            match found {
                Some(draft) => return Ok(Some(draft)),
                None => held.draft = None,
            }
        }
        let Some(found) = self.newest_left(&mut desk)? else {
            return Ok(None);
        };
        // The slot given up was empty: nothing in it is left behind.
        desk.held = Some(found.held);
        Ok(Some(found.draft))
    }

    /// The draft in `files`, if one opens and was not saved as an intake (one that was
    /// is removed); with the damaged copies set aside.
    fn read_slot(&self, files: &mut DraftFiles) -> Result<(Option<Draft>, Vec<String>)> {
        let bytes = files.read(self.vault().data_key())?;
        let aside = files.take_set_aside();
        let Some(bytes) = bytes else {
            return Ok((None, aside));
        };
        let draft: Draft = from_bincode(&bytes)
            .map_err(|e| StoreError::Damaged(format!("the saved draft could not be read: {e}")))?;
        if self.vault().draft_saved(draft.id)? {
            files.remove()?;
            return Ok((None, aside));
        }
        Ok((Some(draft), aside))
    }

    /// The newest of the actor's drafts in slots no live session holds, its slot held;
    /// the others stay where they are.
    fn newest_left(&self, desk: &mut Desk) -> Result<Option<Found>> {
        let own = desk.held.as_ref().map(|h| h.claim.slot());
        let mut best: Option<Found> = None;
        for slot in draft_slots(self.dir(), self.actor().id) {
            if Some(slot) == own {
                continue;
            }
            let Some(mut held) = self.claim_slot(slot)? else {
                continue;
            };
            let (found, aside) = self.read_slot(&mut held.files)?;
            desk.set_aside.extend(aside);
            let Some(draft) = found else { continue };
            held.draft = Some(draft.id);
            if best
                .as_ref()
                .is_none_or(|b| draft.saved_at > b.draft.saved_at)
            {
                best = Some(Found { draft, held });
            }
        }
        Ok(best)
    }

    /// The damaged copies of the actor's drafts that [`Caseline::load_draft`] set aside
    /// since this was last asked (names in the data directory), to be told.
    pub fn take_set_aside_drafts(&self) -> Result<Vec<String>> {
        Ok(std::mem::take(&mut self.draft_desk().set_aside))
    }

    /// Removes this session's draft.
    pub fn discard_draft(&self) -> Result<()> {
        let mut desk = self.draft_desk();
        if let Some(held) = desk.held.as_mut() {
            held.files.remove()?;
            held.draft = None;
        }
        desk.syncer.all_on_disk();
        Ok(())
    }

    /// Removes this session's draft if it is `draft` (just saved as an intake); one
    /// elsewhere is recognised as saved and removed when next found.
    pub(crate) fn discard_saved_draft(&self, draft: Id) -> Result<()> {
        let holds = self.draft_desk().held.as_ref().and_then(|h| h.draft);
        if holds == Some(draft) {
            self.discard_draft()?;
        }
        Ok(())
    }
}
