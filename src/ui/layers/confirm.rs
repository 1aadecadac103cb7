//! Questions that need a yes before something is lost, and the offer to resume a draft.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::keymap::{Action, Context};
use crate::service::Draft;
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::{DraftEffect, Effect};
use crate::ui::screens::home::{Home, open_intake};
use crate::ui::widgets::small_form::centred;

/// A yes/no question; yes carries out effects and goes home.
pub struct Confirm {
    question: String,
    on_yes: Vec<Effect>,
    done: String,
}

impl Confirm {
    /// Discarding the intake being typed.
    pub fn discard_intake() -> Confirm {
        Confirm {
            question: "Discard this intake? Everything typed in it will be lost.".into(),
            on_yes: vec![Effect::Draft(DraftEffect::Discard)],
            done: "The intake was discarded".into(),
        }
    }
}

pub(crate) fn draw_box(
    frame: &mut Frame,
    area: Rect,
    cx: &ViewCtx,
    title: &str,
    text: Vec<Line<'static>>,
) {
    let r = centred(area, 76, text.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), cx.theme.warn()));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        r,
    );
}

pub(crate) fn answers(cx: &ViewCtx, yes: &str, no: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!(" {} ", cx.keymap.hint(Context::Dialog, Action::Confirm)),
            cx.theme.key(),
        ),
        Span::raw(format!("{yes}   ")),
        Span::styled(
            format!("{} ", cx.keymap.hint(Context::Dialog, Action::Cancel)),
            cx.theme.key(),
        ),
        Span::raw(no.to_string()),
    ])
}

impl Component for Confirm {
    fn context(&self) -> Context {
        Context::Dialog
    }
    fn title(&self) -> String {
        "Are you sure?".into()
    }
    fn is_overlay(&self) -> bool {
        true
    }
    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Confirm => {
                for e in self.on_yes.drain(..) {
                    cx.effect(e);
                }
                cx.goto(Home::new());
                cx.done(self.done.clone());
            }
            Action::Cancel => cx.pop(),
            Action::Quit => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }
    fn hints(&self) -> Vec<Action> {
        vec![Action::Confirm, Action::Cancel]
    }

    /// A question holds every key but quit until it is answered.
    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit]
    }
    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let text = vec![
            Line::from(format!(" {}", self.question)),
            Line::default(),
            answers(cx, "yes", "no, go back"),
        ];
        draw_box(frame, area, cx, "Are you sure?", text);
    }
}

/// "Unfinished intake from 14:32, resume?"
pub struct Resume {
    draft: Draft,
}

impl Resume {
    pub fn new(draft: Draft) -> Resume {
        Resume { draft }
    }
}

impl Component for Resume {
    fn context(&self) -> Context {
        Context::Dialog
    }
    fn title(&self) -> String {
        "Unfinished intake".into()
    }
    fn is_overlay(&self) -> bool {
        true
    }
    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Confirm => open_intake(Some(&self.draft), cx),
            Action::Cancel => cx.pop(),
            Action::Quit => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }
    fn hints(&self) -> Vec<Action> {
        vec![Action::Confirm, Action::Cancel]
    }

    /// A question holds every key but quit until it is answered.
    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit]
    }
    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let when = self
            .draft
            .saved_at
            .with_timezone(&crate::domain::clock::zone())
            .format("%H:%M");
        let text = vec![
            Line::from(format!(" Unfinished intake from {when}, resume?")),
            Line::from(" It was kept when caseline last stopped; nothing typed was lost."),
            Line::default(),
            answers(cx, "resume it now", "later (it stays kept)"),
        ];
        draw_box(frame, area, cx, "Unfinished intake", text);
    }
}
