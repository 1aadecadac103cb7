//! The runtime: owns the terminal, turns terminal events, signals and the executor's
//! replies into messages, draws after each one, and hands effects to the executor
//! (`executor.rs`), except the draft lane's, which it runs before it draws.
//!
//! The loop never polls: it blocks on a channel fed by an input thread and a signal
//! thread, with a timeout only for a deadline: a draft waiting to be forced to disk,
//! the idle lock, or a sign-in countdown. An idle caseline draws nothing until the
//! lock; a locked one waits in `recv` with no deadline at all. The input thread waits
//! for the terminal in spells of [`INPUT_SPELL`], so that it can stand aside while the
//! worker's own editor has the terminal (it would otherwise take the editor's keys).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

use super::app::App;
use super::backend::{Backend, Reach, Synced};
use super::executor::Executor;
use super::msg::{Asked, Effect, Msg, Reply};
use super::terminal::{Screen, TerminalGuard, purge};
use super::theme::Theme;
use crate::domain::Clock;
use crate::failure::Failure;
use crate::keymap::{Keymap, user_keymap_path};

/// How long a draft may wait, written but not forced to disk.
const DRAFT_SYNC: Duration = Duration::from_millis(300);
/// How long the way out waits for the executor to end the session.
const EXIT_PATIENCE: Duration = Duration::from_secs(3);
/// How long the input thread waits for the terminal before looking whether it must
/// stand aside for an editor.
const INPUT_SPELL: Duration = Duration::from_millis(200);

/// Tells the input thread to stop reading the terminal for a while, and hears when it
/// has.
#[derive(Default)]
struct InputGate {
    /// The terminal is lent out: do not read it.
    closed: AtomicBool,
    /// The input thread is not reading (it saw `closed`).
    standing_aside: AtomicBool,
}

impl InputGate {
    /// Closes the gate and waits (a spell at most, and a little) until the input
    /// thread is out of the terminal.
    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + INPUT_SPELL * 3;
        while !self.standing_aside.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn open(&self) {
        self.closed.store(false, Ordering::SeqCst);
    }
}

/// What `caseline` (no subcommand) was started with.
pub struct UiOptions {
    pub data_dir: PathBuf,
    pub keymap: Option<PathBuf>,
    /// An office server's socket; `None`: the data directory's own server.
    pub socket: Option<PathBuf>,
}

/// Something from outside the model.
pub(super) enum Input {
    Terminal(Event),
    /// The terminal went away (read failed): treat as a hang-up.
    Gone,
    Signal(i32),
    /// A reply from the executor or a thread beside it (caller matching, case lists,
    /// the search index warming, another worker's change).
    Message(Msg),
}

/// Runs the terminal interface until the user quits or the terminal goes away.
pub fn run(opts: UiOptions) -> Result<(), Failure> {
    let (keymap, problems) = Keymap::load(opts.keymap.as_deref().or(user_keymap_path().as_deref()));
    let warnings: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let report_warnings = warnings.clone();
    let clock = Clock::from_env();
    // Reach the store (starting its server) before the screen changes, so that a
    // server that cannot start is a plain message.
    let reach = match opts.socket {
        Some(socket) => Reach::Socket(socket),
        None => Reach::this_program(),
    };
    let mut backend = Backend::new(opts.data_dir, reach, clock.clone());
    let start = backend.start()?;
    // The notices' and replies' way back to the loop, before the backend moves to the
    // executor's thread.
    let app = App::new(keymap, Theme::from_env(), start, warnings);
    let mut app = app;
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let ready = tx.clone();
    backend.set_notify(std::sync::Arc::new(move |reply| {
        let _ = ready.send(Input::Message(Msg::Reply(reply)));
    }));
    let executor = Executor::start(backend, tx.clone()).map_err(|e| Failure {
        message: format!("cannot start a thread to carry out requests: {e}"),
        code: 1,
    })?;
    let mut guard = TerminalGuard::enter()?;
    let gate = Arc::new(InputGate::default());
    spawn_input(tx, gate.clone());
    let mut loop_side = LoopSide { executor, gate };
    let outcome = event_loop(&mut app, &mut loop_side, guard.terminal(), &rx, &clock);
    loop_side.executor.stop_for_exit(EXIT_PATIENCE);
    drop(guard);
    for w in &report_warnings {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "caseline: keymap not used: {}\n",
                crate::domain::text::inert(w)
            )
            .as_bytes(),
        );
    }
    match outcome {
        Exit::Quit => Ok(()),
        Exit::Signal(n) => Err(Failure {
            message: format!("stopped by signal {n}; the draft was kept"),
            code: 128 + n as u8,
        }),
        Exit::Gone => Err(Failure {
            message: "the terminal went away; the draft was kept".into(),
            code: 129,
        }),
        Exit::DrawFailed(m) => Err(Failure {
            message: format!("cannot draw on the terminal: {m}"),
            code: 1,
        }),
    }
}

/// What the loop hands effects to, and the input thread's gate, to lend the terminal
/// to an editor.
struct LoopSide {
    executor: Executor,
    gate: Arc<InputGate>,
}

enum Exit {
    Quit,
    Signal(i32),
    Gone,
    DrawFailed(String),
}

fn event_loop(
    app: &mut App,
    side: &mut LoopSide,
    term: &mut Screen,
    rx: &Receiver<Input>,
    clock: &Clock,
) -> Exit {
    let now = || clock.local_now();
    if let Ok(size) = term.size() {
        app.update(Msg::Resize(size.width, size.height), now());
    }
    let mut sync_due: Option<Instant> = None;
    loop {
        if let Err(e) = term.draw(|f| app.view(f, now())) {
            return Exit::DrawFailed(e.to_string());
        }
        if app.quitting() {
            return Exit::Quit;
        }
        // The idle lock (or a countdown on the sign-in screen) is one more deadline:
        // without one, and with no draft to force to disk, the loop sleeps in `recv`.
        let wake_due = app
            .wake_at(now())
            .map(|at| Instant::now() + (at - now()).to_std().unwrap_or(Duration::ZERO));
        let due = match (sync_due, wake_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let input = match due {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(i) => Some(i),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Input::Gone),
            },
            None => Some(rx.recv().unwrap_or(Input::Gone)),
        };
        let msg = match input {
            None => {
                if sync_due.is_some_and(|d| d <= Instant::now()) {
                    sync_due = None;
                    match side.executor.drafts().sync_soon() {
                        Synced::Clean => {}
                        // On its way to disk: asked again until it is known to be there.
                        Synced::Pending => sync_due = Some(Instant::now() + DRAFT_SYNC),
                        // Said on the status line; asked again after the next change.
                        Synced::Failed(reply) => {
                            let effects = app.update(Msg::Reply(reply), now());
                            carry_out(effects, app, side, term, now());
                        }
                    }
                }
                if wake_due.is_none_or(|d| d > Instant::now()) {
                    continue;
                }
                Msg::Tick
            }
            Some(Input::Signal(n)) => return Exit::Signal(n),
            Some(Input::Gone) => return Exit::Gone,
            Some(Input::Message(m)) => m,
            Some(Input::Terminal(ev)) => match to_msg(ev) {
                Some(m) => m,
                None => continue,
            },
        };
        let effects = app.update(msg, now());
        carry_out(effects, app, side, term, now());
        if side.executor.drafts().dirty() && sync_due.is_none() {
            sync_due = Some(Instant::now() + DRAFT_SYNC);
        }
    }
}

/// Hands effects to the executor, runs the draft lane's and the editor's here, and
/// takes in what those answer at once, until no effect is left for the loop. The draft
/// is written before the keystroke that changed it is shown, so nothing on screen can
/// be lost to a kill.
fn carry_out(
    mut effects: Vec<Asked>,
    app: &mut App,
    side: &mut LoopSide,
    term: &mut Screen,
    now: chrono::NaiveDateTime,
) {
    while !effects.is_empty() {
        let mut next = Vec::new();
        for Asked { by, effect } in effects {
            match effect {
                Effect::Draft(effect) => {
                    if let Some(reply) = side.executor.drafts().run(effect) {
                        next.extend(app.update(Asked::answer(by, reply), now));
                    }
                }
                Effect::EditOutside(text) => {
                    let edited = edit_aside(&text, &side.gate, term);
                    next.extend(app.update(Asked::answer(by, Reply::Edited(edited)), now));
                }
                Effect::Lock => {
                    // Nothing of the last screen stays on the terminal; the executor
                    // keeps the draft and ends the session.
                    purge(term);
                    side.executor.run(Asked { by, effect });
                }
                effect => side.executor.run(Asked { by, effect }),
            }
        }
        effects = next;
    }
}

/// The worker's editor on `text`, with the terminal lent to it: the input thread
/// stands aside, the screen's modes are undone and then restored, and the screen is
/// wiped so the next frame is drawn whole.
fn edit_aside(text: &str, gate: &InputGate, term: &mut Screen) -> Result<String, String> {
    gate.close();
    let edited = super::terminal::aside(|| {
        super::editor::edit_outside(text, &super::editor::editor_command())
    });
    purge(term);
    gate.open();
    edited
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(p) => Some(Msg::Paste(p)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Reads terminal events until the terminal fails; then reports it once and stops,
/// so a vanished terminal cannot make the program spin (crossterm issue 793). While
/// the gate is closed it reads nothing.
fn spawn_input(tx: Sender<Input>, gate: Arc<InputGate>) {
    std::thread::spawn(move || {
        loop {
            if gate.closed.load(Ordering::SeqCst) {
                gate.standing_aside.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            gate.standing_aside.store(false, Ordering::SeqCst);
            match event::poll(INPUT_SPELL) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => {
                    let _ = tx.send(Input::Gone);
                    return;
                }
            }
            match event::read() {
                Ok(ev) => {
                    if tx.send(Input::Terminal(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Input::Gone);
                    return;
                }
            }
        }
    });
}

/// Hang-up, terminate, interrupt and quit become messages: the draft is kept, the store
/// flushed and the terminal restored before the program stops.
fn spawn_signals(tx: Sender<Input>) -> Result<(), Failure> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])
        .map_err(|e| Failure {
            message: format!("cannot watch for signals: {e}"),
            code: 1,
        })?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(Input::Signal(sig));
        }
    });
    Ok(())
}
