//! Drawing the case screen: the header with the safeguarding marker, the open
//! follow-ups, the timeline (scrolled to the entry selected), and the jump prompt.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::timeline::{self, Source};
use super::{CaseScreen, Loaded, Pane};
use crate::domain::{FollowUp, Priority, RiskLevel};
use crate::ui::component::ViewCtx;
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::Kind;
use crate::ui::widgets::wrap::fit;

const PROMPT: &str = " Jump to date: ";
/// Open follow-ups shown at once; the rest scroll.
const FOLLOW_ROWS: usize = 3;

pub fn risk_label(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::NotAssessed => "not assessed",
        RiskLevel::Low => "low",
        RiskLevel::Medium => "medium",
        RiskLevel::High => "high",
    }
}

pub fn priority_label(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
        Priority::Urgent => "urgent",
    }
}

/// How late: `3d late`, `today`, or nothing for days to come.
pub fn lateness(due: NaiveDate, today: NaiveDate) -> String {
    let days = (today - due).num_days();
    match days {
        d if d > 0 => format!("{d}d late"),
        0 => "today".into(),
        _ => String::new(),
    }
}

/// Where the cursor goes while the jump prompt is open.
pub fn jump_cursor(area: Rect, x: usize) -> (u16, u16) {
    let x = area.x + 1 + PROMPT.len() as u16 + x as u16;
    (
        x.min(area.right().saturating_sub(2)),
        area.bottom().saturating_sub(3),
    )
}

fn header(d: &Loaded, cx: &ViewCtx, width: usize) -> Vec<Line<'static>> {
    let t = cx.theme;
    let c = &d.detail.case;
    // When it opened (or closed, and how) first: at 80 columns the end may be cut.
    let mut when = format!(" Opened {}", c.opened_on.format("%a %-d %b %Y"));
    if let (Some(cl), Some(outcome)) = (&c.closure, &d.outcome) {
        when = format!(
            " Closed {}: {}",
            cl.on.format("%a %-d %b %Y"),
            shown(outcome)
        );
    }
    let mut out = vec![Line::from(fit(
        &format!(
            "{when} · Worker {} · Risk {}",
            shown(&d.detail.team.name(c.assigned_to)),
            risk_label(c.risk)
        ),
        width,
    ))];
    if let Some(m) = d.marker() {
        out.push(Line::from(Span::styled(
            fit(&format!(" {m}"), width),
            t.warn(),
        )));
    }
    // Who is in the case, in one line if it fits: the timeline keeps the room.
    for line in super::links::header_lines(&d.links, width) {
        out.push(Line::from(fit(&shown(&line), width)));
    }
    if c.kind == "employment"
        && let Some(act) = c.act_complained_of
    {
        let limit = crate::service::tribunal_deadline(act)
            .map(|d| d.format("%-d %b %Y").to_string())
            .unwrap_or_default();
        out.push(Line::from(Span::styled(
            fit(
                &format!(
                    " ! Act complained of {} · tribunal time limit {limit} (indicative: check)",
                    act.format("%-d %b %Y")
                ),
                width,
            ),
            t.warn(),
        )));
    }
    if !c.summary.trim().is_empty() {
        out.push(Line::from(vec![
            Span::styled(" Summary ", t.dim()),
            Span::raw(fit(&shown(&c.summary), width.saturating_sub(9))),
        ]));
    }
    out
}

fn heading(text: String, focused: bool, t: Theme) -> Line<'static> {
    let marker = if focused { ">" } else { " " };
    Line::from(Span::styled(format!("{marker} {text}"), t.heading()))
}

fn follow_up_row(
    f: &FollowUp,
    here: bool,
    s: &CaseScreen,
    d: &Loaded,
    cx: &ViewCtx,
    width: usize,
) -> Line<'static> {
    let t = cx.theme;
    let marker = if here { ">" } else { " " };
    let flag = if f.statutory { "!" } else { " " };
    let who = fit(&shown(&d.detail.team.name(f.assignee)), 16);
    let lead = format!(
        " {marker} {:<10} {:<8} {:<6} {flag} ",
        f.due.format("%a %-d %b"),
        lateness(f.due, cx.now.date()),
        priority_label(f.priority),
    );
    let room = width.saturating_sub(lead.chars().count() + who.chars().count() + 3);
    let text = format!("{lead}{} · {who}", fit(&shown(&f.action), room));
    let style = if here && s.pane == Pane::FollowUps {
        t.focus()
    } else if f.due < cx.now.date() {
        t.warn()
    } else {
        t.normal()
    };
    Line::from(Span::styled(text, style))
}

fn follow_ups(s: &CaseScreen, d: &Loaded, cx: &ViewCtx, width: usize) -> Vec<Line<'static>> {
    let open = d.open_follow_ups();
    let done = d.detail.follow_ups.len() - open.len();
    let focused = s.pane == Pane::FollowUps;
    if open.is_empty() {
        return vec![heading(
            format!("Follow-ups: none open, {done} done"),
            focused,
            cx.theme,
        )];
    }
    let statutory = if open.iter().any(|f| f.statutory) {
        " (! statutory: indicative, check)"
    } else {
        ""
    };
    let mut out = vec![heading(
        format!("Follow-ups: {} open, {done} done{statutory}", open.len()),
        focused,
        cx.theme,
    )];
    let first = s.follow.saturating_sub(FOLLOW_ROWS - 1);
    for (i, f) in open.iter().enumerate().skip(first).take(FOLLOW_ROWS) {
        out.push(follow_up_row(f, i == s.follow, s, d, cx, width));
    }
    out
}

fn prompt(s: &CaseScreen, cx: &ViewCtx) -> Vec<Line<'static>> {
    let Some(field @ Kind::When { input, .. }) = &s.jump else {
        return Vec::new();
    };
    let t = cx.theme;
    let echo = match field.when(cx.now) {
        Some(Ok(w)) => Span::styled(
            format!("{}= {}", " ".repeat(PROMPT.len()), w.describe()),
            t.parsed(),
        ),
        Some(Err(e)) => Span::styled(format!(" ! {}", e.0), t.error()),
        None => Span::styled(
            format!(
                "{}e.g. 12/11, last monday, 3 weeks ago",
                " ".repeat(PROMPT.len())
            ),
            t.dim(),
        ),
    };
    vec![
        Line::from(vec![
            Span::styled(PROMPT, t.heading()),
            Span::raw(shown(input.value()).into_owned()),
        ]),
        Line::from(echo),
    ]
}

/// Draws the case screen.
pub fn draw(s: &CaseScreen, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
    let t = cx.theme;
    let Some(d) = &s.data else {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Case ", t.heading()));
        frame.render_widget(Paragraph::new(" Loading…").block(block), area);
        return;
    };
    let c = &d.detail.case;
    let title = format!(
        " {} · {} · {} ",
        c.reference,
        shown(&d.kind),
        c.status.label()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, t.heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let shown = s.shown();
    let mut top = header(d, cx, width);
    top.extend(follow_ups(s, d, cx, width));
    let total = d.detail.timeline.len();
    let noun = if total == 1 { "entry" } else { "entries" };
    let what = match s.kind {
        Some(k) => format!("{} of {total} {noun} ({k} only)", shown.len()),
        None => format!("{total} {noun}"),
    };
    top.push(heading(
        format!("Timeline: {what}, oldest first"),
        s.pane == Pane::Timeline,
        t,
    ));
    let foot = prompt(s, cx);
    let [head, body, bottom] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Min(1),
        Constraint::Length(foot.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), head);
    frame.render_widget(Paragraph::new(foot), bottom);
    if shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("   Nothing of this kind", t.dim())),
            body,
        );
        return;
    }
    let lines = timeline::window(
        &Source {
            entries: &d.detail.timeline,
            shown: &shown,
            selected: s.selected,
            focused: s.pane == Pane::Timeline,
            team: &d.detail.team,
        },
        width,
        body.height as usize,
        t,
        &s.scroll,
    );
    frame.render_widget(Paragraph::new(lines), body);
}
