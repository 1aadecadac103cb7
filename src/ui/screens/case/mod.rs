//! One case: its header (with the safeguarding marker), its open follow-ups, and its
//! timeline. Everything done on a case starts here with one key: add an entry, correct
//! one, change the status, edit the details, add or work a follow-up.

pub mod dialogs;
mod entry;
mod letter;
mod letters_layer;
mod links;
mod navigate;
mod referral_forms;
mod referrals_layer;
mod summary_file;
mod timeline;
mod view;

use crate::ui::screens::incident::IncidentView;
use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use tui_input::Input;

use crate::domain::when::Lean;
use crate::domain::{CaseId, EntryKind, FollowUp, ListKind, TimelineId};
use crate::keymap::{Action, Context};
use crate::service::Link;
use crate::ui::component::{Component, Ctx, GLOBAL, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::layers::follow_up::{self, Target};
use crate::ui::msg::{
    AdminEffect, CaseDetail, CaseEffect, Effect, LetterEffect, Notice, ReferralEffect,
    ReferralReply, Reply,
};
use crate::ui::screens::audit::history::AccessHistory;
use crate::ui::screens::home::Home;
use crate::ui::text::shown;
use crate::ui::widgets::field::Kind;
use dialogs::Banner;
pub use referral_forms::move_status as referral_move;
pub use referrals_layer::SendPreview;
pub use view::{lateness, priority_label, risk_label};

/// Which part of the screen up and down move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Timeline,
    FollowUps,
}

/// A case as loaded, with its codes turned into words.
struct Loaded {
    detail: CaseDetail,
    kind: String,
    flags: Vec<String>,
    outcome: Option<String>,
    /// `People: Amina Hassan (complainant or victim)`, and the organisations linked.
    links: (String, Option<String>),
}

impl Loaded {
    fn open_follow_ups(&self) -> Vec<&FollowUp> {
        self.detail
            .follow_ups
            .iter()
            .filter(|f| f.is_open())
            .collect()
    }

    /// `! SAFEGUARDING: Forced marriage`, shown on every screen of the case.
    fn marker(&self) -> Option<String> {
        (!self.flags.is_empty()).then(|| format!("! SAFEGUARDING: {}", self.flags.join(", ")))
    }

    fn banner(&self) -> Banner {
        let c = &self.detail.case;
        let mut lines = vec![format!("{} · {}", c.reference, shown(&self.kind))];
        lines.extend(self.marker());
        Banner { case: c.id, lines }
    }
}

/// The case screen.
pub struct CaseScreen {
    id: CaseId,
    /// Opened over a list or queue, which esc goes back to; else esc goes home.
    over_list: bool,
    data: Option<Loaded>,
    pane: Pane,
    /// Position among the entries shown.
    selected: usize,
    /// The entry selected, kept across reloads.
    selected_id: Option<TimelineId>,
    follow: usize,
    /// Show only entries of this kind.
    kind: Option<&'static str>,
    /// The jump-to-date prompt, while it is open.
    jump: Option<Kind>,
    /// The timeline entry shown first (as a position among those shown), set by drawing.
    scroll: Cell<usize>,
}

impl CaseScreen {
    pub fn new(id: CaseId, over_list: bool) -> CaseScreen {
        CaseScreen {
            id,
            over_list,
            data: None,
            pane: Pane::Timeline,
            selected: 0,
            selected_id: None,
            follow: 0,
            kind: None,
            jump: None,
            scroll: Cell::new(0),
        }
    }

    /// Whether the case links the person a notice is about (any organisation, for a
    /// change of the directory): their names are shown as stored.
    fn names(&self, notice: &Notice) -> bool {
        let links = self.data.iter().flat_map(|d| &d.detail.links);
        let mut links = links.map(|named| &named.link);
        match notice {
            Notice::Person(id) => links.any(|l| matches!(l, Link::Person(p) if p.person == *id)),
            Notice::Directory => links.any(|l| matches!(l, Link::Organisation(_))),
            _ => false,
        }
    }

    fn loaded(&mut self, detail: &CaseDetail, cx: &Ctx) {
        let c = &detail.case;
        let flags_list = cx.list(ListKind::Safeguarding);
        let before = self.data.as_ref().map(|d| d.detail.timeline.len());
        self.data = Some(Loaded {
            kind: cx.list(ListKind::CaseKind).label(&c.kind).to_string(),
            flags: c
                .safeguarding
                .iter()
                .map(|f| shown(flags_list.label(f)).into_owned())
                .collect(),
            outcome: c
                .closure
                .as_ref()
                .map(|cl| cx.list(ListKind::Outcome).label(&cl.outcome).to_string()),
            links: links::summary(&detail.links, &|kind, code| {
                cx.list(kind).label(code).to_string()
            }),
            detail: detail.clone(),
        });
        let shown = self.shown();
        let grew = before.is_some_and(|n| detail.timeline.len() > n);
        // First time: the latest entry, at the bottom. Something was just added: show
        // it. Otherwise stay on the entry selected.
        let pos = match (before, self.selected_id) {
            (None, _) => shown.len().saturating_sub(1),
            (Some(_), Some(id)) if !grew => shown
                .iter()
                .position(|i| detail.timeline[*i].id == id)
                .unwrap_or(self.selected),
            _ => newest(detail, &shown),
        };
        self.select(pos);
        let open = self.data.as_ref().map_or(0, |d| d.open_follow_ups().len());
        self.follow = self.follow.min(open.saturating_sub(1));
    }

    fn selected_follow_up(&self) -> Option<&FollowUp> {
        self.data
            .as_ref()
            .and_then(|d| d.open_follow_ups().get(self.follow).copied())
    }

    /// A dialog on the selected follow-up.
    fn on_follow_up(&mut self, action: Action, cx: &mut Ctx) {
        let (Some(d), Some(f)) = (&self.data, self.selected_follow_up()) else {
            cx.info("This case has no open follow-up: f adds one");
            return;
        };
        let target = Target {
            id: f.id,
            action: f.action.clone(),
            due: f.due,
            banner: d.banner().lines,
        };
        match action {
            Action::Complete => cx.push(follow_up::complete(target)),
            Action::Snooze => cx.push(follow_up::snooze(target, cx.now.date())),
            _ => cx.push(follow_up::reassign(target, &d.detail.team, f.assignee)),
        }
    }

    /// The selected entry in full, for notes longer than the screen.
    fn read(&mut self, cx: &mut Ctx) {
        let Some(d) = &self.data else { return };
        if self.pane != Pane::Timeline {
            return;
        }
        if let Some(&i) = self.shown().get(self.selected) {
            // A letter drafted opens the letter itself, to read and mark sent.
            if let EntryKind::LetterDrafted { letter } = d.detail.timeline[i].kind {
                cx.effect(Effect::Letter(LetterEffect::Load(letter)));
                return;
            }
            let banner = d.banner().lines;
            cx.push(timeline::reader(
                &d.detail.timeline,
                i,
                &d.detail.team,
                banner,
            ));
        }
    }

    fn correct(&mut self, cx: &mut Ctx) {
        let Some(d) = &self.data else { return };
        let shown = self.shown();
        let Some(e) = shown.get(self.selected).map(|i| &d.detail.timeline[*i]) else {
            cx.info("Nothing to correct yet");
            return;
        };
        cx.push(entry::add_entry(
            d.banner(),
            Some((e, timeline::stamp(e.at))),
        ));
    }

    /// Actions that open a dialog over the case.
    fn dialog(&mut self, action: Action, cx: &mut Ctx) {
        let Some(d) = &self.data else { return };
        match action {
            Action::AddEntry => cx.push(entry::add_entry(d.banner(), None)),
            Action::ChangeStatus => {
                cx.push(dialogs::change_status(d.banner(), d.detail.case.status, cx))
            }
            Action::EditCase => cx.push(dialogs::edit_case(
                d.banner(),
                &d.detail.case,
                &d.detail.team,
                cx,
            )),
            Action::AddFollowUp => cx.push(dialogs::add_follow_up(d.banner(), &d.detail.team)),
            _ => {}
        }
    }
}

/// Where the newest entry is among those shown: the last one recorded.
fn newest(detail: &CaseDetail, shown: &[usize]) -> usize {
    shown
        .iter()
        .enumerate()
        .max_by_key(|(_, i)| detail.timeline[**i].recorded_at)
        .map_or(0, |(p, _)| p)
}

impl Component for CaseScreen {
    fn context(&self) -> Context {
        if self.jump.is_some() {
            Context::Form
        } else {
            Context::Case
        }
    }

    fn title(&self) -> String {
        match &self.data {
            Some(d) => format!("Case {}", d.detail.case.reference),
            None => "Case".into(),
        }
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Case(CaseEffect::LoadCase(self.id)));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.jump.is_some() {
            return self.jump_action(action, cx);
        }
        match action {
            Action::Up => self.move_by(-1, None),
            Action::Down => self.move_by(1, None),
            Action::PageUp => self.move_by(-5, None),
            Action::PageDown => self.move_by(5, None),
            Action::First => self.move_by(0, Some(false)),
            Action::Last => self.move_by(0, Some(true)),
            Action::NextPane | Action::PrevPane => {
                self.pane = match self.pane {
                    Pane::Timeline => Pane::FollowUps,
                    Pane::FollowUps => Pane::Timeline,
                }
            }
            Action::AddEntry | Action::ChangeStatus | Action::EditCase | Action::AddFollowUp => {
                self.dialog(action, cx)
            }
            Action::CorrectEntry => self.correct(cx),
            Action::CaseReports => cx.effect(Effect::Case(CaseEffect::LoadCaseReports(self.id))),
            Action::LinkCase => cx.effect(Effect::Case(CaseEffect::LoadLinkChoices(self.id))),
            Action::Refer | Action::Signpost => {
                let signpost = action == Action::Signpost;
                let start = ReferralEffect::Start {
                    case: self.id,
                    signpost,
                };
                cx.effect(Effect::Referral(start));
            }
            Action::CaseReferrals => {
                if let Some(d) = &self.data {
                    let lines = d.banner().lines;
                    cx.push(referrals_layer::CaseReferrals::new(self.id, lines));
                }
            }
            Action::WriteLetter => {
                if let Some(d) = &self.data {
                    cx.effect(Effect::Letter(LetterEffect::Choices(
                        d.detail.case.reference,
                    )));
                }
            }
            Action::CaseLetters => {
                if let Some(d) = &self.data {
                    cx.push(letters_layer::CaseLetters::new(d.banner()));
                }
            }
            Action::Audit => {
                if let Some(d) = &self.data {
                    cx.effect(Effect::Admin(AdminEffect::LoadAccessHistory(
                        d.detail.case.reference,
                    )));
                }
            }
            Action::Complete | Action::Snooze | Action::Reassign => self.on_follow_up(action, cx),
            Action::FilterKind => self.cycle_kind(cx),
            Action::JumpDate => {
                self.jump = Some(Kind::When {
                    input: Input::default(),
                    lean: Lean::Past,
                })
            }
            Action::Cancel if self.over_list => cx.back(),
            Action::Cancel => cx.goto(Home::new()),
            Action::Open => self.read(cx),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Handled {
        match &mut self.jump {
            Some(field) => {
                field.key(key);
                Handled::Yes
            }
            None => Handled::No,
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) -> Handled {
        match &mut self.jump {
            Some(field) => {
                field.paste(text);
                Handled::Yes
            }
            None => Handled::No,
        }
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Case(detail) if detail.case.id == self.id => {
                self.loaded(detail, cx);
                Handled::Yes
            }
            // A follow-up done, snoozed or passed on elsewhere names no case: the
            // case on screen is read again in case it was one of its own.
            Reply::Changed(Notice::Case(id)) if *id == self.id => {
                cx.effect(Effect::Case(CaseEffect::LoadCase(self.id)));
                Handled::Yes
            }
            Reply::Changed(Notice::FollowUps) => {
                cx.effect(Effect::Case(CaseEffect::LoadCase(self.id)));
                Handled::Yes
            }
            // The names of its people and organisations are shown as stored.
            Reply::Changed(n @ (Notice::Person(_) | Notice::Directory)) if self.names(n) => {
                cx.effect(Effect::Case(CaseEffect::LoadCase(self.id)));
                Handled::Yes
            }
            Reply::AccessHistory(reference, page) => {
                if let Some(d) = self
                    .data
                    .as_ref()
                    .filter(|d| d.detail.case.reference == *reference)
                {
                    cx.push(AccessHistory::new(d.banner().lines, page));
                }
                Handled::Yes
            }
            Reply::Referral(ReferralReply::Directory {
                case,
                signpost,
                directory,
            }) if *case == self.id => {
                if let Some(d) = &self.data {
                    cx.push(referral_forms::start(d.banner(), *signpost, directory, cx));
                }
                Handled::Yes
            }
            Reply::Reports(id, reports) if *id == self.id => {
                if reports.is_empty() {
                    cx.info("No recorded report is part of this case");
                } else {
                    cx.push(IncidentView::reports(reports.clone()));
                }
                Handled::Yes
            }
            Reply::LinkChoices(choices) if choices.case == self.id => {
                if let Some(d) = &self.data {
                    let dialog = links::link(d.banner(), choices, cx);
                    cx.push(dialog);
                }
                Handled::Yes
            }
            Reply::Letter(view) if view.letter.as_ref().is_some_and(|l| l.case == self.id) => {
                if let (Some(d), Some(letter)) = (&self.data, &view.letter) {
                    match letter.status {
                        crate::domain::LetterStatus::Sent { on } => cx.info(format!(
                            "This letter was sent on {}: it is not changed; write another",
                            crate::letters::long_date(on)
                        )),
                        crate::domain::LetterStatus::Drafted => {
                            cx.push(letter::sending(d.banner(), view, cx.now.date()))
                        }
                    }
                }
                Handled::Yes
            }
            Reply::LetterChoices(choices) if choices.case == self.id => {
                if let Some(d) = &self.data {
                    cx.push(letter::choose(d.banner(), choices));
                }
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        if self.jump.is_some() {
            return vec![Action::Select, Action::Cancel];
        }
        let mut h = vec![
            Action::AddEntry,
            Action::AddFollowUp,
            Action::ChangeStatus,
            Action::EditCase,
            Action::LinkCase,
            Action::Refer,
            Action::CaseReferrals,
            Action::WriteLetter,
            Action::CaseLetters,
            Action::CorrectEntry,
            Action::CaseReports,
        ];
        if self.pane == Pane::FollowUps {
            h.splice(0..0, [Action::Complete, Action::Snooze, Action::Reassign]);
        }
        h.extend([
            Action::NextPane,
            Action::FilterKind,
            Action::JumpDate,
            Action::Cancel,
        ]);
        h
    }

    fn keys(&self) -> Vec<Action> {
        if self.jump.is_some() {
            return vec![Action::Select, Action::Save, Action::Cancel];
        }
        let mut own = vec![
            Action::AddEntry,
            Action::AddFollowUp,
            Action::ChangeStatus,
            Action::EditCase,
            Action::LinkCase,
            Action::Refer,
            Action::Signpost,
            Action::CaseReferrals,
            Action::WriteLetter,
            Action::CaseLetters,
            Action::CorrectEntry,
            Action::CaseReports,
            Action::Complete,
            Action::Snooze,
            Action::Reassign,
            Action::NextPane,
            Action::PrevPane,
            Action::FilterKind,
            Action::JumpDate,
            Action::Audit,
            Action::Cancel,
        ];
        if self.pane == Pane::Timeline {
            // Enter reads an entry in full; a follow-up has nothing more to read.
            own.insert(0, Action::Open);
        }
        keys_of(&own, &MOVES)
    }

    /// The date being typed holds every key but quit and help.
    fn passes(&self) -> Vec<Action> {
        if self.jump.is_some() {
            vec![Action::Quit, Action::Help]
        } else {
            GLOBAL.to_vec()
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        let Some(Kind::When { input, .. }) = &self.jump else {
            return None;
        };
        Some(view::jump_cursor(
            area,
            crate::ui::widgets::line_view::column_of(input.value(), input.cursor()),
        ))
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        view::draw(self, frame, area, cx);
    }
}
