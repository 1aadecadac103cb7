//! The case screen's dialogs: change the status, edit the details, add a follow-up
//! (adding an entry is in `entry.rs`). Each shows the case's reference and
//! safeguarding marker over its fields, so the marker is on every screen of the case.

use chrono::{DateTime, Utc};
use ratatui::text::{Line, Span};
use tui_input::Input;

use crate::domain::when::{Lean, When};
use crate::domain::{CaseId, CaseStatus, Closure, ListKind, Priority, RiskLevel, UserId};
use crate::service::{NewFollowUp, StatusChange, UpdateCase};
use crate::ui::component::Ctx;
use crate::ui::layers::follow_up::worker_choices;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{CaseChange, Effect, Team};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick, notes};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

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
    pub(super) fn intro(&self, t: Theme) -> Vec<Line<'static>> {
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
pub(super) fn to_utc(w: When) -> Option<DateTime<Utc>> {
    crate::domain::clock::from_local_exact(w.to_naive())
}

pub(super) fn when_field(id: &'static str, label: &str, lean: Lean, text: &str) -> BoxField {
    BoxField::new(
        id,
        label,
        Kind::When {
            input: Input::new(text.to_string()),
            lean,
        },
    )
}

// ---- status ----------------------------------------------------------------------------

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
            .find(|s| Some(s.code()) == chosen.as_deref())
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
        Submit::Run(Effect::Change(CaseChange::ChangeStatus(
            self.banner.case,
            Box::new(StatusChange { to, closure, note }),
        )))
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
            code: s.code().into(),
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
    /// The case as read: a save that would undo someone else's change meanwhile is
    /// refused, naming what they changed, and the dialog keeps the typing.
    read: crate::domain::Case,
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
        Submit::Run(Effect::Change(CaseChange::UpdateCase(
            self.banner.case,
            Box::new(UpdateCase {
                assigned_to: form.chosen("worker").and_then(|c| c.parse().ok()),
                risk,
                safeguarding: Some(form.codes("safeguarding")),
                act_complained_of: act,
                summary: Some(form.text("summary").trim().to_string()),
                read: Some(Box::new(self.read.clone())),
                ..UpdateCase::default()
            }),
        )))
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
    FormLayer::new(
        EditSpec {
            banner,
            employment,
            read: case.clone(),
        },
        form,
    )
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
        Submit::Run(Effect::Change(CaseChange::AddFollowUp(
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
        )))
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
