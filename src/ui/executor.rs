//! The executor: every effect a screen asks for is carried out here, on a thread of its
//! own, and its reply comes back to the loop as a message for the layer that asked. The
//! loop only draws and takes keys, so a slow read (a report, a big case list, a server
//! far away) never holds up a keystroke.
//!
//! Two kinds of effect do not come here. The draft lane (the intake draft and the
//! intake it becomes, [`DraftLane`]) runs on the loop, because what a frame shows must
//! be written before the frame is drawn. Editing in the worker's own editor runs on the
//! loop too: it borrows the terminal.
//!
//! A panic while carrying out an effect is caught here and answered as a failure, so
//! the screen that asked is not left waiting and the executor goes on serving.
//!
//! Effects run in the order they were asked, except caller matching and case lists,
//! which the executor hands to readers beside it where only the newest query of each
//! kind is answered (`beside.rs`).

use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::backend::{Backend, DraftLane};
use super::beside::{Lister, Matcher};
use super::msg::{Asked, CaseEffect, Effect, IntakeEffect, Reply};
use super::runtime::Input;

/// What the loop hands the executor.
enum Job {
    Run(Asked),
    /// Keep the draft, end the session and stop.
    Exit,
}

/// The executor's thread, and the draft lane it shares with the loop.
pub struct Executor {
    jobs: Sender<Job>,
    thread: Option<JoinHandle<()>>,
    drafts: DraftLane,
}

impl Executor {
    /// Starts the thread, which owns `backend` from now on; replies go to `out`.
    pub fn start(backend: Backend, out: Sender<Input>) -> std::io::Result<Executor> {
        Executor::start_with(backend, out, Backend::execute)
    }

    /// As [`Executor::start`], with what carries out an effect given (a test's can
    /// fail on purpose).
    fn start_with(
        backend: Backend,
        out: Sender<Input>,
        execute: Execute,
    ) -> std::io::Result<Executor> {
        let drafts = backend.drafts();
        let (jobs, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("caseline-effects".into())
            .spawn(move || {
                let mut work = Work {
                    matcher: Matcher::new(out.clone()),
                    lister: Lister::new(out.clone()),
                    backend,
                    out,
                    execute,
                };
                while let Ok(Job::Run(asked)) = rx.recv() {
                    if !work.run(asked) {
                        break;
                    }
                }
                // Told to stop, or the loop has gone: either way the draft is kept
                // and the session ended.
                work.matcher.stop_for_exit();
                work.lister.stop_for_exit();
                work.backend.shut_down_for_exit();
            })?;
        Ok(Executor {
            jobs,
            thread: Some(thread),
            drafts,
        })
    }

    /// The draft lane, for the loop.
    pub fn drafts(&self) -> &DraftLane {
        &self.drafts
    }

    /// Queues an effect; its reply arrives as a message.
    pub fn run(&self, asked: Asked) {
        let _ = self.jobs.send(Job::Run(asked));
    }

    /// On the way out: the draft forced to disk and the session ended, waited for up
    /// to `patience` in all (a server that has hung must not keep the terminal from
    /// being given back). The draft is forced on a thread of its own, beside the
    /// executor's: the executor may hold the draft lane through a call of its own to
    /// that server, and the way out must not wait on it beyond `patience` either.
    pub fn stop_for_exit(mut self, patience: Duration) {
        let deadline = Instant::now() + patience;
        let drafts = self.drafts.clone();
        // Nothing is left on screen to tell a failure on (see `Backend::sync_draft`).
        let sync = std::thread::Builder::new()
            .name("caseline-exit-sync".into())
            .spawn(move || {
                let _ = drafts.sync();
            })
            .ok();
        let _ = self.jobs.send(Job::Exit);
        for thread in sync.into_iter().chain(self.thread.take()) {
            while !thread.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

/// Carries out one effect on the backend.
type Execute = fn(&mut Backend, Effect) -> Option<Reply>;

/// What the executor's thread holds.
struct Work {
    backend: Backend,
    matcher: Matcher,
    lister: Lister,
    out: Sender<Input>,
    execute: Execute,
}

/// What a screen is told when carrying out its effect panicked: no more than that
/// (the panic's message may hold personal data).
pub(super) fn internal_error() -> Reply {
    Reply::Failed(
        "that could not be done: caseline met an internal error (details withheld, as they \
         may hold personal data); saved work is on disk"
            .into(),
    )
}

/// Runs `f`, a panic in it becoming `None`, unreported (its report would be drawn
/// over the screen; the caller says it failed instead).
pub(super) fn caught<T>(f: impl FnOnce() -> T) -> Option<T> {
    let done =
        crate::quiet_panics::run(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    done.ok()
}

impl Work {
    /// Carries out one effect; `false` when the loop has gone.
    fn run(&mut self, Asked { by, effect }: Asked) -> bool {
        let effect = match effect {
            Effect::Intake(IntakeEffect::FindPeople(q)) => {
                match self.matcher.ask(by, q, &self.backend) {
                    None => return true,
                    Some(q) => Effect::Intake(IntakeEffect::FindPeople(q)),
                }
            }
            Effect::Case(CaseEffect::LoadCases(q)) => match self.lister.ask(by, q, &self.backend) {
                None => return true,
                Some(q) => Effect::Case(CaseEffect::LoadCases(q)),
            },
            Effect::Lock => {
                // The readers let go of the session (another user may unlock).
                self.matcher.stop();
                self.lister.stop();
                Effect::Lock
            }
            other => other,
        };
        let (execute, backend) = (self.execute, &mut self.backend);
        let reply = caught(|| execute(backend, effect)).unwrap_or_else(|| Some(internal_error()));
        match reply {
            Some(reply) => self
                .out
                .send(Input::Message(Asked::answer(by, reply)))
                .is_ok(),
            None => true,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::{Draft, KeyCost};
    use crate::ui::backend::Reach;
    use crate::ui::msg::{AdminEffect, DraftEffect, Msg};
    use std::time::Duration;

    /// A backend signed in to a new store in this process.
    pub(in crate::ui) fn signed_in(dir: &std::path::Path) -> Backend {
        let clock = crate::ui::testing::test_clock();
        let mut backend = Backend::new(dir.to_path_buf(), Reach::InProcess, clock);
        backend.key_cost = KeyCost::CheapForTests;
        let made = backend.execute(Effect::CreateStore {
            organisation: "Kingston REC".into(),
            login: "asha".into(),
            name: "Asha Patel".into(),
            passphrase: zeroize::Zeroizing::new("correct horse battery".into()),
        });
        assert!(matches!(made, Some(Reply::StoreCreated { .. })), "{made:?}");
        backend
    }

    #[test]
    fn effects_are_answered_from_the_executor_and_drafts_kept_on_the_loop() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let (tx, rx) = mpsc::channel();
        let executor = Executor::start(signed_in(tmp.path()), tx).expect("a thread");
        executor.run(Asked {
            by: None,
            effect: Effect::Admin(AdminEffect::LoadRole),
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Input::Message(Msg::Reply(Reply::Role(role)))) => {
                assert_eq!(role, Role::Administrator);
            }
            Ok(_) => panic!("another message came first"),
            Err(e) => panic!("no answer from the executor: {e}"),
        }
        let mut draft = Draft::new("intake", crate::ui::testing::test_clock().now());
        draft.values.insert("given_names".into(), "Tunde".into());
        let drafts = executor.drafts().clone();
        assert!(drafts.run(DraftEffect::Keep(draft)).is_none());
        assert!(drafts.dirty(), "a kept draft waits to be forced to disk");
        match drafts.run(DraftEffect::Check) {
            Some(Reply::DraftFound(Some(d), None)) => assert_eq!(d.values["given_names"], "Tunde"),
            other => panic!("the draft was not found: {other:?}"),
        }
        executor.stop_for_exit(Duration::from_secs(20));
        assert!(!drafts.dirty(), "the way out forces the draft to disk");
        assert!(
            drafts.run(DraftEffect::Check).is_none(),
            "the session ended with the executor"
        );
    }

    /// Carries out effects as the backend does, except that a search panics.
    fn panics_on_search(backend: &mut Backend, effect: Effect) -> Option<Reply> {
        match effect {
            Effect::Search(_) => panic!("Tunde Bakare"),
            other => backend.execute(other),
        }
    }

    fn answer(rx: &mpsc::Receiver<Input>) -> Reply {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Input::Message(Msg::Reply(reply))) => reply,
            Ok(_) => panic!("another message came first"),
            Err(e) => panic!("no answer from the executor: {e}"),
        }
    }

    #[test]
    fn a_panic_carrying_out_an_effect_is_answered_as_a_failure_and_the_executor_goes_on() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let (tx, rx) = mpsc::channel();
        let executor =
            Executor::start_with(signed_in(tmp.path()), tx, panics_on_search).expect("a thread");
        executor.run(Asked {
            by: None,
            effect: Effect::Search("Tunde".into()),
        });
        match answer(&rx) {
            Reply::Failed(m) => {
                assert!(m.contains("internal error"), "{m}");
                assert!(!m.contains("Tunde"), "the panic's words were told: {m}");
            }
            other => panic!("not a failure: {other:?}"),
        }
        executor.run(Asked {
            by: None,
            effect: Effect::Admin(AdminEffect::LoadRole),
        });
        assert!(
            matches!(answer(&rx), Reply::Role(Role::Administrator)),
            "the executor stopped serving after the panic"
        );
        executor.stop_for_exit(Duration::from_secs(20));
    }

    #[test]
    fn a_draft_is_marked_forced_only_once_the_session_says_it_is_on_disk() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let (tx, _rx) = mpsc::channel();
        let executor = Executor::start(signed_in(tmp.path()), tx).expect("a thread");
        let drafts = executor.drafts().clone();
        let mut draft = Draft::new("intake", crate::ui::testing::test_clock().now());
        draft.values.insert("given_names".into(), "Tunde".into());
        assert!(drafts.run(DraftEffect::Keep(draft)).is_none());
        // The first ask only starts the sync: the draft is not yet known to be safe.
        assert!(matches!(
            drafts.sync_soon(),
            super::super::backend::Synced::Pending
        ));
        assert!(drafts.dirty(), "marked forced before the sync was done");
        // Asked again until the session says so.
        loop {
            match drafts.sync_soon() {
                super::super::backend::Synced::Pending => std::thread::yield_now(),
                super::super::backend::Synced::Clean => break,
                super::super::backend::Synced::Failed(r) => panic!("{r:?}"),
            }
        }
        assert!(!drafts.dirty());
        executor.stop_for_exit(Duration::from_secs(20));
    }
}
