//! Referrals as requests: starting, moving, consent, the summary, the screen's view,
//! the chase settings and what an incoming referral brings to an intake.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Reply;
use crate::domain::{CaseId, OrganisationId, ReferralId, ShareConsent};
use crate::service::views::ReferralQuery;
use crate::service::{Caseline, NewReferral, ReferralMove, Result};

/// Referrals in and out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ReferralRequest {
    Start(Box<NewReferral>),
    Move(ReferralId, Box<ReferralMove>),
    RecordConsent(ReferralId, Box<ShareConsent>),
    /// What travels with an outgoing referral.
    Summary(ReferralId),
    /// The referrals screen.
    View(ReferralQuery),
    /// One case's referrals.
    OfCase(CaseId),
    /// Days before a sent referral is chased: for a kind of agency or (`None`) the
    /// default; `days` of `None` returns the kind to the default.
    SetChaseDays {
        agency_kind: Option<String>,
        days: Option<u32>,
    },
    /// What an incoming referral fills in on a new intake.
    IncomingSource {
        organisation: Option<OrganisationId>,
        name: String,
        agency_kind: String,
        their_reference: Option<String>,
        received_on: NaiveDate,
    },
}

impl Caseline {
    pub(super) fn referral_request(&self, request: ReferralRequest) -> Result<Reply> {
        use ReferralRequest as R;
        Ok(match request {
            R::Start(req) => Reply::ReferralStarted(self.start_referral(*req)?),
            R::Move(id, m) => self.move_referral(id, *m).map(|()| Reply::Done)?,
            R::RecordConsent(id, c) => {
                self.record_referral_consent(id, *c).map(|()| Reply::Done)?
            }
            R::Summary(id) => Reply::ReferralSummary(Box::new(self.referral_summary(id)?)),
            R::View(q) => Reply::Referrals(Box::new(self.referrals_view(&q)?)),
            R::OfCase(case) => Reply::CaseReferrals(self.case_referrals(case)?),
            R::SetChaseDays { agency_kind, days } => self
                .set_chase_days(agency_kind.as_deref(), days)
                .map(|()| Reply::Done)?,
            R::IncomingSource {
                organisation,
                name,
                agency_kind,
                their_reference,
                received_on,
            } => Reply::IncomingSource(Box::new(self.incoming_source(
                organisation,
                &name,
                &agency_kind,
                their_reference.as_deref(),
                received_on,
            )?)),
        })
    }
}
