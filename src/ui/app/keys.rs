//! Where a key goes: the top layer first, then the application's own actions.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{Action, Key};
use crate::service::Draft;
use crate::ui::component::{Component, Ctx, GLOBAL, Handled};
use crate::ui::layers::help::Help;
use crate::ui::msg::Effect;
use crate::ui::screens::cases::CaseListScreen;
use crate::ui::screens::directory::DirectoryScreen;
use crate::ui::screens::home::{Home, open_intake};
use crate::ui::screens::queue::QueueScreen;
use crate::ui::screens::recent::Recent;
use crate::ui::screens::referrals::ReferralsScreen;
use crate::ui::screens::search::SearchScreen;

/// Help over `top`: its own keys, then those of the global actions that reach the
/// application from it. Before signing in only quit and help do anything; once signed
/// in, the lock key works over every layer (see [`App::guard_first`]).
fn help_for(top: &dyn Component, unlocked: bool) -> Help {
    let own = top.keys();
    let passes = top.passes();
    let global = GLOBAL
        .into_iter()
        .filter(|a| match a {
            Action::Lock => unlocked,
            Action::Quit | Action::Help => passes.contains(a),
            _ => unlocked && passes.contains(a),
        })
        .filter(|a| !own.contains(a))
        .collect();
    Help::new(top.context(), own, global)
}

/// What a key press reaches besides the top layer: how it stands with the terminal,
/// the session and the unfinished intake.
pub(super) struct KeyTo<'a> {
    pub too_small: bool,
    pub unlocked: bool,
    pub draft: Option<&'a Draft>,
}

impl KeyTo<'_> {
    /// The key's action (or the key itself) to the top layer; what it leaves is a
    /// global action. With the terminal too small to see anything, only quitting.
    pub fn press(&self, top: &mut dyn Component, ev: KeyEvent, cx: &mut Ctx) {
        let action = Key::from_event(&ev).and_then(|k| cx.keymap.lookup(top.context(), k));
        if self.too_small {
            if action == Some(Action::Quit) {
                cx.effect(Effect::Quit);
            }
            return;
        }
        let handled = match action {
            Some(a) => top.on_action(a, cx),
            None => top.on_key(ev, cx),
        };
        if let (Handled::No, Some(a)) = (handled, action) {
            if a == Action::Help {
                cx.push(help_for(top, self.unlocked));
            }
            global_action(a, self.unlocked, self.draft, cx);
        }
    }
}

/// Actions no layer used: moving between the main places (intake, recent intakes,
/// cases, the follow-up queue, home), quitting. Help is opened by the caller, which
/// has the layer in front to ask for its keys.
fn global_action(action: Action, unlocked: bool, draft: Option<&Draft>, cx: &mut Ctx) {
    match action {
        Action::Quit => cx.effect(Effect::Quit),
        Action::NewIntake if unlocked => open_intake(draft, cx),
        Action::RecentIntakes if unlocked => cx.goto(Recent::new()),
        Action::Cases if unlocked => cx.goto(CaseListScreen::new()),
        Action::Queue if unlocked => cx.goto(QueueScreen::new()),
        Action::Directory if unlocked => cx.goto(DirectoryScreen::new()),
        Action::Referrals if unlocked => cx.goto(ReferralsScreen::new()),
        // Over whatever is open, so that esc comes back to it (an intake keeps its text).
        Action::Search if unlocked => cx.push(SearchScreen::new()),
        Action::Home | Action::Cancel if unlocked => cx.goto(Home::new()),
        _ => {}
    }
}
