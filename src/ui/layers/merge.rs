//! The question before two records of one person are merged: both shown, side by
//! side in words, so the worker sees which is kept and which goes before saying yes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::confirm::{answers, draw_box};
use crate::keymap::{Action, Context};
use crate::service::{MergeSide, PossibleDuplicate};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::{Effect, PeopleEffect, Reply};
use crate::ui::text::shown;
use crate::ui::widgets::wrap::fit;

/// "Merge these two records?" with both records shown.
pub struct MergeConfirm {
    keep: MergeSide,
    gone: MergeSide,
    matched_on: Vec<String>,
    /// Asked, and waiting for the answer: a second yes does not ask again.
    asked: bool,
}

impl MergeConfirm {
    /// The pair's record on file is kept; `None` when there is none to keep.
    pub fn new(pair: &PossibleDuplicate) -> Option<MergeConfirm> {
        Some(MergeConfirm {
            keep: pair.on_file.clone()?,
            gone: pair.newer.clone(),
            matched_on: pair.matched_on.clone(),
            asked: false,
        })
    }
}

/// Two lines for one record: the name, then phone, postcode and when it was made.
fn side(label: &str, s: &MergeSide, width: usize) -> [Line<'static>; 2] {
    let mut more: Vec<String> = Vec::new();
    more.extend(s.phone.as_deref().map(|p| shown(p).into_owned()));
    more.extend(s.postcode.as_deref().map(|p| shown(p).into_owned()));
    more.push(format!("added {}", s.added.format("%a %-d %b %Y")));
    [
        Line::from(vec![
            Span::raw(format!(" {label:<10}")),
            Span::raw(fit(&shown(&s.name), width.saturating_sub(12))),
        ]),
        Line::raw(fit(&format!(" {:<10}{}", "", more.join(" · ")), width)),
    ]
}

impl Component for MergeConfirm {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        "Merge two records?".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Confirm if !self.asked => {
                self.asked = true;
                cx.effect(Effect::People(PeopleEffect::Merge {
                    keep: self.keep.id,
                    gone: self.gone.id,
                }));
            }
            Action::Cancel => cx.pop(),
            // Either record may be the one kept (the newer may be the better one).
            Action::SwapKept if !self.asked => std::mem::swap(&mut self.keep, &mut self.gone),
            Action::Quit => return Handled::No,
            _ => {}
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Saved(message) => {
                cx.back();
                cx.done(message.clone());
            }
            Reply::Refused { message, .. } => {
                self.asked = false;
                cx.error(format!("Not merged: {message}"));
            }
            Reply::Failed(message) => {
                self.asked = false;
                cx.error(format!("Not merged: {message}"));
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Confirm, Action::SwapKept, Action::Cancel]
    }

    /// A question holds every key but quit until it is answered.
    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let width = 74;
        let mut text = vec![
            Line::from(" Are these two records one person?"),
            Line::default(),
        ];
        text.extend(side("Keep", &self.keep, width));
        text.extend(side("Merge in", &self.gone, width));
        if !self.matched_on.is_empty() {
            let matched = format!(" They match on {}.", self.matched_on.join(" and "));
            text.push(Line::from(Span::styled(matched, cx.theme.dim())));
        }
        text.extend([
            Line::default(),
            Line::from(" The second record's intakes and cases will name the first; its names"),
            Line::from(" and details are kept in the first's history, and it is removed."),
            Line::from(" The merge is in the audit log."),
            Line::default(),
            answers(cx, "merge them", "no, go back"),
        ]);
        draw_box(frame, area, cx, "Merge two records?", text);
    }
}
