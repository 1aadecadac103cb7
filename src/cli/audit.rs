//! `caseline audit`: the audit log for administrators, as a list, its chain head
//! (`anchor`) to keep elsewhere, and a check against a kept anchor (`verify`).

use clap::{Args, Subcommand};

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Failure, Format};
use crate::domain::CaseRef;
use crate::domain::when::{Lean, parse_when};
use crate::service::views::ChainCheck;
use crate::service::{AuditQuery, AuditRow};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    action: Option<AuditCommand>,
    /// Only entries about this case (its reference, e.g. C-2026-0042).
    #[arg(long, value_name = "REF")]
    case: Option<String>,
    /// Only entries by this user (login). Not `--user`: that one says who signs in.
    #[arg(long, value_name = "LOGIN")]
    by: Option<String>,
    /// Only entries since then: 2026-11-12, "2026-11-12 14:30", yesterday, "3 days ago".
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Most entries to print, newest first.
    #[arg(long, default_value_t = 100, value_name = "N")]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Print the chain head as SEQ:HASH, to keep somewhere else (paper, another machine).
    Anchor,
    /// Check that the log up to a kept anchor is intact and was not rewritten since.
    Verify {
        /// An anchor printed by `caseline audit anchor` [default: verify the whole log].
        #[arg(long, value_name = "SEQ:HASH")]
        anchor: Option<String>,
    },
}

/// Runs `caseline audit`.
pub fn run(ctx: &Context, args: AuditArgs) -> CliResult {
    match args.action {
        Some(AuditCommand::Anchor) => anchor(ctx),
        Some(AuditCommand::Verify { anchor }) => verify(ctx, anchor.as_deref()),
        None => list(ctx, &args),
    }
}

/// A malformed value on the command line: a usage error (exit 2), as clap's own are.
fn bad(message: impl Into<String>) -> Failure {
    Failure::usage(message)
}

fn query(ctx: &Context, args: &AuditArgs) -> Result<AuditQuery, Failure> {
    let case = match &args.case {
        Some(text) => Some(
            text.trim()
                .to_uppercase()
                .parse::<CaseRef>()
                .map_err(|e| bad(format!("--case {text}: {e}")))?,
        ),
        None => None,
    };
    let since = match &args.since {
        Some(text) => {
            let when = parse_when(text, ctx.clock.local_now(), Lean::Past)
                .map_err(|e| bad(format!("--since: {e}")))?;
            Some(crate::domain::clock::from_local(when.to_naive()))
        }
        None => None,
    };
    Ok(AuditQuery {
        case,
        user: args.by.clone(),
        since,
        limit: args.limit,
        before: None,
    })
}

fn list(ctx: &Context, args: &AuditArgs) -> CliResult {
    let q = query(ctx, args)?;
    let svc = ctx.open()?;
    let rows = svc.audit_log(q)?;
    emit(args.format, &rows, |rows| print_rows(rows))?;
    svc.close()?;
    Ok(())
}

fn print_rows(rows: &[AuditRow]) {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let records = match r.records.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [first, rest @ ..] => format!("{first} +{}", rest.len()),
            };
            let user = match (&r.user, &r.login_tried) {
                (Some(u), _) => u.clone(),
                (None, Some(tried)) => format!("({tried})"),
                (None, None) => "-".into(),
            };
            vec![
                r.seq.to_string(),
                r.at.with_timezone(&crate::domain::clock::zone())
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                user,
                r.action.name().to_string(),
                r.case.clone().unwrap_or_default(),
                records,
                r.from_where(),
                r.detail.clone(),
            ]
        })
        .collect();
    table(
        &[
            "SEQ", "WHEN", "USER", "ACTION", "CASE", "RECORDS", "FROM", "DETAIL",
        ],
        &cells,
    );
}

fn anchor(ctx: &Context) -> CliResult {
    let svc = ctx.open()?;
    let head = svc.audit_anchor()?;
    say!("{head}");
    svc.close()?;
    Ok(())
}

fn verify(ctx: &Context, anchor: Option<&str>) -> CliResult {
    if let Some(text) = anchor {
        crate::service::check_anchor(text).map_err(|e| bad(format!("--anchor: {e}")))?;
    }
    let svc = ctx.open()?;
    let found = svc.verify_audit(anchor)?;
    svc.close()?;
    match (found, anchor) {
        (ChainCheck::Verified { head, .. }, Some(_)) => {
            say!("The audit log is intact up to entry {head} and matches the anchor.");
            Ok(())
        }
        (
            ChainCheck::Verified {
                entries, anchor, ..
            },
            None,
        ) => {
            say!("The audit log is intact: {entries} entries, head {anchor}.");
            Ok(())
        }
        (ChainCheck::Broken { seq, problem }, _) => Err(Failure::from_message(format!(
            "the audit log is broken: audit entry {seq}: {problem}"
        ))),
    }
}
