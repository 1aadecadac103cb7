//! Slowing down guessing: after a few wrong passphrases in a row, each further try is
//! answered only after a wait that doubles, up to half a minute.
//!
//! The count lives in the plain `meta` tree (a number and a time: nothing personal),
//! so quitting and starting again does not reset it; a right passphrase does. Callers
//! are told how long is left rather than kept waiting, so the terminal interface can
//! stay responsive and count down, while the command line simply sleeps.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::error::StoreResult;
use super::kind::plain;
use super::kv::{KvStore, KvTree};
use super::{KdfParams, KeySlot, SecretKey, Store, StoreError, Vault};
use crate::domain::{AuditAction, AuditNote, Stamp, UserId};

/// Wrong passphrases in a row that are answered at once.
pub const FREE_TRIES: u32 = 3;
/// The longest wait between tries.
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// Where the count is kept in `meta`.
const KEY: &[u8] = b"sign_in_failures";

/// How long the next try waits after `failures` wrong passphrases in a row: nothing for
/// the first [`FREE_TRIES`], then 1, 2, 4 … seconds, never more than [`MAX_WAIT`].
pub fn delay_after(failures: u32) -> Duration {
    if failures < FREE_TRIES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_TRIES).min(16);
    Duration::from_secs(1u64 << doublings).min(MAX_WAIT)
}

/// Wrong passphrases since the last right one, and when the last was typed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

impl Failures {
    /// How long from `now` until the next try may be answered. A clock set back does
    /// not lengthen the wait beyond one full delay.
    pub fn wait_left(&self, now: DateTime<Utc>) -> Duration {
        let delay = delay_after(self.count);
        let Some(last) = self.last else {
            return Duration::ZERO;
        };
        let since = (now - last).to_std().unwrap_or(Duration::ZERO);
        delay.saturating_sub(since)
    }

    fn to_bytes(self) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&self.count.to_be_bytes());
        let millis = self.last.map(|t| t.timestamp_millis()).unwrap_or(0);
        b[4..].copy_from_slice(&millis.to_be_bytes());
        b
    }

    /// A damaged value counts as no failures: the wait is a nuisance to guessing, not
    /// what keeps the data safe (Argon2id and the key slots are).
    fn from_bytes(b: &[u8]) -> Failures {
        let (Ok(count), Ok(millis)) = (<[u8; 4]>::try_from(&b[..4.min(b.len())]), {
            <[u8; 8]>::try_from(b.get(4..12).unwrap_or(&[]))
        }) else {
            return Failures::default();
        };
        Failures {
            count: u32::from_be_bytes(count),
            last: Utc
                .timestamp_millis_opt(i64::from_be_bytes(millis))
                .single(),
        }
    }
}

/// The count as stored in `meta`.
fn read(meta: &impl KvTree) -> StoreResult<Failures> {
    Ok(meta
        .get(KEY)?
        .map(|v| Failures::from_bytes(&v))
        .unwrap_or_default())
}

/// Adds a wrong passphrase typed at `now`, durably.
fn add_failure(meta: &impl KvTree, now: DateTime<Utc>) -> StoreResult<Failures> {
    let f = read(meta)?;
    let f = Failures {
        count: f.count.saturating_add(1),
        last: Some(now),
    };
    meta.insert(KEY, f.to_bytes())?;
    meta.flush()?;
    Ok(f)
}

/// Forgets the count after a right passphrase (writes only when there is one).
fn clear(meta: &impl KvTree) -> StoreResult<()> {
    if meta.remove(KEY)? {
        meta.flush()?;
    }
    Ok(())
}

/// Tries `secret` on `slots` in order, unless the wait after earlier failures has not
/// passed; counts the outcome. With no slot to try (a login that is unknown, or whose
/// account is disabled), `secret` goes through a stand-in derivation as costly as a
/// real slot's (`stand_in`), so a refusal takes as long whether the login exists or
/// not and the time it takes does not tell.
fn try_slots(
    meta: &impl KvTree,
    slots: &[KeySlot],
    stand_in: KdfParams,
    secret: &str,
    now: DateTime<Utc>,
) -> StoreResult<(SecretKey, UserId)> {
    let wait = read(meta)?.wait_left(now);
    if !wait.is_zero() {
        return Err(StoreError::TryLater(wait));
    }
    for slot in slots {
        if let Ok(key) = slot.open(secret) {
            clear(meta)?;
            return Ok((key, slot.user));
        }
    }
    if slots.is_empty() {
        KeySlot::open_nothing(secret, stand_in);
    }
    add_failure(meta, now)?;
    Err(StoreError::WrongPassphrase)
}

/// The cost of a stand-in derivation: that of the passphrase slots (the first found),
/// which are what a login is tried against.
fn stand_in_cost(slots: &[KeySlot]) -> KdfParams {
    slots
        .iter()
        .find(|s| !s.recovery)
        .or(slots.first())
        .map_or(KdfParams::STANDARD, |s| s.kdf)
}

/// The slots a login may open, passphrases before the recovery key; `first`'s before
/// anyone else's, so a screen locked by one user opens quickly for them.
fn candidates(mut slots: Vec<KeySlot>, login: Option<&str>, first: Option<UserId>) -> Vec<KeySlot> {
    if let Some(login) = login {
        slots.retain(|s| s.is_for(login));
    }
    slots.sort_by_key(|s| (s.recovery, Some(s.user) != first));
    slots
}

impl<K: KvStore> Store<K> {
    /// The wrong passphrases counted so far.
    pub fn sign_in_failures(&self) -> StoreResult<Failures> {
        read(&self.db.tree(plain::META)?)
    }

    /// [`Store::find_key`] as if at `now`: refused with [`StoreError::TryLater`],
    /// without trying the passphrase, while the wait after earlier failures runs.
    pub fn find_key_at(
        &self,
        login: Option<&str>,
        secret: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(SecretKey, UserId)> {
        self.find_key_stamped(login, secret, now, &super::audit::process_stamp())
    }

    /// [`Store::find_key_at`], a refusal recorded as coming from where `stamp` says.
    pub fn find_key_stamped(
        &self,
        login: Option<&str>,
        secret: &str,
        now: DateTime<Utc>,
        stamp: &Stamp,
    ) -> StoreResult<(SecretKey, UserId)> {
        let slots = self.key_slots()?;
        if slots.is_empty() {
            return Err(StoreError::Damaged(format!(
                "{} has no key slots",
                self.dir.display()
            )));
        }
        let cost = stand_in_cost(&slots);
        let slots = candidates(slots, login, None);
        let found = try_slots(&self.db.tree(plain::META)?, &slots, cost, secret, now);
        if matches!(found, Err(StoreError::WrongPassphrase)) {
            // The refusal stands whether or not it could be recorded: a full disk must
            // not turn a wrong passphrase into a different error.
            let _ = self.record_failed_sign_in(login, stamp);
        }
        found
    }
}

impl<K: KvStore> Vault<K> {
    /// Checks a passphrase while the store is open (a locked screen being unlocked):
    /// whose it is, with the same wait and count as signing in. A wrong one is recorded
    /// in the audit log under no user, as at sign-in, stamped with where it came
    /// from; `current`, when given, is tried first.
    pub fn check_sign_in(
        &self,
        login: Option<&str>,
        secret: &str,
        now: DateTime<Utc>,
        current: Option<UserId>,
        stamp: &Stamp,
    ) -> StoreResult<UserId> {
        let slots = self.key_slots()?;
        let cost = stand_in_cost(&slots);
        let slots = candidates(slots, login, current);
        let found = try_slots(&self.tree(plain::META)?, &slots, cost, secret, now);
        if matches!(found, Err(StoreError::WrongPassphrase)) {
            let mut note = AuditNote::new(AuditAction::SignInFailed)
                .detail("the passphrase opened no key slot");
            note.login_typed = login.map(str::to_string);
            let mut changes = self.changes(stamp);
            changes.audit(note);
            // As at sign-in, the refusal stands even if it could not be recorded.
            let _ = self.commit(changes);
        }
        found.map(|(_, user)| user)
    }

    /// The wrong passphrases counted so far.
    pub fn sign_in_failures(&self) -> StoreResult<Failures> {
        read(&self.tree(plain::META)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_three_and_stops_at_thirty_seconds() {
        let secs: Vec<u64> = (0..12).map(|n| delay_after(n).as_secs()).collect();
        assert_eq!(secs, vec![0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30]);
        assert_eq!(delay_after(u32::MAX), MAX_WAIT);
    }

    #[test]
    fn the_wait_runs_from_the_last_failure() {
        let last = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let f = Failures {
            count: 5,
            last: Some(last),
        };
        assert_eq!(f.wait_left(last), Duration::from_secs(4));
        assert_eq!(
            f.wait_left(last + chrono::Duration::seconds(3)),
            Duration::from_secs(1)
        );
        assert_eq!(
            f.wait_left(last + chrono::Duration::seconds(9)),
            Duration::ZERO
        );
        // A clock set back an hour does not make the wait an hour.
        assert_eq!(
            f.wait_left(last - chrono::Duration::hours(1)),
            Duration::from_secs(4)
        );
        assert_eq!(Failures::from_bytes(&f.to_bytes()), f);
        assert_eq!(Failures::from_bytes(b"xx"), Failures::default());
    }
}
