//! `caseline config`: the store-wide settings an administrator may change.

use clap::Subcommand;

use super::CliResult;
use super::admin::Context;
use super::output::say;
use crate::domain::text::inert;

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
    /// The lines at the head of every letter (administrators); none: the
    /// organisation's name alone.
    Letterhead { lines: Vec<String> },
    /// The organisation's postal address on letters, one line each (administrators).
    LetterAddress { lines: Vec<String> },
    /// The lines under "Yours sincerely" (administrators); none: the writer's name
    /// and the organisation's.
    Signature { lines: Vec<String> },
}

pub fn run(ctx: &Context, action: ConfigAction) -> CliResult {
    let svc = ctx.open()?;
    match action {
        ConfigAction::Show => {
            let s = svc.settings();
            say!("organisation       {}", s.organisation);
            say!("idle lock          {} minutes", s.idle_lock_minutes);
            say!("retention          {} years", s.retention_years);
            let show = |what: &str, lines: &[String]| {
                let text: Vec<String> = lines.iter().map(|l| inert(l).into_owned()).collect();
                say!("{what:<18} {}", text.join(" / "));
            };
            show("letterhead", &s.letters.letterhead);
            show("letter address", &s.letters.address);
            show("signature", &s.letters.signature);
        }
        ConfigAction::IdleLock { minutes } => {
            svc.set_idle_lock_minutes(minutes)?;
            say!("The terminal now locks after {minutes} minutes without a key pressed.");
        }
        ConfigAction::Letterhead { lines } => {
            let mut letters = svc.settings().letters.clone();
            letters.letterhead = lines;
            svc.set_letter_settings(letters)?;
            say!("Letters now carry this letterhead.");
        }
        ConfigAction::LetterAddress { lines } => {
            let mut letters = svc.settings().letters.clone();
            letters.address = lines;
            svc.set_letter_settings(letters)?;
            say!("Letters now carry this address.");
        }
        ConfigAction::Signature { lines } => {
            let mut letters = svc.settings().letters.clone();
            letters.signature = lines;
            svc.set_letter_settings(letters)?;
            say!("Letters are now signed with these lines.");
        }
    }
    svc.close()?;
    Ok(())
}
