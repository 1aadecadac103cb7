//! The help overlay: the keys of the screen or dialog in front, then the global ones
//! that work there; never a key that does nothing there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::keymap::{Action, Context, Key, Keymap};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::{SCROLL_KEYS, scroll};
use crate::ui::widgets::small_form::centred;

/// Lists the keys of the actions that work in front, in `context`.
pub struct Help {
    context: Context,
    /// What the layer in front answers itself, most useful first.
    own: Vec<Action>,
    /// The application's actions that reach it from there.
    global: Vec<Action>,
    scroll: u16,
}

impl Help {
    /// Help for a layer in `context` answering `own`, with `global` let through.
    pub fn new(context: Context, own: Vec<Action>, global: Vec<Action>) -> Help {
        let mut seen = Vec::new();
        let mut keep = |a: &Action| {
            let new = !seen.contains(a);
            seen.push(*a);
            new
        };
        let own: Vec<Action> = own.into_iter().filter(&mut keep).collect();
        let global = global.into_iter().filter(&mut keep).collect();
        Help {
            context,
            own,
            global,
            scroll: 0,
        }
    }

    /// The heading over the keys of the layer in front.
    fn heading(&self) -> &'static str {
        match self.context {
            Context::Global | Context::List => "On this screen",
            Context::Form => "In this form (typing goes into the field)",
            Context::Dialog => "In this dialog",
            Context::CaseList => "On the case list",
            Context::Case => "On a case",
            Context::Queue => "On the follow-up queue",
            Context::Admin => "On this administrator's screen",
            Context::Reports => "On the reports",
            Context::Directory => "In the directory",
            Context::Referrals => "On the referrals",
            Context::Letters => "On the letters",
        }
    }

    /// One row per key: the keys this screen's sections bind, then those of [global],
    /// each in the order of the actions.
    fn rows(&self, keymap: &Keymap, t: Theme) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
        let everywhere = keymap.section(Context::Global);
        let (mut here, mut anywhere) = (Vec::new(), Vec::new());
        for &action in self.own.iter().chain(&self.global) {
            for key in keymap.keys_for(self.context, action) {
                let row = row(key, action, t);
                if everywhere.contains(&(key, action)) {
                    anywhere.push(row);
                } else {
                    here.push(row);
                }
            }
        }
        (here, anywhere)
    }

    fn lines(&self, keymap: &Keymap, t: Theme) -> Vec<Line<'static>> {
        let (here, anywhere) = self.rows(keymap, t);
        let mut out = Vec::new();
        for (title, rows) in [(self.heading(), here), ("Everywhere", anywhere)] {
            if rows.is_empty() {
                continue;
            }
            out.push(Line::from(Span::styled(title, t.heading())));
            out.extend(rows);
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(
            "Keys can be changed in keymap.toml: see `caseline keymap show`.",
            t.dim(),
        )));
        out
    }
}

fn row(key: Key, action: Action, t: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {:<12}", key.to_string()), t.key()),
        Span::raw(action.help()),
    ])
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

    fn keys(&self) -> Vec<Action> {
        let mut keys = SCROLL_KEYS.to_vec();
        keys.extend([Action::Cancel, Action::Confirm, Action::Help]);
        keys
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit]
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
