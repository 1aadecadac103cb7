//! Possible duplicates, for caseworkers: the intakes a volunteer saved with a caller
//! who may already be on file, each beside the record on file they may be; or, from a
//! person's card, the other records that may be them. Enter asks to merge the two.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::domain::PersonId;
use crate::keymap::{Action, Context};
use crate::service::{MergeSide, PossibleDuplicate};
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::layers::merge::MergeConfirm;
use crate::ui::msg::{Effect, Notice, PeopleEffect, Reply};
use crate::ui::text::shown;
use crate::ui::widgets::held_list::HeldList;

/// The list of pairs of records that may be one person.
pub struct DuplicatesScreen {
    /// The person whose card asked, for the records like them; `None` for the
    /// intakes marked as possible duplicates.
    of: Option<(PersonId, String)>,
    /// The pairs, or why they could not be read (a volunteer's key: the service
    /// refuses).
    rows: HeldList<PossibleDuplicate>,
}

impl DuplicatesScreen {
    /// The intakes marked as possible duplicates.
    pub fn marked() -> DuplicatesScreen {
        DuplicatesScreen {
            of: None,
            rows: HeldList::default(),
        }
    }

    /// Other records that may be this person, who is the one kept.
    pub fn like(id: PersonId, name: String) -> DuplicatesScreen {
        DuplicatesScreen {
            of: Some((id, name)),
            ..DuplicatesScreen::marked()
        }
    }

    fn load(&self) -> Effect {
        match &self.of {
            Some((id, _)) => Effect::People(PeopleEffect::MergeCandidates(*id)),
            None => Effect::People(PeopleEffect::Duplicates),
        }
    }

    fn merge(&self, cx: &mut Ctx) {
        let Some(pair) = self.rows.selected() else {
            return;
        };
        match MergeConfirm::new(pair) {
            Some(question) => cx.push(question),
            None => cx.info("Nobody on file matches this caller now: there is nothing to merge"),
        }
    }
}

/// A record in two lines: the name, then phone and postcode.
fn side(s: &MergeSide) -> Text<'static> {
    let mut more: Vec<String> = Vec::new();
    more.extend(s.phone.as_deref().map(|p| shown(p).into_owned()));
    more.extend(s.postcode.as_deref().map(|p| shown(p).into_owned()));
    Text::from(vec![
        Line::raw(shown(&s.name).into_owned()),
        Line::raw(more.join(" · ")),
    ])
}

impl Component for DuplicatesScreen {
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        match &self.of {
            Some(_) => "Merge with another record".into(),
            None => "Possible duplicates".into(),
        }
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(self.load());
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.rows.act(action) {
            return Handled::Yes;
        }
        match action {
            Action::Open | Action::MergePerson => self.merge(cx),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Duplicates(rows) => self.rows.loaded(rows),
            Reply::Failed(message) if self.rows.rows().is_none() => self.rows.failed(message, cx),
            // Someone else merged, changed a person or saved an intake meanwhile.
            Reply::Changed(Notice::Intake | Notice::Person(_)) => cx.effect(self.load()),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::MergePerson,
            Action::Open,
            Action::Down,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(&[Action::Open, Action::MergePerson], &MOVES)
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let title = match &self.of {
            Some((_, name)) => format!(" Other records that may be {} ", shown(name)),
            None => " Possible duplicates: callers who may already be on file ".into(),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, t.heading()));
        if let (None, Some(why)) = (self.rows.rows(), self.rows.refused()) {
            let text = format!(" Not shown: {}", shown(why));
            frame.render_widget(Paragraph::new(text).block(block), area);
            return;
        }
        let empty = match (self.rows.rows(), &self.of) {
            (None, _) => Some(" Loading…"),
            (Some([]), None) => Some(" No intakes are marked as possible duplicates."),
            (Some([]), Some(_)) => {
                Some(" No other record has this person's name, phone or postcode.")
            }
            _ => None,
        };
        if let Some(text) = empty {
            frame.render_widget(Paragraph::new(text).block(block), area);
            return;
        }
        let rows = self.rows.rows().unwrap_or_default();
        // Two lines a pair: the names, then their phones and postcodes.
        let visible = (area.height.saturating_sub(3) / 2) as usize;
        let first = self.rows.cursor().saturating_sub(visible.saturating_sub(1));
        let table_rows: Vec<Row> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, r)| {
                let here = i == self.rows.cursor();
                let mark = if here { ">" } else { " " };
                let on_file = r
                    .on_file
                    .as_ref()
                    .map_or_else(|| Text::raw("(nobody now)"), side);
                let cells = [
                    Text::raw(format!("{mark} {}", r.reported)),
                    on_file,
                    side(&r.newer),
                    Text::raw(r.matched_on.join("+")),
                ];
                let style = if here { t.focus() } else { t.normal() };
                Row::new(cells.into_iter().map(Cell::from))
                    .height(2)
                    .style(style)
            })
            .collect();
        let (taken, kept, other) = match self.of {
            Some(_) => ("", "This person (kept)", "Other record"),
            None => ("  Taken", "On file (kept)", "New record"),
        };
        let header = Row::new([taken, kept, other, "Same"]).style(t.heading());
        let widths = [
            Constraint::Length(if self.of.is_some() { 2 } else { 18 }),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(10),
        ];
        frame.render_widget(
            Table::new(table_rows, widths).header(header).block(block),
            area,
        );
    }
}
