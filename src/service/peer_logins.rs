//! Signing in by OS account: the map an administrator keeps (`domain::peer`) and the
//! engine's sign-in that reads it.

use serde::{Deserialize, Serialize};

use super::engine::{Arrival, Engine};
use super::{Caseline, Error, Result};
use crate::domain::peer::is_os_account;
use crate::domain::{AuditAction, AuditNote, PeerLogin, PeerLogins, Problems, Stamp};
use crate::store::Kind;

/// One mapping, for an administrator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerLoginRow {
    pub os_account: String,
    pub login: String,
    pub added_by: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

impl Caseline {
    fn peer_map(&self) -> Result<PeerLogins> {
        Ok(self.vault().get(PeerLogins::KEY)?.unwrap_or_default())
    }

    /// Every OS account that signs in without a passphrase, and as whom.
    pub fn peer_logins(&self) -> Result<Vec<PeerLoginRow>> {
        self.require(super::Operation::ManageUsers)?;
        let login_of = |id| self.user(id).map(|u| u.login);
        self.peer_map()?
            .accounts
            .into_iter()
            .map(|a| {
                Ok(PeerLoginRow {
                    login: login_of(a.user)?,
                    added_by: login_of(a.added_by)?,
                    os_account: a.os_account,
                    added_at: a.added_at,
                })
            })
            .collect()
    }

    /// Lets the OS account `os_account` sign in as `login` through the store's server
    /// while it is unlocked (administrators only; audited).
    pub fn map_peer(&self, os_account: &str, login: &str) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut p = Problems::new();
        p.check(
            !is_os_account(os_account),
            "os_account",
            "is not an OS account name (letters, digits, '.', '_', '-'; up to 32)",
        );
        let user = self.user_by_login(login)?;
        p.check(user.is_none(), "login", "is not the login of any user");
        p.into_result()
            .map_err(|p| Error::invalid("OS account map", p))?;
        let user = user.expect("checked above");
        let mut map = self.peer_map()?;
        map.map(PeerLogin {
            os_account: os_account.to_string(),
            user: user.id,
            added_by: self.actor().id,
            added_at: self.now(),
        });
        let problems = map.validate();
        if !problems.is_empty() {
            return Err(Error::invalid("OS account map", problems));
        }
        self.commit_peer_map(&map, format!("OS account {os_account} signs in as {login}"))
    }

    /// Ends `os_account`'s sign-in without a passphrase; whether it had one.
    pub fn unmap_peer(&self, os_account: &str) -> Result<bool> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut map = self.peer_map()?;
        if !map.unmap(os_account) {
            return Ok(false);
        }
        self.commit_peer_map(&map, format!("OS account {os_account} no longer mapped"))?;
        Ok(true)
    }

    fn commit_peer_map(&self, map: &PeerLogins, said: String) -> Result<()> {
        let mut changes = self.changes();
        changes.put(map).audit(
            AuditNote::new(AuditAction::UserChange)
                .record(Kind::PeerLogins.tree(), "peer-logins")
                .detail(said),
        );
        self.vault().commit(changes)?;
        Ok(())
    }
}

impl Engine {
    /// Signs in the OS account of `stamp` as the user it is mapped to (and, when
    /// `login` is given, only if that is the one). Refused while nobody has unlocked
    /// the store with a passphrase: the map is encrypted, and this never unlocks.
    /// A refusal is not a wrong passphrase: it is neither counted nor slowed.
    pub fn sign_in_as_peer(&self, login: Option<&str>, stamp: Stamp) -> Result<Caseline> {
        let refused = |why: &str| Err(Error::NotPermitted(why.to_string()));
        let Some(shared) = self.live() else {
            return refused("the store is locked: sign in with a passphrase");
        };
        let Some(os) = stamp.os_user.clone() else {
            return refused("this connection's OS account is not known");
        };
        let map: PeerLogins = shared.vault.get(PeerLogins::KEY)?.unwrap_or_default();
        let Some(user) = map.user_for(&os) else {
            return refused("this OS account is not mapped to a login");
        };
        if let Some(login) = login {
            let actor: Option<crate::domain::User> = shared.vault.get(&user.0.to_bytes())?;
            if actor.is_none_or(|a| a.login != login.trim().to_lowercase()) {
                return refused("this OS account is mapped to another login");
            }
        }
        let note = AuditNote::new(AuditAction::SignIn)
            .record(Kind::User.tree(), user)
            .detail(format!("as OS account {os}, without a passphrase"));
        Caseline::begin_with(
            shared,
            user,
            Stamp { who: None, ..stamp },
            Arrival::Noted(note),
        )
    }
}
