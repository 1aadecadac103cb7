//! The letter dialog: a template, the organisation it goes to (one linked to the
//! case) and the timeline entries for its chronology (ticking a kind ticks every entry
//! of that kind); then the letter previewed in the screen's own editor, to change and
//! keep with the case as drafted.

use std::collections::BTreeSet;

use ratatui::text::{Line, Span};

use super::dialogs::Banner;
use crate::domain::{CaseId, Letter, LetterId};
use crate::keymap::Action;
use crate::service::LetterDraft;
use crate::service::views::{EntryChoice, LetterChoices};
use crate::ui::component::{Ctx, Handled};
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::layers::outside_editor;
use crate::ui::msg::{Effect, LetterEffect, Reply};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick, notes};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// How much of an entry's text its line in the pick list shows.
const ENTRY_WORDS: usize = 48;

fn choice(code: String, label: String) -> Choice {
    Choice { code, label }
}

/// The kinds of entry on the timeline, in the order they first appear.
fn kinds_of(entries: &[EntryChoice]) -> Vec<String> {
    let mut kinds: Vec<String> = Vec::new();
    for e in entries {
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind.clone());
        }
    }
    kinds
}

/// `3 Mar 2026 · note · Spoke with the client about…`.
fn entry_label(e: &EntryChoice) -> String {
    let text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = text.chars().take(ENTRY_WORDS).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!("{} · {} · {short}{more}", e.on.format("%-d %b %Y"), e.kind)
}

struct ChooseSpec {
    banner: Banner,
    case: CaseId,
    entries: Vec<EntryChoice>,
    kinds: Vec<String>,
    /// The kinds ticked when last looked at, to tell which one changed.
    ticked: BTreeSet<usize>,
}

impl ChooseSpec {
    /// Ticking a kind ticks every entry of it; unticking unticks them.
    fn follow_kinds(&mut self, form: &mut FormBox) {
        let now: BTreeSet<usize> = match &form.field("kinds").kind {
            Kind::Pick(p) => p.chosen.clone(),
            _ => return,
        };
        let added: Vec<usize> = now.difference(&self.ticked).copied().collect();
        let removed: Vec<usize> = self.ticked.difference(&now).copied().collect();
        if let Kind::Pick(p) = &mut form.field_mut("entries").kind {
            for (i, e) in self.entries.iter().enumerate() {
                let kind = self.kinds.iter().position(|k| *k == e.kind);
                if kind.is_some_and(|k| added.contains(&k)) {
                    p.chosen.insert(i);
                }
                if kind.is_some_and(|k| removed.contains(&k)) {
                    p.chosen.remove(&i);
                }
            }
        }
        self.ticked = now;
    }
}

impl FormSpec for ChooseSpec {
    fn title(&self) -> String {
        "Write a letter".into()
    }
    fn width(&self) -> u16 {
        78
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.banner.intro(t)
    }
    fn changed(&mut self, form: &mut FormBox) {
        self.follow_kinds(form);
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let mut problems = Vec::new();
        let template = form.chosen("template");
        if template.is_none() {
            problems.push(("template", "choose a template".to_string()));
        }
        let recipient = form.chosen("recipient").and_then(|c| c.parse().ok());
        if recipient.is_none() {
            let said = if matches!(&form.field("recipient").kind, Kind::Pick(p) if p.options.is_empty())
            {
                "no organisation is linked to the case: link one first"
            } else {
                "choose who it goes to"
            };
            problems.push(("recipient", said.to_string()));
        }
        let (Some(template), Some(recipient)) = (template, recipient) else {
            return Submit::Problems(problems);
        };
        let entries = form
            .codes("entries")
            .iter()
            .filter_map(|c| c.parse::<usize>().ok())
            .filter_map(|i| self.entries.get(i))
            .map(|e| e.id)
            .collect();
        Submit::Run(Effect::Letter(LetterEffect::Preview(Box::new(
            LetterDraft {
                case: self.case,
                template,
                recipient,
                entries,
                ..LetterDraft::default()
            },
        ))))
    }
    fn waiting(&self) -> &'static str {
        "preparing the letter…"
    }
    fn reply(&mut self, reply: &Reply, _form: &mut FormBox, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::LetterPreview(draft, view) if draft.case == self.case => {
                cx.push(body(self.banner.clone(), draft, view, None));
                Handled::Yes
            }
            _ => Handled::No,
        }
    }
}

/// The letter dialog for the case under `banner`.
pub fn choose(banner: Banner, c: &LetterChoices) -> FormLayer {
    let templates = c
        .templates
        .iter()
        .map(|(name, title)| choice(name.clone(), format!("{title} ({name})")))
        .collect();
    let first = c.templates.first().map(|(n, _)| n.as_str());
    let recipients: Vec<Choice> = c
        .recipients
        .iter()
        .map(|r| {
            choice(
                r.id.to_string(),
                format!("{} ({})", r.name, r.role.to_lowercase()),
            )
        })
        .collect();
    let only = (recipients.len() == 1).then(|| recipients[0].code.clone());
    let kinds = kinds_of(&c.entries);
    let kind_choices = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let n = c.entries.iter().filter(|e| e.kind == *k).count();
            choice(i.to_string(), format!("every {k} ({n})"))
        })
        .collect();
    let entries = c
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| choice(i.to_string(), entry_label(e)))
        .collect();
    let form = FormBox::new(vec![
        BoxField::new("template", "Template", pick_with(templates, first)),
        BoxField::new("recipient", "To", pick_with(recipients, only.as_deref())),
        BoxField::new(
            "kinds",
            "Tick kinds",
            Kind::Pick(Pick::new(kind_choices, true)),
        ),
        BoxField::new(
            "entries",
            "Chronology",
            Kind::Pick(Pick::new(entries, true)),
        ),
    ]);
    let spec = ChooseSpec {
        banner,
        case: c.case,
        entries: c.entries.clone(),
        kinds,
        ticked: BTreeSet::new(),
    };
    FormLayer::new(spec, form)
}

/// The letter previewed in the screen's editor: kept as it stands when saved.
struct BodySpec {
    banner: Banner,
    draft: LetterDraft,
    /// The drafted letter being changed; `None` for a new one.
    existing: Option<LetterId>,
    /// Who it goes to and the reference, as the letter gives them.
    heading: Vec<String>,
}

impl FormSpec for BodySpec {
    fn title(&self) -> String {
        "The letter: read, change, keep".into()
    }
    fn width(&self) -> u16 {
        78
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut lines = self.banner.intro(t);
        for l in &self.heading {
            lines.push(Line::from(Span::raw(shown(l).into_owned())));
        }
        lines
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let text = form.text("body");
        if text.trim().is_empty() {
            return Submit::Problems(vec![("body", "a letter needs some text".into())]);
        }
        let mut draft = self.draft.clone();
        draft.body = Some(text);
        Submit::Run(match self.existing {
            Some(id) => Effect::Letter(LetterEffect::Revise(id, Box::new(draft))),
            None => Effect::Letter(LetterEffect::Save(Box::new(draft))),
        })
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "body").then_some("body")
    }
    fn more_keys(&self) -> Vec<Action> {
        outside_editor::KEYS.to_vec()
    }
    fn action(&mut self, action: Action, form: &mut FormBox, cx: &mut Ctx) -> Handled {
        outside_editor::action(action, form, "body", cx)
    }
    fn reply(&mut self, reply: &Reply, form: &mut FormBox, cx: &mut Ctx) -> Handled {
        if outside_editor::reply(reply, form, "body", "The letter", cx) == Handled::Yes {
            return Handled::Yes;
        }
        match reply {
            Reply::LetterSaved(said) => {
                // This dialog and the choices under it close; the case reloads. A
                // letter changed goes back to the case's letters, which reload.
                if self.existing.is_none() {
                    cx.pop();
                }
                cx.back();
                cx.done(said.clone());
                Handled::Yes
            }
            _ => Handled::No,
        }
    }
}

fn body(
    banner: Banner,
    draft: &LetterDraft,
    view: &crate::service::LetterView,
    existing: Option<LetterId>,
) -> FormLayer {
    let doc = &view.document;
    let mut heading = vec![format!("To: {}", doc.recipient.join(", "))];
    heading.extend(doc.references.iter().cloned());
    let form = FormBox::new(vec![BoxField::new("body", "Letter", notes(&doc.body))]);
    FormLayer::new(
        BodySpec {
            banner,
            draft: draft.clone(),
            existing,
            heading,
        },
        form,
    )
}

/// A kept letter, still a draft, in the same editor to change its words. What it was
/// made from (template, recipient, chronology, fields filled by hand) stays.
pub fn revise(banner: Banner, letter: &Letter, view: &crate::service::LetterView) -> FormLayer {
    let draft = LetterDraft {
        case: letter.case,
        template: letter.template.clone(),
        recipient: letter.recipient,
        entries: letter.entries.clone(),
        filled: letter.filled.clone(),
        body: Some(letter.body.clone()),
        follows: letter.follows,
    };
    body(banner, &draft, view, Some(letter.id))
}

/// How many lines of a kept letter the sending dialog shows over its field.
const SHOWN_LINES: usize = 6;

/// A drafted letter, read, and marked sent on a day.
struct SendingSpec {
    banner: Banner,
    letter: crate::domain::LetterId,
    /// To, reference and the letter's first lines.
    heading: Vec<String>,
    today: chrono::NaiveDate,
}

impl FormSpec for SendingSpec {
    fn title(&self) -> String {
        "A letter drafted: mark it sent".into()
    }
    fn width(&self) -> u16 {
        78
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut lines = self.banner.intro(t);
        for l in &self.heading {
            lines.push(Line::from(Span::raw(shown(l).into_owned())));
        }
        lines
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let on = match form.when("sent", cx.now) {
            None => self.today,
            Some(Ok(w)) => w.date,
            Some(Err(e)) => return Submit::Problems(vec![("sent", e.0)]),
        };
        if on > self.today {
            return Submit::Problems(vec![(
                "sent",
                "is still to come: a letter is marked sent once it has gone".into(),
            )]);
        }
        Submit::Run(Effect::Letter(LetterEffect::MarkSent(self.letter, on)))
    }
}

/// The dialog for a kept letter not yet sent.
pub fn sending(
    banner: Banner,
    view: &crate::service::LetterView,
    today: chrono::NaiveDate,
) -> FormLayer {
    let doc = &view.document;
    let mut heading = vec![format!("To: {}", doc.recipient.join(", "))];
    heading.extend(doc.paragraphs().take(SHOWN_LINES));
    let letter = view.letter.as_ref().map(|l| l.id).unwrap_or_default();
    let form = FormBox::new(vec![
        BoxField::new(
            "sent",
            "Sent on",
            Kind::When {
                input: tui_input::Input::default(),
                lean: crate::domain::when::Lean::Past,
            },
        )
        .placeholder("today, or the day it went: yesterday, 20/11"),
    ]);
    FormLayer::new(
        SendingSpec {
            banner,
            letter,
            heading,
            today,
        },
        form,
    )
}
