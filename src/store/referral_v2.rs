//! A referral as schema 2 stored it: before the day the agency answered was kept.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::{
    CaseId, ConsentOverride, Direction, FollowUpId, OrganisationId, Referral, ReferralId,
    ReferralStatus, ShareConsent, UserId,
};

/// Schema 2's fields, in their stored order (bincode has no field names).
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct ReferralV2 {
    id: ReferralId,
    case: CaseId,
    direction: Direction,
    organisation: Option<OrganisationId>,
    agency_kind: String,
    on: NaiveDate,
    reason: String,
    shared: String,
    their_reference: Option<String>,
    status: ReferralStatus,
    sent_on: Option<NaiveDate>,
    outcome: String,
    consent: Option<ShareConsent>,
    consent_override: Option<ConsentOverride>,
    chase: Option<FollowUpId>,
    created_at: DateTime<Utc>,
    created_by: UserId,
}

impl From<ReferralV2> for Referral {
    /// The day of the answer was not kept: response times leave these out.
    fn from(r: ReferralV2) -> Referral {
        Referral {
            id: r.id,
            case: r.case,
            direction: r.direction,
            organisation: r.organisation,
            agency_kind: r.agency_kind,
            on: r.on,
            reason: r.reason,
            shared: r.shared,
            their_reference: r.their_reference,
            status: r.status,
            sent_on: r.sent_on,
            outcome: r.outcome,
            consent: r.consent,
            consent_override: r.consent_override,
            chase: r.chase,
            created_at: r.created_at,
            created_by: r.created_by,
            answered_on: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::{self, Record};

    #[test]
    fn a_schema_2_referral_opens_with_no_answer_day() {
        let on = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let old = ReferralV2 {
            id: ReferralId::new(),
            case: CaseId::new(),
            direction: Direction::Outgoing,
            organisation: None,
            agency_kind: "police".into(),
            on,
            reason: "advice".into(),
            shared: String::new(),
            their_reference: Some("X1".into()),
            status: ReferralStatus::Accepted,
            sent_on: Some(on),
            outcome: String::new(),
            consent: None,
            consent_override: None,
            chase: None,
            created_at: DateTime::UNIX_EPOCH,
            created_by: UserId::new(),
        };
        let r = Referral::upgrade(2, &codec::to_bincode(&old)).expect("opens");
        assert_eq!(r.answered_on, None);
        assert_eq!((r.status, r.sent_on), (ReferralStatus::Accepted, Some(on)));
        assert_eq!(r.their_reference.as_deref(), Some("X1"));
    }
}
