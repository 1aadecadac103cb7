//! `caseline config`: the store-wide settings an administrator may change.

use clap::Subcommand;

use super::CliResult;
use super::admin::Context;
use super::output::say;

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Show the settings.
    Show,
    /// Minutes without a key pressed before the terminal interface locks itself
    /// (1 to 240; administrators only). Takes effect at the next sign-in.
    IdleLock {
        /// Minutes, 1 to 240.
        minutes: u32,
    },
}

pub fn run(ctx: &Context, action: ConfigAction) -> CliResult {
    let svc = ctx.open()?;
    match action {
        ConfigAction::Show => {
            let s = svc.settings();
            say!("organisation       {}", s.organisation);
            say!("idle lock          {} minutes", s.idle_lock_minutes);
            say!("retention          {} years", s.retention_years);
        }
        ConfigAction::IdleLock { minutes } => {
            svc.set_idle_lock_minutes(minutes)?;
            say!("The terminal now locks after {minutes} minutes without a key pressed.");
        }
    }
    svc.close()?;
    Ok(())
}
