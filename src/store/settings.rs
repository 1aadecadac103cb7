//! Store-wide settings, encrypted like every record.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// What every letter carries: letterhead, the organisation's address, signature.
    #[serde(default)]
    pub letters: LetterSettings,
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
            created_at: now,
            letters: LetterSettings::default(),
        }
    }
}
