//! `caseline peer`: which OS accounts sign in without a passphrase (for cron and
//! scripts on an office server), as PostgreSQL's peer authentication does. It works
//! only through the store's server while someone is signed in; see `domain::peer`.

use clap::Subcommand;

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Format};
use crate::domain::text::inert;

#[derive(Debug, Subcommand)]
pub enum PeerAction {
    /// List the OS accounts that sign in without a passphrase, and as whom.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Let OS_ACCOUNT sign in as LOGIN, with no passphrase, while the server is
    /// unlocked (for a cron job's account, not for people).
    Map { os_account: String, login: String },
    /// Stop OS_ACCOUNT signing in without a passphrase.
    Unmap { os_account: String },
}

pub fn run(ctx: &Context, action: PeerAction) -> CliResult {
    let svc = ctx.open()?;
    match action {
        PeerAction::List { format } => {
            let rows = svc.peer_logins()?;
            emit(format, &rows, |rows| {
                if rows.is_empty() {
                    say!("No OS account signs in without a passphrase.");
                    return;
                }
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.os_account.clone(),
                            r.login.clone(),
                            r.added_by.clone(),
                            r.added_at.format("%Y-%m-%d").to_string(),
                        ]
                    })
                    .collect();
                table(&["OS ACCOUNT", "SIGNS IN AS", "ADDED BY", "ADDED"], &rows);
            })?;
        }
        PeerAction::Map { os_account, login } => {
            svc.map_peer(&os_account, &login)?;
            say!(
                "OS account {} now signs in as {} while the server is unlocked.",
                inert(&os_account),
                inert(&login)
            );
        }
        PeerAction::Unmap { os_account } => {
            if svc.unmap_peer(&os_account)? {
                say!(
                    "OS account {} no longer signs in by itself.",
                    inert(&os_account)
                );
            } else {
                say!(
                    "OS account {} was not mapped; nothing changed.",
                    inert(&os_account)
                );
            }
        }
    }
    Ok(svc.close()?)
}
