//! The timeline as rows on screen, oldest first and newest last (as it happened, like
//! a case file read top to bottom): each entry a dated header line with its kind and
//! author, its text wrapped beneath. Entries are never edited, so a corrected entry
//! says so and its correction says which entry it corrects.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::text::{Line, Span};

use crate::domain::{EntryKind, TimelineEntry};
use crate::ui::msg::Team;
use crate::ui::text::{inert, inert_lines};
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::wrap;

/// The order kinds are offered in by the kind filter.
const KIND_ORDER: [&str; 11] = [
    "note",
    "phone call",
    "letter",
    "email",
    "meeting",
    "mediation",
    "police contact",
    "evidence received",
    "referral",
    "status change",
    "follow-up done",
];

/// When something happened, on the worker's clock: `Sun 22 Nov 2026 09:53`.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%a %-d %b %Y %H:%M")
        .to_string()
}

/// The local day an entry happened on, for jumping to a date.
pub fn day_of(e: &TimelineEntry) -> NaiveDate {
    e.at.with_timezone(&chrono::Local).date_naive()
}

/// The kinds on this timeline, in filter order.
pub fn kinds_present(entries: &[TimelineEntry]) -> Vec<&'static str> {
    KIND_ORDER
        .into_iter()
        .filter(|k| entries.iter().any(|e| e.kind.name() == *k))
        .collect()
}

/// What kind of entry, with whom: `Phone call out, with the housing officer, 12 min`.
fn describe(kind: &EntryKind) -> String {
    let way = |d: &crate::domain::Direction| match d {
        crate::domain::Direction::Incoming => "in",
        crate::domain::Direction::Outgoing => "out",
    };
    let named = |what: String, who: &str| {
        if who.trim().is_empty() {
            what
        } else {
            format!("{what} {}", inert(who))
        }
    };
    match kind {
        EntryKind::Note => "Note".into(),
        EntryKind::PhoneCall {
            direction,
            with,
            minutes,
        } => {
            let mut said = format!("Phone call {}", way(direction));
            if !with.trim().is_empty() {
                said = named(format!("{said}, with"), with);
            }
            if let Some(m) = minutes {
                said.push_str(&format!(", {m} min"));
            }
            said
        }
        EntryKind::Letter {
            direction,
            counterpart,
            email,
        } => {
            let what = if *email { "Email" } else { "Letter" };
            match direction {
                crate::domain::Direction::Outgoing => named(format!("{what} sent to"), counterpart),
                crate::domain::Direction::Incoming => {
                    named(format!("{what} received from"), counterpart)
                }
            }
        }
        EntryKind::Meeting { with } => named("Meeting with".into(), with),
        EntryKind::Mediation { parties } => named("Mediation between".into(), parties),
        EntryKind::Referral { .. } => "Referral".into(),
        EntryKind::PoliceContact => "Police contact".into(),
        EntryKind::EvidenceReceived => "Evidence received".into(),
        EntryKind::StatusChange { from: None, to } => format!("Status: {}", to.label()),
        EntryKind::StatusChange { from: Some(f), to } => {
            format!("Status: {} → {}", f.label(), to.label())
        }
        EntryKind::FollowUpDone { .. } => "Follow-up done".into(),
    }
}

/// Lines to draw, and which lines belong to each entry shown.
pub struct Rows {
    pub lines: Vec<Line<'static>>,
    pub ranges: Vec<(usize, usize)>,
}

/// What the timeline rows are drawn from.
pub struct Source<'a> {
    pub entries: &'a [TimelineEntry],
    /// Indexes into `entries` of the entries shown (the kind filter applied).
    pub shown: &'a [usize],
    pub selected: usize,
    /// Whether the timeline has the keys (else the follow-ups do).
    pub focused: bool,
    pub team: &'a Team,
}

/// The rows of the entries shown, `width` columns wide.
pub fn rows(src: &Source, width: usize, t: Theme) -> Rows {
    let mut out = Rows {
        lines: Vec::new(),
        ranges: Vec::new(),
    };
    for (pos, &i) in src.shown.iter().enumerate() {
        let start = out.lines.len();
        entry_rows(&mut out.lines, src, i, pos == src.selected, width, t);
        out.ranges.push((start, out.lines.len()));
    }
    out
}

fn entry_rows(
    lines: &mut Vec<Line<'static>>,
    src: &Source,
    i: usize,
    selected: bool,
    width: usize,
    t: Theme,
) {
    let e = &src.entries[i];
    let marker = if selected { ">" } else { " " };
    let corrected_by = src
        .entries
        .iter()
        .position(|other| other.corrects == Some(e.id));
    let note = match corrected_by {
        Some(j) if j > i => " (corrected below)",
        Some(_) => " (corrected above)",
        None => "",
    };
    let header = format!(
        " {marker} {}  {} · {}{note}",
        stamp(e.at),
        describe(&e.kind),
        inert(&src.team.name(Some(e.author)))
    );
    let style = if selected && src.focused {
        t.focus()
    } else if corrected_by.is_some() {
        t.dim()
    } else {
        t.heading()
    };
    for row in wrap(&header, width) {
        lines.push(Line::from(Span::styled(row, style)));
    }
    if let Some(old) = e.corrects {
        let when = src
            .entries
            .iter()
            .find(|o| o.id == old)
            .map(|o| stamp(o.at))
            .unwrap_or_else(|| "an earlier date".into());
        lines.push(Line::from(Span::styled(
            format!("     corrects entry of {when}"),
            t.warn(),
        )));
    }
    if !e.text.trim().is_empty() {
        for row in wrap(&inert_lines(&e.text), width.saturating_sub(5)) {
            lines.push(Line::from(format!("     {row}")));
        }
    }
}
