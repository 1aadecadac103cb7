//! Letter effects: the choices a letter is made from, its preview, and keeping it. A
//! letter refused (a field missing, the client's safe-contact rules, a broken
//! template) comes back as [`Reply::Refused`], so the dialog stays open with its
//! choices and the status line says why.

use super::refused;
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
    };
    match reply {
        Ok(r) => r,
        Err(e @ (Error::Letter(_) | Error::Invalid { .. } | Error::Conflict(_))) => refused(e),
        Err(e) => Reply::Failed(e.to_string()),
    }
}
