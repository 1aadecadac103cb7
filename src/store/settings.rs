//! Store-wide settings, encrypted like every record.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Settings an administrator can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// The organisation's name, shown on screens and reports.
    pub organisation: String,
    /// Minutes of inactivity before the terminal locks itself.
    pub idle_lock_minutes: u32,
    /// Years a closed case is kept before it is due for review or erasure.
    pub retention_years: u32,
    pub created_at: DateTime<Utc>,
}

impl Settings {
    pub const KEY: &'static [u8] = b"settings";

    pub fn new(organisation: &str) -> Settings {
        Settings {
            organisation: organisation.trim().to_string(),
            idle_lock_minutes: 5,
            retention_years: 6,
            created_at: Utc::now(),
        }
    }
}
