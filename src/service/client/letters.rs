//! The calls for letters and their templates, each a request with the reply it expects.

use chrono::NaiveDate;

use super::{Client, unexpected};
use crate::domain::{CaseId, CaseRef, Letter, LetterId, TimelineId};
use crate::service::api::{LetterRequest, Reply};
use crate::service::views::{CaseLetters, LetterChoices};
use crate::service::{LetterDraft, LetterView, NewTemplate, Result, TemplateText};

impl Client {
    pub fn templates(&self) -> Result<Vec<TemplateText>> {
        expect!(self, LetterRequest::Templates, Reply::Templates(t) => t)
    }

    pub fn template(&self, name: &str) -> Result<TemplateText> {
        let request = LetterRequest::Template(name.to_string());
        expect!(self, request, Reply::Template(t) => *t)
    }

    pub fn add_template(&self, t: NewTemplate) -> Result<()> {
        expect!(self, LetterRequest::AddTemplate(t), Reply::Done => ())
    }

    /// Replaces a template's text as it is now (see [`crate::service::Edit`]).
    pub fn edit_template(&self, t: NewTemplate) -> Result<()> {
        self.change_template(crate::service::Edit::as_it_is(t))
    }

    /// Changes a template from a form filled with `edit.read`.
    pub fn change_template(&self, edit: crate::service::Edit<NewTemplate>) -> Result<()> {
        expect!(self, LetterRequest::EditTemplate(Box::new(edit)), Reply::Done => ())
    }

    /// The letter laid out, not kept.
    pub fn preview_letter(&self, draft: &LetterDraft) -> Result<LetterView> {
        let request = LetterRequest::Preview(Box::new(draft.clone()));
        expect!(self, request, Reply::Letter(v) => *v)
    }

    /// Keeps the letter as drafted (new, or `existing` changed).
    pub fn save_letter(&self, draft: &LetterDraft, existing: Option<LetterId>) -> Result<LetterId> {
        let request = LetterRequest::Save(Box::new(draft.clone()), existing);
        expect!(self, request, Reply::LetterSaved(id) => id)
    }

    /// Marks a drafted letter sent; returns the "letter sent" entry.
    pub fn mark_letter_sent(&self, id: LetterId, on: NaiveDate) -> Result<TimelineId> {
        expect!(self, LetterRequest::MarkSent(id, on), Reply::LetterSent(_, entry) => entry)
    }

    pub fn letter(&self, id: LetterId) -> Result<LetterView> {
        expect!(self, LetterRequest::Letter(id), Reply::Letter(v) => *v)
    }

    /// Sets the letterhead, address and signature lines.
    pub fn set_letter_settings(&self, f: crate::domain::LetterSettings) -> Result<()> {
        expect!(self, LetterRequest::SetFraming(f), Reply::Done => ())
    }

    /// What a letter on case `r` can be made from.
    pub fn letter_choices(&self, r: CaseRef) -> Result<LetterChoices> {
        expect!(self, LetterRequest::Choices(r), Reply::LetterChoices(c) => *c)
    }

    pub fn letters_of(&self, case: CaseId) -> Result<Vec<Letter>> {
        expect!(self, LetterRequest::Letters(case), Reply::Letters(l) => l)
    }

    /// A case's letters as its screen lists them, newest first.
    pub fn case_letters(&self, case: CaseId) -> Result<CaseLetters> {
        expect!(self, LetterRequest::OfCase(case), Reply::CaseLetters(l) => *l)
    }
}
