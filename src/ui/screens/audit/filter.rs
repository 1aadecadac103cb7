//! The audit screen's filter: a case reference, a user's login and a date, each
//! optional, in a small box over the table. Dates are typed as everywhere else
//! ("yesterday", "3 days ago", "12/11"), and what was understood is said back.

use std::cell::Cell;

use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use crate::domain::CaseRef;
use crate::domain::when::{Lean, parse_when};
use crate::service::AuditQuery;
use crate::ui::theme::Theme;
use crate::ui::widgets::small_form::{Entry, SmallForm, centred};

const CASE: usize = 0;
const USER: usize = 1;
const SINCE: usize = 2;

/// The filter being edited.
pub struct Filter {
    pub form: SmallForm,
    pub cursor: Cell<Option<(u16, u16)>>,
}

impl Filter {
    /// The box, holding what the filter was last set to.
    pub fn new(texts: &[String; 3]) -> Filter {
        Filter {
            form: SmallForm::new(vec![
                Entry::text("Case reference", &texts[CASE]),
                Entry::text("User (login)", &texts[USER]),
                Entry::text("Since", &texts[SINCE]),
            ]),
            cursor: Cell::new(None),
        }
    }

    /// What was typed, to offer again next time.
    pub fn texts(&self) -> [String; 3] {
        [CASE, USER, SINCE].map(|i| self.form.value(i).trim().to_string())
    }

    /// The query the fields ask for, and the filter in words; `None` (with the
    /// problems marked on the fields) when something cannot be understood.
    pub fn parse(&mut self, now: NaiveDateTime) -> Option<(AuditQuery, Vec<String>)> {
        for e in &mut self.form.entries {
            e.error = None;
        }
        let [case, user, since] = self.texts();
        let mut q = AuditQuery::default();
        let mut said = Vec::new();
        if !case.is_empty() {
            match case.to_uppercase().parse::<CaseRef>() {
                Ok(r) => {
                    said.push(format!("case {r}"));
                    q.case = Some(r);
                }
                Err(e) => self.form.entries[CASE].error = Some(e.to_string()),
            }
        }
        if !user.is_empty() {
            said.push(format!("user {}", user.to_lowercase()));
            q.user = Some(user.to_lowercase());
        }
        if !since.is_empty() {
            match since_utc(&since, now) {
                Ok((at, words)) => {
                    said.push(format!("since {words}"));
                    q.since = Some(at);
                }
                Err(e) => self.form.entries[SINCE].error = Some(e),
            }
        }
        match self.form.entries.iter().position(|e| e.error.is_some()) {
            Some(first) => {
                self.form.focus = first;
                None
            }
            None => Some((q, said)),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, t: Theme) {
        let intro = vec![
            Line::from("Leave a field empty to show every entry for it. Dates as you"),
            Line::from("would say them: 2026-11-12, yesterday, 3 days ago, friday."),
        ];
        let r = centred(area, area.width, self.form.height(intro.len(), area.width));
        frame.render_widget(Clear, r);
        self.cursor
            .set(self.form.draw(frame, r, "Filter the audit log", &intro, t));
    }
}

/// A typed date as a moment in UTC (the start of the day when no time is given), and
/// what was understood, in words.
fn since_utc(
    text: &str,
    now: NaiveDateTime,
) -> Result<(chrono::DateTime<chrono::Utc>, String), String> {
    let when = parse_when(text, now, Lean::Past).map_err(|e| e.0)?;
    Ok((
        crate::domain::clock::from_local(when.to_naive()),
        when.describe(),
    ))
}
