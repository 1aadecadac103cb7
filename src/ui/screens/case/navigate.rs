//! Moving about a case's timeline and follow-ups: the kind filter, jumping to a day,
//! moving the selection.

use super::{CaseScreen, Pane, timeline};
use crate::keymap::Action;
use crate::ui::component::{Ctx, Handled};

impl CaseScreen {
    /// Indexes of the timeline entries the kind filter lets through.
    pub(super) fn shown(&self) -> Vec<usize> {
        let Some(d) = &self.data else {
            return Vec::new();
        };
        (0..d.detail.timeline.len())
            .filter(|i| {
                self.kind
                    .is_none_or(|k| d.detail.timeline[*i].kind.name() == k)
            })
            .collect()
    }

    pub(super) fn select(&mut self, pos: usize) {
        let shown = self.shown();
        self.selected = pos.min(shown.len().saturating_sub(1));
        self.selected_id = self
            .data
            .as_ref()
            .and_then(|d| shown.get(self.selected).map(|i| d.detail.timeline[*i].id));
    }

    pub(super) fn move_by(&mut self, delta: isize, to_end: Option<bool>) {
        let n = match self.pane {
            Pane::Timeline => self.shown().len(),
            Pane::FollowUps => self.data.as_ref().map_or(0, |d| d.open_follow_ups().len()),
        };
        let last = n.saturating_sub(1);
        let here = match self.pane {
            Pane::Timeline => self.selected,
            Pane::FollowUps => self.follow,
        };
        let to = match to_end {
            Some(true) => last,
            Some(false) => 0,
            None => (here as isize + delta).clamp(0, last as isize) as usize,
        };
        match self.pane {
            Pane::Timeline => self.select(to),
            Pane::FollowUps => self.follow = to,
        }
    }

    /// The next kind filter: each kind on this timeline in turn, then all again.
    pub(super) fn cycle_kind(&mut self, cx: &mut Ctx) {
        let Some(d) = &self.data else { return };
        let kinds = timeline::kinds_present(&d.detail.timeline);
        let next = match self.kind {
            None => kinds.first().copied(),
            Some(k) => kinds
                .iter()
                .position(|x| *x == k)
                .and_then(|p| kinds.get(p + 1).copied()),
        };
        self.kind = next;
        let n = self.shown().len();
        self.select(n.saturating_sub(1));
        match next {
            Some(k) => cx.info(format!("Showing {k} entries only")),
            None => cx.info("Showing every entry"),
        }
    }

    /// Selects the first entry shown on or after the typed day.
    pub(super) fn jump_to(&mut self, cx: &mut Ctx) {
        let Some(field) = &self.jump else { return };
        let day = match field.when(cx.now) {
            Some(Ok(w)) => w.date,
            Some(Err(e)) => return cx.error(e.0),
            None => {
                self.jump = None;
                return;
            }
        };
        self.jump = None;
        let Some(d) = &self.data else { return };
        let shown = self.shown();
        let said = day.format("%a %-d %b %Y");
        match shown
            .iter()
            .position(|i| timeline::day_of(&d.detail.timeline[*i]) >= day)
        {
            Some(p) => {
                self.select(p);
                cx.info(format!("From {said}"));
            }
            None => {
                self.select(shown.len().saturating_sub(1));
                cx.info(format!(
                    "Nothing on or after {said}: this is the newest entry"
                ));
            }
        }
        self.pane = Pane::Timeline;
    }

    pub(super) fn jump_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Select | Action::Save => self.jump_to(cx),
            Action::Cancel => self.jump = None,
            Action::Quit | Action::Help => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }
}
