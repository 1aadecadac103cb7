//! Dialogs on one follow-up, from the queue or from its case: mark it done (with a
//! note for the case timeline if the worker has one), snooze it, give it to someone else.

use chrono::{Duration, NaiveDate};
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::form_layer::{FormLayer, FormSpec, Submit};
use crate::domain::when::Lean;
use crate::domain::{FollowUpId, UserId};
use crate::ui::component::Ctx;
use crate::ui::msg::{CaseChange, Effect, Team};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// The follow-up a dialog is about, as the worker knows it.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: FollowUpId,
    /// What to do (stored text).
    pub action: String,
    pub due: NaiveDate,
    /// The case's reference and safeguarding marker, when it has a case.
    pub banner: Vec<String>,
}

impl Target {
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut out: Vec<Line<'static>> = self
            .banner
            .iter()
            .map(|b| {
                let style = if b.starts_with('!') {
                    t.warn()
                } else {
                    t.heading()
                };
                Line::from(Span::styled(b.clone(), style))
            })
            .collect();
        out.push(Line::from(format!(
            "Due {}: {}",
            self.due.format("%a %-d %b %Y"),
            shown(&self.action)
        )));
        out
    }
}

/// "Done": an optional note that goes on the case timeline.
struct CompleteSpec(Target);

impl FormSpec for CompleteSpec {
    fn title(&self) -> String {
        "Mark the follow-up done".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.0.intro(t)
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let note = form.text("note");
        let note = (!note.trim().is_empty()).then(|| note.trim().to_string());
        Submit::Run(Effect::Change(CaseChange::CompleteFollowUp(
            self.0.id, note,
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "note" || path == "text").then_some("note")
    }
}

/// The dialog that marks a follow-up done.
pub fn complete(target: Target) -> FormLayer {
    let form = FormBox::new(vec![
        BoxField::new("note", "Note (optional)", Kind::Text(Input::default()))
            .placeholder("what was done; enter saves"),
    ]);
    FormLayer::new(CompleteSpec(target), form)
}

const TOMORROW: &str = "tomorrow";
const NEXT_WEEK: &str = "next_week";
const TYPED: &str = "typed";

/// "Snooze": tomorrow, next week, or a typed day.
struct SnoozeSpec {
    target: Target,
    today: NaiveDate,
}

impl FormSpec for SnoozeSpec {
    fn title(&self) -> String {
        "Snooze the follow-up".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.target.intro(t)
    }
    fn changed(&mut self, form: &mut FormBox) {
        let typed = form.chosen("to").as_deref() == Some(TYPED);
        form.set_shown("date", typed);
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let to = match form.chosen("to").as_deref() {
            Some(TOMORROW) => self.today + Duration::days(1),
            Some(NEXT_WEEK) => self.today + Duration::days(7),
            _ => match form.when("date", cx.now) {
                Some(Ok(w)) => w.date,
                Some(Err(e)) => return Submit::Problems(vec![("date", e.0)]),
                None => {
                    return Submit::Problems(vec![(
                        "date",
                        "say which day: e.g. friday, in 2 weeks, 1/12".into(),
                    )]);
                }
            },
        };
        if to < self.today {
            return Submit::Problems(vec![(
                "date",
                "is in the past: choose today or later".into(),
            )]);
        }
        Submit::Run(Effect::Change(CaseChange::SnoozeFollowUp(
            self.target.id,
            to,
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "due").then_some("date")
    }
}

/// The dialog that moves a follow-up to another day; Enter on "tomorrow" does it.
pub fn snooze(target: Target, today: NaiveDate) -> FormLayer {
    let day = |d: NaiveDate| d.format("%a %-d %b").to_string();
    let options = vec![
        Choice {
            code: TOMORROW.into(),
            label: format!("Tomorrow ({})", day(today + Duration::days(1))),
        },
        Choice {
            code: NEXT_WEEK.into(),
            label: format!("Next week ({})", day(today + Duration::days(7))),
        },
        Choice {
            code: TYPED.into(),
            label: "Another day: type it".into(),
        },
    ];
    let form = FormBox::new(vec![
        BoxField::new("to", "Move to", pick_with(options, Some(TOMORROW))),
        BoxField::new(
            "date",
            "Day",
            Kind::When {
                input: Input::default(),
                lean: Lean::Future,
            },
        ),
    ]);
    FormLayer::new(SnoozeSpec { target, today }, form)
}

/// Active workers as pick-list options, by user id.
pub fn worker_choices(team: &Team) -> Vec<Choice> {
    team.members
        .iter()
        .filter(|m| m.active)
        .map(|m| Choice {
            code: m.id.to_string(),
            label: m.name.clone(),
        })
        .collect()
}

/// "Reassign": pick another worker.
struct ReassignSpec(Target);

impl FormSpec for ReassignSpec {
    fn title(&self) -> String {
        "Give the follow-up to".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.0.intro(t)
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        match form.chosen("to").and_then(|c| c.parse::<UserId>().ok()) {
            Some(to) => Submit::Run(Effect::Change(CaseChange::ReassignFollowUp(self.0.id, to))),
            None => Submit::Problems(vec![("to", "choose a worker".into())]),
        }
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "assignee").then_some("to")
    }
}

/// The dialog that gives a follow-up to another worker; the current one is highlighted.
pub fn reassign(target: Target, team: &Team, current: Option<UserId>) -> FormLayer {
    let current = current.map(|u| u.to_string());
    let form = FormBox::new(vec![BoxField::new(
        "to",
        "Worker",
        pick_with(worker_choices(team), current.as_deref()),
    )]);
    FormLayer::new(ReassignSpec(target), form)
}
