//! `caseline directory`: the directory of organisations, listed and filtered for
//! scripts and spreadsheets, and a spreadsheet of groups loaded into it.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::admin::Context;
use super::output::{self, json, say, table};
use super::{CliResult, Failure};
use crate::domain::MeetingTime;
use crate::domain::csv;
use crate::domain::meeting::parse_day;
use crate::service::DIRECTORY_COLUMNS;
use crate::service::views::{DirectoryFilter, DirectoryRow};

#[derive(Debug, Subcommand)]
pub enum DirectoryAction {
    /// Every organisation, or those the options keep, by name.
    List(ListArgs),
    /// Loads a spreadsheet of groups saved as CSV (UTF-8), all or nothing: the first
    /// line names the columns (name and kind at least; the others as `list --format
    /// csv` writes them), lists are separated by `;`, meeting times are written
    /// `Sun 14:00-17:00`. Every problem is named by line and column.
    Import {
        /// The CSV file, or `-` for standard input.
        file: PathBuf,
    },
    /// Consultations of one group in 90 days after which logging another warns first
    /// (administrators only).
    ConsultationLimit {
        /// 1 to 1000.
        limit: u32,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
    /// The columns `directory import` reads, with a byte-order mark first; a cell a
    /// spreadsheet would run as a formula starts with `'` (import takes it off).
    Csv,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this kind of organisation (part of its name or code, e.g. `community`).
    #[arg(long, value_name = "K")]
    kind: Option<String>,
    /// Only those that speak this language (part of its name or code).
    #[arg(long, value_name = "L")]
    language: Option<String>,
    /// Only those that meet on this day (Mon ... Sun, or the day's name).
    #[arg(long, value_name = "DAY")]
    meets: Option<String>,
    /// Only those serving this community.
    #[arg(long, value_name = "C")]
    community: Option<String>,
    /// Only those offering this service.
    #[arg(long, value_name = "S")]
    service: Option<String>,
    /// Words each shown organisation must have (in its name, kind, communities,
    /// services, languages, contact or address).
    words: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn run(ctx: &Context, action: DirectoryAction) -> CliResult {
    match action {
        DirectoryAction::List(args) => list(ctx, args),
        DirectoryAction::Import { file } => import(ctx, &file),
        DirectoryAction::ConsultationLimit { limit } => {
            let svc = ctx.open()?;
            svc.set_consultation_limit(limit)?;
            say!("Logging a consultation now warns after {limit} in 90 days.");
            svc.close()?;
            Ok(())
        }
    }
}

fn filter(args: &ListArgs) -> Result<DirectoryFilter, Failure> {
    let fold = |s: &Option<String>| {
        s.as_deref()
            .map(crate::domain::fold::fold)
            .filter(|s| !s.is_empty())
    };
    let day = match &args.meets {
        None => None,
        Some(d) => Some(parse_day(d).ok_or_else(|| {
            Failure::usage("--meets takes a day: Mon, Tue, Wed, Thu, Fri, Sat or Sun")
        })?),
    };
    Ok(DirectoryFilter {
        words: args
            .words
            .iter()
            .map(|w| crate::domain::fold::fold(w))
            .collect(),
        kind: fold(&args.kind),
        community: fold(&args.community),
        service: fold(&args.service),
        language: fold(&args.language),
        day,
    })
}

fn list(ctx: &Context, args: ListArgs) -> CliResult {
    let filter = filter(&args)?;
    let svc = ctx.open()?;
    let rows = svc.directory(&filter)?;
    match args.format {
        ListFormat::Json => json(&rows)?,
        ListFormat::Csv => {
            // Written as the reports' CSV is: a byte-order mark, CRLF line ends, cells
            // guarded against formulas and line breaks kept inside quotes.
            let mut text = String::from(csv::BOM);
            text.push_str(&csv::row(&DIRECTORY_COLUMNS));
            for row in &rows {
                text.push_str(&csv::row(&csv_cells(row)));
            }
            output::raw(text.as_bytes());
        }
        ListFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        r.kind.clone(),
                        r.languages.join(", "),
                        MeetingTime::list(&r.meets),
                        r.consulted_lately.to_string(),
                    ]
                })
                .collect();
            table(
                &["NAME", "KIND", "LANGUAGES", "MEETS", "CONSULTED (90 DAYS)"],
                &cells,
            );
            say!();
            say!("{} organisation(s).", rows.len());
        }
    }
    svc.close()?;
    Ok(())
}

/// A row as the import's columns, in their order.
fn csv_cells(r: &DirectoryRow) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let meets: Vec<String> = r.meets.iter().map(MeetingTime::written).collect();
    vec![
        r.name.clone(),
        r.kind.clone(),
        r.communities.join("; "),
        r.services.join("; "),
        r.languages.join("; "),
        meets.join("; "),
        opt(&r.contact_person),
        opt(&r.phone),
        opt(&r.email),
        opt(&r.address),
        if r.reporting_centre { "yes" } else { "no" }.into(),
        r.notes.clone(),
    ]
}

fn import(ctx: &Context, file: &Path) -> CliResult {
    let mut bytes = Vec::new();
    let read = if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::from_message(format!("cannot read {}: {e}", file.display())))?;
    let svc = ctx.open()?;
    let added = svc.import_directory_csv(bytes)?;
    output::work_done();
    say!("{added} organisation(s) added to the directory.");
    if let Err(e) = svc.close() {
        output::tell!(
            "caseline: the import is done and kept; closing the store afterwards failed: {e}"
        );
    }
    Ok(())
}
