//! Follow-ups and referrals, with the timeline entries that record them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::RngExt;

use super::Demo;
use super::cases::{CaseFacts, tribunal_deadline};
use super::incidents::Scenario;
use super::timeline::Planned;
use super::words::{GENERAL, POLICE_ACTIONS, words};
use crate::domain::{
    CaseOrganisation, ConsentMethod, Direction, EntryKind, FollowUp, FollowUpId, FollowUpState,
    ListKind, Priority, Referral, ReferralId, ReferralStatus, ShareConsent, Subject, UserId,
};

/// Where a client is referred for each kind of case (labels of `agency_kind`) and why.
fn referral_options(s: Scenario) -> &'static [(&'static str, &'static str)] {
    match s {
        Scenario::Workplace => &[
            (
                "ACAS",
                "Early conciliation before an Employment Tribunal claim.",
            ),
            (
                "Legal adviser",
                "Advice on the strength of a discrimination claim.",
            ),
            (
                "Citizens Advice",
                "Help with a benefits claim after the dismissal.",
            ),
        ],
        Scenario::School => &[
            (
                "Local authority",
                "Education welfare support for the pupil's attendance.",
            ),
            (
                "Health provider",
                "Counselling for the pupil after the bullying.",
            ),
        ],
        Scenario::Housing | Scenario::Neighbour => &[
            (
                "Housing association",
                "Request for a management transfer on safety grounds.",
            ),
            (
                "Citizens Advice",
                "Help with rent arrears and a disrepair claim.",
            ),
            ("Voluntary sector", "Emotional support from Victim Support."),
        ],
        Scenario::Complex => &[
            ("Citizens Advice", "Benefits review and debt advice."),
            ("Local authority", "Adult social care assessment."),
            (
                "Health provider",
                "Talking therapies for anxiety after the attacks.",
            ),
        ],
        _ => &[
            ("Voluntary sector", "Emotional support from Victim Support."),
            (
                "Health provider",
                "Talking therapies for anxiety after the attack.",
            ),
            ("Legal adviser", "Advice on a claim under the Equality Act."),
        ],
    }
}

/// Where incoming referrals come from (labels of `agency_kind`).
const REFERRERS: &[(&str, &str)] = &[
    (
        "Police",
        "Referred by the Safer Neighbourhood Team after a report at the station.",
    ),
    (
        "Local authority",
        "Referred by the council's community safety team.",
    ),
    (
        "Housing association",
        "Referred by the tenancy sustainment officer.",
    ),
    ("School", "Referred by the school's family liaison worker."),
    (
        "Community group",
        "Community group asked us to support a member.",
    ),
];

impl Demo {
    /// About one and a half follow-ups a case, due from sixty days ago to sixty days
    /// ahead, plus the tribunal deadline for employment cases. Returns the timeline
    /// entries of those done.
    pub(super) fn add_follow_ups(&mut self, facts: &CaseFacts) -> Vec<Planned> {
        let count = self.pick(&[0, 1, 1, 2, 2, 3]);
        let mut done = Vec::new();
        for _ in 0..count {
            let due = if facts.closed {
                facts.end_at.date_naive() - Duration::days(self.rng.random_range(0..60))
            } else {
                self.today + Duration::days(self.rng.random_range(-60..=60))
            };
            let interpreter = facts.client.as_ref().and_then(|c| c.interpreter);
            let action = match interpreter {
                Some(language) if self.chance(30) => {
                    format!("Book a {language} interpreter for the next meeting")
                }
                _ => self.action(facts),
            };
            let priority = *self.weighted(&[
                (2, Priority::Low),
                (6, Priority::Normal),
                (2, Priority::High),
                (1, Priority::Urgent),
            ]);
            done.extend(self.add_follow_up(
                facts,
                due.max(facts.opened_at.date_naive()),
                action,
                priority,
                false,
            ));
        }
        if let Some(act) = facts.act_complained_of {
            let action = "Employment Tribunal time limit (indicative: check): start ACAS early conciliation before this date";
            done.extend(self.add_follow_up(
                facts,
                tribunal_deadline(act),
                action.to_string(),
                Priority::Urgent,
                true,
            ));
        }
        done
    }

    fn add_follow_up(
        &mut self,
        facts: &CaseFacts,
        due: NaiveDate,
        action: String,
        priority: Priority,
        statutory: bool,
    ) -> Option<Planned> {
        let due_at = self.at(due, 9 * 60);
        let created_at = self.office_between(facts.opened_at, due_at.min(facts.end_at));
        let assignee = if self.chance(95) {
            Some(facts.worker)
        } else {
            None
        };
        let by = assignee.unwrap_or(facts.worker);
        let finished = if facts.closed {
            if self.chance(85) { 2 } else { 3 }
        } else if due < self.today {
            *self.weighted(&[(60, 2), (8, 3), (32, 1)])
        } else {
            *self.weighted(&[(90, 1), (10, 2)])
        };
        let until = (due_at + Duration::days(2))
            .min(facts.end_at)
            .max(created_at);
        let state = match finished {
            2 => FollowUpState::Done {
                at: self.office_between(created_at, until),
                by,
            },
            3 => FollowUpState::Cancelled {
                at: self.office_between(created_at, until),
                by,
            },
            _ => FollowUpState::Open,
        };
        let follow_up = FollowUp {
            id: FollowUpId::new(),
            subject: Subject::Case(facts.id),
            due,
            due_time: self.chance(30).then(|| {
                NaiveTime::from_hms_opt(
                    self.rng.random_range(9..17),
                    self.pick(&[0, 15, 30, 45]),
                    0,
                )
                .expect("office hours are valid times")
            }),
            assignee,
            priority,
            action,
            statutory,
            state,
            created_at,
            created_by: if self.chance(80) {
                by
            } else {
                self.colleague()
            },
        };
        let planned = match &follow_up.state {
            FollowUpState::Done { at, by } => Some(Planned {
                at: *at,
                kind: EntryKind::FollowUpDone {
                    follow_up: follow_up.id,
                },
                text: format!("Done: {}.", follow_up.action),
                author: *by,
            }),
            _ => None,
        };
        self.doc.follow_ups.push(follow_up);
        planned
    }

    /// Referrals for about one case in five, each with its timeline entry; the
    /// organisations are linked to the case.
    pub(super) fn add_referrals(
        &mut self,
        facts: &CaseFacts,
        links: &mut Vec<CaseOrganisation>,
    ) -> Vec<Planned> {
        if !self.chance(20) {
            return Vec::new();
        }
        let count = if self.chance(10) { 2 } else { 1 };
        let mut planned = Vec::with_capacity(count);
        for _ in 0..count {
            let incoming = self.chance(25);
            let (agency, reason) = self.pick(if incoming {
                REFERRERS
            } else {
                referral_options(facts.scenario)
            });
            let organisation = if self.chance(90) {
                self.organisation_of(agency)
            } else {
                None
            };
            self.link(
                links,
                organisation,
                if incoming { "Referrer" } else { "Referred to" },
            );
            let at = if incoming {
                facts.opened_at
            } else {
                self.office_between(facts.opened_at, facts.end_at)
            };
            let referral = self.referral(facts, incoming, agency, reason, at);
            let referral = Referral {
                organisation,
                ..referral
            };
            let text = if incoming {
                format!("Referral received: {reason}")
            } else if referral.status == ReferralStatus::Signposted {
                format!("Signposted ({agency}): {reason}")
            } else {
                format!("Referred out ({agency}) with the client's consent: {reason}")
            };
            let kind = EntryKind::Referral {
                referral: referral.id,
            };
            planned.push(Planned {
                at,
                kind,
                text,
                author: referral.created_by,
            });
            self.doc.referrals.push(referral);
        }
        planned
    }

    fn referral(
        &mut self,
        facts: &CaseFacts,
        incoming: bool,
        agency: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Referral {
        let shares = facts
            .client
            .as_ref()
            .is_some_and(|c| c.shares_with_agencies);
        let status = if incoming {
            ReferralStatus::Accepted
        } else if shares {
            *self.weighted(&[
                (1, ReferralStatus::Draft),
                (3, ReferralStatus::Sent),
                (3, ReferralStatus::Accepted),
                (1, ReferralStatus::Declined),
                (1, ReferralStatus::Withdrawn),
                (3, ReferralStatus::Completed),
                (2, ReferralStatus::Signposted),
            ])
        } else {
            ReferralStatus::Signposted
        };
        let outcome = match status {
            ReferralStatus::Completed => "Client seen; advice given.",
            ReferralStatus::Declined => {
                "Service full until the new year; client put on the waiting list."
            }
            _ => "",
        };
        let agency_kind = self
            .codes
            .code_or_any(&mut self.rng, ListKind::AgencyKind, agency);
        let on = at.date_naive();
        let consent = (shares && !incoming).then(|| ShareConsent {
            given_by: "the client".into(),
            given_on: on,
            how: ConsentMethod::Verbal,
            recipients: vec![agency_kind.clone()],
            withheld: String::new(),
        });
        let tracked = !matches!(status, ReferralStatus::Draft | ReferralStatus::Signposted);
        Referral {
            id: ReferralId::new(),
            case: facts.id,
            direction: if incoming {
                Direction::Incoming
            } else {
                Direction::Outgoing
            },
            organisation: None,
            agency_kind,
            on,
            reason: reason.to_string(),
            shared: if incoming {
                String::new()
            } else {
                "Name, safe contact details and the incident in outline.".into()
            },
            their_reference: None,
            status,
            sent_on: tracked.then_some(on),
            outcome: outcome.to_string(),
            consent,
            consent_override: None,
            chase: None,
            created_at: at,
            created_by: self.author(facts),
            answered_on: answered_on(status, tracked.then_some(on), reason),
        }
    }

    /// Something to do on a case: on its theme, for any case, or with the police.
    fn action(&mut self, facts: &CaseFacts) -> String {
        let actions = match self.rng.random_range(0..10) {
            0..=4 => words(facts.scenario).actions,
            5..=6 if facts.police => POLICE_ACTIONS,
            _ => GENERAL.actions,
        };
        self.pick(actions).to_string()
    }

    /// Who wrote something on a case: usually its worker.
    fn author(&mut self, facts: &CaseFacts) -> UserId {
        if self.chance(85) {
            facts.worker
        } else {
            self.colleague()
        }
    }
}

/// The day an agency answered a demo referral sent on `sent`, if it has: 2 to 20 days
/// on, worked out from its words rather than drawn, so the rest of a demo caseload
/// stays as it was.
fn answered_on(status: ReferralStatus, sent: Option<NaiveDate>, reason: &str) -> Option<NaiveDate> {
    let answered = matches!(
        status,
        ReferralStatus::Accepted | ReferralStatus::Declined | ReferralStatus::Completed
    );
    let days = 2 + ((reason.len() * 7) % 19) as u64;
    sent.filter(|_| answered)?
        .checked_add_days(chrono::Days::new(days))
}
