//! The referral dialogs: start a referral from a case (in or out, the organisation
//! chosen from the directory as you type or a new one, the kind of agency, the reason,
//! what is shared and the client's consent), signposting (fewer fields, nothing
//! tracked), and moving a referral to another status.

use ratatui::text::{Line, Span};
use tui_input::Input;

use super::dialogs::Banner;
use crate::domain::{
    CaseId, ConsentMethod, Direction, ListKind, OrganisationId, ReferralStatus, ShareConsent,
};
use crate::service::views::ReferralRow;
use crate::service::{NewReferral, OrganisationRef, ReferralMove};
use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{Effect, ReferralEffect};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

fn choice(code: &str, label: &str) -> Choice {
    Choice {
        code: code.into(),
        label: label.into(),
    }
}

fn text(id: &'static str, label: &str) -> BoxField {
    BoxField::new(id, label, Kind::Text(Input::default()))
}

fn agency_kinds(cx: &Ctx) -> Kind {
    let kinds = cx
        .list(ListKind::AgencyKind)
        .active()
        .map(|e| choice(&e.code, &e.label))
        .collect();
    Kind::Pick(Pick::new(kinds, false))
}

/// The organisation: one chosen from the directory, or a new one by name.
fn organisation(form: &FormBox, kind: Option<&str>) -> Option<OrganisationRef> {
    let typed = form.text("new_org").trim().to_string();
    if !typed.is_empty() {
        return Some(OrganisationRef::New {
            name: typed,
            kind: kind.unwrap_or_default().to_string(),
        });
    }
    form.chosen("organisation")
        .and_then(|c| c.parse::<OrganisationId>().ok())
        .map(OrganisationRef::Existing)
}

struct StartSpec {
    banner: Banner,
    signpost: bool,
}

impl StartSpec {
    fn consent(&self, form: &FormBox, cx: &Ctx, kind: &str) -> Option<ShareConsent> {
        let how = ConsentMethod::from_name(&form.chosen("consent_how")?)?;
        let by = form.text("consent_by").trim().to_string();
        Some(ShareConsent {
            given_by: if by.is_empty() {
                "the client".into()
            } else {
                by
            },
            given_on: cx.now.date(),
            how,
            recipients: vec![kind.to_string()],
            withheld: form.text("withheld").trim().to_string(),
        })
    }
}

impl FormSpec for StartSpec {
    fn title(&self) -> String {
        if self.signpost {
            "Signpost the client".into()
        } else {
            "Start a referral".into()
        }
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut out = self.banner.intro(t);
        let said = if self.signpost {
            "Where the client was told to go. Nothing is sent or tracked."
        } else {
            "Out: saved as a draft; it is sent (m) once consent is recorded."
        };
        out.push(Line::from(Span::styled(said, t.dim())));
        out
    }
    fn changed(&mut self, form: &mut FormBox) {
        let out = self.signpost || form.chosen("direction").as_deref() != Some("in");
        let tracked_out = out && !self.signpost;
        form.set_shown("direction", !self.signpost);
        for id in ["shared", "consent_how", "consent_by", "withheld"] {
            form.set_shown(id, tracked_out);
        }
        form.set_shown("their_ref", !out);
        let listed =
            matches!(&form.field("organisation").kind, Kind::Pick(p) if !p.options.is_empty());
        form.set_shown("organisation", listed);
        form.field_mut("new_org").label = if listed {
            "Or a new one"
        } else {
            "Organisation"
        }
        .into();
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let mut problems = Vec::new();
        let kind = form.chosen("agency_kind");
        if kind.is_none() {
            problems.push(("agency_kind", "choose the kind of agency".into()));
        }
        let reason = form.text("reason").trim().to_string();
        if reason.is_empty() {
            problems.push(("reason", "say why".into()));
        }
        if !problems.is_empty() {
            return Submit::Problems(problems);
        }
        let kind = kind.unwrap_or_default();
        let direction = match (self.signpost, form.chosen("direction").as_deref()) {
            (false, Some("in")) => Direction::Incoming,
            _ => Direction::Outgoing,
        };
        let outgoing = direction == Direction::Outgoing && !self.signpost;
        let their = form.text("their_ref").trim().to_string();
        Submit::Run(Effect::Referral(ReferralEffect::Save(Box::new(
            NewReferral {
                case: self.banner.case,
                direction,
                organisation: organisation(form, Some(&kind)),
                agency_kind: kind.clone(),
                on: cx.now.date(),
                reason,
                shared: if outgoing {
                    form.text("shared").trim().to_string()
                } else {
                    String::new()
                },
                their_reference: (!outgoing && !their.is_empty()).then_some(their),
                consent: if outgoing {
                    self.consent(form, cx, &kind)
                } else {
                    None
                },
                signpost: self.signpost,
            },
        ))))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "agency_kind" => Some("agency_kind"),
            "reason" => Some("reason"),
            "shared" => Some("shared"),
            "their_reference" => Some("their_ref"),
            "consent.given_by" => Some("consent_by"),
            "consent.withheld" => Some("withheld"),
            p if p.starts_with("consent") => Some("consent_how"),
            p if p.starts_with("organisation.") => Some("new_org"),
            "organisation" => Some("organisation"),
            _ => None,
        }
    }
}

/// The dialog that starts a referral (or, with `signpost`, records signposting) on
/// the case under `banner`, offering the directory.
pub fn start(
    banner: Banner,
    signpost: bool,
    directory: &[(OrganisationId, String)],
    cx: &Ctx,
) -> FormLayer {
    let directory = directory
        .iter()
        .map(|(id, name)| choice(&id.to_string(), name))
        .collect();
    let directions = vec![
        choice("out", "Out: we refer the client"),
        choice("in", "In: referred to us"),
    ];
    let mut how: Vec<Choice> = ConsentMethod::CHOICES
        .iter()
        .map(|m| choice(m.name(), m.label()))
        .collect();
    how.push(choice("", "Not given yet"));
    let form = FormBox::new(vec![
        BoxField::new("direction", "Direction", pick_with(directions, Some("out"))),
        BoxField::new(
            "organisation",
            "Organisation",
            Kind::Pick(Pick::new(directory, false)),
        ),
        text("new_org", "Or a new one").placeholder("type a name not in the directory"),
        BoxField::new("agency_kind", "Kind of agency", agency_kinds(cx)),
        text("reason", "Reason"),
        text("shared", "What is shared").placeholder("the least the recipient needs"),
        text("their_ref", "Their reference"),
        BoxField::new("consent_how", "Consent to share", pick_with(how, Some(""))),
        text("consent_by", "Given by").placeholder("the client"),
        text("withheld", "Withheld").placeholder("what the client wants kept back"),
    ]);
    FormLayer::new(StartSpec { banner, signpost }, form)
}

struct MoveSpec {
    lines: Vec<String>,
    case: CaseId,
    row: ReferralRow,
}

impl FormSpec for MoveSpec {
    fn title(&self) -> String {
        "Change the referral's status".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut out = Banner {
            case: self.case,
            lines: self.lines.clone(),
        }
        .intro(t);
        let r = &self.row;
        let way = match r.direction {
            Direction::Outgoing => "To",
            Direction::Incoming => "From",
        };
        out.push(Line::from(format!(
            "{way} {} ({}). Now {}.",
            shown(&r.with),
            shown(&r.agency_kind),
            r.status.name()
        )));
        if r.needs_consent && !r.consent_covers && r.status == ReferralStatus::Draft {
            out.push(Line::from(Span::styled(
                "! No consent recorded for this kind of agency: it cannot be sent.",
                t.warn(),
            )));
        }
        out
    }
    fn changed(&mut self, form: &mut FormBox) {
        let to = form.chosen("status");
        let r = &self.row;
        let gated = r.needs_consent && !r.consent_covers && to.as_deref() == Some("sent");
        form.set_shown("override", gated);
        form.field_mut("note").label = match to.as_deref() {
            Some("declined") => "Their reason",
            Some("completed") => "Outcome",
            _ => "Note",
        }
        .into();
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let Some(to) = form
            .chosen("status")
            .and_then(|s| ReferralStatus::from_name(&s))
        else {
            return Submit::Problems(vec![("status", "choose the new status".into())]);
        };
        let note = form.text("note").trim().to_string();
        if to.needs_note() && note.is_empty() {
            let said = if to == ReferralStatus::Declined {
                "say why they declined"
            } else {
                "say what came of it"
            };
            return Submit::Problems(vec![("note", said.into())]);
        }
        let reason = form.text("override").trim().to_string();
        Submit::Run(Effect::Referral(ReferralEffect::Move(
            self.row.id,
            Box::new(ReferralMove {
                to,
                note,
                override_reason: (form.field("override").shown && !reason.is_empty())
                    .then_some(reason),
            }),
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "outcome" => Some("note"),
            "consent_override" | "consent_override.reason" => Some("override"),
            _ => None,
        }
    }
}

/// The status dialog for one referral: only the moves the rules allow are offered.
pub fn move_status(lines: Vec<String>, row: &ReferralRow) -> FormLayer {
    let case = row.case;
    let next = row
        .status
        .moves()
        .into_iter()
        .map(|s| choice(s.name(), s.label()))
        .collect();
    let form = FormBox::new(vec![
        BoxField::new("status", "New status", Kind::Pick(Pick::new(next, false))),
        text("note", "Note"),
        text("override", "Send without consent: why")
            .placeholder("administrators only; kept in the audit log"),
    ]);
    FormLayer::new(
        MoveSpec {
            lines,
            case,
            row: row.clone(),
        },
        form,
    )
}
