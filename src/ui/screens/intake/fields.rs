//! The intake form's fields, in the order of a phone call.

use tui_input::Input;

use crate::domain::when::Lean;
use crate::domain::{Answer, CentreConsent, ListKind, LocationKind, ReferenceList};
use crate::ui::widgets::field::{Choice, Kind, Pick, notes};

/// Headings, in order. A field's `section` indexes this.
pub const SECTIONS: [&str; 10] = [
    "Who is calling",
    "Is it safe to contact them",
    "What happened",
    "When and where",
    "Why it was hostile",
    "Who did it, who saw it",
    "Evidence",
    "Police",
    "Consent",
    "What happens next",
];

/// The section of safe-contact rules and languages.
pub const SAFE_CONTACT: usize = 1;
/// The section of consents.
pub const CONSENT: usize = 8;
/// The section of what happens next.
pub const NEXT_STEPS: usize = 9;

/// One field of the form.
#[derive(Debug)]
pub struct Field {
    /// Stable name, used in drafts.
    pub id: &'static str,
    pub label: &'static str,
    pub section: usize,
    pub kind: Kind,
    pub error: Option<String>,
    /// A line of guidance shown while the field has focus.
    pub help: &'static str,
}

/// Who is on the phone, and so how the report reached us.
pub const CALLER_KINDS: [(&str, &str); 5] = [
    ("victim", "The person it happened to"),
    ("on_behalf", "Someone calling on their behalf"),
    ("anonymous", "Anonymous: no details taken"),
    ("centre", "A third-party reporting centre"),
    ("referral", "An agency referring them"),
];

fn text(id: &'static str, label: &'static str, section: usize, help: &'static str) -> Field {
    Field {
        id,
        label,
        section,
        kind: Kind::Text(Input::default()),
        error: None,
        help,
    }
}

fn answer(id: &'static str, label: &'static str, section: usize, value: Answer) -> Field {
    Field {
        id,
        label,
        section,
        kind: Kind::Answer(value),
        error: None,
        help: "y yes · n no · u not asked",
    }
}

fn pick(
    id: &'static str,
    label: &'static str,
    section: usize,
    list: &ReferenceList,
    multiple: bool,
) -> Field {
    let options = list
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect();
    let help = if multiple {
        "type to filter · enter ticks · up/down move"
    } else {
        "type to filter · enter chooses"
    };
    Field {
        id,
        label,
        section,
        kind: Kind::Pick(Pick::new(options, multiple)),
        error: None,
        help,
    }
}

fn when(
    id: &'static str,
    label: &'static str,
    section: usize,
    lean: Lean,
    help: &'static str,
) -> Field {
    Field {
        id,
        label,
        section,
        kind: Kind::When {
            input: Input::default(),
            lean,
        },
        error: None,
        help,
    }
}

/// Every field, in the order of a phone call, with lists from the store.
pub fn all(lists: &dyn Fn(ListKind) -> ReferenceList) -> Vec<Field> {
    let mut fields = caller_fields(lists);
    fields.extend(incident_fields(lists));
    fields
}

/// Who is calling and how to reach them safely.
fn caller_fields(lists: &dyn Fn(ListKind) -> ReferenceList) -> Vec<Field> {
    let callers = CALLER_KINDS
        .iter()
        .map(|(c, l)| Choice {
            code: c.to_string(),
            label: l.to_string(),
        })
        .collect();
    let mut caller = Pick::new(callers, false);
    caller.chosen.insert(0);
    vec![
        Field {
            id: "caller",
            label: "Caller",
            section: 0,
            kind: Kind::Pick(caller),
            error: None,
            help: "type to filter · enter chooses",
        },
        Field {
            id: "centre",
            label: "Reporting centre",
            section: 0,
            // Filled with the directory's centres when the service answers.
            kind: Kind::Pick(Pick::new(Vec::new(), false)),
            error: None,
            help: "type to filter · enter chooses",
        },
        text(
            "centre_reference",
            "Centre's reference",
            0,
            "their own number for the report",
        ),
        when(
            "centre_reported",
            "Reported to the centre",
            0,
            Lean::Past,
            "the day it was reported there: yesterday, 3 days ago, 12/11",
        ),
        centre_consent(),
        text(
            "given_names",
            "Given name(s)",
            0,
            "any script; a single name is fine",
        ),
        text(
            "family_name",
            "Family name",
            0,
            "leave empty if they have none",
        ),
        text("phone", "Phone", 0, "as they say it"),
        text("postcode", "Postcode", 0, "like KT1 2AB"),
        text("email", "Email", 0, ""),
        name_order(),
        text(
            "victim_name",
            "Person it happened to",
            0,
            "when someone calls on their behalf",
        ),
        pick(
            "referral_source",
            "Referred by",
            0,
            &lists(ListKind::ReferralSource),
            false,
        ),
        answer("safe_call", "Safe to call back", 1, Answer::Unknown),
        answer(
            "safe_voicemail",
            "Safe to leave voicemail",
            1,
            Answer::Unknown,
        ),
        answer("safe_write", "Safe to write to them", 1, Answer::Unknown),
        text("safe_times", "When it is safe", 1, "e.g. weekday evenings"),
        pick(
            "languages",
            "Languages",
            1,
            &lists(ListKind::Language),
            true,
        ),
        answer("interpreter", "Needs an interpreter", 1, Answer::No),
    ]
}

/// What the person agreed to at the centre; nothing is chosen until it is asked.
fn centre_consent() -> Field {
    let options = CentreConsent::ALL
        .iter()
        .filter(|c| **c != CentreConsent::NotRecorded)
        .map(|c| Choice {
            code: c.code().to_string(),
            label: c.label().to_string(),
        })
        .collect();
    Field {
        id: "centre_consent",
        label: "Consent at the centre",
        section: 0,
        kind: Kind::Pick(Pick::new(options, false)),
        error: None,
        help: "anonymous hides every detail of who they are",
    }
}

/// The kind of place, from the fixed list; nothing is chosen until it is asked.
fn location_kind() -> Field {
    let options = LocationKind::ALL
        .iter()
        .filter(|k| **k != LocationKind::NotRecorded)
        .map(|k| Choice {
            code: k.code().to_string(),
            label: k.label().to_string(),
        })
        .collect();
    Field {
        id: "location_kind",
        label: "Kind of place",
        section: 3,
        kind: Kind::Pick(Pick::new(options, false)),
        error: None,
        help: "type to filter · enter chooses · counted in the hate crime report",
    }
}

/// The name orders a worker can say, by their code in drafts: `usual` leaves it to
/// the script of the family name.
pub const NAME_ORDERS: [(&str, &str); 3] = [
    ("usual", "Usual for the script"),
    ("family_first", "Family name first"),
    ("given_first", "Given name first"),
];

/// Which part of the name is said first.
fn name_order() -> Field {
    let options = NAME_ORDERS
        .iter()
        .map(|(c, l)| Choice {
            code: c.to_string(),
            label: l.to_string(),
        })
        .collect();
    let mut pick = Pick::new(options, false);
    pick.chosen.insert(0);
    Field {
        id: "name_order",
        label: "Name order",
        section: 0,
        kind: Kind::Pick(pick),
        error: None,
        help: "Chinese, Japanese, Korean: family first · choose for Hungarian, Vietnamese",
    }
}

/// What happened, and what happens next.
fn incident_fields(lists: &dyn Fn(ListKind) -> ReferenceList) -> Vec<Field> {
    let mut fields = happened_fields(lists);
    fields.extend(police_consent_and_next_fields());
    fields
}

/// What happened, when and where, why it was hostile, who did and saw it, and the
/// evidence.
fn happened_fields(lists: &dyn Fn(ListKind) -> ReferenceList) -> Vec<Field> {
    vec![
        Field {
            id: "narrative",
            label: "In their words",
            section: 2,
            kind: notes(""),
            error: None,
            help: "enter starts a new line; tab moves on",
        },
        when(
            "occurred",
            "When",
            3,
            Lean::Past,
            "today, yesterday 9pm, 3 days ago, 12/11, 12/11/2026 14:30",
        ),
        text("location", "Where", 3, "e.g. bus stop on Clarence Street"),
        location_kind(),
        text("incident_postcode", "Postcode of the place", 3, ""),
        pick(
            "strands",
            "Hate crime strands",
            4,
            &lists(ListKind::Strand),
            true,
        ),
        pick(
            "characteristics",
            "Protected characteristics",
            4,
            &lists(ListKind::ProtectedCharacteristic),
            true,
        ),
        answer("perceived", "Perceived as hostile", 4, Answer::Yes),
        text(
            "perpetrator",
            "Who did it",
            5,
            "a description if they are not known",
        ),
        text(
            "witnesses",
            "Who saw it",
            5,
            "names or descriptions; empty if nobody",
        ),
        pick(
            "evidence",
            "Evidence",
            6,
            &lists(ListKind::EvidenceKind),
            true,
        ),
        text(
            "evidence_notes",
            "About the evidence",
            6,
            "e.g. there may be CCTV on the bus",
        ),
    ]
}

/// The police, consent, and what happens next.
fn police_consent_and_next_fields() -> Vec<Field> {
    let mut follow_action = text(
        "follow_up_action",
        "What to do",
        9,
        "what the follow-up is for",
    );
    follow_action.kind = Kind::Text(Input::new("Call back".into()));
    vec![
        answer("police_reported", "Reported to police", 7, Answer::Unknown),
        text("police_force", "Police force", 7, ""),
        text("crime_reference", "Crime reference", 7, ""),
        answer(
            "consent_store",
            "Consent to keep their details",
            8,
            Answer::Unknown,
        ),
        answer(
            "consent_police",
            "Consent to share with police",
            8,
            Answer::Unknown,
        ),
        answer(
            "consent_agencies",
            "Consent to share with agencies",
            8,
            Answer::Unknown,
        ),
        when(
            "follow_up",
            "Follow up",
            9,
            Lean::Future,
            "e.g. in 3 days, tomorrow, friday; empty for none",
        ),
        follow_action,
    ]
}
