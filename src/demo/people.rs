//! People: clients, the parents of pupils, neighbours accused of harassment, witnesses.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::RngExt;

use super::names::{self, Name, Tradition};
use super::{Demo, places};
use crate::domain::{
    Answer, Consent, Consents, Contact, ListKind, Monitoring, Person, PersonId, SafeContact, UserId,
};

/// The part a new person plays, which decides how much is known about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Who {
    Client,
    /// A pupil, whose parent speaks for them.
    Child,
    Parent,
    /// An alleged perpetrator known by name, usually a neighbour or colleague.
    Accused,
    Witness,
}

/// What the rest of the case needs to know about a person just added.
#[derive(Clone)]
pub(super) struct Added {
    pub id: PersonId,
    /// The name in Latin letters, for notes.
    pub name: String,
    pub family: Option<(&'static str, &'static str)>,
    pub shares_with_agencies: bool,
    /// The language label to book an interpreter in, when one is needed.
    pub interpreter: Option<&'static str>,
}

const SAFE_TIMES: &[&str] = &[
    "weekday evenings",
    "after 6pm",
    "mornings only",
    "weekdays 10am to 3pm, while the children are at school",
    "Saturdays",
    "any time",
    "after 2pm (works nights)",
    "lunchtimes, 12 to 2",
];

const CLIENT_NOTES: &[&str] = &[
    "",
    "",
    "",
    "Prefers a female caseworker.",
    "Works nights: best reached after 2pm.",
    "Hearing impaired: prefers text messages.",
    "Do not call the landline: partner does not know about the case.",
    "Has asked that letters go to a relative's address.",
    "Caring for an elderly parent; appointments at home if possible.",
];

impl Demo {
    /// Adds a person of tradition `t`, met on `at` by `by`; `family` gives a relative's
    /// family name.
    pub(super) fn add_person(
        &mut self,
        who: Who,
        t: &'static Tradition,
        family: Option<(&'static str, &'static str)>,
        at: DateTime<Utc>,
        by: UserId,
    ) -> Added {
        let name = names::name(&mut self.rng, t, family);
        let (languages, interpreter) = self.languages(who, t);
        let consents = self.consents(who, at.date_naive());
        let notes = if who == Who::Client {
            self.pick(CLIENT_NOTES).to_string()
        } else {
            String::new()
        };
        let person = Person {
            id: PersonId::new(),
            given_names: name.given.clone(),
            family_name: name.family.clone(),
            family_name_first: name.family_first,
            other_names: name.other_names.clone(),
            contact: self.contact(who, &name),
            safe_contact: self.safe_contact(who),
            interpreter_needed: interpreter.is_some(),
            languages,
            monitoring: self.monitoring(who, t, &name, at.date_naive()),
            safeguarding: self.person_safeguarding(who),
            notes,
            consents,
            created_at: at,
            created_by: by,
            updated_at: at,
            history: Vec::new(),
        };
        let added = Added {
            id: person.id,
            name: name.latin(),
            family: name.family_pair,
            shares_with_agencies: person.consents.share_agencies.is_given(),
            interpreter,
        };
        self.doc.people.push(person);
        added
    }

    /// Language codes, first preferred, and the language an interpreter is needed in.
    fn languages(
        &mut self,
        who: Who,
        t: &'static Tradition,
    ) -> (Vec<String>, Option<&'static str>) {
        let first = t.languages[0];
        let english =
            first == "English" || who == Who::Child || self.chance(100 - t.interpreter_pct);
        let mut labels = vec![first];
        if t.languages.len() > 2 && self.chance(30) {
            labels.push(t.languages[1]);
        }
        if english && first != "English" {
            labels.push("English");
        }
        let interpreter = (!english && matches!(who, Who::Client | Who::Parent)).then_some(first);
        (self.codes.codes(ListKind::Language, &labels), interpreter)
    }

    fn contact(&mut self, who: Who, name: &Name) -> Contact {
        let (phone_pct, email_pct, address_pct) = match who {
            Who::Client | Who::Parent => (92, 40, 70),
            Who::Witness => (70, 10, 10),
            Who::Accused => (0, 0, 50),
            Who::Child => (0, 0, 0),
        };
        let mut contact = Contact::default();
        if self.chance(phone_pct) {
            contact.phone = Some(if self.chance(85) {
                places::mobile(&mut self.rng)
            } else {
                places::landline(&mut self.rng)
            });
        }
        if self.chance(email_pct) {
            contact.email = Some(places::email(
                &mut self.rng,
                name.latin_given,
                name.latin_family,
            ));
        }
        if self.chance(address_pct) {
            let (town, postcode) = places::town_and_postcode(&mut self.rng);
            contact.address = Some(places::address(&mut self.rng, town));
            contact.postcode = Some(postcode);
        }
        contact
    }

    fn safe_contact(&mut self, who: Who) -> SafeContact {
        if !matches!(who, Who::Client | Who::Parent) {
            return SafeContact::default();
        }
        const ANSWERS: &[(u32, Answer)] =
            &[(6, Answer::Yes), (2, Answer::No), (2, Answer::Unknown)];
        SafeContact {
            call: *self.weighted(&[(8, Answer::Yes), (1, Answer::No), (1, Answer::Unknown)]),
            voicemail: *self.weighted(ANSWERS),
            write: *self.weighted(ANSWERS),
            text_message: *self.weighted(ANSWERS),
            times: self.chance(60).then(|| self.pick(SAFE_TIMES).to_string()),
        }
    }

    fn consents(&mut self, who: Who, on: NaiveDate) -> Consents {
        if matches!(who, Who::Accused | Who::Child) {
            return Consents::default();
        }
        let mut share = |given: u32, refused: u32| match self.rng.random_range(0..100) {
            r if r < given => Consent::Given { on },
            r if r < given + refused => Consent::Refused { on },
            _ => Consent::NotAsked,
        };
        Consents {
            store: Consent::Given { on },
            share_police: share(40, 30),
            share_agencies: share(65, 15),
        }
    }

    fn monitoring(
        &mut self,
        who: Who,
        t: &'static Tradition,
        name: &Name,
        on: NaiveDate,
    ) -> Monitoring {
        if who == Who::Accused {
            return Monitoring::default();
        }
        let ages = match who {
            Who::Child => 6..17,
            Who::Parent => 28..56,
            _ => 18..81,
        };
        let age_days = self.rng.random_range(ages) * 365 + self.rng.random_range(0..365);
        let ethnic = self.pick(t.ethnic);
        let religion = self.pick(t.religion);
        let tenure = self.codes.any(&mut self.rng, ListKind::HousingTenure);
        Monitoring {
            ethnic_group: self.codes.code(ListKind::EthnicGroup, ethnic),
            religion: (who != Who::Child && self.chance(85))
                .then(|| self.codes.code(ListKind::Religion, religion))
                .flatten(),
            housing_tenure: (who != Who::Child && self.chance(70)).then_some(tenure),
            sex: self
                .chance(90)
                .then(|| if name.female { "Female" } else { "Male" }.to_string()),
            gender_identity: None,
            sexual_orientation: self.chance(5).then(|| "Prefer not to say".to_string()),
            disability: *self.weighted(&[(2, Answer::Yes), (6, Answer::No), (2, Answer::Unknown)]),
            date_of_birth: self.chance(80).then(|| on - Duration::days(age_days)),
        }
    }

    fn person_safeguarding(&mut self, who: Who) -> Vec<String> {
        match who {
            Who::Child if self.chance(15) => self
                .codes
                .codes(ListKind::Safeguarding, &["Child safeguarding"]),
            Who::Client if self.chance(4) => {
                vec![self.codes.any(&mut self.rng, ListKind::Safeguarding)]
            }
            _ => Vec::new(),
        }
    }
}
