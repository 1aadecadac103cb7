//! What the person and organisation cards share: a box titled with the name, the
//! record's details, then the cases it is linked to, one key from each.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::case::CaseScreen;
use crate::keymap::Action;
use crate::ui::component::{Ctx, Handled, MOVES, keys_of};
use crate::ui::msg::CardCase;
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::{fit, pad};

/// Moves through a card's cases or opens one; `none` is said when there is none to
/// open. `cases` is `None` while the card loads.
pub(super) fn on_action(
    action: Action,
    cursor: &mut usize,
    cases: Option<&[CardCase]>,
    none: &str,
    cx: &mut Ctx,
) -> Handled {
    let last = cases.map_or(0, <[CardCase]>::len).saturating_sub(1);
    match action {
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Down => *cursor = (*cursor + 1).min(last),
        Action::First | Action::PageUp => *cursor = 0,
        Action::Last | Action::PageDown => *cursor = last,
        Action::Open => match cases.and_then(|c| c.get(*cursor)) {
            Some(case) => cx.push(CaseScreen::new(case.id, true)),
            None => cx.info(none),
        },
        Action::Cancel => cx.back(),
        _ => return Handled::No,
    }
    Handled::Yes
}

/// The card's hints.
pub(super) fn hints() -> Vec<Action> {
    vec![Action::Open, Action::Down, Action::Search, Action::Cancel]
}

/// What a card answers, for help.
pub(super) fn keys() -> Vec<Action> {
    keys_of(&[Action::Open, Action::Cancel], &MOVES)
}

/// Draws a card titled `name` (stored text, drawn through `shown`) with its `details` above its
/// cases; "Loading…" while `card` is `None`.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    t: Theme,
    card: Option<(String, Vec<Line<'static>>, &[CardCase])>,
    cursor: usize,
) {
    let Some((name, details, cases)) = card else {
        let block = Block::default().borders(Borders::ALL);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(Paragraph::new(" Loading…"), inner);
        return;
    };
    let name = shown(&name).into_owned();
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&format!(" {name} "), area.width.saturating_sub(4) as usize),
        t.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [top, list] =
        Layout::vertical([Constraint::Length(details.len() as u16), Constraint::Min(1)])
            .areas(inner);
    frame.render_widget(Paragraph::new(details), top);
    draw_cases(frame, list, t, cases, cursor);
}

/// A card's cases, one a line, with the one that has focus marked `>`; Enter opens it.
fn draw_cases(frame: &mut Frame, area: Rect, t: Theme, cases: &[CardCase], cursor: usize) {
    let width = area.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        format!(" Cases · {}", cases.len()),
        t.heading(),
    ))];
    if cases.is_empty() {
        lines.push(Line::from(Span::styled(
            "   No case you can see is linked here.",
            t.dim(),
        )));
    }
    let height = (area.height as usize).saturating_sub(1).max(1);
    let first = (cursor + 1).saturating_sub(height);
    for (i, c) in cases.iter().enumerate().skip(first).take(height) {
        let here = i == cursor;
        let text = format!(
            "{} {:<12} {} {:<9} {}",
            if here { ">" } else { " " },
            c.reference.to_string(),
            pad(&c.kind, 18),
            c.status.label(),
            shown(&c.role)
        );
        let style = if here { t.focus() } else { t.normal() };
        lines.push(Line::from(Span::styled(pad(&text, width), style)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
