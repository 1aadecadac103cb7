//! Referrals in and out: starting one from a case, moving it through its statuses, and
//! the consent gate. Every change is written with a timeline entry on the case and an
//! audit entry that names the move, in one transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case_links::Made;
use super::{Caseline, Error, OrganisationRef, Result};
use crate::domain::{
    AuditAction, AuditNote, CaseId, ConsentOverride, Direction, EntryKind, ListKind, Problems,
    Referral, ReferralId, ReferralStatus, ShareConsent,
};
use crate::store::kind::Kind;

/// A referral to start from a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReferral {
    pub case: CaseId,
    pub direction: Direction,
    /// The other organisation: from the directory, or a new one by name.
    pub organisation: Option<OrganisationRef>,
    /// Code from the `agency_kind` list.
    pub agency_kind: String,
    /// The day it is made, or was received.
    pub on: NaiveDate,
    pub reason: String,
    /// What is shared with the recipient (outgoing).
    pub shared: String,
    /// Their reference (incoming).
    pub their_reference: Option<String>,
    /// The client's consent to share, when already given.
    pub consent: Option<ShareConsent>,
    /// Signposting: the client is told where to go and nothing is tracked.
    pub signpost: bool,
}

/// A change of a referral's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralMove {
    pub to: ReferralStatus,
    /// Declined: the recipient's reason. Completed: the outcome. Otherwise optional.
    pub note: String,
    /// Sending without the consent the rules ask for: an administrator's reason.
    pub override_reason: Option<String>,
}

impl Caseline {
    /// Starts a referral on a case: an outgoing one as a draft (to be sent once the
    /// client's consent is recorded), signposting as done, an incoming one as received
    /// and waiting for our answer.
    pub fn start_referral(&self, req: NewReferral) -> Result<ReferralId> {
        self.require(super::Operation::Referrals)?;
        let _guard = self.write_guard();
        self.case(req.case)?;
        let mut p = Problems::new();
        let (organisation, made) = match req.organisation {
            Some(which) => {
                let (id, made) = self.organisation_to_link(which, &mut p);
                (Some(id), made)
            }
            None => (None, Made::Nothing),
        };
        let status = match (req.direction, req.signpost) {
            (_, true) => ReferralStatus::Signposted,
            (Direction::Outgoing, false) => ReferralStatus::Draft,
            (Direction::Incoming, false) => ReferralStatus::Sent,
        };
        let tidy = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let referral = Referral {
            id: ReferralId::new(),
            case: req.case,
            direction: req.direction,
            organisation,
            agency_kind: req.agency_kind,
            on: req.on,
            reason: req.reason.trim().to_string(),
            shared: req.shared.trim().to_string(),
            their_reference: tidy(req.their_reference),
            sent_on: (status == ReferralStatus::Sent).then_some(req.on),
            status,
            outcome: String::new(),
            consent: req.consent,
            consent_override: None,
            chase: None,
            created_at: self.now(),
            created_by: self.actor().id,
            answered_on: None,
        };
        p.check(
            referral.reason.is_empty(),
            "reason",
            "say why the referral is made",
        );
        p.0.extend(self.referral_rules(&referral).problems.0);
        self.check_known_organisation(&mut p, &referral, &made)?;
        p.into_result().map_err(|p| Error::invalid("referral", p))?;
        let to = self.referral_party(&referral, &made)?;
        let text = match (referral.direction, status) {
            (_, ReferralStatus::Signposted) => format!("Signposted to {to}: {}", referral.reason),
            (Direction::Outgoing, _) => format!("Referral to {to} drafted: {}", referral.reason),
            (Direction::Incoming, _) => format!("Referral received from {to}: {}", referral.reason),
        };
        let mut changes = self.changes();
        if let Made::Organisation(org) = &made {
            changes.put(org.as_ref());
        }
        changes.put_referral(None, &referral);
        let entry = self.new_entry(
            referral.case,
            EntryKind::Referral {
                referral: referral.id,
            },
            &text,
        );
        self.stage_activity(&mut changes, &entry)?;
        changes.audit(referral_note(&referral).detail(format!(
            "referral started ({}, {})",
            direction_name(referral.direction),
            status.name()
        )));
        self.vault().commit(changes)?;
        Ok(referral.id)
    }

    /// Records the client's consent to share on a referral not yet sent.
    pub fn record_referral_consent(&self, id: ReferralId, consent: ShareConsent) -> Result<()> {
        self.require(super::Operation::Referrals)?;
        let _guard = self.write_guard();
        let old = self.referral(id)?;
        if old.status != ReferralStatus::Draft || !old.needs_consent() {
            return Err(Error::Conflict(
                "consent to share is recorded on a referral out, before it is sent".into(),
            ));
        }
        let referral = Referral {
            consent: Some(consent),
            ..old
        };
        let p = self.referral_rules(&referral).problems;
        p.into_result().map_err(|p| Error::invalid("consent", p))?;
        let to = self.referral_party(&referral, &Made::Nothing)?;
        let entry = self.new_entry(
            referral.case,
            EntryKind::Referral { referral: id },
            &format!("Consent to share with {to} recorded"),
        );
        let mut changes = self.changes();
        changes.put_referral(None, &referral);
        self.stage_activity(&mut changes, &entry)?;
        changes.audit(referral_note(&referral).detail("consent to share recorded"));
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Moves a referral to another status, as the table in
    /// [`crate::domain::referral::MOVES`] allows. Sending an outgoing referral needs
    /// the client's recorded consent to share with that kind of agency; only an
    /// administrator may send without it, giving a reason that the audit log keeps.
    pub fn move_referral(&self, id: ReferralId, m: ReferralMove) -> Result<()> {
        self.require(super::Operation::Referrals)?;
        let _guard = self.write_guard();
        let old = self.referral(id)?;
        if !old.status.may_move_to(m.to) {
            return Err(Error::Conflict(format!(
                "a referral that is {} cannot become {}",
                old.status.name(),
                m.to.name()
            )));
        }
        let note = m.note.trim().to_string();
        let mut new = old.clone();
        new.status = m.to;
        if m.to.needs_note() || !note.is_empty() {
            new.outcome = note.clone();
        }
        let overridden = self.consent_gate(&old, &mut new, m.override_reason.as_deref())?;
        let mut changes = self.changes();
        if m.to == ReferralStatus::Sent {
            new.sent_on = Some(self.today());
            self.stage_chase(&mut changes, &mut new)?;
        }
        if old.status == ReferralStatus::Sent {
            self.close_chase(&mut changes, &mut new)?;
        }
        // The agency's first answer starts nothing new but ends the wait: the day is
        // what the referrals report's response times are counted to.
        if matches!(m.to, ReferralStatus::Accepted | ReferralStatus::Declined)
            && new.answered_on.is_none()
        {
            new.answered_on = Some(self.today());
        }
        let p = self.referral_rules(&new).problems;
        p.into_result().map_err(|p| Error::invalid("referral", p))?;
        let to = self.referral_party(&new, &Made::Nothing)?;
        let mut text = format!("Referral to {to}: {}", m.to.label().to_lowercase());
        if new.direction == Direction::Incoming {
            text = format!("Referral from {to}: {}", m.to.label().to_lowercase());
        }
        if !note.is_empty() {
            text = format!("{text}: {note}");
        }
        if overridden {
            text.push_str(" (sent without recorded consent, by an administrator)");
        }
        changes.put_referral(Some(&old), &new);
        let entry = self.new_entry(new.case, EntryKind::Referral { referral: id }, &text);
        self.stage_activity(&mut changes, &entry)?;
        let mut detail = format!("referral {} -> {}", old.status.name(), m.to.name());
        if let Some(o) = &new.consent_override
            && overridden
        {
            detail = format!("{detail}; consent gate overridden: {}", o.reason);
        }
        changes.audit(referral_note(&new).detail(detail));
        self.vault().commit(changes)?;
        Ok(())
    }

    /// The consent gate on sending. Returns whether an administrator overrode it.
    fn consent_gate(
        &self,
        old: &Referral,
        new: &mut Referral,
        override_reason: Option<&str>,
    ) -> Result<bool> {
        if new.status != ReferralStatus::Sent || !old.needs_consent() || old.consent_covers() {
            return Ok(false);
        }
        let Some(reason) = override_reason.map(str::trim).filter(|r| !r.is_empty()) else {
            return Err(Error::Conflict(
                "an outgoing referral cannot be sent without the client's recorded consent \
                 to share with this kind of agency"
                    .into(),
            ));
        };
        self.require(super::Operation::OverrideConsent)?;
        new.consent_override = Some(ConsentOverride {
            by: self.actor().id,
            at: self.now(),
            reason: reason.to_string(),
        });
        Ok(true)
    }

    /// Reads a referral on a case the actor may see.
    pub fn referral(&self, id: ReferralId) -> Result<Referral> {
        let r: Referral = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("referral", id))?;
        self.case(r.case)?;
        Ok(r)
    }

    /// Every referral on a case the actor may see, oldest first.
    pub fn referrals(&self) -> impl Iterator<Item = Result<Referral>> + '_ {
        let all = self
            .vault()
            .scan::<Referral>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, |reach, r| reach.cases.contains(&r.case))
    }

    /// Refuses an organisation id that is not in the directory.
    fn check_known_organisation(
        &self,
        p: &mut Problems,
        referral: &Referral,
        made: &Made,
    ) -> Result<()> {
        if let (Some(o), Made::Nothing) = (referral.organisation, made)
            && self
                .vault()
                .get::<crate::domain::Organisation>(&o.0.to_bytes())?
                .is_none()
        {
            p.add("organisation", "is not in the directory");
        }
        Ok(())
    }

    /// Who the referral is with, as the timeline says it: the organisation's name, or
    /// the kind of agency.
    pub(crate) fn referral_party(&self, r: &Referral, made: &Made) -> Result<String> {
        if let Made::Organisation(o) = made {
            return Ok(o.name.clone());
        }
        if let Some(id) = r.organisation
            && let Some(o) = self
                .vault()
                .get::<crate::domain::Organisation>(&id.0.to_bytes())?
        {
            return Ok(o.name);
        }
        Ok(self
            .reference_list(ListKind::AgencyKind)
            .label(&r.agency_kind)
            .to_string())
    }
}

/// The audit note of a referral change: the referral and its case.
fn referral_note(r: &Referral) -> AuditNote {
    AuditNote::new(AuditAction::Change)
        .case(r.case)
        .record(Kind::Referral.tree(), r.id)
}

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Incoming => "in",
        Direction::Outgoing => "out",
    }
}
