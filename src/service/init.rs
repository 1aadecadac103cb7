//! Creating a store: the organisation, its first administrator and the recovery key.

use std::path::Path;

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use super::{Caseline, Error, Result};
use crate::domain::Clock;
use crate::domain::validation::check_line;
use crate::domain::{ListKind, Problems, ReferenceList, Role, User, UserId};
use crate::store::{
    Builder, KeySlot, SecretKey, Settings, Store, StoreError, StoreResult, Vault, new_recovery_key,
};

/// Shortest passphrase accepted: three random words are longer than this.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// What `init` needs.
pub struct InitRequest {
    pub organisation: String,
    pub admin_login: String,
    pub admin_name: String,
    pub passphrase: Zeroizing<String>,
    /// How costly the first passphrase slots are.
    pub key_cost: super::KeyCost,
}

/// Checks a new passphrase, saying what is wrong in words.
pub fn check_new_passphrase(p: &mut Problems, field: &str, passphrase: &str) {
    let n = passphrase.chars().count();
    if n < MIN_PASSPHRASE_CHARS {
        p.add(
            field,
            format!(
                "must be at least {MIN_PASSPHRASE_CHARS} characters (three random words work well)"
            ),
        );
    }
    let mut chars = passphrase.chars();
    if let Some(first) = chars.next()
        && n >= MIN_PASSPHRASE_CHARS
        && chars.all(|c| c == first)
    {
        p.add(field, "must not be one character repeated");
    }
    if passphrase.chars().any(char::is_control) {
        p.add(field, "must not contain control characters");
    }
}

/// Checks a new store's request, saying what is wrong with each field.
pub(crate) fn validate(req: &InitRequest, now: DateTime<Utc>) -> Result<()> {
    let mut p = Problems::new();
    p.check(
        req.organisation.trim().is_empty(),
        "organisation",
        "must not be empty",
    );
    check_line(&mut p, "organisation", &req.organisation);
    check_new_passphrase(&mut p, "passphrase", &req.passphrase);
    let admin = new_user(
        &req.admin_login,
        &req.admin_name,
        Role::Administrator,
        false,
        now,
    );
    p.nest("admin", admin.validate());
    p.check(
        admin.login == RECOVERY_LOGIN,
        "admin.login",
        "`recovery` is reserved for the recovery key",
    );
    p.into_result().map_err(|p| Error::invalid("new store", p))
}

/// The login the recovery key signs in as.
pub const RECOVERY_LOGIN: &str = "recovery";

fn new_user(login: &str, name: &str, role: Role, recovery: bool, now: DateTime<Utc>) -> User {
    User {
        id: UserId::new(),
        login: login.trim().to_lowercase(),
        display_name: name.trim().to_string(),
        role,
        centre: None,
        active: true,
        recovery,
        created_at: now,
    }
}

/// The first records of a new store, made ready before the store is: the data key,
/// the administrator and the recovery key, with their key slots.
pub(crate) struct FirstRecords {
    data_key: SecretKey,
    recovery_key: Zeroizing<String>,
    pub(crate) admin: User,
    recovery: User,
    admin_slot: KeySlot,
    recovery_slot: KeySlot,
    settings: Settings,
}

impl FirstRecords {
    /// What a new store starts with, as `req` (checked by [`validate`]) asks, timed
    /// by `clock`.
    pub(crate) fn new(req: &InitRequest, clock: &Clock) -> Result<FirstRecords> {
        let data_key = SecretKey::generate();
        let recovery_key = new_recovery_key();
        let admin = new_user(
            &req.admin_login,
            &req.admin_name,
            Role::Administrator,
            false,
            clock.now(),
        );
        let recovery = new_user(
            RECOVERY_LOGIN,
            "Recovery key",
            Role::Administrator,
            true,
            clock.now(),
        );
        let slot = |user: &User, secret: &str| {
            KeySlot::create(
                user.id,
                &user.login,
                user.recovery,
                secret,
                &data_key,
                req.key_cost.params(),
            )
            .map_err(StoreError::Damaged)
        };
        let admin_slot = slot(&admin, &req.passphrase)?;
        let recovery_slot = slot(&recovery, &recovery_key)?;
        Ok(FirstRecords {
            settings: Settings::new(&req.organisation, clock.now()),
            data_key,
            recovery_key,
            admin,
            recovery,
            admin_slot,
            recovery_slot,
        })
    }

    /// Writes them into the store being made.
    pub(crate) fn write(&self, b: &Builder<'_>) -> StoreResult<()> {
        b.add_slot(&self.admin_slot)?;
        b.add_slot(&self.recovery_slot)?;
        b.put(&self.data_key, &self.settings)?;
        b.put(&self.data_key, &self.admin)?;
        b.put(&self.data_key, &self.recovery)?;
        for kind in ListKind::ALL {
            b.put(&self.data_key, &ReferenceList::default_for(kind))?;
        }
        Ok(())
    }

    /// The made store, unlocked, and the recovery key (shown once, never stored).
    pub(crate) fn unlock(self, store: Store) -> Result<(Vault, Zeroizing<String>)> {
        Ok((store.unlock_with_key(self.data_key)?, self.recovery_key))
    }
}

/// The first records of a new store in `dir`, once `req` is checked and nothing is
/// found where the store goes (before the key derivations, which take a while).
pub(crate) fn checked(dir: &Path, req: &InitRequest, clock: &Clock) -> Result<FirstRecords> {
    validate(req, clock.now())?;
    if Store::exists(dir) {
        // Damage where the database goes is named, not called a store.
        Store::check_place(dir)?;
        return Err(StoreError::Exists(dir.to_path_buf()).into());
    }
    FirstRecords::new(req, clock)
}

impl Caseline {
    /// Creates a new store in `dir`. Returns it unlocked as the administrator, with the
    /// recovery key, which is shown once and never stored.
    pub fn init(dir: &Path, req: InitRequest) -> Result<(Caseline, Zeroizing<String>)> {
        Caseline::init_with_clock(dir, req, Clock::system())
    }

    /// As [`Caseline::init`], with every time taken from `clock`.
    pub fn init_with_clock(
        dir: &Path,
        req: InitRequest,
        clock: Clock,
    ) -> Result<(Caseline, Zeroizing<String>)> {
        let first = checked(dir, &req, &clock)?;
        let store = Store::create(dir, |b| first.write(b))?;
        let admin = first.admin.id;
        let (vault, recovery_key) = first.unlock(store.with_clock(clock))?;
        Ok((Caseline::from_vault(vault, admin)?, recovery_key))
    }
}
