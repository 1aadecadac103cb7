//! The administrator's commands: init, export, import, check, backup, stats (restore is
//! in `restore.rs`).

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use super::output::{self, bytes, emit, say, table, tell};
use super::{CliResult, Failure, Format, secrets};
use crate::service::{Caseline, ImportSummary, InitRequest, parse_document};

pub use super::context::Context;

/// `caseline init`.
pub fn init(ctx: &Context, org: Option<String>, admin: &str, admin_name: &str) -> CliResult {
    let organisation = match org {
        Some(o) => o,
        None if std::io::stdin().is_terminal() => prompt_line("Organisation name: ")?,
        None => {
            return Err(Failure::usage(
                "give the organisation's name with --org NAME",
            ));
        }
    };
    if crate::service::store_exists(&ctx.data_dir) {
        // What stands where the database goes but is not one is named, not taken for
        // a store.
        crate::service::check_place(&ctx.data_dir)?;
        return Err(Failure {
            message: format!("caseline data already exists at {}", ctx.data_dir.display()),
            code: 1,
        });
    }
    let passphrase = secrets::new_required(ctx.passphrase_file.as_deref())?;
    let req = InitRequest {
        organisation,
        admin_login: admin.to_string(),
        admin_name: admin_name.to_string(),
        passphrase,
        key_cost: crate::service::KeyCost::Standard,
    };
    let (svc, recovery) = Caseline::init_with_clock(&ctx.data_dir, req, ctx.clock.clone())?;
    say!(
        "Created caseline data for {} at {}.",
        svc.settings().organisation,
        ctx.data_dir.display()
    );
    say!("Administrator login: {}", svc.actor().login);
    print_recovery_key(&recovery);
    svc.close()?;
    Ok(())
}

/// Shows the recovery key, once, with what it is for.
pub fn print_recovery_key(key: &str) {
    say!();
    say!("RECOVERY KEY (shown once, never stored: write it down now and keep it locked away)");
    say!();
    say!("    {key}");
    say!();
    say!("It opens this store if every passphrase is lost. Anyone holding it can read everything.");
}

fn prompt_line(prompt: &str) -> Result<String, Failure> {
    output::note_raw(prompt);
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| Failure {
        message: format!("cannot read input: {e}"),
        code: 1,
    })?;
    Ok(line.trim().to_string())
}

/// `caseline export`.
pub fn export(ctx: &Context, out: Option<PathBuf>, force: bool) -> CliResult {
    refuse_existing(out.as_deref(), force)?;
    let svc = ctx.open()?;
    let mut text = Vec::new();
    let (people, cases) = svc.export_to(&mut text)?;
    match out {
        // A reader that leaves early ends the export quietly (exit 0); a failed write,
        // such as a full disk, fails it (see `output`).
        None => output::json_text(&String::from_utf8_lossy(&text)),
        Some(path) => {
            write_private(&path, &text, force)?;
            tell!(
                "Exported {people} people and {cases} cases to {}. It holds personal data in plain text: keep it safe, delete it when done.",
                path.display()
            );
        }
    }
    svc.close()?;
    Ok(())
}

/// Writes `bytes` to `path`, owner-readable only, whole or not at all; a file already
/// there is kept (and the command fails, nothing written) unless `force` is given:
/// `export --out ~/thesis.docx` must not silently replace someone's work.
pub(super) fn write_private(path: &Path, bytes: &[u8], force: bool) -> CliResult {
    crate::files::write_private(path, bytes, force).map_err(|e| write_failure(path, e))
}

/// A file not written, in words: the refusal of one already there names `--force`.
pub(super) fn write_failure(path: &Path, e: crate::files::WriteError) -> Failure {
    let shown = crate::domain::text::inert(&path.display().to_string()).into_owned();
    Failure::from_message(match e {
        crate::files::WriteError::Exists => {
            format!("{shown} is there already: nothing was written (--force replaces it)")
        }
        crate::files::WriteError::Io(e) => format!("cannot write {shown}: {e}"),
    })
}

/// Fails early, before the store is opened, when `out` is there already and `force`
/// was not given (writing refuses it again, should one appear meanwhile).
pub(super) fn refuse_existing(out: Option<&Path>, force: bool) -> CliResult {
    match out {
        Some(path) if !force && std::fs::symlink_metadata(path).is_ok() => {
            Err(write_failure(path, crate::files::WriteError::Exists))
        }
        _ => Ok(()),
    }
}

/// `caseline import FILE`.
pub fn import(ctx: &Context, file: &Path) -> CliResult {
    let mut bytes = Vec::new();
    let read = if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure {
        message: format!("cannot read {}: {e}", file.display()),
        code: 1,
    })?;
    // Bytes, not text: the parser names the offset of anything that is not UTF-8.
    // Checked here first, so a bad file is refused before anyone signs in.
    parse_document(&bytes)?;
    let svc = ctx.open()?;
    let summary = svc.import_from(&mut &bytes[..])?;
    // Committed and flushed: nothing after this may make the import look failed.
    output::work_done();
    print_import(&summary);
    if let Err(e) = svc.close() {
        tell!("caseline: the import is done and kept; closing the store afterwards failed: {e}");
    }
    Ok(())
}

fn print_import(summary: &ImportSummary) {
    for n in &summary.notices {
        tell!("caseline: note: {n}");
    }
    let added: Vec<String> = summary
        .added
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    say!(
        "Imported {}.",
        if added.is_empty() {
            "nothing".to_string()
        } else {
            added.join(", ")
        }
    );
    if !summary.users_matched.is_empty() {
        say!(
            "Users already here, kept as they are: {}.",
            summary.users_matched.join(", ")
        );
    }
    if summary.settings_taken {
        say!("Settings and reference lists were taken from the file (the store was new).");
    }
}

/// `caseline check`.
pub fn check(ctx: &Context, format: Format) -> CliResult {
    let svc = ctx.open_quietly()?;
    let report = svc.check()?;
    emit(format, &report, |r| {
        if r.faults.is_empty() {
            say!("OK: {} records checked, no faults.", r.records);
        } else {
            let rows: Vec<Vec<String>> = r
                .faults
                .iter()
                .map(|f| vec![f.place.clone(), f.problem.clone()])
                .collect();
            table(&["WHERE", "FAULT"], &rows);
            say!("{} fault(s) in {} records.", r.faults.len(), r.records);
        }
        if !r.notes.is_empty() {
            say!();
            let rows: Vec<Vec<String>> = r
                .notes
                .iter()
                .map(|f| vec![f.place.clone(), f.problem.clone()])
                .collect();
            table(&["WHERE", "NOTE"], &rows);
        }
    })?;
    svc.close()?;
    if report.is_clean() {
        Ok(())
    } else {
        Err(Failure {
            message: format!("{} fault(s) found", report.faults.len()),
            code: 1,
        })
    }
}

/// `caseline backup DEST`.
pub fn backup(ctx: &Context, dest: &Path) -> CliResult {
    // A dangling link counts as there: the backup never replaces anything.
    if std::fs::symlink_metadata(dest).is_ok() {
        return Err(Failure {
            message: format!("{} already exists; choose a new file name", dest.display()),
            code: 1,
        });
    }
    let svc = ctx.open()?;
    let s = svc.backup_to_file(dest)?;
    say!(
        "Backed up {} entries ({}) to {}.",
        s.entries,
        bytes(s.bytes),
        dest.display()
    );
    svc.close()?;
    Ok(())
}

/// `caseline stats`.
pub fn stats(ctx: &Context, format: Format) -> CliResult {
    let svc = ctx.open()?;
    let stats = svc.stats()?;
    emit(format, &stats, |s| {
        let rows: Vec<Vec<String>> = s
            .trees
            .iter()
            .map(|t| vec![t.tree.clone(), t.records.to_string(), bytes(t.bytes)])
            .collect();
        table(&["TREE", "RECORDS", "SIZE"], &rows);
        say!();
        say!(
            "Database on disk: {}; data directory: {}.",
            bytes(s.database_bytes),
            bytes(s.directory_bytes)
        );
        if !s.replaced.is_empty() {
            let kept: Vec<String> = s
                .replaced
                .iter()
                .map(|k| format!("{} ({})", k.name, bytes(k.bytes)))
                .collect();
            say!(
                "Replaced stores kept in the data directory, until `caseline replaced remove NAME`: {}.",
                kept.join(", ")
            );
        }
    })?;
    svc.close()?;
    Ok(())
}

/// `caseline reindex`.
pub fn reindex(ctx: &Context) -> CliResult {
    let svc = ctx.open()?;
    let started = std::time::Instant::now();
    svc.reindex(&mut super::search::progress())?;
    say!(
        "Indexes rebuilt, the search index with them, in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    svc.close()?;
    Ok(())
}
