//! An organisation's card, opened from search: its directory entry (what it is, who
//! it serves, when and how to reach it) and the cases it is linked to, one key from
//! each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::card;
use crate::domain::OrganisationId;
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::{Effect, OrganisationCard, Reply};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::fit;

/// An organisation's card.
pub struct OrganisationScreen {
    id: OrganisationId,
    card: Option<OrganisationCard>,
    /// Position among the organisation's cases.
    cursor: usize,
}

impl OrganisationScreen {
    pub fn new(id: OrganisationId) -> OrganisationScreen {
        OrganisationScreen {
            id,
            card: None,
            cursor: 0,
        }
    }
}

impl Component for OrganisationScreen {
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        "Organisation".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::LoadOrganisation(self.id));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let cases = self.card.as_ref().map(|c| c.cases.as_slice());
        card::on_action(
            action,
            &mut self.cursor,
            cases,
            "No case you can see is linked to this organisation",
            cx,
        )
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Organisation(card) if card.organisation.id == self.id => {
                self.cursor = self.cursor.min(card.cases.len().saturating_sub(1));
                self.card = Some((**card).clone());
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        card::hints()
    }

    fn keys(&self) -> Vec<Action> {
        card::keys()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        // Inside the card's border.
        let width = area.width.saturating_sub(2) as usize;
        let card = self.card.as_ref().map(|c| {
            (
                c.organisation.name.clone(),
                details(c, t, width),
                c.cases.as_slice(),
            )
        });
        card::draw(frame, area, t, card, self.cursor);
    }
}

/// The directory entry, one labelled line each, only what is recorded.
fn details(card: &OrganisationCard, t: Theme, width: usize) -> Vec<Line<'static>> {
    let o = &card.organisation;
    let mut rows: Vec<(&str, String)> = vec![("Kind", card.kind.clone())];
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    for (label, value) in [
        ("Serves", text(&o.communities.join(", "))),
        ("Services", text(&o.services.join(", "))),
        ("Meets", text(&crate::domain::MeetingTime::list(&o.meets))),
        ("Contact", o.contact_person.clone()),
        ("Phone", o.phone.clone()),
        ("Email", o.email.clone()),
        ("Address", o.address.clone()),
        (
            "Languages",
            (!card.languages.is_empty()).then(|| card.languages.join(", ")),
        ),
        ("Notes", text(&o.notes)),
    ] {
        if let Some(v) = value {
            rows.push((label, v));
        }
    }
    if o.reporting_centre {
        rows.push((
            "Reporting",
            "a third-party hate crime reporting centre".into(),
        ));
    }
    let mut lines: Vec<Line<'static>> = rows
        .into_iter()
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!(" {label:<15} "), t.dim()),
                Span::raw(fit(&shown(&value), width.saturating_sub(17))),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines
}
