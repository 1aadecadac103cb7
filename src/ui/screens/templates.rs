//! The letter templates, for administrators: the built-in ones (or their edited
//! copies) and those added, each with what it is for. Enter reads one; one key adds a
//! template and another changes the selected one, its words typed in the dialog's own
//! editor or in the worker's `$EDITOR`. The service checks that a template renders
//! before keeping it and refuses anyone but an administrator; a broken template is
//! named with its line in the dialog, and nothing is saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::home::Home;
use crate::keymap::{Action, Context};
use crate::service::{Edit, NewTemplate, TemplateText};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::layers::outside_editor;
use crate::ui::layers::reader::Reader;
use crate::ui::msg::{Effect, LetterEffect, Notice, Reply};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Kind, notes};
use crate::ui::widgets::form_box::{BoxField, FormBox};
use crate::ui::widgets::held_list::HeldList;
use crate::ui::widgets::paged_table::Columns;

/// What a new template starts with: the greeting every built-in one uses.
/// (The blank line after it is kept: a notes field drops one trailing line break.)
const STARTER: &str = "Dear {{ recipient.greeting }},\n\n\n";

/// The templates screen.
pub struct TemplatesScreen {
    templates: HeldList<TemplateText>,
}

impl Default for TemplatesScreen {
    fn default() -> Self {
        TemplatesScreen::new()
    }
}

impl TemplatesScreen {
    pub fn new() -> TemplatesScreen {
        TemplatesScreen {
            templates: HeldList::default(),
        }
    }

    fn selected(&self) -> Option<&TemplateText> {
        self.templates.selected()
    }

    /// The selected template's text, read-only.
    fn read(&self, cx: &mut Ctx) {
        let Some(t) = self.selected() else { return };
        let heading = format!("{} ({}) · {}", t.title, t.name, t.origin.word());
        let reader = Reader::new(Vec::new(), heading, Vec::new(), t.body.clone());
        cx.push(reader.titled("Letter template"));
    }
}

impl Component for TemplatesScreen {
    fn context(&self) -> Context {
        Context::Letters
    }

    fn title(&self) -> String {
        "Letter templates".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Letter(LetterEffect::Templates));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.templates.act(action) {
            return Handled::Yes;
        }
        match action {
            Action::Open => self.read(cx),
            Action::AddTemplate => cx.push(template_form(None)),
            Action::EditLetter => match self.selected() {
                Some(t) => cx.push(template_form(Some(t))),
                None => cx.info("No template selected"),
            },
            Action::Cancel => cx.goto(Home::new()),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Templates(templates) => self.templates.loaded(templates),
            // Another administrator added or changed a template.
            Reply::Changed(Notice::Setup) => cx.effect(Effect::Letter(LetterEffect::Templates)),
            Reply::Refused { message, .. } | Reply::Failed(message) => {
                self.templates.failed(message, cx)
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Open,
            Action::AddTemplate,
            Action::EditLetter,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        let own = [
            Action::Open,
            Action::AddTemplate,
            Action::EditLetter,
            Action::Cancel,
        ];
        keys_of(&own, &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Letter templates ", t.heading()));
        let columns = Columns {
            header: &["  Name", "What it is for", "From"],
            widths: &[
                Constraint::Length(20),
                Constraint::Min(30),
                Constraint::Length(9),
            ],
        };
        self.templates.draw(frame, area, block, t, columns, |tt| {
            let cells = vec![
                shown(&tt.name).into_owned(),
                shown(&tt.title).into_owned(),
                tt.origin.word().to_string(),
            ];
            (cells, t.normal())
        });
    }
}

/// Adding a template (`editing` is `None`) or changing one: its name is fixed once
/// made, since letters and scripts name it.
struct TemplateSpec {
    editing: Option<String>,
    /// The template as the form was filled from it, when changing one: a save that
    /// would undo someone else's change meanwhile is refused, keeping the typing.
    read: Option<NewTemplate>,
}

impl FormSpec for TemplateSpec {
    fn title(&self) -> String {
        match &self.editing {
            Some(name) => format!("Change the template {}", shown(name)),
            None => "Add a letter template".into(),
        }
    }
    fn width(&self) -> u16 {
        78
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        vec![Line::from(Span::styled(
            "Fields in {{ }} come from the case; a broken line is named, nothing saved."
                .to_string(),
            t.dim(),
        ))]
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let name = match &self.editing {
            Some(name) => name.clone(),
            None => form.text("name").trim().to_string(),
        };
        let title = form.text("title").trim().to_string();
        let template = NewTemplate {
            name,
            title: (!title.is_empty()).then_some(title),
            body: form.text("body"),
        };
        let edit = Edit {
            typed: template,
            read: self.read.clone(),
        };
        Submit::Run(Effect::Letter(LetterEffect::SaveTemplate(
            Box::new(edit),
            self.editing.is_none(),
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path {
            "name" if self.editing.is_none() => Some("name"),
            "title" => Some("title"),
            "body" => Some("body"),
            _ => None,
        }
    }
    fn more_keys(&self) -> Vec<Action> {
        outside_editor::KEYS.to_vec()
    }
    fn action(&mut self, action: Action, form: &mut FormBox, cx: &mut Ctx) -> Handled {
        outside_editor::action(action, form, "body", cx)
    }
    fn reply(&mut self, reply: &Reply, form: &mut FormBox, cx: &mut Ctx) -> Handled {
        outside_editor::reply(reply, form, "body", "The template", cx)
    }
}

/// The dialog for a new template, or for changing `editing`.
fn template_form(editing: Option<&TemplateText>) -> FormLayer {
    let text = |s: &str| Kind::Text(tui_input::Input::new(s.to_string()));
    let mut fields = Vec::new();
    if editing.is_none() {
        fields.push(
            BoxField::new("name", "Name", text(""))
                .placeholder("lower-case words joined by hyphens: chaser"),
        );
    }
    let title = editing.map_or("", |t| t.title.as_str());
    fields.push(BoxField::new("title", "For", text(title)).placeholder("what it is for"));
    let body = editing.map_or(STARTER, |t| t.body.as_str());
    fields.push(BoxField::new("body", "Template", notes(body)));
    let spec = TemplateSpec {
        editing: editing.map(|t| t.name.clone()),
        read: editing.map(|t| NewTemplate {
            name: t.name.clone(),
            title: Some(t.title.clone()),
            body: t.body.clone(),
        }),
    };
    FormLayer::new(spec, FormBox::new(fields))
}
