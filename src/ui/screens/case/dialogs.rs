//! The case screen's dialogs: add (or correct) a timeline entry, change the status,
//! edit the details, add a follow-up. Each shows the case's reference and safeguarding
//! marker over its fields, so the marker is on every screen of the case.

use chrono::{DateTime, Local, TimeZone, Utc};
use ratatui::text::{Line, Span};
use tui_input::Input;

use crate::domain::when::{Lean, When};
use crate::domain::{
    CaseId, CaseStatus, Closure, Direction, EntryKind, ListKind, Priority, RiskLevel,
    TimelineEntry, UserId,
};
use crate::service::{NewEntry, NewFollowUp, StatusChange, UpdateCase};
use crate::ui::component::Ctx;
use crate::ui::layers::follow_up::worker_choices;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{Effect, Team};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick, notes};
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

pub const PRIORITIES: [(Priority, &str); 4] = [
    (Priority::Low, "low"),
    (Priority::Normal, "normal"),
    (Priority::High, "high"),
    (Priority::Urgent, "urgent"),
];

pub const RISKS: [(RiskLevel, &str); 4] = [
    (RiskLevel::NotAssessed, "not assessed"),
    (RiskLevel::Low, "low"),
    (RiskLevel::Medium, "medium"),
    (RiskLevel::High, "high"),
];

/// What the case dialogs show over their fields.
#[derive(Debug, Clone)]
pub struct Banner {
    pub case: CaseId,
    /// `C-2026-0001 · Hate crime`, and `! SAFEGUARDING: ...` when flagged (inert).
    pub lines: Vec<String>,
}

impl Banner {
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.lines
            .iter()
            .map(|l| {
                let style = if l.starts_with('!') {
                    t.warn()
                } else {
                    t.heading()
                };
                Line::from(Span::styled(l.clone(), style))
            })
            .collect()
    }
}

/// Options whose code is their label (priorities, risks: fixed words, not lists).
fn word_choices<T>(items: &[(T, &str)]) -> Vec<Choice> {
    items
        .iter()
        .map(|(_, label)| Choice {
            code: (*label).into(),
            label: capitalised(label),
        })
        .collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A typed local date and time as stored: UTC.
fn to_utc(w: When) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&w.to_naive())
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

fn when_field(id: &'static str, label: &str, lean: Lean, text: &str) -> BoxField {
    BoxField::new(
        id,
        label,
        Kind::When {
            input: Input::new(text.to_string()),
            lean,
        },
    )
}

// ---- timeline entries ----------------------------------------------------------------

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

fn entry_kind(code: &str, with: String) -> EntryKind {
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
            minutes: None,
        },
        "letter_in" | "letter_out" | "email_in" | "email_out" => EntryKind::Letter {
            direction: dir(code.ends_with("out")),
            counterpart: with,
            email: code.starts_with("email"),
        },
        "meeting" => EntryKind::Meeting { with },
        "mediation" => EntryKind::Mediation { parties: with },
        "police" => EntryKind::PoliceContact,
        "evidence" => EntryKind::EvidenceReceived,
        _ => EntryKind::Note,
    }
}

/// The pick-list code and "who" of a stored kind; kinds made by actions become notes.
fn code_of(kind: &EntryKind) -> (&'static str, String) {
    let out = |d: &Direction| *d == Direction::Outgoing;
    match kind {
        EntryKind::PhoneCall {
            direction, with, ..
        } => (
            if out(direction) {
                "call_out"
            } else {
                "call_in"
            },
            with.clone(),
        ),
        EntryKind::Letter {
            direction,
            counterpart,
            email,
        } => {
            let code = match (email, out(direction)) {
                (true, true) => "email_out",
                (true, false) => "email_in",
                (false, true) => "letter_out",
                (false, false) => "letter_in",
            };
            (code, counterpart.clone())
        }
        EntryKind::Meeting { with } => ("meeting", with.clone()),
        EntryKind::Mediation { parties } => ("mediation", parties.clone()),
        EntryKind::PoliceContact => ("police", String::new()),
        EntryKind::EvidenceReceived => ("evidence", String::new()),
        _ => ("note", String::new()),
    }
}

struct EntrySpec {
    banner: Banner,
    /// The entry corrected, and when it was, as shown.
    corrects: Option<(crate::domain::TimelineId, String)>,
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
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let at = match form.when("when", cx.now) {
            // Left empty: now, by the clock that records it.
            None => None,
            Some(Ok(w)) => match to_utc(w) {
                Some(at) => Some(at),
                None => {
                    return Submit::Problems(vec![(
                        "when",
                        "that time did not happen here (the clocks changed)".into(),
                    )]);
                }
            },
            Some(Err(e)) => return Submit::Problems(vec![("when", e.0)]),
        };
        let code = form.chosen("kind").unwrap_or_else(|| "note".into());
        let with = if form.field("with").shown {
            form.text("with").trim().to_string()
        } else {
            String::new()
        };
        Submit::Run(Effect::AddEntry(Box::new(NewEntry {
            case: self.banner.case,
            at,
            kind: entry_kind(&code, with),
            text: form.text("text"),
            corrects: self.corrects.as_ref().map(|(id, _)| *id),
        })))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "text" => Some("text"),
            "at" => Some("when"),
            "kind" => Some("kind"),
            p if p.starts_with("kind.") => Some("with"),
            _ => None,
        }
    }
}

/// The add-entry dialog, typing straight into the note; with `corrects`, it starts
/// from the entry being corrected.
pub fn add_entry(banner: Banner, corrects: Option<(&TimelineEntry, String)>) -> FormLayer {
    let (code, with, text) = match corrects {
        Some((e, _)) => {
            let (code, with) = code_of(&e.kind);
            (code, with, e.text.clone())
        }
        None => ("note", String::new(), String::new()),
    };
    let kinds = ENTRY_KINDS
        .iter()
        .map(|(c, l)| Choice {
            code: (*c).into(),
            label: (*l).into(),
        })
        .collect();
    let mut form = FormBox::new(vec![
        BoxField::new("kind", "Kind", pick_with(kinds, Some(code))),
        when_field("when", "When", Lean::Past, "").placeholder("now (or e.g. yesterday 3pm)"),
        BoxField::new("with", "With whom", Kind::Text(Input::new(with))),
        BoxField::new("text", "What happened", notes(&text)),
    ]);
    form.focus_on("text");
    let corrects = corrects.map(|(e, when)| (e.id, when));
    FormLayer::new(EntrySpec { banner, corrects }, form)
}

// ---- status ----------------------------------------------------------------------------

fn status_code(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Open => "open",
        CaseStatus::Active => "active",
        CaseStatus::Waiting => "waiting",
        CaseStatus::OnHold => "on_hold",
        CaseStatus::Closed => "closed",
        CaseStatus::Reopened => "reopened",
    }
}

struct StatusSpec {
    banner: Banner,
    from: CaseStatus,
}

impl FormSpec for StatusSpec {
    fn title(&self) -> String {
        "Change the status".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut out = self.banner.intro(t);
        out.push(Line::from(format!("Now {}.", self.from.label())));
        out
    }
    fn changed(&mut self, form: &mut FormBox) {
        let closing = form.chosen("status").as_deref() == Some("closed");
        form.set_shown("outcome", closing);
        form.field_mut("note").label = if closing { "Closing note" } else { "Note" }.into();
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let chosen = form.chosen("status");
        let Some(to) = CaseStatus::ALL
            .into_iter()
            .find(|s| Some(status_code(*s)) == chosen.as_deref())
        else {
            return Submit::Problems(vec![("status", "choose the new status".into())]);
        };
        let note = form.text("note").trim().to_string();
        let closure = if to.is_closed() {
            let Some(outcome) = form.chosen("outcome") else {
                return Submit::Problems(vec![(
                    "outcome",
                    "a closed case needs an outcome: choose one".into(),
                )]);
            };
            Some(Closure {
                on: cx.now.date(),
                outcome,
                note: note.clone(),
            })
        } else {
            None
        };
        Submit::Run(Effect::ChangeStatus(
            self.banner.case,
            Box::new(StatusChange { to, closure, note }),
        ))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "to" | "closure.on" => Some("status"),
            "closure" | "closure.outcome" => Some("outcome"),
            "closure.note" => Some("note"),
            _ => None,
        }
    }
}

/// The status dialog: only the statuses the case may move to are offered.
pub fn change_status(banner: Banner, from: CaseStatus, cx: &Ctx) -> FormLayer {
    let next: Vec<Choice> = CaseStatus::ALL
        .into_iter()
        .filter(|s| from.can_become(*s))
        .map(|s| Choice {
            code: status_code(s).into(),
            label: capitalised(s.label()),
        })
        .collect();
    let outcomes = cx
        .list(ListKind::Outcome)
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect();
    let form = FormBox::new(vec![
        BoxField::new("status", "New status", Kind::Pick(Pick::new(next, false))),
        BoxField::new("outcome", "Outcome", Kind::Pick(Pick::new(outcomes, false))),
        BoxField::new("note", "Note", notes("")),
    ]);
    FormLayer::new(StatusSpec { banner, from }, form)
}

// ---- details ----------------------------------------------------------------------------

struct EditSpec {
    banner: Banner,
    employment: bool,
}

impl FormSpec for EditSpec {
    fn title(&self) -> String {
        "Edit the case".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.banner.intro(t)
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let risk = form
            .chosen("risk")
            .and_then(|c| RISKS.iter().find(|(_, l)| *l == c).map(|(r, _)| *r));
        let act = if self.employment {
            match form.when("act", cx.now) {
                None => Some(None),
                Some(Ok(w)) => Some(Some(w.date)),
                Some(Err(e)) => return Submit::Problems(vec![("act", e.0)]),
            }
        } else {
            None
        };
        Submit::Run(Effect::UpdateCase(
            self.banner.case,
            Box::new(UpdateCase {
                assigned_to: form.chosen("worker").and_then(|c| c.parse().ok()),
                risk,
                safeguarding: Some(form.codes("safeguarding")),
                act_complained_of: act,
                summary: Some(form.text("summary").trim().to_string()),
                ..UpdateCase::default()
            }),
        ))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "assigned_to" => Some("worker"),
            "summary" => Some("summary"),
            "act_complained_of" => Some("act"),
            p if p.starts_with("safeguarding") => Some("safeguarding"),
            _ => None,
        }
    }
}

/// The details dialog, filled from the case as it is.
pub fn edit_case(banner: Banner, case: &crate::domain::Case, team: &Team, cx: &Ctx) -> FormLayer {
    let worker = case.assigned_to.map(|u| u.to_string());
    let risk = RISKS.iter().find(|(r, _)| *r == case.risk).map(|(_, l)| *l);
    let mut flags = Pick::new(
        cx.list(ListKind::Safeguarding)
            .entries
            .iter()
            .filter(|e| !e.retired || case.safeguarding.contains(&e.code))
            .map(|e| Choice {
                code: e.code.clone(),
                label: e.label.clone(),
            })
            .collect(),
        true,
    );
    flags.set_codes(&case.safeguarding);
    let employment = case.kind == "employment";
    let act = case
        .act_complained_of
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    let mut act = when_field("act", "Act complained of", Lean::Past, &act)
        .placeholder("date of the act (starts the tribunal clock)");
    act.shown = employment;
    let form = FormBox::new(vec![
        BoxField::new(
            "worker",
            "Worker",
            pick_with(worker_choices(team), worker.as_deref()),
        ),
        BoxField::new("risk", "Risk", pick_with(word_choices(&RISKS), risk)),
        BoxField::new("safeguarding", "Safeguarding", Kind::Pick(flags)),
        act,
        BoxField::new("summary", "Summary", notes(&case.summary)),
    ]);
    FormLayer::new(EditSpec { banner, employment }, form)
}

// ---- follow-ups -----------------------------------------------------------------------

struct FollowUpSpec {
    banner: Banner,
}

impl FormSpec for FollowUpSpec {
    fn title(&self) -> String {
        "Add a follow-up".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.banner.intro(t)
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let due = match form.when("due", cx.now) {
            Some(Ok(w)) => w,
            Some(Err(e)) => return Submit::Problems(vec![("due", e.0)]),
            None => {
                return Submit::Problems(vec![(
                    "due",
                    "say when: e.g. in 3 days, friday, 1/12".into(),
                )]);
            }
        };
        if due.date < cx.now.date() {
            return Submit::Problems(vec![("due", "is in the past".into())]);
        }
        let priority = form
            .chosen("priority")
            .and_then(|c| PRIORITIES.iter().find(|(_, l)| *l == c).map(|(p, _)| *p))
            .unwrap_or_default();
        Submit::Run(Effect::AddFollowUp(
            self.banner.case,
            Box::new(NewFollowUp {
                due: due.date,
                due_time: due.time,
                assignee: form
                    .chosen("assignee")
                    .and_then(|c| c.parse::<UserId>().ok()),
                priority,
                action: form.text("action").trim().to_string(),
            }),
        ))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "follow_up.action" => Some("action"),
            "follow_up.assignee" => Some("assignee"),
            _ => None,
        }
    }
}

/// The follow-up dialog: due first, for the signed-in worker unless changed.
pub fn add_follow_up(banner: Banner, team: &Team) -> FormLayer {
    let me = team.me.map(|u| u.to_string());
    let form = FormBox::new(vec![
        when_field("due", "Due", Lean::Future, "").placeholder("e.g. in 3 days, friday"),
        BoxField::new(
            "priority",
            "Priority",
            pick_with(word_choices(&PRIORITIES), Some("normal")),
        ),
        BoxField::new("action", "What to do", Kind::Text(Input::default())),
        BoxField::new(
            "assignee",
            "For",
            pick_with(worker_choices(team), me.as_deref()),
        ),
    ]);
    FormLayer::new(FollowUpSpec { banner }, form)
}
