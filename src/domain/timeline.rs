//! The case timeline: an append-only record of what was done and when.
//!
//! Entries are never edited. A mistake is put right by a new entry whose `corrects`
//! points at the old one, so the original stays readable.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::case::CaseStatus;
use super::ids::{CaseId, FollowUpId, LetterId, ReferralId, TimelineId, UserId};
use super::validation::{Problems, check_line, check_text};

/// In or out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
}

/// What kind of entry, with what only that kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EntryKind {
    Note,
    PhoneCall {
        direction: Direction,
        with: String,
        minutes: Option<u32>,
    },
    Letter {
        direction: Direction,
        counterpart: String,
        email: bool,
        /// The letter kept with the case, for one written here and sent.
        #[serde(default)]
        letter: Option<LetterId>,
    },
    Meeting {
        with: String,
    },
    Mediation {
        parties: String,
    },
    Referral {
        referral: ReferralId,
    },
    PoliceContact,
    EvidenceReceived,
    StatusChange {
        from: Option<CaseStatus>,
        to: CaseStatus,
    },
    FollowUpDone {
        follow_up: FollowUpId,
    },
    /// A letter written here and kept with the case, not yet sent.
    LetterDrafted {
        letter: LetterId,
    },
}

impl EntryKind {
    /// Every [`EntryKind::name`], for choosing entries by kind.
    pub const NAMES: [&'static str; 12] = [
        "note",
        "phone call",
        "email",
        "letter",
        "meeting",
        "mediation",
        "referral",
        "police contact",
        "evidence received",
        "status change",
        "follow-up done",
        "letter drafted",
    ];

    /// A short name for lists and filters.
    pub fn name(&self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::PhoneCall { .. } => "phone call",
            EntryKind::Letter { email: true, .. } => "email",
            EntryKind::Letter { .. } => "letter",
            EntryKind::Meeting { .. } => "meeting",
            EntryKind::Mediation { .. } => "mediation",
            EntryKind::Referral { .. } => "referral",
            EntryKind::PoliceContact => "police contact",
            EntryKind::EvidenceReceived => "evidence received",
            EntryKind::StatusChange { .. } => "status change",
            EntryKind::FollowUpDone { .. } => "follow-up done",
            EntryKind::LetterDrafted { .. } => "letter drafted",
        }
    }
}

/// One entry on a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub id: TimelineId,
    pub case: CaseId,
    /// When the thing happened (may be earlier than when it was written down).
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub text: String,
    /// The entry this one corrects, if any.
    pub corrects: Option<TimelineId>,
    pub author: UserId,
    pub recorded_at: DateTime<Utc>,
}

impl TimelineEntry {
    /// Rules every stored entry meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        check_text(&mut p, "text", &self.text);
        match &self.kind {
            EntryKind::PhoneCall { with, .. } | EntryKind::Meeting { with } => {
                check_line(&mut p, "kind.with", with)
            }
            EntryKind::Letter { counterpart, .. } => {
                check_line(&mut p, "kind.counterpart", counterpart)
            }
            EntryKind::Mediation { parties } => check_line(&mut p, "kind.parties", parties),
            _ => {}
        }
        p.check(
            matches!(self.kind, EntryKind::Note) && self.text.trim().is_empty(),
            "text",
            "a note needs some text",
        );
        p.check(
            self.at > self.recorded_at + chrono::Duration::minutes(5),
            "at",
            "is in the future",
        );
        p.check(
            self.corrects == Some(self.id),
            "corrects",
            "an entry cannot correct itself",
        );
        p
    }
}
