//! Printing results as aligned plain-text tables (80 columns, no colour) or JSON.

use serde::Serialize;

use super::{Failure, Format};

/// Prints rows under a header, columns padded to the widest cell.
///
/// Cells are made inert first: stored text (a list label an administrator typed, say)
/// must not be able to send escape sequences to the terminal over SSH.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| crate::ui::text::inert(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        println!("{}", s.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Prints a value as pretty JSON.
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        message: format!("cannot write JSON: {e}"),
        code: 1,
    })?;
    println!("{text}");
    Ok(())
}

/// Prints a value as a table (through `as_table`) or JSON.
pub fn emit<T: Serialize>(
    format: Format,
    value: &T,
    as_table: impl FnOnce(&T),
) -> Result<(), Failure> {
    match format {
        Format::Json => json(value),
        Format::Table => {
            as_table(value);
            Ok(())
        }
    }
}

/// Bytes in a unit people read.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
