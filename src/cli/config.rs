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
    /// Days a sent referral waits for an answer before a "chase referral" follow-up
    /// falls due (1 to 365; administrators only): the default, or with --kind for one
    /// kind of agency. With --kind and no days, that kind goes back to the default.
    ReferralChase {
        /// Days, 1 to 365.
        days: Option<u32>,
        /// A code of the agency_kind list (`caseline reference show agency_kind`).
        #[arg(long)]
        kind: Option<String>,
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
            let chase = &s.referral_chase;
            say!("referral chase     {} days", chase.default_days);
            for (kind, days) in &chase.by_kind {
                say!("  {:<16} {days} days", crate::domain::text::inert(kind));
            }
        }
        ConfigAction::ReferralChase { days, kind } => {
            svc.set_chase_days(kind.as_deref(), days)?;
            let to = match &kind {
                Some(k) => format!("to {}", crate::domain::text::inert(k)),
                None => "by default".into(),
            };
            match days {
                Some(d) => say!("Referrals sent {to} are chased after {d} days without an answer."),
                None => say!("Referrals sent {to} are chased after the default wait."),
            }
        }
        ConfigAction::IdleLock { minutes } => {
            svc.set_idle_lock_minutes(minutes)?;
            say!("The terminal now locks after {minutes} minutes without a key pressed.");
        }
    }
    svc.close()?;
    Ok(())
}
