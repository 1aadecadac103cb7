//! `caseline config`: the store-wide settings an administrator may change.

use clap::{Subcommand, ValueEnum};

use super::admin::Context;
use super::output::say;
use super::{CliResult, Failure};
use crate::domain::report::{Area, ReportSettings};

/// Which mapping of the scorecard a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapOf {
    /// A case_kind code.
    Case,
    /// An agency_kind code.
    Agency,
}
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
    /// The smallest count a published report shows (2 to 20; 5 shows 1 to 4 as <5).
    ReportThreshold { threshold: u64 },
    /// Whether published counts are rounded to the nearest 5.
    ReportRounding {
        #[arg(value_parser = ["on", "off"])]
        rounding: String,
    },
    /// Which scorecard area a kind of case or agency counts towards (`none`: not mapped).
    /// Areas: criminal_justice, education, employment, housing, health,
    /// civic_participation, volunteering.
    Scorecard {
        #[arg(value_enum)]
        of: MapOf,
        /// The case_kind or agency_kind code.
        code: String,
        area: String,
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
    let mut reports = svc.settings().reports.clone();
    match action {
        ConfigAction::Show => show(&svc),
        ConfigAction::ReferralChase { days, kind } => {
            svc.set_chase_days(kind.as_deref(), days)?;
            let to = match &kind {
                Some(k) => format!("to {}", crate::domain::text::inert(k)),
                None => "by default".into(),
            };
            match days {
                Some(1) => say!("Referrals sent {to} are chased after 1 day without an answer."),
                Some(d) => say!("Referrals sent {to} are chased after {d} days without an answer."),
                None => say!("Referrals sent {to} are chased after the default wait."),
            }
        }
        ConfigAction::IdleLock { minutes } => {
            svc.set_idle_lock_minutes(minutes)?;
            say!(
                "The terminal now locks after {} without a key pressed.",
                minutes_in_words(minutes)
            );
        }
        ConfigAction::ReportThreshold { threshold } => {
            reports.threshold = threshold;
            svc.set_report_settings(reports)?;
            say!(
                "Published reports now show counts from 1 to {} as <{threshold}.",
                threshold.saturating_sub(1)
            );
        }
        ConfigAction::ReportRounding { rounding } => {
            reports.round = rounding == "on";
            svc.set_report_settings(reports)?;
            say!("Rounding of published counts to the nearest 5 is {rounding}.");
        }
        ConfigAction::Scorecard { of, code, area } => {
            let map = match of {
                MapOf::Case => &mut reports.scorecard.case_kinds,
                MapOf::Agency => &mut reports.scorecard.agency_kinds,
            };
            match (area.trim(), Area::from_code(&area)) {
                ("none", _) => {
                    map.remove(code.trim());
                }
                (_, Some(a)) => {
                    map.insert(code.trim().to_string(), a);
                }
                (other, None) => {
                    let areas: Vec<&str> = Area::ALL.iter().map(|a| a.code()).collect();
                    return Err(Failure::usage(format!(
                        "there is no scorecard area `{other}`; the areas are: {}, or none",
                        areas.join(", ")
                    )));
                }
            }
            svc.set_report_settings(reports)?;
            say!("The scorecard mapping is changed.");
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

fn show(svc: &crate::service::Client) {
    let s = svc.settings();
    say!("organisation       {}", s.organisation);
    say!(
        "idle lock          {}",
        minutes_in_words(s.idle_lock_minutes)
    );
    say!("retention          {} years", s.retention_years);
    say!("consultation limit {} in 90 days", s.consultation_limit);
    let chase = &s.referral_chase;
    say!("referral chase     {} days", chase.default_days);
    for (kind, days) in &chase.by_kind {
        say!("  {:<16} {days} days", crate::domain::text::inert(kind));
    }
    let framing = |what: &str, lines: &[String]| {
        let text: Vec<String> = lines.iter().map(|l| inert(l).into_owned()).collect();
        say!("{what:<18} {}", text.join(" / "));
    };
    framing("letterhead", &s.letters.letterhead);
    framing("letter address", &s.letters.address);
    framing("signature", &s.letters.signature);
    let r: &ReportSettings = &s.reports;
    say!(
        "report threshold   {} (1 to {} shown as <{})",
        r.threshold,
        r.threshold.saturating_sub(1),
        r.threshold
    );
    say!("report rounding    {}", if r.round { "on" } else { "off" });
    for (of, map) in [
        ("case", &r.scorecard.case_kinds),
        ("agency", &r.scorecard.agency_kinds),
    ] {
        for (code, area) in map {
            say!(
                "scorecard {of:<8} {} -> {}",
                crate::domain::text::inert(code),
                area.code()
            );
        }
    }
}

/// "1 minute", "5 minutes".
fn minutes_in_words(minutes: u32) -> String {
    if minutes == 1 {
        "1 minute".into()
    } else {
        format!("{minutes} minutes")
    }
}
