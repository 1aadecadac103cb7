//! The help overlay: every key of the screen underneath, and the global ones.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::keymap::{Action, Context, Keymap};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::scroll;
use crate::ui::widgets::small_form::centred;

/// Lists the bindings in force for `context`.
pub struct Help {
    context: Context,
    scroll: u16,
}

impl Help {
    pub fn new(context: Context) -> Help {
        Help { context, scroll: 0 }
    }

    fn lines(&self, keymap: &Keymap, t: Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for (i, &ctx) in self.context.chain().iter().enumerate() {
            let title = match ctx {
                Context::Global => "Everywhere",
                Context::List if i == 0 => "On this screen",
                Context::List => "Also on this screen (as on every list)",
                Context::Form => "In this form (typing goes into the field)",
                Context::Dialog => "In this dialog",
                Context::CaseList => "On the case list",
                Context::Case => "On a case",
                Context::Queue => "On the follow-up queue",
                Context::Admin => "On this administrator's screen",
            };
            out.push(Line::from(Span::styled(title, t.heading())));
            // A key this screen's own section takes is listed there, not again here.
            let shown = keymap
                .section(ctx)
                .into_iter()
                .filter(|(k, a)| keymap.lookup(self.context, *k) == Some(*a));
            for (key, action) in shown {
                out.push(Line::from(vec![
                    Span::styled(format!("  {:<12}", key.to_string()), t.key()),
                    Span::raw(action.help()),
                ]));
            }
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(
            "Keys can be changed in keymap.toml: see `caseline keymap show`.",
            t.dim(),
        )));
        out
    }
}

impl Component for Help {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        "Help".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if scroll(action, &mut self.scroll) {
            return Handled::Yes;
        }
        match action {
            Action::Cancel | Action::Confirm | Action::Help => cx.pop(),
            Action::Quit => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Down, Action::Cancel]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let lines = self.lines(cx.keymap, cx.theme);
        let r = centred(area, 76, area.height);
        let max = (lines.len() as u16).saturating_sub(r.height.saturating_sub(2));
        let title = if self.scroll < max {
            " Keys (more below: down) "
        } else {
            " Keys "
        };
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, cx.theme.heading()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .scroll((self.scroll.min(max), 0)),
            r,
        );
    }
}
