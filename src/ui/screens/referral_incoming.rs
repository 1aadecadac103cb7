//! An agency refers someone to us: a few fields (who referred, the kind of agency,
//! their reference, the day received), then the intake form opens with its source
//! filled in, through the intake's own draft, so nothing on the intake side changes.

use std::collections::BTreeMap;

use ratatui::text::{Line, Span};
use tui_input::Input;

use crate::domain::ListKind;
use crate::domain::when::Lean;
use crate::service::{Draft, IncomingSource};
use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{Effect, ReferralEffect};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick};
use crate::ui::widgets::form_box::{BoxField, FormBox};

struct IncomingSpec;

impl FormSpec for IncomingSpec {
    fn title(&self) -> String {
        "Incoming referral".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        vec![Line::from(Span::styled(
            "Who referred them: the intake form then opens with this filled in.",
            t.dim(),
        ))]
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let mut problems = Vec::new();
        let name = form.text("name").trim().to_string();
        if name.is_empty() {
            problems.push(("name", "say who referred them".into()));
        }
        let kind = form.chosen("agency_kind");
        if kind.is_none() {
            problems.push(("agency_kind", "choose the kind of agency".into()));
        }
        let received = match form.when("received", cx.now) {
            Some(Ok(w)) => Some(w.date),
            Some(Err(e)) => {
                problems.push(("received", e.0));
                None
            }
            None => Some(cx.now.date()),
        };
        let (Some(kind), Some(received_on), true) = (kind, received, problems.is_empty()) else {
            return Submit::Problems(problems);
        };
        let their = form.text("their_ref").trim().to_string();
        Submit::Run(Effect::Referral(ReferralEffect::Incoming {
            name,
            agency_kind: kind,
            their_reference: (!their.is_empty()).then_some(their),
            received_on,
        }))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "organisation" => Some("name"),
            "agency_kind" => Some("agency_kind"),
            "their_reference" => Some("their_ref"),
            "received_on" => Some("received"),
            _ => None,
        }
    }
}

/// The incoming referral's few fields.
pub fn incoming(cx: &Ctx) -> FormLayer {
    let kinds = cx
        .list(ListKind::AgencyKind)
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect();
    let form = FormBox::new(vec![
        BoxField::new("name", "Referred by", Kind::Text(Input::default()))
            .placeholder("the organisation's name"),
        BoxField::new(
            "agency_kind",
            "Kind of agency",
            Kind::Pick(Pick::new(kinds, false)),
        ),
        BoxField::new("their_ref", "Their reference", Kind::Text(Input::default())),
        BoxField::new(
            "received",
            "Received",
            Kind::When {
                input: Input::new("today".into()),
                lean: Lean::Past,
            },
        ),
    ]);
    FormLayer::new(IncomingSpec, form)
}

/// The intake draft an incoming referral starts: an agency as the caller, its
/// `referral_source`, and the narrative opening with who referred, their reference
/// and the day received.
pub fn intake_draft(source: &IncomingSource, now: chrono::DateTime<chrono::Utc>) -> Draft {
    let mut values = BTreeMap::new();
    values.insert("caller".to_string(), "referral".to_string());
    values.insert(
        "referral_source".to_string(),
        source.referral_source.clone(),
    );
    values.insert("narrative".to_string(), format!("{}\n", source.said));
    Draft {
        values,
        ..Draft::new("intake", now)
    }
}
