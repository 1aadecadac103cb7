//! The follow-up queue's rows and the selected follow-up beneath them. A row names
//! whom the follow-up is about beside what to do, so "Call back" says whom to call;
//! its date says the year when it is not this one; beneath, the selected follow-up is
//! shown whole, with its full date, rather than cut at the screen's edge.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::case::priority_label;
use crate::service::{Bucket, QueueRow};
use crate::ui::msg::QueueData;
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::{fit, wrap};

/// Rows under the table: the selected follow-up (two rows of what to do, one of whom
/// and when), the statutory warning, and what the flags mean.
pub(super) const DETAIL_ROWS: u16 = 5;

/// The columns before the client and action: due day (with the cursor's marker), how
/// late, priority, case, flags. `4 Jan 2027` and `C-2026-0001` fill theirs.
const FIXED: [u16; 5] = [13, 5, 6, 11, 2];

/// The column naming whose each follow-up is, in everyone's queue.
const FOR: u16 = 12;

/// Rows of what to do the selected follow-up shows at most.
const ACTION_ROWS: usize = 2;

/// The rows of a queue on screen.
pub(super) struct Table<'a> {
    pub data: &'a QueueData,
    /// Everyone's queue: a column says whose each follow-up is.
    pub everyone: bool,
    pub cursor: usize,
    /// The first row on screen.
    pub first: usize,
    pub today: NaiveDate,
}

impl Table<'_> {
    pub fn draw(&self, frame: &mut Frame, area: Rect, t: Theme) {
        let visible = area.height.saturating_sub(1).max(1) as usize;
        let mut header = vec!["  Due", "Late", "Pri", "Case", "SG", "Client · action"];
        let mut widths = FIXED.map(Constraint::Length).to_vec();
        let mut taken: u16 = FIXED.iter().sum::<u16>() + FIXED.len() as u16;
        if self.everyone {
            taken += FOR + 1;
        }
        let room = area.width.saturating_sub(taken).max(10);
        widths.push(Constraint::Length(room));
        if self.everyone {
            header.push("For");
            widths.push(Constraint::Length(FOR));
        }
        let rows: Vec<Row> = (self.data.view.rows.iter().enumerate())
            .skip(self.first)
            .take(visible)
            .map(|(i, r)| self.row(i, r, room as usize, t))
            .collect();
        let header = Row::new(header).style(t.heading());
        frame.render_widget(
            ratatui::widgets::Table::new(rows, widths).header(header),
            area,
        );
    }

    /// Row `i`, its client and action cut to `room` columns (with `…`: the whole is
    /// beneath the table).
    fn row(&self, i: usize, r: &QueueRow, room: usize, t: Theme) -> Row<'static> {
        let here = i == self.cursor;
        let flags = format!(
            "{}{}",
            if r.safeguarding { "S" } else { " " },
            if r.statutory { "!" } else { " " }
        );
        let mut cells = vec![
            format!(
                "{} {}",
                if here { ">" } else { " " },
                day(r.due, self.today)
            ),
            late(r, self.today),
            priority_label(r.priority).to_string(),
            r.case
                .map(|(_, c)| c.to_string())
                .unwrap_or_else(|| "(intake)".into()),
            flags,
            fit(&about(self.client(i), &r.action), room),
        ];
        if self.everyone {
            cells.push(fit(&self.data.team.name(r.assignee), FOR as usize));
        }
        let style = if here {
            t.focus()
        } else if r.days_overdue > 0 && r.bucket != Bucket::Done {
            t.warn()
        } else {
            t.normal()
        };
        Row::new(cells.into_iter().map(Cell::from)).style(style)
    }

    fn client(&self, i: usize) -> Option<&str> {
        self.data.clients.get(i).and_then(|c| c.as_deref())
    }
}

/// A due day in a row: `Fri 20 Nov` this year, `4 Jan 2027` in another, so a date a
/// year late or early never passes for this year's.
fn day(due: NaiveDate, today: NaiveDate) -> String {
    if due.year() == today.year() {
        due.format("%a %-d %b").to_string()
    } else {
        due.format("%-d %b %Y").to_string()
    }
}

/// How late, under the heading that says so: `3d`, `today`, `done`, or nothing.
fn late(r: &QueueRow, today: NaiveDate) -> String {
    if r.bucket == Bucket::Done {
        return "done".into();
    }
    match (today - r.due).num_days() {
        d if d > 0 => format!("{d}d"),
        0 => "today".into(),
        _ => String::new(),
    }
}

/// Whom a follow-up is about, then what to do: `Wei Zhang · Call back`. Both are
/// stored text, drawn through `shown`.
fn about(client: Option<&str>, action: &str) -> String {
    match client {
        Some(c) => format!("{} · {}", shown(c), shown(action)),
        None => shown(action).into_owned(),
    }
}

/// The selected follow-up (the queue and its row number) in full, then the
/// statutory warning and what the flags mean, in `width` columns.
pub(super) fn detail(
    selected: Option<(&QueueData, usize)>,
    t: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some((data, i)) = selected {
        let r = &data.view.rows[i];
        // Marked ` > `, it goes on under its text.
        let mut action = wrap(&format!(" > {}", r.action), width);
        if action.len() > ACTION_ROWS {
            action.truncate(ACTION_ROWS);
            let last = action.pop().unwrap_or_default();
            action.push(fit(&format!("{last} …"), width));
        }
        out.extend(action.into_iter().map(Line::from));
        out.push(Line::from(fit(&whom_and_when(data, i), width)));
        if r.statutory {
            out.push(Line::from(Span::styled(
                " ! Statutory deadline: indicative, check the date yourself",
                t.warn(),
            )));
        }
    }
    while out.len() < DETAIL_ROWS as usize - 1 {
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(
        fit(
            " S safeguarding case · ! statutory deadline (indicative: check)",
            width,
        ),
        t.dim(),
    )));
    out
}

/// `Amina Hassan · C-2026-0001 · due Fri 20 Nov 2026 · for Asha Patel`.
fn whom_and_when(data: &QueueData, i: usize) -> String {
    let r = &data.view.rows[i];
    let mut parts = Vec::new();
    if let Some(c) = data.clients.get(i).and_then(|c| c.as_deref()) {
        parts.push(shown(c).into_owned());
    }
    parts.push(match r.case {
        Some((_, c)) => format!("case {c}"),
        None => "an intake".into(),
    });
    let time = r
        .due_time
        .map(|t| t.format(" %H:%M").to_string())
        .unwrap_or_default();
    parts.push(format!("due {}{time}", r.due.format("%a %-d %b %Y")));
    parts.push(format!("for {}", shown(&data.team.name(r.assignee))));
    format!("   {}", parts.join(" · "))
}
