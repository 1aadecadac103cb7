//! OS accounts that may sign in as a caseline user without a passphrase, as
//! PostgreSQL's peer authentication lets a local account in as a database role.
//!
//! It is for cron and scripts on an office server: the nightly backup runs as an OS
//! account the administrator names here, and needs no passphrase in a file. It works
//! only through the store's server, which knows the account of each connection from
//! the kernel (not from anything the client says), and only while the server holds
//! the data key because someone has signed in with a passphrase: the map is itself
//! encrypted, and nothing here can unlock a locked store. Empty (off) by default;
//! every change and every such sign-in is in the audit log.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::UserId;
use super::validation::Problems;

/// The most accounts a store maps: a handful of service accounts, not every worker.
pub const MAX_PEER_ACCOUNTS: usize = 64;

/// One OS account and the user it signs in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeerLogin {
    /// The OS account's name, as the kernel's peer credentials give it.
    pub os_account: String,
    pub user: UserId,
    pub added_by: UserId,
    pub added_at: DateTime<Utc>,
}

/// Every mapping of a store, in one encrypted record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeerLogins {
    pub accounts: Vec<PeerLogin>,
}

impl PeerLogins {
    /// Its key in its tree: there is one.
    pub const KEY: &'static [u8] = b"peer-logins";

    /// The user an OS account signs in as, if it is mapped.
    pub fn user_for(&self, os_account: &str) -> Option<UserId> {
        self.accounts
            .iter()
            .find(|a| a.os_account == os_account)
            .map(|a| a.user)
    }

    /// Maps `os_account` to `user` (replacing what it was mapped to).
    pub fn map(&mut self, account: PeerLogin) {
        self.unmap(&account.os_account);
        self.accounts.push(account);
        self.accounts
            .sort_by(|a, b| a.os_account.cmp(&b.os_account));
    }

    /// Removes `os_account`'s mapping; whether there was one.
    pub fn unmap(&mut self, os_account: &str) -> bool {
        let before = self.accounts.len();
        self.accounts.retain(|a| a.os_account != os_account);
        before != self.accounts.len()
    }

    /// Rules every stored map meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            self.accounts.len() > MAX_PEER_ACCOUNTS,
            "accounts",
            "maps more OS accounts than a store may (64)",
        );
        for a in &self.accounts {
            p.check(
                !is_os_account(&a.os_account),
                "os_account",
                "is not an OS account name (letters, digits, '.', '_', '-'; up to 32)",
            );
        }
        let mut names: Vec<&str> = self
            .accounts
            .iter()
            .map(|a| a.os_account.as_str())
            .collect();
        names.sort_unstable();
        p.check(
            names.windows(2).any(|w| w[0] == w[1]),
            "accounts",
            "maps one OS account twice",
        );
        p
    }
}

/// Whether `name` can be a Unix account name (the portable set, as useradd allows).
pub fn is_os_account(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    first_ok
        && name.len() <= 32
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(os: &str) -> PeerLogin {
        PeerLogin {
            os_account: os.into(),
            user: UserId::new(),
            added_by: UserId::new(),
            added_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn mapping_again_replaces_and_unmapping_removes() {
        let mut m = PeerLogins::default();
        let first = login("backup");
        let second = login("backup");
        m.map(first);
        m.map(second.clone());
        assert_eq!(m.accounts.len(), 1);
        assert_eq!(m.user_for("backup"), Some(second.user));
        assert!(m.unmap("backup"));
        assert!(!m.unmap("backup"));
        assert_eq!(m.user_for("backup"), None);
    }

    #[test]
    fn account_names_are_checked() {
        for good in ["backup", "caseline-cron", "_svc", "a.b", "r2"] {
            assert!(is_os_account(good), "{good}");
        }
        for bad in ["", "-x", "a b", "root\u{1b}[2J", "ünï", &"x".repeat(33)] {
            assert!(!is_os_account(bad), "{bad:?}");
        }
        let mut m = PeerLogins::default();
        m.accounts.push(login("a b"));
        assert!(!m.validate().is_empty());
    }
}
