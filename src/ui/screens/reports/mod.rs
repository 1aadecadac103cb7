//! The reports screen: pick a report (tab) and a period (`[` `]` move it, `p` changes
//! year, quarter, month, `t` types any period), read the table, then its chart. Published figures unless an
//! administrator switches to working figures (`w`), which the service audits; the
//! service refuses volunteers, and says so here.

mod draw;
mod period_dialog;

pub use period_dialog::read_period;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Role;
use crate::domain::report::{Period, ReportName};
use crate::keymap::{Action, Context};
use crate::service::reports::{Figures, ReportRequest, ReportView};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::msg::{AdminEffect, Effect, Reply};
use crate::ui::widgets::scroll::scroll;
use crate::ui::widgets::wrap::{fit, wrap};

/// What the screen shows and asks for.
pub struct ReportsScreen {
    report: usize,
    period: Period,
    figures: Figures,
    admin: bool,
    view: Option<ReportView>,
    /// What went wrong with the last request (a refusal, say), shown in place.
    refusal: Option<String>,
    scroll: u16,
    /// Figure columns of wide tables scrolled off to the left.
    skip: usize,
}

impl ReportsScreen {
    /// The hate crime report for the financial year that holds `today`.
    pub fn new(today: chrono::NaiveDate) -> ReportsScreen {
        ReportsScreen {
            report: 0,
            period: Period::financial_year_of(today),
            figures: Figures::Published,
            admin: false,
            view: None,
            refusal: None,
            scroll: 0,
            skip: 0,
        }
    }

    /// The screen showing `view` already (worked out for the period dialog), so
    /// entering it does not ask for the report again.
    pub fn showing(
        report: usize,
        view: ReportView,
        figures: Figures,
        admin: bool,
    ) -> ReportsScreen {
        ReportsScreen {
            report,
            period: view.period,
            figures,
            admin,
            view: Some(view),
            refusal: None,
            scroll: 0,
            skip: 0,
        }
    }

    fn name(&self) -> ReportName {
        ReportName::ALL[self.report]
    }

    fn request(&self) -> ReportRequest {
        ReportRequest {
            figures: self.figures,
            ..ReportRequest::new(self.name(), self.period)
        }
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.scroll = 0;
        self.skip = 0;
        cx.effect(Effect::LoadReport(Box::new(self.request())));
    }

    fn next_report(&mut self, step: isize) {
        let n = ReportName::ALL.len() as isize;
        self.report = (self.report as isize + step).rem_euclid(n) as usize;
    }

    fn toggle_working(&mut self, cx: &mut Ctx) -> bool {
        if !self.admin {
            cx.error("Working figures are for administrators: these are the published figures");
            return false;
        }
        self.figures = match self.figures {
            Figures::Published => Figures::Working,
            Figures::Working => Figures::Published,
        };
        if self.figures == Figures::Working {
            cx.info("Working figures: exact counts, not for publishing (this is in the audit log)");
        }
        true
    }

    fn heading(&self, cx: &ViewCtx, width: usize) -> Vec<Line<'static>> {
        let t = cx.theme;
        let key = |a| cx.keymap.hint(Context::Reports, a);
        let n = ReportName::ALL.len();
        let report = format!(
            "Report {} of {n}: {} ({})",
            self.report + 1,
            self.name().title(),
            self.name().describe()
        );
        let figures = match (self.figures, &self.view) {
            (Figures::Working, _) => "WORKING FIGURES: exact, not for publishing".to_string(),
            (Figures::Published, Some(v)) => match v.rule {
                Some(r) => format!(
                    "Published figures: 1 to {} shown as <{}",
                    r.threshold.saturating_sub(1),
                    r.threshold
                ),
                None => "Published figures".to_string(),
            },
            (Figures::Published, None) => "Published figures".to_string(),
        };
        vec![
            Line::from(vec![
                Span::styled(format!(" {} ", key(Action::NextPane)), t.key()),
                Span::styled(fit(&report, width.saturating_sub(8)), t.heading()),
            ]),
            Line::from(vec![
                Span::styled(
                    format!(" {} {} ", key(Action::PrevPeriod), key(Action::NextPeriod)),
                    t.key(),
                ),
                Span::raw(fit(&period_words(&self.period), 48)),
                Span::styled(format!("  {} ", key(Action::PeriodKind)), t.key()),
                Span::raw("kind"),
                Span::styled(format!("  {} ", key(Action::TypePeriod)), t.key()),
                Span::raw("type one"),
            ]),
            Line::from(Span::styled(
                fit(&format!(" {figures}"), width),
                if self.figures == Figures::Working {
                    t.warn()
                } else {
                    t.dim()
                },
            )),
        ]
    }
}

/// The period as the heading says it: a span of days by its days alone (its typed
/// form and its days together do not fit beside the keys).
fn period_words(p: &Period) -> String {
    match p.kind {
        crate::domain::report::PeriodKind::Span => format!(
            "Period {} to {}",
            p.from.format("%-d %b %Y"),
            p.to.format("%-d %b %Y")
        ),
        _ => format!("Period {}", p.describe()),
    }
}

impl Component for ReportsScreen {
    fn context(&self) -> Context {
        Context::Reports
    }

    fn title(&self) -> String {
        "Reports".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Admin(AdminEffect::LoadRole));
        if self.view.is_none() {
            self.load(cx);
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::NextPane => self.next_report(1),
            Action::PrevPane => self.next_report(-1),
            Action::NextPeriod | Action::PrevPeriod => {
                let step = if action == Action::NextPeriod { 1 } else { -1 };
                match self.period.shifted(step) {
                    Some(p) => self.period = p,
                    None => return Handled::Yes,
                }
            }
            Action::PeriodKind => {
                self.period = Period::of_kind(self.period.next_kind(), self.period.from)
            }
            Action::TypePeriod => {
                cx.push(period_dialog::dialog(
                    self.request(),
                    self.report,
                    self.admin,
                ));
                return Handled::Yes;
            }
            Action::ToggleWorking => {
                if !self.toggle_working(cx) {
                    return Handled::Yes;
                }
            }
            Action::NextColumns => {
                self.skip += 1;
                return Handled::Yes;
            }
            Action::PrevColumns => {
                self.skip = self.skip.saturating_sub(1);
                return Handled::Yes;
            }
            Action::Last => {
                self.scroll = u16::MAX;
                return Handled::Yes;
            }
            a if scroll(a, &mut self.scroll) => return Handled::Yes,
            _ => return Handled::No,
        }
        self.load(cx);
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Report(v) => {
                // An answer to an earlier request (keys pressed quickly) is dropped.
                if v.name == self.name() && v.period == self.period {
                    self.view = Some((**v).clone());
                    self.refusal = None;
                }
            }
            Reply::Role(role) => self.admin = *role == Role::Administrator,
            Reply::Failed(message) => {
                self.refusal = Some(message.clone());
                self.view = None;
                if self.figures == Figures::Working {
                    self.figures = Figures::Published;
                }
                cx.error(message.clone());
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        let mut hints = vec![
            Action::NextPane,
            Action::PrevPeriod,
            Action::PeriodKind,
            Action::Down,
        ];
        if self.admin {
            hints.push(Action::ToggleWorking);
        }
        hints
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::NextPane,
            Action::PrevPane,
            Action::PrevPeriod,
            Action::NextPeriod,
            Action::PeriodKind,
            Action::TypePeriod,
            Action::NextColumns,
            Action::PrevColumns,
        ];
        let mut keys = keys_of(&own, &MOVES);
        if self.admin {
            keys.insert(6, Action::ToggleWorking);
        }
        keys
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let width = area.width.saturating_sub(2) as usize;
        let [top, body] = Layout::vertical([Constraint::Length(4), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(self.heading(cx, width)), top);
        let lines = match (&self.view, &self.refusal) {
            (Some(v), _) => draw::report_lines(v, width, self.skip, t),
            (None, Some(why)) => wrap(&format!("! {why}"), width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, t.error())))
                .collect(),
            (None, None) => vec![Line::from(Span::styled("Working the report out…", t.dim()))],
        };
        let most = (lines.len() as u16).saturating_sub(body.height);
        let offset = self.scroll.min(most);
        let inner = Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(1),
            ..body
        };
        frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), inner);
    }
}
