//! Locking and unlocking a session, and the words for a refused passphrase.

use std::sync::Arc;

use super::Backend;
use crate::service::{Error, Refused, Unlocked};
use crate::store::StoreError;
use crate::ui::app::App;
use crate::ui::msg::Reply;

impl Backend {
    /// Puts the session aside: the draft forced to disk, the lock recorded, and no
    /// effect served until someone unlocks.
    pub(super) fn lock(&mut self) {
        self.sync_draft();
        // A warming thread still running is left to finish (it shows nothing); the
        // unlock waits for it before the session can change hands.
        if let Some(svc) = self.svc.take() {
            // The screen is locked whether or not the entry could be written.
            let _ = svc.audit_lock();
            let _ = svc.flush();
            self.locked = Some(svc);
        }
    }

    /// Unlocks a locked screen: the same user carries on, anyone else gets a session
    /// of their own on the open store.
    pub(super) fn unlock_screen(
        &mut self,
        login: Option<&str>,
        passphrase: &str,
        app: &mut App,
    ) -> Reply {
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
        let Some(shared) = self.locked.take() else {
            return Reply::Failed("the store is not open".into());
        };
        // The runtime stops every worker before locking, so this is the only handle.
        let svc = match Arc::try_unwrap(shared) {
            Ok(svc) => svc,
            Err(shared) => {
                self.locked = Some(shared);
                return Reply::UnlockFailed("busy: try again in a moment".into());
            }
        };
        match svc.unlock_screen(login, passphrase) {
            Ok(Unlocked::Same(svc)) => {
                let (organisation, user) = self.signed_in(svc, app);
                Reply::ScreenUnlocked {
                    organisation,
                    user,
                    same_user: true,
                }
            }
            Ok(Unlocked::Switched(svc)) => {
                let (organisation, user) = self.signed_in(svc, app);
                Reply::ScreenUnlocked {
                    organisation,
                    user,
                    same_user: false,
                }
            }
            Err(Refused::Kept(svc, e)) => {
                let failures = || svc.vault().sign_in_failures().unwrap_or_default();
                let reply = match &e {
                    Error::Store(se) => refusal(se, failures),
                    _ => None,
                };
                self.locked = Some(Arc::new(*svc));
                reply.unwrap_or_else(|| Reply::UnlockFailed(e.to_string()))
            }
            Err(Refused::Closed(e)) => Reply::Failed(e.to_string()),
        }
    }
}

impl Backend {
    /// Whether `text`, typed as the passphrase with no login, is the login of the
    /// store's only account: someone who types their login first, then enter. Telling
    /// them costs nothing and shows nothing worth hiding, since with one account the
    /// login is not needed to sign in; with several, the login is asked for first and
    /// this is never asked.
    pub(super) fn only_login_is(&self, text: &str) -> bool {
        let slots = match (&self.store, &self.locked) {
            (Some(store), _) => store.key_slots(),
            (None, Some(svc)) => svc.vault().key_slots(),
            (None, None) => return false,
        };
        let slots = slots.unwrap_or_default();
        let mut accounts = slots.iter().filter(|s| !s.recovery);
        match (accounts.next(), accounts.next()) {
            (Some(only), None) => only.is_for(text),
            _ => false,
        }
    }
}

/// What to say when a passphrase was refused (wrong, or tried before the wait after
/// earlier wrong ones ran out); `None` for anything else. The words never say whether
/// the login or the passphrase was wrong.
pub(super) fn refusal(
    e: &StoreError,
    failures: impl FnOnce() -> crate::store::Failures,
) -> Option<Reply> {
    let message =
        "that is not right: check the passphrase (and the login, if you gave one)".to_string();
    match e {
        StoreError::WrongPassphrase => {
            let wait = crate::store::backoff::delay_after(failures().count);
            Some(if wait.is_zero() {
                Reply::UnlockFailed(message)
            } else {
                Reply::UnlockWait {
                    message,
                    wait,
                    tried: true,
                }
            })
        }
        StoreError::TryLater(wait) => Some(Reply::UnlockWait {
            message: "not tried: the wait after wrong passphrases had not run out".into(),
            wait: *wait,
            tried: false,
        }),
        _ => None,
    }
}
