//! The referrals screen and a case's referrals: rows with names resolved, open ones
//! grouped by status and those awaiting an answer longest first.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    CaseId, CaseRef, Direction, EntryKind, ListKind, Organisation, OrganisationId, Referral,
    ReferralId, ReferralStatus,
};
use crate::service::{Caseline, Result};

/// Rows in a page of the referrals screen.
pub const REFERRAL_PAGE: usize = 200;

/// Which referrals a screen asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralQuery {
    /// One status; every open one (draft, sent, accepted) when `None`.
    pub status: Option<ReferralStatus>,
    pub direction: Option<Direction>,
    pub organisation: Option<OrganisationId>,
    /// Where the page starts (from 0); its size is [`REFERRAL_PAGE`].
    pub offset: usize,
}

/// One referral as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub case: CaseId,
    /// The case's reference; `None` when its summary cannot be read.
    pub case_ref: Option<CaseRef>,
    pub direction: Direction,
    pub status: ReferralStatus,
    pub organisation: Option<OrganisationId>,
    /// The organisation's name, or the kind of agency when none is named.
    pub with: String,
    /// The kind of agency, as words.
    pub agency_kind: String,
    pub on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    /// Days waited for an answer so far (sent referrals only).
    pub waiting_days: Option<i64>,
    pub reason: String,
    /// The declined reason or the outcome.
    pub outcome: String,
    /// Consent recorded that covers this kind of agency (outgoing).
    pub consent_covers: bool,
    pub needs_consent: bool,
}

/// A page of the referrals screen with what its filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralsPage {
    /// The query as asked (a screen that asked again meanwhile knows an old answer).
    pub query: ReferralQuery,
    /// Where the rows start: the asked offset, or the last page's when asked past it.
    pub offset: usize,
    pub rows: Vec<ReferralRow>,
    /// How many match the query, all pages.
    pub total: usize,
    /// Open referrals of each open status (draft, sent, accepted), filters aside.
    pub open_counts: Vec<(ReferralStatus, usize)>,
    /// Organisations with open referrals (or of the status asked for), by name, for
    /// the organisation filter.
    pub organisations: Vec<(OrganisationId, String)>,
}

/// Open statuses in the order the screen groups them: awaiting an answer first.
const OPEN_ORDER: [ReferralStatus; 3] = [
    ReferralStatus::Sent,
    ReferralStatus::Accepted,
    ReferralStatus::Draft,
];

fn group(s: ReferralStatus) -> usize {
    OPEN_ORDER
        .iter()
        .position(|o| *o == s)
        .unwrap_or(OPEN_ORDER.len())
}

impl Caseline {
    /// A page of referrals the actor may see: grouped by status (sent, accepted,
    /// draft), each oldest first, so the longest wait for an answer is at the top.
    /// Sorted and filtered on the plain index (the open statuses' entries, and a closed
    /// one's when asked for); only the page's referrals are opened.
    pub fn referrals_view(&self, q: &ReferralQuery) -> Result<ReferralsPage> {
        self.require(crate::service::Operation::ReadCasework)?;
        let reach = if self.sees_everything() {
            None
        } else {
            Some(self.reach()?)
        };
        let mut counts = [0usize; 3];
        let mut matching = Vec::new();
        let mut with_orgs = std::collections::HashSet::new();
        // The open statuses always (for their counts), and a closed one when asked.
        let mut statuses = OPEN_ORDER.to_vec();
        statuses.extend(q.status.filter(|s| !statuses.contains(s)));
        for status in statuses {
            for e in self.vault().referral_entries(status)? {
                if reach.as_ref().is_some_and(|r| !r.cases.contains(&e.case)) {
                    continue;
                }
                let g = group(e.status);
                if g < counts.len() {
                    counts[g] += 1;
                }
                if let Some(o) = e.organisation {
                    with_orgs.insert(o);
                }
                let status_ok = match q.status {
                    Some(s) => e.status == s,
                    None => !e.status.is_closed(),
                };
                if status_ok
                    && q.direction.is_none_or(|d| d == e.direction)
                    && q.organisation.is_none_or(|o| e.organisation == Some(o))
                {
                    matching.push(e);
                }
            }
        }
        matching.sort_by_key(|e| (group(e.status), e.since, e.id));
        let total = matching.len();
        let offset = q
            .offset
            .min(total.saturating_sub(1) / REFERRAL_PAGE * REFERRAL_PAGE);
        let mut names = OrganisationNames::default();
        let mut rows = Vec::with_capacity(REFERRAL_PAGE.min(total));
        for e in matching.iter().skip(offset).take(REFERRAL_PAGE) {
            let r: Referral = self
                .vault()
                .get(&e.id.0.to_bytes())?
                .ok_or_else(|| crate::service::Error::not_found("referral", e.id))?;
            rows.push(self.referral_row(&r, &mut names)?);
        }
        let mut organisations = Vec::with_capacity(with_orgs.len());
        for id in with_orgs {
            organisations.push((id, names.name(self, id)?));
        }
        organisations.sort_by_key(|a| a.1.to_lowercase());
        Ok(ReferralsPage {
            query: q.clone(),
            offset,
            rows,
            total,
            open_counts: OPEN_ORDER.into_iter().zip(counts).collect(),
            organisations,
        })
    }

    /// A case's referrals, in the order they were made, from its timeline.
    pub fn case_referrals(&self, case: CaseId) -> Result<Vec<ReferralRow>> {
        self.require(crate::service::Operation::ReadCasework)?;
        let mut ids = Vec::new();
        for e in self.timeline(case)? {
            if let EntryKind::Referral { referral } = e.kind
                && !ids.contains(&referral)
            {
                ids.push(referral);
            }
        }
        let mut names = OrganisationNames::default();
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let r = self.referral(id)?;
            rows.push(self.referral_row(&r, &mut names)?);
        }
        Ok(rows)
    }

    fn referral_row(&self, r: &Referral, names: &mut OrganisationNames) -> Result<ReferralRow> {
        let agency_kind = self.label(ListKind::AgencyKind, &r.agency_kind);
        let with = match r.organisation {
            Some(id) => names.name(self, id)?,
            None => agency_kind.clone(),
        };
        let waiting_days = (r.status == ReferralStatus::Sent)
            .then(|| r.sent_on.map(|d| (self.today() - d).num_days()))
            .flatten();
        Ok(ReferralRow {
            id: r.id,
            case: r.case,
            case_ref: self.summary(r.case)?.map(|s| s.reference),
            direction: r.direction,
            status: r.status,
            organisation: r.organisation,
            with,
            agency_kind,
            on: r.on,
            sent_on: r.sent_on,
            waiting_days,
            reason: r.reason.clone(),
            outcome: r.outcome.clone(),
            consent_covers: r.consent_covers(),
            needs_consent: r.needs_consent(),
        })
    }
}

/// Organisation names read once each per view.
#[derive(Default)]
struct OrganisationNames(HashMap<OrganisationId, String>);

impl OrganisationNames {
    fn name(&mut self, svc: &Caseline, id: OrganisationId) -> Result<String> {
        if let Some(n) = self.0.get(&id) {
            return Ok(n.clone());
        }
        let name = svc
            .vault()
            .get::<Organisation>(&id.0.to_bytes())?
            .map_or_else(|| "(not in the directory)".to_string(), |o| o.name);
        self.0.insert(id, name.clone());
        Ok(name)
    }
}
