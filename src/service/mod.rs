//! The service API: the one way in to the data, for the terminal UI and the command
//! line alike.
//!
//! An [`Engine`] is an opened store; a [`Caseline`] is one user's session on it, and
//! several can be signed in at once. Requests and replies are plain serde types
//! ([`api`]), the same in-process and over the socket ([`remote`]). Every
//! call validates its input and returns a typed [`Error`] whose message names no
//! personal data.

mod access;
pub mod api;
mod audit;
mod backup;
mod case_links;
mod case_list;
mod case_ops;
mod cases;
mod centres;
mod check;
mod check_files;
pub mod client;
mod clocks;
mod directory_csv;
mod draft_slots;
mod draft_sync;
mod drafts;
mod duplicates;
mod edits;
mod engine;
#[cfg(test)]
mod engine_tests;
mod entries;
mod error;
mod export;
mod follow_ups;
mod gate;
#[cfg(test)]
mod gate_tests;
mod import;
mod import_parse;
mod import_rules;
mod import_write;
mod index;
mod init;
mod intake;
mod letters;
mod lists;
mod matching;
mod merge;
mod organisations;
mod peer_logins;
mod people;
mod person_edit;
mod queue;
mod referral_chase;
mod referral_summary;
mod referrals;
pub mod remote;
mod replaced;
pub mod reports;
mod rules;
mod search;
mod search_check;
mod search_docs;
mod search_state;
pub mod serve;
mod session;
mod snapshot_pacing;
mod standing;
mod stats;
mod templates;
mod timeline;
mod users;
pub mod views;
mod work_settings;

pub use views::check_anchor;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

pub use crate::domain::CaseSummary;
pub use access::{Operation, permit, role_may};
pub use audit::{AuditQuery, AuditRow, Verification};
pub use backup::{BackupSummary, RestoreRequest, RestoreSummary, SignIn, restore, restore_with};
pub use case_links::{Link, LinkTo, Linked, OrganisationRef};
pub use case_ops::{CaseFilter, CaseList, CaseRow, CaseSort, StatusFilter, UpdateCase};
pub use cases::{CaseOpened, OpenCase, StatusChange};
pub use centres::{Centre, centre_named};
pub use check::{CheckReport, Fault};
pub use client::Client;
pub use clocks::{ACAS_LEAD_DAYS, CHASE_POLICE_DAYS, tribunal_deadline};
pub use directory_csv::COLUMNS as DIRECTORY_COLUMNS;
pub use draft_sync::DraftSync;
pub use drafts::Draft;
pub use duplicates::{MergeSide, PossibleDuplicate};
pub use edits::Edit;
pub use engine::{Engine, KeyCost};
pub use entries::{EntryAdded, EntryWith};
pub use error::{Error, Result};
pub use export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDocument};
pub use follow_ups::NewFollowUp;
pub use import::ImportSummary;
pub use import_parse::parse_document;
pub use init::{InitRequest, MIN_PASSPHRASE_CHARS, check_new_passphrase};
pub use intake::{IntakeRequest, IntakeSaved, NewParty, PersonRef};
pub use letters::{LetterDraft, LetterView};
pub use matching::{PersonMatch, PersonQuery};
pub use organisations::{ConsultationLogged, LogConsultation, NewOrganisation};
pub use peer_logins::PeerLoginRow;
pub use people::NewPerson;
pub use queue::{Bucket, QueueRequest, QueueRow, QueueView, Scope};
pub use referral_summary::IncomingSource;
pub use referrals::{NewReferral, ReferralMove};
pub use replaced::ReplacedStore;
pub use search::{CaseHit, Hits, Matched, OrganisationHit, PersonHit, ResultGroup, SearchResults};
pub use session::{Refused, Unlocked};
pub use stats::{Stats, TreeStats};
pub use templates::{NewTemplate, TemplateOrigin, TemplateText};
pub use timeline::{MAX_CALL_MINUTES, NewEntry};
pub use users::{AccountState, NewUser, UserRow};
pub use work_settings::{MAX_CHASE_DAYS, MAX_CONSULTATION_LIMIT, WorkSettings};

use crate::domain::Settings;
use crate::domain::{Clock, Stamp, User, UserId};
use crate::store::{StoreError, Vault};

/// Whether `dir` holds a store (else a terminal offers the first-run setup).
pub fn store_exists(dir: &Path) -> bool {
    crate::store::Store::exists(dir)
}

/// Refuses, naming it, what stands in a data directory where a database goes but is
/// not one (a plain file, say), rather than taking it for a store.
pub fn check_place(dir: &Path) -> Result<()> {
    Ok(crate::store::Store::check_place(dir)?)
}

/// A string of random letters, as a recovery key is made: for a made-up passphrase.
pub fn random_letters() -> zeroize::Zeroizing<String> {
    crate::store::new_recovery_key()
}

/// A session: one signed-in user on a store that others may be using at the same time
/// (see [`Engine`]).
pub struct Caseline {
    /// This session's hold on the state it shares (see `gate`).
    shared: engine::Held,
    /// The signed-in user as they are now: read again when the users generation moves
    /// (see `standing`), so a new role or a disabled account applies at once.
    actor: std::sync::RwLock<std::sync::Arc<User>>,
    /// The users generation `actor` was read at.
    actor_at: std::sync::atomic::AtomicU64,
    /// Who this session's audit entries name, and where they came from.
    stamp: Stamp,
    /// The actor's draft: the slot this session holds and its files, once used.
    drafts: Mutex<drafts::Desk>,
    /// What a volunteer can reach, with the audit sequence number it was worked out at.
    reach: Mutex<Option<(u64, std::sync::Arc<access::Reach>)>>,
    /// The last case list worked out, for its next page.
    case_list: Mutex<Option<case_list::Ordered>>,
}

impl Caseline {
    /// Opens the store in `dir` and unlocks it with a passphrase or the recovery key.
    pub fn open(dir: &Path, login: Option<&str>, secret: &str) -> Result<Caseline> {
        Caseline::open_with_clock(dir, login, secret, Clock::system())
    }

    /// As [`Caseline::open`], with every time taken from `clock`.
    pub fn open_with_clock(
        dir: &Path,
        login: Option<&str>,
        secret: &str,
        clock: Clock,
    ) -> Result<Caseline> {
        let engine = Engine::open(dir, clock)?;
        // A command line waits out the pause after repeated wrong passphrases.
        loop {
            match engine.sign_in(login, secret, crate::store::process_stamp()) {
                Err(Error::Store(StoreError::TryLater(wait))) => engine.clock().sleep(wait),
                done => return done,
            }
        }
    }

    /// A session for `user` on a store unlocked elsewhere (a new store, the
    /// interface's own unlock), as this process.
    pub fn from_vault(vault: Vault, user: UserId) -> Result<Caseline> {
        let shared = engine::Shared::new(vault, KeyCost::Standard, engine::Gate::default())?;
        Caseline::start(
            engine::Held::new(shared),
            user,
            crate::store::process_stamp(),
        )
    }

    /// The clock every time recorded or compared comes from.
    pub fn clock(&self) -> &Clock {
        self.vault().clock()
    }

    /// The instant now, by the clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock().now()
    }

    /// Today in the organisation's time zone, by the clock.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.clock().today()
    }

    /// Store-wide settings, as they are now (another session may change them).
    pub fn settings(&self) -> std::sync::Arc<Settings> {
        self.shared
            .settings
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Replaces the settings every session reads.
    pub(crate) fn set_settings(&self, settings: Settings) {
        *self
            .shared
            .settings
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = std::sync::Arc::new(settings);
    }

    /// Who this session's audit entries name.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// Starts a set of changes recorded as this session's.
    pub(crate) fn changes(&self) -> crate::store::Changes<'_> {
        self.vault().changes(&self.stamp)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        self.vault().dir()
    }

    /// The underlying store, for modules of this layer.
    pub(crate) fn vault(&self) -> &Vault {
        &self.shared.vault
    }

    fn write_guard(&self) -> MutexGuard<'_, ()> {
        self.shared.write_guard()
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<()> {
        self.vault().flush()?;
        Ok(())
    }

    /// Ends this session. The last session on a store writes the search snapshot back,
    /// flushes everything and lets the data key go (and, when no engine holds it,
    /// the store's lock).
    pub fn close(self) -> Result<()> {
        let shared = self.shared.clone();
        drop(self);
        // Whether this is the last hold is settled, and its close done, under the
        // engine's lock: see `gate`. Dropping a session does the same, unreported.
        shared.release()
    }
}

impl std::fmt::Debug for Caseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Caseline({}, as {})",
            self.vault().dir().display(),
            self.actor().login
        )
    }
}
