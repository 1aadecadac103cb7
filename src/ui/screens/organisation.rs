//! An organisation's card, opened from the directory or from search: its directory
//! entry (what it is, who it serves, when it meets, how to reach it), then the cases it
//! is linked to, the referrals to and from it, and the times it was consulted. Enter on
//! a case or a referral opens the case; the entry is edited and a consultation logged
//! from here as from the directory.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use super::directory_forms::{Consulted, consultation_form, entry_of, organisation_form};
use crate::domain::{CaseId, Direction, MeetingTime, OrganisationId, Role};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::{AdminEffect, CardEffect, Effect, Notice, OrganisationCard, Reply};
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::{fit, pad};

/// An organisation's card.
pub struct OrganisationScreen {
    id: OrganisationId,
    card: Option<OrganisationCard>,
    /// Position among the cases and referrals (those open a case).
    cursor: usize,
    /// Volunteers read the directory; only others are offered changes.
    may_change: bool,
}

impl OrganisationScreen {
    pub fn new(id: OrganisationId) -> OrganisationScreen {
        OrganisationScreen {
            id,
            card: None,
            cursor: 0,
            may_change: false,
        }
    }

    /// The cases the card's rows open: its cases, then its referrals' cases.
    fn targets(&self) -> Vec<CaseId> {
        let Some(c) = &self.card else {
            return Vec::new();
        };
        let cases = c.cases.iter().map(|x| x.id);
        cases.chain(c.referrals.iter().map(|r| r.case)).collect()
    }

    fn change(&self, action: Action, cx: &mut Ctx) {
        let Some(card) = &self.card else {
            return;
        };
        if !self.may_change {
            cx.error("The directory is changed by caseworkers and administrators");
            return;
        }
        let o = &card.organisation;
        if action == Action::EditOrganisation {
            cx.push(organisation_form(Some(o.id), &entry_of(o), cx));
        } else {
            cx.push(consultation_form(Consulted {
                id: o.id,
                name: o.name.clone(),
                lately: card.consulted_lately,
                limit: card.consultation_limit,
            }));
        }
    }
}

impl Component for OrganisationScreen {
    fn context(&self) -> Context {
        Context::Directory
    }

    fn title(&self) -> String {
        "Organisation".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Card(CardEffect::Organisation(self.id)));
        cx.effect(Effect::Admin(AdminEffect::LoadRole));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let targets = self.targets();
        let last = targets.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::First | Action::PageUp | Action::PrevSection => self.cursor = 0,
            Action::Last | Action::PageDown | Action::NextSection => self.cursor = last,
            Action::Open | Action::Select => match targets.get(self.cursor) {
                Some(id) => cx.push(CaseScreen::new(*id, true)),
                None => cx.info("No case you can see is linked to this organisation"),
            },
            Action::EditOrganisation | Action::LogConsultation => self.change(action, cx),
            Action::Cancel => cx.back(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Organisation(card) if card.organisation.id == self.id => {
                self.card = Some((**card).clone());
                self.cursor = self.cursor.min(self.targets().len().saturating_sub(1));
            }
            Reply::Role(role) => self.may_change = *role != Role::Volunteer,
            // Another worker changed the directory, or linked or changed a case.
            Reply::Changed(Notice::Directory | Notice::Case(_)) => {
                cx.effect(Effect::Card(CardEffect::Organisation(self.id)))
            }
            // A changed role: whether the card offers changing it follows.
            Reply::Changed(Notice::Setup) => cx.effect(Effect::Admin(AdminEffect::LoadRole)),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        let mut hints = vec![Action::Select, Action::Down];
        if self.may_change {
            hints.extend([Action::EditOrganisation, Action::LogConsultation]);
        }
        hints.push(Action::Cancel);
        hints
    }

    fn keys(&self) -> Vec<Action> {
        let mut own = vec![Action::Select, Action::Open];
        if self.may_change {
            own.extend([Action::EditOrganisation, Action::LogConsultation]);
        }
        own.push(Action::Cancel);
        keys_of(&own, &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let Some(card) = &self.card else {
            let block = Block::default().borders(Borders::ALL);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(Paragraph::new(" Loading…"), inner);
            return;
        };
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            fit(
                &format!(" {} ", card.organisation.name),
                area.width.saturating_sub(4) as usize,
            ),
            t.heading(),
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = inner.width as usize;
        let details = details(card, t, width);
        let [top, list] =
            Layout::vertical([Constraint::Length(details.len() as u16), Constraint::Min(1)])
                .areas(inner);
        frame.render_widget(Paragraph::new(details), top);
        let (lines, at) = activity(card, t, width, self.cursor);
        let height = list.height as usize;
        let first = (at + 1).saturating_sub(height);
        let shown: Vec<Line> = lines.into_iter().skip(first).take(height).collect();
        frame.render_widget(Paragraph::new(shown), list);
    }
}

/// The directory entry, one labelled line each, only what is recorded.
fn details(card: &OrganisationCard, t: Theme, width: usize) -> Vec<Line<'static>> {
    let o = &card.organisation;
    let some = |s: String| (!s.trim().is_empty()).then_some(s);
    let contact: Vec<String> = [&o.contact_person, &o.phone, &o.email]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let mut kind = card.kind.clone();
    if o.reporting_centre {
        kind.push_str(" · a third-party hate crime reporting centre");
    }
    let over = card.consulted_lately >= card.consultation_limit as usize;
    let rows = [
        ("Kind", Some(kind)),
        ("Serves", some(o.communities.join(", "))),
        ("Offers", some(o.services.join(", "))),
        ("Languages", some(card.languages.join(", "))),
        ("Meets", some(MeetingTime::list(&o.meets))),
        ("Contact", some(contact.join(" · "))),
        ("Address", o.address.clone()),
        (
            "Notes",
            some(o.notes.lines().next().unwrap_or("").to_string()),
        ),
        (
            "Consulted",
            Some(format!(
                "{}{} in the last 90 days (limit {})",
                if over { "! " } else { "" },
                card.consulted_lately,
                card.consultation_limit
            )),
        ),
    ];
    let mut lines: Vec<Line<'static>> = rows
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!(" {label:<11} "), t.dim()),
                Span::raw(fit(&value, width.saturating_sub(13))),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines
}

/// The cases, referrals and consultations, each under a heading, with the row that
/// has focus marked `>`; also the line it is on, to keep it in sight.
fn activity(
    card: &OrganisationCard,
    t: Theme,
    width: usize,
    cursor: usize,
) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let mut at = 0;
    let mut n = 0;
    let mut row = |lines: &mut Vec<Line<'static>>, text: String| {
        let here = n == cursor;
        if here {
            at = lines.len();
        }
        let style = if here { t.focus() } else { t.normal() };
        let marker = if here { ">" } else { " " };
        lines.push(Line::from(Span::styled(
            pad(&format!("{marker} {text}"), width),
            style,
        )));
        n += 1;
    };
    let heading = |lines: &mut Vec<Line<'static>>, name: &str, count: usize, none: &str| {
        lines.push(Line::from(Span::styled(
            format!(" {name} · {count}"),
            t.heading(),
        )));
        if count == 0 {
            lines.push(Line::from(Span::styled(format!("   {none}"), t.dim())));
        }
    };
    heading(
        &mut lines,
        "Cases",
        card.cases.len(),
        "No case you can see is linked here.",
    );
    for c in &card.cases {
        let text = format!(
            "{:<12} {} {:<9} {}",
            c.reference.to_string(),
            pad(&c.kind, 18),
            c.status.label(),
            c.role
        );
        row(&mut lines, text);
    }
    heading(
        &mut lines,
        "Referrals",
        card.referrals.len(),
        "None on a case you can see.",
    );
    for r in &card.referrals {
        let way = match r.direction {
            Direction::Incoming => "from them",
            Direction::Outgoing => "to them",
        };
        let text = format!(
            "{:<12} {} {:<10} {}",
            r.reference.to_string(),
            r.on.format("%d/%m/%Y"),
            way,
            r.status
        );
        row(&mut lines, text);
    }
    heading(
        &mut lines,
        "Consultations",
        card.consultations.len(),
        "Never consulted.",
    );
    for c in &card.consultations {
        let text = format!("    {} {} · {}", c.on.format("%d/%m/%Y"), c.topic, c.by);
        lines.push(Line::from(Span::raw(fit(&text, width))));
    }
    (lines, at)
}
