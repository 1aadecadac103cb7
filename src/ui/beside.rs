//! Reads that can take a while in a big store, each kind on a worker thread beside
//! the loop, so a keystroke never waits for them: caller matching (asked as a name is
//! typed) and case lists (a quarter of a second at 100,000 cases when a filter is
//! first asked for).
//!
//! Only the newest query of a kind matters: queries that arrive while one is running
//! are dropped in favour of the latest, and a reply to a query the screen has moved
//! past is ignored by the screen.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::backend::Backend;
use super::msg::{Asked, CaseQuery, LayerId, Reply};
use super::runtime::Input;
use crate::service::{Client, PersonQuery};

/// One kind of read and its worker, started once the store is unlocked.
pub struct Beside<Q> {
    out: Sender<Input>,
    work: fn(&Client, Q) -> Reply,
    worker: Option<(Sender<Asking<Q>>, JoinHandle<()>)>,
}

/// A query and the layer its answer goes to.
type Asking<Q> = (Option<LayerId>, Q);

/// Caller matching beside the loop.
pub type Matcher = Beside<PersonQuery>;
/// Case lists beside the loop.
pub type Lister = Beside<CaseQuery>;

impl Matcher {
    pub fn new(out: Sender<Input>) -> Matcher {
        Beside::with(out, match_people)
    }
}

impl Lister {
    pub fn new(out: Sender<Input>) -> Lister {
        Beside::with(out, list_cases)
    }
}

impl<Q: Send + 'static> Beside<Q> {
    fn with(out: Sender<Input>, work: fn(&Client, Q) -> Reply) -> Beside<Q> {
        Beside {
            out,
            work,
            worker: None,
        }
    }

    /// Hands `q` to the worker, its answer to go to the layer `by`; gives it back
    /// when there is no store to ask yet.
    pub fn ask(&mut self, by: Option<LayerId>, q: Q, backend: &Backend) -> Option<Q> {
        if self.worker.is_none() {
            let svc = backend.service()?;
            let (tx, rx) = mpsc::channel();
            let (out, work) = (self.out.clone(), self.work);
            let handle = std::thread::spawn(move || serve(&svc, &rx, &out, work));
            self.worker = Some((tx, handle));
        }
        let (tx, _) = self.worker.as_ref().expect("started above");
        tx.send((by, q)).err().map(|e| e.0.1)
    }

    /// Stops the worker and waits for it, so it lets go of the store.
    pub fn stop(&mut self) {
        if let Some((tx, handle)) = self.worker.take() {
            drop(tx);
            let _ = handle.join();
        }
    }

    /// On the way out of the program: stops the worker without waiting for a query
    /// that waits in turn for the search index to be built; the process's end stops it.
    pub fn stop_for_exit(&mut self) {
        if let Some((tx, handle)) = self.worker.take() {
            drop(tx);
            if handle.is_finished() {
                let _ = handle.join();
            }
        }
    }
}

fn serve<Q>(
    svc: &Arc<Client>,
    rx: &Receiver<Asking<Q>>,
    out: &Sender<Input>,
    work: fn(&Client, Q) -> Reply,
) {
    while let Ok(mut asked) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            asked = newer;
        }
        let (by, q) = asked;
        // A panic in the read is a failure told to the screen: the worker goes on.
        let reply = super::executor::caught(|| work(svc, q))
            .unwrap_or_else(super::executor::internal_error);
        if out.send(Input::Message(Asked::answer(by, reply))).is_err() {
            return;
        }
    }
}

fn match_people(svc: &Client, q: PersonQuery) -> Reply {
    match svc.find_caller(&q) {
        Ok((found, elsewhere)) => Reply::PeopleFound(q, found, elsewhere),
        Err(e) => Reply::Failed(format!("looking for the caller on file failed: {e}")),
    }
}

fn list_cases(svc: &Client, q: CaseQuery) -> Reply {
    match svc.cases_view(&q) {
        Ok(data) => Reply::Cases(Box::new(data)),
        Err(e) => Reply::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::msg::Msg;
    use std::time::Duration;

    /// A read that panics on 0 and answers any other number.
    fn panics_on_zero(_: &Client, q: u32) -> Reply {
        assert_ne!(q, 0, "Tunde Bakare");
        Reply::Failed(format!("answered {q}"))
    }

    fn failure(rx: &Receiver<Input>) -> String {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Input::Message(Msg::Reply(Reply::Failed(m)))) => m,
            Ok(_) => panic!("another message came"),
            Err(e) => panic!("no answer from the worker: {e}"),
        }
    }

    #[test]
    fn a_panic_in_a_read_is_answered_as_a_failure_and_the_worker_goes_on() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let backend = crate::ui::executor::tests::signed_in(tmp.path());
        let (tx, rx) = mpsc::channel();
        let mut beside = Beside::with(tx, panics_on_zero);
        assert!(beside.ask(None, 0, &backend).is_none());
        let told = failure(&rx);
        assert!(told.contains("internal error"), "{told}");
        assert!(
            !told.contains("Tunde"),
            "the panic's words were told: {told}"
        );
        assert!(beside.ask(None, 7, &backend).is_none());
        assert_eq!(
            failure(&rx),
            "answered 7",
            "the worker stopped after the panic"
        );
        beside.stop();
    }
}
