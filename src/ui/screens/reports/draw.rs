//! A report as lines of text for the screen: each table first (screen readers read
//! tables, not charts), then its chart, drawn in characters so it works without colour
//! in 80 columns: bars for categories, a sparkline for months. A hidden count (`<5`,
//! `*`) has no bar, only its words.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::report::{Shown, ShownTable};
use crate::service::reports::ReportView;
use crate::ui::text::columns;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::{fit, pad, wrap};

/// Widest a row label is drawn; longer names end in `…`.
const LABEL_MAX: usize = 30;
/// Fewest columns a figure takes, with the gap before it.
const FIGURE: usize = 7;
/// Widest a column heading is drawn.
const HEADING_MAX: usize = 16;
/// Widest a bar is drawn.
const BAR_MAX: usize = 36;
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Every line of the report at `width` columns; `skip` figure columns of wide tables
/// are scrolled off to the left.
pub fn report_lines(view: &ReportView, width: usize, skip: usize, t: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for table in &view.tables {
        lines.extend(table_lines(table, view.threshold(), width, skip, t));
        lines.extend(chart_lines(table, view.threshold(), width, t));
        lines.push(Line::default());
    }
    for f in &view.facts {
        lines.extend(words(
            &format!("{}: {}", f.label, f.value),
            width,
            t.normal(),
        ));
    }
    if !view.facts.is_empty() {
        lines.push(Line::default());
    }
    for n in &view.notes {
        lines.extend(words(n, width, t.dim()));
    }
    lines.extend(words(&view.rule_text, width, t.heading()));
    lines
}

/// Each figure column's width, with the gap before it: room for its heading (up to
/// [`HEADING_MAX`]) and its widest figure.
fn figure_widths(table: &ShownTable, threshold: u64) -> Vec<usize> {
    let header = table.header();
    let rows = table.text_rows(threshold);
    (1..header.len())
        .map(|j| {
            let widest = rows.iter().map(|r| columns(&r[j])).max().unwrap_or(1);
            columns(&header[j])
                .min(HEADING_MAX)
                .max(widest)
                .max(FIGURE - 2)
                + 2
        })
        .collect()
}

/// The figure columns shown from `skip` on: as many as fit beside the labels.
fn columns_shown(
    widths: &[usize],
    label: usize,
    width: usize,
    skip: usize,
) -> std::ops::Range<usize> {
    let fits_from = |first: usize| {
        let mut used = label;
        let mut end = first;
        while end < widths.len() && used + widths[end] <= width {
            used += widths[end];
            end += 1;
        }
        end.max(first + 1).min(widths.len())
    };
    // Never scrolled further than shows the last column.
    let mut first = skip.min(widths.len().saturating_sub(1));
    while first > 0 && fits_from(first - 1) == widths.len() {
        first -= 1;
    }
    first..fits_from(first)
}

fn label_width(table: &ShownTable) -> usize {
    let widest = table
        .rows
        .iter()
        .map(|r| columns(r))
        .chain([columns(&table.row_heading), 5])
        .max()
        .unwrap_or(5);
    widest.min(LABEL_MAX) + 1
}

fn words(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// The table: its title, a header, each row, the total row; figures right-aligned.
fn table_lines(
    table: &ShownTable,
    threshold: u64,
    width: usize,
    skip: usize,
    t: Theme,
) -> Vec<Line<'static>> {
    let label = label_width(table);
    let header = table.header();
    let all = header.len() - 1;
    let widths = figure_widths(table, threshold);
    let shown_cols = columns_shown(&widths, label, width, skip);
    let mut title = table.title.clone();
    if shown_cols.len() < all {
        title.push_str(&format!(
            " (columns {} to {} of {}: ← → for more)",
            shown_cols.start + 1,
            shown_cols.end,
            all
        ));
    }
    let row = |cells: &[String]| {
        let mut s = pad(&cells[0], label);
        for j in shown_cols.clone() {
            let cell = fit(&cells[j + 1], widths[j] - 1);
            s.push_str(&" ".repeat(widths[j] - columns(&cell)));
            s.push_str(&cell);
        }
        s
    };
    let mut lines = vec![Line::from(Span::styled(fit(&title, width), t.heading()))];
    lines.push(Line::from(Span::styled(row(&header), t.dim())));
    let rows = table.text_rows(threshold);
    let body = table.rows.len();
    for (i, cells) in rows.iter().enumerate() {
        let style = if i >= body { t.heading() } else { t.normal() };
        lines.push(Line::from(Span::styled(row(cells), style)));
    }
    if let Some(note) = &table.note {
        lines.extend(words(note, width, t.dim()));
    }
    lines
}

/// The figures a chart draws: each row's total if the table has one, else its first
/// column.
fn chart_values(table: &ShownTable) -> Vec<Shown> {
    match &table.row_totals {
        Some(totals) => totals.clone(),
        None => table.cells.iter().map(|r| r[0]).collect(),
    }
}

fn chart_lines(table: &ShownTable, threshold: u64, width: usize, t: Theme) -> Vec<Line<'static>> {
    let values = chart_values(table);
    if values.is_empty() {
        return Vec::new();
    }
    if table.row_heading == "Month" {
        return sparkline(table, &values, threshold, t);
    }
    let label = label_width(table);
    let bar_room = width.saturating_sub(label + FIGURE).min(BAR_MAX);
    let top = values
        .iter()
        .filter_map(|v| v.value())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut lines = vec![Line::from(Span::styled("Chart", t.dim()))];
    for (name, v) in table.rows.iter().zip(&values) {
        let bar = match v.value() {
            Some(n) => "█".repeat(((n as usize * bar_room) as u64).div_ceil(top) as usize),
            None => String::new(),
        };
        lines.push(Line::from(vec![
            Span::raw(pad(name, label)),
            Span::styled(bar, t.normal()),
            Span::raw(format!(" {}", v.text(threshold))),
        ]));
    }
    lines
}

/// Months in a row of block characters, lowest to highest; a hidden month is `·`.
fn sparkline(table: &ShownTable, values: &[Shown], threshold: u64, t: Theme) -> Vec<Line<'static>> {
    let top = values
        .iter()
        .filter_map(|v| v.value())
        .max()
        .unwrap_or(0)
        .max(1);
    let marks: String = values
        .iter()
        .map(|v| match v.value() {
            Some(0) => ' ',
            Some(n) => SPARKS[((n * 7).div_ceil(top)) as usize],
            None => '·',
        })
        .collect();
    let (first, last) = (table.rows.first(), table.rows.last());
    let span = match (first, last) {
        (Some(a), Some(b)) => format!("  {a} to {b}; · is a hidden count (<{threshold} or *)"),
        _ => String::new(),
    };
    vec![
        Line::from(Span::styled("Chart by month", t.dim())),
        Line::from(vec![
            Span::styled(marks, t.normal()),
            Span::styled(span, t.dim()),
        ]),
    ]
}
