//! One store, any number of sessions. The [`Engine`] holds the opened store (and its
//! lock) for as long as the process serves it; what needs the data key (the vault,
//! the search index, settings and reference lists) lives in [`Shared`], which exists
//! only while at least one session is signed in. The last hold on it to go (a
//! session's, or a sign-in's: see `gate`) closes and drops it, and with it the key,
//! which is wiped from memory.
//!
//! A session ([`Caseline`]) is one signed-in user on that shared state: who they are,
//! where they asked from (stamped on every audit entry they cause), their drafts and
//! what a volunteer may reach.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

pub(crate) use super::gate::{Gate, Held};
use super::search_state::SearchState;
use super::{Caseline, Error, InitRequest, Result, init};
use crate::domain::Settings;
use crate::domain::{Clock, ListKind, ReferenceList, Stamp, User, UserId};
use crate::store::{KdfParams, Store, StoreError, Vault, list_key};

/// How costly new passphrase slots are to attack: the standard cost, or a cheap one
/// for tests (never used for a real store: see `KdfParams::INSECURE_TEST`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyCost {
    #[default]
    Standard,
    CheapForTests,
}

impl KeyCost {
    /// The key derivation parameters for new slots at this cost.
    pub(crate) fn params(self) -> KdfParams {
        match self {
            KeyCost::Standard => KdfParams::for_new_slots(),
            KeyCost::CheapForTests => KdfParams::INSECURE_TEST,
        }
    }
}

/// The recovery key of a new store, shown once.
type Key = zeroize::Zeroizing<String>;

/// What every session on one store shares while any is signed in.
pub(crate) struct Shared {
    pub(crate) vault: Vault,
    pub(crate) settings: RwLock<Arc<Settings>>,
    pub(crate) lists: RwLock<BTreeMap<ListKind, Arc<ReferenceList>>>,
    /// Serialises read-modify-write sequences such as allocating a case reference.
    pub(crate) writer: Mutex<()>,
    /// The search index, loaded on first use and kept in step by every commit.
    pub(crate) search: SearchState,
    /// Set once [`Shared::close`] has written everything back, so dropping does not.
    closed: Mutex<bool>,
    /// Key derivation for slots made by requests (new users, new passphrases).
    /// How costly new passphrase slots are.
    pub(crate) cost: KeyCost,
    /// The engine's hold on this state ([`Engine`]'s own), locked by the last hold
    /// while it closes (see `gate`): a sign-in meanwhile waits rather than open the
    /// store afresh beside a close still writing it back (whose search snapshot and
    /// journal pruning would pull the index the new state loads out from under it).
    pub(crate) gate: Gate,
    /// The whole directory as rows, read once and kept while nothing it is made from
    /// changes (see `views::directory`).
    pub(crate) directory: Mutex<Option<crate::service::views::DirectoryCache>>,
    /// Moves on whenever a user's record changes (a role, a centre, disabled or
    /// enabled), so each session reads its own user again before its next request
    /// rather than working on with the role it signed in with.
    pub(crate) users: AtomicU64,
    /// The draft slots each session holds, so that two sessions of one user never
    /// write the same draft files (see `draft_slots`).
    pub(crate) draft_slots: super::draft_slots::DraftSlots,
}

impl Shared {
    /// Loads settings and reference lists from an unlocked store; `gate` is the
    /// engine's hold on it (a fresh one when there is no engine).
    pub(crate) fn new(vault: Vault, cost: KeyCost, gate: Gate) -> Result<Arc<Shared>> {
        let settings: Settings = vault
            .get(Settings::KEY)?
            .ok_or_else(|| StoreError::Damaged("the settings record is missing".into()))?;
        let mut lists = BTreeMap::new();
        for kind in ListKind::ALL {
            let list = vault
                .get(&list_key(kind))?
                .unwrap_or_else(|| ReferenceList::default_for(kind));
            lists.insert(kind, Arc::new(list));
        }
        let search = SearchState::new(&vault);
        Ok(Arc::new(Shared {
            vault,
            settings: RwLock::new(Arc::new(settings)),
            lists: RwLock::new(lists),
            writer: Mutex::new(()),
            search,
            closed: Mutex::new(false),
            cost,
            gate,
            directory: Mutex::new(None),
            users: AtomicU64::new(0),
            draft_slots: Default::default(),
        }))
    }

    pub(crate) fn write_guard(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes the search snapshot back and makes everything durable. Dropping without
    /// it only flushes: the search journal carries the index's changes to the next
    /// start, which picks them up from the last snapshot.
    pub(crate) fn close(&self) -> Result<()> {
        let mut closed = self.closed.lock().unwrap_or_else(PoisonError::into_inner);
        if *closed {
            return Ok(());
        }
        *closed = true;
        self.gate.count_close();
        self.search.close()?;
        self.vault.flush()?;
        self.search.prune()?;
        self.vault.flush()?;
        Ok(())
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let _ = self.vault.flush();
    }
}

/// An opened store and the sessions signed in to it.
pub struct Engine {
    store: Store,
    shared: Gate,
    cost: KeyCost,
    /// Set (under the gate) once [`Engine::close`] has run: no sign-in after it.
    stopped: AtomicBool,
}

impl Engine {
    /// Opens (and locks) the store in `dir`; nothing is unlocked yet.
    pub fn open(dir: &Path, clock: Clock) -> Result<Engine> {
        Ok(Engine::from_store(Store::open(dir)?.with_clock(clock)))
    }

    /// Creates a new store in `dir` as `init` does (see [`Caseline::init_with_clock`]),
    /// with an engine on it and its first administrator signed in, so that later
    /// sign-ins share the administrator's state; with the recovery key, shown once.
    pub fn create(dir: &Path, req: InitRequest, clock: Clock) -> Result<(Engine, Caseline, Key)> {
        let first = init::checked(dir, &req, &clock)?;
        let store = Store::create(dir, |b| first.write(b))?;
        Engine::made(store.with_clock(clock), first, req.key_cost)
    }

    /// As [`Engine::create`], on the in-memory engine: the same first records, kept
    /// only as long as the process. For tests, which then run the service as it runs
    /// on disk. `dir` is only where drafts go; the database writes nothing there.
    pub fn in_memory(
        dir: &Path,
        req: InitRequest,
        clock: Clock,
    ) -> Result<(Engine, Caseline, Key)> {
        init::validate(&req, clock.now())?;
        let first = init::FirstRecords::new(&req, &clock)?;
        let store = Store::in_memory(dir, |b| first.write(b))?;
        Engine::made(store.with_clock(clock), first, req.key_cost)
    }

    /// An engine on a store just made with `first`, its administrator signed in.
    fn made(
        store: Store,
        first: init::FirstRecords,
        cost: KeyCost,
    ) -> Result<(Engine, Caseline, Key)> {
        let engine = Engine::from_store(store.handle()).with_key_cost(cost);
        let admin = first.admin.id;
        let (vault, recovery_key) = first.unlock(store)?;
        let session = engine.adopt(vault, admin, crate::store::process_stamp())?;
        Ok((engine, session, recovery_key))
    }

    /// An engine over a store already opened.
    pub fn from_store(store: Store) -> Engine {
        Engine {
            store,
            shared: Gate::default(),
            cost: KeyCost::Standard,
            stopped: AtomicBool::new(false),
        }
    }

    /// Makes new key slots at `cost` (tests use the cheap one).
    pub fn with_key_cost(mut self, cost: KeyCost) -> Engine {
        self.cost = cost;
        self
    }

    /// The gate, for tests that hold it or count the closes it saw.
    #[cfg(test)]
    pub(crate) fn gate(&self) -> &Gate {
        &self.shared
    }

    /// The opened store, before anyone signs in (its notices, its status).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    pub fn clock(&self) -> &Clock {
        self.store.clock()
    }

    /// Whether anyone is signed in (and so the data key is in memory). Answered
    /// without the gate, which a first sign-in holds through its key derivation.
    pub fn unlocked(&self) -> bool {
        self.shared.unlocked()
    }

    /// A hold on the shared state, if anyone is signed in. While a last session closes
    /// it holds the gate, so this waits and then finds nothing, as a sign-in should.
    pub(crate) fn live(&self) -> Option<Held> {
        let slot = self.shared.lock();
        if self.stopped.load(Ordering::SeqCst) {
            return None;
        }
        let shared = slot.upgrade();
        drop(slot);
        shared.map(Held::new)
    }

    /// What a sign-in screen asks first: whether to ask for the login, and how long
    /// the wait after wrong passphrases still is.
    pub fn status(&self) -> Result<crate::service::api::StoreStatus> {
        let failures = self.store.sign_in_failures()?;
        Ok(crate::service::api::StoreStatus {
            login_first: self.store.login_first()?,
            unlocked: self.unlocked(),
            wait: crate::store::backoff::delay_after(failures.count),
        })
    }

    /// Whether `text` is the login of the store's only account (see
    /// [`crate::service::api::SessionRequest::IsOnlyLogin`]).
    pub fn is_only_login(&self, text: &str) -> Result<bool> {
        let slots = self.store.key_slots()?;
        let mut accounts = slots.iter().filter(|s| !s.recovery);
        Ok(match (accounts.next(), accounts.next()) {
            (Some(only), None) => only.is_for(text),
            _ => false,
        })
    }

    /// Signs a user in with a login (or none: every passphrase is tried) and a
    /// passphrase or the recovery key; `stamp` says where from (its user is set here).
    /// Wrong passphrases are counted and slowed down
    /// ([`StoreError::TryLater`] while a wait runs), and recorded under no user.
    pub fn sign_in(&self, login: Option<&str>, secret: &str, stamp: Stamp) -> Result<Caseline> {
        self.sign_in_resuming(login, secret, stamp, None)
    }

    /// [`Engine::sign_in`] on a locked screen: when `resuming` signs in again, it is
    /// recorded as an unlock, not a new sign-in.
    pub fn sign_in_resuming(
        &self,
        login: Option<&str>,
        secret: &str,
        stamp: Stamp,
        resuming: Option<UserId>,
    ) -> Result<Caseline> {
        let stamp = Stamp { who: None, ..stamp };
        // Holding the slot while unlocking: two first sign-ins must not make two vaults.
        let mut slot = self.shared.lock();
        if self.stopped.load(Ordering::SeqCst) {
            return Err(Error::Unavailable("the store is closing".into()));
        }
        if let Some(shared) = slot.upgrade() {
            drop(slot);
            // A hold, let go of under the gate if the passphrase is wrong (see `gate`).
            let shared = Held::new(shared);
            let now = self.clock().now();
            let user = shared
                .vault
                .check_sign_in(login, secret, now, None, &stamp)?;
            return Caseline::begin(shared, user, stamp, resuming == Some(user));
        }
        let now = self.clock().now();
        let (key, user) = self.store.find_key_stamped(login, secret, now, &stamp)?;
        let vault = self.store.handle().unlock_with_key(key)?;
        let shared = Shared::new(vault, self.cost, Arc::clone(&self.shared))?;
        self.shared.open(&mut slot, &shared);
        drop(slot);
        Caseline::begin(Held::new(shared), user, stamp, resuming == Some(user))
    }

    /// A session for `user` on an unlocked store made elsewhere (a new store, a
    /// restore), so later sign-ins share it.
    pub fn adopt(&self, vault: Vault, user: UserId, stamp: Stamp) -> Result<Caseline> {
        let shared = Shared::new(vault, self.cost, Arc::clone(&self.shared))?;
        let mut slot = self.shared.lock();
        self.shared.open(&mut slot, &shared);
        drop(slot);
        Caseline::start(Held::new(shared), user, stamp)
    }

    /// Closes the shared state now, as the last session's close would (the search
    /// snapshot written, everything flushed), even while sessions still hold it: for a
    /// server that is stopping and cannot wait for a connection stuck in a request.
    /// No sign-in is let in after it.
    pub fn close(&self) -> Result<()> {
        let slot = self.shared.lock();
        self.stopped.store(true, Ordering::SeqCst);
        let Some(shared) = slot.upgrade() else {
            return Ok(());
        };
        let closed = shared.close();
        drop(slot);
        // Let go of under the gate like any other hold (the close is done once).
        Held::new(shared).release()?;
        closed
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Engine({})", self.dir().display())
    }
}

/// How a session began, for its audit entry.
pub(crate) enum Arrival {
    SignIn,
    /// A locked screen unlocked by the one who locked it.
    Unlock,
    /// Another kind of sign-in, with its own entry.
    Noted(crate::domain::AuditNote),
}

impl Caseline {
    /// A session for `user` on `shared`: refused (and recorded) for a disabled account;
    /// the sign-in is recorded.
    pub(crate) fn start(shared: Held, user: UserId, stamp: Stamp) -> Result<Caseline> {
        Caseline::begin(shared, user, stamp, false)
    }

    /// [`Caseline::start`]; `unlocking` records it as a locked screen unlocked by the
    /// same user.
    fn begin(shared: Held, user: UserId, stamp: Stamp, unlocking: bool) -> Result<Caseline> {
        let arrival = if unlocking {
            Arrival::Unlock
        } else {
            Arrival::SignIn
        };
        Caseline::begin_with(shared, user, stamp, arrival)
    }

    /// [`Caseline::begin`], recording the arrival as `arrival` says.
    pub(crate) fn begin_with(
        shared: Held,
        user: UserId,
        stamp: Stamp,
        arrival: Arrival,
    ) -> Result<Caseline> {
        // Taken before the read: a change meanwhile is read again at the first request.
        let actor_at = shared.users.load(Ordering::Acquire);
        let actor: User = shared.vault.get(&user.0.to_bytes())?.ok_or_else(|| {
            StoreError::Damaged(format!(
                "key slot names user {user}, who is not in the store"
            ))
        })?;
        let stamp = Stamp {
            who: Some(user),
            ..stamp
        };
        if !actor.active {
            Caseline::audit_disabled(&shared.vault, &stamp, "the account is disabled");
            return Err(Error::NotPermitted(format!(
                "the account {} is disabled",
                actor.login
            )));
        }
        let svc = Caseline {
            shared,
            actor: RwLock::new(Arc::new(actor)),
            actor_at: AtomicU64::new(actor_at),
            stamp,
            drafts: Mutex::default(),
            reach: Mutex::new(None),
            case_list: Mutex::new(None),
        };
        match arrival {
            Arrival::Unlock => svc.audit_unlock()?,
            Arrival::SignIn => svc.audit_sign_in()?,
            Arrival::Noted(note) => svc.audit_event(note)?,
        }
        svc.ensure_indexes()?;
        Ok(svc)
    }
}
