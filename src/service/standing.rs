//! Who a session acts as, kept as they are now. Several sessions share one store, so
//! an administrator may change a user (a new role, a reporting centre, the account
//! disabled) while that user is signed in. Every request is checked against the user
//! as stored: the engine counts changes to users ([`super::engine::Shared::users`]),
//! and a session reads its user again only when that count has moved, so a request
//! costs one atomic read when nobody changed.
//!
//! A session whose account was disabled is refused everything from then on, even if
//! the account is enabled again (that comes with a new passphrase, and so a new
//! sign-in); only signing out is left, which is the connection's, not a request's.

use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

use super::{Caseline, Error, Result};
use crate::domain::User;
use crate::store::Changes;

/// The refusal for a session whose account was disabled while it was signed in.
fn disabled() -> Error {
    Error::NotPermitted(
        "your account was disabled by an administrator: sign out; an administrator can \
         enable it again"
            .into(),
    )
}

impl Caseline {
    /// The user acting, as last read (see [`Caseline::check_standing`]).
    pub fn actor(&self) -> Arc<User> {
        Arc::clone(&self.actor.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reads the acting user again when any user changed since last read, and refuses
    /// a session whose account has been disabled. Every request passes here first
    /// (`call`, and [`Caseline::require`] for calls made directly).
    pub(crate) fn check_standing(&self) -> Result<()> {
        let at = self.shared.users.load(Ordering::Acquire);
        if self.actor_at.load(Ordering::Acquire) != at {
            self.read_actor_again(at)?;
        }
        if self.actor().active {
            Ok(())
        } else {
            Err(disabled())
        }
    }

    /// Replaces the acting user with the stored one, read at users generation `at`.
    /// The first time it finds the account disabled, the refusal is audited as a
    /// disabled account's sign-in is; later refusals of the same session are not, so
    /// a screen that keeps asking does not fill the log.
    fn read_actor_again(&self, at: u64) -> Result<()> {
        let id = self.actor().id;
        let stored: Option<User> = self.vault().get(&id.0.to_bytes())?;
        let mut actor = self.actor.write().unwrap_or_else(PoisonError::into_inner);
        if !actor.active {
            // Once disabled, the session stays refused.
            return Ok(());
        }
        let now = stored.unwrap_or_else(|| User {
            active: false,
            ..(**actor).clone()
        });
        let newly_disabled = !now.active;
        *actor = Arc::new(now);
        self.actor_at.store(at, Ordering::Release);
        drop(actor);
        // What a volunteer reaches and the case list kept depend on the role.
        *self.reach.lock().unwrap_or_else(PoisonError::into_inner) = None;
        *self
            .case_list
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if newly_disabled {
            Caseline::audit_disabled(
                self.vault(),
                self.stamp(),
                "the account is disabled: a session begun before was refused",
            );
        }
        Ok(())
    }

    /// Commits a change to users' records and moves the users generation on, so every
    /// session of a changed user reads them again before its next request.
    pub(crate) fn commit_users(&self, changes: Changes<'_>) -> Result<()> {
        let done = self.vault().commit(changes);
        self.shared.users.fetch_add(1, Ordering::AcqRel);
        done?;
        Ok(())
    }
}
