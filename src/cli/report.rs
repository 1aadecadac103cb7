//! `caseline report NAME --period P`: a monitoring report, published figures only, as
//! a table, CSV or JSON, to standard output or a file; `caseline report list` names
//! the reports and their options. Every report run here is recorded in the audit log.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::admin::{Context, write_private};
use super::output::{json_text, raw, say, table, tell};
use super::report_csv::to_csv;
use super::{CliResult, Failure};
use crate::domain::report::{PERIOD_FORMS, Period, ReportName, ReportOption};
use crate::domain::{Direction, ListKind};
use crate::service::reports::{ReportRequest, ReportView};

/// How a report is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Table,
    /// UTF-8 with a byte-order mark (so spreadsheets read the characters right), one
    /// header row, the publishing rule in a trailing note row.
    Csv,
    Json,
}

impl ReportFormat {
    fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report (`caseline report list` names them), or `list`.
    name: String,
    /// The period: 2026-27 (financial year), 2026-27Q1 (its first quarter, April to
    /// June), 2026 (calendar year), 2026-05 (month) or 2026-04-01..2026-06-30.
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// Write to this file (owner-readable only) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it is there already.
    #[arg(long, requires = "out")]
    force: bool,
    /// Only cases of this kind (a case_kind code): casework, who-we-serve.
    #[arg(long, value_name = "CODE")]
    kind: Option<String>,
    /// Only referrals in or out: referrals.
    #[arg(long, value_name = "in|out")]
    direction: Option<String>,
}

/// Runs `caseline report`.
pub fn run(ctx: &Context, args: ReportArgs) -> CliResult {
    if args.name.trim() == "list" {
        return list(args.format);
    }
    let mut request = parse(&args)?;
    super::admin::refuse_existing(args.out.as_deref(), args.force)?;
    request.written_as = Some(args.format.name().to_string());
    let svc = ctx.open()?;
    if let Some(kind) = &request.kind {
        let lists = &svc.signed_in().lists;
        if let Some(list) = lists.iter().find(|l| l.kind == ListKind::CaseKind)
            && !list.contains(kind)
        {
            let codes: Vec<&str> = list.entries.iter().map(|e| e.code.as_str()).collect();
            return Err(Failure::usage(format!(
                "there is no case kind `{kind}`; the kinds are: {}",
                codes.join(", ")
            )));
        }
    }
    let view = svc.report(request)?;
    let bytes = render(&view, args.format)?;
    match &args.out {
        None => raw(&bytes),
        Some(path) => {
            write_private(path, &bytes, args.force)?;
            tell!(
                "Wrote the {} report for {} to {} (published figures: small counts suppressed).",
                view.name,
                view.period,
                path.display()
            );
        }
    }
    svc.close()?;
    Ok(())
}

/// The request the arguments make, or a usage error naming what is wrong and what is
/// accepted.
fn parse(args: &ReportArgs) -> Result<ReportRequest, Failure> {
    let name: ReportName = args.name.parse().map_err(Failure::usage)?;
    let Some(period) = &args.period else {
        return Err(Failure::usage(format!(
            "the {name} report needs --period: give {PERIOD_FORMS}"
        )));
    };
    let period: Period = period.parse().map_err(Failure::usage)?;
    let not_taken = |option: ReportOption| {
        Failure::usage(format!(
            "the {name} report does not take {}; it takes: {}",
            option.flag(),
            name.option_flags()
        ))
    };
    let takes = |o| name.options().contains(&o);
    if args.kind.is_some() && !takes(ReportOption::Kind) {
        return Err(not_taken(ReportOption::Kind));
    }
    if args.direction.is_some() && !takes(ReportOption::Direction) {
        return Err(not_taken(ReportOption::Direction));
    }
    let direction = match args.direction.as_deref().map(str::trim) {
        None => None,
        Some("in") => Some(Direction::Incoming),
        Some("out") => Some(Direction::Outgoing),
        Some(other) => {
            return Err(Failure::usage(format!(
                "--direction takes `in` or `out`, not `{other}`"
            )));
        }
    };
    Ok(ReportRequest {
        kind: args.kind.clone(),
        direction,
        ..ReportRequest::new(name, period)
    })
}

/// `caseline report list`: every report, what it counts and the options it takes.
fn list(format: ReportFormat) -> CliResult {
    if format == ReportFormat::Json {
        let reports: Vec<serde_json::Value> = ReportName::ALL
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name(),
                    "title": r.title(),
                    "counts": r.describe(),
                    "options": r.options().iter().map(|o| o.flag()).collect::<Vec<_>>(),
                })
            })
            .collect();
        json_text(&serde_json::to_string_pretty(&reports).unwrap_or_default());
        return Ok(());
    }
    let rows: Vec<Vec<String>> = ReportName::ALL
        .iter()
        .map(|r| vec![r.name().into(), r.option_flags(), r.describe().into()])
        .collect();
    table(&["REPORT", "OPTIONS", "COUNTS"], &rows);
    say!();
    say!(
        "Every report takes --period (required), --format table|csv|json and --out FILE \
         (--force replaces a file already there)."
    );
    say!("Periods: {PERIOD_FORMS}.");
    Ok(())
}

/// The report in `format`, as the bytes written out.
fn render(view: &ReportView, format: ReportFormat) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        ReportFormat::Csv => to_csv(view).into_bytes(),
        ReportFormat::Json => {
            let text = serde_json::to_string_pretty(view).map_err(|e| Failure {
                message: format!("cannot write JSON: {e}"),
                code: 1,
            })?;
            let mut t = crate::domain::text::inert_json(&text).into_owned();
            t.push('\n');
            t.into_bytes()
        }
        ReportFormat::Table => super::report_csv::to_text(view).into_bytes(),
    })
}
