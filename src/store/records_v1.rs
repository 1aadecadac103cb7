//! Record shapes as older schemas stored them, read through `upgrade` and turned into
//! today's. Kept private: nothing writes them any more.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::{
    CaseId, CaseStatus, Direction, EntryKind, FollowUpId, ReferralId, TimelineEntry, TimelineId,
    UserId,
};

/// A timeline entry as schema 1 stored it: before letters were kept with the case.
#[derive(Deserialize)]
pub(super) struct EntryV1 {
    id: TimelineId,
    case: CaseId,
    at: DateTime<Utc>,
    kind: KindV1,
    text: String,
    corrects: Option<TimelineId>,
    author: UserId,
    recorded_at: DateTime<Utc>,
}

/// The entry kinds of schema 1, in their order (bincode stores the variant's index).
#[derive(Deserialize)]
enum KindV1 {
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
}

impl From<KindV1> for EntryKind {
    fn from(k: KindV1) -> EntryKind {
        match k {
            KindV1::Note => EntryKind::Note,
            KindV1::PhoneCall {
                direction,
                with,
                minutes,
            } => EntryKind::PhoneCall {
                direction,
                with,
                minutes,
            },
            KindV1::Letter {
                direction,
                counterpart,
                email,
            } => EntryKind::Letter {
                direction,
                counterpart,
                email,
                letter: None,
            },
            KindV1::Meeting { with } => EntryKind::Meeting { with },
            KindV1::Mediation { parties } => EntryKind::Mediation { parties },
            KindV1::Referral { referral } => EntryKind::Referral { referral },
            KindV1::PoliceContact => EntryKind::PoliceContact,
            KindV1::EvidenceReceived => EntryKind::EvidenceReceived,
            KindV1::StatusChange { from, to } => EntryKind::StatusChange { from, to },
            KindV1::FollowUpDone { follow_up } => EntryKind::FollowUpDone { follow_up },
        }
    }
}

impl From<EntryV1> for TimelineEntry {
    fn from(e: EntryV1) -> TimelineEntry {
        TimelineEntry {
            id: e.id,
            case: e.case,
            at: e.at,
            kind: e.kind.into(),
            text: e.text,
            corrects: e.corrects,
            author: e.author,
            recorded_at: e.recorded_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec;

    /// Serialises like schema 1 did, for the test below.
    #[derive(serde::Serialize)]
    enum WrittenV1 {
        _Note,
        _PhoneCall,
        Letter {
            direction: Direction,
            counterpart: String,
            email: bool,
        },
    }

    #[test]
    fn a_schema_1_letter_entry_reads_as_a_letter_without_one_kept() {
        let id = TimelineId::new();
        let case = CaseId::new();
        let author = UserId::new();
        let at = DateTime::from_timestamp(1_770_000_000, 0).unwrap();
        let kind = WrittenV1::Letter {
            direction: Direction::Outgoing,
            counterpart: "Housing office".into(),
            email: false,
        };
        let bytes =
            codec::to_bincode(&(id, case, at, kind, "Sent", None::<TimelineId>, author, at));
        let entry: TimelineEntry = codec::from_bincode::<EntryV1>(&bytes).unwrap().into();
        assert_eq!(
            entry.kind,
            EntryKind::Letter {
                direction: Direction::Outgoing,
                counterpart: "Housing office".into(),
                email: false,
                letter: None,
            }
        );
        assert_eq!(entry.text, "Sent");
    }
}
