//! Signing in, locking and unlocking, and the words for a refused passphrase.
//!
//! Locking ends the session (in the server too: the data key goes when nobody else is
//! signed in); unlocking is a sign-in like the first, so whoever unlocks gets their
//! own session, and the same person carries on where they were.

use std::time::Duration;

use super::Backend;
use crate::service::Error;
use crate::ui::msg::Reply;

impl Backend {
    /// Ends the session: the draft forced to disk and the lock recorded. No effect is
    /// served until someone unlocks. Answers whether the draft could be forced to disk
    /// (it is kept, as written, either way: the application says so in words that name
    /// no one, since the next person may be signing in) and how the store's sign-in
    /// asks now, for the lock screen.
    pub(super) fn lock(&mut self) -> Option<Reply> {
        let draft_safe = self.drafts.sync().is_ok();
        // A warming thread still running is left to finish (its calls are refused once
        // the session has ended); the unlock waits for it.
        self.drafts.set_client(None);
        if let Some(client) = self.client.take() {
            self.locked = Some(client.actor().id);
            // The screen is locked whether or not the entry could be written.
            let _ = client.sign_out_shared(true);
        }
        let login_first = self
            .link
            .as_ref()
            .and_then(|l| l.status().ok())
            .map(|s| s.login_first);
        Some(Reply::Locked {
            draft_safe,
            login_first,
        })
    }

    /// Signs in from the first screen or a locked one.
    pub(super) fn unlock(&mut self, login: Option<&str>, passphrase: &str) -> Reply {
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
        if self.link.as_ref().is_none_or(|l| l.is_gone()) {
            // The server went away: reach (or start) one again.
            match self.start() {
                Ok(_) => {}
                Err(e) => return Reply::UnlockFailed(e.to_string()),
            }
        }
        let Some(link) = &self.link else {
            return Reply::Failed("there is no store here".into());
        };
        match link.sign_in(login, passphrase, self.locked) {
            Ok(client) => {
                let same_user = self.locked.take().map(|who| who == client.actor().id);
                let (organisation, user, welcome) = self.signed_in(client);
                match same_user {
                    None => Reply::Unlocked {
                        organisation,
                        user,
                        welcome,
                    },
                    Some(same_user) => Reply::ScreenUnlocked {
                        organisation,
                        user,
                        same_user,
                        welcome,
                    },
                }
            }
            Err(e) => {
                let wait = || {
                    self.link
                        .as_ref()
                        .and_then(|l| l.status().ok())
                        .map(|s| s.wait)
                        .unwrap_or_default()
                };
                refusal(&e, wait).unwrap_or_else(|| Reply::UnlockFailed(e.to_string()))
            }
        }
    }

    /// Whether `text`, typed as the passphrase with no login, is the login of the
    /// store's only account: someone who types their login first, then enter. Telling
    /// them costs nothing and shows nothing worth hiding, since with one account the
    /// login is not needed to sign in; with several, the login is asked for first and
    /// this is never asked.
    pub(super) fn only_login_is(&mut self, text: &str) -> bool {
        // A server closes a connection that has not signed in for a while: reach it
        // again first, or the login would be tried as a passphrase.
        if self.link.as_ref().is_some_and(|l| l.is_gone()) {
            let _ = self.start();
        }
        self.link.as_ref().is_some_and(|l| l.is_only_login(text))
    }
}

/// What to say when a passphrase was refused (wrong, or tried before the wait after
/// earlier wrong ones ran out); `None` for anything else. The words never say whether
/// the login or the passphrase was wrong.
pub(super) fn refusal(e: &Error, wait_now: impl FnOnce() -> Duration) -> Option<Reply> {
    let message =
        "that is not right: check the passphrase (and the login, if you gave one)".to_string();
    if e.is_wrong_passphrase() {
        let wait = wait_now();
        return Some(if wait.is_zero() {
            Reply::UnlockFailed(message)
        } else {
            Reply::UnlockWait {
                message,
                wait,
                tried: true,
            }
        });
    }
    e.try_later().map(|wait| Reply::UnlockWait {
        message: "not tried: the wait after wrong passphrases had not run out".into(),
        wait,
        tried: false,
    })
}
