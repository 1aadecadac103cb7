//! The Race Equality Scorecard's seven areas, and which kinds of case and agency count
//! towards each: a setting an administrator can change, starting from these defaults.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One of the scorecard's seven indicators.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    CriminalJustice,
    Education,
    Employment,
    Housing,
    Health,
    CivicParticipation,
    Volunteering,
}

impl Area {
    pub const ALL: [Area; 7] = [
        Area::CriminalJustice,
        Area::Education,
        Area::Employment,
        Area::Housing,
        Area::Health,
        Area::CivicParticipation,
        Area::Volunteering,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Area::CriminalJustice => "Criminal justice",
            Area::Education => "Education",
            Area::Employment => "Employment",
            Area::Housing => "Housing",
            Area::Health => "Health",
            Area::CivicParticipation => "Civic participation",
            Area::Volunteering => "Volunteering",
        }
    }

    /// The name as typed: `criminal_justice`.
    pub fn code(self) -> &'static str {
        match self {
            Area::CriminalJustice => "criminal_justice",
            Area::Education => "education",
            Area::Employment => "employment",
            Area::Housing => "housing",
            Area::Health => "health",
            Area::CivicParticipation => "civic_participation",
            Area::Volunteering => "volunteering",
        }
    }

    pub fn from_code(code: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.code() == code.trim())
    }
}

/// Which area each kind of case and each kind of agency counts towards. A code with no
/// area is counted under "not mapped", so nothing drops out of the figures unseen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardMap {
    /// `case_kind` code to area.
    pub case_kinds: BTreeMap<String, Area>,
    /// `agency_kind` code to area.
    pub agency_kinds: BTreeMap<String, Area>,
}

impl Default for ScorecardMap {
    fn default() -> ScorecardMap {
        use Area::*;
        let map = |pairs: &[(&str, Area)]| {
            pairs
                .iter()
                .map(|(code, area)| (code.to_string(), *area))
                .collect()
        };
        ScorecardMap {
            case_kinds: map(&[
                ("hate_crime", CriminalJustice),
                ("third_party_report", CriminalJustice),
                ("employment", Employment),
                ("housing", Housing),
                ("education", Education),
            ]),
            agency_kinds: map(&[
                ("police", CriminalJustice),
                ("third_party_reporting_centre", CriminalJustice),
                ("legal_adviser", CriminalJustice),
                ("school", Education),
                ("acas", Employment),
                ("employer", Employment),
                ("housing_association", Housing),
                ("health_provider", Health),
                ("local_authority", CivicParticipation),
                ("citizens_advice", CivicParticipation),
                ("community_group", CivicParticipation),
                ("faith_group", CivicParticipation),
                ("voluntary_sector", Volunteering),
            ]),
        }
    }
}

/// What an administrator can change about reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// Counts below this are published as `<threshold`.
    pub threshold: u64,
    /// Published counts are rounded to the nearest 5.
    pub round: bool,
    pub scorecard: ScorecardMap,
}

impl Default for ReportSettings {
    fn default() -> ReportSettings {
        ReportSettings {
            threshold: 5,
            round: false,
            scorecard: ScorecardMap::default(),
        }
    }
}

impl ReportSettings {
    /// The publishing rule these settings make.
    pub fn rule(&self) -> super::Rule {
        super::Rule {
            threshold: self.threshold,
            round_to: self.round.then_some(5),
        }
    }
}

impl ReportSettings {
    /// What is wrong with these settings, in words.
    pub fn validate(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !super::THRESHOLDS.contains(&self.threshold) {
            out.push(format!(
                "the threshold must be {} to {}",
                super::THRESHOLDS.start(),
                super::THRESHOLDS.end()
            ));
        }
        let codes = self
            .scorecard
            .case_kinds
            .keys()
            .chain(self.scorecard.agency_kinds.keys());
        for code in codes {
            if code.is_empty() || code.len() > 64 || code.chars().any(|c| c.is_control()) {
                out.push("a scorecard mapping names a code that is not well formed".into());
                break;
            }
        }
        out
    }
}
