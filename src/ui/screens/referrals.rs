//! The referrals screen: open referrals grouped by status, those awaiting an answer
//! longest first, filtered by status, direction and organisation, the filter in words
//! over the list. Enter opens the referral's case; the move key changes its status.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::{CaseScreen, SendPreview};
use crate::domain::{Direction, ReferralStatus};
use crate::keymap::{Action, Context};
use crate::service::views::{REFERRAL_PAGE, ReferralQuery, ReferralRow, ReferralsPage};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, global_but};
use crate::ui::msg::{Effect, Notice, ReferralEffect, ReferralReply, Reply};
use crate::ui::text::shown;
use crate::ui::widgets::paged_table;
use crate::ui::widgets::pager::{Pager, grouped};

/// The status filter's steps: every open one, then each status in turn.
const STATUS_STEPS: [Option<ReferralStatus>; 8] = [
    None,
    Some(ReferralStatus::Sent),
    Some(ReferralStatus::Accepted),
    Some(ReferralStatus::Draft),
    Some(ReferralStatus::Declined),
    Some(ReferralStatus::Completed),
    Some(ReferralStatus::Withdrawn),
    Some(ReferralStatus::Expired),
];

pub struct ReferralsScreen {
    query: ReferralQuery,
    data: Option<ReferralsPage>,
    pager: Pager,
    /// A draft whose summary was asked for on the way to sending it.
    sending: Option<ReferralRow>,
}

impl Default for ReferralsScreen {
    fn default() -> Self {
        ReferralsScreen::new()
    }
}

impl ReferralsScreen {
    pub fn new() -> ReferralsScreen {
        ReferralsScreen {
            query: ReferralQuery::default(),
            data: None,
            pager: Pager::new(REFERRAL_PAGE),
            sending: None,
        }
    }

    fn fetch(&mut self, cx: &mut Ctx) {
        if let Some(offset) = self.pager.to_ask() {
            cx.effect(Effect::Referral(ReferralEffect::Load(ReferralQuery {
                offset,
                ..self.query.clone()
            })));
        }
    }

    fn selected(&self) -> Option<&ReferralRow> {
        let i = self.pager.cursor_index()?;
        self.data.as_ref()?.rows.get(i)
    }

    /// `12 referrals · open · in and out · every organisation`.
    fn described(&self) -> String {
        let q = &self.query;
        let status = match q.status {
            None => "open".to_string(),
            Some(s) => format!("{} only", s.name()),
        };
        let way = match q.direction {
            None => "in and out",
            Some(Direction::Incoming) => "in only",
            Some(Direction::Outgoing) => "out only",
        };
        let org = q
            .organisation
            .and_then(|o| {
                let d = self.data.as_ref()?;
                d.organisations.iter().find(|(id, _)| *id == o)
            })
            .map_or_else(
                || "every organisation".to_string(),
                |(_, n)| shown(n).into_owned(),
            );
        let total = self.pager.total();
        let noun = if total == 1 { "referral" } else { "referrals" };
        format!("{} {noun} · {status} · {way} · {org}", grouped(total))
    }

    fn filter(&mut self, action: Action, cx: &mut Ctx) {
        let q = &mut self.query;
        match action {
            Action::FilterStatus => {
                let at = STATUS_STEPS
                    .iter()
                    .position(|s| *s == q.status)
                    .unwrap_or(0);
                q.status = STATUS_STEPS[(at + 1) % STATUS_STEPS.len()];
            }
            Action::FilterDirection => {
                q.direction = match q.direction {
                    None => Some(Direction::Outgoing),
                    Some(Direction::Outgoing) => Some(Direction::Incoming),
                    Some(Direction::Incoming) => None,
                }
            }
            _ => {
                let orgs: Vec<_> = self
                    .data
                    .iter()
                    .flat_map(|d| d.organisations.iter().map(|(id, _)| *id))
                    .collect();
                q.organisation = match q.organisation {
                    None => orgs.first().copied(),
                    Some(o) => orgs
                        .iter()
                        .position(|x| *x == o)
                        .and_then(|i| orgs.get(i + 1).copied()),
                };
            }
        }
        self.pager.reset();
        self.fetch(cx);
    }
}

/// The case's reference over a referral's dialogs.
fn banner(r: &ReferralRow) -> Vec<String> {
    vec![r.case_ref.map(|c| c.to_string()).unwrap_or_default()]
}

impl Component for ReferralsScreen {
    fn context(&self) -> Context {
        Context::Referrals
    }

    fn title(&self) -> String {
        "Referrals".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        self.pager.refresh();
        self.fetch(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.pager.act(action) {
            self.fetch(cx);
            return Handled::Yes;
        }
        match action {
            Action::Open => {
                if let Some(r) = self.selected() {
                    cx.push(CaseScreen::new(r.case, true));
                }
            }
            Action::MoveReferral => match self.selected() {
                Some(r) if r.status.is_closed() => {
                    cx.info(format!("A referral {} does not change", r.status.name()))
                }
                // A draft going out is read in full first: what the recipient gets.
                Some(r) if r.status == ReferralStatus::Draft && r.needs_consent => {
                    let row = r.clone();
                    cx.effect(Effect::Referral(ReferralEffect::Summary(row.id)));
                    self.sending = Some(row);
                }
                Some(r) => cx.push(super::case::referral_move(banner(r), r)),
                None => cx.info("No referral to change"),
            },
            Action::IncomingReferral => cx.push(super::referral_incoming::incoming(cx)),
            Action::FilterStatus | Action::FilterDirection | Action::FilterOrganisation => {
                self.filter(action, cx)
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Referral(ReferralReply::Summary(id, summary)) => {
                if let Some(row) = self.sending.take().filter(|r| r.id == *id) {
                    cx.push(SendPreview::new(banner(&row), row, summary));
                }
                Handled::Yes
            }
            Reply::Referral(ReferralReply::Page(page)) => {
                let first = |q: &ReferralQuery| ReferralQuery {
                    offset: 0,
                    ..q.clone()
                };
                if first(&page.query) == first(&self.query) {
                    let asked = page.query.offset;
                    self.pager
                        .loaded(asked, page.offset, page.rows.len(), page.total);
                    self.data = Some((**page).clone());
                    self.fetch(cx);
                }
                Handled::Yes
            }
            // A referral made, moved or answered elsewhere (each tells the follow-ups),
            // or its case changed: the page on screen is read again where it stands.
            Reply::Changed(Notice::FollowUps | Notice::Case(_)) => {
                self.pager.refresh();
                self.fetch(cx);
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        let lead = [Action::Open, Action::MoveReferral, Action::IncomingReferral];
        let rest = [
            Action::FilterStatus,
            Action::FilterDirection,
            Action::FilterOrganisation,
            Action::Cancel,
        ];
        paged_table::hints(&self.pager, &lead, &rest)
    }

    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Referrals])
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::Open,
            Action::MoveReferral,
            Action::IncomingReferral,
            Action::FilterStatus,
            Action::FilterDirection,
            Action::FilterOrganisation,
        ];
        paged_table::keys(&self.pager, &own)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Referrals ", t.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, counts, table, legend] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let Some(data) = self.data.as_ref().filter(|_| !self.pager.loading()) else {
            frame.render_widget(Paragraph::new(" Loading…"), top);
            return;
        };
        let fit = |s: &str, w: u16| crate::ui::widgets::wrap::fit(s, w as usize);
        let described = fit(&self.described(), top.width);
        frame.render_widget(Paragraph::new(Span::styled(described, t.heading())), top);
        let open: Vec<String> = data
            .open_counts
            .iter()
            .map(|(s, n)| format!("{} {}", grouped(*n), s.name()))
            .collect();
        let open = fit(&format!("Open: {}", open.join(" · ")), counts.width);
        frame.render_widget(Paragraph::new(Span::styled(open, t.dim())), counts);
        let note = "Wait: days since sent, awaiting an answer";
        paged_table::legend(frame, legend, &self.pager, t, note);
        if self.pager.total() == 0 {
            let keys = cx.keymap.hint(Context::Referrals, Action::FilterStatus);
            let text = format!(" No referrals match. {keys} shows other statuses.");
            frame.render_widget(Paragraph::new(Line::from(text)), table);
            return;
        }
        self.draw_table(frame, table, cx, data);
    }
}

impl ReferralsScreen {
    fn draw_table(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx, data: &ReferralsPage) {
        let t = cx.theme;
        let columns = paged_table::Columns {
            header: &["  Case", "Status", "Way", "With", "Reason", "Wait"],
            widths: &[
                Constraint::Length(13),
                Constraint::Length(10),
                Constraint::Length(3),
                Constraint::Length(22),
                Constraint::Min(10),
                Constraint::Length(5),
            ],
        };
        paged_table::draw(frame, area, &self.pager, t, columns, &data.rows, |r| {
            let way = match r.direction {
                Direction::Outgoing => "out",
                Direction::Incoming => "in",
            };
            let cells = vec![
                r.case_ref.map(|c| c.to_string()).unwrap_or_default(),
                r.status.label().to_string(),
                way.to_string(),
                shown(&r.with).into_owned(),
                shown(&r.reason).into_owned(),
                r.waiting_days.map(|d| format!("{d}d")).unwrap_or_default(),
            ];
            (cells, t.normal())
        });
    }
}
