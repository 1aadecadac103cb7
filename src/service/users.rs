//! Users and their key slots.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::init::{RECOVERY_LOGIN, check_new_passphrase};
use super::{Caseline, Error, Result};
use crate::domain::{AuditAction, AuditNote, Problems, Role, User, UserId};
use crate::store::{KdfParams, KeySlot, StoreError};

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub login: String,
    pub display_name: String,
    pub role: Role,
}

impl Caseline {
    /// Adds a user with their own passphrase (administrators only). Only a new key slot
    /// is written: no record is re-encrypted.
    pub fn add_user(&self, req: NewUser, passphrase: &str, kdf: KdfParams) -> Result<UserId> {
        self.require(super::Operation::ManageUsers)?;
        let user = User {
            id: UserId::new(),
            login: req.login.trim().to_lowercase(),
            display_name: req.display_name.trim().to_string(),
            role: req.role,
            active: true,
            recovery: false,
            created_at: Utc::now(),
        };
        let mut p: Problems = user.validate();
        check_new_passphrase(&mut p, "passphrase", passphrase);
        p.check(
            user.login == RECOVERY_LOGIN,
            "login",
            "`recovery` is reserved for the recovery key",
        );
        if self.user_by_login(&user.login)?.is_some() {
            p.add("login", "is already taken");
        }
        p.into_result().map_err(|p| Error::invalid("user", p))?;
        let slot = KeySlot::create(
            user.id,
            &user.login,
            false,
            passphrase,
            self.vault().data_key(),
            kdf,
        )
        .map_err(StoreError::Damaged)?;
        let mut changes = self.vault().changes();
        changes.put(&user);
        changes.put_slot(&slot);
        changes.audit(
            AuditNote::new(AuditAction::UserChange)
                .record(crate::store::Kind::User.tree(), user.id)
                .detail(format!("user added, role {}", user.role.name())),
        );
        self.vault().commit(changes)?;
        Ok(user.id)
    }

    /// Finds a user by login.
    pub fn user_by_login(&self, login: &str) -> Result<Option<User>> {
        let login = login.trim().to_lowercase();
        for u in self.users() {
            let u = u?;
            if u.login == login {
                return Ok(Some(u));
            }
        }
        Ok(None)
    }

    /// Reads a user.
    pub fn user(&self, id: UserId) -> Result<User> {
        self.vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("user", id))
    }

    /// Every user, oldest first.
    pub fn users(&self) -> impl Iterator<Item = Result<User>> + '_ {
        self.vault().scan::<User>().map(|r| r.map_err(Error::from))
    }
}
