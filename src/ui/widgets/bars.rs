//! The header, status line and hint bar around every screen, and the too-small screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::keymap::{Action, Context};
use crate::ui::app::{MIN_SIZE, Session};
use crate::ui::component::{Status, ViewCtx};
use crate::ui::text::{columns, shown};
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::{fit, pad};

/// `caseline · Organisation · Screen` on the left, the user on the right.
pub fn header(frame: &mut Frame, area: Rect, theme: Theme, session: Option<&Session>, title: &str) {
    let left = match session {
        Some(s) => format!(" caseline · {} · {title}", shown(&s.organisation)),
        None => format!(" caseline · {title}"),
    };
    let right = session
        .map(|s| format!("{} ", shown(&s.user)))
        .unwrap_or_default();
    let width = area.width as usize;
    let right_cols = columns(&right);
    let line = if columns(&left) + right_cols < width {
        format!("{}{right}", pad(&left, width - right_cols))
    } else {
        fit(&left, width)
    };
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}

/// The last thing that happened: done, information, or an error (marked `!`).
pub fn status(frame: &mut Frame, area: Rect, theme: Theme, status: Option<&Status>) {
    let width = area.width as usize;
    let line = match status {
        None => Line::default(),
        Some(Status::Done(t)) => {
            Line::from(Span::styled(fit(&format!(" ✓ {t}"), width), theme.ok()))
        }
        Some(Status::Info(t)) => Line::from(Span::raw(fit(&format!(" {t}"), width))),
        Some(Status::Error(t)) => {
            Line::from(Span::styled(fit(&format!(" ! {t}"), width), theme.error()))
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys of the screen in front, then help: what a newcomer needs to go on.
pub fn hints(frame: &mut Frame, area: Rect, cx: &ViewCtx, context: Context, actions: &[Action]) {
    let mut spans = Vec::new();
    let mut width = 0usize;
    let mut all: Vec<Action> = actions.to_vec();
    if !all.contains(&Action::Help) {
        all.push(Action::Help);
    }
    // Room is kept for help, which comes last: a newcomer can always find it.
    let reserve =
        cx.keymap.hint(context, Action::Help).chars().count() + short_label(Action::Help).len() + 3;
    for a in all {
        let key = cx.keymap.hint(context, a);
        let label = short_label(a);
        let add = key.chars().count() + label.chars().count() + 3;
        if width + add + reserve > area.width as usize && a != Action::Help {
            continue;
        }
        width += add;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, cx.theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Labels short enough for the hint bar.
fn short_label(a: Action) -> &'static str {
    match a {
        Action::Quit => "quit",
        Action::Help => "help",
        Action::Lock => "lock",
        Action::Home => "home",
        Action::NewIntake => "new intake",
        Action::RecentIntakes => "recent",
        Action::Up | Action::Down => "move",
        Action::PageUp | Action::PageDown => "page",
        Action::First => "first",
        Action::Last => "last",
        Action::NextPage => "next page",
        Action::PrevPage => "page before",
        Action::Open => "open",
        Action::NextField => "next",
        Action::PrevField => "back",
        Action::NextSection => "next section",
        Action::PrevSection => "prev section",
        Action::Select => "choose",
        Action::AttachMatch => "use match",
        Action::NextMatch => "next match",
        Action::Save => "save",
        Action::Cancel => "close",
        Action::Discard => "discard",
        Action::Confirm => "yes",
        Action::Cases => "cases",
        Action::Queue => "follow-ups",
        Action::Search => "search",
        Action::OpenCase => "open case",
        Action::AttachToCase => "add to case",
        Action::AddEntry => "add entry",
        Action::CorrectEntry => "correct",
        Action::ChangeStatus => "status",
        Action::EditCase => "edit",
        Action::EditPerson => "edit",
        Action::Duplicates => "duplicates",
        Action::MergePerson => "merge",
        Action::SwapKept => "swap",
        Action::CaseReports => "its reports",
        Action::AddFollowUp => "follow-up",
        Action::LinkCase => "link",
        Action::WriteLetter => "letter",
        Action::EditOutside => "editor",
        Action::CaseLetters => "letters",
        Action::Templates => "templates",
        Action::AddTemplate => "add",
        Action::EditLetter => "edit",
        Action::MarkSent => "mark sent",
        Action::WriteOut => "write out",
        Action::Complete => "done",
        Action::Snooze => "snooze",
        Action::Reassign => "reassign",
        Action::FilterStatus => "status",
        Action::FilterKind => "kind",
        Action::ToggleMine => "mine/all",
        Action::FilterWorker => "worker",
        Action::ToggleSafeguarding => "safeguarding",
        Action::Sort => "sort",
        Action::JumpDate => "date",
        Action::NextPane | Action::PrevPane => "switch",
        Action::SavedQueue1 | Action::SavedQueue2 | Action::SavedQueue3 | Action::SavedQueue4 => {
            "saved queue"
        }
        Action::Audit => "audit log",
        Action::Users => "users",
        Action::Settings => "settings",
        Action::FilterAudit => "filter",
        Action::VerifyAudit => "verify",
        Action::AddUser => "add",
        Action::ChangeRole => "role",
        Action::DisableUser => "disable",
        Action::ResetPassphrase => "passphrase",
        Action::Reports => "reports",
        Action::PrevPeriod | Action::NextPeriod => "period",
        Action::PeriodKind => "year/quarter/month",
        Action::TypePeriod => "type a period",
        Action::ToggleWorking => "working figures",
        Action::NextColumns | Action::PrevColumns => "columns",
        Action::Directory => "directory",
        Action::AddOrganisation => "add",
        Action::EditOrganisation => "edit",
        Action::LogConsultation => "consultation",
        Action::Referrals => "referrals",
        Action::Refer => "refer",
        Action::Signpost => "signpost",
        Action::CaseReferrals => "referrals",
        Action::MoveReferral => "set status",
        Action::FilterDirection => "in/out",
        Action::FilterOrganisation => "organisation",
        Action::IncomingReferral => "incoming",
        Action::WriteFile => "to a file",
    }
}

/// Shown instead of everything when the terminal is smaller than 80x24.
pub fn too_small(frame: &mut Frame, area: Rect, theme: Theme, quit_key: &str) {
    let text = format!(
        "caseline needs {}x{}, this terminal is {}x{}.\nMake the window larger, or press {quit_key} to quit.",
        MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
    );
    let top = area.height.saturating_sub(2) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.warn())
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}
