//! The runtime: owns the terminal, turns terminal events, signals and the executor's
//! replies into messages, draws after each one, and hands effects to the executor
//! (`executor.rs`), except the draft lane's, which it runs before it draws.
//!
//! The loop never polls: it blocks on a channel fed by an input thread and a signal
//! thread, with a timeout only for a deadline: a draft waiting to be forced to disk,
//! the idle lock, or a sign-in countdown. An idle caseline draws nothing until the
//! lock; a locked one waits in `recv` with no deadline at all. The input thread waits
//! for the terminal with no timeout either; to make it stand aside while the worker's
//! own editor has the terminal (it would otherwise take the editor's keys), the loop
//! wakes its read with a window-size signal and it then waits at the gate.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

use super::app::App;
use super::backend::{Backend, Reach, Synced};
use super::component::Status;
use super::editor::{Editing, editor_command};
use super::executor::Executor;
use super::msg::{Asked, Effect, LayerId, Msg, Reply};
use super::terminal::{Screen, TerminalGuard, purge};
use super::theme::Theme;
use crate::domain::Clock;
use crate::failure::Failure;
use crate::keymap::{Keymap, user_keymap_path};

/// How long a draft may wait, written but not forced to disk.
const DRAFT_SYNC: Duration = Duration::from_millis(300);
/// How many times the loop asks whether a draft is on disk yet (each wait twice the
/// last) before it leaves it to the next change, the lock or the way out.
const DRAFT_ASKS: u32 = 6;
/// How long the way out waits for the executor to end the session.
const EXIT_PATIENCE: Duration = Duration::from_secs(3);
/// How long closing the gate waits for the input thread to stand aside.
const GATE_PATIENCE: Duration = Duration::from_secs(1);

/// When to ask again whether the draft is on disk, after `asked` asks that found it
/// on its way; `None`: stop asking (an idle caseline must not wake for ever).
fn next_draft_ask(asked: u32) -> Option<Duration> {
    (asked < DRAFT_ASKS).then(|| DRAFT_SYNC * 2u32.pow(asked))
}

/// Tells the input thread to stop reading the terminal for a while, and hears when it
/// has.
#[derive(Default)]
struct InputGate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    /// The terminal is lent out: do not read it.
    closed: bool,
    /// The input thread is not reading (it saw `closed`).
    standing_aside: bool,
}

impl InputGate {
    fn state(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the gate, wakes the input thread's read (a window-size signal, which
    /// the terminal's reader listens for) and waits until it is out of the terminal.
    fn close(&self) {
        let mut state = self.state();
        state.closed = true;
        // SAFETY: raise only sends this process a signal whose handler (the terminal
        // reader's, or the default: ignore) is safe to run.
        unsafe {
            libc::raise(libc::SIGWINCH);
        }
        let _ = self
            .changed
            .wait_timeout_while(state, GATE_PATIENCE, |s| !s.standing_aside);
    }

    fn open(&self) {
        self.state().closed = false;
        self.changed.notify_all();
    }

    /// For the input thread: waits here while the gate is closed, saying so.
    fn pass(&self) {
        let mut state = self.state();
        if state.closed {
            state.standing_aside = true;
            self.changed.notify_all();
            state = self
                .changed
                .wait_while(state, |s| s.closed)
                .unwrap_or_else(PoisonError::into_inner);
            state.standing_aside = false;
        }
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
    /// The worker's own editor has ended.
    EditorEnded,
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
    spawn_input(tx.clone(), gate.clone());
    let mut loop_side = LoopSide {
        executor,
        gate,
        editing: None,
        tx,
    };
    let outcome = event_loop(&mut app, &mut loop_side, guard.terminal(), &rx, &clock);
    // Stopped (by a signal) with the editor open: it goes first, and its file.
    if let Some((_, editing)) = loop_side.editing.take() {
        editing.end();
    }
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
    /// The worker's own editor while it runs, and the layer that asked for it.
    editing: Option<(Option<LayerId>, Editing)>,
    /// The loop's own messages, for the editor's end.
    tx: Sender<Input>,
}

impl LoopSide {
    /// Lends the terminal to the worker's editor on `text`, for the layer `by`; what
    /// to answer at once when it cannot start. The loop goes on meanwhile (its idle
    /// lock and signals), drawing nothing and reading no keys.
    fn start_editing(
        &mut self,
        by: Option<LayerId>,
        text: &str,
        term: &mut Screen,
    ) -> Option<Reply> {
        if self.editing.is_some() {
            return Some(Reply::Edited(Err("the editor is open already".into())));
        }
        self.gate.close();
        super::terminal::lend();
        let tx = self.tx.clone();
        let tell = move || {
            let _ = tx.send(Input::EditorEnded);
        };
        match Editing::start(text, &editor_command(), tell) {
            Ok(editing) => {
                self.editing = Some((by, editing));
                None
            }
            Err(why) => {
                self.take_terminal_back(term);
                Some(Reply::Edited(Err(why)))
            }
        }
    }

    /// Once the editor has ended by itself: what it left, for the layer that asked.
    fn editor_ended(&mut self, term: &mut Screen) -> Option<Msg> {
        let (by, editing) = self.editing.take()?;
        let edited = editing.finish();
        self.take_terminal_back(term);
        Some(Asked::answer(by, Reply::Edited(edited)))
    }

    /// Before the screen locks: ends the editor, if open, whatever was typed in it (the
    /// letter must not stay on screen, nor in its file); whether it was open.
    fn end_editing(&mut self, term: &mut Screen) -> bool {
        let Some((_, editing)) = self.editing.take() else {
            return false;
        };
        editing.end();
        self.take_terminal_back(term);
        true
    }

    fn take_terminal_back(&mut self, term: &mut Screen) {
        super::terminal::take_back(term);
        self.gate.open();
    }
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
    // How many times the loop has asked whether the draft is on disk yet.
    let mut sync_asked = 0;
    // Whether anything reached the model since the last frame.
    let mut changed = true;
    loop {
        // Nothing is drawn while the worker's editor has the terminal.
        let drawn = changed && side.editing.is_none();
        if drawn && let Err(e) = term.draw(|f| app.view(f, now())) {
            return Exit::DrawFailed(e.to_string());
        }
        changed = true;
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
                        // On its way to disk: asked again, less and less often, until
                        // it is known to be there (else the lock or the way out forces
                        // it).
                        Synced::Pending => {
                            sync_due = next_draft_ask(sync_asked).map(|d| Instant::now() + d);
                            sync_asked += 1;
                        }
                        // Said on the status line; asked again after the next change.
                        Synced::Failed(reply) => {
                            let effects = app.update(Msg::Reply(reply), now());
                            carry_out(effects, app, side, term, now());
                            continue;
                        }
                    }
                }
                if wake_due.is_none_or(|d| d > Instant::now()) {
                    // Nothing reached the model: nothing new to draw.
                    changed = false;
                    continue;
                }
                Msg::Tick
            }
            Some(Input::Signal(n)) => return Exit::Signal(n),
            Some(Input::Gone) => return Exit::Gone,
            Some(Input::Message(m)) => m,
            Some(Input::EditorEnded) => match side.editor_ended(term) {
                Some(m) => m,
                None => {
                    changed = false;
                    continue;
                }
            },
            Some(Input::Terminal(ev)) => match to_msg(ev) {
                Some(m) => m,
                None => {
                    changed = false;
                    continue;
                }
            },
        };
        let effects = app.update(msg, now());
        carry_out(effects, app, side, term, now());
        if side.executor.drafts().dirty() && sync_due.is_none() {
            sync_due = Some(Instant::now() + DRAFT_SYNC);
            sync_asked = 0;
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
                    if let Some(reply) = side.start_editing(by, &text, term) {
                        next.extend(app.update(Asked::answer(by, reply), now));
                    }
                }
                Effect::Lock => {
                    if side.end_editing(term) {
                        app.tell_after_unlock(Status::Error(
                            "Locked with your editor open: it was closed, and what you \
                             typed in it is lost"
                                .into(),
                        ));
                    }
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
/// the gate is closed it reads nothing; it waits for the terminal with no timeout, so
/// an idle caseline does not wake.
fn spawn_input(tx: Sender<Input>, gate: Arc<InputGate>) {
    std::thread::spawn(move || {
        loop {
            gate.pass();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_asks_whether_the_draft_is_on_disk_less_and_less_and_then_stops() {
        let waits: Vec<Duration> = (0..).map_while(next_draft_ask).collect();
        assert!(!waits.is_empty());
        assert!(waits.len() <= 10, "asked {} times", waits.len());
        assert!(waits.windows(2).all(|w| w[1] > w[0]), "{waits:?}");
        assert_eq!(waits[0], DRAFT_SYNC);
    }
}
