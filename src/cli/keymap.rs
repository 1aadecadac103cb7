//! `caseline keymap`: check a keymap file before anyone depends on it, or list the keys.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::output::{say, table};
use super::{CliResult, Failure};
use crate::keymap::{Context, Keymap, user_keymap_path};

#[derive(Debug, Subcommand)]
pub enum KeymapAction {
    /// Check a keymap file (default: the user keymap); exit 1 with each problem and its line.
    Check {
        /// The file to check.
        file: Option<PathBuf>,
    },
    /// Show every key in force, by section, and where the user keymap goes.
    Show,
}

/// Runs a `keymap` action.
pub fn run(action: KeymapAction, configured: Option<&Path>) -> CliResult {
    let user = configured.map(Path::to_path_buf).or_else(user_keymap_path);
    match action {
        KeymapAction::Check { file } => {
            let Some(path) = file.or(user) else {
                return Err(Failure::usage("give the keymap file to check"));
            };
            if !path.exists() {
                return Err(Failure {
                    message: format!("{} does not exist", path.display()),
                    code: 1,
                });
            }
            match Keymap::from_user_file(&path) {
                Ok(_) => {
                    say!("{}: OK", path.display());
                    Ok(())
                }
                Err(problems) => {
                    for p in &problems {
                        say!("{p}");
                    }
                    Err(Failure {
                        message: format!("{} problem(s) in {}", problems.len(), path.display()),
                        code: 1,
                    })
                }
            }
        }
        KeymapAction::Show => {
            let (keymap, problems) = Keymap::load(user.as_deref());
            match &user {
                Some(p) if p.exists() && problems.is_empty() => {
                    say!("Keymap: the default, with {} over it.", p.display())
                }
                Some(p) if p.exists() => say!(
                    "Keymap: the default ({} has problems: run `caseline keymap check`).",
                    p.display()
                ),
                Some(p) => say!("Keymap: the default. Put your changes in {}.", p.display()),
                None => say!("Keymap: the default."),
            }
            for ctx in Context::ALL {
                say!();
                say!("[{}]", ctx.name());
                let rows: Vec<Vec<String>> = keymap
                    .section(ctx)
                    .into_iter()
                    .map(|(k, a)| {
                        vec![format!("  {k}"), a.name().to_string(), a.help().to_string()]
                    })
                    .collect();
                table(&["  KEY", "ACTION", "WHAT IT DOES"], &rows);
            }
            Ok(())
        }
    }
}
