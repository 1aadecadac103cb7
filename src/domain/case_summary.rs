//! What case lists filter and sort on, kept beside each case in a plain index so that
//! a page of the case list needs no decryption of the cases that do not make it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseRef, CaseStatus, RiskLevel};
use super::ids::{CaseId, Id, UserId};

/// A case as the lists see it: ids, dates, codes and flags only, nothing that names
/// or describes a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: CaseRef,
    pub status: CaseStatus,
    /// Code from the `case_kind` list.
    pub kind: String,
    pub assigned_to: Option<UserId>,
    /// Any safeguarding concern flagged (which ones is in the encrypted case).
    pub safeguarding: bool,
    pub risk: RiskLevel,
    pub opened_on: NaiveDate,
    pub last_activity: DateTime<Utc>,
    /// Who opened the case: a volunteer sees the cases they opened.
    pub created_by: UserId,
    /// The ids of its people and organisations, once each.
    pub members: Vec<Id>,
}

impl CaseSummary {
    pub fn of(case: &Case, last_activity: DateTime<Utc>) -> CaseSummary {
        CaseSummary {
            id: case.id,
            reference: case.reference,
            status: case.status,
            kind: case.kind.clone(),
            assigned_to: case.assigned_to,
            safeguarding: !case.safeguarding.is_empty(),
            risk: case.risk,
            opened_on: case.opened_on,
            last_activity,
            created_by: case.created_by,
            members: members(case),
        }
    }
}

/// The people and organisations of a case, once each.
fn members(case: &Case) -> Vec<Id> {
    let mut out: Vec<Id> = case.people.iter().map(|p| p.person.0).collect();
    out.extend(case.organisations.iter().map(|o| o.organisation.0));
    out.sort();
    out.dedup();
    out
}
