//! A report as CSV (for spreadsheets) and as plain text (for the terminal).
//!
//! The CSV is long: one header row (`Table,Row,Column,Figure`), one row per cell, then
//! the notes and, last, the publishing rule, each as a note row. Spreadsheets pivot it
//! back; scripts read it without knowing each table's shape. It starts with a UTF-8
//! byte-order mark, without which Excel reads names in other scripts wrongly. Cells
//! are written as all CSV here is ([`crate::domain::csv`]): a text cell that a
//! spreadsheet would take for a formula is prefixed with `'`.

use crate::domain::csv::{BOM, row as csv_row};
use crate::domain::report::ShownTable;
use crate::service::reports::ReportView;

/// The report as CSV text, with its byte-order mark and CRLF line ends.
pub fn to_csv(view: &ReportView) -> String {
    let mut out = String::from(BOM);
    let mut row = |cells: &[&str]| out.push_str(&csv_row(cells));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{CountTable, Period, ReportName, Rule, publish};

    fn view() -> ReportView {
        let mut t = CountTable::new(
            "By centre",
            "Centre",
            vec!["=HYPERLINK(\"x\")".into(), "Café, Tooting".into()],
            vec!["Reports".into()],
        );
        t.counts = vec![vec![3], vec![12]];
        let rule = Rule::default();
        ReportView {
            name: ReportName::ThirdParty,
            title: "Third-party reporting".into(),
            organisation: "Kingston REC".into(),
            period: "2026-27".parse::<Period>().unwrap(),
            tables: vec![publish(&t, &rule)],
            facts: vec![],
            notes: vec!["A note\u{1b}[31m".into()],
            rule: Some(rule),
            rule_text: rule.describe(),
            records_read: 2,
        }
    }

    #[test]
    fn csv_is_one_header_then_cells_then_notes_with_the_rule_last() {
        let csv = to_csv(&view());
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "Table,Row,Column,Figure");
        // A label a spreadsheet would run as a formula is made text; commas are quoted.
        assert_eq!(lines[1], "By centre,\"'=HYPERLINK(\"\"x\"\")\",Reports,<5");
        assert_eq!(lines[2], "By centre,\"Café, Tooting\",Reports,*");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("By centre,Total,Reports,15"))
        );
        assert!(!csv.contains('\u{1b}'), "control characters are made inert");
        let last = lines.iter().rev().find(|l| !l.is_empty()).unwrap();
        assert!(last.starts_with("Note,,,") && last.contains("<5"), "{last}");
    }

    #[test]
    fn text_keeps_the_table_then_the_rule() {
        let text = to_text(&view());
        assert!(text.starts_with("Third-party reporting: Kingston REC, 2026-27"));
        assert!(text.contains("Total"));
        assert!(
            text.trim_end()
                .ends_with("totals are worked out from the exact figures.")
        );
    }
}
