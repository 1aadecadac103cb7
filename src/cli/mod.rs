//! The command line: the administrator's way in over SSH, and what scripts and cron call.
//!
//! Exit codes: 0 success, 1 failure, 2 usage. Every command goes through the service
//! API; nothing here touches the store directly.

mod admin;
mod audit;
mod config;
mod context;
mod demo;
mod directory;
mod keymap;
mod letter;
mod output;
mod peer;
mod person;
mod queue;
mod reach;
mod reference;
mod referral;
mod report;
mod report_csv;
mod restore;
mod search;
mod secrets;
mod serve;
mod setup;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Intake and casework for race equality councils and advice charities.
#[derive(Debug, Parser)]
#[command(name = "caseline", version, about, long_about = None)]
pub struct Cli {
    /// Data directory [default: the platform data directory].
    #[arg(long, global = true, env = "CASELINE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Read the passphrase from this file (first line) instead of asking.
    /// `CASELINE_PASSPHRASE` in the environment also works.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Sign in as this user (only their passphrase is tried).
    #[arg(long, global = true, env = "CASELINE_USER", value_name = "LOGIN")]
    pub user: Option<String>,
    /// Keymap file merged over the default [default: keymap.toml in the config directory].
    #[arg(long, global = true, env = "CASELINE_KEYMAP", value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// Work through the server listening here (an office server's socket, such as
    /// /run/caseline/caseline.sock) instead of the data directory's own.
    #[arg(long, global = true, env = "CASELINE_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How to print results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store and its first administrator; prints the recovery key once.
    Init {
        /// The organisation's name.
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        /// Login of the first administrator.
        #[arg(long, default_value = "admin", value_name = "LOGIN")]
        admin: String,
        /// Display name of the first administrator.
        #[arg(long, default_value = "Administrator", value_name = "NAME")]
        admin_name: String,
    },
    /// Write everything as one JSON document (personal data in the clear!).
    Export {
        /// Write to this file (owner-readable only) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it is there already.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Add the records of an export document; all land or none do.
    Import {
        /// The JSON document, or `-` for standard input.
        file: PathBuf,
    },
    /// Verify that every record decrypts, decodes and refers to records that exist.
    Check {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write a consistent, encrypted copy of the store to a file.
    Backup {
        /// The backup file to create.
        dest: PathBuf,
    },
    /// Put a backup in place (checked before it goes live): into an empty directory,
    /// or over the store with --force, signed in as one of its administrators; the
    /// replaced store is kept until `caseline replaced remove`.
    Restore(restore::RestoreArgs),
    /// Replaced stores that restores kept: list them, or delete one.
    Replaced {
        #[command(subcommand)]
        action: restore::ReplacedAction,
    },
    /// Follow-ups due: overdue, today, this week, for everyone or one worker.
    Queue(queue::QueueArgs),
    /// The audit log (administrators): list entries, print or verify the chain head.
    Audit(audit::AuditArgs),
    /// Search people, cases and organisations as the search bar does (administrators).
    Search(search::SearchArgs),
    /// Rebuild the indexes from the records (when `check` says one is out of date),
    /// the search index included.
    Reindex,
    /// Counts per record kind and sizes on disk (no personal data).
    Stats {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Create a new store filled with realistic synthetic data.
    Demo {
        /// How many cases (at most 1,000,000).
        #[arg(long, value_name = "N")]
        cases: usize,
        /// Seed for the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Monitoring reports with small numbers suppressed: `caseline report list` names
    /// them; `caseline report NAME --period 2026-27 --format csv --out FILE` writes one.
    Report(report::ReportArgs),
    /// The directory of organisations: list and filter it, or load a spreadsheet.
    Directory {
        #[command(subcommand)]
        action: directory::DirectoryAction,
    },
    /// Write a letter from a case and its chronology as DOCX (and plain text), and
    /// keep it with the case as drafted.
    Letter(letter::LetterArgs),
    /// The letters kept with a case, or one marked sent (--sent LETTER).
    Letters(letter::LettersArgs),
    /// Letter templates: list, show, add or edit (administrators add and edit).
    Template {
        #[command(subcommand)]
        action: letter::TemplateAction,
    },
    /// A referral's summary, written as plain text to print or attach.
    Referral {
        #[command(subcommand)]
        action: referral::ReferralAction,
    },
    /// Show or extend the reference lists (strands, case kinds, languages ...).
    Reference {
        #[command(subcommand)]
        action: reference::ReferenceAction,
    },
    /// Show or change the store-wide settings, such as the idle lock time.
    Config {
        #[command(subcommand)]
        action: config::ConfigAction,
    },
    /// Users: add, list, change a role, disable, enable, set a passphrase.
    User {
        #[command(subcommand)]
        action: user::UserAction,
    },
    /// Two records of one person: list the possible duplicates, or merge two.
    Person {
        #[command(subcommand)]
        action: person::PersonAction,
    },
    /// OS accounts that sign in without a passphrase through the server (cron, scripts).
    Peer {
        #[command(subcommand)]
        action: peer::PeerAction,
    },
    /// Serve the store to everyone working on it, over a Unix socket (the first
    /// terminal or command starts one on its own; an office runs it as a system
    /// service).
    Serve(serve::ServeArgs),
    /// Print the shell completion script for SHELL (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (caseline.1 and one per command) into DIR.
    Manpages { dir: PathBuf },
    /// Check a keymap file, or show the keys in force.
    Keymap {
        #[command(subcommand)]
        action: keymap::KeymapAction,
    },
}

pub use crate::failure::Failure;

/// Result of a command.
pub type CliResult = Result<(), Failure>;

/// The terminal interface, as the program hands it in: the command line does not
/// depend on it, only starts it when no command is given.
pub type Interface =
    fn(data_dir: PathBuf, keymap: Option<PathBuf>, socket: Option<PathBuf>) -> CliResult;

/// Runs the program: parses arguments, runs the command (or `interface` when none is
/// given), reports errors.
pub fn main(interface: Interface) -> ExitCode {
    install_reports();
    crate::quiet_panics::install();
    private_files();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match output::finish(run(cli, interface)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            output::tell!("caseline: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Help and version go out as clap writes them; a usage error, which quotes what was
/// typed, is written inert (clap's own message with any escape sequence made visible).
fn usage_error(e: &clap::Error) -> ExitCode {
    if e.use_stderr() {
        output::note(e.render().to_string().trim_end());
    } else {
        // A reader that leaves early is no failure here either.
        let _ = e.print();
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// Error reports (color-eyre) and a panic report that says where, never what: a panic
/// message can quote the text being handled, which may be personal data. Installed
/// before the terminal interface wraps the panic hook to restore the screen first.
fn install_reports() {
    let (_, eyre_hook) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .into_hooks();
    let _ = eyre_hook.install();
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // Not eprintln!, which panics (inside this hook: an abort) when standard
        // error is a closed pipe.
        output::note_raw(&format!(
            "caseline: internal error{at}. Its details are withheld because they may contain \
             personal data; please report where it happened. Saved work is on disk, and an \
             intake being typed is kept as a draft.\n"
        ));
    }));
}

/// Everything this process creates (the database's own files included) is readable by
/// its owner only.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only changes this process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli, interface: Interface) -> CliResult {
    let ctx = admin::Context::new(&cli)?;
    match cli.command {
        None => interface(ctx.data_dir.clone(), cli.keymap.clone(), cli.socket.clone()),
        Some(Command::Init {
            org,
            admin,
            admin_name,
        }) => admin::init(&ctx, org, &admin, &admin_name),
        Some(Command::Export { out, force }) => admin::export(&ctx, out, force),
        Some(Command::Import { file }) => admin::import(&ctx, &file),
        Some(Command::Check { format }) => admin::check(&ctx, format),
        Some(Command::Backup { dest }) => admin::backup(&ctx, &dest),
        Some(Command::Restore(args)) => restore::restore(&ctx, &args),
        Some(Command::Replaced { action }) => restore::replaced(&ctx, action),
        Some(Command::Stats { format }) => admin::stats(&ctx, format),
        Some(Command::Reindex) => admin::reindex(&ctx),
        Some(Command::Search(args)) => search::run(&ctx, args),
        Some(Command::Queue(args)) => queue::run(&ctx, args),
        Some(Command::Audit(args)) => audit::run(&ctx, args),
        Some(Command::Demo { cases, seed }) => demo::demo(&ctx, cases, seed),
        Some(Command::Report(args)) => report::run(&ctx, args),
        Some(Command::Directory { action }) => directory::run(&ctx, action),
        Some(Command::Letter(args)) => letter::letter(&ctx, args),
        Some(Command::Letters(args)) => letter::letters(&ctx, args),
        Some(Command::Template { action }) => letter::template(&ctx, action),
        Some(Command::Reference { action }) => reference::run(&ctx, action),
        Some(Command::Referral { action }) => referral::run(&ctx, action),
        Some(Command::Config { action }) => config::run(&ctx, action),
        Some(Command::User { action }) => user::run(&ctx, action),
        Some(Command::Person { action }) => person::run(&ctx, action),
        Some(Command::Peer { action }) => peer::run(&ctx, action),
        Some(Command::Serve(args)) => serve::serve(&ctx, args),
        Some(Command::Completions { shell }) => setup::completions(shell),
        Some(Command::Manpages { dir }) => setup::manpages(&dir),
        Some(Command::Keymap { action }) => keymap::run(action, cli.keymap.as_deref()),
    }
}
