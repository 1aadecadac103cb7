//! The intake form's state: fields, focus, caller matches, and its draft.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, Utc};

use super::fields::{self, CONSENT, Field, NEXT_STEPS, SAFE_CONTACT, SECTIONS};
use crate::domain::person_history::part_value;
use crate::domain::{Answer, Id, ListKind, ReferenceList};
use crate::service::views::PersonCard;
use crate::service::{Centre, Draft, PersonMatch, PersonQuery};
use crate::ui::widgets::field::{Choice, Kind, Pick};

/// An attached caller's record, in words, by section: what the form would have asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnFile {
    pub safe_contact: Vec<(&'static str, String)>,
    pub consents: Vec<(&'static str, String)>,
}

impl OnFile {
    pub fn from_card(card: &PersonCard) -> OnFile {
        let p = &card.person;
        let d = p.details();
        let consent = |part: &str| part_value(&d, part, &|c: &str| c.to_string());
        let mut languages = if card.languages.is_empty() {
            "not recorded".to_string()
        } else {
            card.languages.join(", ")
        };
        languages.push_str(if p.interpreter_needed {
            " · needs an interpreter"
        } else {
            " · no interpreter"
        });
        OnFile {
            safe_contact: vec![
                ("Safe to", crate::ui::screens::person::safe_contact(p)),
                ("Languages", languages),
            ],
            consents: vec![
                ("Keep their details", consent("consent to keep")),
                ("Share with police", consent("consent to share with police")),
                (
                    "Share with agencies",
                    consent("consent to share with agencies"),
                ),
            ],
        }
    }
}

/// The form, independent of how it is drawn.
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub draft_id: Id,
    pub started_at: chrono::DateTime<Utc>,
    /// People on file who may be the caller.
    pub matches: Vec<PersonMatch>,
    /// Someone the user may not see may be the caller: they are told to ask a
    /// caseworker, and shown nothing about who.
    pub elsewhere: bool,
    pub match_cursor: usize,
    /// The person on file this intake is attached to.
    pub attached: Option<PersonMatch>,
    /// What is on file for the attached caller, once read: shown in place of the
    /// questions it answers.
    pub on_file: Option<OnFile>,
    /// The signed-in login is a reporting centre's: every report is its centre's, and
    /// what happens next is for the council.
    pub centre_login: bool,
    /// The centre a draft named, until the directory's centres arrive.
    pending_centre: Option<String>,
}

const CALLER_DETAILS: [&str; 6] = [
    "given_names",
    "family_name",
    "phone",
    "postcode",
    "email",
    "name_order",
];

impl Form {
    /// An empty form, started at `now` (wall-clock time, as the screen sees it).
    pub fn new(lists: &dyn Fn(ListKind) -> ReferenceList, now: NaiveDateTime) -> Form {
        let mut form = Form {
            fields: fields::all(lists),
            focus: 0,
            draft_id: Id::new(),
            started_at: crate::domain::clock::from_local(now),
            matches: Vec::new(),
            elsewhere: false,
            match_cursor: 0,
            attached: None,
            centre_login: false,
            pending_centre: None,
            on_file: None,
        };
        // Most callers are the person it happened to (the caller kind's default): the
        // name is asked first, and shift-tab goes back to the kind.
        form.focus = form.index("given_names").unwrap_or(0);
        form
    }

    /// A form filled from a saved draft.
    pub fn from_draft(draft: &Draft, lists: &dyn Fn(ListKind) -> ReferenceList) -> Form {
        let mut form = Form::new(
            lists,
            crate::domain::clock::local(draft.started_at).naive_local(),
        );
        form.draft_id = draft.id;
        form.started_at = draft.started_at;
        for f in &mut form.fields {
            if let Some(v) = draft.values.get(f.id) {
                f.kind.set_text(v);
            }
        }
        if let (Some(id), Some(name)) = (
            draft.values.get("attached_id"),
            draft.values.get("attached_name"),
        ) && let Ok(id) = id.parse()
        {
            form.attached = Some(PersonMatch {
                id,
                display_name: name.clone(),
                phone: None,
                postcode: None,
                matched_on: Vec::new(),
                score: 0,
            });
        }
        form.pending_centre = draft.values.get("centre").cloned();
        if let Some(f) = draft.values.get("focus").and_then(|f| form.index(f)) {
            form.focus = f;
        }
        form
    }

    /// The draft to keep for this form.
    pub fn to_draft(&self) -> Draft {
        let mut values: BTreeMap<String, String> = self
            .fields
            .iter()
            .map(|f| (f.id.to_string(), f.kind.text()))
            .collect();
        if let Some(a) = &self.attached {
            values.insert("attached_id".into(), a.id.to_string());
            values.insert("attached_name".into(), a.display_name.clone());
        }
        values.insert("focus".into(), self.fields[self.focus].id.to_string());
        Draft {
            id: self.draft_id,
            form: "intake".into(),
            values,
            started_at: self.started_at,
            // Stamped by the service when it is kept.
            saved_at: self.started_at,
        }
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    pub fn field(&self, id: &str) -> &Field {
        &self.fields[self.index(id).expect("a field of this form")]
    }

    /// A field's value as text.
    pub fn value(&self, id: &str) -> String {
        self.field(id).kind.text()
    }

    /// A yes/no field's answer.
    pub fn answer(&self, id: &str) -> Answer {
        match self.field(id).kind {
            Kind::Answer(a) => a,
            _ => Answer::Unknown,
        }
    }

    /// The chosen caller kind code (`victim`, `anonymous` ...).
    pub fn caller(&self) -> String {
        self.value("caller")
    }

    /// The directory's reporting centres, as the service gave them; `own` when the
    /// login is a centre's (then its centre is the only one, and chosen).
    pub fn set_centres(&mut self, centres: &[Centre], own: bool) {
        let i = self.index("centre").expect("the centre field");
        let chosen = self
            .pending_centre
            .take()
            .unwrap_or_else(|| self.fields[i].kind.text());
        let options = centres
            .iter()
            .map(|c| Choice {
                code: c.id.to_string(),
                label: c.name.clone(),
            })
            .collect();
        let mut pick = Pick::new(options, false);
        pick.set_codes(&[chosen]);
        if own && let [mine] = centres {
            pick.set_codes(&[mine.id.to_string()]);
            let caller = self.index("caller").expect("the caller field");
            self.fields[caller].kind.set_text("centre");
            if let Some(reference) = self.index("centre_reference") {
                self.focus = reference;
            }
        }
        self.fields[i].kind = Kind::Pick(pick);
        self.centre_login = own;
        self.fix_focus();
    }

    /// The centre a centre's own login reports for, by name: shown, not asked.
    pub fn own_centre(&self) -> Option<String> {
        if !self.centre_login {
            return None;
        }
        let i = self.index("centre")?;
        match &self.fields[i].kind {
            Kind::Pick(p) => p.labels().first().map(|l| l.to_string()),
            _ => None,
        }
    }

    /// Whether the report holds nobody's identity: an anonymous caller, or a centre's
    /// report made anonymously there.
    pub fn is_anonymous(&self) -> bool {
        let caller = self.caller();
        caller == "anonymous" || (caller == "centre" && self.value("centre_consent") == "anonymous")
    }

    /// Whether a field is asked, given the answers so far.
    pub fn visible(&self, i: usize) -> bool {
        let f = &self.fields[i];
        let caller = self.caller();
        let anonymous = self.is_anonymous();
        match f.id {
            id if CALLER_DETAILS.contains(&id) => !anonymous && self.attached.is_none(),
            "victim_name" => caller == "on_behalf",
            "referral_source" => caller == "referral",
            "caller" => !self.centre_login,
            "centre" => caller == "centre" && !self.centre_login,
            "centre_reference" | "centre_reported" | "centre_consent" => caller == "centre",
            _ if self.centre_login && f.section == NEXT_STEPS => false,
            "police_force" | "crime_reference" => self.answer("police_reported") == Answer::Yes,
            // Nobody to ask about, or a caller on file whose rules and consents are
            // shown from their record rather than asked again.
            _ if anonymous || self.attached.is_some() => {
                f.section != SAFE_CONTACT && f.section != CONSENT
            }
            _ => true,
        }
    }

    /// The next visible field after (or before) `from`, if any.
    pub fn step(&self, from: usize, forward: bool) -> Option<usize> {
        let n = self.fields.len();
        let mut i = from;
        loop {
            i = if forward { i + 1 } else { i.checked_sub(1)? };
            if i >= n {
                return None;
            }
            if self.visible(i) {
                return Some(i);
            }
        }
    }

    /// A pick list left with a filter typed takes its highlighted match, so "eng" and
    /// moving on means English. Returns whether an answer changed.
    pub fn settle_typed(&mut self) -> bool {
        match &mut self.fields[self.focus].kind {
            Kind::Pick(p) => p.take_typed(),
            _ => false,
        }
    }

    /// Moves focus one field on or back; stays put at either end.
    pub fn move_focus(&mut self, forward: bool) {
        if let Some(i) = self.step(self.focus, forward) {
            self.focus = i;
        }
    }

    /// Moves to the first visible field of the next (or this, going back: the previous) section.
    pub fn move_section(&mut self, forward: bool) {
        let here = self.fields[self.focus].section;
        let target = if forward {
            (here + 1..SECTIONS.len()).find(|s| self.first_in(*s).is_some())
        } else {
            let start = self.first_in(here);
            if start.is_some_and(|s| s < self.focus) {
                Some(here)
            } else {
                (0..here).rev().find(|s| self.first_in(*s).is_some())
            }
        };
        if let Some(i) = target.and_then(|s| self.first_in(s)) {
            self.focus = i;
        }
    }

    fn first_in(&self, section: usize) -> Option<usize> {
        (0..self.fields.len()).find(|i| self.fields[*i].section == section && self.visible(*i))
    }

    /// After answers change, focus may sit on a field that is no longer asked.
    pub fn fix_focus(&mut self) {
        if !self.visible(self.focus) {
            self.focus = self
                .step(self.focus, true)
                .or_else(|| self.step(self.focus, false))
                .unwrap_or(0);
        }
    }

    /// What to look for among people on file, from the caller's details.
    pub fn query(&self) -> PersonQuery {
        if self.attached.is_some() || self.is_anonymous() || self.centre_login {
            return PersonQuery::default();
        }
        let name = format!(
            "{} {}",
            self.value("given_names"),
            self.value("family_name")
        );
        PersonQuery {
            name: name.trim().to_string(),
            phone: self.value("phone"),
            postcode: self.value("postcode"),
        }
    }

    /// Clears every error mark.
    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Marks a field wrong; returns whether the field exists.
    pub fn set_error(&mut self, id: &str, message: String) -> bool {
        match self.index(id) {
            Some(i) => {
                self.fields[i].error = Some(message);
                true
            }
            None => false,
        }
    }

    /// Focuses the first field marked wrong.
    pub fn focus_first_error(&mut self) {
        if let Some(i) =
            (0..self.fields.len()).find(|i| self.fields[*i].error.is_some() && self.visible(*i))
        {
            self.focus = i;
        }
    }

    /// Parses date fields now, so errors show as soon as the text is wrong.
    pub fn check_dates(&mut self, now: NaiveDateTime) {
        for f in &mut self.fields {
            if let Some(r) = f.kind.when(now) {
                f.error = r.err().map(|e| e.to_string());
            } else if matches!(f.kind, Kind::When { .. }) {
                f.error = None;
            }
        }
    }
}
