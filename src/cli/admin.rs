//! The administrator's commands: init, export, import, check, backup, stats (restore is
//! in `restore.rs`).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use super::output::{self, bytes, emit, say, table, tell};
use super::{Cli, CliResult, Failure, Format, secrets};
use crate::domain::Clock;
use crate::service::{Caseline, ImportSummary, InitRequest, parse_document};
use crate::store::KdfParams;

/// What every command needs: where the data is and how to unlock it.
pub struct Context {
    pub data_dir: PathBuf,
    pub passphrase_file: Option<PathBuf>,
    pub user: Option<String>,
    /// Every time a command records or compares comes from here.
    pub clock: Clock,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Context, Failure> {
        let data_dir = match &cli.data_dir {
            Some(d) => d.clone(),
            None => default_data_dir()?,
        };
        Ok(Context {
            data_dir,
            passphrase_file: cli.passphrase_file.clone(),
            user: cli.user.clone(),
            clock: Clock::from_env(),
        })
    }

    /// Opens and unlocks the store, saying on standard error what opening found around
    /// it and did (an interrupted restore finished or undone, damage).
    pub fn open(&self) -> Result<Caseline, Failure> {
        let svc = self.open_quietly()?;
        for n in svc.notices() {
            eprintln!("caseline: note: {n}");
        }
        Ok(svc)
    }

    /// Opens and unlocks the store, leaving what opening found to the command (`check`
    /// lists it in its report).
    pub fn open_quietly(&self) -> Result<Caseline, Failure> {
        let secret = secrets::unlock(self.passphrase_file.as_deref())?;
        Ok(Caseline::open_with_clock(
            &self.data_dir,
            self.user.as_deref(),
            &secret,
            self.clock.clone(),
        )?)
    }
}

/// The platform's data directory for caseline.
pub fn default_data_dir() -> Result<PathBuf, Failure> {
    directories::ProjectDirs::from("org", "caseline", "caseline")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            Failure::usage("no home directory found: give --data-dir DIR or set CASELINE_DATA_DIR")
        })
}

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
    if crate::store::Store::exists(&ctx.data_dir) {
        // What stands where the database goes but is not one is named, not taken for
        // a store.
        crate::store::Store::check_place(&ctx.data_dir)?;
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
        kdf: KdfParams::for_new_slots(),
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
pub fn export(ctx: &Context, out: Option<PathBuf>) -> CliResult {
    let svc = ctx.open()?;
    let doc = svc.export()?;
    let text = serde_json::to_string_pretty(&doc).map_err(|e| Failure {
        message: format!("cannot write JSON: {e}"),
        code: 1,
    })?;
    match out {
        // A reader that leaves early ends the export quietly (exit 0); a failed write,
        // such as a full disk, fails it (see `output`).
        None => output::json_text(&text),
        Some(path) => {
            write_private(&path, text.as_bytes())?;
            tell!(
                "Exported {} people and {} cases to {}. It holds personal data in plain text: keep it safe, delete it when done.",
                doc.people.len(),
                doc.cases.len(),
                path.display()
            );
        }
    }
    svc.close()?;
    Ok(())
}

/// Writes `bytes` to `path`, owner-readable only, atomically.
fn write_private(path: &Path, bytes: &[u8]) -> CliResult {
    let fail = |e: std::io::Error| Failure {
        message: format!("cannot write {}: {e}", path.display()),
        code: 1,
    };
    // A new file with a random name, created exclusively and readable by its owner
    // only; removed if anything fails, renamed into place when whole.
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(fail)?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    std::fs::File::open(parent)
        .and_then(|d| d.sync_all())
        .map_err(fail)?;
    Ok(())
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
    let doc = parse_document(&bytes)?;
    drop(bytes);
    let svc = ctx.open()?;
    let summary = svc.import(doc)?;
    // Committed and flushed: nothing after this may make the import look failed.
    output::work_done();
    print_import(&summary);
    if let Err(e) = svc.close() {
        tell!("caseline: the import is done and kept; closing the store afterwards failed: {e}");
    }
    Ok(())
}

fn print_import(summary: &ImportSummary) {
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
            println!();
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
    if dest.exists() {
        return Err(Failure {
            message: format!("{} already exists; choose a new file name", dest.display()),
            code: 1,
        });
    }
    let svc = ctx.open()?;
    let s = svc.backup(dest)?;
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
            println!(
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
    svc.reindex()?;
    say!(
        "Indexes rebuilt in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    let started = std::time::Instant::now();
    svc.rebuild_search(&mut super::search::progress())?;
    say!(
        "Search index rebuilt in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    svc.close()?;
    Ok(())
}
