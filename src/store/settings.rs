//! Store-wide settings, encrypted like every record.

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
    pub created_at: DateTime<Utc>,
    /// The publishing rule and the scorecard mapping (added in schema 2).
    #[serde(default)]
    pub reports: ReportSettings,
}

/// Settings as schema 1 stored them, before reports had settings.
#[derive(Deserialize)]
pub(crate) struct SettingsV1 {
    organisation: String,
    idle_lock_minutes: u32,
    retention_years: u32,
    created_at: DateTime<Utc>,
}

impl From<SettingsV1> for Settings {
    fn from(s: SettingsV1) -> Settings {
        Settings {
            organisation: s.organisation,
            idle_lock_minutes: s.idle_lock_minutes,
            retention_years: s.retention_years,
            created_at: s.created_at,
            reports: ReportSettings::default(),
        }
    }
}

impl Settings {
    pub const KEY: &'static [u8] = b"settings";

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
        p
    }

    pub fn new(organisation: &str, now: chrono::DateTime<Utc>) -> Settings {
        Settings {
            organisation: organisation.trim().to_string(),
            idle_lock_minutes: 5,
            retention_years: 6,
            created_at: now,
            reports: ReportSettings::default(),
        }
    }
}
