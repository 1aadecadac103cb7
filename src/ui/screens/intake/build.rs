//! Turning the form into an intake request, and the service's answers back into
//! marks on fields.

use chrono::{NaiveDate, NaiveDateTime};

use super::form::Form;
use crate::domain::{
    Answer, CentreConsent, CentreReport, Channel, Consent, Consents, Contact, LocationKind,
    NameOrder, PartyRole, PoliceReport, Priority, SafeContact,
};
use crate::service::{IntakeRequest, NewFollowUp, NewParty, NewPerson, PersonRef};

fn opt(s: String) -> Option<String> {
    let t = s.trim().to_string();
    (!t.is_empty()).then_some(t)
}

fn consent(a: Answer, today: NaiveDate) -> Consent {
    match a {
        Answer::Yes => Consent::Given { on: today },
        Answer::No => Consent::Refused { on: today },
        Answer::Unknown => Consent::NotAsked,
    }
}

fn codes(form: &Form, id: &str) -> Vec<String> {
    form.value(id)
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The name order the worker chose; `None` leaves it to the script.
fn name_order(form: &Form) -> Option<NameOrder> {
    match form.value("name_order").as_str() {
        "family_first" => Some(NameOrder::FamilyFirst),
        "given_first" => Some(NameOrder::GivenFirst),
        _ => None,
    }
}

/// The caller as a new person, from the form.
fn new_caller(form: &Form, today: NaiveDate) -> NewPerson {
    NewPerson {
        given_names: form.value("given_names").trim().to_string(),
        family_name: opt(form.value("family_name")),
        name_order: name_order(form),
        contact: Contact {
            phone: opt(form.value("phone")),
            email: opt(form.value("email")),
            address: None,
            postcode: opt(form.value("postcode")),
        },
        safe_contact: SafeContact {
            call: form.answer("safe_call"),
            voicemail: form.answer("safe_voicemail"),
            write: form.answer("safe_write"),
            text_message: Answer::Unknown,
            times: opt(form.value("safe_times")),
        },
        languages: codes(form, "languages"),
        interpreter_needed: form.answer("interpreter") == Answer::Yes,
        consents: Consents {
            store: consent(form.answer("consent_store"), today),
            share_police: consent(form.answer("consent_police"), today),
            share_agencies: consent(form.answer("consent_agencies"), today),
        },
        ..Default::default()
    }
}

fn parties(form: &Form, today: NaiveDate, problems: &mut Vec<(String, String)>) -> Vec<NewParty> {
    let caller = form.caller();
    let mut parties = Vec::new();
    if !form.is_anonymous() {
        let person = match &form.attached {
            Some(m) => Some(PersonRef::Existing(m.id)),
            None if form.value("given_names").trim().is_empty()
                && form.value("family_name").trim().is_empty() =>
            {
                problems.push((
                    "given_names".into(),
                    "a name is needed, or choose Anonymous as the caller".into(),
                ));
                None
            }
            None => Some(PersonRef::New(new_caller(form, today))),
        };
        let role = if caller == "on_behalf" {
            PartyRole::Reporter
        } else {
            PartyRole::Victim
        };
        parties.push(NewParty {
            role,
            person,
            description: String::new(),
        });
    }
    if caller == "on_behalf" {
        let name = form.value("victim_name");
        if let Some(name) = opt(name) {
            let victim = NewPerson {
                given_names: name,
                ..Default::default()
            };
            parties.push(NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(victim)),
                description: String::new(),
            });
        }
    }
    for (id, role) in [
        ("perpetrator", PartyRole::Perpetrator),
        ("witnesses", PartyRole::Witness),
    ] {
        if let Some(d) = opt(form.value(id)) {
            parties.push(NewParty {
                role,
                person: None,
                description: d,
            });
        }
    }
    parties
}

/// The reporting centre's part of the report: which centre (a centre's own login
/// leaves it to the service), its reference, the day, and the consent level.
fn centre_report(
    form: &Form,
    now: NaiveDateTime,
    problems: &mut Vec<(String, String)>,
) -> CentreReport {
    let centre = form.value("centre").parse().ok();
    if centre.is_none() && !form.centre_login {
        problems.push((
            "centre".into(),
            "choose the centre that passed it on".into(),
        ));
    }
    let consent = CentreConsent::from_code(&form.value("centre_consent"));
    if consent.is_none() {
        problems.push((
            "centre_consent".into(),
            "choose what they agreed to at the centre".into(),
        ));
    }
    let reported_on = match form.field("centre_reported").kind.when(now) {
        Some(Ok(w)) => Some(w.date),
        Some(Err(e)) => {
            problems.push(("centre_reported".into(), e.to_string()));
            None
        }
        None => None,
    };
    CentreReport {
        centre,
        reference: opt(form.value("centre_reference")),
        reported_on,
        consent: consent.unwrap_or_default(),
    }
}

fn channel(form: &Form, now: NaiveDateTime, problems: &mut Vec<(String, String)>) -> Channel {
    match form.caller().as_str() {
        "on_behalf" => Channel::OnBehalf,
        "centre" => Channel::ReportingCentre(centre_report(form, now, problems)),
        "referral" => {
            let source = form.value("referral_source");
            if source.is_empty() {
                problems.push(("referral_source".into(), "choose who referred them".into()));
            }
            Channel::Referral { source }
        }
        _ => Channel::Direct,
    }
}

/// The request the form describes, or the fields that are wrong and why.
pub fn request(form: &Form, now: NaiveDateTime) -> Result<IntakeRequest, Vec<(String, String)>> {
    let today = now.date();
    let mut problems = Vec::new();
    let occurred = form.field("occurred").kind.when(now);
    let follow = form.field("follow_up").kind.when(now);
    for (id, r) in [("occurred", &occurred), ("follow_up", &follow)] {
        if let Some(Err(e)) = r {
            problems.push((id.to_string(), e.to_string()));
        }
    }
    if !form.is_anonymous() && form.attached.is_none() && form.answer("consent_store") == Answer::No
    {
        problems.push((
            "consent_store".into(),
            "they did not agree to their details being kept: choose Anonymous as the caller".into(),
        ));
    }
    let parties = parties(form, today, &mut problems);
    let channel = channel(form, now, &mut problems);
    let reported = form.answer("police_reported");
    let req = IntakeRequest {
        parties,
        anonymous: form.is_anonymous(),
        channel,
        occurred_at: occurred
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(|w| w.to_naive()),
        time_approximate: occurred
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .is_some_and(|w| w.approximate),
        location: form.value("location").trim().to_string(),
        location_kind: LocationKind::from_code(&form.value("location_kind")).unwrap_or_default(),
        postcode: opt(form.value("incident_postcode")),
        narrative: form.value("narrative").trim_end().to_string(),
        strands: codes(form, "strands"),
        characteristics: codes(form, "characteristics"),
        perception_based: form.answer("perceived") != Answer::No,
        evidence: codes(form, "evidence"),
        evidence_notes: form.value("evidence_notes").trim().to_string(),
        police: PoliceReport {
            reported,
            force: if reported == Answer::Yes {
                opt(form.value("police_force"))
            } else {
                None
            },
            crime_reference: if reported == Answer::Yes {
                opt(form.value("crime_reference"))
            } else {
                None
            },
            reported_at: None,
        },
        follow_up: follow
            .filter(|_| !form.centre_login)
            .and_then(|r| r.ok())
            .map(|w| NewFollowUp {
                due: w.date,
                due_time: w.time,
                assignee: None,
                priority: Priority::Normal,
                action: opt(form.value("follow_up_action")).unwrap_or_else(|| "Call back".into()),
            }),
        from_draft: Some(form.draft_id),
        ..Default::default()
    };
    if problems.is_empty() {
        Ok(req)
    } else {
        Err(problems)
    }
}

/// The form field a service problem is about, from its dotted path.
pub fn field_for(path: &str) -> Option<&'static str> {
    let table: [(&str, &str); 22] = [
        ("channel.centre", "centre"),
        ("channel.reference", "centre_reference"),
        ("channel.reported_on", "centre_reported"),
        ("channel.consent", "centre_consent"),
        ("contact.phone", "phone"),
        ("contact.email", "email"),
        ("contact.postcode", "postcode"),
        ("family_name", "family_name"),
        ("given_names", "given_names"),
        ("safe_contact.times", "safe_times"),
        ("consents.store", "consent_store"),
        ("languages", "languages"),
        ("narrative", "narrative"),
        ("location", "location"),
        ("occurred_at", "occurred"),
        ("police.force", "police_force"),
        ("police.crime_reference", "crime_reference"),
        ("police.reported", "police_reported"),
        ("follow_up.action", "follow_up_action"),
        ("evidence_notes", "evidence_notes"),
        ("channel.source", "referral_source"),
        ("strands", "strands"),
    ];
    if path.starts_with("postcode") {
        return Some("incident_postcode");
    }
    if path.starts_with("parties") && path.ends_with(".description") {
        return Some("perpetrator");
    }
    table
        .iter()
        .find(|(p, _)| path.contains(p))
        .map(|(_, f)| *f)
}
