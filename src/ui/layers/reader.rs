//! Reading one timeline entry in full: a long note is wrapped to the width of the
//! screen and scrolls, where the timeline shows only what fits around it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, keys_of};
use crate::ui::text::{shown, shown_lines};
use crate::ui::widgets::scroll::{SCROLL_KEYS, scroll};
use crate::ui::widgets::wrap::wrap;

/// One entry, read-only.
pub struct Reader {
    /// The case's reference and safeguarding marker (lines starting `!` are warnings).
    pub banner: Vec<String>,
    /// What, when and by whom: `Fri 20 Nov 2026 14:00  Phone call out · Asha Patel`.
    pub heading: String,
    /// Notes on the entry: "corrects the entry of ...", "corrected below".
    pub notes: Vec<String>,
    pub text: String,
    scroll: u16,
    /// What is read: "Timeline entry" unless [`Reader::titled`] says otherwise.
    label: &'static str,
}

impl Reader {
    pub fn new(banner: Vec<String>, heading: String, notes: Vec<String>, text: String) -> Reader {
        Reader {
            banner,
            heading,
            notes,
            text,
            scroll: 0,
            label: "Timeline entry",
        }
    }

    /// The same reader for something else (a referral's summary).
    pub fn titled(mut self, label: &'static str) -> Reader {
        self.label = label;
        self
    }

    fn lines(&self, width: usize, cx: &ViewCtx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let mut out: Vec<Line<'static>> = self
            .banner
            .iter()
            .map(|l| {
                let style = if l.starts_with('!') {
                    t.warn()
                } else {
                    t.heading()
                };
                Line::from(Span::styled(shown(l).into_owned(), style))
            })
            .collect();
        for row in wrap(&shown(&self.heading), width) {
            out.push(Line::from(Span::styled(row, t.heading())));
        }
        for note in &self.notes {
            out.push(Line::from(Span::styled(shown(note).into_owned(), t.warn())));
        }
        out.push(Line::default());
        for row in wrap(&shown_lines(&self.text), width) {
            out.push(Line::from(row));
        }
        out
    }
}

impl Component for Reader {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        self.label.into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if scroll(action, &mut self.scroll) {
            return Handled::Yes;
        }
        match action {
            Action::Cancel | Action::Confirm | Action::Open | Action::Select => cx.pop(),
            Action::Quit | Action::Help => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Down, Action::PageDown, Action::Cancel]
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(&[Action::Cancel, Action::Confirm], &SCROLL_KEYS)
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit, Action::Help]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let r = area;
        let width = r.width.saturating_sub(2) as usize;
        let lines = self.lines(width, cx);
        let room = r.height.saturating_sub(2);
        let max = (lines.len() as u16).saturating_sub(room);
        let scroll = self.scroll.min(max);
        let title = if scroll < max {
            format!(" {} (more below: down) ", self.label)
        } else {
            format!(" {} ", self.label)
        };
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, cx.theme.heading()));
        frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), r);
    }
}
