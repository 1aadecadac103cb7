//! The timeline as rows on screen, oldest first and newest last (as it happened, like
//! a case file read top to bottom): each entry a dated header line with its kind and
//! author, its text wrapped beneath. Entries are never edited, so a corrected entry
//! says so and its correction says which entry it corrects.

use std::cell::Cell;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::text::{Line, Span};

use crate::domain::{EntryKind, TimelineEntry};
use crate::ui::layers::reader::Reader;
use crate::ui::msg::Team;
use crate::ui::text::{shown, shown_lines};
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
    at.with_timezone(&crate::domain::clock::zone())
        .format("%a %-d %b %Y %H:%M")
        .to_string()
}

/// The local day an entry happened on, for jumping to a date.
pub fn day_of(e: &TimelineEntry) -> NaiveDate {
    e.at.with_timezone(&crate::domain::clock::zone())
        .date_naive()
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
            format!("{what} {}", shown(who))
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
            ..
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
        EntryKind::LetterDrafted { .. } => "Letter drafted".into(),
    }
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

/// The lines of the entries that fit in `height` rows, with the selected entry in
/// view. `top` is the entry shown first last time, kept where possible so the view
/// does not jump about. Only the entries on screen are laid out, so a case with years
/// of entries draws as fast as a new one.
pub fn window(
    src: &Source,
    width: usize,
    height: usize,
    t: Theme,
    top: &Cell<usize>,
) -> Vec<Line<'static>> {
    let Some(last) = src.shown.len().checked_sub(1) else {
        return Vec::new();
    };
    let selected = src.selected.min(last);
    let lines_of = |pos: usize| {
        let mut lines = Vec::new();
        entry_rows(&mut lines, src, src.shown[pos], pos == selected, width, t);
        lines.len()
    };
    // The earliest first entry that still shows all of the selected one (or its start,
    // when it alone is taller than the screen).
    let mut used = lines_of(selected);
    let mut earliest = selected;
    while earliest > 0 {
        let h = lines_of(earliest - 1);
        if used + h > height {
            break;
        }
        used += h;
        earliest -= 1;
    }
    let first = top.get().min(selected).max(earliest);
    top.set(first);
    let mut lines = Vec::new();
    for pos in first..=last {
        let i = src.shown[pos];
        entry_rows(&mut lines, src, i, pos == selected, width, t);
        if lines.len() >= height {
            break;
        }
    }
    // Near the end, the space left shows the tail of the entries before.
    let mut before = first;
    while lines.len() < height && before > 0 {
        before -= 1;
        let mut earlier = Vec::new();
        entry_rows(&mut earlier, src, src.shown[before], false, width, t);
        let keep = earlier.len().min(height - lines.len());
        lines.splice(0..0, earlier.drain(earlier.len() - keep..));
    }
    lines.truncate(height);
    lines
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
        shown(&src.team.name(Some(e.author)))
    );
    let style = if selected && src.focused {
        t.focus()
    } else if corrected_by.is_some() {
        t.dim()
    } else {
        t.heading()
    };
    // A heading too long for a row goes on under its stamp, not under the marker.
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
        for row in wrap(&shown_lines(&e.text), width.saturating_sub(5)) {
            lines.push(Line::from(format!("     {row}")));
        }
    }
}

/// The entry at `i` to read in full, under the case's `banner`.
pub fn reader(entries: &[TimelineEntry], i: usize, team: &Team, banner: Vec<String>) -> Reader {
    let e = &entries[i];
    let heading = format!(
        "{}  {} · {}",
        stamp(e.at),
        describe(&e.kind),
        team.name(Some(e.author))
    );
    let mut notes = Vec::new();
    // Written later than it happened (a call noted afterwards): when it was written.
    if (e.recorded_at - e.at).num_minutes().abs() >= 5 {
        notes.push(format!("Written {}", stamp(e.recorded_at)));
    }
    if let Some(old) = e.corrects {
        let when = entries
            .iter()
            .find(|o| o.id == old)
            .map(|o| stamp(o.at))
            .unwrap_or_else(|| "an earlier date".into());
        notes.push(format!("Corrects the entry of {when}"));
    }
    if let Some(fix) = entries.iter().find(|o| o.corrects == Some(e.id)) {
        notes.push(format!(
            "Corrected by the entry of {} (this one is kept as it was)",
            stamp(fix.at)
        ));
    }
    Reader::new(banner, heading, notes, e.text.clone())
}
