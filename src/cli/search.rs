//! `caseline search`: the search bar's query from the command line, for
//! administrators. Prints people, cases and organisations found, best first.

use std::io::IsTerminal;

use clap::Args;
use serde::Serialize;

use super::admin::Context;
use super::output::{self, emit, say, table};
use super::{CliResult, Format};
use crate::service::{CaseHit, Matched, Operation, OrganisationHit, PersonHit, ResultGroup};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words and filters, as typed in the search bar (`khan kind:housing status:open`).
    query: String,
    /// Most results per group.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// What is printed as JSON.
#[derive(Serialize)]
struct Found<'a> {
    people: &'a ResultGroup<PersonHit>,
    cases: &'a ResultGroup<CaseHit>,
    organisations: &'a ResultGroup<OrganisationHit>,
}

/// Tells how a rebuild of the search index is going, on standard error: a line
/// redrawn with `\r` on a terminal; in a log or a pipe, where that is noise, only the
/// line that says it is done.
pub fn progress() -> impl FnMut(usize, usize) {
    let redrawn = std::io::stderr().is_terminal();
    let mut last = None;
    move |done: usize, total: usize| {
        let percent = done * 100 / total.max(1);
        let finished = done >= total;
        if last != Some(percent) && (redrawn || finished) {
            last = Some(percent);
            let text = format!("Building the search index: {done} of {total} records ({percent}%)");
            match (redrawn, finished) {
                (true, false) => output::note_raw(&format!("\r{text}")),
                (true, true) => output::note_raw(&format!("\r{text}\n")),
                (false, _) => output::note(&text),
            }
        }
    }
}

/// Runs `caseline search`.
pub fn run(ctx: &Context, args: SearchArgs) -> CliResult {
    let svc = ctx.open()?;
    // The role table's refusal, before the index is loaded for nothing; the service
    // refuses the listing itself too.
    svc.require(Operation::SearchListing)?;
    svc.warm_search(&mut progress())?;
    let found = svc.search_hits(&args.query, args.limit)?;
    let out = Found {
        people: &found.people,
        cases: &found.cases,
        organisations: &found.organisations,
    };
    emit(args.format, &out, print_tables)?;
    svc.close()?;
    Ok(())
}

/// The words a hit matched, as `word~term` (`~` a near match).
fn how(matches: &[Matched]) -> String {
    let parts: Vec<String> = matches
        .iter()
        .map(|m| {
            let sign = match m.quality.as_ref() {
                "exact" => "=",
                "prefix" => "",
                _ => "~",
            };
            let terms = m.terms.join("|");
            format!("{sign}{terms}")
        })
        .collect();
    parts.join(" ")
}

fn print_tables(f: &Found) {
    let people: Vec<Vec<String>> = f
        .people
        .hits
        .iter()
        .map(|h| {
            vec![
                h.display_name.clone(),
                h.phone.clone().unwrap_or_default(),
                h.postcode.clone().unwrap_or_default(),
                how(&h.matches),
            ]
        })
        .collect();
    section("People", f.people.total, people.len());
    table(&["NAME", "PHONE", "POSTCODE", "MATCHED"], &people);
    let cases: Vec<Vec<String>> = f
        .cases
        .hits
        .iter()
        .map(|h| {
            vec![
                h.reference.to_string(),
                h.status.label().to_string(),
                h.kind.clone(),
                h.last_activity.map(|d| d.to_string()).unwrap_or_default(),
                how(&h.matches),
            ]
        })
        .collect();
    section("Cases", f.cases.total, cases.len());
    table(&["CASE", "STATUS", "KIND", "ACTIVE", "MATCHED"], &cases);
    let orgs: Vec<Vec<String>> = f
        .organisations
        .hits
        .iter()
        .map(|h| vec![h.name.clone(), h.kind.clone(), how(&h.matches)])
        .collect();
    section("Organisations", f.organisations.total, orgs.len());
    table(&["NAME", "KIND", "MATCHED"], &orgs);
}

fn section(title: &str, total: usize, shown: usize) {
    say!();
    if shown < total {
        say!("{title}: {total} found, the best {shown} shown");
    } else {
        say!("{title}: {total} found");
    }
}
