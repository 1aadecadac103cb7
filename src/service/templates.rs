//! Letter templates: the built-in ones, and those administrators add or edit, kept
//! encrypted in the store. An edited built-in template is stored under the same name
//! and stands in for it; names are unique.

use serde::{Deserialize, Serialize};

use super::edits::{Edit, Overtaken, names, overtaken};
use super::{Caseline, Error, Operation, Result};
use crate::domain::{AuditAction, AuditNote, LetterTemplate, Problems, TemplateId};
use crate::domain::{LetterSettings, Settings};
use crate::letters::{BUILT_IN, check_template};
use crate::store::Kind;

/// Where a template comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateOrigin {
    /// As caseline comes with it.
    BuiltIn,
    /// A built-in template an administrator changed.
    Edited,
    /// One an administrator added.
    Added,
}

impl TemplateOrigin {
    pub fn word(self) -> &'static str {
        match self {
            TemplateOrigin::BuiltIn => "built in",
            TemplateOrigin::Edited => "edited",
            TemplateOrigin::Added => "added",
        }
    }
}

/// A template as lists and the letter dialog show it, with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateText {
    pub name: String,
    pub title: String,
    pub origin: TemplateOrigin,
    pub body: String,
}

/// A template to add or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTemplate {
    pub name: String,
    /// What it is for; when editing, `None` keeps the title it has.
    pub title: Option<String>,
    pub body: String,
}

impl Caseline {
    /// Every template: the built-in ones (or their edited copies) first, then those
    /// added, by name.
    pub fn templates(&self) -> Result<Vec<TemplateText>> {
        self.require(Operation::Letters)?;
        let stored: Vec<LetterTemplate> = self
            .vault()
            .scan::<LetterTemplate>()
            .collect::<std::result::Result<_, _>>()?;
        let mut out: Vec<TemplateText> = BUILT_IN
            .iter()
            .map(|b| match stored.iter().find(|t| t.name == b.name) {
                Some(t) => text_of(t, TemplateOrigin::Edited),
                None => TemplateText {
                    name: b.name.into(),
                    title: b.title.into(),
                    origin: TemplateOrigin::BuiltIn,
                    body: b.body.into(),
                },
            })
            .collect();
        let mut added: Vec<TemplateText> = stored
            .iter()
            .filter(|t| !BUILT_IN.iter().any(|b| b.name == t.name))
            .map(|t| text_of(t, TemplateOrigin::Added))
            .collect();
        added.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(added);
        Ok(out)
    }

    /// One template by name.
    pub fn template(&self, name: &str) -> Result<TemplateText> {
        self.templates()?
            .into_iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::not_found("letter template", name))
    }

    /// Adds a template under a name no template has (administrators only).
    pub fn add_template(&self, req: NewTemplate) -> Result<()> {
        self.require(Operation::LetterTemplates)?;
        let req = tidied(req)?;
        let _guard = self.write_guard();
        if self.templates()?.iter().any(|t| t.name == req.name) {
            return Err(Error::Conflict(format!(
                "a letter template called \"{}\" already exists: edit it instead",
                req.name
            )));
        }
        let title = req.title.clone().unwrap_or_else(|| req.name.clone());
        self.save_template(TemplateId::new(), req, title, "added")
    }

    /// Changes a template's text (and title); a built-in one gets an edited copy.
    pub fn edit_template(&self, req: NewTemplate) -> Result<()> {
        self.change_template(Edit::as_it_is(req))
    }

    /// [`Caseline::edit_template`] from a form filled with `edit.read`: refused,
    /// naming the parts, when someone else changed the template meanwhile.
    pub fn change_template(&self, edit: Edit<NewTemplate>) -> Result<()> {
        self.require(Operation::LetterTemplates)?;
        let _guard = self.write_guard();
        let req = tidied(edit.typed)?;
        let current = self.template(&req.name)?;
        let stored = self
            .vault()
            .scan::<LetterTemplate>()
            .filter_map(std::result::Result::ok)
            .find(|t| t.name == req.name);
        if let Some(read) = edit.read {
            let typed = NewTemplate {
                title: req.title.clone().or_else(|| Some(current.title.clone())),
                ..req.clone()
            };
            let now = NewTemplate {
                name: current.name.clone(),
                title: Some(current.title.clone()),
                body: current.body.clone(),
            };
            let lost = overtaken(template_parts(&read, &now), &template_parts(&typed, &now));
            if let (false, Some(t)) = (lost.is_empty(), &stored) {
                let o = Overtaken {
                    what: "letter template",
                    at: t.updated_at,
                    parts: lost,
                    then: "copy what you need, press esc to see the template as it is now, \
                           and change it again",
                };
                return Err(self.changed_meanwhile(o, names(Kind::LetterTemplate.tree(), t.id)));
            }
        }
        let id = stored.map_or_else(TemplateId::new, |t| t.id);
        let title = req.title.clone().unwrap_or(current.title);
        self.save_template(id, req, title, "edited")
    }

    /// Sets the letterhead, address and signature lines every letter is framed with
    /// (administrators only).
    pub fn set_letter_settings(&self, letters: LetterSettings) -> Result<()> {
        self.require(Operation::LetterTemplates)?;
        let _guard = self.write_guard();
        let settings = Settings {
            letters,
            ..(*self.settings()).clone()
        };
        settings
            .validate()
            .into_result()
            .map_err(|p| Error::invalid("setting", p))?;
        let mut changes = self.changes();
        changes.put(&settings).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Settings.tree(), "settings")
                .detail("letterhead, address and signature set"),
        );
        self.vault().commit(changes)?;
        self.set_settings(settings);
        Ok(())
    }

    /// Checks a template renders, then stores it with its audit entry.
    fn save_template(
        &self,
        id: TemplateId,
        req: NewTemplate,
        title: String,
        how: &str,
    ) -> Result<()> {
        let template = LetterTemplate {
            id,
            name: req.name.trim().to_string(),
            title: title.trim().to_string(),
            body: req.body,
            updated_at: self.now(),
            updated_by: self.actor().id,
        };
        template
            .validate()
            .into_result()
            .map_err(|p| Error::invalid("letter template", p))?;
        if let Err(e) = check_template(&template.name, &template.body) {
            let mut p = Problems::new();
            p.add("body", e.to_string());
            return Err(Error::invalid("letter template", p));
        }
        let mut changes = self.changes();
        changes.put(&template).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::LetterTemplate.tree(), id)
                .detail(format!("letter template {} {how}", template.name)),
        );
        self.vault().commit(changes)?;
        Ok(())
    }
}

/// The request with its name and title as they are stored (trimmed), the name checked
/// before it is compared with any template's: `mine ` and `mine` are one name, and
/// `appeal ` is the built-in `appeal`.
fn tidied(req: NewTemplate) -> Result<NewTemplate> {
    let name = req.name.trim().to_string();
    let mut p = Problems::new();
    crate::domain::letter::check_template_name(&mut p, "name", &name);
    p.into_result()
        .map_err(|p| Error::invalid("letter template", p))?;
    Ok(NewTemplate {
        name,
        title: req.title.map(|t| t.trim().to_string()),
        body: req.body,
    })
}

/// The parts of two templates that differ: what it is for, and its text. A title
/// left out is the one the template has.
fn template_parts(a: &NewTemplate, b: &NewTemplate) -> Vec<String> {
    let mut parts = Vec::new();
    if a.title.is_some() && a.title != b.title {
        parts.push("what it is for".to_string());
    }
    if a.body != b.body {
        parts.push("the text".to_string());
    }
    parts
}

fn text_of(t: &LetterTemplate, origin: TemplateOrigin) -> TemplateText {
    TemplateText {
        name: t.name.clone(),
        title: t.title.clone(),
        origin,
        body: t.body.clone(),
    }
}
