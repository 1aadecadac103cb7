//! A search result's text with the parts a query matched in brackets and bold
//! underline (so they read without colour), cut to its column by the columns the
//! terminal gives it.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use crate::ui::msg::Marked;
use crate::ui::text::{columns, shown, units};

/// A cell's text in at most `width` columns, with each matched part in brackets and
/// bold underline; returns the spans and the columns they take.
pub fn marked_spans(m: &Marked, width: usize, base: Style) -> (Vec<Span<'static>>, usize) {
    let mark = base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut pieces: Vec<(String, Style)> = Vec::new();
    let mut at = 0;
    for r in &m.marks {
        let (Some(before), Some(inside)) = (m.text.get(at..r.start), m.text.get(r.clone())) else {
            continue;
        };
        pieces.push((shown(before).into_owned(), base));
        pieces.push(("[".into(), base));
        pieces.push((shown(inside).into_owned(), mark));
        pieces.push(("]".into(), base));
        at = r.end;
    }
    pieces.push((
        shown(m.text.get(at..).unwrap_or_default()).into_owned(),
        base,
    ));
    let total: usize = pieces.iter().map(|(s, _)| columns(s)).sum();
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, style) in pieces {
        if text.is_empty() {
            continue;
        }
        if total <= width {
            used += columns(&text);
            spans.push(Span::styled(text, style));
            continue;
        }
        // Too long: cut between clusters, leaving a column for the ellipsis.
        let mut kept = String::new();
        let mut cut = false;
        for (unit, cols) in units(&text) {
            if used + cols + 1 > width {
                cut = true;
                break;
            }
            kept.push_str(unit);
            used += cols;
        }
        if !kept.is_empty() {
            spans.push(Span::styled(kept, style));
        }
        if cut {
            if width > 0 {
                spans.push(Span::styled("…", base));
                used += 1;
            }
            break;
        }
    }
    (spans, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn marks_are_bracketed_and_cut_to_fit() {
        let m = Marked {
            text: "Mohammed Khan".into(),
            marks: std::iter::once(9..13).collect(),
        };
        let (spans, used) = marked_spans(&m, 30, Style::new());
        assert_eq!(text(&spans), "Mohammed [Khan]");
        assert_eq!(used, 15);
        assert!(
            spans
                .iter()
                .any(|s| s.content == "Khan" && s.style.add_modifier.contains(Modifier::UNDERLINED))
        );
        let (spans, used) = marked_spans(&m, 12, Style::new());
        assert_eq!(text(&spans), "Mohammed [K…");
        assert_eq!(used, 12);
    }

    #[test]
    fn a_bengali_name_is_measured_and_cut_as_drawn() {
        let name = "শাহানা ইসলাম";
        let m = Marked {
            text: name.into(),
            marks: std::iter::once(0.."শাহানা".len()).collect(),
        };
        let (spans, used) = marked_spans(&m, 40, Style::new());
        assert_eq!(used, columns(&text(&spans)));
        assert_eq!(used, 2 + columns(name));
        let (spans, used) = marked_spans(&m, 6, Style::new());
        assert_eq!(used, columns(&text(&spans)));
        assert!(used <= 6, "{used}");
    }
}
