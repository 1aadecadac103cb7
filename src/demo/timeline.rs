//! Case timelines: calls, letters, meetings and notes, in the order they happened.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;

use super::Demo;
use super::cases::CaseFacts;
use super::incidents::fill;
use super::words::{EVIDENCE, GENERAL, POLICE_CONTACTS, Words, words};
use crate::domain::{Direction, EntryKind, TimelineEntry, TimelineId, UserId};

/// An entry decided before the timeline is written: a status change, a referral, a
/// follow-up done.
pub(super) struct Planned {
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub text: String,
    pub author: UserId,
}

impl Demo {
    /// Writes a case's timeline: `planned` entries plus activity up to `target`
    /// entries, in time order. Returns when the last entry was recorded.
    pub(super) fn add_timeline(
        &mut self,
        facts: &CaseFacts,
        target: usize,
        mut planned: Vec<Planned>,
    ) -> DateTime<Utc> {
        let extra = target.saturating_sub(planned.len());
        planned.reserve(extra);
        let from = (facts.opened_at + Duration::minutes(1)).min(facts.end_at);
        for _ in 0..extra {
            // Mostly in office hours; some work in the early evening.
            let mut at = self.office_between(from, facts.end_at);
            if self.chance(10) {
                at = (at + Duration::hours(self.rng.random_range(2..4))).min(facts.end_at);
            }
            let p = self.activity(facts, at);
            planned.push(p);
        }
        // Stable: the "case opened" entry, planned first, stays first.
        planned.sort_by_key(|p| p.at);
        let mut last = facts.opened_at;
        let mut previous: Option<TimelineId> = None;
        for p in planned {
            // Status changes, referrals and follow-ups done are recorded as they happen.
            let recorded_at = match p.kind {
                EntryKind::StatusChange { .. }
                | EntryKind::Referral { .. }
                | EntryKind::FollowUpDone { .. } => p.at,
                _ => self.recorded(p.at),
            };
            let id = TimelineId::new();
            let corrects = match (&p.kind, previous) {
                (EntryKind::Note, Some(old)) if self.chance(2) => Some(old),
                _ => None,
            };
            let text = match corrects {
                Some(_) => "Correction to the previous entry: the date was wrong; it happened the day before.".to_string(),
                None => p.text,
            };
            self.doc.timeline.push(TimelineEntry {
                id,
                case: facts.id,
                at: p.at,
                kind: p.kind,
                text,
                corrects,
                author: p.author,
                recorded_at,
            });
            last = last.max(recorded_at);
            previous = Some(id);
        }
        last
    }

    /// When something that happened `at` was written down: mostly within the hour,
    /// sometimes the next day, never in the future.
    fn recorded(&mut self, at: DateTime<Utc>) -> DateTime<Utc> {
        let later = match self.rng.random_range(0..100) {
            0..=69 => at + Duration::minutes(self.rng.random_range(0..60)),
            70..=94 => at + Duration::minutes(self.rng.random_range(60..240)),
            _ => {
                let day = at.date_naive() + Duration::days(self.rng.random_range(1..7));
                self.office_time(day)
            }
        };
        later.min(self.now).max(at)
    }

    /// One piece of casework at `at`, in the words of the case's theme or of any case.
    fn activity(&mut self, facts: &CaseFacts, at: DateTime<Utc>) -> Planned {
        let theme = words(facts.scenario);
        let w = if self.chance(50) { theme } else { &GENERAL };
        let (kind, text) = match self.rng.random_range(0..100) {
            0..=29 => (EntryKind::Note, self.pick(w.notes).to_string()),
            30..=59 => self.phone_call(facts, w),
            60..=74 => {
                let (counterpart, text, incoming) = self.pick(w.letters);
                let direction = if incoming {
                    Direction::Incoming
                } else {
                    Direction::Outgoing
                };
                let email = self.chance(60);
                (
                    EntryKind::Letter {
                        direction,
                        counterpart: counterpart.to_string(),
                        email,
                        letter: None,
                    },
                    text.to_string(),
                )
            }
            75..=84 => match facts.client.as_ref().and_then(|c| c.interpreter) {
                Some(language) if self.chance(50) => (
                    EntryKind::Meeting {
                        with: format!("client and a {language} interpreter"),
                    },
                    "Full account taken with the interpreter.".to_string(),
                ),
                _ => {
                    let (with, text) = self.pick(w.meetings);
                    (
                        EntryKind::Meeting {
                            with: with.to_string(),
                        },
                        text.to_string(),
                    )
                }
            },
            85..=88 if !theme.mediations.is_empty() => {
                let (parties, text) = self.pick(theme.mediations);
                (
                    EntryKind::Mediation {
                        parties: fill(self, parties),
                    },
                    text.to_string(),
                )
            }
            85..=92 if facts.police => (
                EntryKind::PoliceContact,
                self.pick(POLICE_CONTACTS).to_string(),
            ),
            _ => (EntryKind::EvidenceReceived, self.pick(EVIDENCE).to_string()),
        };
        let author = if self.chance(85) {
            facts.worker
        } else {
            self.colleague()
        };
        Planned {
            at,
            kind,
            text,
            author,
        }
    }

    /// A call with the client (by name) or a partner agency.
    fn phone_call(&mut self, facts: &CaseFacts, w: &Words) -> (EntryKind, String) {
        let minutes = self.chance(90).then(|| self.rng.random_range(3..60));
        let (with, text) = self.pick(w.calls);
        // The words say which way some calls went.
        let direction = if text.contains(" called") || text.contains(" reports ") {
            Direction::Incoming
        } else if text.starts_with("No answer") || self.chance(50) {
            Direction::Outgoing
        } else {
            Direction::Incoming
        };
        let (with, text) = match facts.client.as_ref().map(|c| c.name.as_str()) {
            Some(name) => (
                with.replace("{client}", name),
                text.replace("{client}", name),
            ),
            None if with.contains("{client}") => (
                "reporting centre".to_string(),
                "The person who reported wants to stay anonymous; no further details.".to_string(),
            ),
            None => (with.to_string(), text.to_string()),
        };
        (
            EntryKind::PhoneCall {
                direction,
                with,
                minutes,
            },
            text,
        )
    }
}
