//! Changing a person's details from their card: contact, when it is safe to contact
//! them, languages and interpreter, and consents. The service keeps what they were.

use chrono::NaiveDate;
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::form_layer::{FormLayer, FormSpec, Submit};
use crate::domain::{
    Answer, Consent, Consents, Contact, ListKind, PersonDetails, PersonId, ReferenceList,
    SafeContact,
};
use crate::service::Edit;
use crate::ui::component::Ctx;
use crate::ui::msg::{CaseChange, Effect};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick};
use crate::ui::widgets::form_box::{BoxField, FormBox};

/// The person being changed and their details as they are on file.
struct EditSpec {
    id: PersonId,
    name: String,
    on_file: PersonDetails,
}

/// A consent as a yes / no / not asked answer.
fn consent_answer(c: Consent) -> Answer {
    match c {
        Consent::Given { .. } => Answer::Yes,
        Consent::Refused { .. } => Answer::No,
        Consent::NotAsked => Answer::Unknown,
    }
}

/// The answer as a consent: one unchanged keeps the day it was given or refused; a
/// new one is dated today.
fn consent_from(a: Answer, was: Consent, today: NaiveDate) -> Consent {
    if consent_answer(was) == a {
        return was;
    }
    match a {
        Answer::Yes => Consent::Given { on: today },
        Answer::No => Consent::Refused { on: today },
        Answer::Unknown => Consent::NotAsked,
    }
}

fn text(form: &FormBox, id: &str) -> Option<String> {
    let t = form.text(id).trim().to_string();
    (!t.is_empty()).then_some(t)
}

fn answer(form: &FormBox, id: &str) -> Answer {
    match form.field(id).kind {
        Kind::Answer(a) => a,
        _ => Answer::Unknown,
    }
}

impl FormSpec for EditSpec {
    fn title(&self) -> String {
        "Change their details".into()
    }

    fn width(&self) -> u16 {
        76
    }

    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        vec![
            Line::from(Span::styled(shown(&self.name).into_owned(), t.heading())),
            Line::from("What they were is kept, with who changed them and when."),
        ]
    }

    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let today = cx.now.date();
        let was = &self.on_file.consents;
        let details = PersonDetails {
            contact: Contact {
                phone: text(form, "phone"),
                email: text(form, "email"),
                address: text(form, "address"),
                postcode: text(form, "postcode"),
            },
            safe_contact: SafeContact {
                call: answer(form, "safe_call"),
                voicemail: answer(form, "safe_voicemail"),
                write: answer(form, "safe_write"),
                text_message: answer(form, "safe_text"),
                times: text(form, "safe_times"),
            },
            languages: form.codes("languages"),
            interpreter_needed: answer(form, "interpreter") == Answer::Yes,
            consents: Consents {
                store: consent_from(answer(form, "consent_store"), was.store, today),
                share_police: consent_from(answer(form, "consent_police"), was.share_police, today),
                share_agencies: consent_from(
                    answer(form, "consent_agencies"),
                    was.share_agencies,
                    today,
                ),
            },
        };
        Submit::Run(Effect::Change(CaseChange::UpdatePerson(
            self.id,
            Box::new(Edit::from_read(self.on_file.clone(), details)),
        )))
    }

    fn field_for(&self, path: &str) -> Option<&'static str> {
        const FIELDS: [(&str, &str); 8] = [
            ("contact.phone", "phone"),
            ("contact.email", "email"),
            ("contact.address", "address"),
            ("contact.postcode", "postcode"),
            ("safe_contact.times", "safe_times"),
            ("languages", "languages"),
            ("consents.store", "consent_store"),
            ("safe_contact", "safe_call"),
        ];
        FIELDS
            .iter()
            .find(|(p, _)| path.starts_with(p))
            .map(|(_, f)| *f)
    }
}

fn line(id: &'static str, label: &str, value: &Option<String>) -> BoxField {
    let input = Input::new(value.clone().unwrap_or_default());
    BoxField::new(id, label, Kind::Text(input))
}

fn yes_no(id: &'static str, label: &str, a: Answer) -> BoxField {
    BoxField::new(id, label, Kind::Answer(a))
}

/// The languages list with the person's ticked, preferred first as on file.
fn languages(list: &ReferenceList, chosen: &[String]) -> Kind {
    let options: Vec<Choice> = list
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect();
    let mut pick = Pick::new(options, true);
    pick.set_codes(chosen);
    Kind::Pick(pick)
}

/// The dialog that changes a person's details, filled with what is on file.
pub fn edit(id: PersonId, name: String, on_file: PersonDetails, cx: &Ctx) -> FormLayer {
    let (c, s, k) = (&on_file.contact, &on_file.safe_contact, &on_file.consents);
    let interpreter = if on_file.interpreter_needed {
        Answer::Yes
    } else {
        Answer::No
    };
    let form = FormBox::new(vec![
        line("phone", "Phone", &c.phone),
        line("email", "Email", &c.email),
        line("address", "Address", &c.address),
        line("postcode", "Postcode", &c.postcode),
        yes_no("safe_call", "Safe to call back", s.call),
        yes_no("safe_voicemail", "Safe for voicemail", s.voicemail),
        yes_no("safe_write", "Safe to write", s.write),
        yes_no("safe_text", "Safe to text", s.text_message),
        line("safe_times", "When it is safe", &s.times),
        BoxField::new(
            "languages",
            "Languages",
            languages(&cx.list(ListKind::Language), &on_file.languages),
        ),
        yes_no("interpreter", "Interpreter needed", interpreter),
        yes_no("consent_store", "Consent: keep", consent_answer(k.store)),
        yes_no(
            "consent_police",
            "Consent: police",
            consent_answer(k.share_police),
        ),
        yes_no(
            "consent_agencies",
            "Consent: agencies",
            consent_answer(k.share_agencies),
        ),
    ]);
    FormLayer::new(EditSpec { id, name, on_file }, form)
}
