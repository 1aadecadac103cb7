//! A report as CSV (for spreadsheets) and as plain text (for the terminal).
//!
//! The CSV is long: one header row (`Table,Row,Column,Figure`), one row per cell, then
//! the notes and, last, the publishing rule, each as a note row. Spreadsheets pivot it
//! back; scripts read it without knowing each table's shape. It starts with a UTF-8
//! byte-order mark, without which Excel reads names in other scripts wrongly. A text
//! cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) is prefixed
//! with `'`.

use crate::domain::report::ShownTable;
use crate::domain::text::inert;
use crate::service::reports::ReportView;

const BOM: &str = "\u{feff}";

/// The report as CSV text, with its byte-order mark and CRLF line ends.
pub fn to_csv(view: &ReportView) -> String {
    let mut out = String::from(BOM);
    let mut row = |cells: &[&str]| {
        let fields: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    row(&["Table", "Row", "Column", "Figure"]);
    let t = view.threshold();
    for table in &view.tables {
        let header = table.header();
        for cells in table.text_rows(t) {
            for (column, value) in header.iter().zip(&cells).skip(1) {
                row(&[&table.title, &cells[0], column, value]);
            }
        }
    }
    for f in &view.facts {
        row(&[&f.label, "", "", &f.value]);
    }
    let heading = format!(
        "{}, {}, {} ({} to {})",
        view.title, view.organisation, view.period, view.period.from, view.period.to
    );
    row(&["Note", "", "", &heading]);
    for table in &view.tables {
        if let Some(note) = &table.note {
            row(&["Note", "", "", &format!("{}: {note}", table.title)]);
        }
    }
    for note in &view.notes {
        row(&["Note", "", "", note]);
    }
    row(&["Note", "", "", &view.rule_text]);
    out
}

/// One CSV field: inert, guarded against formulas, quoted when it must be.
fn field(text: &str) -> String {
    let mut s = inert(text).into_owned();
    let number = s.parse::<f64>().is_ok();
    if !number && s.starts_with(['=', '+', '-', '@']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        s = format!("\"{}\"", s.replace('"', "\"\""));
    }
    s
}

/// The report as aligned plain text: heading, each table with its note, figures,
/// notes, and the rule last.
pub fn to_text(view: &ReportView) -> String {
    let mut out = format!(
        "{}: {}, {} ({} to {})\n",
        view.title, view.organisation, view.period, view.period.from, view.period.to
    );
    for table in &view.tables {
        out.push('\n');
        out.push_str(&text_table(table, view.threshold()));
    }
    if !view.facts.is_empty() {
        out.push('\n');
    }
    for f in &view.facts {
        out.push_str(&format!("{}: {}\n", f.label, f.value));
    }
    out.push('\n');
    for n in &view.notes {
        out.push_str(&format!("{n}\n"));
    }
    out.push_str(&format!("{}\n", view.rule_text));
    inert_lines_owned(out)
}

fn inert_lines_owned(s: String) -> String {
    crate::domain::text::inert_lines(&s).into_owned()
}

/// One table, columns padded to their widest cell (labels left, figures right).
fn text_table(table: &ShownTable, threshold: u64) -> String {
    let header = table.header();
    let rows = table.text_rows(threshold);
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(c));
            if i == 0 {
                s.push_str(&format!("{c}{pad}"));
            } else {
                s.push_str(&format!("  {pad}{c}"));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = format!("{}\n", table.title);
    out.push_str(&line(&header));
    for r in &rows {
        out.push_str(&line(r));
    }
    if let Some(note) = &table.note {
        out.push_str(&format!("{note}\n"));
    }
    out
}
