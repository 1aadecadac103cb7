//! Changing a person's details with their history kept: the earlier values stay on
//! the person, with who changed them and when; the audit log says which parts changed,
//! never the values.

use super::edits::{Edit, Overtaken, names, overtaken};
use super::{Caseline, Error, Result};
use crate::domain::person::normalise_postcode;
use crate::domain::person_history::changed_parts;
use crate::domain::{AuditAction, AuditNote, Contact, PersonDetails, PersonId, SafeContact};
use crate::store::Kind;

/// Details as a worker typed them, tidied the way a new person's are.
fn tidied(d: PersonDetails) -> PersonDetails {
    let tidy = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    PersonDetails {
        contact: Contact {
            phone: tidy(d.contact.phone),
            email: tidy(d.contact.email),
            address: tidy(d.contact.address),
            postcode: tidy(d.contact.postcode).map(|p| normalise_postcode(&p)),
        },
        safe_contact: SafeContact {
            times: tidy(d.safe_contact.times),
            ..d.safe_contact
        },
        ..d
    }
}

impl Caseline {
    /// Changes a person's contact details, safe-contact rules, languages and consents.
    /// The details before the change are kept on the person. Returns whether anything
    /// changed (nothing is written when nothing did).
    pub fn update_person(&self, id: PersonId, details: PersonDetails) -> Result<bool> {
        self.change_person(id, Edit::as_it_is(details))
    }

    /// [`Caseline::update_person`] from a form filled with `edit.read`: refused, naming
    /// the parts, when someone else changed any of them meanwhile.
    pub fn change_person(&self, id: PersonId, edit: Edit<PersonDetails>) -> Result<bool> {
        self.require(super::Operation::EditPeople)?;
        let _guard = self.write_guard();
        let mut person = self.person(id)?;
        let typed = tidied(edit.typed);
        if let Some(read) = edit.read {
            let now = person.details();
            let lost = overtaken(changed_parts(&read, &now), &changed_parts(&typed, &now));
            if !lost.is_empty() {
                let o = Overtaken {
                    what: "person's details",
                    at: person.updated_at,
                    parts: lost,
                    then: "note them, press esc to see their card as it is now, and change \
                           them again",
                };
                return Err(self.changed_meanwhile(o, names(Kind::Person.tree(), id)));
            }
        }
        if !person.revise(typed, self.actor().id, self.now()) {
            return Ok(false);
        }
        self.check_person(&person)
            .into_result()
            .map_err(|p| Error::invalid("person", p))?;
        let changed = person
            .history
            .last()
            .map(|r| r.changed.join(", "))
            .unwrap_or_default();
        let mut changes = self.changes();
        changes.put(&person);
        changes.audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Person.tree(), id)
                .detail(format!("person's details changed: {changed}")),
        );
        self.vault().commit(changes)?;
        Ok(true)
    }
}
