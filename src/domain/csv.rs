//! CSV cells as caseline writes them for spreadsheets, and read back.
//!
//! Every CSV the program writes goes through [`cell`], so each is safe the same way:
//! control characters are made inert (line breaks kept, inside quotes), and a cell a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
//! return first) is written with a leading `'`, which spreadsheets show as text. Text
//! that came from outside (a volunteer's spreadsheet of groups) must not run as a
//! formula on the machine of whoever opens the export. [`unguard`] takes the `'` off
//! again on the way in, so a file written here loads back as the same text.

use super::text::inert_lines;

/// The UTF-8 byte-order mark, without which Excel reads names in other scripts wrongly.
pub const BOM: &str = "\u{feff}";

/// One CSV field: inert, guarded against formulas, quoted when it must be.
pub fn cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut s = inert_lines(&text).into_owned();
    if needs_guard(&s) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        s = format!("\"{}\"", s.replace('"', "\"\""));
    }
    s
}

/// A row of fields, ending in CRLF.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let fields: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
    fields.join(",") + "\r\n"
}

/// A cell's text as it was before [`cell`] guarded it: the leading `'` taken off when
/// what follows would have been guarded.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => text,
    }
}

/// Whether `text` is written with a `'` first: it would run as a formula, or it is
/// such a text already guarded by hand (so that [`unguard`] gives it back exactly).
fn needs_guard(text: &str) -> bool {
    formula_like(text.trim_start_matches('\''))
}

fn formula_like(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    let t = text.trim_start_matches(' ');
    t.starts_with(['=', '+', '-', '@']) && !is_number(t)
}

/// A plain number (`-3`, `+1.5`): a figure, not a formula.
fn is_number(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    !digits.is_empty()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_come_back() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("+44 20 7946 0000"), "'+44 20 7946 0000");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(" =1"), "' =1");
        assert_eq!(cell("-3"), "-3");
        assert_eq!(cell("12"), "12");
        assert_eq!(cell("O'Brien"), "O'Brien");
        assert_eq!(cell("two\r\nlines\x1b"), "\"two\nlines^[\"");
        assert_eq!(cell("কমিউনিটি"), "কমিউনিটি");
        for text in ["=1", "'=1", "''@x", "-x", "'-x", "'plain", "-3", "'-3", "a"] {
            assert_eq!(unguard(cell(text).trim_matches('"')), text, "{text}");
        }
        assert_eq!(row(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
