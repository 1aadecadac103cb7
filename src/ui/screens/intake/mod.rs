//! The intake screen: the form a worker fills in while the caller is talking.
//!
//! Every change is kept as a draft at once; saving turns the draft into an incident
//! (and a new person where needed) in one transaction.

mod build;
mod fields;
mod form;
mod view;

use std::cell::Cell;

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::domain::{ListKind, ReferenceList};
use crate::keymap::{Action, Context};
use crate::service::{Draft, PersonQuery};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, global_but};
use crate::ui::layers::confirm::Confirm;
use crate::ui::msg::{CardEffect, DraftEffect, Effect, IntakeEffect, Reply};
use crate::ui::screens::home::Home;
use crate::ui::widgets::field::Outcome;
pub use form::Form;

/// The intake screen.
pub struct IntakeScreen {
    pub form: Form,
    last_query: PersonQuery,
    scroll: Cell<u16>,
    cursor: Cell<Option<(u16, u16)>>,
    /// Whether the reporting centres have been asked for (once, on first showing).
    centres_asked: bool,
}

impl IntakeScreen {
    /// A new, empty intake.
    pub fn new(lists: &dyn Fn(ListKind) -> ReferenceList, now: NaiveDateTime) -> IntakeScreen {
        IntakeScreen::with_form(Form::new(lists, now))
    }

    /// An intake resumed from its draft.
    pub fn resume(
        draft: &Draft,
        lists: &dyn Fn(ListKind) -> ReferenceList,
        now: NaiveDateTime,
    ) -> IntakeScreen {
        let mut s = IntakeScreen::with_form(Form::from_draft(draft, lists));
        s.form.check_dates(now);
        s
    }

    fn with_form(form: Form) -> IntakeScreen {
        IntakeScreen {
            form,
            last_query: PersonQuery::default(),
            scroll: Cell::new(0),
            cursor: Cell::new(None),
            centres_asked: false,
        }
    }

    /// After any change: keep the draft, re-check dates, look for the caller on file.
    fn changed(&mut self, cx: &mut Ctx) {
        self.form.check_dates(cx.now);
        self.form.fix_focus();
        cx.effect(Effect::Draft(DraftEffect::Keep(self.form.to_draft())));
        let q = self.form.query();
        if q != self.last_query {
            self.last_query = q.clone();
            if q == PersonQuery::default() {
                self.form.matches.clear();
                self.form.elsewhere = false;
            } else {
                cx.effect(Effect::Intake(IntakeEffect::FindPeople(q)));
            }
        }
    }

    fn after(&mut self, out: Outcome, cx: &mut Ctx) -> Handled {
        if out.changed {
            self.changed(cx);
        }
        if out.advance {
            self.form.move_focus(true);
        }
        if out.used { Handled::Yes } else { Handled::No }
    }

    fn save(&mut self, cx: &mut Ctx) {
        self.form.clear_errors();
        match build::request(&self.form, cx.now) {
            Ok(req) => {
                cx.info("Saving…");
                cx.effect(Effect::Draft(DraftEffect::Record(Box::new(req))));
            }
            Err(problems) => {
                let n = problems.len();
                for (id, m) in problems {
                    self.form.set_error(&id, m);
                }
                self.form.focus_first_error();
                cx.error(format!(
                    "Not saved: {n} thing(s) to put right, marked with !"
                ));
            }
        }
    }

    fn attach(&mut self, cx: &mut Ctx) {
        self.form.on_file = None;
        if self.form.attached.take().is_some() {
            // Their details are asked again: start at the name.
            if let Some(i) = self.form.index("given_names") {
                self.form.focus = i;
            }
            cx.info("The caller will be recorded as a new person");
        } else if let Some(m) = self.form.matches.get(self.form.match_cursor).cloned() {
            cx.done(format!(
                "Using {} from the records",
                crate::ui::text::shown(&m.display_name)
            ));
            cx.effect(Effect::Card(CardEffect::Person(m.id)));
            self.form.attached = Some(m);
            self.form.matches.clear();
        } else {
            cx.info("Nobody on file matches the caller yet");
            return;
        }
        self.last_query = PersonQuery::default();
        self.changed(cx);
    }

    fn refused(&mut self, problems: &[(String, String)], message: &str, cx: &mut Ctx) {
        self.form.clear_errors();
        let mut unplaced = Vec::new();
        for (path, m) in problems {
            match build::field_for(path) {
                Some(id) if self.form.set_error(id, m.clone()) => {}
                _ => unplaced.push(m.clone()),
            }
        }
        self.form.focus_first_error();
        let placed = problems.len() - unplaced.len();
        if unplaced.is_empty() && placed > 0 {
            cx.error(format!(
                "Not saved: {placed} thing(s) to put right, marked with !"
            ));
        } else if let Some(first) = unplaced.first() {
            cx.error(format!("Not saved: {first}"));
        } else {
            cx.error(format!("Not saved: {message}"));
        }
    }
}

impl Component for IntakeScreen {
    fn context(&self) -> Context {
        Context::Form
    }

    fn title(&self) -> String {
        "New intake".into()
    }

    /// The centres a report can come from are read once, when the form first shows.
    fn on_enter(&mut self, cx: &mut Ctx) {
        if !self.centres_asked {
            self.centres_asked = true;
            cx.effect(Effect::Intake(IntakeEffect::LoadCentres));
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if matches!(
            action,
            Action::NextField
                | Action::PrevField
                | Action::NextSection
                | Action::PrevSection
                | Action::Save
        ) && self.form.settle_typed()
        {
            self.changed(cx);
        }
        let field = &mut self.form.fields[self.form.focus].kind;
        match action {
            Action::NextField => self.form.move_focus(true),
            Action::PrevField => self.form.move_focus(false),
            Action::NextSection => self.form.move_section(true),
            Action::PrevSection => self.form.move_section(false),
            Action::Up | Action::Down | Action::Select => {
                let out = field.nav(
                    action == Action::Up,
                    action == Action::Down,
                    action == Action::Select,
                );
                if !out.used {
                    self.form.move_focus(action != Action::Up);
                }
                // Up, down and select always do something in a form: they move focus
                // when the field has no use for them.
                self.after(out, cx);
                return Handled::Yes;
            }
            Action::Save => self.save(cx),
            Action::Cancel => {
                cx.goto(Home::new());
                cx.info("The intake is kept as a draft: start a new intake to carry on");
            }
            Action::Discard => cx.push(Confirm::discard_intake()),
            Action::AttachMatch => self.attach(cx),
            Action::NextMatch if !self.form.matches.is_empty() => {
                self.form.match_cursor = (self.form.match_cursor + 1) % self.form.matches.len();
            }
            Action::NewIntake => cx.info("This is the intake form: save it or discard it first"),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Handled {
        let out = self.form.fields[self.form.focus].kind.key(key);
        self.after(out, cx)
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) -> Handled {
        let out = self.form.fields[self.form.focus].kind.paste(text);
        self.after(out, cx)
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::PeopleFound(q, found, elsewhere) if *q == self.last_query => {
                self.form.elsewhere = *elsewhere;
                self.form.matches = found.clone();
                self.form.match_cursor = 0;
            }
            Reply::PeopleFound(..) => {}
            Reply::Centres { centres, own } => {
                // Not a change of the worker's: no draft is kept for an untouched form.
                self.form.set_centres(centres, *own);
                // A draft resumed with a caller on file: show what is on file.
                if let (Some(a), None) = (&self.form.attached, &self.form.on_file) {
                    cx.effect(Effect::Card(CardEffect::Person(a.id)));
                }
            }
            Reply::Person(card)
                if self
                    .form
                    .attached
                    .as_ref()
                    .is_some_and(|a| a.id == card.person.id) =>
            {
                self.form.on_file = Some(form::OnFile::from_card(card));
            }
            Reply::IntakeSaved { summary } => {
                cx.goto(Home::new());
                cx.done(summary.clone());
            }
            Reply::Refused { problems, message } => self.refused(problems, message, cx),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        let mut h = vec![Action::Save, Action::NextField, Action::NextSection];
        if !self.form.matches.is_empty() || self.form.attached.is_some() {
            h.insert(1, Action::AttachMatch);
        }
        h.extend([Action::Cancel, Action::Discard]);
        h
    }

    fn keys(&self) -> Vec<Action> {
        let mut keys = vec![
            Action::Save,
            Action::Select,
            Action::NextField,
            Action::PrevField,
            Action::NextSection,
            Action::PrevSection,
            Action::Up,
            Action::Down,
            Action::Cancel,
            Action::Discard,
            Action::AttachMatch,
        ];
        if !self.form.matches.is_empty() {
            keys.push(Action::NextMatch);
        }
        keys
    }

    /// A new intake is this one: the key says so rather than starting another.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::NewIntake])
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let cursor = view::draw(frame, area, cx, &self.form, &self.scroll);
        self.cursor.set(cursor);
    }
}
