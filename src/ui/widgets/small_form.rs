//! A few labelled fields in a box: the unlock and setup screens.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_input::Input;

use super::field::{Kind, Outcome};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::line_view::column_of;

/// A labelled field of a small form.
pub struct Entry {
    pub label: &'static str,
    pub kind: Kind,
    pub error: Option<String>,
}

impl Entry {
    pub fn text(label: &'static str, value: &str) -> Entry {
        Entry {
            label,
            kind: Kind::Text(Input::new(value.to_string())),
            error: None,
        }
    }
    pub fn secret(label: &'static str) -> Entry {
        Entry {
            label,
            kind: Kind::Secret(Input::default()),
            error: None,
        }
    }
}

/// Fields one under another, with focus.
pub struct SmallForm {
    pub entries: Vec<Entry>,
    pub focus: usize,
}

const LABEL: usize = 24;

impl SmallForm {
    pub fn new(entries: Vec<Entry>) -> SmallForm {
        SmallForm { entries, focus: 0 }
    }

    pub fn value(&self, i: usize) -> String {
        self.entries[i].kind.text()
    }

    pub fn key(&mut self, ev: KeyEvent) -> Outcome {
        self.entries[self.focus].kind.key(ev)
    }

    pub fn paste(&mut self, text: &str) -> Outcome {
        self.entries[self.focus].kind.paste(text)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1).min(self.entries.len() - 1);
    }

    pub fn prev(&mut self) {
        self.focus = self.focus.saturating_sub(1);
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 == self.entries.len()
    }

    /// Clears a secret field (after a wrong passphrase).
    pub fn clear(&mut self, i: usize) {
        self.entries[i].kind.set_text("");
    }

    /// The box's height for `intro` lines of text above the fields, in a box `width`
    /// wide (long errors wrap onto more rows).
    pub fn height(&self, intro: usize, width: u16) -> u16 {
        let inner = (width as usize).saturating_sub(2).max(1);
        let errors: usize = self
            .entries
            .iter()
            .map(|e| {
                e.error
                    .as_ref()
                    .map_or(1, |m| (m.chars().count() + 6).div_ceil(inner))
            })
            .sum();
        (intro + 1 + self.entries.len() + errors + 2) as u16
    }

    /// Draws the box with `intro` above the fields; returns the cursor position.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        intro: &[Line<'static>],
        t: Theme,
    ) -> Option<(u16, u16)> {
        let mut lines: Vec<Line> = intro.to_vec();
        lines.push(Line::default());
        let mut cursor = None;
        for (i, e) in self.entries.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "> " } else { "  " };
            let label = Span::styled(
                format!("{marker}{:<w$}", e.label, w = LABEL),
                if focused { t.focus() } else { t.normal() },
            );
            let value = match &e.kind {
                Kind::Secret(input) => "•".repeat(input.value().chars().count()),
                other => shown(&other.text()).into_owned(),
            };
            if focused && let Kind::Text(input) | Kind::Secret(input) = &e.kind {
                let at = match &e.kind {
                    Kind::Secret(_) => input.cursor(),
                    _ => column_of(input.value(), input.cursor()),
                };
                let x = area.x + 1 + (LABEL + 3 + at) as u16;
                cursor = Some((
                    x.min(area.right().saturating_sub(2)),
                    area.y + 1 + lines.len() as u16,
                ));
            }
            lines.push(Line::from(vec![label, Span::raw(" "), Span::raw(value)]));
            match &e.error {
                Some(err) => lines.push(Line::from(Span::styled(
                    format!("    ! {}", shown(err)),
                    t.error(),
                ))),
                None => lines.push(Line::default()),
            }
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), t.heading()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
        cursor
    }
}

/// A rectangle `w` by `h` in the middle of `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
