//! A person's card, opened from search: who they are, how they may safely be
//! contacted, any safeguarding concern, and the cases they are linked to, one key
//! from each. Loading it goes through the audited read, as any view of a person does.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use crate::domain::{Answer, PersonId};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::{CardCase, Effect, PersonCard, Reply};
use crate::ui::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::fit;

/// A person's card.
pub struct PersonScreen {
    id: PersonId,
    card: Option<PersonCard>,
    /// Position among the person's cases.
    cursor: usize,
}

impl PersonScreen {
    pub fn new(id: PersonId) -> PersonScreen {
        PersonScreen {
            id,
            card: None,
            cursor: 0,
        }
    }

    fn case_count(&self) -> usize {
        self.card.as_ref().map_or(0, |c| c.cases.len())
    }
}

impl Component for PersonScreen {
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        "Person".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::LoadPerson(self.id));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let last = self.case_count().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::First | Action::PageUp => self.cursor = 0,
            Action::Last | Action::PageDown => self.cursor = last,
            Action::Open => match self.card.as_ref().and_then(|c| c.cases.get(self.cursor)) {
                Some(case) => cx.push(CaseScreen::new(case.id, true)),
                None => cx.info("No case is linked to this person"),
            },
            Action::Cancel => cx.back(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Person(card) if card.person.id == self.id => {
                self.cursor = self.cursor.min(card.cases.len().saturating_sub(1));
                self.card = Some((**card).clone());
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Open, Action::Down, Action::Search, Action::Cancel]
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
        let name = inert(&card.person.display_name()).into_owned();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            fit(&format!(" {name} "), area.width.saturating_sub(4) as usize),
            t.heading(),
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let details = details(card, t, inner.width as usize);
        let [top, list] =
            Layout::vertical([Constraint::Length(details.len() as u16), Constraint::Min(1)])
                .areas(inner);
        frame.render_widget(Paragraph::new(details), top);
        draw_cases(frame, list, t, &card.cases, self.cursor);
    }
}

/// A card's cases, one a line, with the one that has focus marked `>`; Enter opens it.
pub(super) fn draw_cases(
    frame: &mut Frame,
    area: Rect,
    t: Theme,
    cases: &[CardCase],
    cursor: usize,
) {
    let width = area.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        format!(" Cases · {}", cases.len()),
        t.heading(),
    ))];
    if cases.is_empty() {
        lines.push(Line::from(Span::styled(
            "   No case you can see is linked here.",
            t.dim(),
        )));
    }
    let height = (area.height as usize).saturating_sub(1).max(1);
    let first = (cursor + 1).saturating_sub(height);
    for (i, c) in cases.iter().enumerate().skip(first).take(height) {
        let here = i == cursor;
        let text = format!(
            "{} {:<12} {:<18} {:<9} {}",
            if here { ">" } else { " " },
            c.reference.to_string(),
            fit(&inert(&c.kind), 18),
            c.status.label(),
            inert(&c.role)
        );
        let style = if here { t.focus() } else { t.normal() };
        lines.push(Line::from(Span::styled(
            format!("{:<width$}", fit(&text, width)),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The person's details, one labelled line each, only those recorded.
fn details(card: &PersonCard, t: Theme, width: usize) -> Vec<Line<'static>> {
    let p = &card.person;
    let mut rows: Vec<(&str, String)> = Vec::new();
    if !p.other_names.is_empty() {
        rows.push(("Also known as", p.other_names.join(", ")));
    }
    let c = &p.contact;
    for (label, value) in [
        ("Phone", &c.phone),
        ("Email", &c.email),
        ("Address", &c.address),
        ("Postcode", &c.postcode),
    ] {
        if let Some(v) = value {
            rows.push((label, v.clone()));
        }
    }
    rows.push(("Safe to", safe_contact(p)));
    if !card.languages.is_empty() {
        let mut langs = card.languages.join(", ");
        if p.interpreter_needed {
            langs.push_str(" (needs an interpreter)");
        }
        rows.push(("Languages", langs));
    }
    if !p.notes.trim().is_empty() {
        rows.push(("Notes", p.notes.clone()));
    }
    let mut lines = Vec::new();
    if !card.flags.is_empty() {
        let text = format!(" ! SAFEGUARDING: {}", inert(&card.flags.join(", ")));
        lines.push(Line::from(Span::styled(fit(&text, width), t.warn())));
    }
    for (label, value) in rows {
        let value = fit(&inert(&value), width.saturating_sub(17));
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:<15} "), t.dim()),
            Span::raw(value),
        ]));
    }
    lines.push(Line::raw(""));
    lines
}

/// `call yes · voicemail NO · weekday evenings`: the answers given, a "no" in
/// capitals, since calling someone it is not safe to call can put them at risk.
fn safe_contact(p: &crate::domain::Person) -> String {
    let s = &p.safe_contact;
    let mut parts: Vec<String> = [
        ("call", s.call),
        ("voicemail", s.voicemail),
        ("write", s.write),
        ("text", s.text_message),
    ]
    .into_iter()
    .filter_map(|(what, a)| match a {
        Answer::Yes => Some(format!("{what} yes")),
        Answer::No => Some(format!("{what} NO")),
        Answer::Unknown => None,
    })
    .collect();
    if let Some(times) = s.times.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(times.to_string());
    }
    if parts.is_empty() {
        "not asked".into()
    } else {
        parts.join(" · ")
    }
}
