//! `caseline person`: two records of one person, found and merged from the command
//! line (caseworkers and administrators; the service refuses anyone else).

use clap::Subcommand;

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Failure, Format};
use crate::domain::PersonId;
use crate::domain::text::inert;
use crate::service::{MergeSide, PossibleDuplicate};

#[derive(Debug, Subcommand)]
pub enum PersonAction {
    /// Intakes marked as possible duplicates, newest first, with the record on file
    /// each caller may be: the ids to give `person merge`.
    Duplicates {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Merges OTHER into KEEP: OTHER's intakes and cases name KEEP, its names and
    /// details are kept in KEEP's history, and OTHER is removed (audited).
    Merge {
        /// The id of the record to keep.
        keep: String,
        /// The id of the record merged into it and removed.
        other: String,
    },
}

pub fn run(ctx: &Context, action: PersonAction) -> CliResult {
    match action {
        PersonAction::Duplicates { format } => duplicates(ctx, format),
        PersonAction::Merge { keep, other } => merge(ctx, &keep, &other),
    }
}

/// A person's id as typed, or a usage error naming the argument.
fn person_id(what: &str, text: &str) -> Result<PersonId, Failure> {
    text.parse().map_err(|_| {
        Failure::usage(format!(
            "{what} `{}`: not a person's id (26 letters and digits, as `person duplicates` \
             lists them)",
            inert(text)
        ))
    })
}

fn merge(ctx: &Context, keep: &str, other: &str) -> CliResult {
    let keep = person_id("KEEP", keep)?;
    let other = person_id("OTHER", other)?;
    if keep == other {
        return Err(Failure::usage(
            "KEEP and OTHER are the same id: give two records",
        ));
    }
    let svc = ctx.open()?;
    svc.merge_people(keep, other)?;
    say!("Merged {other} into {keep}: its intakes, cases and history are now {keep}'s.");
    svc.close()?;
    Ok(())
}

fn duplicates(ctx: &Context, format: Format) -> CliResult {
    let svc = ctx.open()?;
    let rows = svc.possible_duplicates()?;
    emit(format, &rows, |rows| print(rows))?;
    svc.close()?;
    Ok(())
}

/// `Amina Hassan · 07700 900123 · LS7 3AB`
fn side(s: &MergeSide) -> String {
    let mut parts = vec![s.name.clone()];
    parts.extend(s.phone.clone());
    parts.extend(s.postcode.clone());
    parts.join(" · ")
}

fn print(rows: &[PossibleDuplicate]) {
    if rows.is_empty() {
        say!("No intakes are marked as possible duplicates.");
        return;
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (keep_id, keep) = match &r.on_file {
                Some(s) => (s.id.to_string(), side(s)),
                None => ("-".into(), "(no one on file matches now)".into()),
            };
            vec![
                r.reported.clone(),
                keep_id,
                keep,
                r.newer.id.to_string(),
                side(&r.newer),
                r.matched_on.join("+"),
            ]
        })
        .collect();
    table(
        &["TAKEN", "KEEP", "ON FILE", "OTHER", "NEW RECORD", "MATCHED"],
        &cells,
    );
}
