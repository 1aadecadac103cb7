//! The people in a case and the incidents they report.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;

use super::Demo;
use super::cases::CaseFacts;
use super::incidents::{Report, Scenario, fill};
use super::names::{self, Tradition};
use super::people::{Added, Who};
use super::scripts::script;
use crate::domain::{
    CasePerson, CentreConsent, CentreReport, Channel, IncidentId, ListKind, OrganisationId, Party,
    PartyRole, UserId,
};

/// Who is in a case, and how their report came in.
pub(super) struct Cast {
    pub people: Vec<CasePerson>,
    /// The person the council deals with: the victim, or a pupil's parent.
    pub client: Option<Added>,
    pub parties: Vec<Party>,
    pub channel: Channel,
    pub anonymous: bool,
    /// The reporting centre that passed the report on.
    pub centre: Option<OrganisationId>,
    pub safeguarding: Vec<String>,
    /// When the first report was taken.
    pub reported_at: DateTime<Utc>,
    pub scenario: Scenario,
}

impl Cast {
    fn add(
        &mut self,
        demo: &mut Demo,
        role: PartyRole,
        person: &Added,
        case_role: &str,
        description: String,
    ) {
        self.parties.push(Party {
            role,
            person: Some(person.id),
            description,
        });
        let role = demo
            .codes
            .code_or_any(&mut demo.rng, ListKind::PersonRole, case_role);
        if !self
            .people
            .iter()
            .any(|p| p.person == person.id && p.role == role)
        {
            self.people.push(CasePerson {
                person: person.id,
                role,
            });
        }
    }
}

impl Demo {
    /// The people of a new case: client, perhaps a relative who called for them, the
    /// alleged perpetrator (named or described) and sometimes a witness.
    pub(super) fn add_cast(
        &mut self,
        scenario: Scenario,
        kind: &str,
        opened_at: DateTime<Utc>,
        by: UserId,
    ) -> Cast {
        // The intake call, on the day the case was opened or up to two days before.
        let intake_day = opened_at.date_naive() - Duration::days(self.rng.random_range(0..3));
        let just_before = opened_at - Duration::minutes(self.rng.random_range(10..90));
        let reported_at = self.office_time(intake_day).min(just_before);
        let third_party = kind == "Third-party report";
        let centre = if third_party {
            self.reporting_centre()
        } else {
            None
        };
        let channel = if third_party {
            Channel::ReportingCentre(CentreReport {
                centre,
                consent: CentreConsent::Full,
                ..CentreReport::default()
            })
        } else if scenario == Scenario::School {
            Channel::OnBehalf
        } else {
            match self.rng.random_range(0..10) {
                0..=6 => Channel::Direct,
                7 => Channel::OnBehalf,
                _ => Channel::Referral {
                    source: self.codes.any(&mut self.rng, ListKind::ReferralSource),
                },
            }
        };
        let mut cast = Cast {
            people: Vec::new(),
            client: None,
            parties: Vec::new(),
            anonymous: third_party && self.chance(40),
            channel,
            centre,
            safeguarding: Vec::new(),
            reported_at,
            scenario,
        };
        if cast.anonymous
            && let Channel::ReportingCentre(r) = &mut cast.channel
        {
            r.consent = CentreConsent::Anonymous;
        }
        let t = names::tradition(&mut self.rng);
        if !cast.anonymous {
            self.add_client(&mut cast, t, by);
            if self.chance(10) {
                let t = names::tradition(&mut self.rng);
                let witness = self.add_person(Who::Witness, t, None, reported_at, by);
                cast.add(self, PartyRole::Witness, &witness, "Witness", String::new());
            }
        }
        self.add_perpetrator(&mut cast, by);
        let concern = match scenario {
            Scenario::School if self.chance(15) => Some("Child safeguarding"),
            Scenario::Complex if self.chance(15) => Some("Adult safeguarding"),
            _ => None,
        };
        cast.safeguarding =
            concern.map_or_else(Vec::new, |c| self.codes.codes(ListKind::Safeguarding, &[c]));
        cast
    }

    /// The victim, or a pupil and the parent who speaks for them, or a victim and the
    /// relative who called; some clients have been here before.
    fn add_client(&mut self, cast: &mut Cast, t: &'static Tradition, by: UserId) {
        let at = cast.reported_at;
        if cast.scenario == Scenario::School {
            let parent = self.add_person(Who::Parent, t, None, at, by);
            let child = self.add_person(Who::Child, t, parent.family, at, by);
            cast.add(
                self,
                PartyRole::Reporter,
                &parent,
                "Family member",
                "Parent".into(),
            );
            cast.add(
                self,
                PartyRole::Victim,
                &child,
                "Complainant or victim",
                String::new(),
            );
            cast.client = Some(parent);
            return;
        }
        let victim = if !self.clients.is_empty() && self.chance(5) {
            let i = self.rng.random_range(0..self.clients.len());
            self.clients[i].clone()
        } else {
            self.add_person(Who::Client, t, None, at, by)
        };
        if cast.channel == Channel::OnBehalf {
            let relative = self.add_person(Who::Parent, t, victim.family, at, by);
            let description = self
                .pick(&["Daughter", "Son", "Husband", "Wife", "Brother", "Sister"])
                .to_string();
            cast.add(
                self,
                PartyRole::Reporter,
                &relative,
                "Family member",
                description,
            );
        }
        cast.add(
            self,
            PartyRole::Victim,
            &victim,
            "Complainant or victim",
            String::new(),
        );
        cast.client = Some(victim);
    }

    fn add_perpetrator(&mut self, cast: &mut Cast, by: UserId) {
        let script = script(cast.scenario);
        let pattern = self.pick(script.perpetrators);
        let description = fill(self, pattern);
        if !cast.anonymous && self.chance(script.named_pct) {
            let t = if self.chance(70) {
                names::ENGLISH
            } else {
                names::tradition(&mut self.rng)
            };
            let accused = self.add_person(Who::Accused, t, None, cast.reported_at, by);
            cast.add(
                self,
                PartyRole::Perpetrator,
                &accused,
                "Alleged perpetrator",
                description,
            );
        } else {
            cast.parties.push(Party {
                role: PartyRole::Perpetrator,
                person: None,
                description,
            });
        }
    }

    /// The first report and, in cases of persistent harassment, later ones; returns
    /// their ids and where the first happened.
    pub(super) fn add_incidents(
        &mut self,
        cast: &Cast,
        facts: &mut CaseFacts,
    ) -> (Vec<IncidentId>, String) {
        let persistent = matches!(
            cast.scenario,
            Scenario::Neighbour | Scenario::Housing | Scenario::Complex
        );
        let count = if persistent && !cast.anonymous && self.chance(30) {
            self.rng.random_range(2..=3)
        } else {
            1
        };
        let mut ids = Vec::with_capacity(count);
        let mut first_location = String::new();
        for i in 0..count {
            let (channel, reported_at, recorded_by) = if i == 0 {
                let by = if self.chance(60) {
                    facts.worker
                } else {
                    self.colleague()
                };
                (cast.channel.clone(), cast.reported_at, by)
            } else {
                let at = self.office_between(facts.opened_at, facts.end_at);
                (Channel::Direct, at, facts.worker)
            };
            let reported = self.add_incident(Report {
                scenario: cast.scenario,
                channel,
                anonymous: cast.anonymous,
                parties: cast.parties.clone(),
                reported_at,
                recorded_by,
            });
            facts.police |= reported.police;
            if i == 0 {
                first_location = reported.location;
            }
            ids.push(reported.id);
        }
        (ids, first_location)
    }
}
