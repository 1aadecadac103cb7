//! Referrals in (an agency sends someone to us) and out (we refer or signpost a client).
//!
//! A referral shares a case with another agency; the council keeps the case. Consent to
//! share is recorded per referral, and what travels is a short [`ReferralSummary`],
//! never the case itself.

mod consent;
mod status;
mod summary;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, FollowUpId, OrganisationId, ReferralId, UserId};
use super::timeline::Direction;
use super::validation::{Problems, check_line, check_text};
pub use consent::{ConsentMethod, ConsentOverride, ShareConsent};
pub use status::{MOVES, ReferralStatus};
pub use summary::ReferralSummary;

/// A referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub id: ReferralId,
    pub case: CaseId,
    pub direction: Direction,
    pub organisation: Option<OrganisationId>,
    /// Code from the `agency_kind` list.
    pub agency_kind: String,
    /// The day it was made (outgoing) or received (incoming).
    pub on: NaiveDate,
    pub reason: String,
    /// What is shared with the recipient, in words (outgoing).
    pub shared: String,
    /// The other organisation's own reference for it, when they gave one.
    pub their_reference: Option<String>,
    pub status: ReferralStatus,
    /// The day it was sent (or received): an answer is awaited from then.
    pub sent_on: Option<NaiveDate>,
    /// Declined: the recipient's reason. Completed: what came of it.
    pub outcome: String,
    /// The client's consent to share, as recorded for this referral.
    pub consent: Option<ShareConsent>,
    /// An administrator sent it without the consent the rules ask for.
    pub consent_override: Option<ConsentOverride>,
    /// The open "chase referral" follow-up while an answer is awaited.
    pub chase: Option<FollowUpId>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    /// The day the agency first answered (accepted or declined) a referral sent to
    /// them (schema 3): response times are counted from `sent_on` to it.
    #[serde(default)]
    pub answered_on: Option<NaiveDate>,
}

impl Referral {
    /// Rules every stored referral meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            self.agency_kind.trim().is_empty(),
            "agency_kind",
            "choose the kind of agency",
        );
        check_text(&mut p, "reason", &self.reason);
        check_text(&mut p, "shared", &self.shared);
        check_text(&mut p, "outcome", &self.outcome);
        if let Some(r) = &self.their_reference {
            check_line(&mut p, "their_reference", r);
        }
        if let Some(c) = &self.consent {
            p.nest("consent", c.validate());
        }
        if let Some(o) = &self.consent_override {
            p.nest("consent_override", o.validate());
        }
        p.check(
            self.status.needs_note() && self.outcome.trim().is_empty(),
            "outcome",
            "say why it was declined, or what came of it",
        );
        p.check(
            self.status == ReferralStatus::Signposted && self.direction == Direction::Incoming,
            "direction",
            "signposting is always outgoing",
        );
        // Withdrawn may be from a draft, never sent; every other status past draft
        // comes after sending.
        p.check(
            !matches!(
                self.status,
                ReferralStatus::Draft | ReferralStatus::Signposted | ReferralStatus::Withdrawn
            ) && self.sent_on.is_none(),
            "sent_on",
            "a referral that was sent needs the day it was sent or received",
        );
        p.check(
            matches!((self.sent_on, self.answered_on), (Some(s), Some(a)) if a < s),
            "answered_on",
            "is before the day it was sent",
        );
        p.check(
            self.chase.is_some() && self.status != ReferralStatus::Sent,
            "chase",
            "only a referral awaiting an answer is chased",
        );
        p
    }

    /// Whether it needs the client's consent before it is sent: every outgoing
    /// referral (signposting shares nothing).
    pub fn needs_consent(&self) -> bool {
        self.direction == Direction::Outgoing && self.status != ReferralStatus::Signposted
    }

    /// Whether the recorded consent covers sending it to its kind of recipient.
    pub fn consent_covers(&self) -> bool {
        self.consent
            .as_ref()
            .is_some_and(|c| c.covers(&self.agency_kind))
    }

    /// Still going: neither closed nor signposting.
    pub fn is_open(&self) -> bool {
        !self.status.is_closed()
    }
}
