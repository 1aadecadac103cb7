//! `caseline letter` and `caseline template`: letters from a case for scripts and the
//! administrator, and the templates they are made from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::admin::{Context, refuse_existing, write_failure};
use super::output::{say, table, tell};
use super::{CliResult, Failure};
use crate::domain::CaseRef;
use crate::domain::text::inert;
use crate::files::{Staged, stage_private};
use crate::service::views::LetterChoices;
use crate::service::{LetterDraft, NewTemplate};

/// `caseline letter CASE --template NAME --to ORGANISATION --out FILE.docx`.
#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The case, by reference (C-2026-0042).
    case: String,
    /// The template's name (see `caseline template list`).
    #[arg(long, value_name = "NAME")]
    template: String,
    /// The recipient: the name of an organisation linked to the case.
    #[arg(long, value_name = "ORGANISATION")]
    to: String,
    /// Where the DOCX goes (written owner-readable only).
    #[arg(long, value_name = "FILE.docx")]
    out: PathBuf,
    /// Kinds of timeline entry for the chronology ("note,phone call,letter"), or
    /// `all` [default: all but status changes, follow-ups done and letters drafted].
    #[arg(long, value_name = "KIND,...", value_delimiter = ',')]
    entries: Vec<String>,
    /// Also write the letter as plain text here.
    #[arg(long, value_name = "FILE.txt")]
    text: Option<PathBuf>,
    /// Fill a field the case lacks by hand: `recipient.address="1 High St, Kingston"`.
    #[arg(long, value_name = "FIELD=TEXT")]
    fill: Vec<String>,
    /// Write the files without keeping the letter with the case.
    #[arg(long)]
    preview: bool,
    /// Replace FILE.docx (and FILE.txt) if there already.
    #[arg(long)]
    force: bool,
}

/// `caseline letters CASE [--sent LETTER [--on DATE]]`.
#[derive(Debug, Args)]
pub struct LettersArgs {
    /// The case, by reference (C-2026-0042).
    case: String,
    /// Mark this drafted letter (its id, as listed) sent; it cannot be changed after.
    #[arg(long, value_name = "LETTER")]
    sent: Option<String>,
    /// The day it was sent (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", requires = "sent")]
    on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// Every template, built-in and added.
    List,
    /// Print a template's text.
    Show { name: String },
    /// Add a template from a file (administrators).
    Add {
        name: String,
        file: PathBuf,
        /// What it is for [default: its name].
        #[arg(long)]
        title: Option<String>,
    },
    /// Replace a template's text from a file (administrators); a built-in template
    /// gets an edited copy.
    Edit {
        name: String,
        file: PathBuf,
        #[arg(long)]
        title: Option<String>,
    },
}

/// Runs `caseline letter`. Nothing is written unless all of it can be: the files are
/// refused first if there already (without --force), then made whole beside where they
/// go, then the letter is kept (where its rules are checked), and only then are the
/// files put in place; if the second cannot be, the first is taken away again.
pub fn letter(ctx: &Context, args: LetterArgs) -> CliResult {
    let case: CaseRef = args.case.parse().map_err(Failure::usage)?;
    let filled = parse_fills(&args.fill)?;
    refuse_existing(Some(args.out.as_path()), args.force)?;
    refuse_existing(args.text.as_deref(), args.force)?;
    let svc = ctx.open()?;
    let choices = svc.letter_choices(case)?;
    let recipient = recipient(&choices, &args.to)?;
    let draft = LetterDraft {
        case: choices.case,
        template: args.template.clone(),
        recipient,
        entries: chosen_entries(&choices, &args.entries)?,
        filled,
        body: None,
        follows: None,
    };
    let view = svc.preview_letter(&draft)?;
    let docx = crate::letters::docx::to_bytes(&view.document).map_err(|e| Failure {
        message: format!("cannot make the DOCX: {e}"),
        code: 1,
    })?;
    let stage = |path: &Path, bytes: &[u8]| {
        stage_private(path, bytes, args.force).map_err(|e| write_failure(path, e))
    };
    let docx_file = stage(&args.out, &docx)?;
    let text_file = match &args.text {
        Some(path) => {
            let text = crate::letters::text::write(&view.document);
            Some(stage(path, text.as_bytes())?)
        }
        None => None,
    };
    if !args.preview {
        svc.save_letter(&draft, None)?;
    }
    let placed = place(&args, docx_file, text_file);
    if args.preview {
        placed?;
        tell!("Wrote {}; the letter is not kept.", args.out.display());
    } else {
        placed.map_err(|f| {
            Failure::from_message(format!(
                "{}; the letter is kept with {case} as drafted",
                f.message
            ))
        })?;
        tell!(
            "Wrote {}; the letter is kept with {case} as drafted.",
            args.out.display()
        );
    }
    svc.close()?;
    Ok(())
}

/// Puts the DOCX and then the text in place; the DOCX is taken away again if the text
/// cannot follow it, so a failure leaves neither.
fn place(args: &LetterArgs, docx: Staged, text: Option<Staged>) -> CliResult {
    docx.place().map_err(|e| write_failure(&args.out, e))?;
    if let (Some(file), Some(path)) = (text, &args.text)
        && let Err(e) = file.place()
    {
        let _ = std::fs::remove_file(&args.out);
        return Err(write_failure(path, e));
    }
    Ok(())
}

/// Runs `caseline letters`: the case's letters, or one marked sent.
pub fn letters(ctx: &Context, args: LettersArgs) -> CliResult {
    let case: CaseRef = args.case.parse().map_err(Failure::usage)?;
    let sent: Option<crate::domain::LetterId> = match &args.sent {
        Some(id) => Some(
            id.parse()
                .map_err(|_| Failure::usage(format!("--sent {}: not a letter's id", inert(id))))?,
        ),
        None => None,
    };
    let svc = ctx.open()?;
    let choices = svc.letter_choices(case)?;
    match sent {
        Some(id) => {
            let on = args.on.unwrap_or_else(|| ctx.clock.today());
            if !svc.letters_of(choices.case)?.iter().any(|l| l.id == id) {
                return Err(Failure::from_message(format!("{case} has no letter {id}")));
            }
            svc.mark_letter_sent(id, on)?;
            say!(
                "Letter {id} marked sent on {}.",
                crate::letters::long_date(on)
            );
        }
        None => {
            let rows: Vec<Vec<String>> = svc
                .letters_of(choices.case)?
                .into_iter()
                .map(|l| {
                    let status = match l.status {
                        crate::domain::LetterStatus::Sent { on } => format!("sent {on}"),
                        crate::domain::LetterStatus::Drafted => "drafted".into(),
                    };
                    let to = l.addressed_to.first().cloned().unwrap_or_default();
                    vec![
                        l.id.to_string(),
                        l.template,
                        inert(&to).into_owned(),
                        status,
                    ]
                })
                .collect();
            table(&["LETTER", "TEMPLATE", "TO", "STATUS"], &rows);
        }
    }
    svc.close()?;
    Ok(())
}

/// `FIELD=TEXT` pairs, each naming a field once.
fn parse_fills(fills: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    for f in fills {
        let Some((field, text)) = f.split_once('=') else {
            return Err(Failure::usage(format!(
                "--fill {}: expected FIELD=TEXT",
                inert(f)
            )));
        };
        if out
            .insert(field.trim().to_string(), text.to_string())
            .is_some()
        {
            return Err(Failure::usage(format!(
                "--fill {}: the field is filled twice",
                inert(field)
            )));
        }
    }
    Ok(out)
}

/// The organisation linked to the case whose name is `to` (any case).
fn recipient(c: &LetterChoices, to: &str) -> Result<crate::domain::OrganisationId, Failure> {
    let want = to.trim().to_lowercase();
    let found: Vec<_> = c
        .recipients
        .iter()
        .filter(|r| r.name.to_lowercase() == want)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => {
            let names: Vec<String> = c
                .recipients
                .iter()
                .map(|r| inert(&r.name).into_owned())
                .collect();
            let linked = if names.is_empty() {
                "none is linked".to_string()
            } else {
                format!("linked: {}", names.join("; "))
            };
            Err(Failure::from_message(format!(
                "no organisation called \"{}\" is linked to {} ({linked})",
                inert(to),
                c.reference
            )))
        }
        _ => Err(Failure::from_message(format!(
            "more than one organisation linked to {} is called \"{}\"",
            c.reference,
            inert(to)
        ))),
    }
}

/// The entries of the kinds asked for (all when none or `all` is given).
fn chosen_entries(
    c: &LetterChoices,
    kinds: &[String],
) -> Result<Vec<crate::domain::TimelineId>, Failure> {
    let kinds: Vec<String> = kinds.iter().map(|k| k.trim().to_lowercase()).collect();
    if kinds.iter().any(|k| k == "all") {
        return Ok(c.entries.iter().map(|e| e.id).collect());
    }
    if kinds.is_empty() {
        // What the case's own actions recorded says nothing the recipient needs.
        let recorded = ["status change", "follow-up done", "letter drafted"];
        return Ok(c
            .entries
            .iter()
            .filter(|e| !recorded.contains(&e.kind.as_str()))
            .map(|e| e.id)
            .collect());
    }
    let known: Vec<&str> = crate::domain::EntryKind::NAMES.to_vec();
    if let Some(bad) = kinds.iter().find(|k| !known.contains(&k.as_str())) {
        return Err(Failure::usage(format!(
            "--entries: \"{}\" is not a kind of entry (kinds: {}, or all)",
            inert(bad),
            known.join(", ")
        )));
    }
    Ok(c.entries
        .iter()
        .filter(|e| kinds.contains(&e.kind))
        .map(|e| e.id)
        .collect())
}

/// Runs a `template` action.
pub fn template(ctx: &Context, action: TemplateAction) -> CliResult {
    match action {
        TemplateAction::List => {
            let svc = ctx.open()?;
            let rows: Vec<Vec<String>> = svc
                .templates()?
                .into_iter()
                .map(|t| vec![t.name, inert(&t.title).into_owned(), t.origin.word().into()])
                .collect();
            table(&["NAME", "WHAT", "FROM"], &rows);
            svc.close()?;
        }
        TemplateAction::Show { name } => {
            let svc = ctx.open()?;
            let t = svc.template(&name)?;
            super::output::line(&crate::domain::text::inert_lines(&t.body));
            svc.close()?;
        }
        TemplateAction::Add { name, file, title } => {
            let body = read_template(&file)?;
            let svc = ctx.open()?;
            svc.add_template(NewTemplate {
                name: name.clone(),
                title,
                body,
            })?;
            say!("Added the letter template {name}.");
            svc.close()?;
        }
        TemplateAction::Edit { name, file, title } => {
            let body = read_template(&file)?;
            let svc = ctx.open()?;
            // The file is the whole new text, written without the old one shown, so
            // there is no earlier reading to be overtaken: it replaces the template as
            // it is now (the audit log records who did).
            svc.edit_template(NewTemplate {
                name: name.clone(),
                title,
                body,
            })?;
            say!("Changed the letter template {name}.");
            svc.close()?;
        }
    }
    Ok(())
}

/// A template file's text, refused if it is not UTF-8.
fn read_template(file: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(file).map_err(|e| Failure {
        message: format!("cannot read {}: {e}", file.display()),
        code: 1,
    })?;
    String::from_utf8(bytes).map_err(|e| Failure {
        message: format!(
            "{}: not UTF-8 text (at byte {})",
            file.display(),
            e.utf8_error().valid_up_to()
        ),
        code: 1,
    })
}
