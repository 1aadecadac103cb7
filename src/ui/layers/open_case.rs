//! From an intake to casework in a couple of keys: open a new case from it (the kind
//! chosen for you: hate crime when the intake names strands), or add it to a case the
//! worker reads out by reference.

use ratatui::text::Line;
use tui_input::Input;

use super::form_layer::{FormLayer, FormSpec, Submit};
use crate::domain::{CaseRef, IncidentId, ListKind};
use crate::service::OpenCase;
use crate::ui::component::Ctx;
use crate::ui::msg::{CaseChange, Effect};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// Opens a case from one intake.
struct OpenSpec {
    incident: IncidentId,
}

impl FormSpec for OpenSpec {
    fn title(&self) -> String {
        "Open a case from this intake".into()
    }
    fn width(&self) -> u16 {
        60
    }
    fn intro(&self, _t: Theme) -> Vec<Line<'static>> {
        vec![Line::from("What kind of case? Enter opens it.")]
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let Some(kind) = form.chosen("kind") else {
            return Submit::Problems(vec![("kind", "choose a kind of case".into())]);
        };
        Submit::Run(Effect::Change(CaseChange::OpenCase(Box::new(OpenCase {
            kind,
            incidents: vec![self.incident],
            // The day as the worker's clock has it, not the machine's.
            opened_on: Some(cx.now.date()),
            ..OpenCase::default()
        }))))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "kind").then_some("kind")
    }
}

/// The dialog opening a case from `incident`; `strands` says whether it named any.
pub fn open_case(incident: IncidentId, strands: bool, cx: &Ctx) -> FormLayer {
    let options: Vec<Choice> = cx
        .list(ListKind::CaseKind)
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect();
    let default = if strands { "hate_crime" } else { "other" };
    let form = FormBox::new(vec![BoxField::new(
        "kind",
        "Kind of case",
        pick_with(options, Some(default)),
    )]);
    FormLayer::new(OpenSpec { incident }, form)
}

/// Adds one intake to an existing case.
struct AttachSpec {
    incident: IncidentId,
}

impl FormSpec for AttachSpec {
    fn title(&self) -> String {
        "Add this intake to a case".into()
    }
    fn width(&self) -> u16 {
        60
    }
    fn intro(&self, _t: Theme) -> Vec<Line<'static>> {
        vec![Line::from(
            "Its people join the case and its follow-ups move to it.",
        )]
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        match form.text("case").parse::<CaseRef>() {
            Ok(case) => Submit::Run(Effect::Change(CaseChange::AttachIntake {
                incident: self.incident,
                case,
            })),
            Err(e) => Submit::Problems(vec![("case", e)]),
        }
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "case").then_some("case")
    }
}

/// The dialog asking which case to add `incident` to.
pub fn attach(incident: IncidentId) -> FormLayer {
    let form = FormBox::new(vec![
        BoxField::new("case", "Case reference", Kind::Text(Input::default()))
            .placeholder("e.g. C-2026-0042"),
    ]);
    FormLayer::new(AttachSpec { incident }, form)
}
