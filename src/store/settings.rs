//! Where the store keeps its settings (one record, encrypted like every other), and
//! the shape schema 1 stored them in. The settings themselves are plain data:
//! `domain/settings.rs`.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::report::ReportSettings;
pub use crate::domain::settings::{
    ChaseDays, DEFAULT_CONSULTATION_LIMIT, LetterSettings, Settings,
};

impl Settings {
    pub const KEY: &'static [u8] = b"settings";
}

/// Settings as schema 1 stored them: before reports, the consultation limit, the
/// referral chase and letters.
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
            consultation_limit: DEFAULT_CONSULTATION_LIMIT,
            referral_chase: ChaseDays::default(),
            created_at: s.created_at,
            reports: ReportSettings::default(),
            letters: LetterSettings::default(),
        }
    }
}
