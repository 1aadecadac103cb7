//! The case list: every case worth seeing, one key per filter, the filter in words
//! over the list so nobody wonders why a case is missing. A list of any length is
//! read a page at a time: the cursor goes past a page's last row onto the next.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use crate::domain::{CaseStatus, ListKind, UserId};
use crate::keymap::{Action, Context};
use crate::service::CaseSort;
use crate::service::views::CASE_PAGE;
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, global_but};
use crate::ui::msg::{CaseEffect, CaseQuery, CasesData, Effect, Notice, Reply, StatusFilter, Team};
use crate::ui::text::shown;
use crate::ui::widgets::paged_table;
use crate::ui::widgets::pager::{Pager, grouped};

/// The status filter's steps, in the order one key goes through them.
const STATUS_STEPS: [StatusFilter; 8] = [
    StatusFilter::NotClosed,
    StatusFilter::Is(CaseStatus::Open),
    StatusFilter::Is(CaseStatus::Active),
    StatusFilter::Is(CaseStatus::Waiting),
    StatusFilter::Is(CaseStatus::OnHold),
    StatusFilter::Is(CaseStatus::Reopened),
    StatusFilter::Is(CaseStatus::Closed),
    StatusFilter::All,
];

/// The case list screen: a page of rows from a list of any length.
pub struct CaseListScreen {
    query: CaseQuery,
    data: Option<CasesData>,
    pager: Pager,
    /// Case kinds (code, label), from the reference list.
    kinds: Vec<(String, String)>,
}

impl Default for CaseListScreen {
    fn default() -> Self {
        CaseListScreen::new()
    }
}

impl CaseListScreen {
    pub fn new() -> CaseListScreen {
        CaseListScreen {
            query: CaseQuery::default(),
            data: None,
            pager: Pager::new(CASE_PAGE),
            kinds: Vec::new(),
        }
    }

    /// Another filter or order: back to the top of the new list.
    fn reload(&mut self, cx: &mut Ctx) {
        self.pager.reset();
        self.fetch(cx);
    }

    /// Asks for the page the cursor is on, when it is not the one held.
    fn fetch(&mut self, cx: &mut Ctx) {
        if let Some(offset) = self.pager.to_ask() {
            cx.effect(Effect::Case(CaseEffect::LoadCases(CaseQuery {
                offset,
                ..self.query.clone()
            })));
        }
    }

    fn kind_label(&self, code: &str) -> String {
        self.kinds
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// The filter in words: `3 cases · not closed · all kinds · everyone's · by last
    /// activity` (or `mine`, or `Bea Okafor's`).
    /// The sort goes last: at 80 columns it is the part that may be cut.
    fn described(&self) -> String {
        let q = &self.query;
        let status = match q.status {
            StatusFilter::NotClosed => "not closed".to_string(),
            StatusFilter::Is(s) => format!("{} only", s.label()),
            StatusFilter::All => "every status".to_string(),
        };
        let kind = match &q.kind {
            Some(k) => shown(&self.kind_label(k)).into_owned(),
            None => "all kinds".into(),
        };
        let whose = match (q.mine, q.worker, &self.data) {
            (true, _, _) => "mine".to_string(),
            (false, Some(w), Some(d)) => format!("{}'s", shown(&d.team.name(Some(w)))),
            _ => "everyone's".to_string(),
        };
        let sort = match q.sort {
            CaseSort::LastActivity => "by last activity",
            CaseSort::NextFollowUp => "by next follow-up",
        };
        let total = self.pager.total();
        let noun = if total == 1 { "case" } else { "cases" };
        let total = grouped(total);
        let flagged = if q.safeguarding_only {
            " · safeguarding only"
        } else {
            ""
        };
        format!("{total} {noun} · {status} · {kind} · {whose}{flagged} · {sort}")
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
            Action::FilterKind => {
                let at = q
                    .kind
                    .as_ref()
                    .and_then(|k| self.kinds.iter().position(|(c, _)| c == k));
                let next = at.map_or(0, |i| i + 1);
                q.kind = self.kinds.get(next).map(|(c, _)| c.clone());
            }
            Action::ToggleMine => {
                q.mine = !q.mine;
                q.worker = None;
            }
            Action::FilterWorker => {
                q.worker = next_worker(self.data.as_ref().map(|d| &d.team), q.worker);
                q.mine = false;
            }
            Action::ToggleSafeguarding => q.safeguarding_only = !q.safeguarding_only,
            _ => {
                q.sort = match q.sort {
                    CaseSort::LastActivity => CaseSort::NextFollowUp,
                    CaseSort::NextFollowUp => CaseSort::LastActivity,
                }
            }
        }
        self.reload(cx);
    }
}

/// The worker after `now` among those who can have cases, then nobody (everyone's).
fn next_worker(team: Option<&Team>, now: Option<UserId>) -> Option<UserId> {
    let workers: Vec<UserId> = team?
        .members
        .iter()
        .filter(|m| m.active)
        .map(|m| m.id)
        .collect();
    match now {
        None => workers.first().copied(),
        Some(w) => workers
            .iter()
            .position(|x| *x == w)
            .and_then(|i| workers.get(i + 1).copied()),
    }
}

impl Component for CaseListScreen {
    fn context(&self) -> Context {
        Context::CaseList
    }

    fn title(&self) -> String {
        "Cases".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        self.kinds = cx
            .list(ListKind::CaseKind)
            .active()
            .map(|e| (e.code.clone(), e.label.clone()))
            .collect();
        // First time or coming back: the page on screen is read (again).
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
                let row = self.pager.cursor_index().zip(self.data.as_ref());
                if let Some(row) = row.and_then(|(i, d)| d.list.rows.get(i)) {
                    cx.push(CaseScreen::new(row.summary.id, true));
                }
            }
            Action::FilterStatus
            | Action::FilterKind
            | Action::ToggleMine
            | Action::FilterWorker
            | Action::ToggleSafeguarding
            | Action::Sort => self.filter(action, cx),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Cases(data) => {
                let page = |q: &CaseQuery| CaseQuery {
                    offset: 0,
                    ..q.clone()
                };
                // An answer to a filter since changed is not this list.
                if page(&data.query) == page(&self.query) {
                    let list = &data.list;
                    let (asked, len) = (data.query.offset, list.rows.len());
                    self.pager.loaded(asked, list.offset, len, list.total);
                    self.data = Some((**data).clone());
                    // The cursor may have moved on while the page was read.
                    self.fetch(cx);
                }
                Handled::Yes
            }
            // Another worker saved: the page on screen is read again where it stands
            // (a follow-up done elsewhere names no case, but moves its next date; a
            // client's name is shown as stored).
            Reply::Changed(
                Notice::Case(_) | Notice::Intake | Notice::FollowUps | Notice::Person(_),
            ) => {
                self.pager.refresh();
                self.fetch(cx);
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        let rest = [
            Action::FilterStatus,
            Action::FilterKind,
            Action::ToggleMine,
            Action::FilterWorker,
            Action::ToggleSafeguarding,
            Action::Sort,
            Action::Cancel,
        ];
        paged_table::hints(&self.pager, &[Action::Open], &rest)
    }

    /// Going here again shows nothing new.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Cases])
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::Open,
            Action::FilterStatus,
            Action::FilterKind,
            Action::ToggleMine,
            Action::FilterWorker,
            Action::ToggleSafeguarding,
            Action::Sort,
        ];
        paged_table::keys(&self.pager, &own)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Cases ", t.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, table, legend] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let Some(data) = self.data.as_ref().filter(|_| !self.pager.loading()) else {
            frame.render_widget(Paragraph::new(" Loading…"), top);
            return;
        };
        let described = crate::ui::widgets::wrap::fit(&self.described(), top.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(described, t.heading())), top);
        paged_table::legend(
            frame,
            legend,
            &self.pager,
            t,
            "!S a safeguarding concern is flagged",
        );
        if self.pager.total() == 0 {
            let keys = cx.keymap.hint(Context::CaseList, Action::FilterStatus);
            let text = format!(" No cases match. {keys} shows other statuses.");
            frame.render_widget(Paragraph::new(Line::from(text)), table);
            return;
        }
        self.draw_table(frame, table, cx, data);
    }
}

impl CaseListScreen {
    fn draw_table(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx, data: &CasesData) {
        let t = cx.theme;
        let day = |d: chrono::NaiveDate| d.format("%-d %b").to_string();
        let columns = paged_table::Columns {
            header: &[
                "  Reference",
                "",
                "Client",
                "Kind",
                "Status",
                "Worker",
                "Next",
                "Last",
            ],
            widths: &[
                Constraint::Length(13),
                Constraint::Length(2),
                Constraint::Min(10),
                Constraint::Length(11),
                Constraint::Length(8),
                Constraint::Length(11),
                Constraint::Length(6),
                Constraint::Length(6),
            ],
        };
        paged_table::draw(frame, area, &self.pager, t, columns, &data.list.rows, |r| {
            let s = &r.summary;
            let last = s
                .last_activity
                .with_timezone(&crate::domain::clock::zone())
                .date_naive();
            let cells = vec![
                s.reference.to_string(),
                if s.safeguarding { "!S" } else { "" }.to_string(),
                shown(r.client.as_deref().unwrap_or("—")).into_owned(),
                shown(&self.kind_label(&s.kind)).into_owned(),
                s.status.label().to_string(),
                shown(&data.team.name(s.assigned_to)).into_owned(),
                r.next_follow_up.map(day).unwrap_or_else(|| "—".into()),
                day(last),
            ];
            let style = if s.safeguarding { t.warn() } else { t.normal() };
            (cells, style)
        });
    }
}
