//! Audit entries as table rows, the same on the audit screen and in a case's access
//! history: when (local time), who, what, which case or record, and from where.

use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::service::AuditRow;
use crate::ui::text::shown;
use crate::ui::theme::Theme;

/// Column widths for an 80-column screen: the origin takes what is left.
pub const WIDTHS: [Constraint; 5] = [
    Constraint::Length(18),
    Constraint::Length(12),
    Constraint::Length(14),
    Constraint::Length(14),
    Constraint::Min(8),
];

pub fn header(t: Theme) -> Row<'static> {
    Row::new(["  When", "Who", "Action", "Case/record", "From"]).style(t.heading())
}

/// When, in the local time zone, to the minute.
pub fn when(r: &AuditRow) -> String {
    r.at.with_timezone(&crate::domain::clock::zone())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Who acted: their login, or for a failed sign-in the login tried, in brackets.
pub fn who(r: &AuditRow) -> String {
    match (&r.user, &r.login_tried) {
        (Some(u), _) => shown(u).into_owned(),
        (None, Some(tried)) => format!("({})", shown(tried)),
        (None, None) => "-".into(),
    }
}

/// The case by reference, else the first record's kind (ids mean nothing on screen).
pub fn what_of(r: &AuditRow) -> String {
    if let Some(c) = &r.case {
        return shown(c).into_owned();
    }
    match r.records.as_slice() {
        [] => String::new(),
        [one] => tree_of(one),
        [first, rest @ ..] => format!("{} +{}", tree_of(first), rest.len()),
    }
}

fn tree_of(record: &str) -> String {
    shown(record.split('/').next().unwrap_or(record)).into_owned()
}

/// One table row; the selected one is marked with `>` as well as styled.
pub fn row(r: &AuditRow, selected: bool, t: Theme) -> Row<'static> {
    let marker = if selected { ">" } else { " " };
    let cells = [
        format!("{marker} {}", when(r)),
        who(r),
        r.action.name().to_string(),
        what_of(r),
        shown(&r.from_where()).into_owned(),
    ];
    Row::new(cells.into_iter().map(Cell::from)).style(if selected { t.focus() } else { t.normal() })
}

/// The selected entry's number and detail, under the table.
pub fn detail_line(r: &AuditRow, t: Theme) -> Line<'static> {
    let detail = if r.detail.is_empty() {
        String::new()
    } else {
        format!(": {}", shown(&r.detail))
    };
    Line::from(Span::styled(format!(" Entry {}{detail}", r.seq), t.dim()))
}

/// First row to show so that `cursor` is on screen in `visible` rows.
pub fn first_shown(cursor: usize, visible: usize) -> usize {
    cursor.saturating_sub(visible.saturating_sub(1))
}
