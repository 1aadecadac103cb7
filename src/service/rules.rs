//! The rules each stored record meets, in one place for every caller that checks
//! records it did not write itself (`check`, `import`): the record's own rules, its codes
//! against the reference lists, and the records it refers to.

use super::Caseline;
use crate::domain::{
    Case, EntryKind, FollowUp, FollowUpState, Id, Incident, ListKind, Organisation, Problems,
    Referral, Subject, TimelineEntry,
};
use crate::store::kind::Kind;

/// A reference from a field of a record to another record.
pub(crate) struct Ref {
    pub field: String,
    pub kind: Kind,
    pub id: Id,
}

/// What a record breaks, and what it refers to.
pub(crate) struct Findings {
    pub problems: Problems,
    pub refs: Vec<Ref>,
}

impl Findings {
    fn new(problems: Problems) -> Findings {
        Findings {
            problems,
            refs: Vec::new(),
        }
    }

    fn to(&mut self, field: impl Into<String>, kind: Kind, id: impl Into<Id>) {
        self.refs.push(Ref {
            field: field.into(),
            kind,
            id: id.into(),
        });
    }
}

impl Caseline {
    pub(crate) fn organisation_rules(&self, o: &Organisation) -> Findings {
        let mut p = o.validate();
        self.check_code(&mut p, ListKind::AgencyKind, "kind", Some(&o.kind));
        self.check_codes(&mut p, ListKind::Language, "languages", &o.languages);
        let mut f = Findings::new(p);
        f.to("created_by", Kind::User, o.created_by);
        for (i, c) in o.consultations.iter().enumerate() {
            f.to(format!("consultations[{i}].by"), Kind::User, c.by);
        }
        f
    }

    pub(crate) fn person_rules(&self, person: &crate::domain::Person) -> Findings {
        let mut f = Findings::new(self.check_person(person));
        f.to("created_by", Kind::User, person.created_by);
        f
    }

    pub(crate) fn incident_rules(&self, i: &Incident) -> Findings {
        let mut f = Findings::new(self.check_incident(i));
        for (j, party) in i.parties.iter().enumerate() {
            if let Some(person) = party.person {
                f.to(format!("parties[{j}].person"), Kind::Person, person);
            }
        }
        if let Some(o) = i.channel.centre_report().and_then(|r| r.centre) {
            f.to("channel.centre", Kind::Organisation, o);
        }
        f.to("recorded_by", Kind::User, i.recorded_by);
        f
    }

    pub(crate) fn case_rules(&self, case: &Case) -> Findings {
        let mut p = case.validate();
        self.check_code(&mut p, ListKind::CaseKind, "kind", Some(&case.kind));
        self.check_codes(
            &mut p,
            ListKind::Safeguarding,
            "safeguarding",
            &case.safeguarding,
        );
        if let Some(c) = &case.closure {
            self.check_code(
                &mut p,
                ListKind::Outcome,
                "closure.outcome",
                Some(&c.outcome),
            );
        }
        for (j, cp) in case.people.iter().enumerate() {
            self.check_code(
                &mut p,
                ListKind::PersonRole,
                &format!("people[{j}].role"),
                Some(&cp.role),
            );
        }
        for (j, co) in case.organisations.iter().enumerate() {
            let field = format!("organisations[{j}].role");
            self.check_code(&mut p, ListKind::OrganisationRole, &field, Some(&co.role));
        }
        let mut f = Findings::new(p);
        for (j, id) in case.incidents.iter().enumerate() {
            f.to(format!("incidents[{j}]"), Kind::Incident, *id);
        }
        for (j, cp) in case.people.iter().enumerate() {
            f.to(format!("people[{j}].person"), Kind::Person, cp.person);
        }
        for (j, co) in case.organisations.iter().enumerate() {
            f.to(
                format!("organisations[{j}].organisation"),
                Kind::Organisation,
                co.organisation,
            );
        }
        if let Some(u) = case.assigned_to {
            f.to("assigned_to", Kind::User, u);
        }
        f.to("created_by", Kind::User, case.created_by);
        f
    }

    /// An entry's references; that a correction is of the same case is checked by the
    /// caller, which knows where the corrected entry is.
    pub(crate) fn entry_rules(&self, e: &TimelineEntry) -> Findings {
        let mut f = Findings::new(e.validate());
        f.to("case", Kind::Case, e.case);
        f.to("author", Kind::User, e.author);
        if let Some(old) = e.corrects {
            f.to("corrects", Kind::Timeline, old);
        }
        match &e.kind {
            EntryKind::Referral { referral } => f.to("kind.referral", Kind::Referral, *referral),
            EntryKind::FollowUpDone { follow_up } => {
                f.to("kind.follow_up", Kind::FollowUp, *follow_up)
            }
            EntryKind::LetterDrafted { letter }
            | EntryKind::Letter {
                letter: Some(letter),
                ..
            } => f.to("kind.letter", Kind::Letter, *letter),
            _ => {}
        }
        f
    }

    pub(crate) fn follow_up_rules(&self, fu: &FollowUp) -> Findings {
        let mut f = Findings::new(fu.validate());
        match fu.subject {
            Subject::Case(c) => f.to("subject", Kind::Case, c),
            Subject::Incident(i) => f.to("subject", Kind::Incident, i),
        }
        if let Some(a) = fu.assignee {
            f.to("assignee", Kind::User, a);
        }
        if let FollowUpState::Done { by, .. } | FollowUpState::Cancelled { by, .. } = &fu.state {
            f.to("state.by", Kind::User, *by);
        }
        f.to("created_by", Kind::User, fu.created_by);
        f
    }

    /// A letter's references: its case, recipient, writer and the letter it follows.
    pub(crate) fn letter_rules(&self, l: &crate::domain::Letter) -> Findings {
        let mut f = Findings::new(l.validate());
        f.to("case", Kind::Case, l.case);
        f.to("recipient", Kind::Organisation, l.recipient);
        f.to("created_by", Kind::User, l.created_by);
        if let Some(prev) = l.follows {
            f.to("follows", Kind::Letter, prev);
        }
        f
    }

    pub(crate) fn referral_rules(&self, r: &Referral) -> Findings {
        let mut p = r.validate();
        self.check_code(
            &mut p,
            ListKind::AgencyKind,
            "agency_kind",
            Some(&r.agency_kind),
        );
        let mut f = Findings::new(p);
        f.to("case", Kind::Case, r.case);
        if let Some(o) = r.organisation {
            f.to("organisation", Kind::Organisation, o);
        }
        if let Some(c) = &r.consent {
            self.check_codes(
                &mut f.problems,
                ListKind::AgencyKind,
                "consent.recipients",
                &c.recipients,
            );
        }
        if let Some(o) = &r.consent_override {
            f.to("consent_override.by", Kind::User, o.by);
        }
        if let Some(chase) = r.chase {
            f.to("chase", Kind::FollowUp, chase);
        }
        f.to("created_by", Kind::User, r.created_by);
        f
    }
}
