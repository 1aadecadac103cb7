//! `caseline restore` and `caseline replaced`: putting a backup in place, and the
//! replaced stores a restore keeps until an administrator removes them.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use zeroize::Zeroizing;

use super::admin::Context;
use super::output::{self, bytes, emit, say, table, tell};
use super::{CliResult, Failure, Format, secrets};
use crate::service::{RestoreRequest, SignIn};

/// `caseline restore`'s arguments.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file.
    src: PathBuf,
    /// Replace the store in the data directory. Only one of its administrators may:
    /// `--user` and the passphrase sign in to it. The replaced store is kept, as it
    /// was, in DIR/replaced-TIME until removed with `caseline replaced remove`.
    #[arg(long)]
    force: bool,
    /// The administrator who opens the backup, when it is another store's
    /// [default: the login of --user].
    #[arg(long, value_name = "LOGIN")]
    backup_user: Option<String>,
    /// Read the backup's passphrase from this file (first line), when it differs;
    /// `CASELINE_BACKUP_PASSPHRASE` also works [default: the same passphrase].
    #[arg(long, value_name = "FILE")]
    backup_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ReplacedAction {
    /// List the replaced stores kept in the data directory.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Delete a kept replaced store for good (administrators; recorded in the audit log).
    Remove {
        /// Its name as `list` shows it (`replaced-…`), or its path.
        name: String,
    },
}

/// The variable that may hold the backup's passphrase.
const BACKUP_ENV: &str = "CASELINE_BACKUP_PASSPHRASE";

/// `caseline restore SRC`.
pub fn restore(ctx: &Context, args: &RestoreArgs) -> CliResult {
    let replacing = crate::service::store_exists(&ctx.data_dir);
    if replacing && !args.force {
        return Err(Failure {
            message: format!(
                "caseline data already exists at {}; restoring would replace it (add --force \
                 to do that, signed in as one of its administrators)",
                ctx.data_dir.display()
            ),
            code: 1,
        });
    }
    if replacing {
        refuse_while_served(ctx)?;
    }
    let secret = secrets::unlock(ctx.passphrase_file.as_deref())?;
    let backup_secret = if replacing {
        backup_passphrase(args.backup_passphrase_file.as_deref())?
    } else {
        None
    };
    let live = SignIn {
        login: ctx.user.as_deref(),
        secret: &secret,
    };
    let backup = SignIn {
        login: args.backup_user.as_deref().or(ctx.user.as_deref()),
        secret: backup_secret.as_deref().map_or(&*secret, |s| s.as_str()),
    };
    let s = crate::service::restore_with(
        &ctx.data_dir,
        RestoreRequest {
            src: &args.src,
            clock: &ctx.clock,
            force: args.force,
            live: Some(live),
            backup,
        },
    )?;
    // The backup is in place: a reader that cannot be told so changes nothing.
    output::work_done();
    for n in &s.notices {
        tell!("caseline: note: {n}");
    }
    say!(
        "Restored {} entries to {}; {} records checked.",
        s.entries,
        ctx.data_dir.display(),
        s.records_checked
    );
    if let Some(kept) = &s.kept {
        let name = kept.file_name().unwrap_or_default().to_string_lossy();
        say!(
            "The store it replaced is kept, as it was (encrypted), in {}; \
             `caseline replaced remove {name}` deletes it once it is no longer needed.",
            kept.display()
        );
    }
    Ok(())
}

/// A restore replaces the store's files, which a server holds open: while the store's
/// own server runs (a terminal's or one a command started) it is refused, saying how
/// that server ends, before any passphrase is asked. Any other holder (a system
/// service on its own socket) is refused by the store's lock, naming its process.
fn refuse_while_served(ctx: &Context) -> CliResult {
    if super::reach::server_running(&ctx.data_dir) {
        return Err(Failure::from_message(format!(
            "a caseline server is running for {}, and restoring replaces the files it \
             holds open: restore once it has stopped (it stops by itself a minute after \
             its last terminal or command has gone)",
            ctx.data_dir.display()
        )));
    }
    Ok(())
}

/// The backup's passphrase when it is not the live store's: from a file, the
/// environment, or asked for on a terminal (Enter for the same one).
fn backup_passphrase(file: Option<&Path>) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(file) = file {
        return secrets::given(Some(file));
    }
    if let Ok(p) = std::env::var(BACKUP_ENV) {
        return Ok(Some(Zeroizing::new(p)));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = secrets::prompt("The backup's passphrase (Enter if it is the same): ")?;
    Ok((!typed.is_empty()).then_some(typed))
}

/// `caseline replaced`.
pub fn replaced(ctx: &Context, action: ReplacedAction) -> CliResult {
    let svc = ctx.open()?;
    match action {
        ReplacedAction::List { format } => {
            let kept = svc.replaced_stores()?;
            emit(format, &kept, |kept| {
                if kept.is_empty() {
                    say!("No replaced store is kept in {}.", ctx.data_dir.display());
                    return;
                }
                let rows: Vec<Vec<String>> = kept
                    .iter()
                    .map(|k| vec![k.name.clone(), bytes(k.bytes)])
                    .collect();
                table(&["NAME", "SIZE"], &rows);
            })?;
        }
        ReplacedAction::Remove { name } => {
            let path = svc.remove_replaced(&name)?;
            output::work_done();
            say!("Removed the replaced store {path}.");
        }
    }
    svc.close()?;
    Ok(())
}
