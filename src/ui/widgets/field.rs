//! Form fields: one-line text, notes, pick lists, yes/no answers and typed dates.
//!
//! A field handles the keys that reach it (typing, and the actions a form passes on)
//! and says whether its value changed, so the form knows when to keep the draft.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::domain::Answer;
use crate::domain::when::{Lean, When, WhenError, parse_when};

/// An option of a pick list: stored code, shown label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// A pick list with type-to-filter, single or multiple choice.
#[derive(Debug, Clone)]
pub struct Pick {
    pub options: Vec<Choice>,
    pub chosen: BTreeSet<usize>,
    pub filter: String,
    /// Index into the filtered options.
    pub cursor: usize,
    pub multiple: bool,
}

impl Pick {
    pub fn new(options: Vec<Choice>, multiple: bool) -> Pick {
        Pick {
            options,
            chosen: BTreeSet::new(),
            filter: String::new(),
            cursor: 0,
            multiple,
        }
    }

    /// Options matching the filter: every typed word starts a word of the label.
    pub fn filtered(&self) -> Vec<usize> {
        let words: Vec<String> = crate::domain::fold::words(&self.filter);
        (0..self.options.len())
            .filter(|i| {
                let label = crate::domain::fold::words(&self.options[*i].label);
                words
                    .iter()
                    .all(|w| label.iter().any(|l| l.starts_with(w.as_str())))
            })
            .collect()
    }

    /// Chooses (or, for multiple choice, ticks or unticks) the highlighted option.
    pub fn select(&mut self) -> bool {
        let Some(&i) = self.filtered().get(self.cursor) else {
            return false;
        };
        if self.multiple {
            if !self.chosen.remove(&i) {
                self.chosen.insert(i);
            }
        } else {
            self.chosen = BTreeSet::from([i]);
        }
        self.filter.clear();
        self.cursor = 0;
        true
    }

    /// What was typed to filter, taken as meant when the worker moves on: the
    /// highlighted match is chosen (ticked, never unticked). Returns whether it changed.
    pub fn take_typed(&mut self) -> bool {
        if self.filter.trim().is_empty() {
            return false;
        }
        let Some(&i) = self.filtered().get(self.cursor) else {
            return false;
        };
        self.filter.clear();
        self.cursor = 0;
        if self.multiple {
            self.chosen.insert(i)
        } else {
            let changed = !self.chosen.contains(&i) || self.chosen.len() != 1;
            self.chosen = BTreeSet::from([i]);
            changed
        }
    }

    /// Codes chosen, in list order.
    pub fn codes(&self) -> Vec<String> {
        self.chosen
            .iter()
            .map(|i| self.options[*i].code.clone())
            .collect()
    }

    /// Labels chosen, for display.
    pub fn labels(&self) -> Vec<&str> {
        self.chosen
            .iter()
            .map(|i| self.options[*i].label.as_str())
            .collect()
    }

    /// Sets the choice from stored codes (unknown codes are ignored).
    pub fn set_codes<S: AsRef<str>>(&mut self, codes: &[S]) {
        self.chosen = codes
            .iter()
            .filter_map(|c| self.options.iter().position(|o| o.code == c.as_ref()))
            .collect();
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.filtered().len();
        if n > 0 {
            self.cursor = (self.cursor as isize + delta).rem_euclid(n as isize) as usize;
        }
    }
}

/// What kind of field, with its state.
#[derive(Debug)]
pub enum Kind {
    Text(Input),
    /// Hidden while typed (passphrases).
    Secret(Input),
    Notes(Box<TextArea<'static>>),
    Pick(Pick),
    Answer(Answer),
    When {
        input: Input,
        lean: Lean,
    },
}

/// Whether a field's value changed, and whether focus should move on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub changed: bool,
    pub advance: bool,
    pub used: bool,
}

impl Outcome {
    const UNUSED: Outcome = Outcome {
        changed: false,
        advance: false,
        used: false,
    };
    fn used(changed: bool) -> Outcome {
        Outcome {
            changed,
            advance: false,
            used: true,
        }
    }
}

/// Makes a notes field: word-wrapped, no line numbers.
pub fn notes(text: &str) -> Kind {
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::Word);
    area.set_cursor_line_style(ratatui::style::Style::default());
    // Text given back (a draft, an entry being corrected) is added to, not typed over.
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    Kind::Notes(Box::new(area))
}

impl Kind {
    /// A typed key that no action claimed.
    pub fn key(&mut self, ev: KeyEvent) -> Outcome {
        match self {
            Kind::Text(input) | Kind::Secret(input) | Kind::When { input, .. } => edit(input, ev),
            Kind::Notes(area) => {
                if ev.code == KeyCode::Enter {
                    return Outcome::UNUSED;
                }
                let before = area.lines().to_vec();
                // As in one-line fields, C-u deletes back to the start of the line; undo
                // (the editor's own C-u) is C-z.
                if ctrl(&ev, 'u') {
                    area.delete_line_by_head();
                } else if ctrl(&ev, 'z') {
                    area.undo();
                } else {
                    area.input(ev);
                }
                Outcome::used(area.lines() != before.as_slice())
            }
            Kind::Pick(p) => match ev.code {
                KeyCode::Char(c)
                    if !ev
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    p.filter.push(c);
                    p.cursor = 0;
                    Outcome::used(false)
                }
                KeyCode::Backspace => {
                    p.filter.pop();
                    p.cursor = 0;
                    Outcome::used(false)
                }
                _ => Outcome::UNUSED,
            },
            Kind::Answer(a) => {
                let new = match ev.code {
                    KeyCode::Char('y' | 'Y' | '1') => Answer::Yes,
                    KeyCode::Char('n' | 'N' | '0') => Answer::No,
                    KeyCode::Char('u' | 'U' | '?') => Answer::Unknown,
                    KeyCode::Char(' ') => match a {
                        Answer::Unknown => Answer::Yes,
                        Answer::Yes => Answer::No,
                        Answer::No => Answer::Unknown,
                    },
                    KeyCode::Backspace | KeyCode::Delete => Answer::Unknown,
                    _ => return Outcome::UNUSED,
                };
                let changed = *a != new;
                *a = new;
                // A letter answers the question: move on, as a paper form would.
                let advance = matches!(ev.code, KeyCode::Char(c) if c != ' ');
                Outcome {
                    changed,
                    advance,
                    used: true,
                }
            }
        }
    }

    /// Up, down or select, passed on by the form. `None` when the field has no use for it.
    pub fn nav(&mut self, up: bool, down: bool, select: bool) -> Outcome {
        match self {
            Kind::Pick(p) if up || down => {
                p.move_by(if up { -1 } else { 1 });
                Outcome::used(false)
            }
            Kind::Pick(p) if select => {
                let changed = p.select();
                Outcome {
                    changed,
                    advance: !p.multiple && changed,
                    used: true,
                }
            }
            Kind::Notes(area) if select => {
                area.insert_newline();
                Outcome::used(true)
            }
            Kind::Notes(area) if up || down => {
                let row = area.cursor().0;
                let last = area.lines().len().saturating_sub(1);
                if (up && row == 0) || (down && row >= last) {
                    return Outcome::UNUSED;
                }
                let m = if up {
                    ratatui_textarea::CursorMove::Up
                } else {
                    ratatui_textarea::CursorMove::Down
                };
                area.move_cursor(m);
                Outcome::used(false)
            }
            _ if select => Outcome {
                changed: false,
                advance: true,
                used: true,
            },
            _ => Outcome::UNUSED,
        }
    }

    /// Pasted text, as one edit. One-line fields lose the line breaks.
    pub fn paste(&mut self, text: &str) -> Outcome {
        let one_line = || {
            text.split(['\n', '\r'])
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Kind::Text(input) | Kind::Secret(input) | Kind::When { input, .. } => {
                let mut value = input.value().to_string();
                let at = value
                    .char_indices()
                    .nth(input.cursor())
                    .map(|(i, _)| i)
                    .unwrap_or(value.len());
                let pasted = one_line();
                value.insert_str(at, &pasted);
                let cursor = input.cursor() + pasted.chars().count();
                *input = Input::new(value).with_cursor(cursor);
                Outcome::used(!pasted.is_empty())
            }
            Kind::Notes(area) => Outcome::used(area.insert_str(text.replace('\r', ""))),
            Kind::Pick(p) => {
                p.filter.push_str(&one_line());
                p.cursor = 0;
                Outcome::used(false)
            }
            Kind::Answer(_) => Outcome::UNUSED,
        }
    }

    /// The value as text, for drafts.
    pub fn text(&self) -> String {
        match self {
            Kind::Text(i) | Kind::Secret(i) | Kind::When { input: i, .. } => i.value().to_string(),
            Kind::Notes(a) => a.lines().join("\n"),
            Kind::Pick(p) => p.codes().join(","),
            Kind::Answer(a) => answer_name(*a).to_string(),
        }
    }

    /// Restores a value written by [`Kind::text`].
    pub fn set_text(&mut self, value: &str) {
        match self {
            Kind::Text(i) | Kind::Secret(i) | Kind::When { input: i, .. } => {
                *i = Input::new(value.to_string())
            }
            Kind::Notes(_) => *self = notes(value),
            Kind::Pick(p) => p.set_codes(
                &value
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ),
            Kind::Answer(a) => {
                *a = match value {
                    "yes" => Answer::Yes,
                    "no" => Answer::No,
                    _ => Answer::Unknown,
                }
            }
        }
    }

    /// For date fields: what the typed text means, if anything is typed.
    pub fn when(&self, now: NaiveDateTime) -> Option<Result<When, WhenError>> {
        match self {
            Kind::When { input, lean } if !input.value().trim().is_empty() => {
                Some(parse_when(input.value(), now, *lean))
            }
            _ => None,
        }
    }
}

/// The stored name of an answer.
pub fn answer_name(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Unknown => "unknown",
    }
}

/// Whether `ev` is Ctrl and the letter `c`.
fn ctrl(ev: &KeyEvent, c: char) -> bool {
    ev.modifiers == KeyModifiers::CONTROL && ev.code == KeyCode::Char(c)
}

fn edit(input: &mut Input, ev: KeyEvent) -> Outcome {
    if ctrl(&ev, 'u') {
        // Back to the start of the line, as in the notes and in a shell.
        let at = input.cursor();
        let rest: String = input.value().chars().skip(at).collect();
        *input = Input::new(rest).with_cursor(0);
        return Outcome::used(at > 0);
    }
    match to_input_request(&Event::Key(ev)) {
        Some(req) => {
            let before = input.value().len();
            let before_text = input.value().to_string();
            input.handle(req);
            let changed = input.value().len() != before || input.value() != before_text;
            Outcome::used(changed)
        }
        None => Outcome::UNUSED,
    }
}
