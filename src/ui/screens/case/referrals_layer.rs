//! A case's referrals over its screen: each with whom, which way, where it stands and
//! how long it has waited. Enter reads the summary that is (or was) sent; the move key
//! changes the status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::referral_forms;
use crate::domain::{CaseId, Direction, ReferralStatus, ReferralSummary};
use crate::keymap::{Action, Context};
use crate::service::views::ReferralRow;
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::layers::reader::Reader;
use crate::ui::msg::{Effect, Notice, ReferralEffect, ReferralReply, Reply};
use crate::ui::text::shown;

pub struct CaseReferrals {
    case: CaseId,
    /// The case's banner lines (reference, safeguarding).
    lines: Vec<String>,
    rows: Option<Vec<ReferralRow>>,
    cursor: usize,
    /// A draft whose summary was asked for on the way to sending it.
    sending: Option<crate::domain::ReferralId>,
}

impl CaseReferrals {
    pub fn new(case: CaseId, lines: Vec<String>) -> CaseReferrals {
        CaseReferrals {
            case,
            lines,
            rows: None,
            cursor: 0,
            sending: None,
        }
    }

    fn selected(&self) -> Option<&ReferralRow> {
        self.rows.as_ref()?.get(self.cursor)
    }
}

/// One referral as a line: `> Sent  out  Citizens Advice Kingston · 9 days waiting`.
pub fn row_words(r: &ReferralRow) -> String {
    let way = match r.direction {
        Direction::Outgoing => "out",
        Direction::Incoming => "in ",
    };
    let mut said = format!("{:<10} {way}  {}", r.status.label(), shown(&r.with));
    if let Some(days) = r.waiting_days {
        said.push_str(&format!(" · {days} day(s) waiting"));
    } else if !r.outcome.is_empty() {
        said.push_str(&format!(" · {}", shown(&r.outcome)));
    }
    if r.needs_consent && !r.consent_covers && r.status == ReferralStatus::Draft {
        said.push_str(" · no consent");
    }
    said
}

impl Component for CaseReferrals {
    fn context(&self) -> Context {
        Context::Referrals
    }

    fn title(&self) -> String {
        "Referrals of the case".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Referral(ReferralEffect::OfCase(self.case)));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let n = self.rows.as_ref().map_or(0, Vec::len);
        match action {
            Action::Up | Action::PageUp => self.cursor = self.cursor.saturating_sub(1),
            Action::Down | Action::PageDown => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1))
            }
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = n.saturating_sub(1),
            Action::Open => {
                if let Some(r) = self.selected() {
                    cx.effect(Effect::Referral(ReferralEffect::Summary(r.id)));
                    self.sending = None;
                }
            }
            Action::MoveReferral => match self.selected() {
                Some(r) if r.status.is_closed() => {
                    cx.info(format!("A referral {} does not change", r.status.name()))
                }
                // A draft going out is read in full first: what the recipient gets.
                Some(r) if r.status == ReferralStatus::Draft && r.needs_consent => {
                    let id = r.id;
                    self.sending = Some(id);
                    cx.effect(Effect::Referral(ReferralEffect::Summary(id)));
                }
                Some(r) => cx.push(referral_forms::move_status(self.lines.clone(), r)),
                None => cx.info("No referral to change"),
            },
            Action::Cancel => cx.pop(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            // A referral started (the case), moved or answered (the follow-ups) elsewhere.
            Reply::Changed(Notice::FollowUps) => {
                cx.effect(Effect::Referral(ReferralEffect::OfCase(self.case)))
            }
            Reply::Changed(Notice::Case(id)) if *id == self.case => {
                cx.effect(Effect::Referral(ReferralEffect::OfCase(self.case)))
            }
            Reply::Referral(ReferralReply::OfCase(case, rows)) if *case == self.case => {
                self.cursor = self.cursor.min(rows.len().saturating_sub(1));
                self.rows = Some(rows.clone());
            }
            Reply::Referral(ReferralReply::Summary(id, summary)) => {
                let row = self.rows.iter().flatten().find(|r| r.id == *id).cloned();
                let draft = row
                    .as_ref()
                    .is_some_and(|r| r.status == ReferralStatus::Draft);
                let heading = if draft {
                    "What is sent: the recipient gets these fields and nothing more"
                } else {
                    "What was sent"
                };
                let reader = Reader::new(
                    self.lines.clone(),
                    heading.into(),
                    Vec::new(),
                    summary.to_text(),
                )
                .titled("Referral summary");
                match (row, self.sending.take() == Some(*id)) {
                    (Some(row), true) => {
                        cx.push(SendPreview::new(self.lines.clone(), row, summary))
                    }
                    _ => cx.push(reader),
                }
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Open, Action::MoveReferral, Action::Cancel]
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(
            &[Action::Open, Action::MoveReferral, Action::Cancel],
            &MOVES,
        )
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit, Action::Help]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let mut lines: Vec<Line> = self
            .lines
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
        match &self.rows {
            None => lines.push(Line::from(" Loading…")),
            Some(rows) if rows.is_empty() => {
                let refer = cx.keymap.hint(Context::Case, Action::Refer);
                lines.push(Line::from(format!(
                    " No referrals yet: {refer} on the case starts one."
                )));
            }
            Some(rows) => {
                for (i, r) in rows.iter().enumerate() {
                    let here = i == self.cursor;
                    let mark = if here { "> " } else { "  " };
                    let style = if here { t.focus() } else { t.normal() };
                    lines.push(Line::from(Span::styled(
                        format!("{mark}{}", row_words(r)),
                        style,
                    )));
                }
            }
        }
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Referrals of the case ", t.heading()));
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

/// Before a draft goes out: the summary the recipient gets, read in full; yes opens
/// the status dialog with the move to sent, esc goes back with nothing sent.
pub struct SendPreview {
    reader: Reader,
    lines: Vec<String>,
    row: ReferralRow,
}

impl SendPreview {
    /// The summary as plain text, for a file.
    fn text(&self) -> String {
        self.reader.text.clone()
    }
}

impl SendPreview {
    /// The preview of `row`'s `summary`, under the case's banner `lines`.
    pub fn new(lines: Vec<String>, row: ReferralRow, summary: &ReferralSummary) -> SendPreview {
        let reader = Reader::new(
            lines.clone(),
            "What is sent: the recipient gets these fields and nothing more".into(),
            Vec::new(),
            summary.to_text(),
        )
        .titled("Referral summary");
        SendPreview { reader, lines, row }
    }
}

impl Component for SendPreview {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn title(&self) -> String {
        "Before sending".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Confirm | Action::Select | Action::Open | Action::MoveReferral => {
                cx.pop();
                cx.push(referral_forms::move_status(self.lines.clone(), &self.row));
                Handled::Yes
            }
            Action::WriteFile => {
                cx.push(super::summary_file::summary_file(self.text()));
                Handled::Yes
            }
            _ => self.reader.on_action(action, cx),
        }
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Confirm,
            Action::WriteFile,
            Action::PageDown,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        let mut keys = self.reader.keys();
        keys.insert(0, Action::Confirm);
        keys.insert(1, Action::WriteFile);
        keys
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit, Action::Help]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        self.reader.view(frame, area, cx);
    }
}
