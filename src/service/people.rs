//! People: creating them from requests, reading them back.

use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::person::normalise_postcode;
use crate::domain::{
    Consent, Consents, Contact, ListKind, Monitoring, NameOrder, Person, PersonId, Problems,
    SafeContact, UserId,
};

/// A person to create, as a worker enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub given_names: String,
    pub family_name: Option<String>,
    /// Which part of the name is said first; `None` when the worker did not say, for
    /// the order usual in the family name's script ([`NameOrder::usual`]).
    pub name_order: Option<NameOrder>,
    pub other_names: Vec<String>,
    pub contact: Contact,
    pub safe_contact: SafeContact,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub monitoring: Monitoring,
    pub consents: Consents,
    pub safeguarding: Vec<String>,
    pub notes: String,
}

impl NewPerson {
    /// The stored person, with tidied contact details.
    pub(crate) fn into_person(self, by: UserId, now: chrono::DateTime<chrono::Utc>) -> Person {
        let tidy = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let family_name = tidy(self.family_name);
        let order = self
            .name_order
            .unwrap_or_else(|| NameOrder::usual(family_name.as_deref()));
        Person {
            id: PersonId::new(),
            given_names: self.given_names.trim().to_string(),
            family_name,
            family_name_first: order.is_family_first(),
            other_names: self
                .other_names
                .into_iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            contact: Contact {
                phone: tidy(self.contact.phone),
                email: tidy(self.contact.email),
                address: tidy(self.contact.address),
                postcode: tidy(self.contact.postcode).map(|p| normalise_postcode(&p)),
            },
            safe_contact: SafeContact {
                times: tidy(self.safe_contact.times),
                ..self.safe_contact
            },
            languages: self.languages,
            interpreter_needed: self.interpreter_needed,
            monitoring: self.monitoring,
            consents: self.consents,
            safeguarding: self.safeguarding,
            notes: self.notes,
            created_at: now,
            created_by: by,
            updated_at: now,
            history: Vec::new(),
        }
    }
}

impl Caseline {
    /// Checks a person against the domain rules and the reference lists.
    pub(crate) fn check_person(&self, person: &Person) -> Problems {
        let mut p = person.validate();
        p.check(
            matches!(person.consents.store, Consent::Refused { .. }),
            "consents.store",
            "consent to keep the details was refused: record the report as anonymous instead",
        );
        self.check_codes(&mut p, ListKind::Language, "languages", &person.languages);
        self.check_codes(
            &mut p,
            ListKind::Safeguarding,
            "safeguarding",
            &person.safeguarding,
        );
        let m = &person.monitoring;
        self.check_code(
            &mut p,
            ListKind::EthnicGroup,
            "monitoring.ethnic_group",
            m.ethnic_group.as_deref(),
        );
        self.check_code(
            &mut p,
            ListKind::Religion,
            "monitoring.religion",
            m.religion.as_deref(),
        );
        self.check_code(
            &mut p,
            ListKind::HousingTenure,
            "monitoring.housing_tenure",
            m.housing_tenure.as_deref(),
        );
        p
    }

    /// Reads a person.
    pub fn person(&self, id: PersonId) -> Result<Person> {
        let person: Person = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("person", id))?;
        if !self.may_see_person(&person)? {
            return Err(super::access::refused("that person"));
        }
        Ok(person)
    }

    /// Every person the actor may see, oldest first.
    pub fn people(&self) -> impl Iterator<Item = Result<Person>> + '_ {
        let me = self.actor().id;
        let all = self
            .vault()
            .scan::<Person>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, move |reach, p| {
            p.created_by == me || reach.people.contains(&p.id)
        })
    }
}
