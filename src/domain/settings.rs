//! Settings an administrator changes for the whole store: plain data, read by every
//! layer (the store keeps them encrypted like every record: `store/settings.rs`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::domain::report::ReportSettings;

/// Settings an administrator can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The organisation's name, shown on screens and reports.
    pub organisation: String,
    /// Minutes of inactivity before the terminal locks itself.
    pub idle_lock_minutes: u32,
    /// Years a closed case is kept before it is due for review or erasure.
    pub retention_years: u32,
    /// Consultations of one organisation in 90 days beyond which logging another warns:
    /// groups run by volunteers stop answering when asked too often. An export of
    /// version 1 has none, and reads as the default.
    #[serde(default = "default_consultation_limit")]
    pub consultation_limit: u32,
    /// Days a sent referral waits for an answer before it is chased.
    #[serde(default)]
    pub referral_chase: ChaseDays,
    pub created_at: DateTime<Utc>,
    /// The publishing rule and the scorecard mapping (added in schema 2).
    #[serde(default)]
    pub reports: ReportSettings,
    /// What every letter carries: letterhead, the organisation's address, signature.
    #[serde(default)]
    pub letters: LetterSettings,
}

/// The consultation limit a new store starts with.
pub const DEFAULT_CONSULTATION_LIMIT: u32 = 3;

pub(crate) fn default_consultation_limit() -> u32 {
    DEFAULT_CONSULTATION_LIMIT
}

/// How long to wait for an answer to a referral before chasing it: a default, and
/// other figures for some kinds of agency (codes of the `agency_kind` list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChaseDays {
    pub default_days: u32,
    pub by_kind: BTreeMap<String, u32>,
}

impl Default for ChaseDays {
    fn default() -> ChaseDays {
        ChaseDays {
            default_days: ChaseDays::DEFAULT,
            by_kind: BTreeMap::new(),
        }
    }
}

impl ChaseDays {
    /// Two weeks: most agencies answer a referral within ten working days.
    pub const DEFAULT: u32 = 14;
    /// The most days a wait may be set to.
    pub const MAX: u32 = 365;

    /// The wait for an agency of kind `agency_kind`.
    pub fn for_kind(&self, agency_kind: &str) -> u32 {
        self.by_kind
            .get(agency_kind)
            .copied()
            .unwrap_or(self.default_days)
    }
}

/// The lines every letter is framed with, set by an administrator. Empty lines are
/// left out; with no letterhead the organisation's name stands in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterSettings {
    pub letterhead: Vec<String>,
    /// The organisation's postal address, one line each.
    pub address: Vec<String>,
    /// Below "Yours sincerely": name, role, phone.
    pub signature: Vec<String>,
}

impl Settings {
    /// Rules the settings meet.
    pub fn validate(&self) -> crate::domain::Problems {
        let mut p = crate::domain::Problems::new();
        p.check(
            self.organisation.trim().is_empty(),
            "organisation",
            "must not be empty",
        );
        crate::domain::validation::check_line(&mut p, "organisation", &self.organisation);
        p.check(
            !(1..=240).contains(&self.idle_lock_minutes),
            "idle_lock_minutes",
            "must be 1 to 240",
        );
        p.check(
            !(1..=100).contains(&self.retention_years),
            "retention_years",
            "must be 1 to 100",
        );
        for problem in self.reports.validate() {
            p.add("reports", &problem);
        }
        p.check(
            !(1..=1000).contains(&self.consultation_limit),
            "consultation_limit",
            "must be 1 to 1000",
        );
        let days = std::iter::once(self.referral_chase.default_days)
            .chain(self.referral_chase.by_kind.values().copied());
        p.check(
            days.into_iter().any(|d| !(1..=ChaseDays::MAX).contains(&d)),
            "referral_chase",
            "a wait must be 1 to 365 days",
        );
        let groups = [
            ("letters.letterhead", &self.letters.letterhead),
            ("letters.address", &self.letters.address),
            ("letters.signature", &self.letters.signature),
        ];
        for (field, lines) in groups {
            p.check(lines.len() > 12, field, "has more than 12 lines");
            for line in lines {
                crate::domain::validation::check_line(&mut p, field, line);
            }
        }
        p
    }

    pub fn new(organisation: &str, now: chrono::DateTime<Utc>) -> Settings {
        Settings {
            organisation: organisation.trim().to_string(),
            idle_lock_minutes: 5,
            retention_years: 6,
            consultation_limit: DEFAULT_CONSULTATION_LIMIT,
            referral_chase: ChaseDays::default(),
            created_at: now,
            reports: ReportSettings::default(),
            letters: LetterSettings::default(),
        }
    }
}
