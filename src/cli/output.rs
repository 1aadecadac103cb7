//! Everything the command line writes goes through here: results to standard output
//! as aligned plain-text tables (80 columns, no colour) or JSON, and messages to
//! standard error.
//!
//! - Text is made inert on the way out: an argument echoed in a message, or stored
//!   text in a table, must not be able to send escape sequences to the terminal.
//! - A reader that leaves early (`caseline queue | head -c 10`) is not a failure: Rust
//!   ignores SIGPIPE, so the write fails with EPIPE, and `println!` would panic (exit
//!   101) even after the command's work was done. Here the first EPIPE stops all
//!   further output and the command keeps its own result.
//! - Any other write failure (a full disk under `> file`) fails the command, unless its
//!   work was already done and is durable ([`work_done`]): a committed import must
//!   never look as if it failed.

use std::io::{self, Write};
use std::sync::Mutex;

use serde::Serialize;

use super::{CliResult, Failure, Format};
use crate::domain::text::{inert, inert_json, inert_lines};

/// What became of standard output.
#[derive(Debug, Default)]
struct Stdout {
    /// The reader closed its end: nothing more is written.
    reader_left: bool,
    /// The first other write failure, in words; nothing more is written.
    failed: Option<String>,
    /// The command's work is done and kept: a write failure no longer changes its result.
    work_done: bool,
}

static STDOUT: Mutex<Stdout> = Mutex::new(Stdout {
    reader_left: false,
    failed: None,
    work_done: false,
});

fn state() -> std::sync::MutexGuard<'static, Stdout> {
    STDOUT.lock().unwrap_or_else(|p| p.into_inner())
}

/// Writes bytes to standard output as they are, unless output has already stopped.
pub fn raw(bytes: &[u8]) {
    let mut s = state();
    if s.reader_left || s.failed.is_some() {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            s.reader_left = true;
        } else {
            s.failed = Some(e.to_string());
        }
    }
}

/// Writes one line of text to standard output, made inert (line breaks kept).
pub fn line(text: &str) {
    let mut shown = inert_lines(text).into_owned();
    shown.push('\n');
    raw(shown.as_bytes());
}

/// Writes one line to standard error, made inert (line breaks kept). A standard error
/// that cannot be written to is ignored: there is nowhere left to say so.
pub fn note(text: &str) {
    let mut shown = inert_lines(text).into_owned();
    shown.push('\n');
    note_raw(&shown);
}

/// Writes our own text (a prompt, a progress line with `\r`) to standard error as it
/// is; never text from arguments or records.
pub fn note_raw(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Says that the command's work is done and kept: from now on, output that cannot be
/// written is said on standard error but does not fail the command.
pub fn work_done() {
    state().work_done = true;
}

/// The command's result, after what became of its output: a failed write fails a
/// command whose work was not done; a reader that left changes nothing.
pub fn finish(result: CliResult) -> CliResult {
    let failed = state().failed.clone();
    let Some(e) = failed else {
        return result;
    };
    if state().work_done {
        note(&format!(
            "caseline: the work is done, but its report could not be written to standard \
             output: {e}"
        ));
        return result;
    }
    result.and(Err(Failure {
        message: format!("cannot write to standard output: {e}"),
        code: 1,
    }))
}

/// Prints a line to standard output, formatted as `println!` does, through [`line`].
macro_rules! say {
    () => {
        $crate::cli::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::cli::output::line(&format!($($arg)*))
    };
}

/// Prints a line to standard error, formatted as `eprintln!` does, through [`note`].
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::cli::output::note(&format!($($arg)*))
    };
}

pub(crate) use {say, tell};

/// Prints rows under a header, columns padded to the widest cell.
///
/// Cells are made inert first, so that widths are those of what is shown: stored text
/// (a list label an administrator typed, say) must not send escape sequences over SSH.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| inert(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let print = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        line(s.trim_end());
    };
    print(header.to_vec());
    for row in &rows {
        print(row.iter().map(String::as_str).collect());
    }
}

/// Prints a value as pretty JSON, with any control character left in a string escaped
/// (the same value, safe on a terminal).
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        message: format!("cannot write JSON: {e}"),
        code: 1,
    })?;
    json_text(&text);
    Ok(())
}

/// Prints JSON text and a line break, escaped as [`json`] does.
pub fn json_text(text: &str) {
    let mut shown = inert_json(text).into_owned();
    shown.push('\n');
    raw(shown.as_bytes());
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
