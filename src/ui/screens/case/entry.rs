//! The add-entry dialog (and its twin, correcting an entry): what happened, with whom,
//! how long a call took, the crime reference a police contact gave, and, when the
//! worker types a date, the follow-up it calls for, all saved together.

use chrono::NaiveDateTime;
use ratatui::text::Line;
use tui_input::Input;

use super::dialogs::{Banner, to_utc, when_field};
use crate::domain::when::Lean;
use crate::domain::{Direction, EntryKind, Priority, TimelineEntry, TimelineId};
use crate::service::{EntryWith, MAX_CALL_MINUTES, NewEntry, NewFollowUp};
use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{CaseChange, Effect};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, notes};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// Kinds of entry a worker adds by hand (status changes, done follow-ups and
/// referrals are written by those actions themselves).
pub const ENTRY_KINDS: [(&str, &str); 11] = [
    ("note", "Note"),
    ("call_in", "Phone call in"),
    ("call_out", "Phone call out"),
    ("letter_out", "Letter sent"),
    ("letter_in", "Letter received"),
    ("email_out", "Email sent"),
    ("email_in", "Email received"),
    ("meeting", "Meeting"),
    ("mediation", "Mediation"),
    ("police", "Police contact"),
    ("evidence", "Evidence received"),
];

/// Words of the note a follow-up's default "to do" quotes.
const QUOTED_WORDS: usize = 5;

/// The label of the "who" field for a kind of entry, when it has one.
fn with_label(code: &str) -> Option<&'static str> {
    match code {
        "call_in" | "call_out" | "meeting" => Some("With whom"),
        "letter_out" | "email_out" => Some("Sent to"),
        "letter_in" | "email_in" => Some("From"),
        "mediation" => Some("Between"),
        _ => None,
    }
}

fn is_call(code: &str) -> bool {
    matches!(code, "call_in" | "call_out")
}

fn entry_kind(code: &str, with: String, minutes: Option<u32>) -> EntryKind {
    let dir = |out: bool| {
        if out {
            Direction::Outgoing
        } else {
            Direction::Incoming
        }
    };
    match code {
        "call_in" | "call_out" => EntryKind::PhoneCall {
            direction: dir(code == "call_out"),
            with,
            minutes,
        },
        "letter_in" | "letter_out" | "email_in" | "email_out" => EntryKind::Letter {
            direction: dir(code.ends_with("out")),
            counterpart: with,
            email: code.starts_with("email"),
            letter: None,
        },
        "meeting" => EntryKind::Meeting { with },
        "mediation" => EntryKind::Mediation { parties: with },
        "police" => EntryKind::PoliceContact,
        "evidence" => EntryKind::EvidenceReceived,
        _ => EntryKind::Note,
    }
}

/// What a stored entry gives the dialog back: the pick-list code, the "who" and a
/// call's minutes. Kinds made by actions become notes.
struct Prefill {
    code: &'static str,
    with: String,
    minutes: Option<u32>,
}

fn prefill(kind: &EntryKind) -> Prefill {
    let out = |d: &Direction| *d == Direction::Outgoing;
    let (code, with, minutes) = match kind {
        EntryKind::PhoneCall {
            direction,
            with,
            minutes,
        } => {
            let code = if out(direction) {
                "call_out"
            } else {
                "call_in"
            };
            (code, with.clone(), *minutes)
        }
        EntryKind::Letter {
            direction,
            counterpart,
            email,
            ..
        } => {
            let code = match (email, out(direction)) {
                (true, true) => "email_out",
                (true, false) => "email_in",
                (false, true) => "letter_out",
                (false, false) => "letter_in",
            };
            (code, counterpart.clone(), None)
        }
        EntryKind::Meeting { with } => ("meeting", with.clone(), None),
        EntryKind::Mediation { parties } => ("mediation", parties.clone(), None),
        EntryKind::PoliceContact => ("police", String::new(), None),
        EntryKind::EvidenceReceived => ("evidence", String::new(), None),
        _ => ("note", String::new(), None),
    };
    Prefill {
        code,
        with,
        minutes,
    }
}

/// What a follow-up from this entry is for, when the entry says: "Call back Amina
/// Hassan" after a call. Empty when only the note can say.
fn default_to_do(code: &str, with: &str) -> String {
    let who = with.trim();
    match code {
        "police" => "Follow up with the police".into(),
        _ if who.is_empty() => String::new(),
        "call_in" | "call_out" => format!("Call back {who}"),
        "letter_out" | "email_out" => format!("Chase a reply from {who}"),
        "letter_in" | "email_in" => format!("Reply to {who}"),
        "meeting" => format!("Follow up the meeting with {who}"),
        _ => String::new(),
    }
}

/// "Follow up on: Rang the council, no answer, will …": what an empty "to do" means.
fn follow_up_on(note: &str) -> String {
    let words: Vec<&str> = note.split_whitespace().collect();
    let mut quoted = words
        .iter()
        .take(QUOTED_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > QUOTED_WORDS {
        quoted.push_str(" …");
    }
    if quoted.is_empty() {
        "Follow up on this case".into()
    } else {
        format!("Follow up on: {quoted}")
    }
}

/// Minutes as typed: empty is "not said", anything else must be a whole number of them.
fn minutes(typed: &str) -> Result<Option<u32>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let bad = || format!("type the minutes as digits, 1 to {MAX_CALL_MINUTES}");
    if !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    match typed.parse::<u32>() {
        Ok(n) if (1..=MAX_CALL_MINUTES).contains(&n) => Ok(Some(n)),
        _ => Err(bad()),
    }
}

struct EntrySpec {
    banner: Banner,
    /// The entry corrected, and when it was, as shown.
    corrects: Option<(TimelineId, String)>,
    /// The "to do" last filled in for the worker; replaced as the entry changes until
    /// the worker types their own.
    auto_to_do: String,
}

impl EntrySpec {
    /// The follow-up the entry asks for, if a date is typed; problems by field if wrong.
    fn follow_up(
        &self,
        form: &FormBox,
        now: NaiveDateTime,
    ) -> Result<Option<NewFollowUp>, (&'static str, String)> {
        let due = match form.when("follow", now) {
            None => return Ok(None),
            Some(Err(e)) => return Err(("follow", e.0)),
            Some(Ok(w)) => w,
        };
        let past = due.date < now.date()
            || (due.date == now.date() && due.time.is_some_and(|t| t <= now.time()));
        if past {
            return Err(("follow", "is in the past: a follow-up is for later".into()));
        }
        let typed = form.text("to_do").trim().to_string();
        let action = if typed.is_empty() {
            follow_up_on(&form.text("text"))
        } else {
            typed
        };
        Ok(Some(NewFollowUp {
            due: due.date,
            due_time: due.time,
            assignee: None,
            priority: Priority::Normal,
            action,
        }))
    }

    fn at(
        &self,
        form: &FormBox,
        now: NaiveDateTime,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, (&'static str, String)> {
        match form.when("when", now) {
            // Left empty: now, by the clock that records it.
            None => Ok(None),
            Some(Ok(w)) => to_utc(w).map(Some).ok_or((
                "when",
                "that time did not happen here (the clocks changed)".into(),
            )),
            Some(Err(e)) => Err(("when", e.0)),
        }
    }
}

impl FormSpec for EntrySpec {
    fn title(&self) -> String {
        match self.corrects {
            Some(_) => "Correct an entry".into(),
            None => "Add to the timeline".into(),
        }
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut out = self.banner.intro(t);
        if let Some((_, when)) = &self.corrects {
            out.push(Line::from(format!(
                "Corrects the entry of {when}, which stays on the timeline marked corrected."
            )));
        }
        out
    }
    fn changed(&mut self, form: &mut FormBox) {
        let code = form.chosen("kind").unwrap_or_default();
        match with_label(&code) {
            Some(label) => {
                form.field_mut("with").label = label.into();
                form.set_shown("with", true);
            }
            None => form.set_shown("with", false),
        }
        form.set_shown("minutes", is_call(&code));
        form.set_shown("crime", code == "police");
        let with = if form.field("with").shown {
            form.text("with")
        } else {
            String::new()
        };
        let auto = default_to_do(&code, &with);
        if form.text("to_do") == self.auto_to_do {
            form.field_mut("to_do").kind.set_text(&auto);
        }
        self.auto_to_do = auto;
        form.field_mut("to_do").placeholder = follow_up_on(&form.text("text"));
        let following = !form.text("follow").trim().is_empty();
        form.set_shown("to_do", following);
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let code = form.chosen("kind").unwrap_or_else(|| "note".into());
        let mut problems = Vec::new();
        let at = self.at(form, cx.now).unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let minutes = match is_call(&code) {
            true => minutes(&form.text("minutes")).unwrap_or_else(|m| {
                problems.push(("minutes", m));
                None
            }),
            false => None,
        };
        let follow_up = self.follow_up(form, cx.now).unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        if !problems.is_empty() {
            return Submit::Problems(problems);
        }
        let shown = |id| {
            form.field(id)
                .shown
                .then(|| form.text(id).trim().to_string())
        };
        let entry = NewEntry {
            case: self.banner.case,
            at,
            kind: entry_kind(&code, shown("with").unwrap_or_default(), minutes),
            text: form.text("text"),
            corrects: self.corrects.as_ref().map(|(id, _)| *id),
        };
        let with = EntryWith {
            follow_up,
            crime_reference: shown("crime").filter(|r| !r.is_empty()),
        };
        Submit::Run(Effect::Change(CaseChange::AddEntry(
            Box::new(entry),
            Box::new(with),
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "text" => Some("text"),
            "at" => Some("when"),
            "kind" => Some("kind"),
            "kind.minutes" => Some("minutes"),
            "follow_up.action" => Some("to_do"),
            p if p.starts_with("follow_up") => Some("follow"),
            p if p.starts_with("crime_reference") => Some("crime"),
            p if p.starts_with("kind.") => Some("with"),
            _ => None,
        }
    }
}

/// The add-entry dialog, typing straight into the note; with `corrects`, it starts
/// from the entry being corrected.
pub fn add_entry(banner: Banner, corrects: Option<(&TimelineEntry, String)>) -> FormLayer {
    let (fill, text) = match corrects {
        Some((e, _)) => (prefill(&e.kind), e.text.clone()),
        None => (prefill(&EntryKind::Note), String::new()),
    };
    let kinds = ENTRY_KINDS
        .iter()
        .map(|(c, l)| Choice {
            code: (*c).into(),
            label: (*l).into(),
        })
        .collect();
    let minutes = fill.minutes.map(|m| m.to_string()).unwrap_or_default();
    let mut form = FormBox::new(vec![
        BoxField::new("kind", "Kind", pick_with(kinds, Some(fill.code))),
        when_field("when", "When", Lean::Past, "").placeholder("now (or e.g. yesterday 3pm)"),
        BoxField::new("with", "With whom", Kind::Text(Input::new(fill.with))),
        BoxField::new("minutes", "Minutes", Kind::Text(Input::new(minutes)))
            .placeholder("how long the call took (optional)"),
        BoxField::new("crime", "Crime reference", Kind::Text(Input::default()))
            .placeholder("the police's reference (optional)"),
        BoxField::new("text", "What happened", notes(&text)),
        when_field("follow", "Follow up", Lean::Future, "")
            .placeholder("e.g. in 3 days, fri 10am (optional)"),
        BoxField::new("to_do", "To do", Kind::Text(Input::default())),
    ]);
    form.focus_on("text");
    let corrects = corrects.map(|(e, when)| (e.id, when));
    FormLayer::new(
        EntrySpec {
            banner,
            corrects,
            auto_to_do: String::new(),
        },
        form,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_digits_within_ten_hours() {
        assert_eq!(minutes(""), Ok(None));
        assert_eq!(minutes(" 12 "), Ok(Some(12)));
        assert_eq!(minutes("600"), Ok(Some(600)));
        for bad in ["0", "601", "12m", "-3", "1.5", "99999999999"] {
            assert!(minutes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_follow_up_says_what_it_is_for() {
        assert_eq!(
            default_to_do("call_out", " Amina Hassan "),
            "Call back Amina Hassan"
        );
        assert_eq!(default_to_do("note", "x"), "");
        assert_eq!(default_to_do("call_in", ""), "");
        assert_eq!(
            follow_up_on("Rang the council:\nno answer, will try again"),
            "Follow up on: Rang the council: no answer, …"
        );
        assert_eq!(follow_up_on("  "), "Follow up on this case");
    }
}
