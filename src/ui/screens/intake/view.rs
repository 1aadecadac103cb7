//! Drawing the intake form: sections, fields, errors, and the caller matches.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fields::{CONSENT, Field, SAFE_CONTACT, SECTIONS};
use super::form::Form;
use crate::domain::Answer;
use crate::ui::component::ViewCtx;
use crate::ui::text::{shown, shown_lines};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::Kind;
use crate::ui::widgets::line_view::line_view;
use crate::ui::widgets::notes_view::draw_notes;
use crate::ui::widgets::wrap::{fit, wrap};

const LABEL: usize = 30;
const OPTIONS_SHOWN: usize = 7;
const NOTES_ROWS: u16 = 6;

/// Where the notes editor goes, when it has focus.
struct NotesSlot {
    line: usize,
}

struct Drawn {
    lines: Vec<Line<'static>>,
    focus: (usize, usize),
    cursor: Option<(usize, u16)>,
    notes: Option<NotesSlot>,
}

/// Draws the form; returns where the terminal cursor belongs.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    cx: &ViewCtx,
    form: &Form,
    scroll: &Cell<u16>,
) -> Option<(u16, u16)> {
    let strip = strip_lines(form, cx.theme);
    let [body, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(strip.len() as u16)]).areas(area);
    let d = lines(form, cx, body.width);
    let h = body.height as usize;
    let mut off = scroll.get() as usize;
    if d.focus.0 < off + 1 {
        off = d.focus.0.saturating_sub(1);
    }
    if d.focus.1 > off + h {
        off = d.focus.1 - h;
    }
    scroll.set(off as u16);
    frame.render_widget(Paragraph::new(d.lines).scroll((off as u16, 0)), body);
    frame.render_widget(Paragraph::new(strip), bottom);
    if let (Some(slot), Kind::Notes(area_widget)) = (&d.notes, &form.fields[form.focus].kind)
        && slot.line >= off
        && slot.line + (NOTES_ROWS as usize) <= off + h
    {
        let r = Rect::new(
            body.x + 4,
            body.y + (slot.line - off) as u16,
            body.width.saturating_sub(6),
            NOTES_ROWS,
        );
        return Some(draw_notes(frame, r, area_widget));
    }
    d.cursor.and_then(|(line, x)| {
        (line >= off && line < off + h).then(|| (body.x + x, body.y + (line - off) as u16))
    })
}

fn lines(form: &Form, cx: &ViewCtx, width: u16) -> Drawn {
    let mut d = Drawn {
        lines: Vec::new(),
        focus: (0, 0),
        cursor: None,
        notes: None,
    };
    let t = cx.theme;
    for (s, heading) in SECTIONS.iter().enumerate() {
        let shown: Vec<usize> = (0..form.fields.len())
            .filter(|i| form.fields[*i].section == s && form.visible(*i))
            .collect();
        if form.attached.is_some() && (s == SAFE_CONTACT || s == CONSENT) {
            on_file_lines(&mut d, form, s, heading, t, width);
            continue;
        }
        if shown.is_empty() {
            continue;
        }
        d.lines.push(Line::from(Span::styled(
            format!("{}. {heading}", s + 1),
            t.heading(),
        )));
        // A centre's own login reports for its centre only: named, never asked.
        if let (0, Some(centre)) = (s, form.own_centre()) {
            let room = (width as usize).saturating_sub(LABEL + 3);
            d.lines.push(Line::from(vec![
                Span::styled(format!("  {:<w$} ", "Reporting centre", w = LABEL), t.dim()),
                Span::raw(fit(
                    &format!("{} (your centre)", crate::ui::text::shown(&centre)),
                    room,
                )),
            ]));
        }
        for i in shown {
            let start = d.lines.len();
            let focused = i == form.focus;
            field_lines(&mut d, &form.fields[i], focused, cx, width);
            if focused {
                d.focus = (start, d.lines.len());
            }
        }
        d.lines.push(Line::default());
    }
    d
}

/// A section the attached caller's record answers: what is on file, not asked again
/// (the person's card changes it).
fn on_file_lines(d: &mut Drawn, form: &Form, s: usize, heading: &str, t: Theme, width: u16) {
    d.lines.push(Line::from(Span::styled(
        format!("{}. {heading} (on file)", s + 1),
        t.heading(),
    )));
    let room = (width as usize).saturating_sub(LABEL + 3);
    match &form.on_file {
        None => d.lines.push(Line::from(Span::styled(
            "  Reading what is on file…",
            t.dim(),
        ))),
        Some(f) => {
            let rows = if s == SAFE_CONTACT {
                &f.safe_contact
            } else {
                &f.consents
            };
            for (label, value) in rows {
                d.lines.push(Line::from(vec![
                    Span::styled(format!("  {label:<w$}", w = LABEL), t.dim()),
                    Span::raw(fit(&shown(value), room)),
                ]));
            }
        }
    }
    d.lines.push(Line::default());
}

fn label_spans(f: &Field, focused: bool, t: Theme) -> Vec<Span<'static>> {
    let marker = if focused { "> " } else { "  " };
    let mark = if f.error.is_some() { "!" } else { " " };
    let label = format!("{marker}{:<w$}{mark}", f.label, w = LABEL - 1);
    let style = if focused {
        t.focus()
    } else if f.error.is_some() {
        t.error()
    } else {
        t.normal()
    };
    vec![Span::styled(label, style), Span::raw(" ")]
}

fn field_lines(d: &mut Drawn, f: &Field, focused: bool, cx: &ViewCtx, width: u16) {
    let t = cx.theme;
    let mut spans = label_spans(f, focused, t);
    let room = (width as usize).saturating_sub(LABEL + 3);
    match &f.kind {
        Kind::Text(input) | Kind::Secret(input) | Kind::When { input, .. } => {
            input_lines(d, f, input, spans, focused, cx, room);
        }
        Kind::Answer(a) => {
            for (value, name) in [
                (Answer::Yes, "Yes"),
                (Answer::No, "No"),
                (Answer::Unknown, "Not asked"),
            ] {
                if *a == value {
                    spans.push(Span::styled(format!("[{name}]"), t.heading()));
                } else {
                    spans.push(Span::styled(format!(" {name} "), t.dim()));
                }
                spans.push(Span::raw(" "));
            }
            d.lines.push(Line::from(spans));
        }
        Kind::Pick(p) if focused => {
            spans.push(Span::raw(format!("{}▏", shown(&p.filter))));
            if p.multiple && !p.chosen.is_empty() {
                spans.push(Span::styled(
                    format!("  {} ticked", p.chosen.len()),
                    t.dim(),
                ));
            }
            d.lines.push(Line::from(spans));
            pick_options(d, p, t);
        }
        Kind::Pick(p) => {
            let chosen = shown(&p.labels().join(", ")).into_owned();
            let text = if chosen.is_empty() {
                "—".to_string()
            } else {
                chosen
            };
            spans.push(Span::raw(fit(&text, room)));
            d.lines.push(Line::from(spans));
        }
        Kind::Notes(area) => {
            d.lines.push(Line::from(spans));
            if focused {
                d.notes = Some(NotesSlot {
                    line: d.lines.len(),
                });
                d.lines.extend((0..NOTES_ROWS).map(|_| Line::default()));
            } else {
                notes_preview(d, &area.lines().join("\n"), t, width);
            }
        }
    }
    error_and_help_lines(d, f, focused, t, width);
}

/// A one-line input: its value (dots for a secret) scrolled to fit `room`, the cursor
/// when focused, and what a date or time was understood as.
fn input_lines(
    d: &mut Drawn,
    f: &Field,
    input: &tui_input::Input,
    mut spans: Vec<Span<'static>>,
    focused: bool,
    cx: &ViewCtx,
    room: usize,
) {
    let secret = matches!(f.kind, Kind::Secret(_));
    let value = if secret {
        "•".repeat(input.value().chars().count())
    } else {
        input.value().to_string()
    };
    if focused {
        let view = line_view(&value, input.cursor(), room.max(1));
        spans.push(Span::raw(view.text));
        d.cursor = Some((d.lines.len(), (LABEL + 3 + view.cursor) as u16));
    } else {
        // From its start, as it reads: no cursor to keep in sight.
        spans.push(Span::raw(fit(&value, room.max(1))));
    }
    d.lines.push(Line::from(spans));
    if let Some(Ok(w)) = f.kind.when(cx.now) {
        let pad = " ".repeat(LABEL + 2);
        d.lines.push(Line::from(Span::styled(
            format!("{pad}= {}", w.describe()),
            cx.theme.parsed(),
        )));
    }
}

/// The field's error, wrapped, and its guidance while it has focus.
fn error_and_help_lines(d: &mut Drawn, f: &Field, focused: bool, t: Theme, width: u16) {
    if let Some(e) = &f.error {
        let room = (width as usize).saturating_sub(8).max(20);
        for (i, piece) in wrap(&shown(e), room).into_iter().enumerate() {
            let lead = if i == 0 { "    ! " } else { "      " };
            d.lines.push(Line::from(Span::styled(
                format!("{lead}{piece}"),
                t.error(),
            )));
        }
    }
    if focused && !f.help.is_empty() {
        d.lines
            .push(Line::from(Span::styled(format!("    {}", f.help), t.dim())));
    }
}

fn pick_options(d: &mut Drawn, p: &crate::ui::widgets::field::Pick, t: Theme) {
    let filtered = p.filtered();
    if filtered.is_empty() {
        d.lines.push(Line::from(Span::styled(
            "    nothing matches: backspace to widen",
            t.dim(),
        )));
        return;
    }
    let first = p.cursor.saturating_sub(OPTIONS_SHOWN - 1);
    for (row, &i) in filtered.iter().enumerate().skip(first).take(OPTIONS_SHOWN) {
        let ticked = p.chosen.contains(&i);
        let tick = match (p.multiple, ticked) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let here = row == p.cursor;
        let text = format!(
            "  {} {tick} {}",
            if here { ">" } else { " " },
            shown(&p.options[i].label)
        );
        d.lines.push(Line::from(Span::styled(
            text,
            if here { t.focus() } else { t.normal() },
        )));
    }
    if filtered.len() > first + OPTIONS_SHOWN {
        d.lines.push(Line::from(Span::styled(
            format!("      … {} more", filtered.len() - first - OPTIONS_SHOWN),
            t.dim(),
        )));
    }
}

fn notes_preview(d: &mut Drawn, text: &str, t: Theme, width: u16) {
    if text.trim().is_empty() {
        d.lines.push(Line::from(Span::styled("    —", t.dim())));
        return;
    }
    let room = (width as usize).saturating_sub(6).max(10);
    let mut shown = 0;
    for para in shown_lines(text).lines() {
        for chunk in wrap(para, room) {
            if shown == 3 {
                d.lines.push(Line::from(Span::styled("    …", t.dim())));
                return;
            }
            d.lines.push(Line::from(format!("    {chunk}")));
            shown += 1;
        }
    }
}

/// The caller panel: the person attached, or people on file who may be the caller.
fn strip_lines(form: &Form, t: Theme) -> Vec<Line<'static>> {
    if form.fields[form.focus].section != 0 && form.attached.is_none() {
        return Vec::new();
    }
    if let Some(a) = &form.attached {
        return vec![Line::from(vec![
            Span::styled(" Caller on file: ", t.ok()),
            Span::raw(format!(
                "{} (the intake is added to their record)",
                shown(&a.display_name)
            )),
        ])];
    }
    if form.matches.is_empty() && form.elsewhere {
        return vec![Line::from(Span::styled(
            " ! This caller may already be on file: ask a caseworker",
            t.warn(),
        ))];
    }
    if form.matches.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::from(Span::styled(
        " Already on file? The caller may be:",
        t.warn(),
    ))];
    for (i, m) in form.matches.iter().take(3).enumerate() {
        let here = i == form.match_cursor;
        let parts: Vec<String> = [
            Some(shown(&m.display_name).into_owned()),
            m.phone.as_deref().map(|v| shown(v).into_owned()),
            m.postcode.as_deref().map(|v| shown(v).into_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let text = format!(
            " {} {}  (matched {})",
            if here { ">" } else { " " },
            parts.join(" · "),
            m.matched_on.join(", ")
        );
        out.push(Line::from(Span::styled(
            text,
            if here { t.focus() } else { t.normal() },
        )));
    }
    out
}
