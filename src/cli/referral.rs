//! `caseline referral summary REFERRAL --out FILE`: the short, fixed summary that goes
//! with an outgoing referral, written as plain text to print or attach. The file is
//! readable by its owner only and never replaces another without --force.

use std::path::PathBuf;

use clap::Subcommand;

use super::admin::Context;
use super::output::say;
use super::{CliResult, Failure};
use crate::domain::ReferralId;
use crate::domain::text::inert;

#[derive(Debug, Subcommand)]
pub enum ReferralAction {
    /// Writes a referral's summary (what the recipient gets) as plain text.
    Summary {
        /// The referral's id.
        referral: String,
        /// The text file to write (owner-readable only).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace FILE if it is there already.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(ctx: &Context, action: ReferralAction) -> CliResult {
    match action {
        ReferralAction::Summary {
            referral,
            out,
            force,
        } => {
            let id: ReferralId = referral.parse().map_err(|_| {
                Failure::usage(format!(
                    "REFERRAL `{}`: not a referral's id (26 letters and digits)",
                    inert(&referral)
                ))
            })?;
            let svc = ctx.open()?;
            let text = svc.referral_summary(id)?.to_text();
            super::admin::write_private(&out, text.as_bytes(), force)?;
            say!("Wrote the referral's summary to {}.", out.display());
            svc.close()?;
            Ok(())
        }
    }
}
