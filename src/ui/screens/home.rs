//! The home screen: the main places, one key each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::audit::AuditScreen;
use super::cases::CaseListScreen;
use super::directory::DirectoryScreen;
use super::duplicates::DuplicatesScreen;
use super::intake::IntakeScreen;
use super::queue::QueueScreen;
use super::recent::Recent;
use super::referrals::ReferralsScreen;
use super::reports::ReportsScreen;
use super::templates::TemplatesScreen;
use super::users::UsersScreen;
use crate::domain::Role;
use crate::keymap::{Action, Context};
use crate::service::Draft;
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, global_but};
use crate::ui::layers::confirm::Resume;
use crate::ui::layers::work_settings::settings_dialog;
use crate::ui::msg::{AdminEffect, CaseEffect, DraftEffect, Effect, Notice, Reply};
use crate::ui::widgets::small_form::centred;

/// The places, with the action that goes there.
const PLACES: [(Action, &str, &str); 7] = [
    (
        Action::NewIntake,
        "New intake",
        "record a report while the caller is on the line",
    ),
    (
        Action::RecentIntakes,
        "Recent intakes",
        "reports taken lately, newest first",
    ),
    (
        Action::Cases,
        "Cases",
        "casework: timelines, status, follow-ups",
    ),
    (
        Action::Queue,
        "Follow-ups",
        "what is overdue, due today and this week",
    ),
    (
        Action::Directory,
        "Directory",
        "community groups and partner organisations",
    ),
    (
        Action::Referrals,
        "Referrals",
        "in and out, the longest unanswered first",
    ),
    (Action::Quit, "Quit", "unfinished intakes are kept"),
];

/// Reports, shown (before Quit) to caseworkers and administrators.
const REPORTS: Place = (
    Action::Reports,
    "Reports",
    "monitoring figures, safe to publish",
);

/// Possible duplicates, shown (before Quit) to caseworkers and administrators, who
/// may merge two records of one person.
const DUPLICATES: Place = (
    Action::Duplicates,
    "Duplicates",
    "callers who may already be on file, to merge",
);

/// The administrator's places, shown (before Quit) only to administrators.
const ADMIN_PLACES: [(Action, &str, &str); 4] = [
    (
        Action::Audit,
        "Audit log",
        "who saw and changed what; is the chain intact",
    ),
    (
        Action::Users,
        "Users",
        "add users, set roles, disable, new passphrases",
    ),
    (
        Action::Templates,
        "Letter templates",
        "read, add and change the letters' wording",
    ),
    (
        Action::Settings,
        "Settings",
        "consultation limit, when referrals are chased",
    ),
];

type Place = (Action, &'static str, &'static str);

/// The home screen.
pub struct Home {
    cursor: usize,
    draft: Option<Draft>,
    offer_resume: bool,
    /// The signed-in worker's overdue and due-today follow-ups.
    counts: Option<(usize, usize)>,
    /// Whether the signed-in user is an administrator (known once the role is read).
    admin: bool,
    /// Whether they may read reports (not volunteers).
    reports: bool,
    /// Whether the signed-in user is a reporting centre's login, who has intakes only.
    centre: bool,
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Home {
    pub fn new() -> Home {
        Home {
            cursor: 0,
            draft: None,
            offer_resume: false,
            counts: None,
            admin: false,
            reports: false,
            centre: false,
        }
    }

    /// The places this user can go, in order.
    fn places(&self) -> Vec<Place> {
        let mut places = PLACES.to_vec();
        // A reporting centre's login takes intakes for its centre and reads their own
        // reports: nothing else is theirs.
        if self.centre {
            places.retain(|(a, ..)| {
                matches!(a, Action::NewIntake | Action::RecentIntakes | Action::Quit)
            });
        }
        let quit = places.len() - 1;
        if self.admin {
            places.splice(quit..quit, ADMIN_PLACES);
        }
        if self.reports {
            places.insert(quit, REPORTS);
            places.insert(quit + 1, DUPLICATES);
        }
        places
    }

    /// Goes to an administrator's screen; for anyone else says it is not theirs.
    fn admin_place(&self, action: Action, cx: &mut Ctx) {
        match (self.admin, action) {
            (true, Action::Audit) => cx.goto(AuditScreen::new()),
            (true, Action::Templates) => cx.goto(TemplatesScreen::new()),
            (true, Action::Settings) => cx.effect(Effect::Admin(AdminEffect::LoadWorkSettings)),
            (true, _) => cx.goto(UsersScreen::new()),
            (false, _) => cx.error("That is for administrators"),
        }
    }

    /// Home, straight after signing in: an unfinished draft is offered at once.
    pub fn after_unlock() -> Home {
        Home {
            offer_resume: true,
            ..Home::new()
        }
    }
}

/// Opens the intake form: the unfinished draft if there is one, else a new form.
pub fn open_intake(draft: Option<&Draft>, cx: &mut Ctx) {
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
    match draft {
        Some(d) => {
            let screen = IntakeScreen::resume(d, &get, cx.now);
            cx.goto(screen);
            cx.info("Carrying on with the unfinished intake");
        }
        None => cx.goto(IntakeScreen::new(&get, cx.now)),
    }
}

impl Component for Home {
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        "Home".into()
    }

    fn on_enter(&mut self, cx: &mut Ctx) {
        cx.effect(Effect::Draft(DraftEffect::Check));
        // The counts follow the role: a reporting centre's login has no follow-ups.
        cx.effect(Effect::Admin(AdminEffect::LoadRole));
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        let places = self.places();
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(places.len() - 1),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = places.len() - 1,
            Action::Open => match places[self.cursor].0 {
                Action::NewIntake => open_intake(self.draft.as_ref(), cx),
                Action::RecentIntakes => cx.goto(Recent::new()),
                Action::Cases => cx.goto(CaseListScreen::new()),
                Action::Queue => cx.goto(QueueScreen::new()),
                Action::Directory => cx.goto(DirectoryScreen::new()),
                Action::Referrals => cx.goto(ReferralsScreen::new()),
                a @ (Action::Audit | Action::Users | Action::Templates | Action::Settings) => {
                    self.admin_place(a, cx)
                }
                Action::Reports => cx.goto(ReportsScreen::new(cx.now.date())),
                Action::Duplicates => cx.goto(DuplicatesScreen::marked()),
                _ => cx.effect(Effect::Quit),
            },
            // Volunteers are not offered these; the service refuses them if they press
            // the key.
            Action::Reports => cx.goto(ReportsScreen::new(cx.now.date())),
            Action::Duplicates => cx.goto(DuplicatesScreen::marked()),
            Action::Audit | Action::Users | Action::Templates | Action::Settings => {
                self.admin_place(action, cx)
            }
            Action::NewIntake => open_intake(self.draft.as_ref(), cx),
            Action::Cancel => {}
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn on_reply(&mut self, reply: &Reply, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::DraftFound(d, _) => {
                self.draft = d.clone();
                if let (Some(d), true) = (d, self.offer_resume) {
                    cx.push(Resume::new(d.clone()));
                }
                self.offer_resume = false;
                Handled::Yes
            }
            Reply::Changed(Notice::FollowUps) if !self.centre => {
                cx.effect(Effect::Case(CaseEffect::LoadCounts(cx.now.date())));
                Handled::Yes
            }
            // An administrator changed a role: the places follow it (and the counts
            // come with the role).
            Reply::Changed(Notice::Setup) => {
                cx.effect(Effect::Admin(AdminEffect::LoadRole));
                Handled::Yes
            }
            Reply::WorkSettings(s) => {
                cx.push(settings_dialog((**s).clone(), cx));
                Handled::Yes
            }
            Reply::Counts { overdue, today } => {
                self.counts = Some((*overdue, *today));
                Handled::Yes
            }
            Reply::Role(role) => {
                self.admin = *role == Role::Administrator;
                self.reports = *role != Role::Volunteer;
                self.centre = *role == Role::ReportingCentre;
                if !self.centre {
                    cx.effect(Effect::Case(CaseEffect::LoadCounts(cx.now.date())));
                }
                self.cursor = self.cursor.min(self.places().len() - 1);
                Handled::Yes
            }
            _ => Handled::No,
        }
    }

    fn hints(&self) -> Vec<Action> {
        vec![
            Action::NewIntake,
            Action::RecentIntakes,
            Action::Cases,
            Action::Queue,
            Action::Reports,
            Action::Directory,
            Action::Quit,
            Action::Open,
        ]
    }

    fn keys(&self) -> Vec<Action> {
        let mut keys = vec![Action::Open, Action::Reports];
        if self.reports {
            keys.push(Action::Duplicates);
        }
        if self.admin {
            keys.extend([
                Action::Audit,
                Action::Users,
                Action::Templates,
                Action::Settings,
            ]);
        }
        keys.extend([Action::Up, Action::Down, Action::First, Action::Last]);
        keys
    }

    /// Esc has nowhere to go back to, and home is here.
    fn passes(&self) -> Vec<Action> {
        global_but(&[Action::Cancel, Action::Home])
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let t = cx.theme;
        let places = self.places();
        // A blank line between places while they fit; an administrator's longer list
        // closes up rather than push the follow-up counts off an 80x24 screen.
        let extras = usize::from(self.counts.is_some()) + usize::from(self.draft.is_some());
        let roomy = usize::from(area.height) >= 3 + places.len() * 2 + extras;
        let mut lines = vec![Line::default()];
        for (i, (action, name, what)) in places.iter().enumerate() {
            let key = cx.keymap.hint(Context::List, *action);
            let here = i == self.cursor;
            let marker = if here { ">" } else { " " };
            let style = if here { t.focus() } else { t.normal() };
            lines.push(Line::from(vec![
                Span::styled(format!(" {marker} {name:<18}"), style),
                Span::styled(format!(" {key:<6}"), t.key()),
                Span::styled(format!(" {what}"), t.dim()),
            ]));
            if roomy {
                lines.push(Line::default());
            }
        }
        if let Some((overdue, today)) = self.counts {
            let style = if overdue > 0 { t.warn() } else { t.normal() };
            let mark = if overdue > 0 { "!" } else { " " };
            lines.push(Line::from(Span::styled(
                format!(" {mark} Your follow-ups: {overdue} overdue, {today} due today"),
                style,
            )));
        }
        if let Some(d) = &self.draft {
            let when = d
                .saved_at
                .with_timezone(&crate::domain::clock::zone())
                .format("%H:%M on %a %-d %b");
            lines.push(Line::from(Span::styled(
                format!(
                    " ! Unfinished intake from {when}: {} carries on",
                    cx.keymap.hint(Context::List, Action::NewIntake)
                ),
                t.warn(),
            )));
        }
        let r = centred(area, 78, lines.len() as u16 + 2);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" What do you want to do? ", t.heading()));
        frame.render_widget(Paragraph::new(lines).block(block), r);
    }
}
