//! Chasing referrals that get no answer. When an outgoing referral is sent, a "chase
//! referral" follow-up is made on its case, due after the wait set for that kind of
//! agency; when an answer is recorded (any move out of sent) it is cancelled. So the
//! chase is decided by the clock at the moment of sending, with nothing running in
//! the background.

use chrono::Duration;

use super::{Caseline, Error, Result};
use crate::domain::Settings;
use crate::domain::{
    AuditAction, AuditNote, Direction, FollowUp, FollowUpId, FollowUpState, ListKind, Priority,
    Referral, Subject,
};
use crate::store::Changes;
use crate::store::kind::Kind;

impl Caseline {
    /// Stages the chase follow-up of a referral being sent (outgoing only: for one
    /// coming in, the answer is ours to give).
    pub(crate) fn stage_chase(&self, changes: &mut Changes<'_>, r: &mut Referral) -> Result<()> {
        if r.direction != Direction::Outgoing {
            return Ok(());
        }
        let days = self.settings().referral_chase.for_kind(&r.agency_kind);
        let sent = r.sent_on.unwrap_or_else(|| self.today());
        let to = self.referral_party(r, &super::case_links::Made::Nothing)?;
        let case = self.case(r.case)?;
        let follow_up = FollowUp {
            id: FollowUpId::new(),
            subject: Subject::Case(r.case),
            due: sent + Duration::days(i64::from(days)),
            due_time: None,
            assignee: Some(case.assigned_to.unwrap_or(self.actor().id)),
            priority: Priority::Normal,
            action: format!("Chase referral: no answer from {to}"),
            statutory: false,
            state: FollowUpState::Open,
            created_at: self.now(),
            created_by: self.actor().id,
        };
        let p = follow_up.validate();
        p.into_result()
            .map_err(|p| Error::invalid("chase follow-up", p))?;
        self.stage_follow_up(changes, None, &follow_up)?;
        r.chase = Some(follow_up.id);
        Ok(())
    }

    /// Cancels the chase follow-up of a referral that has had its answer, if still open.
    pub(crate) fn close_chase(&self, changes: &mut Changes<'_>, r: &mut Referral) -> Result<()> {
        let Some(id) = r.chase.take() else {
            return Ok(());
        };
        let Some(old) = self.vault().get::<FollowUp>(&id.0.to_bytes())? else {
            return Ok(());
        };
        if !old.is_open() {
            return Ok(());
        }
        let mut closed = old.clone();
        closed.state = FollowUpState::Cancelled {
            at: self.now(),
            by: self.actor().id,
        };
        self.stage_follow_up(changes, Some(&old), &closed)
    }

    /// Sets how many days a sent referral to an agency of kind `agency_kind` waits
    /// before it is chased (administrators); `None` for the kind sets the default,
    /// `days` of `None` returns the kind to the default.
    pub fn set_chase_days(&self, agency_kind: Option<&str>, days: Option<u32>) -> Result<()> {
        self.require(super::Operation::ReferralSettings)?;
        let _guard = self.write_guard();
        let mut settings: Settings = (*self.settings()).clone();
        let mut p = crate::domain::Problems::new();
        let said = match (agency_kind, days) {
            (None, Some(d)) => {
                settings.referral_chase.default_days = d;
                format!("referrals chased after {d} days")
            }
            (None, None) => {
                p.add("days", "give the number of days");
                String::new()
            }
            (Some(kind), d) => {
                self.check_code(&mut p, ListKind::AgencyKind, "agency_kind", Some(kind));
                match d {
                    Some(d) => {
                        settings.referral_chase.by_kind.insert(kind.to_string(), d);
                        format!("referrals to {kind} chased after {d} days")
                    }
                    None => {
                        settings.referral_chase.by_kind.remove(kind);
                        format!("referrals to {kind} chased after the default wait")
                    }
                }
            }
        };
        p.0.extend(settings.validate().0);
        p.into_result().map_err(|p| Error::invalid("setting", p))?;
        let mut changes = self.changes();
        changes.put(&settings).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Settings.tree(), "settings")
                .detail(said),
        );
        self.vault().commit(changes)?;
        self.set_settings(settings);
        Ok(())
    }
}
