//! A dialog made of a few fields over a screen. Each dialog says what its fields are
//! and what saving them asks of the service ([`FormSpec`]); this layer does the rest
//! the same way for all of them: keys, errors by field, and going back to the screen
//! beneath (which reloads) once the change is on disk.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, FORM_KEYS, Handled, ViewCtx};
use crate::ui::msg::{Effect, ReferralReply, Reply};
use crate::ui::screens::case::CaseScreen;
use crate::ui::screens::intake::IntakeScreen;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Kind, Outcome};
use crate::ui::widgets::form_box::FormBox;

/// What saving a dialog comes to.
pub enum Submit {
    /// Ask the service for this; the reply closes the dialog or marks its fields.
    Run(Effect),
    /// Not sent: what is wrong, by field.
    Problems(Vec<(&'static str, String)>),
}

/// One kind of dialog: its words, and what its fields mean.
pub trait FormSpec {
    fn title(&self) -> String;
    /// The box's width at most.
    fn width(&self) -> u16 {
        72
    }
    /// Lines over the fields: what the dialog is about (and the case's safeguarding
    /// marker, which every screen of a case shows).
    fn intro(&self, _t: Theme) -> Vec<Line<'static>> {
        Vec::new()
    }
    /// After a field changed: show or hide the fields that depend on it.
    fn changed(&mut self, _form: &mut FormBox) {}
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit;
    /// The field a problem reported by the service belongs to, by its path.
    fn field_for(&self, _path: &str) -> Option<&'static str> {
        None
    }
    /// A reply the layer itself does not know (a dialog that leads to another).
    fn reply(&mut self, _reply: &Reply, _form: &mut FormBox, _cx: &mut Ctx) -> Handled {
        Handled::No
    }
    /// Actions of this dialog beyond the form's own, shown in the hints.
    fn more_keys(&self) -> Vec<Action> {
        Vec::new()
    }
    /// One of [`FormSpec::more_keys`] pressed.
    fn action(&mut self, _action: Action, _form: &mut FormBox, _cx: &mut Ctx) -> Handled {
        Handled::No
    }
    /// What the box's title says while the service is asked: most dialogs save.
    fn waiting(&self) -> &'static str {
        "saving…"
    }
}

/// A dialog on the stack.
pub struct FormLayer {
    spec: Box<dyn FormSpec>,
    form: FormBox,
    cursor: Cell<Option<(u16, u16)>>,
    /// Sent, and waiting for the answer: the fields keep still and saving again does
    /// nothing, so a second save cannot add the same entry or follow-up twice.
    sending: bool,
}

impl FormLayer {
    pub fn new(spec: impl FormSpec + 'static, form: FormBox) -> FormLayer {
        let mut layer = FormLayer {
            spec: Box::new(spec),
            form,
            cursor: Cell::new(None),
            sending: false,
        };
        layer.spec.changed(&mut layer.form);
        layer
    }

    fn after(&mut self, out: Outcome, cx: &Ctx) {
        if out.changed {
            self.spec.changed(&mut self.form);
            self.form.check_dates(cx.now);
        }
    }

    fn submit(&mut self, cx: &mut Ctx) {
        self.form.clear_errors();
        self.form.check_dates(cx.now);
        match self.spec.submit(&self.form, cx) {
            Submit::Run(effect) => {
                self.sending = true;
                cx.effect(effect);
            }
            Submit::Problems(problems) => {
                let n = problems.len();
                for (id, m) in problems {
                    self.form.set_error(id, m);
                }
                self.form.focus_first_error();
                cx.error(format!(
                    "Not saved: {n} thing(s) to put right, marked with !"
                ));
            }
        }
    }

    /// Enter: chooses in a pick list, else moves on; on the last field it saves, as
    /// Enter does in any one-line prompt. Notes take it as a new line.
    fn select(&mut self, cx: &mut Ctx) {
        let kind = &self.form.fields[self.form.focus].kind;
        let notes = matches!(kind, Kind::Notes(_));
        let multiple = matches!(kind, Kind::Pick(p) if p.multiple);
        let out = self.form.nav(Action::Select);
        self.after(out, cx);
        if !notes && !multiple && self.form.is_last() {
            self.submit(cx);
        } else if out.advance {
            self.form.move_focus(true);
        }
    }

    fn refused(&mut self, problems: &[(String, String)], message: &str, cx: &mut Ctx) {
        self.form.clear_errors();
        let mut unplaced = Vec::new();
        for (path, m) in problems {
            match self.spec.field_for(path) {
                Some(id) if self.form.set_error(id, m.clone()) => {}
                // A field hidden because the screen's data said it was not needed
                // (the "log anyway" of a group consulted meanwhile) is shown with it.
                Some(id) if self.form.index(id).is_some() => {
                    self.form.set_shown(id, true);
                    self.form.set_error(id, m.clone());
                }
                _ => unplaced.push(m.clone()),
            }
        }
        self.form.focus_first_error();
        match unplaced.first() {
            None if !problems.is_empty() => cx.error(format!(
                "Not saved: {} thing(s) to put right, marked with !",
                problems.len()
            )),
            Some(first) => cx.error(format!("Not saved: {first}")),
            None => cx.error(format!("Not saved: {message}")),
        }
    }
}

impl Component for FormLayer {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        self.spec.title()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.sending {
            // Esc still closes it (the answer is then said on the status line), and
            // the global keys work; nothing else until the answer.
            return match action {
                Action::Cancel => {
                    cx.pop();
                    Handled::Yes
                }
                a if FORM_KEYS.contains(&a) || self.spec.more_keys().contains(&a) => Handled::Yes,
                _ => Handled::No,
            };
        }
        match action {
            Action::NextField => self.form.move_focus(true),
            Action::PrevField => self.form.move_focus(false),
            Action::Up | Action::Down => {
                let out = self.form.nav(action);
                self.after(out, cx);
            }
            Action::Select => self.select(cx),
            Action::Save => self.submit(cx),
            Action::Cancel => cx.pop(),
            // The dialog's own, then global keys (quit, help, the main places).
            other if self.spec.more_keys().contains(&other) => {
                return self.spec.action(other, &mut self.form, cx);
            }
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Handled {
        if self.sending {
            return Handled::Yes;
        }
        let out = self.form.key(key);
        self.after(out, cx);
        Handled::Yes
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) -> Handled {
        if self.sending {
            return Handled::Yes;
        }
        let out = self.form.paste(text);
        self.after(out, cx);
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        // Another worker's change is not the answer; anything else this dialog hears
        // is (its other effects, such as the outside editor, wait for it).
        if !matches!(reply, Reply::Changed(_)) {
            self.sending = false;
        }
        match reply {
            Reply::Refused { problems, message } => self.refused(problems, message, cx),
            Reply::Saved(message) => {
                cx.back();
                cx.done(message.clone());
            }
            Reply::CaseOpened { id, message } => {
                cx.goto(CaseScreen::new(*id, false));
                cx.done(message.clone());
            }
            Reply::Referral(ReferralReply::Intake(draft)) => {
                let lists = cx.lists;
                let get = |k| {
                    lists
                        .get(&k)
                        .cloned()
                        .unwrap_or(crate::domain::ReferenceList {
                            kind: k,
                            entries: Vec::new(),
                        })
                };
                cx.goto(IntakeScreen::resume(draft, &get, cx.now));
                cx.done("Intake started with where the referral came from");
            }
            _ => return self.spec.reply(reply, &mut self.form, cx),
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        if self.sending {
            return vec![Action::Cancel];
        }
        let mut h = vec![Action::Save, Action::Select, Action::NextField];
        h.extend(self.spec.more_keys());
        h.push(Action::Cancel);
        h
    }

    /// No matching people nor sections here, unlike the intake form; and with one field
    /// there is no other to go to.
    fn keys(&self) -> Vec<Action> {
        if self.sending {
            return vec![Action::Cancel];
        }
        let one = self.form.fields.iter().filter(|f| f.shown).count() < 2;
        FORM_KEYS
            .into_iter()
            .filter(|a| !(one && matches!(a, Action::NextField | Action::PrevField)))
            .chain(self.spec.more_keys())
            .collect()
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let title = match self.sending {
            true => format!("{}: {}", self.spec.title(), self.spec.waiting()),
            false => self.spec.title(),
        };
        let intro = self.spec.intro(cx.theme);
        let cursor = self
            .form
            .draw(frame, area, (&title, self.spec.width()), intro, cx);
        self.cursor.set(cursor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;
    use crate::ui::component::Lists;
    use crate::ui::widgets::form_box::BoxField;

    struct Spec;

    impl FormSpec for Spec {
        fn title(&self) -> String {
            "A dialog".into()
        }
        fn submit(&self, _form: &FormBox, _cx: &Ctx) -> Submit {
            Submit::Problems(Vec::new())
        }
        fn field_for(&self, path: &str) -> Option<&'static str> {
            (path == "despite_warning").then_some("anyway")
        }
    }

    #[test]
    fn a_problem_with_a_hidden_field_shows_the_field() {
        let mut anyway = BoxField::new("anyway", "Log anyway", Kind::Text(Default::default()));
        anyway.shown = false;
        let topic = BoxField::new("topic", "Asked about", Kind::Text(Default::default()));
        let mut layer = FormLayer::new(Spec, FormBox::new(vec![topic, anyway]));
        let (keymap, lists) = (Keymap::builtin(), Lists::new());
        let mut cx = Ctx {
            now: chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            keymap: &keymap,
            lists: &lists,
            effects: Vec::new(),
            commands: Vec::new(),
        };
        let refused = Reply::Refused {
            problems: vec![("despite_warning".into(), "over the limit".into())],
            message: "over the limit".into(),
        };
        assert_eq!(layer.on_reply(&refused, &mut cx), Handled::Yes);
        let field = layer.form.field("anyway");
        assert!(field.shown);
        assert_eq!(field.error.as_deref(), Some("over the limit"));
        assert_eq!(layer.form.focused_id(), "anyway");
    }
}
