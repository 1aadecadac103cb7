//! Cases: kind, status history, closure, the organisations involved.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rand::RngExt;

use super::cast::Cast;
use super::incidents::{Scenario, fill, scenario_for};
use super::people::Added;
use super::scripts::script;
use super::timeline::Planned;
use super::{Demo, weighted};
use crate::domain::{
    Case, CaseId, CaseOrganisation, CaseRef, CaseStatus, Closure, EntryKind, ListKind,
    OrganisationId, RiskLevel, UserId,
};

/// What the timeline, follow-ups and referrals of a case need to know.
pub(super) struct CaseFacts {
    pub id: CaseId,
    pub scenario: Scenario,
    pub opened_at: DateTime<Utc>,
    /// The last moment anything happened: the closure, or now.
    pub end_at: DateTime<Utc>,
    pub closed: bool,
    pub worker: UserId,
    pub client: Option<Added>,
    pub police: bool,
    pub act_complained_of: Option<NaiveDate>,
}

/// How a case's status moved, as timeline entries, and where it ended.
struct StatusPlan {
    status: CaseStatus,
    changes: Vec<Planned>,
    closure: Option<Closure>,
    end_at: DateTime<Utc>,
}

const CLOSURE_NOTES: &[&str] = &[
    "Client satisfied with the outcome; case closed.",
    "No contact for three months despite calls and a letter.",
    "Client has moved out of the area.",
    "Grievance upheld; client back at work on a different team.",
    "School put an anti-bullying plan in place; family happy to close.",
    "Transfer offered and accepted.",
    "Client decided not to take it further.",
];

const HOLD_NOTES: &[&str] = &[
    "Client asked to pause the case while they are abroad.",
    "On hold while the client is in hospital.",
    "Client wants to wait until the exams are over.",
];

impl Demo {
    /// Adds case number `index` (oldest first), with everything that belongs to it.
    pub(super) fn add_case(&mut self, index: usize, opened_on: NaiveDate, reference: CaseRef) {
        let (kind, label) = weighted(&mut self.rng, &self.case_kinds).clone();
        let scenario = scenario_for(self, &label);
        let target = self.timeline_length(index);
        let opened_at = self.office_time(opened_on);
        let assignee = self.assignee();
        let plan = self.status_plan(scenario, opened_at, assignee, target >= 100);
        let cast = self.add_cast(scenario, &label, opened_at, assignee);
        let act_complained_of = (label == "Employment")
            .then(|| opened_on - Duration::days(self.rng.random_range(3..75)));
        let mut facts = CaseFacts {
            id: CaseId::new(),
            scenario,
            opened_at,
            end_at: plan.end_at,
            closed: plan.status.is_closed(),
            worker: assignee,
            client: cast.client.clone(),
            police: false,
            act_complained_of,
        };
        let (incidents, location) = self.add_incidents(&cast, &mut facts);
        let mut organisations = self.case_organisations(&facts, &cast);
        let mut planned = plan.changes;
        planned.extend(self.add_referrals(&facts, &mut organisations));
        planned.extend(self.add_follow_ups(&facts));
        let updated_at = self.add_timeline(&facts, target, planned);
        let summary = script(scenario).summaries;
        let summary = self.pick(summary).replace("{location}", &location);
        let case = Case {
            id: facts.id,
            reference,
            kind,
            status: plan.status,
            assigned_to: (plan.status != CaseStatus::Open || self.chance(80)).then_some(assignee),
            summary: fill(self, &summary),
            people: cast.people,
            organisations,
            incidents,
            safeguarding: self.case_safeguarding(&cast.safeguarding),
            risk: *self.weighted(&[
                (2, RiskLevel::NotAssessed),
                (5, RiskLevel::Low),
                (3, RiskLevel::Medium),
                (1, RiskLevel::High),
            ]),
            act_complained_of,
            opened_on,
            closure: plan.closure,
            created_at: opened_at,
            created_by: if self.chance(80) {
                assignee
            } else {
                self.colleague()
            },
            updated_at: updated_at.max(opened_at),
        };
        if let Some(client) = facts.client {
            self.clients.push(client);
        }
        self.doc.cases.push(case);
    }

    /// Entries on a case's timeline: about five, a few with hundreds, and exactly two
    /// hundred for the first case (the benchmarks open it).
    fn timeline_length(&mut self, index: usize) -> usize {
        if index == 0 {
            return 200;
        }
        if self.rng.random_range(0..1000) == 0 {
            return self.rng.random_range(150..=250);
        }
        let u: f64 = self.rng.random();
        (1.0 + (-(1.0 - u).ln() * 2.7)).min(60.0) as usize
    }

    /// Where a case opened at `opened_at` stands now, and how it got there.
    fn status_plan(
        &mut self,
        scenario: Scenario,
        opened_at: DateTime<Utc>,
        by: UserId,
        long: bool,
    ) -> StatusPlan {
        use CaseStatus::*;
        let mut plan = StatusPlan {
            status: self.final_status(opened_at.date_naive(), long),
            changes: vec![change(opened_at, None, Open, "Case opened", by)],
            closure: None,
            end_at: self.now,
        };
        if plan.status == Open {
            return plan;
        }
        let active_at = self.office_between(
            opened_at + Duration::hours(1),
            opened_at + Duration::days(5).min(self.now - opened_at),
        );
        let started = "Initial assessment done; casework started.";
        plan.changes
            .push(change(active_at, Some(Open), Active, started, by));
        match plan.status {
            Closed => self.close(&mut plan, opened_at.date_naive(), active_at, by),
            Waiting | OnHold => {
                let at = self.office_between(active_at, self.now);
                let note = if plan.status == Waiting {
                    waiting_for(scenario)
                } else {
                    self.pick(HOLD_NOTES)
                };
                plan.changes
                    .push(change(at, Some(Active), plan.status, note, by));
            }
            Reopened => {
                let closed_at = self.office_between(active_at, self.now - Duration::days(7));
                let reopened_at = self.office_between(closed_at, self.now);
                let closed = "Client happy with the progress; case closed.";
                let reopened = "Client called back: the harassment has started again.";
                plan.changes
                    .push(change(closed_at, Some(Active), Closed, closed, by));
                plan.changes
                    .push(change(reopened_at, Some(Closed), Reopened, reopened, by));
            }
            Open | Active => {}
        }
        plan
    }

    /// The status a case opened on `opened_on` has now: older cases are mostly closed;
    /// a `long`-running case is still open; a case opened today is just open.
    fn final_status(&mut self, opened_on: NaiveDate, long: bool) -> CaseStatus {
        use CaseStatus::*;
        let age = (self.today - opened_on).num_days();
        let closed_pct = match age {
            0 => return Open,
            _ if long => 0,
            366.. => 85,
            121..=365 => 55,
            31..=120 => 25,
            _ => 5,
        };
        let recent = match age {
            0..=20 => 6,
            21..=60 => 1,
            _ => 0,
        };
        if self.chance(closed_pct) {
            return Closed;
        }
        *self.weighted(&[
            (recent, Open),
            (10, Active),
            (3, Waiting),
            (1, OnHold),
            (u32::from(age > 60), Reopened),
        ])
    }

    /// Closes a case some days or months after it was opened, with an outcome.
    fn close(
        &mut self,
        plan: &mut StatusPlan,
        opened_on: NaiveDate,
        active_at: DateTime<Utc>,
        by: UserId,
    ) {
        let last = (opened_on + Duration::days(300)).min(self.today);
        let days = self
            .rng
            .random_range(1..=(last - opened_on).num_days().max(1));
        let at = self
            .office_time(opened_on + Duration::days(days))
            .max(active_at);
        let note = self.pick(CLOSURE_NOTES).to_string();
        let from = Some(CaseStatus::Active);
        plan.changes
            .push(change(at, from, CaseStatus::Closed, &note, by));
        let outcome = weighted(&mut self.rng, &self.outcomes).0.clone();
        plan.closure = Some(Closure {
            on: at.date_naive().max(opened_on),
            outcome,
            note,
        });
        plan.end_at = at;
    }

    /// The organisations a case involves, by what the case is about.
    fn case_organisations(&mut self, facts: &CaseFacts, cast: &Cast) -> Vec<CaseOrganisation> {
        let wanted: &[(&str, &str, u32)] = match facts.scenario {
            Scenario::Workplace => &[("Employer", "Employer", 90)],
            Scenario::School => &[("School", "School", 95)],
            Scenario::Housing | Scenario::Neighbour | Scenario::Complex => &[
                ("Housing association", "Housing provider", 50),
                ("Local authority", "Local authority", 20),
            ],
            _ => &[],
        };
        let mut links = Vec::new();
        for (agency, role, pct) in wanted {
            if self.chance(*pct) {
                let org = self.organisation_of(agency);
                self.link(&mut links, org, role);
            }
        }
        if facts.police && self.chance(70) {
            let force = self.organisation_of("Police");
            self.link(&mut links, force, "Police force");
        }
        if let Some(centre) = cast.centre {
            self.link(&mut links, Some(centre), "Referrer");
        }
        links
    }

    /// Adds an organisation to a case in a role (a label), unless it is already there.
    pub(super) fn link(
        &mut self,
        links: &mut Vec<CaseOrganisation>,
        org: Option<OrganisationId>,
        role: &str,
    ) {
        let Some(organisation) = org else { return };
        let role = self
            .codes
            .code_or_any(&mut self.rng, ListKind::OrganisationRole, role);
        if !links
            .iter()
            .any(|l| l.organisation == organisation && l.role == role)
        {
            links.push(CaseOrganisation { organisation, role });
        }
    }

    fn case_safeguarding(&mut self, from_people: &[String]) -> Vec<String> {
        let mut codes = from_people.to_vec();
        if self.chance(5) {
            let code = self.codes.any(&mut self.rng, ListKind::Safeguarding);
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        codes
    }
}

/// A status change on the timeline.
fn change(
    at: DateTime<Utc>,
    from: Option<CaseStatus>,
    to: CaseStatus,
    text: &str,
    author: UserId,
) -> Planned {
    Planned {
        at,
        kind: EntryKind::StatusChange { from, to },
        text: text.to_string(),
        author,
    }
}

/// Who a waiting case waits for.
fn waiting_for(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::Workplace => "Waiting for the employer's response to the grievance.",
        Scenario::School => "Waiting for the school to send its action plan.",
        Scenario::Neighbour | Scenario::Housing | Scenario::Complex => {
            "Waiting for the housing provider's decision on the transfer."
        }
        _ => "Waiting for the police to reply.",
    }
}

/// The last day to start ACAS early conciliation for an Employment Tribunal claim:
/// three months less one day after the act complained of (indicative).
pub(super) fn tribunal_deadline(act: NaiveDate) -> NaiveDate {
    act.checked_add_months(Months::new(3)).unwrap_or(act) - Duration::days(1)
}
