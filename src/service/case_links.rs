//! People and organisations linked to a case in a role (victim, alleged perpetrator,
//! police force, school ...). Linking someone new creates their record in the same
//! commit as the link, so no record is left behind without the case that needed it.
//! Every link made or removed is noted on the case's timeline.

use serde::{Deserialize, Serialize};

use super::intake::PersonRef;
use super::{Caseline, Error, Result};
use crate::domain::{
    Case, CaseId, CaseOrganisation, CasePerson, EntryKind, Id, ListKind, Organisation,
    OrganisationId, Person, Problems,
};

/// An organisation in a request: one in the directory, or one to add to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationRef {
    Existing(OrganisationId),
    /// A name and a code from the `agency_kind` list; the rest is filled in later
    /// from the directory.
    New {
        name: String,
        kind: String,
    },
}

/// Who or what to link.
// Built once per link, so the size of a new person costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkTo {
    Person(PersonRef),
    Organisation(OrganisationRef),
}

/// A link as the case holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    Person(CasePerson),
    Organisation(CaseOrganisation),
}

/// A link made or removed, and how the timeline says it: "J. Smith linked as alleged
/// perpetrator".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linked {
    pub link: Link,
    pub said: String,
}

/// A record made for a link, staged with it.
pub(crate) enum Made {
    Nothing,
    Person(Box<Person>),
    Organisation(Box<Organisation>),
}

impl Made {
    fn id(&self) -> Option<Id> {
        match self {
            Made::Nothing => None,
            Made::Person(p) => Some(p.id.0),
            Made::Organisation(o) => Some(o.id.0),
        }
    }
}

impl Caseline {
    /// Links a person or an organisation to a case in `role` (a code from the
    /// `person_role` or `organisation_role` list), creating them first if they are new.
    pub fn link_to_case(&self, id: CaseId, to: LinkTo, role: &str) -> Result<Linked> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let mut case = self.case(id)?;
        let mut p = Problems::new();
        let role = role.trim().to_string();
        p.check(role.is_empty(), "role", "choose a role");
        let (link, made) = match to {
            LinkTo::Person(who) => {
                let (person, made) = self.person_to_link(who, &mut p);
                let cp = CasePerson { person, role };
                p.check(
                    case.people.contains(&cp),
                    "role",
                    "is already theirs on this case",
                );
                case.people.push(cp.clone());
                (Link::Person(cp), made)
            }
            LinkTo::Organisation(which) => {
                let (organisation, made) = self.organisation_to_link(which, &mut p);
                let co = CaseOrganisation { organisation, role };
                p.check(
                    case.organisations.contains(&co),
                    "role",
                    "is already theirs on this case",
                );
                case.organisations.push(co.clone());
                (Link::Organisation(co), made)
            }
        };
        p.0.extend(self.check_links(&case, made.id())?.0);
        p.into_result().map_err(|p| Error::invalid("link", p))?;
        let said = format!(
            "{} linked as {}",
            self.link_name(&link, &made),
            self.role_words(&link)
        );
        self.save_links(&case, &said, made)?;
        Ok(Linked { link, said })
    }

    /// Removes a link from a case; the person or organisation stays on file.
    pub fn unlink_from_case(&self, id: CaseId, link: &Link) -> Result<Linked> {
        self.require(super::Operation::Delete)?;
        let _guard = self.write_guard();
        let mut case = self.case(id)?;
        let before = (case.people.len(), case.organisations.len());
        match link {
            Link::Person(cp) => case.people.retain(|x| x != cp),
            Link::Organisation(co) => case.organisations.retain(|x| x != co),
        }
        if before == (case.people.len(), case.organisations.len()) {
            return Err(Error::Conflict("that link is not on this case".into()));
        }
        let said = format!(
            "{} no longer linked as {}",
            self.link_name(link, &Made::Nothing),
            self.role_words(link)
        );
        self.save_links(&case, &said, Made::Nothing)?;
        Ok(Linked {
            link: link.clone(),
            said,
        })
    }

    /// The person a link names, made from the request if new.
    fn person_to_link(&self, who: PersonRef, p: &mut Problems) -> (crate::domain::PersonId, Made) {
        match who {
            PersonRef::Existing(id) => (id, Made::Nothing),
            PersonRef::New(np) => {
                let person = np.into_person(self.actor().id, self.now());
                p.nest("person", self.check_person(&person));
                (person.id, Made::Person(Box::new(person)))
            }
        }
    }

    /// The organisation a link names, added to the directory if new.
    pub(crate) fn organisation_to_link(
        &self,
        which: OrganisationRef,
        p: &mut Problems,
    ) -> (OrganisationId, Made) {
        match which {
            OrganisationRef::Existing(id) => (id, Made::Nothing),
            OrganisationRef::New { name, kind } => {
                let org = Organisation::named(&name, kind, self.actor().id, self.now());
                p.nest("organisation", self.organisation_rules(&org).problems);
                (org.id, Made::Organisation(Box::new(org)))
            }
        }
    }

    /// The case's rules and the records it names, but for `made`, which is written in
    /// the same commit and so not stored yet.
    fn check_links(&self, case: &Case, made: Option<Id>) -> Result<Problems> {
        let findings = self.case_rules(case);
        let mut p = findings.problems;
        for r in findings.refs.iter().filter(|r| Some(r.id) != made) {
            if !self.vault().has_record(r.kind, r.id)? {
                p.add(
                    r.field.clone(),
                    format!("is not a stored {}", r.kind.noun()),
                );
            }
        }
        Ok(p)
    }

    /// A linked name as the timeline says it.
    fn link_name(&self, link: &Link, made: &Made) -> String {
        match (link, made) {
            (_, Made::Person(person)) => person.display_name(),
            (_, Made::Organisation(org)) => org.name.clone(),
            (Link::Person(cp), Made::Nothing) => self
                .person(cp.person)
                .map(|p| p.display_name())
                .unwrap_or_else(|_| "Someone".into()),
            (Link::Organisation(co), Made::Nothing) => self
                .organisation(co.organisation)
                .map(|o| o.name)
                .unwrap_or_else(|_| "An organisation".into()),
        }
    }

    /// A link's role in words: `alleged perpetrator`.
    fn role_words(&self, link: &Link) -> String {
        let (kind, code) = match link {
            Link::Person(cp) => (ListKind::PersonRole, &cp.role),
            Link::Organisation(co) => (ListKind::OrganisationRole, &co.role),
        };
        self.reference_list(kind).label(code).to_lowercase()
    }

    /// Writes the case, the record made for it and a timeline note, in one commit.
    fn save_links(&self, case: &Case, said: &str, made: Made) -> Result<()> {
        let mut case = case.clone();
        case.updated_at = self.now();
        let entry = self.new_entry(case.id, EntryKind::Note, said);
        let mut changes = self.changes();
        match &made {
            Made::Person(person) => {
                changes.put(person.as_ref());
            }
            Made::Organisation(org) => {
                changes.put(org.as_ref());
            }
            Made::Nothing => {}
        }
        self.stage_case(&mut changes, &case, false, entry.recorded_at)?;
        self.stage_entry(&mut changes, &entry);
        self.vault().commit(changes)?;
        Ok(())
    }
}
