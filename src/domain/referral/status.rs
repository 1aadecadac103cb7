//! Where a referral stands, and the moves allowed between statuses, as one plain table.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a referral stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// Being written; nothing has left the office.
    #[default]
    Draft,
    /// Sent out (or, for one coming in, received) and waiting for an answer.
    Sent,
    Accepted,
    /// Declined by the recipient; the referral's `outcome` holds their reason.
    Declined,
    /// The work is done; the referral's `outcome` says what came of it.
    Completed,
    /// Taken back before it was finished.
    Withdrawn,
    /// No answer came and the worker gave up waiting.
    Expired,
    /// Signposting: the client was told where to go. Nothing is tracked, so no moves
    /// lead in or out.
    Signposted,
}

/// Every move allowed, from → to. Anything not listed is refused. Signposting has no
/// row: it is recorded as it is and never changes.
pub const MOVES: &[(ReferralStatus, ReferralStatus)] = {
    use ReferralStatus::*;
    &[
        (Draft, Sent),
        (Draft, Withdrawn),
        (Sent, Accepted),
        (Sent, Declined),
        (Sent, Withdrawn),
        (Sent, Expired),
        (Accepted, Completed),
        (Accepted, Withdrawn),
    ]
};

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 8] = [
        ReferralStatus::Draft,
        ReferralStatus::Sent,
        ReferralStatus::Accepted,
        ReferralStatus::Declined,
        ReferralStatus::Completed,
        ReferralStatus::Withdrawn,
        ReferralStatus::Expired,
        ReferralStatus::Signposted,
    ];

    /// Whether the table allows moving from `self` to `to`.
    pub fn may_move_to(self, to: ReferralStatus) -> bool {
        MOVES.contains(&(self, to))
    }

    /// The statuses `self` may move to, in table order.
    pub fn moves(self) -> Vec<ReferralStatus> {
        MOVES
            .iter()
            .filter(|(from, _)| *from == self)
            .map(|(_, to)| *to)
            .collect()
    }

    /// Nothing more will happen: no move leads on.
    pub fn is_closed(self) -> bool {
        self.moves().is_empty()
    }

    /// Moving here needs words: the recipient's reason, or the outcome.
    pub fn needs_note(self) -> bool {
        matches!(self, ReferralStatus::Declined | ReferralStatus::Completed)
    }

    /// The name used in requests, the command line and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "draft",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Completed => "completed",
            ReferralStatus::Withdrawn => "withdrawn",
            ReferralStatus::Expired => "expired",
            ReferralStatus::Signposted => "signposted",
        }
    }

    /// As a worker reads it.
    pub fn label(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "Draft",
            ReferralStatus::Sent => "Sent",
            ReferralStatus::Accepted => "Accepted",
            ReferralStatus::Declined => "Declined",
            ReferralStatus::Completed => "Completed",
            ReferralStatus::Withdrawn => "Withdrawn",
            ReferralStatus::Expired => "Expired",
            ReferralStatus::Signposted => "Signposted",
        }
    }

    /// Reads [`ReferralStatus::name`] back.
    pub fn from_name(name: &str) -> Option<ReferralStatus> {
        ReferralStatus::ALL.into_iter().find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::ReferralStatus::{self, *};
    use proptest::prelude::*;

    fn status() -> impl Strategy<Value = ReferralStatus> {
        proptest::sample::select(ReferralStatus::ALL.to_vec())
    }

    proptest! {
        /// Whatever moves are tried from a draft, the referral only ever passes along the
        /// table's rows, never comes back to draft, and stops once closed.
        #[test]
        fn tried_moves_follow_the_table(tries in proptest::collection::vec(status(), 0..20)) {
            let mut at = Draft;
            for to in tries {
                if at.may_move_to(to) {
                    prop_assert!(super::MOVES.contains(&(at, to)));
                    prop_assert_ne!(to, Draft);
                    prop_assert_ne!(to, Signposted);
                    at = to;
                } else if at.is_closed() {
                    prop_assert!(at.moves().is_empty());
                }
            }
        }

        #[test]
        fn no_move_stays_put_and_names_read_back(s in status()) {
            prop_assert!(!s.may_move_to(s));
            prop_assert_eq!(ReferralStatus::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn every_status_but_signposting_is_reached_from_a_draft() {
        let mut seen = vec![Draft];
        let mut i = 0;
        while i < seen.len() {
            for to in seen[i].moves() {
                if !seen.contains(&to) {
                    seen.push(to);
                }
            }
            i += 1;
        }
        for s in ReferralStatus::ALL {
            assert_eq!(seen.contains(&s), s != Signposted, "{s:?}");
        }
        assert!(Signposted.is_closed() && Declined.is_closed() && Completed.is_closed());
        assert!(!Sent.is_closed());
    }
}
