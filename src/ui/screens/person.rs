//! A person's card, opened from search: who they are, how they may safely be
//! contacted, any safeguarding concern, and the cases they are linked to, one key
//! from each. Loading it goes through the audited read, as any view of a person does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::card;
use super::duplicates::DuplicatesScreen;
use crate::domain::{Answer, PersonId};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::layers::person_edit;
use crate::ui::msg::{CardEffect, Effect, Notice, PersonCard, Reply};
use crate::ui::text::shown;
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
}

impl PersonScreen {
    /// Merging is offered to those who may merge (caseworkers and administrators).
    fn may_merge(&self) -> bool {
        self.card.as_ref().is_some_and(|c| c.may_merge)
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
        cx.effect(Effect::Card(CardEffect::Person(self.id)));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if action == Action::EditPerson {
            match &self.card {
                Some(c) => {
                    let p = &c.person;
                    cx.push(person_edit::edit(p.id, p.display_name(), p.details(), cx));
                }
                None => cx.info("The card is still loading"),
            }
            return Handled::Yes;
        }
        if action == Action::MergePerson {
            match &self.card {
                Some(c) => cx.push(DuplicatesScreen::like(self.id, c.person.display_name())),
                None => cx.info("The card is still loading"),
            }
            return Handled::Yes;
        }
        let cases = self.card.as_ref().map(|c| c.cases.as_slice());
        card::on_action(
            action,
            &mut self.cursor,
            cases,
            "No case is linked to this person",
            cx,
        )
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Person(card) if card.person.id == self.id => {
                self.cursor = self.cursor.min(card.cases.len().saturating_sub(1));
                self.card = Some((**card).clone());
                Handled::Yes
            }
            // Another worker linked or changed a case: the card is read again.
            Reply::Changed(Notice::Person(id)) if *id == self.id => {
                cx.effect(Effect::Card(CardEffect::Person(self.id)));
                Handled::Yes
            }
            Reply::Changed(Notice::Case(_) | Notice::Intake) => {
                cx.effect(Effect::Card(CardEffect::Person(self.id)));
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        let mut h = card::hints();
        h.insert(1, Action::EditPerson);
        if self.may_merge() {
            h.insert(2, Action::MergePerson);
        }
        h
    }

    fn keys(&self) -> Vec<Action> {
        let mut k = card::keys();
        k.insert(1, Action::EditPerson);
        if self.may_merge() {
            k.insert(2, Action::MergePerson);
        }
        k
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        // Inside the card's border.
        let width = area.width.saturating_sub(2) as usize;
        let card = self.card.as_ref().map(|c| {
            (
                c.person.display_name(),
                details(c, t, width),
                c.cases.as_slice(),
            )
        });
        card::draw(frame, area, t, card, self.cursor);
    }
}

/// The person's details, one labelled line each, only those recorded.
fn details(card: &PersonCard, t: Theme, width: usize) -> Vec<Line<'static>> {
    let p = &card.person;
    let mut rows: Vec<(&str, String)> = Vec::new();
    // Said first, and written run together in Han, kana and Hangul: which part is the
    // family name is not plain from the name alone.
    if let Some(family) = p.family_name.as_deref().filter(|_| p.family_name_first) {
        rows.push(("Family name", format!("{family} (said first)")));
    }
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
        let text = format!(" ! SAFEGUARDING: {}", shown(&card.flags.join(", ")));
        lines.push(Line::from(Span::styled(fit(&text, width), t.warn())));
    }
    for (label, value) in rows {
        let value = fit(&shown(&value), width.saturating_sub(17));
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:<15} "), t.dim()),
            Span::raw(value),
        ]));
    }
    lines.extend(history(card, t, width));
    lines.push(Line::raw(""));
    lines
}

/// The changes of their details, newest first: when, who, and what each part held
/// before. At most the latest few: the card's cases must still fit below.
fn history(card: &PersonCard, t: Theme, width: usize) -> Vec<Line<'static>> {
    const SHOWN: usize = 3;
    let mut lines = Vec::new();
    for r in card.history.iter().take(SHOWN) {
        let head = format!(" Changed {} by {}", r.when, shown(&r.who));
        lines.push(Line::from(Span::styled(fit(&head, width), t.dim())));
        let was: Vec<String> = r
            .before
            .iter()
            .map(|(part, value)| format!("{part} was {}", shown(value)))
            .collect();
        lines.push(Line::raw(fit(&format!("   {}", was.join("; ")), width)));
    }
    if card.history.len() > SHOWN {
        let more = format!(" and {} earlier change(s)", card.history.len() - SHOWN);
        lines.push(Line::from(Span::styled(more, t.dim())));
    }
    lines
}

/// `call yes · voicemail NO · weekday evenings`: the answers given, a "no" in
/// capitals, since calling someone it is not safe to call can put them at risk.
pub(crate) fn safe_contact(p: &crate::domain::Person) -> String {
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
