//! The trees of the store: one per record kind, plus a few plain ones.

use std::fmt;

/// A kind of encrypted record, each in a tree of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Incident,
    Case,
    Timeline,
    FollowUp,
    Referral,
    Organisation,
    User,
    ReferenceList,
    Settings,
    /// OS accounts that sign in without a passphrase (`domain::peer`).
    PeerLogins,
    Letter,
    LetterTemplate,
    /// The hash-chained audit log (`src/store/audit.rs`).
    Audit,
}

impl Kind {
    /// Every encrypted kind, in the order exports and checks visit them. The audit log
    /// comes last: backups and stats carry it, `check` verifies it as a chain.
    pub const ALL: [Kind; 14] = [
        Kind::Settings,
        Kind::PeerLogins,
        Kind::ReferenceList,
        Kind::LetterTemplate,
        Kind::User,
        Kind::Organisation,
        Kind::Person,
        Kind::Incident,
        Kind::Case,
        Kind::Timeline,
        Kind::FollowUp,
        Kind::Referral,
        Kind::Letter,
        Kind::Audit,
    ];

    /// The sled tree name.
    pub fn tree(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Incident => "incidents",
            Kind::Case => "cases",
            Kind::Timeline => "timeline",
            Kind::FollowUp => "follow_ups",
            Kind::Referral => "referrals",
            Kind::Organisation => "organisations",
            Kind::User => "users",
            Kind::ReferenceList => "reference_lists",
            Kind::Settings => "settings",
            Kind::PeerLogins => "peer_logins",
            Kind::Letter => "letters",
            Kind::LetterTemplate => "letter_templates",
            Kind::Audit => "audit",
        }
    }

    /// What one record is called, in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Incident => "incident",
            Kind::Case => "case",
            Kind::Timeline => "timeline entry",
            Kind::FollowUp => "follow-up",
            Kind::Referral => "referral",
            Kind::Organisation => "organisation",
            Kind::User => "user",
            Kind::ReferenceList => "reference list",
            Kind::Settings => "settings record",
            Kind::PeerLogins => "map of OS accounts to users",
            Kind::Letter => "letter",
            Kind::LetterTemplate => "letter template",
            Kind::Audit => "audit entry",
        }
    }

    /// Parses a tree name back.
    pub fn from_tree(name: &[u8]) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tree().as_bytes() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tree())
    }
}

/// Plain trees: nothing personal in keys or values.
pub mod plain {
    /// Store format, store id, case reference counters.
    pub const META: &str = "meta";
    /// Wrapped copies of the data key, one per passphrase.
    pub const KEY_SLOTS: &str = "key_slots";
    /// Case reference (`C-2026-0042`) to case id.
    pub const CASE_REFS: &str = "idx_case_ref";
    /// Case id followed by timeline entry id, so a case's timeline is one range scan.
    pub const CASE_TIMELINE: &str = "idx_case_timeline";

    /// Ids of drafts that became saved intakes, so a draft left behind by a crash
    /// between the two is not offered again.
    pub const DRAFTS_DONE: &str = "drafts_done";

    /// Keys added by an unfinished bulk write (an import), to undo it after a crash.
    pub const BULK_JOURNAL: &str = "bulk_journal";

    /// Open and done follow-ups by due date: state, day, id → priority, assignee, subject.
    pub const FOLLOW_UPS_DUE: &str = "idx_follow_up_due";
    /// The same by assignee first, for "my" queues.
    pub const FOLLOW_UPS_MINE: &str = "idx_follow_up_mine";
    /// Follow-ups of a case or intake: subject id, follow-up id → state, day.
    pub const FOLLOW_UPS_SUBJECT: &str = "idx_follow_up_subject";
    /// What case lists filter and sort on: status, kind, worker, whether safeguarding
    /// is flagged, risk, dates. Ids, codes and dates only: no names, no text.
    pub const CASE_SUMMARY: &str = "idx_case_summary";
    /// Who is on which case: a person's or an organisation's id, then the case's id
    /// (nothing in the value), so "the cases of this person" is one range scan.
    pub const MEMBER_CASES: &str = "idx_member_cases";
    /// Statutory follow-ups already made, so a rule never makes the same one twice.
    pub const STATUTORY: &str = "idx_statutory";
    /// Every referral: id → status, direction, days, case and organisation ids, so the
    /// referrals screen sorts and filters without opening a record it does not show.
    pub const REFERRALS: &str = "idx_referral";

    pub const ALL: [&str; 13] = [
        META,
        KEY_SLOTS,
        CASE_REFS,
        CASE_TIMELINE,
        DRAFTS_DONE,
        BULK_JOURNAL,
        FOLLOW_UPS_DUE,
        FOLLOW_UPS_MINE,
        FOLLOW_UPS_SUBJECT,
        CASE_SUMMARY,
        MEMBER_CASES,
        STATUTORY,
        REFERRALS,
    ];
}
