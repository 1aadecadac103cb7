//! The client's consent to share with another agency, recorded per referral: who gave
//! it, when, how, for which kinds of recipient, and what is withheld.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::domain::ids::UserId;
use crate::domain::validation::{Problems, check_line, check_text};

/// How consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// Said aloud (on the phone or in person), noted by the worker.
    Verbal,
    /// Signed on paper.
    Written,
    /// By email, text message or an online form.
    Electronic,
    /// Recorded before caseline kept how consent was given.
    NotRecorded,
}

impl ConsentMethod {
    /// The ways a worker may record now (not [`ConsentMethod::NotRecorded`]).
    pub const CHOICES: [ConsentMethod; 3] = [
        ConsentMethod::Verbal,
        ConsentMethod::Written,
        ConsentMethod::Electronic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ConsentMethod::Verbal => "verbal",
            ConsentMethod::Written => "written",
            ConsentMethod::Electronic => "electronic",
            ConsentMethod::NotRecorded => "not_recorded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentMethod::Verbal => "Verbal",
            ConsentMethod::Written => "Written",
            ConsentMethod::Electronic => "Email, text or online",
            ConsentMethod::NotRecorded => "Not recorded",
        }
    }

    pub fn from_name(name: &str) -> Option<ConsentMethod> {
        [ConsentMethod::NotRecorded]
            .into_iter()
            .chain(ConsentMethod::CHOICES)
            .find(|m| m.name() == name)
    }
}

/// The client's consent to share their details with certain kinds of agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareConsent {
    /// Who gave it: the client, or who spoke for them.
    pub given_by: String,
    pub given_on: NaiveDate,
    pub how: ConsentMethod,
    /// Codes from the `agency_kind` list: the kinds of recipient it covers.
    pub recipients: Vec<String>,
    /// What the client does not want passed on, in words.
    pub withheld: String,
}

impl ShareConsent {
    /// Whether it covers sending to an agency of kind `agency_kind`.
    pub fn covers(&self, agency_kind: &str) -> bool {
        self.recipients.iter().any(|r| r == agency_kind)
    }

    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            self.given_by.trim().is_empty(),
            "given_by",
            "say who gave consent",
        );
        check_line(&mut p, "given_by", &self.given_by);
        p.check(
            self.recipients.is_empty(),
            "recipients",
            "choose the kinds of agency it covers",
        );
        p.check(
            self.recipients.len() > crate::domain::limits::MAX_CODES,
            "recipients",
            "lists too many kinds",
        );
        check_text(&mut p, "withheld", &self.withheld);
        p
    }
}

/// An administrator's decision to send without the consent the rules ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentOverride {
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub reason: String,
}

impl ConsentOverride {
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            self.reason.trim().is_empty(),
            "reason",
            "say why it is sent without consent",
        );
        check_text(&mut p, "reason", &self.reason);
        p
    }
}
