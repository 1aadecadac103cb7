//! The one-line text a list screen is filtered or searched by (search's "Find:", the
//! directory's "Filter:"): a prompt, the text scrolled to keep the cursor in sight,
//! and the terminal's cursor put where the next character goes, measured in the
//! columns the terminal draws (a Bengali or Chinese name is not one column a char).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

use super::field::{Kind, Outcome};
use super::line_view::line_view;
use crate::ui::theme::Theme;

/// A prompt and the text typed after it.
#[derive(Debug)]
pub struct QueryBar {
    prompt: &'static str,
    input: Kind,
}

impl QueryBar {
    pub fn new(prompt: &'static str) -> QueryBar {
        QueryBar::with_text(prompt, String::new())
    }

    pub fn with_text(prompt: &'static str, text: String) -> QueryBar {
        QueryBar {
            prompt,
            input: Kind::Text(Input::new(text)),
        }
    }

    pub fn text(&self) -> String {
        self.input.text()
    }

    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        self.input.key(key)
    }

    pub fn paste(&mut self, text: &str) -> Outcome {
        self.input.paste(text)
    }

    /// The prompt's width in columns.
    pub fn prompt_width(&self) -> usize {
        self.prompt.width()
    }

    /// Columns the text has on a line `inside` columns wide: after the prompt, less
    /// one for the cursor past the last character.
    pub fn text_width(&self, inside: usize) -> usize {
        inside.saturating_sub(self.prompt_width() + 1)
    }

    /// How many columns the text is scrolled left on a line `inside` columns wide.
    pub fn scroll(&self, inside: usize) -> usize {
        let text = self.text();
        line_view(&text, self.char_cursor(), self.text_width(inside)).scroll
    }

    /// The cursor as a char index into the text.
    pub fn char_cursor(&self) -> usize {
        match &self.input {
            Kind::Text(input) => input.cursor(),
            _ => 0,
        }
    }

    /// Where the terminal's cursor goes when the bar is the first line inside a
    /// bordered box drawn over `area`.
    pub fn cursor(&self, area: Rect) -> (u16, u16) {
        let text = self.text();
        let width = self.text_width(area.width.saturating_sub(2) as usize);
        let view = line_view(&text, self.char_cursor(), width);
        let x = area.x + 1 + self.prompt_width() as u16 + view.cursor as u16;
        (x, area.y + 1)
    }

    /// The prompt and the part of the text in sight.
    pub fn draw(&self, frame: &mut Frame, bar: Rect, theme: Theme) {
        let text = self.text();
        let view = line_view(
            &text,
            self.char_cursor(),
            self.text_width(bar.width as usize),
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(self.prompt, theme.heading()),
                Span::raw(view.text),
            ])),
            bar,
        );
    }
}
