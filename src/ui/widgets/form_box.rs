//! A few fields in a box over a screen: the casework dialogs (add an entry, change the
//! status, add a follow-up ...). The fields are the intake form's own kinds, so typing,
//! pick lists and dates behave the same everywhere; the focused pick list opens under
//! its label and the focused notes field becomes an editor.

use std::cell::Cell;

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::field::{Kind, Outcome, Pick};
use super::line_view::line_view;
use super::notes_view::draw_notes;
use super::small_form::centred;
use super::wrap::{fit, wrap};
use crate::domain::when::{When, WhenError};
use crate::keymap::Action;
use crate::ui::component::ViewCtx;
use crate::ui::text::shown;
use crate::ui::theme::Theme;

const LABEL: usize = 20;
const OPTIONS_SHOWN: usize = 6;
const NOTES_ROWS: u16 = 5;

/// One field of a dialog.
pub struct BoxField {
    /// Stable name: what the dialog reads and where errors go.
    pub id: &'static str,
    pub label: String,
    pub kind: Kind,
    pub error: Option<String>,
    /// Hidden fields are neither drawn nor focused (the outcome, until closing).
    pub shown: bool,
    /// Shown dim while the field is empty: what leaving it empty means.
    pub placeholder: String,
}

impl BoxField {
    pub fn new(id: &'static str, label: impl Into<String>, kind: Kind) -> BoxField {
        BoxField {
            id,
            label: label.into(),
            kind,
            error: None,
            shown: true,
            placeholder: String::new(),
        }
    }

    pub fn placeholder(mut self, text: impl Into<String>) -> BoxField {
        self.placeholder = text.into();
        self
    }
}

/// A pick list with `code` chosen and highlighted, so Enter keeps it.
pub fn pick_with(options: Vec<super::field::Choice>, chosen: Option<&str>) -> Kind {
    let mut p = Pick::new(options, false);
    if let Some(i) = chosen.and_then(|c| p.options.iter().position(|o| o.code == c)) {
        p.chosen.insert(i);
        p.cursor = i;
    }
    Kind::Pick(p)
}

/// The fields of a dialog, with focus.
pub struct FormBox {
    pub fields: Vec<BoxField>,
    pub focus: usize,
    scroll: Cell<usize>,
}

struct Drawn {
    lines: Vec<Line<'static>>,
    focus: (usize, usize),
    cursor: Option<(usize, u16)>,
    notes: Option<usize>,
}

impl FormBox {
    pub fn new(fields: Vec<BoxField>) -> FormBox {
        let mut f = FormBox {
            fields,
            focus: 0,
            scroll: Cell::new(0),
        };
        f.fix_focus();
        f
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// A field by name; names are fixed in the code of each dialog.
    pub fn field(&self, id: &str) -> &BoxField {
        &self.fields[self.index(id).expect("a field of this dialog")]
    }

    pub fn field_mut(&mut self, id: &str) -> &mut BoxField {
        let i = self.index(id).expect("a field of this dialog");
        &mut self.fields[i]
    }

    /// The field's value as text (a pick list's codes, comma separated).
    pub fn text(&self, id: &str) -> String {
        self.field(id).kind.text()
    }

    /// Codes chosen in a pick list.
    pub fn codes(&self, id: &str) -> Vec<String> {
        match &self.field(id).kind {
            Kind::Pick(p) => p.codes(),
            _ => Vec::new(),
        }
    }

    /// The one code chosen in a single-choice pick list.
    pub fn chosen(&self, id: &str) -> Option<String> {
        self.codes(id).into_iter().next()
    }

    /// What a date field's text means, if anything is typed.
    pub fn when(&self, id: &str, now: NaiveDateTime) -> Option<Result<When, WhenError>> {
        self.field(id).kind.when(now)
    }

    pub fn focus_on(&mut self, id: &str) {
        if let Some(i) = self.index(id).filter(|i| self.fields[*i].shown) {
            self.focus = i;
        }
    }

    pub fn focused_id(&self) -> &'static str {
        self.fields[self.focus].id
    }

    /// Shows or hides a field; focus leaves a field that is hidden.
    pub fn set_shown(&mut self, id: &str, shown: bool) {
        self.field_mut(id).shown = shown;
        self.fix_focus();
    }

    fn fix_focus(&mut self) {
        if !self.fields.get(self.focus).is_some_and(|f| f.shown) {
            self.focus = self.fields.iter().position(|f| f.shown).unwrap_or(0);
        }
    }

    fn step(&self, forward: bool) -> Option<usize> {
        let mut i = self.focus;
        loop {
            i = if forward { i + 1 } else { i.checked_sub(1)? };
            if self.fields.get(i)?.shown {
                return Some(i);
            }
        }
    }

    /// Moves focus one shown field on or back; stays put at either end.
    pub fn move_focus(&mut self, forward: bool) {
        if let Some(i) = self.step(forward) {
            self.focus = i;
        }
    }

    /// Whether focus is on the last shown field.
    pub fn is_last(&self) -> bool {
        self.step(true).is_none()
    }

    /// Up, down or select (the form's actions), given to the focused field first.
    pub fn nav(&mut self, action: Action) -> Outcome {
        let (up, down, select) = (
            action == Action::Up,
            action == Action::Down,
            action == Action::Select,
        );
        let out = self.fields[self.focus].kind.nav(up, down, select);
        if !out.used && (up || down) {
            self.move_focus(down);
        }
        out
    }

    pub fn key(&mut self, ev: KeyEvent) -> Outcome {
        self.fields[self.focus].kind.key(ev)
    }

    pub fn paste(&mut self, text: &str) -> Outcome {
        self.fields[self.focus].kind.paste(text)
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Marks a field wrong; returns whether it is a shown field of this dialog.
    pub fn set_error(&mut self, id: &str, message: String) -> bool {
        match self.index(id).filter(|i| self.fields[*i].shown) {
            Some(i) => {
                self.fields[i].error = Some(message);
                true
            }
            None => false,
        }
    }

    pub fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| f.shown && f.error.is_some())
        {
            self.focus = i;
        }
    }

    /// Parses date fields as they are typed, so a mistake shows at once.
    pub fn check_dates(&mut self, now: NaiveDateTime) {
        for f in &mut self.fields {
            if let Kind::When { .. } = f.kind {
                f.error = f.kind.when(now).and_then(|r| r.err()).map(|e| e.0);
            }
        }
    }

    /// Draws the box, `width` wide at most, with `intro` over the fields; returns where
    /// the terminal cursor belongs.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        (title, width): (&str, u16),
        intro: Vec<Line<'static>>,
        cx: &ViewCtx,
    ) -> Option<(u16, u16)> {
        let inner = width.min(area.width).saturating_sub(2);
        let mut d = Drawn {
            lines: intro,
            focus: (0, 0),
            cursor: None,
            notes: None,
        };
        if !d.lines.is_empty() {
            d.lines.push(Line::default());
        }
        for (i, f) in self.fields.iter().enumerate().filter(|(_, f)| f.shown) {
            let start = d.lines.len();
            field_lines(&mut d, f, i == self.focus, cx, inner as usize);
            if i == self.focus {
                d.focus = (start, d.lines.len());
            }
        }
        let r = centred(area, width, d.lines.len() as u16 + 2);
        let h = r.height.saturating_sub(2) as usize;
        let mut off = self.scroll.get();
        if d.focus.0 < off {
            off = d.focus.0;
        }
        if d.focus.1 > off + h {
            off = d.focus.1 - h;
        }
        self.scroll.set(off);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {title} "), cx.theme.heading()));
        let body = block.inner(r);
        frame.render_widget(block, r);
        frame.render_widget(Paragraph::new(d.lines).scroll((off as u16, 0)), body);
        if let (Some(line), Kind::Notes(editor)) = (d.notes, &self.fields[self.focus].kind)
            && line >= off
            && line + NOTES_ROWS as usize <= off + h
        {
            let slot = Rect::new(
                body.x + 2,
                body.y + (line - off) as u16,
                body.width.saturating_sub(3),
                NOTES_ROWS,
            );
            return Some(draw_notes(frame, slot, editor));
        }
        d.cursor.and_then(|(line, x)| {
            (line >= off && line < off + h).then(|| (body.x + x, body.y + (line - off) as u16))
        })
    }
}

fn label(f: &BoxField, focused: bool, t: Theme) -> Span<'static> {
    let marker = if focused { "> " } else { "  " };
    let mark = if f.error.is_some() { "!" } else { " " };
    let text = format!("{marker}{:<w$}{mark} ", fit(&f.label, LABEL), w = LABEL);
    let style = if focused {
        t.focus()
    } else if f.error.is_some() {
        t.error()
    } else {
        t.normal()
    };
    Span::styled(text, style)
}

/// A one-line field's text (or, while empty, its placeholder), noting where the
/// cursor goes when it has focus.
fn typed(
    d: &mut Drawn,
    f: &BoxField,
    input: &tui_input::Input,
    focused: bool,
    room: usize,
    t: Theme,
) -> Span<'static> {
    if input.value().is_empty() && !f.placeholder.is_empty() {
        if focused {
            d.cursor = Some((d.lines.len(), (LABEL + 4) as u16));
        }
        return Span::styled(fit(&f.placeholder, room), t.dim());
    }
    if !focused {
        // From its start, as it reads: a text filled in for the worker (a suggested
        // "to do") is not scrolled to a cursor that is not there.
        return Span::raw(fit(input.value(), room));
    }
    let view = line_view(input.value(), input.cursor(), room);
    d.cursor = Some((d.lines.len(), (LABEL + 4 + view.cursor) as u16));
    Span::raw(view.text)
}

fn field_lines(d: &mut Drawn, f: &BoxField, focused: bool, cx: &ViewCtx, width: usize) {
    let t = cx.theme;
    let room = width.saturating_sub(LABEL + 4).max(1);
    let mut spans = vec![label(f, focused, t)];
    match &f.kind {
        Kind::Text(input) | Kind::Secret(input) | Kind::When { input, .. } => {
            spans.push(typed(d, f, input, focused, room, t));
            d.lines.push(Line::from(spans));
            if let Some(Ok(w)) = f.kind.when(cx.now) {
                d.lines.push(Line::from(Span::styled(
                    format!("{}= {}", " ".repeat(LABEL + 4), w.describe()),
                    t.parsed(),
                )));
            }
        }
        Kind::Pick(p) if focused => {
            let typed = if p.filter.is_empty() {
                Span::styled("type to narrow, enter to choose", t.dim())
            } else {
                Span::raw(format!("{}▏", shown(&p.filter)))
            };
            spans.push(typed);
            d.lines.push(Line::from(spans));
            options(d, p, t);
        }
        Kind::Pick(p) => {
            let chosen = p.labels().join(", ");
            let chosen = if chosen.is_empty() {
                "—".into()
            } else {
                chosen
            };
            spans.push(Span::raw(fit(&shown(&chosen), room)));
            d.lines.push(Line::from(spans));
        }
        Kind::Notes(editor) => {
            d.lines.push(Line::from(spans));
            if focused {
                d.notes = Some(d.lines.len());
                d.lines.extend((0..NOTES_ROWS).map(|_| Line::default()));
            } else {
                let text = editor.lines().join("\n");
                let rows = wrap(
                    &crate::ui::text::shown_lines(&text),
                    width.saturating_sub(4),
                );
                let more = rows.len() > 2;
                for row in rows.into_iter().take(2) {
                    d.lines.push(Line::from(format!("    {row}")));
                }
                if more {
                    d.lines.push(Line::from(Span::styled("    …", t.dim())));
                }
            }
        }
        Kind::Answer(a) => {
            spans.push(Span::raw(super::field::answer_name(*a)));
            d.lines.push(Line::from(spans));
        }
    }
    if let Some(e) = &f.error {
        for (i, row) in wrap(&shown(e), width.saturating_sub(6))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "    ! " } else { "      " };
            d.lines
                .push(Line::from(Span::styled(format!("{lead}{row}"), t.error())));
        }
    }
}

fn options(d: &mut Drawn, p: &Pick, t: Theme) {
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
        let tick = match (p.multiple, p.chosen.contains(&i)) {
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
    let rest = filtered.len().saturating_sub(first + OPTIONS_SHOWN);
    if rest > 0 {
        d.lines.push(Line::from(Span::styled(
            format!("      … {rest} more (down)"),
            t.dim(),
        )));
    }
}
