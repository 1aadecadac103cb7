//! A case's letters over its screen: each with its template, who it goes to, whether
//! it is drafted or sent, and the day. Enter reads one; a draft can have its words
//! changed (in the same editor as when it was written) and be marked sent, after which
//! it is fixed; any letter can be written out again to a DOCX or text file.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::dialogs::Banner;
use super::letter;
use crate::domain::{LetterId, LetterStatus};
use crate::keymap::{Action, Context};
use crate::letters::long_date;
use crate::service::LetterView;
use crate::service::views::LetterRow;
use crate::ui::component::{Component, Ctx, Handled, MOVES, ViewCtx, keys_of};
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::layers::reader::Reader;
use crate::ui::msg::{Effect, LetterEffect, Notice, Reply};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::form_box::{BoxField, FormBox};
use crate::ui::widgets::held_list::HeldList;
use crate::ui::widgets::paged_table::Columns;

/// What a letter was asked for: the reply is used accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Read,
    Change,
    Send,
}

/// The case's letters, newest first.
pub struct CaseLetters {
    banner: Banner,
    rows: HeldList<LetterRow>,
    /// The letter asked for, and why.
    wanted: Option<(LetterId, Wanted)>,
}

impl CaseLetters {
    pub fn new(banner: Banner) -> CaseLetters {
        CaseLetters {
            banner,
            rows: HeldList::default(),
            wanted: None,
        }
    }

    fn selected(&self) -> Option<&LetterRow> {
        self.rows.selected()
    }

    /// Asks for the selected letter to read, change or send; a sent one is only read.
    fn ask(&mut self, why: Wanted, cx: &mut Ctx) {
        let Some((id, status)) = self.selected().map(|r| (r.id, r.status)) else {
            cx.info("No letter selected: w on the case writes one");
            return;
        };
        if let (LetterStatus::Sent { on }, Wanted::Change | Wanted::Send) = (status, why) {
            cx.info(format!(
                "This letter was sent on {}: it is not changed; write another that follows it",
                long_date(on)
            ));
            return;
        }
        self.wanted = Some((id, why));
        cx.effect(Effect::Letter(LetterEffect::Load(id)));
    }

    fn opened(&mut self, view: &LetterView, cx: &mut Ctx) {
        let Some(letter) = &view.letter else { return };
        let why = match self.wanted.take() {
            Some((id, why)) if id == letter.id => why,
            _ => return,
        };
        match why {
            Wanted::Read => {
                let mut heading = match letter.status {
                    LetterStatus::Sent { on } => {
                        format!("{} · sent on {}: fixed", letter.template, long_date(on))
                    }
                    LetterStatus::Drafted => format!("{} · drafted", letter.template),
                };
                if letter.follows.is_some() {
                    heading.push_str(" · follows an earlier letter");
                }
                let text = crate::letters::text::write(&view.document);
                let reader = Reader::new(self.banner.lines.clone(), heading, Vec::new(), text);
                cx.push(reader.titled("Letter"));
            }
            Wanted::Change => cx.push(letter::revise(self.banner.clone(), letter, view)),
            Wanted::Send => cx.push(letter::sending(self.banner.clone(), view, cx.now.date())),
        }
    }

    fn write_out(&self, cx: &mut Ctx) {
        match self.selected() {
            Some(row) => cx.push(write_out(self.banner.clone(), row)),
            None => cx.info("No letter selected: w on the case writes one"),
        }
    }
}

impl Component for CaseLetters {
    fn context(&self) -> Context {
        Context::Letters
    }

    fn title(&self) -> String {
        "Letters of the case".into()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Letter(LetterEffect::OfCase(self.banner.case)));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if self.rows.act(action) {
            return Handled::Yes;
        }
        match action {
            Action::Open => self.ask(Wanted::Read, cx),
            Action::EditLetter => self.ask(Wanted::Change, cx),
            Action::MarkSent => self.ask(Wanted::Send, cx),
            Action::WriteOut => self.write_out(cx),
            // The case beneath is read again: a letter sent put an entry on it.
            Action::Cancel => cx.back(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::CaseLetters(l) if l.case == self.banner.case => self.rows.loaded(&l.rows),
            // A letter kept or sent by another worker puts an entry on the case.
            Reply::Changed(Notice::Case(id)) if *id == self.banner.case => {
                cx.effect(Effect::Letter(LetterEffect::OfCase(self.banner.case)))
            }
            Reply::Letter(view) => self.opened(view, cx),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::Open,
            Action::EditLetter,
            Action::MarkSent,
            Action::WriteOut,
            Action::Cancel,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        keys_of(
            &[
                Action::Open,
                Action::EditLetter,
                Action::MarkSent,
                Action::WriteOut,
                Action::Cancel,
            ],
            &MOVES,
        )
    }

    fn passes(&self) -> Vec<Action> {
        vec![Action::Quit, Action::Help]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Letters of the case ", t.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let banner = self.banner.intro(t);
        let [top, list] =
            Layout::vertical([Constraint::Length(banner.len() as u16), Constraint::Min(1)])
                .areas(inner);
        frame.render_widget(Paragraph::new(banner), top);
        if self.rows.rows().is_some_and(<[LetterRow]>::is_empty) {
            let w = cx.keymap.hint(Context::Case, Action::WriteLetter);
            let said = format!(" No letters yet: {w} on the case writes one.");
            frame.render_widget(Paragraph::new(said), list);
            return;
        }
        let columns = Columns {
            header: &["  Status", "Date", "Template", "To"],
            widths: &[
                Constraint::Length(10),
                Constraint::Length(12),
                Constraint::Fill(1),
                Constraint::Fill(1),
            ],
        };
        self.rows
            .draw(frame, list, Block::default(), t, columns, |r| {
                let cells = vec![
                    r.status.name().to_string(),
                    r.on.format("%-d %b %Y").to_string(),
                    shown(&r.title).into_owned(),
                    shown(&r.recipient).into_owned(),
                ];
                (cells, t.normal())
            });
    }
}

/// Asks where to write a kept letter: `.docx` makes a DOCX, any other name plain text.
struct WriteOutSpec {
    banner: Banner,
    letter: LetterId,
    /// `Grievance to an employer, drafted 2 Dec 2026`.
    what: String,
}

impl FormSpec for WriteOutSpec {
    fn title(&self) -> String {
        "Write the letter to a file".into()
    }
    fn width(&self) -> u16 {
        78
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let mut lines = self.banner.intro(t);
        lines.push(Line::from(shown(&self.what).into_owned()));
        lines.push(Line::from(Span::styled(
            "A name ending .docx makes a DOCX; any other, plain text. The file is \
             readable by you only."
                .to_string(),
            t.dim(),
        )));
        lines
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let name = form.text("file");
        let name = name.trim();
        if name.is_empty() {
            return Submit::Problems(vec![("file", "name the file to write".into())]);
        }
        let path = match name.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(rest))
                .unwrap_or_else(|| PathBuf::from(name)),
            None => PathBuf::from(name),
        };
        Submit::Run(Effect::Letter(LetterEffect::WriteOut(self.letter, path)))
    }
}

/// The dialog that writes the letter of `row` out, with a file name to start from.
fn write_out(banner: Banner, row: &LetterRow) -> FormLayer {
    let reference = banner
        .lines
        .first()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("letter")
        .to_string();
    let suggested = format!("{reference}-{}.docx", row.template);
    let what = format!(
        "{}, {} {}",
        row.title,
        row.status.name(),
        row.on.format("%-d %b %Y")
    );
    let form = FormBox::new(vec![BoxField::new(
        "file",
        "File",
        crate::ui::widgets::field::Kind::Text(tui_input::Input::new(suggested)),
    )]);
    FormLayer::new(
        WriteOutSpec {
            banner,
            letter: row.id,
            what,
        },
        form,
    )
}
