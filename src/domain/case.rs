//! A case: the casework that follows one or more incidents, for months if need be.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, IncidentId, OrganisationId, PersonId, UserId};
use super::validation::{Problems, check_text};

/// A reference a worker can read out on the phone: `C-2026-0042`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct CaseRef {
    pub year: u16,
    pub number: u32,
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C-{}-{:04}", self.year, self.number)
    }
}

impl FromStr for CaseRef {
    type Err = String;
    /// Accepts what people type: `C-2026-0042`, `c 2026 42`, `2026/42`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || "a case reference looks like C-2026-0042".to_string();
        let t = s.trim().trim_start_matches(['C', 'c']);
        let parts: Vec<&str> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [y, n] if y.len() == 4 => {
                let year = y.parse().map_err(|_| bad())?;
                let number: u32 = n.parse().map_err(|_| bad())?;
                if number == 0 {
                    return Err(bad());
                }
                Ok(CaseRef { year, number })
            }
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for CaseRef {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CaseRef> for String {
    fn from(r: CaseRef) -> String {
        r.to_string()
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Active,
    /// Waiting on someone else (police, employer, housing provider).
    Waiting,
    OnHold,
    Closed,
    Reopened,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Open,
        CaseStatus::Active,
        CaseStatus::Waiting,
        CaseStatus::OnHold,
        CaseStatus::Closed,
        CaseStatus::Reopened,
    ];

    /// The status as a code: in search's `status:` filter, the case dialog's choices
    /// and on the command line. Its words for people are [`CaseStatus::label`].
    pub const fn code(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Active => "active",
            CaseStatus::Waiting => "waiting",
            CaseStatus::OnHold => "on_hold",
            CaseStatus::Closed => "closed",
            CaseStatus::Reopened => "reopened",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Active => "active",
            CaseStatus::Waiting => "waiting",
            CaseStatus::OnHold => "on hold",
            CaseStatus::Closed => "closed",
            CaseStatus::Reopened => "reopened",
        }
    }

    /// The statuses a case may move to from this one.
    pub fn can_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        match (self, next) {
            (a, b) if a == b => false,
            (Closed, Reopened) => true,
            (Closed, _) => false,
            (_, Reopened) => false,
            (_, Open) => false,
            _ => true,
        }
    }

    pub fn is_closed(self) -> bool {
        self == CaseStatus::Closed
    }
}

/// Assessed risk to the client.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    #[default]
    NotAssessed,
    Low,
    Medium,
    High,
}

/// A person linked to a case; `role` is a code from the `person_role` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CasePerson {
    pub person: PersonId,
    pub role: String,
}

/// An organisation linked to a case; `role` is a code from the `organisation_role` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseOrganisation {
    pub organisation: OrganisationId,
    pub role: String,
}

/// How a closed case ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub on: NaiveDate,
    /// Code from the `outcome` list.
    pub outcome: String,
    pub note: String,
}

/// A case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: CaseId,
    pub reference: CaseRef,
    /// Code from the `case_kind` list.
    pub kind: String,
    pub status: CaseStatus,
    pub assigned_to: Option<UserId>,
    pub summary: String,
    pub people: Vec<CasePerson>,
    pub organisations: Vec<CaseOrganisation>,
    pub incidents: Vec<IncidentId>,
    /// Codes from the `safeguarding` list.
    pub safeguarding: Vec<String>,
    pub risk: RiskLevel,
    /// For employment cases: the date of the act complained of, which starts the
    /// Employment Tribunal clock.
    pub act_complained_of: Option<NaiveDate>,
    pub opened_on: NaiveDate,
    pub closure: Option<Closure>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
}

/// Highest case number in a year: seven digits is beyond any council's caseload.
pub const MAX_CASE_NUMBER: u32 = 9_999_999;

impl Case {
    /// Rules every stored case meets.
    pub fn validate(&self) -> Problems {
        // A list over its cap is all that is said: the rules below look at each entry.
        let mut p = self.oversized_lists();
        if !p.is_empty() {
            return p;
        }
        p.check(
            !(1900..=9999).contains(&self.reference.year)
                || self.reference.number > MAX_CASE_NUMBER,
            "reference",
            "is not a usable case reference",
        );
        p.check(self.kind.trim().is_empty(), "kind", "choose a kind of case");
        check_text(&mut p, "summary", &self.summary);
        match (&self.closure, self.status.is_closed()) {
            (None, true) => p.add("closure", "a closed case needs an outcome"),
            (Some(c), _) => {
                p.check(
                    c.on < self.opened_on,
                    "closure.on",
                    "is before the case was opened",
                );
                p.check(
                    c.outcome.trim().is_empty(),
                    "closure.outcome",
                    "choose an outcome",
                );
                check_text(&mut p, "closure.note", &c.note);
            }
            _ => {}
        }
        let mut people: Vec<_> = self.people.iter().map(|cp| (cp.person, &cp.role)).collect();
        people.sort();
        p.check(
            people.windows(2).any(|w| w[0] == w[1]),
            "people",
            "lists the same person in the same role twice",
        );
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_out_and_back() {
        let r = CaseRef {
            year: 2026,
            number: 42,
        };
        assert_eq!(r.to_string(), "C-2026-0042");
        for typed in ["C-2026-0042", "c 2026 42", "2026/42", " C-2026-42 "] {
            assert_eq!(typed.parse::<CaseRef>(), Ok(r), "{typed}");
        }
        assert_eq!(
            CaseRef {
                year: 2026,
                number: 12345
            }
            .to_string(),
            "C-2026-12345"
        );
        assert!("C-26-1".parse::<CaseRef>().is_err());
        assert!("C-2026-0".parse::<CaseRef>().is_err());
        assert!("hello".parse::<CaseRef>().is_err());
    }

    #[test]
    fn status_workflow() {
        use CaseStatus::*;
        assert!(Open.can_become(Active));
        assert!(Active.can_become(Closed));
        assert!(Closed.can_become(Reopened));
        assert!(!Closed.can_become(Active));
        assert!(!Active.can_become(Reopened));
        assert!(!Active.can_become(Active));
        assert!(Reopened.can_become(Closed));
    }
}
