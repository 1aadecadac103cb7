//! `caseline queue`: follow-ups due, for administrators and cron.

use clap::Args;

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Failure, Format};
use crate::service::{Bucket, QueueRequest, Scope};

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Only follow-ups past their due date.
    #[arg(long, group = "when")]
    overdue: bool,
    /// Only follow-ups due today.
    #[arg(long, group = "when")]
    today: bool,
    /// Only follow-ups due in the next seven days.
    #[arg(long, group = "when")]
    week: bool,
    /// Only USER's follow-ups (by login) [default: everyone's].
    #[arg(long, value_name = "USER")]
    mine: Option<String>,
    /// Only follow-ups of cases with a safeguarding concern.
    #[arg(long)]
    safeguarding: bool,
    /// Most rows to print.
    #[arg(long, default_value_t = 200)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs `caseline queue`.
pub fn run(ctx: &Context, args: QueueArgs) -> CliResult {
    let svc = ctx.open()?;
    let team = svc.team()?;
    let scope = match &args.mine {
        None => Scope::Everyone,
        Some(login) => match team.by_login(login) {
            Some(m) => Scope::User(m.id),
            None => return Err(Failure::usage(format!("there is no user `{login}`"))),
        },
    };
    let buckets = match (args.overdue, args.today, args.week) {
        (true, _, _) => vec![Bucket::Overdue],
        (_, true, _) => vec![Bucket::Today],
        (_, _, true) => vec![Bucket::Week],
        _ => Vec::new(),
    };
    let today = ctx.clock.today();
    let req = QueueRequest {
        scope,
        buckets,
        safeguarding_only: args.safeguarding,
        today,
        limit: args.limit,
    };
    let view = svc.queue(req)?;
    let logins: std::collections::HashMap<_, _> =
        team.members.into_iter().map(|m| (m.id, m.login)).collect();
    emit(args.format, &view, |v| {
        let rows: Vec<Vec<String>> = v
            .rows
            .iter()
            .map(|r| {
                let flags = format!(
                    "{}{}",
                    if r.safeguarding { "S" } else { "" },
                    if r.statutory { "!" } else { "" }
                );
                vec![
                    r.due.format("%Y-%m-%d").to_string(),
                    r.days_overdue.to_string(),
                    format!("{:?}", r.priority).to_lowercase(),
                    r.case
                        .map(|(_, c)| c.to_string())
                        .unwrap_or_else(|| "intake".into()),
                    flags,
                    r.assignee
                        .and_then(|a| logins.get(&a).cloned())
                        .unwrap_or_default(),
                    r.action.clone(),
                ]
            })
            .collect();
        table(
            &[
                "DUE", "LATE", "PRIORITY", "CASE", "FLAGS", "WORKER", "ACTION",
            ],
            &rows,
        );
        let counts: Vec<String> = v
            .counts
            .iter()
            .map(|(b, n)| format!("{n} {}", b.label()))
            .collect();
        say!();
        say!(
            "{}. Flags: S safeguarding, ! statutory deadline (indicative: check).",
            counts.join(", ")
        );
    })?;
    svc.close()?;
    Ok(())
}
