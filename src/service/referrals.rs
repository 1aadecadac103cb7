//! Referrals in and out, each also written on the case's timeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{
    CaseId, Direction, EntryKind, ListKind, Organisation, OrganisationId, Referral, ReferralId,
    ReferralStatus,
};

/// A referral to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReferral {
    pub case: CaseId,
    pub direction: Direction,
    pub organisation: Option<OrganisationId>,
    pub agency_kind: String,
    pub on: NaiveDate,
    pub reason: String,
    pub status: ReferralStatus,
    pub consent_confirmed: bool,
}

impl Caseline {
    /// Records a referral and its timeline entry together.
    pub fn add_referral(&self, req: NewReferral) -> Result<ReferralId> {
        self.require(super::Operation::Referrals)?;
        let _guard = self.write_guard();
        self.case(req.case)?;
        let referral = Referral {
            id: ReferralId::new(),
            case: req.case,
            direction: req.direction,
            organisation: req.organisation,
            agency_kind: req.agency_kind,
            on: req.on,
            reason: req.reason.trim().to_string(),
            status: req.status,
            consent_confirmed: req.consent_confirmed,
            outcome: String::new(),
            created_at: self.now(),
            created_by: self.actor().id,
        };
        let mut p = referral.validate();
        self.check_code(
            &mut p,
            ListKind::AgencyKind,
            "agency_kind",
            Some(&referral.agency_kind),
        );
        if let Some(o) = referral.organisation
            && self.vault().get::<Organisation>(&o.0.to_bytes())?.is_none()
        {
            p.add("organisation", "is not in the directory");
        }
        p.into_result().map_err(|p| Error::invalid("referral", p))?;
        let verb = match referral.direction {
            Direction::Incoming => "Referral received",
            Direction::Outgoing => "Referred",
        };
        let entry = self.new_entry(
            referral.case,
            EntryKind::Referral {
                referral: referral.id,
            },
            verb,
        );
        let mut changes = self.changes();
        changes.put(&referral);
        self.stage_activity(&mut changes, &entry)?;
        self.vault().commit(changes)?;
        Ok(referral.id)
    }

    /// Every referral on a case the actor may see, oldest first.
    pub fn referrals(&self) -> impl Iterator<Item = Result<Referral>> + '_ {
        let all = self
            .vault()
            .scan::<Referral>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, |reach, r| reach.cases.contains(&r.case))
    }
}
