//! Letter effects: the choices a letter is made from, its preview, keeping it, a
//! case's letters, and the templates. A
//! letter refused (a field missing, the client's safe-contact rules, a broken
//! template) comes back as [`Reply::Refused`], so the dialog stays open with its
//! choices and the status line says why.

use std::path::Path;

use super::refused;
use crate::domain::LetterId;
use crate::service::{Client, Error};
use crate::ui::msg::{LetterEffect, Reply};

/// Carries out a letter effect.
pub(super) fn run(svc: &Client, effect: LetterEffect) -> Reply {
    let reply = match effect {
        LetterEffect::Choices(case) => svc
            .letter_choices(case)
            .map(|c| Reply::LetterChoices(Box::new(c))),
        LetterEffect::Preview(draft) => svc
            .preview_letter(&draft)
            .map(|view| Reply::LetterPreview(draft, Box::new(view))),
        LetterEffect::Save(draft) => svc.save_letter(&draft, None).map(|_| {
            Reply::LetterSaved(format!(
                "Letter ({}) kept with the case as drafted",
                draft.template
            ))
        }),
        LetterEffect::Load(id) => svc.letter(id).map(|v| Reply::Letter(Box::new(v))),
        LetterEffect::MarkSent(id, on) => svc.mark_letter_sent(id, on).map(|_| {
            Reply::Saved(format!(
                "Letter marked sent on {}; it is fixed from now on",
                crate::letters::long_date(on)
            ))
        }),
        LetterEffect::OfCase(case) => svc
            .case_letters(case)
            .map(|l| Reply::CaseLetters(Box::new(l))),
        LetterEffect::Revise(id, draft) => svc.save_letter(&draft, Some(id)).map(|_| {
            Reply::LetterSaved(format!(
                "Letter ({}) changed; still a draft",
                draft.template
            ))
        }),
        LetterEffect::WriteOut(id, path) => write_out(svc, id, &path),
        LetterEffect::Templates => svc.templates().map(Reply::Templates),
        LetterEffect::SaveTemplate(edit, added) => {
            let name = edit.typed.name.clone();
            let saved = if added {
                svc.add_template(edit.typed)
            } else {
                svc.change_template(*edit)
            };
            saved.map(|()| {
                let how = if added { "added" } else { "changed" };
                Reply::Saved(format!("Template {name} {how}"))
            })
        }
    };
    match reply {
        Ok(r) => r,
        Err(e @ (Error::Letter(_) | Error::Invalid { .. } | Error::Conflict(_))) => refused(e),
        Err(e) => Reply::Failed(e.to_string()),
    }
}

/// A kept letter written to `path` as it stands; a file that cannot be written is
/// refused with its name, so the dialog stays open for another.
fn write_out(svc: &Client, id: LetterId, path: &Path) -> Result<Reply, Error> {
    let view = svc.letter(id)?;
    crate::letters::file::save(&view.document, path).map_err(|e| {
        Error::Conflict(format!(
            "cannot write {}: {e}",
            crate::domain::text::inert(&path.display().to_string())
        ))
    })?;
    let what = if crate::letters::file::is_docx(path) {
        "DOCX"
    } else {
        "plain text"
    };
    Ok(Reply::Saved(format!(
        "Letter written to {} ({what})",
        crate::domain::text::inert(&path.display().to_string())
    )))
}
