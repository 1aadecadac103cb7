//! Driving the interface without a terminal: for behaviour tests, snapshots and
//! benchmarks. Keys are written in keymap notation, helix style: text is typed as it
//! is, and `<C-s>`, `<tab>`, `<S-tab>`, `<esc>`, `<enter>`, `<pagedown>` name keys
//! (`<lt>` types a `<`). Effects run against a real store, as in the program.

use std::path::Path;

use chrono::NaiveDateTime;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::CellWidth;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::backend::{Backend, Reach};
use super::msg::{Asked, CaseEffect, Effect, IntakeEffect, Msg, Reply};
use super::theme::Theme;
use crate::domain::Clock;
use crate::keymap::{Code, Key, Keymap};

/// Sunday 22 November 2026, 10:15 in London: the moment the tests' fixtures are
/// written for, unless a test sets another.
pub const TEST_START: (i32, u32, u32, u32, u32) = (2026, 11, 22, 10, 15);

/// A clock set at [`TEST_START`].
pub fn test_clock() -> Clock {
    let (y, m, d, h, min) = TEST_START;
    clock_at(y, m, d, h, min)
}

/// A clock set at a wall-clock time in London.
pub fn clock_at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Clock {
    let at = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("a valid date and time");
    Clock::set_at_local(at)
}

/// An application, its effects' backend, and a screen in memory.
pub struct Harness {
    pub app: App,
    backend: Backend,
    terminal: Terminal<TestBackend>,
    /// The one clock: the screens and the service read it, and a test moves it.
    pub clock: Clock,
    /// Hold caller-matching queries back, as the program runs them beside the loop;
    /// [`Harness::run_matching`] answers them.
    pub defer_matching: bool,
    deferred: Vec<Asked>,
    /// Hold case list reads back, as the program runs them beside the loop;
    /// [`Harness::run_lists`] answers them.
    pub defer_lists: bool,
    deferred_lists: Vec<Asked>,
    /// Hold back the effects this picks out, as if the service were slow to answer;
    /// [`Harness::release_held`] answers them (for what a worker does meanwhile).
    pub hold: fn(&Effect) -> bool,
    held: Vec<Asked>,
    /// The editor command `C-x` runs (a script, in tests); `None`: `$VISUAL`/`$EDITOR`.
    pub editor: Option<String>,
}

/// The key event a keymap key stands for.
pub fn event_for(key: Key) -> KeyEvent {
    let mut mods = KeyModifiers::NONE;
    if key.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if key.alt {
        mods |= KeyModifiers::ALT;
    }
    if key.shift {
        mods |= KeyModifiers::SHIFT;
    }
    let code = match key.code {
        Code::Char(c) => KeyCode::Char(c),
        Code::F(n) => KeyCode::F(n),
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Tab if key.shift => KeyCode::BackTab,
        Code::Tab => KeyCode::Tab,
        Code::Backspace => KeyCode::Backspace,
        Code::Delete => KeyCode::Delete,
        Code::Insert => KeyCode::Insert,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
    };
    KeyEvent::new(code, mods)
}

/// Parses keymap notation into key events.
pub fn parse_keys(notation: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = notation;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            let key = if name == "lt" {
                Key::plain(Code::Char('<'))
            } else {
                name.parse().unwrap_or_else(|e| panic!("{e}"))
            };
            out.push(event_for(key));
            rest = &rest[end + 1..];
            continue;
        }
        let shift = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        out.push(KeyEvent::new(KeyCode::Char(c), shift));
        rest = &rest[c.len_utf8()..];
    }
    out
}

impl Harness {
    /// The interface over the data directory `dir` (setup if it has no store), with
    /// the built-in keymap, colours on, `width` by `height`.
    pub fn new(dir: &Path, width: u16, height: u16) -> Harness {
        Harness::with(
            dir,
            Keymap::builtin(),
            Theme { colour: true },
            width,
            height,
        )
    }

    /// As [`Harness::new`], with the time taken from `clock`.
    pub fn at(dir: &Path, width: u16, height: u16, clock: Clock) -> Harness {
        Harness::with_clock(
            dir,
            Keymap::builtin(),
            Theme { colour: true },
            (width, height),
            clock,
        )
    }

    pub fn with(dir: &Path, keymap: Keymap, theme: Theme, width: u16, height: u16) -> Harness {
        Harness::with_clock(dir, keymap, theme, (width, height), test_clock())
    }

    pub fn with_clock(
        dir: &Path,
        keymap: Keymap,
        theme: Theme,
        size: (u16, u16),
        clock: Clock,
    ) -> Harness {
        Harness::reaching(dir, Reach::InProcess, keymap, theme, size, clock)
    }

    /// As [`Harness::new`], through the server listening at `socket` (for benchmarks
    /// of what a keystroke costs over the socket, drawing included).
    pub fn through_socket(dir: &Path, socket: &Path, width: u16, height: u16) -> Harness {
        Harness::reaching(
            dir,
            Reach::Socket(socket.to_path_buf()),
            Keymap::builtin(),
            Theme { colour: true },
            (width, height),
            test_clock(),
        )
    }

    fn reaching(
        dir: &Path,
        reach: Reach,
        keymap: Keymap,
        theme: Theme,
        (width, height): (u16, u16),
        clock: Clock,
    ) -> Harness {
        let mut backend = Backend::new(dir.to_path_buf(), reach, clock.clone());
        backend.key_cost = crate::service::KeyCost::CheapForTests;
        let start = backend.start().expect("the store opens");
        let mut app = App::new(keymap, theme, start, Vec::new());
        app.update(Msg::Resize(width, height), clock.local_now());
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        Harness {
            app,
            backend,
            terminal,
            clock,
            defer_matching: false,
            deferred: Vec::new(),
            defer_lists: false,
            deferred_lists: Vec::new(),
            hold: |_| false,
            held: Vec::new(),
            editor: None,
        }
    }

    /// The signed-in session's client, for a test to act as another worker would on
    /// the same store (its notice is then sent with [`Harness::send`]).
    pub fn client(&self) -> std::sync::Arc<crate::service::Client> {
        self.backend.service().expect("signed in")
    }

    /// Wall-clock time now, as the screens see it.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.local_now()
    }

    /// Handles one message and every effect that follows from it.
    pub fn send(&mut self, msg: Msg) {
        let mut effects = self.app.update(msg, self.now());
        while !effects.is_empty() {
            let mut next = Vec::new();
            for e in effects {
                if self.defer_matching
                    && matches!(e.effect, Effect::Intake(IntakeEffect::FindPeople(_)))
                {
                    self.deferred.push(e);
                    continue;
                }
                if (self.hold)(&e.effect) {
                    self.held.push(e);
                    continue;
                }
                if self.defer_lists && matches!(e.effect, Effect::Case(CaseEffect::LoadCases(_))) {
                    self.deferred_lists.push(e);
                    continue;
                }
                // The editor runs as the runtime runs it, without a terminal to lend.
                if let Effect::EditOutside(text) = &e.effect {
                    let editor = self
                        .editor
                        .clone()
                        .unwrap_or_else(super::editor::editor_command);
                    let edited = super::editor::edit_outside(text, &editor);
                    let msg = Asked::answer(e.by, Reply::Edited(edited));
                    next.extend(self.app.update(msg, self.now()));
                    continue;
                }
                if let Some(reply) = self.backend.execute(e.effect) {
                    next.extend(self.app.update(Asked::answer(e.by, reply), self.now()));
                }
            }
            effects = next;
        }
    }

    /// Lets `span` of time pass with no key pressed, as the runtime's loop would: the
    /// clock stops at each deadline the model asks for ([`App::wake_at`]) and a
    /// [`Msg::Tick`] is sent there, then it moves on to the end of the span.
    pub fn pass(&mut self, span: chrono::Duration) {
        let end = self.now() + span;
        while let Some(at) = self.app.wake_at(self.now()).filter(|at| *at <= end) {
            // A deadline that is already due still gets one tick, and time moves on.
            let step = (at - self.now()).max(chrono::Duration::zero());
            self.clock.advance(step);
            self.send(Msg::Tick);
            if step.is_zero() {
                self.clock.advance(chrono::Duration::milliseconds(1));
            }
        }
        let rest = end - self.now();
        if rest > chrono::Duration::zero() {
            self.clock.advance(rest);
        }
    }

    /// Answers the newest held-back matching query, as the program's worker would.
    pub fn run_matching(&mut self) {
        if let Some(e) = self.deferred.pop() {
            self.deferred.clear();
            if let Some(reply) = self.backend.execute(e.effect) {
                self.send(Asked::answer(e.by, reply));
            }
        }
    }

    /// How many effects [`Harness::hold`] is holding back.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// Carries out the effects held back, in the order they were asked, and sends
    /// their answers to whoever asked.
    pub fn release_held(&mut self) {
        for e in std::mem::take(&mut self.held) {
            if let Some(reply) = self.backend.execute(e.effect) {
                self.send(Asked::answer(e.by, reply));
            }
        }
    }

    /// Answers the newest held-back case list read, as the program's worker would.
    pub fn run_lists(&mut self) {
        if let Some(e) = self.deferred_lists.pop() {
            self.deferred_lists.clear();
            if let Some(reply) = self.backend.execute(e.effect) {
                self.send(Asked::answer(e.by, reply));
            }
        }
    }

    /// Forces the draft to disk as the program's loop does when typing pauses: asked
    /// until the session says it is on disk, a failure told on the status line.
    pub fn sync_draft(&mut self) {
        loop {
            match self.backend.drafts().sync_soon() {
                crate::ui::backend::Synced::Pending => std::thread::yield_now(),
                crate::ui::backend::Synced::Clean => return,
                crate::ui::backend::Synced::Failed(reply) => return self.send(Msg::Reply(reply)),
            }
        }
    }

    /// Presses keys written in keymap notation.
    pub fn keys(&mut self, notation: &str) {
        for ev in parse_keys(notation) {
            self.send(Msg::Key(ev));
        }
    }

    /// Resizes the screen.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.send(Msg::Resize(width, height));
    }

    /// Draws a frame.
    pub fn draw(&mut self) {
        let (app, now) = (&self.app, self.now());
        self.terminal
            .draw(|f| app.view(f, now))
            .expect("drawing in memory cannot fail");
    }

    /// Draws, and returns the screen as text, one line per row: each cell's text, the
    /// columns a wide cell covers left out (so `王伟` reads as written and lines up in
    /// an editor as it does on a terminal).
    pub fn screen(&mut self) -> String {
        let (app, now) = (&self.app, self.now());
        let frame = self
            .terminal
            .draw(|f| app.view(f, now))
            .expect("drawing in memory cannot fail");
        let buf = frame.buffer;
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let cell = &buf[(x, y)];
                line.push_str(cell.symbol());
                x += cell.cell_width().max(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Where the terminal's cursor is after drawing: what a key moved in a field whose
    /// text did not change (a new line in empty notes).
    pub fn cursor(&mut self) -> (u16, u16) {
        self.draw();
        let at = self
            .terminal
            .get_cursor_position()
            .expect("the test terminal knows its cursor");
        (at.x, at.y)
    }

    /// The test terminal, for snapshots that include styles.
    pub fn backend(&self) -> &TestBackend {
        self.terminal.backend()
    }

    /// Keeps the draft and closes the store, as quitting does.
    pub fn shut_down(&mut self) {
        self.backend.shut_down();
    }
}
