//! The typed calls for referrals.

use chrono::NaiveDate;

use super::{Client, unexpected};
use crate::domain::{CaseId, OrganisationId, ReferralId, ReferralSummary, ShareConsent};
use crate::service::api::{ReferralRequest, Reply};
use crate::service::views::{ReferralQuery, ReferralRow, ReferralsPage};
use crate::service::{IncomingSource, NewReferral, ReferralMove, Result};

impl Client {
    pub fn start_referral(&self, req: NewReferral) -> Result<ReferralId> {
        let request = ReferralRequest::Start(Box::new(req));
        expect!(self, request, Reply::ReferralStarted(id) => id)
    }

    pub fn move_referral(&self, id: ReferralId, m: ReferralMove) -> Result<()> {
        expect!(self, ReferralRequest::Move(id, Box::new(m)), Reply::Done => ())
    }

    pub fn record_referral_consent(&self, id: ReferralId, consent: ShareConsent) -> Result<()> {
        let request = ReferralRequest::RecordConsent(id, Box::new(consent));
        expect!(self, request, Reply::Done => ())
    }

    pub fn referral_summary(&self, id: ReferralId) -> Result<ReferralSummary> {
        expect!(self, ReferralRequest::Summary(id), Reply::ReferralSummary(s) => *s)
    }

    pub fn referrals_view(&self, q: &ReferralQuery) -> Result<ReferralsPage> {
        expect!(self, ReferralRequest::View(q.clone()), Reply::Referrals(p) => *p)
    }

    pub fn case_referrals(&self, case: CaseId) -> Result<Vec<ReferralRow>> {
        expect!(self, ReferralRequest::OfCase(case), Reply::CaseReferrals(rows) => rows)
    }

    pub fn set_chase_days(&self, agency_kind: Option<&str>, days: Option<u32>) -> Result<()> {
        let request = ReferralRequest::SetChaseDays {
            agency_kind: agency_kind.map(str::to_string),
            days,
        };
        expect!(self, request, Reply::Done => ())
    }

    pub fn incoming_source(
        &self,
        organisation: Option<OrganisationId>,
        name: &str,
        agency_kind: &str,
        their_reference: Option<&str>,
        received_on: NaiveDate,
    ) -> Result<IncomingSource> {
        let request = ReferralRequest::IncomingSource {
            organisation,
            name: name.to_string(),
            agency_kind: agency_kind.to_string(),
            their_reference: their_reference.map(str::to_string),
            received_on,
        };
        expect!(self, request, Reply::IncomingSource(s) => *s)
    }
}
