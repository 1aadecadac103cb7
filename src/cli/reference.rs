//! `caseline reference`: the lists an administrator can extend without a new release.

use clap::Subcommand;

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Failure, Format};
use crate::domain::ListKind;

#[derive(Debug, Subcommand)]
pub enum ReferenceAction {
    /// Name every list.
    List,
    /// Show the values of one list.
    Show {
        /// The list, such as `strand` or `case_kind`.
        list: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Add a value to a list.
    Add {
        /// The list, such as `case_kind`.
        list: String,
        /// What screens show, such as "Immigration".
        label: String,
        /// The stored code [default: made from the label].
        #[arg(long)]
        code: Option<String>,
        /// A heading the value sits under.
        #[arg(long)]
        group: Option<String>,
    },
}

fn parse_list(name: &str) -> Result<ListKind, Failure> {
    name.parse().map_err(Failure::usage)
}

/// Runs a `reference` action.
pub fn run(ctx: &Context, action: ReferenceAction) -> CliResult {
    match action {
        ReferenceAction::List => {
            let rows: Vec<Vec<String>> = ListKind::ALL
                .iter()
                .map(|k| vec![k.name().to_string(), k.describe().to_string()])
                .collect();
            table(&["LIST", "WHAT"], &rows);
            Ok(())
        }
        ReferenceAction::Show { list, format } => {
            let kind = parse_list(&list)?;
            let svc = ctx.open()?;
            let list = svc.reference_list(kind)?;
            emit(format, &list, |l| {
                let rows: Vec<Vec<String>> = l
                    .entries
                    .iter()
                    .map(|e| {
                        let label = if e.retired {
                            format!("{} (retired)", e.label)
                        } else {
                            e.label.clone()
                        };
                        vec![e.code.clone(), label, e.group.clone().unwrap_or_default()]
                    })
                    .collect();
                table(&["CODE", "LABEL", "GROUP"], &rows);
            })?;
            svc.close()?;
            Ok(())
        }
        ReferenceAction::Add {
            list,
            label,
            code,
            group,
        } => {
            let kind = parse_list(&list)?;
            let svc = ctx.open()?;
            let entry = svc.add_reference_value(kind, &label, code.as_deref(), group.as_deref())?;
            say!("Added {} ({}) to {}.", entry.label, entry.code, kind);
            svc.close()?;
            Ok(())
        }
    }
}
