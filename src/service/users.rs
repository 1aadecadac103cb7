//! Users and their key slots.
//!
//! Adding, disabling or re-enabling a user and changing a passphrase touch only key
//! slots and the user record: the data key stays the same, so no record is
//! re-encrypted. Every change is written with its audit entry in one commit.

use serde::{Deserialize, Serialize};

use super::KeyCost;
use super::init::{RECOVERY_LOGIN, check_new_passphrase};
use super::{Caseline, Error, Result};
use crate::domain::{
    AuditAction, AuditNote, Organisation, OrganisationId, Problems, Role, User, UserId,
};
use crate::store::{Changes, KdfParams, KeySlot, StoreError};

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// The reporting centre of a reporting-centre login (an organisation marked as one).
    #[serde(default)]
    pub centre: Option<OrganisationId>,
}

impl Caseline {
    /// Adds a user with their own passphrase (administrators only). Only a new key slot
    /// is written: no record is re-encrypted.
    pub fn add_user(&self, req: NewUser, passphrase: &str, cost: KeyCost) -> Result<UserId> {
        self.require(super::Operation::ManageUsers)?;
        let user = User {
            id: UserId::new(),
            login: req.login.trim().to_lowercase(),
            display_name: req.display_name.trim().to_string(),
            role: req.role,
            centre: req.centre,
            active: true,
            recovery: false,
            created_at: self.now(),
        };
        let mut p: Problems = user.validate();
        self.check_centre(&mut p, user.centre)?;
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
        let slot = self.new_slot(&user, passphrase, cost.params())?;
        let mut changes = self.changes();
        changes.put(&user);
        changes.put_slot(&slot);
        changes.audit(
            AuditNote::new(AuditAction::UserChange)
                .record(crate::store::Kind::User.tree(), user.id)
                .detail(format!("user added, role {}", user.role.name())),
        );
        self.commit_users(changes)?;
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

    /// Every user with whether they can sign in, for an administrator's list.
    pub fn user_list(&self) -> Result<Vec<UserRow>> {
        self.require(super::Operation::ManageUsers)?;
        let slots = self.vault().key_slots()?;
        self.users()
            .map(|u| {
                let user = u?;
                let slots = slots.iter().filter(|s| s.user == user.id).count();
                let state = AccountState::of(&user, slots);
                let centre = match user.centre {
                    Some(id) => Some(self.centre_name(id)?),
                    None => None,
                };
                Ok(UserRow {
                    user,
                    slots,
                    state,
                    centre,
                })
            })
            .collect()
    }

    /// The name of a login's centre; one no longer in the directory is said so.
    fn centre_name(&self, id: crate::domain::OrganisationId) -> Result<String> {
        let org: Option<crate::domain::Organisation> = self.vault().get(&id.0.to_bytes())?;
        Ok(org.map_or_else(|| format!("(not in the directory: {id})"), |o| o.name))
    }

    /// Gives a user another role (administrators only). The last active administrator
    /// keeps theirs, so the store always has someone who can manage it.
    pub fn set_role(&self, id: UserId, role: Role) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut user = self.changeable_user(id)?;
        if user.role == role {
            return Ok(());
        }
        if role == Role::ReportingCentre {
            let mut p = Problems::new();
            p.add(
                "centre",
                "name the centre: a reporting centre's login needs one",
            );
            return Err(Error::invalid("user", p));
        }
        if role != Role::Administrator {
            self.keep_an_administrator(&user, "lose the administrator role")?;
        }
        let from = user.role;
        user.role = role;
        user.centre = None;
        let mut changes = self.changes();
        changes.put(&user);
        changes.audit(user_note(
            &user,
            format!("role changed from {from} to {role}"),
        ));
        self.commit_users(changes)?;
        Ok(())
    }

    /// Makes a user a reporting centre's login, for `centre` (administrators only):
    /// from then on they record that centre's reports and see nothing else.
    pub fn assign_centre(&self, id: UserId, centre: OrganisationId) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut user = self.changeable_user(id)?;
        let mut p = Problems::new();
        self.check_centre(&mut p, Some(centre))?;
        p.into_result().map_err(|p| Error::invalid("user", p))?;
        if user.role == Role::ReportingCentre && user.centre == Some(centre) {
            return Ok(());
        }
        if user.role == Role::Administrator {
            self.keep_an_administrator(&user, "lose the administrator role")?;
        }
        let from = user.role;
        user.role = Role::ReportingCentre;
        user.centre = Some(centre);
        let mut changes = self.changes();
        changes.put(&user);
        changes.audit(
            user_note(
                &user,
                format!("role changed from {from} to reporting-centre"),
            )
            .record(crate::store::Kind::Organisation.tree(), centre),
        );
        self.commit_users(changes)?;
        Ok(())
    }

    /// A user's centre must be an organisation in the directory marked as a reporting
    /// centre.
    fn check_centre(&self, p: &mut Problems, centre: Option<OrganisationId>) -> Result<()> {
        if let Some(id) = centre {
            let org: Option<Organisation> = self.vault().get(&id.0.to_bytes())?;
            p.check(
                !org.is_some_and(|o| o.reporting_centre),
                "centre",
                "is not a reporting centre in the directory",
            );
        }
        Ok(())
    }

    /// Disables a user (administrators only): their key slots are removed, so their
    /// passphrase no longer opens the store, and the audit log records it. Their
    /// records stay, and so does everything they wrote.
    pub fn disable_user(&self, id: UserId) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut user = self.changeable_user(id)?;
        if !user.active {
            return Err(Error::Conflict("that account is already disabled".into()));
        }
        self.keep_an_administrator(&user, "be disabled")?;
        user.active = false;
        let mut changes = self.changes();
        let removed = self.remove_slots(&mut changes, id)?;
        changes.put(&user);
        changes.audit(user_note(
            &user,
            format!("user disabled, {removed} key slot(s) removed"),
        ));
        self.commit_users(changes)?;
        Ok(())
    }

    /// Enables a disabled user again with a new passphrase (administrators only): the
    /// old one was removed with their slot, and stays unusable.
    pub fn enable_user(&self, id: UserId, passphrase: &str, cost: KeyCost) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let mut user = self.changeable_user(id)?;
        if user.active {
            return Err(Error::Conflict("that account is already enabled".into()));
        }
        new_passphrase_ok(passphrase)?;
        user.active = true;
        let mut changes = self.changes();
        self.remove_slots(&mut changes, id)?;
        changes.put_slot(&self.new_slot(&user, passphrase, cost.params())?);
        changes.put(&user);
        changes.audit(user_note(&user, "user enabled with a new passphrase"));
        self.commit_users(changes)?;
        Ok(())
    }

    /// Sets someone's passphrase without knowing the old one (administrators only): a
    /// new slot replaces theirs.
    pub fn reset_passphrase(&self, id: UserId, passphrase: &str, cost: KeyCost) -> Result<()> {
        self.require(super::Operation::ManageUsers)?;
        let _guard = self.write_guard();
        let user = self.changeable_user(id)?;
        if !user.active {
            return Err(Error::Conflict(
                "that account is disabled: enable it with a new passphrase instead".into(),
            ));
        }
        new_passphrase_ok(passphrase)?;
        self.replace_slot(
            &user,
            passphrase,
            cost.params(),
            "passphrase reset by an administrator",
        )
    }

    /// Changes the acting user's own passphrase; the old one must open their slot.
    pub fn change_passphrase(&self, old: &str, new: &str, cost: KeyCost) -> Result<()> {
        let _guard = self.write_guard();
        let user = self.changeable_user(self.actor().id)?;
        let opens = self
            .vault()
            .key_slots()?
            .iter()
            .any(|s| s.user == user.id && !s.recovery && s.open(old).is_ok());
        if !opens {
            let mut p = Problems::new();
            p.add("old_passphrase", "is not your current passphrase");
            return Err(Error::invalid("passphrase", p));
        }
        new_passphrase_ok(new)?;
        self.replace_slot(&user, new, cost.params(), "passphrase changed by its user")
    }

    /// A user whose account can be changed here: not the recovery key's.
    fn changeable_user(&self, id: UserId) -> Result<User> {
        let user = self.user(id)?;
        if user.recovery {
            return Err(Error::NotPermitted(
                "the recovery account cannot be changed".into(),
            ));
        }
        Ok(user)
    }

    /// Refuses when `user` is the last active administrator (the recovery account
    /// aside, which exists for emergencies only).
    fn keep_an_administrator(&self, user: &User, what: &str) -> Result<()> {
        if user.role != Role::Administrator || !user.active {
            return Ok(());
        }
        let mut others = 0;
        for u in self.users() {
            let u = u?;
            if u.id != user.id && u.role == Role::Administrator && u.active && !u.recovery {
                others += 1;
            }
        }
        if others == 0 {
            return Err(Error::Conflict(format!(
                "the last active administrator cannot {what}: make someone else an administrator first"
            )));
        }
        Ok(())
    }

    /// Replaces a user's slots with one for `passphrase`, in one commit with its audit
    /// entry.
    fn replace_slot(
        &self,
        user: &User,
        passphrase: &str,
        kdf: KdfParams,
        said: &str,
    ) -> Result<()> {
        let slot = self.new_slot(user, passphrase, kdf)?;
        let mut changes = self.changes();
        self.remove_slots(&mut changes, user.id)?;
        changes.put_slot(&slot);
        changes.audit(user_note(user, said));
        self.commit_users(changes)?;
        Ok(())
    }

    /// A new slot wrapping the data key under `passphrase`.
    fn new_slot(&self, user: &User, passphrase: &str, kdf: KdfParams) -> Result<KeySlot> {
        let slot = KeySlot::create(
            user.id,
            &user.login,
            false,
            passphrase,
            self.vault().data_key(),
            kdf,
        )
        .map_err(StoreError::Damaged)?;
        Ok(slot)
    }

    /// Stages the removal of every passphrase slot of `user`; how many there were.
    fn remove_slots(&self, changes: &mut Changes<'_>, user: UserId) -> Result<usize> {
        let mut n = 0;
        for slot in self.vault().key_slots()? {
            if slot.user == user && !slot.recovery {
                changes.remove_slot(slot.id);
                n += 1;
            }
        }
        Ok(n)
    }
}

/// A user as an administrator's list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub user: User,
    /// Key slots (passphrases) that sign in as this user: none once disabled.
    pub slots: usize,
    /// Whether they can sign in, said once here for every list that shows it.
    pub state: AccountState,
    /// The name of the reporting centre a centre's login works for.
    pub centre: Option<String>,
}

/// Whether an account can sign in. An active account with no key slot (an imported
/// user, say) cannot, and a list that said "yes" for it would mislead an administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Active, with a passphrase: they can sign in.
    Active,
    /// Active, but no passphrase opens the store as them: an administrator sets one.
    NoPassphrase,
    Disabled,
}

impl AccountState {
    fn of(user: &User, slots: usize) -> AccountState {
        match (user.active, slots) {
            (false, _) => AccountState::Disabled,
            (true, 0) => AccountState::NoPassphrase,
            (true, _) => AccountState::Active,
        }
    }

    /// In words, as every list says it.
    pub fn says(self) -> &'static str {
        match self {
            AccountState::Active => "active",
            AccountState::NoPassphrase => "no passphrase",
            AccountState::Disabled => "disabled",
        }
    }

    pub fn can_sign_in(self) -> bool {
        self == AccountState::Active
    }
}

/// The audit entry for a change to a user's account. It names the user by id and says
/// what changed; never a passphrase.
fn user_note(user: &User, said: impl Into<String>) -> AuditNote {
    AuditNote::new(AuditAction::UserChange)
        .record(crate::store::Kind::User.tree(), user.id)
        .detail(said)
}

/// Refuses a passphrase too weak for a new slot.
fn new_passphrase_ok(passphrase: &str) -> Result<()> {
    let mut p = Problems::new();
    check_new_passphrase(&mut p, "passphrase", passphrase);
    p.into_result().map_err(|p| Error::invalid("passphrase", p))
}
