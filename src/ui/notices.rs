//! Another worker's change, as the store's server tells it ([`Reply::Changed`]), is
//! told to every layer on the stack, bottom to top, not only to the one on top.
//!
//! Why every layer, at once, rather than marking the covered ones stale and reading
//! them when they are on top again: a dialog floats over its screen, which is still
//! drawn and read by the worker while the dialog is open, so it must not be left
//! showing what has changed; closing a dialog (`Pop`) does not enter the screen again,
//! so nothing would be read on the way back either. Each layer's reads carry its own
//! [`LayerId`](super::stack::LayerId), so their answers reach it wherever it stands
//! (or are dropped if it has gone), and a layer that shows nothing the notice is about
//! ignores it. A layer's handling of a notice only reads: it never closes or opens
//! layers.
//!
//! Not every screen follows: a page of the audit log, a case's access history and a
//! monitoring report are what the worker asked for at a moment (the log grows with
//! every read, so a page of it that followed would never keep still); they are read
//! again when asked again.

use chrono::NaiveDateTime;

use super::component::{Command, Ctx, Lists};
use super::msg::{Asked, Notice, Reply};
use super::stack::Stack;
use crate::keymap::Keymap;

/// What telling every layer asked for: reads, each with the layer that asked, and any
/// status a layer wanted said.
pub struct Told {
    pub effects: Vec<Asked>,
    pub commands: Vec<Command>,
}

/// Tells `notice` to every layer of `stack`, bottom to top.
pub fn tell_every_layer(
    stack: &mut Stack,
    notice: &Notice,
    now: NaiveDateTime,
    keymap: &Keymap,
    lists: &Lists,
) -> Told {
    let reply = Reply::Changed(notice.clone());
    let mut told = Told {
        effects: Vec::new(),
        commands: Vec::new(),
    };
    for id in stack.ids() {
        let Some(layer) = stack.find_mut(id) else {
            continue;
        };
        let mut cx = Ctx::new(now, keymap, lists);
        layer.component.on_reply(&reply, &mut cx);
        told.effects
            .extend(cx.effects.into_iter().map(|effect| Asked {
                by: Some(id),
                effect,
            }));
        // Only what goes on the status line: a covered layer does not close the one
        // over it, nor open one.
        told.commands.extend(
            cx.commands
                .into_iter()
                .filter(|c| matches!(c, Command::Status(_))),
        );
    }
    told
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::component::{Component, Handled, ViewCtx};
    use crate::ui::msg::{Effect, IntakeEffect};
    use ratatui::Frame;
    use ratatui::layout::Rect;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A layer that writes down the notices it hears and reads again on each.
    struct Ear {
        name: &'static str,
        heard: Rc<RefCell<Vec<&'static str>>>,
        overlay: bool,
    }

    impl Component for Ear {
        fn context(&self) -> crate::keymap::Context {
            crate::keymap::Context::List
        }
        fn title(&self) -> String {
            self.name.into()
        }
        fn on_action(&mut self, _a: crate::keymap::Action, _cx: &mut Ctx) -> Handled {
            Handled::No
        }
        fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
            if let Reply::Changed(Notice::Intake) = reply {
                self.heard.borrow_mut().push(self.name);
                cx.effect(Effect::Intake(IntakeEffect::LoadRecent));
                // Not obeyed: a notice never closes a layer.
                cx.pop();
                cx.info(format!("{} read again", self.name));
                return Handled::Yes;
            }
            Handled::No
        }
        fn hints(&self) -> Vec<crate::keymap::Action> {
            Vec::new()
        }
        fn is_overlay(&self) -> bool {
            self.overlay
        }
        fn view(&self, _f: &mut Frame, _a: Rect, _cx: &ViewCtx) {}
    }

    #[test]
    fn every_layer_hears_a_notice_bottom_to_top_and_reads_as_itself() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let ear = |name, overlay| {
            Box::new(Ear {
                name,
                heard: Rc::clone(&heard),
                overlay,
            })
        };
        let mut stack = Stack::new(ear("screen", false));
        stack.push(ear("card", false));
        stack.push(ear("dialog", true));
        let ids = stack.ids();
        let keymap = Keymap::builtin();
        let lists = Lists::new();
        let now = crate::ui::testing::test_clock().local_now();
        let told = tell_every_layer(&mut stack, &Notice::Intake, now, &keymap, &lists);
        assert_eq!(*heard.borrow(), ["screen", "card", "dialog"]);
        let by: Vec<_> = told.effects.iter().map(|a| a.by).collect();
        assert_eq!(by, ids.into_iter().map(Some).collect::<Vec<_>>());
        assert_eq!(told.commands.len(), 3, "the statuses, not the pops");
        assert!(
            told.commands
                .iter()
                .all(|c| matches!(c, Command::Status(_)))
        );
        let quiet = tell_every_layer(&mut stack, &Notice::Directory, now, &keymap, &lists);
        assert!(quiet.effects.is_empty() && quiet.commands.is_empty());
        assert_eq!(
            heard.borrow().len(),
            3,
            "a notice about nothing shown is ignored"
        );
    }
}
