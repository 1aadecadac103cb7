//! Which of a user's draft slots a live session holds (see `store/draft.rs`).
//!
//! Two terminals of the same worker must never write the same draft files: each would
//! overwrite the other's copies, and one saving its intake would delete the files the
//! other goes on writing. So a session writes only in a slot it holds here, and a slot
//! no live session holds (after a crash, or once its session ended) is a draft left to
//! be offered. Held in the state the sessions of one store share, so it goes when the
//! last session does: a claim means nothing once no session is left.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::domain::UserId;

/// The slots held, by user. Clones share them.
#[derive(Clone, Default)]
pub(crate) struct DraftSlots(Arc<Mutex<BTreeMap<UserId, BTreeSet<u32>>>>);

impl DraftSlots {
    fn held(&self) -> MutexGuard<'_, BTreeMap<UserId, BTreeSet<u32>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Holds `user`'s slot `slot`, unless a live session does already.
    pub(crate) fn claim(&self, user: UserId, slot: u32) -> Option<SlotClaim> {
        let fresh = self.held().entry(user).or_default().insert(slot);
        fresh.then(|| SlotClaim {
            slots: self.clone(),
            user,
            slot,
        })
    }

    /// Whether a live session holds `user`'s slot `slot`.
    #[cfg(test)]
    pub(crate) fn is_held(&self, user: UserId, slot: u32) -> bool {
        self.held().get(&user).is_some_and(|s| s.contains(&slot))
    }
}

/// A slot held by one session, let go when dropped (when the session ends, however it
/// ends).
pub(crate) struct SlotClaim {
    slots: DraftSlots,
    user: UserId,
    slot: u32,
}

impl SlotClaim {
    pub(crate) fn slot(&self) -> u32 {
        self.slot
    }
}

impl Drop for SlotClaim {
    fn drop(&mut self) {
        let mut held = self.slots.held();
        if let Some(slots) = held.get_mut(&self.user) {
            slots.remove(&self.slot);
            if slots.is_empty() {
                held.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_held_once_until_let_go() {
        let slots = DraftSlots::default();
        let user = UserId::new();
        let first = slots.claim(user, 0).expect("free");
        assert!(slots.claim(user, 0).is_none(), "held by the first");
        assert!(
            slots.claim(UserId::new(), 0).is_some(),
            "another user's own"
        );
        let second = slots.claim(user, 1).expect("free");
        drop(first);
        assert!(!slots.is_held(user, 0));
        assert!(slots.is_held(user, second.slot()));
        assert!(slots.claim(user, 0).is_some());
    }
}
