//! The administrator's settings dialog: how many consultations of one group in 90
//! days make logging another warn, and how long a sent referral waits for an answer
//! before it is chased, by default and for each kind of agency. The service checks
//! the numbers and names any that is wrong.

use std::collections::BTreeMap;

use ratatui::text::Line;
use tui_input::Input;

use super::form_layer::{FormLayer, FormSpec, Submit};
use crate::domain::ListKind;
use crate::service::{MAX_CHASE_DAYS, MAX_CONSULTATION_LIMIT, WorkSettings};
use crate::ui::component::Ctx;
use crate::ui::msg::{AdminEffect, Effect};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::Kind;
use crate::ui::widgets::form_box::{BoxField, FormBox};

/// The fields of the agency kinds' waits, one a kind in the list's order. A list
/// longer than this keeps the waits of the kinds past the end as they are.
const CHASE_IDS: [&str; 24] = [
    "chase_0", "chase_1", "chase_2", "chase_3", "chase_4", "chase_5", "chase_6", "chase_7",
    "chase_8", "chase_9", "chase_10", "chase_11", "chase_12", "chase_13", "chase_14", "chase_15",
    "chase_16", "chase_17", "chase_18", "chase_19", "chase_20", "chase_21", "chase_22", "chase_23",
];

struct SettingsSpec {
    /// The agency kinds with a field, by code, in the fields' order.
    kinds: Vec<String>,
    /// The settings as they were, for the waits of kinds without a field.
    was: WorkSettings,
}

fn text(id: &'static str, label: impl Into<String>, value: String) -> BoxField {
    BoxField::new(id, label, Kind::Text(Input::new(value)))
}

/// The dialog, filled with the settings as they are.
pub fn settings_dialog(was: WorkSettings, cx: &Ctx) -> FormLayer {
    let list = cx.list(ListKind::AgencyKind);
    let offered = list.entries.iter().filter(|e| !e.retired);
    let mut fields = vec![
        text(
            "limit",
            "Limit in 90 days",
            was.consultation_limit.to_string(),
        ),
        text(
            "chase_default",
            "Chase after (days)",
            was.chase_default_days.to_string(),
        )
        .placeholder("days"),
    ];
    let mut kinds = Vec::new();
    for (entry, id) in offered.zip(CHASE_IDS) {
        let days = was.chase_by_kind.get(&entry.code);
        let field = text(
            id,
            entry.label.clone(),
            days.map_or(String::new(), u32::to_string),
        );
        fields.push(field.placeholder(format!("the default ({})", was.chase_default_days)));
        kinds.push(entry.code.clone());
    }
    FormLayer::new(SettingsSpec { kinds, was }, FormBox::new(fields))
}

/// A whole number typed in a field, or what is wrong with it.
fn number(
    form: &FormBox,
    id: &'static str,
    most: u32,
) -> Result<Option<u32>, (&'static str, String)> {
    let t = form.text(id);
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| (id, format!("`{t}` is not a whole number: 1 to {most}")))
}

impl FormSpec for SettingsSpec {
    fn title(&self) -> String {
        "Settings".into()
    }

    fn width(&self) -> u16 {
        76
    }

    fn intro(&self, _t: Theme) -> Vec<Line<'static>> {
        vec![
            Line::from("Logging a consultation warns once a group was consulted this many"),
            Line::from("times in 90 days. A sent referral with no answer is chased after the"),
            Line::from("days given for its kind of agency; a kind left empty waits the default."),
        ]
    }

    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let mut problems = Vec::new();
        let mut read = |id, most| {
            number(form, id, most).unwrap_or_else(|p| {
                problems.push(p);
                None
            })
        };
        let limit = read("limit", MAX_CONSULTATION_LIMIT);
        let default = read("chase_default", MAX_CHASE_DAYS);
        let mut by_kind: BTreeMap<String, u32> = self
            .was
            .chase_by_kind
            .iter()
            .filter(|(k, _)| !self.kinds.contains(k))
            .map(|(k, d)| (k.clone(), *d))
            .collect();
        for (kind, id) in self.kinds.iter().zip(CHASE_IDS) {
            if let Some(d) = read(id, MAX_CHASE_DAYS) {
                by_kind.insert(kind.clone(), d);
            }
        }
        for (id, value) in [("limit", limit), ("chase_default", default)] {
            if value.is_none() && form.text(id).trim().is_empty() {
                problems.push((id, "give a number".into()));
            }
        }
        if !problems.is_empty() {
            return Submit::Problems(problems);
        }
        Submit::Run(Effect::Admin(AdminEffect::SetWorkSettings(Box::new(
            WorkSettings {
                consultation_limit: limit.unwrap_or_default(),
                chase_default_days: default.unwrap_or_default(),
                chase_by_kind: by_kind,
            },
        ))))
    }

    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "consultation_limit" => Some("limit"),
            "chase.default" => Some("chase_default"),
            _ => {
                let kind = path.strip_prefix("chase.")?;
                let i = self.kinds.iter().position(|k| k == kind)?;
                CHASE_IDS.get(i).copied()
            }
        }
    }
}
