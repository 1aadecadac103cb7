//! Referrals in (an agency sends someone to us) and out (we refer or signpost a client).

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, OrganisationId, ReferralId, UserId};
use super::timeline::Direction;
use super::validation::{Problems, check_text};

/// Where a referral stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    #[default]
    Made,
    Accepted,
    Declined,
    Completed,
    /// Signposting: the client was told where to go; nothing more to track.
    Signposted,
}

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
    pub on: NaiveDate,
    pub reason: String,
    pub status: ReferralStatus,
    /// The client agreed to their details being passed on (outgoing referrals).
    pub consent_confirmed: bool,
    pub outcome: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
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
        check_text(&mut p, "outcome", &self.outcome);
        p.check(
            self.direction == Direction::Outgoing
                && self.status != ReferralStatus::Signposted
                && !self.consent_confirmed,
            "consent_confirmed",
            "an outgoing referral needs the client's consent to share",
        );
        p
    }
}
