//! Follow-ups: promises to call back, letters to chase, deadlines that must not be missed.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, FollowUpId, IncidentId, UserId};
use super::validation::{Problems, check_line};

/// What a follow-up belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Case(CaseId),
    /// An intake that is not yet a case.
    Incident(IncidentId),
}

/// How urgent.
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
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

/// Open or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FollowUpState {
    Open,
    Done { at: DateTime<Utc>, by: UserId },
    Cancelled { at: DateTime<Utc>, by: UserId },
}

/// A follow-up task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub subject: Subject,
    pub due: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub assignee: Option<UserId>,
    pub priority: Priority,
    /// What to do, in words.
    pub action: String,
    /// A statutory or system-made deadline (labelled "indicative: check" on screen).
    pub statutory: bool,
    pub state: FollowUpState,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
}

impl FollowUp {
    pub fn is_open(&self) -> bool {
        self.state == FollowUpState::Open
    }

    /// Rules every stored follow-up meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            self.action.trim().is_empty(),
            "action",
            "say what needs doing",
        );
        check_line(&mut p, "action", &self.action);
        p
    }
}
