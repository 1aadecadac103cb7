//! The service API: the one way in to the data, for the terminal UI and the command
//! line alike.
//!
//! A [`Caseline`] is an unlocked store plus the user acting on it. Requests and replies
//! are plain serde types, so the same calls could be served over a socket later. Every
//! call validates its input and returns a typed [`Error`] whose message names no
//! personal data.

mod access;
mod audit;
mod backup;
mod case_links;
mod case_list;
mod case_ops;
mod cases;
mod check;
mod check_files;
mod clocks;
mod drafts;
mod entries;
mod error;
mod export;
mod follow_ups;
mod import;
mod import_parse;
mod import_rules;
mod import_write;
mod index;
mod init;
mod intake;
mod lists;
mod matching;
mod organisations;
mod people;
mod queue;
mod referrals;
pub mod remote;
mod replaced;
mod rules;
mod search;
mod search_check;
mod search_docs;
mod search_state;
mod session;
mod stats;
mod timeline;
mod users;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

pub use access::{Operation, role_may};
pub use audit::{AuditQuery, AuditRow, Verification};
pub use backup::{BackupSummary, RestoreRequest, RestoreSummary, SignIn, restore, restore_with};
pub use case_links::{Link, LinkTo, Linked, OrganisationRef};
pub use case_ops::{CaseFilter, CaseList, CaseRow, CaseSort, StatusFilter, UpdateCase};
pub use cases::{CaseOpened, OpenCase, StatusChange};
pub use check::{CheckReport, Fault};
pub use clocks::{ACAS_LEAD_DAYS, CHASE_POLICE_DAYS, tribunal_deadline};
pub use drafts::{Draft, DraftSync};
pub use entries::{EntryAdded, EntryWith};
pub use error::{Error, Result};
pub use export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDocument};
pub use follow_ups::NewFollowUp;
pub use import::ImportSummary;
pub use import_parse::parse_document;
pub use index::CaseSummary;
pub use init::{InitRequest, MIN_PASSPHRASE_CHARS, check_new_passphrase};
pub use intake::{IntakeRequest, IntakeSaved, NewParty, PersonRef};
pub use matching::{PersonMatch, PersonQuery};
pub use organisations::NewOrganisation;
pub use people::NewPerson;
pub use queue::{Bucket, QueueRequest, QueueRow, QueueView, Scope};
pub use referrals::NewReferral;
pub use replaced::ReplacedStore;
pub use search::{CaseHit, Matched, OrganisationHit, PersonHit, ResultGroup, SearchResults};
pub use session::{Refused, Unlocked};
pub use stats::{Stats, TreeStats};
pub use timeline::{MAX_CALL_MINUTES, NewEntry};
pub use users::{AccountState, NewUser, UserRow};

use crate::domain::{Clock, ListKind, ReferenceList, Role, User, UserId};
use crate::store::{DraftFiles, Settings, Store, StoreError, Vault, list_key};

/// An unlocked store and the user acting on it.
pub struct Caseline {
    vault: Vault,
    actor: User,
    settings: Settings,
    lists: BTreeMap<ListKind, ReferenceList>,
    /// Serialises read-modify-write sequences such as allocating a case reference.
    writer: Mutex<()>,
    /// The actor's draft files, opened on first use.
    drafts: Mutex<Option<DraftFiles>>,
    /// What a volunteer can reach, with the audit sequence number it was worked out at.
    reach: Mutex<Option<(u64, std::sync::Arc<access::Reach>)>>,
    /// The last case list worked out, for its next page.
    case_list: Mutex<Option<case_list::Ordered>>,
    /// The search index, loaded on first use and kept in step by every commit.
    search: search_state::SearchState,
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
        let store = Store::open(dir)?.with_clock(clock);
        // A command line waits out the pause after repeated wrong passphrases.
        let (key, user) = loop {
            match store.find_key(login, secret) {
                Err(StoreError::TryLater(wait)) => std::thread::sleep(wait),
                found => break found?,
            }
        };
        Caseline::from_vault(store.unlock_with_key(key)?, user)
    }

    /// Finishes unlocking: loads the acting user, settings and reference lists.
    pub fn from_vault(vault: Vault, user: UserId) -> Result<Caseline> {
        vault.audit_as(Some(user));
        let actor: User = vault.get(&user.0.to_bytes())?.ok_or_else(|| {
            StoreError::Damaged(format!(
                "key slot names user {user}, who is not in the store"
            ))
        })?;
        if !actor.active {
            Caseline::audit_disabled(&vault, user);
            return Err(Error::NotPermitted(format!(
                "the account {} is disabled",
                actor.login
            )));
        }
        let settings: Settings = vault
            .get(Settings::KEY)?
            .ok_or_else(|| StoreError::Damaged("the settings record is missing".into()))?;
        let mut lists = BTreeMap::new();
        for kind in ListKind::ALL {
            let list = vault
                .get(&list_key(kind))?
                .unwrap_or_else(|| ReferenceList::default_for(kind));
            lists.insert(kind, list);
        }
        let search = search_state::SearchState::new(&vault);
        let svc = Caseline {
            search,
            vault,
            actor,
            settings,
            lists,
            writer: Mutex::new(()),
            drafts: Mutex::new(None),
            reach: Mutex::new(None),
            case_list: Mutex::new(None),
        };
        svc.audit_sign_in()?;
        svc.ensure_indexes()?;
        Ok(svc)
    }

    /// The user acting.
    pub fn actor(&self) -> &User {
        &self.actor
    }

    /// The clock every time recorded or compared comes from.
    pub fn clock(&self) -> &Clock {
        self.vault.clock()
    }

    /// The instant now, by the clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock().now()
    }

    /// Today in the organisation's time zone, by the clock.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.clock().today()
    }

    /// Store-wide settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        self.vault.dir()
    }

    /// The underlying store, for modules of this layer.
    pub(crate) fn vault(&self) -> &Vault {
        &self.vault
    }

    fn write_guard(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refuses unless the actor is an administrator.
    fn require_admin(&self, action: &str) -> Result<()> {
        if self.actor.role == Role::Administrator {
            Ok(())
        } else {
            Err(Error::NotPermitted(format!(
                "{action} needs an administrator"
            )))
        }
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<()> {
        self.vault.flush()?;
        Ok(())
    }

    /// Closes the store, flushing everything, and releases the process lock.
    pub fn close(self) -> Result<()> {
        self.search.close()?;
        self.flush()?;
        self.search.prune()?;
        self.flush()
    }
}

impl std::fmt::Debug for Caseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Caseline({}, as {})",
            self.vault.dir().display(),
            self.actor.login
        )
    }
}
