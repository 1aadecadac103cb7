//! A session on a shared machine: locking the screen, unlocking it again as the same
//! user or as someone else, and the idle time after which the interface locks itself.

use super::{Caseline, Error, Result};
use crate::domain::Settings;
use crate::domain::{AuditAction, AuditNote, User};
use crate::store::kind::Kind;

/// Why a locked screen stayed locked.
#[derive(Debug)]
pub enum Refused {
    /// Wrong passphrase, a wait to run out, a disabled account: the session is kept,
    /// still locked.
    Kept(Box<Caseline>, Error),
    /// The new user's session could not start (a damaged store): the store is closed.
    Closed(Error),
}

/// Who unlocked a locked screen.
#[derive(Debug)]
pub enum Unlocked {
    /// The user who was signed in: carry on.
    Same(Caseline),
    /// Someone else: a new session as them (their sign-in is recorded).
    Switched(Caseline),
}

impl Caseline {
    /// Unlocks a locked screen with a login (or none: every account is tried, the
    /// signed-in user's first) and a passphrase. The same user carries on (recorded as
    /// an unlock); anyone else gets a session of their own on the same open store, so
    /// the data key is never derived twice and the store's lock never let go. Wrong
    /// passphrases are counted and slowed down as at sign-in
    /// ([`crate::store::StoreError::TryLater`] while a wait runs).
    pub fn unlock_screen(
        self,
        login: Option<&str>,
        secret: &str,
    ) -> std::result::Result<Unlocked, Refused> {
        let me = self.actor().id;
        let now = self.now();
        let anonymous = crate::domain::Stamp {
            who: None,
            ..self.stamp.clone()
        };
        let who = match self
            .vault()
            .check_sign_in(login, secret, now, Some(me), &anonymous)
        {
            Ok(who) => who,
            Err(e) => return Err(Refused::Kept(Box::new(self), e.into())),
        };
        if who == me {
            return match self.audit_unlock() {
                Ok(()) => Ok(Unlocked::Same(self)),
                Err(e) => Err(Refused::Kept(Box::new(self), e)),
            };
        }
        // A disabled account is refused before the session is handed over, so the
        // signed-in user's screen stays locked rather than the store closing.
        match self.vault().get::<User>(&who.0.to_bytes()) {
            Ok(Some(u)) if u.active => {}
            Ok(_) => {
                let them = crate::domain::Stamp {
                    who: Some(who),
                    ..anonymous
                };
                Caseline::audit_disabled(self.vault(), &them, "the account is disabled");
                return Err(Refused::Kept(
                    Box::new(self),
                    Error::NotPermitted("that account is disabled".into()),
                ));
            }
            Err(e) => return Err(Refused::Kept(Box::new(self), e.into())),
        }
        let shared = self.shared.clone();
        let stamp = self.stamp.clone();
        drop(self);
        Caseline::start(shared, who, stamp)
            .map(Unlocked::Switched)
            .map_err(Refused::Closed)
    }

    /// Sets how many minutes of inactivity lock the terminal interface (1 to 240).
    pub fn set_idle_lock_minutes(&self, minutes: u32) -> Result<()> {
        self.require(super::Operation::StoreSettings)?;
        self.change_settings(format!("idle lock set to {minutes} minutes"), |s| {
            s.idle_lock_minutes = minutes
        })
    }

    /// Sets the publishing rule and the scorecard mapping of reports.
    pub fn set_report_settings(
        &self,
        reports: crate::domain::report::ReportSettings,
    ) -> Result<()> {
        self.require(super::Operation::StoreSettings)?;
        let detail = format!(
            "report settings: threshold {}, rounding {}, scorecard mapping of {} code(s)",
            reports.threshold,
            if reports.round { "on" } else { "off" },
            reports.scorecard.case_kinds.len() + reports.scorecard.agency_kinds.len()
        );
        self.change_settings(detail, |s| s.reports = reports)
    }

    /// Sets how many consultations of one group in 90 days are enough that logging
    /// another warns first (1 to 1000).
    pub fn set_consultation_limit(&self, limit: u32) -> Result<()> {
        self.require(super::Operation::WorkSettings)?;
        self.change_settings(format!("consultation limit set to {limit}"), |s| {
            s.consultation_limit = limit
        })
    }

    /// Changes the settings, checked, in one audited commit.
    pub(super) fn change_settings(
        &self,
        detail: String,
        change: impl FnOnce(&mut Settings),
    ) -> Result<()> {
        let _guard = self.write_guard();
        let mut settings = (*self.settings()).clone();
        change(&mut settings);
        let problems = settings.validate();
        if !problems.is_empty() {
            return Err(Error::invalid("setting", problems));
        }
        let mut changes = self.changes();
        changes.put(&settings).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Settings.tree(), "settings")
                .detail(detail),
        );
        self.vault().commit(changes)?;
        self.set_settings(settings);
        Ok(())
    }
}
