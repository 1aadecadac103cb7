//! Letter effects: the choices a letter is made from, its preview, and keeping it. A
//! letter refused (a field missing, the client's safe-contact rules, a broken
//! template) comes back as [`Reply::Refused`], so the dialog stays open with its
//! choices and the status line says why.

use super::refused;
use crate::service::{Client, Error};
use crate::ui::msg::{Effect, Reply};

/// Carries out a letter effect; hands back any other effect untouched.
pub(super) fn run(svc: &Client, effect: Effect) -> Result<Option<Reply>, Effect> {
    let reply = match effect {
        Effect::LoadLetterChoices(case) => svc
            .letter_choices(case)
            .map(|c| Reply::LetterChoices(Box::new(c))),
        Effect::PreviewLetter(draft) => svc
            .preview_letter(&draft)
            .map(|view| Reply::LetterPreview(draft, Box::new(view))),
        Effect::SaveLetter(draft) => svc.save_letter(&draft, None).map(|_| {
            Reply::LetterSaved(format!(
                "Letter ({}) kept with the case as drafted",
                draft.template
            ))
        }),
        Effect::LoadLetter(id) => svc.letter(id).map(|v| Reply::Letter(Box::new(v))),
        Effect::MarkLetterSent(id, on) => svc.mark_letter_sent(id, on).map(|_| {
            Reply::Saved(format!(
                "Letter marked sent on {}; it is fixed from now on",
                crate::letters::long_date(on)
            ))
        }),
        other => return Err(other),
    };
    Ok(Some(match reply {
        Ok(r) => r,
        Err(e @ (Error::Letter(_) | Error::Invalid { .. } | Error::Conflict(_))) => refused(e),
        Err(e) => Reply::Failed(e.to_string()),
    }))
}
