//! How the state every session on a store shares ([`Shared`]) is held and let go of.
//!
//! Sessions are not the only holders: a sign-in checking a passphrase against the
//! state holds it through the key derivation, a sign-in by OS account while it reads
//! the map, a session switched to another user between the two. Were any of them to
//! drop it outside the engine's gate, the last session's close would find it still
//! held and skip the close, and the holder's drop would then only flush (no search
//! snapshot, no journal pruning) while a sign-in opened a second state beside it. So
//! every hold is a [`Held`], let go of under the gate, and whichever is last closes the
//! state in full there, once.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use super::Result;
use super::engine::Shared;

/// An engine's hold on the state its sessions share while any is signed in. Its lock
/// is taken to open the state, to find it, and to let go of a hold: a sign-in never
/// finds a state half closed, nor opens a second beside one still closing.
#[derive(Default)]
pub(crate) struct GateSlot {
    live: Mutex<Weak<Shared>>,
    /// Whether a state is open (and the data key in memory), readable without the
    /// lock: a sign-in screen asks while a first sign-in holds it through the key
    /// derivation.
    unlocked: AtomicBool,
    /// How many states were closed in full: each exactly once.
    closes: AtomicU64,
}

/// Where an engine keeps the state its sessions share (shared with that state).
pub(crate) type Gate = Arc<GateSlot>;

impl GateSlot {
    /// The lock on the state: see [`GateSlot`].
    pub(crate) fn lock(&self) -> MutexGuard<'_, Weak<Shared>> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes `shared` the state found, under the lock `slot` of this gate.
    pub(crate) fn open(&self, slot: &mut MutexGuard<'_, Weak<Shared>>, shared: &Arc<Shared>) {
        **slot = Arc::downgrade(shared);
        self.unlocked.store(true, Ordering::SeqCst);
    }

    /// Whether a state is open, without waiting for the lock.
    pub(crate) fn unlocked(&self) -> bool {
        self.unlocked.load(Ordering::SeqCst)
    }

    /// Counts a state closed in full (see [`Shared::close`]).
    pub(crate) fn count_close(&self) {
        self.closes.fetch_add(1, Ordering::SeqCst);
    }

    /// How many states were closed in full so far.
    #[cfg(test)]
    pub(crate) fn closes(&self) -> u64 {
        self.closes.load(Ordering::SeqCst)
    }
}

/// One hold on the shared state. Dropping it lets go as [`Held::release`] does.
pub(crate) struct Held(Option<Arc<Shared>>);

impl Held {
    /// A hold on a state just made or found. Never while holding its gate's lock: a
    /// hold dropped there would wait for that lock for ever.
    pub(crate) fn new(shared: Arc<Shared>) -> Held {
        Held(Some(shared))
    }

    /// Lets go of this hold under the gate; the last one closes the state in full
    /// (search snapshot, flush, journal pruning) and drops it, with the data key.
    pub(crate) fn release(mut self) -> Result<()> {
        match self.0.take() {
            Some(shared) => release(shared),
            None => Ok(()),
        }
    }

    fn shared(&self) -> &Arc<Shared> {
        self.0.as_ref().expect("a hold is only emptied as it goes")
    }
}

impl Clone for Held {
    fn clone(&self) -> Held {
        Held(Some(Arc::clone(self.shared())))
    }
}

impl std::ops::Deref for Held {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        self.shared()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(shared) = self.0.take() {
            // Nobody is left to tell: the state was flushed whatever became of it.
            let _ = release(shared);
        }
    }
}

/// Lets go of `shared` under its gate; the last hold closes it there.
fn release(shared: Arc<Shared>) -> Result<()> {
    let gate = Arc::clone(&shared.gate);
    let slot = gate.lock();
    let Some(last) = Arc::into_inner(shared) else {
        return Ok(());
    };
    let closed = last.close();
    drop(last);
    // A store restored meanwhile has put a new state in its place: still unlocked.
    gate.unlocked
        .store(slot.strong_count() > 0, Ordering::SeqCst);
    drop(slot);
    closed
}
