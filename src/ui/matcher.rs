//! Caller matching on a worker thread, so typing a name never waits for the search.
//!
//! Only the newest query matters: queries that arrive while one is running are
//! dropped in favour of the latest, and a reply for a query the form has moved past is
//! ignored by the form.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::backend::Backend;
use super::msg::Reply;
use super::runtime::Input;
use crate::service::{Client, PersonQuery};

/// The worker, started once the store is unlocked.
pub struct Matcher {
    out: Sender<Input>,
    worker: Option<(Sender<PersonQuery>, JoinHandle<()>)>,
}

impl Matcher {
    pub fn new(out: Sender<Input>) -> Matcher {
        Matcher { out, worker: None }
    }

    /// Hands `q` to the worker; gives it back when there is no store to ask yet.
    pub fn ask(&mut self, q: PersonQuery, backend: &Backend) -> Option<PersonQuery> {
        if self.worker.is_none() {
            let svc = backend.service()?;
            let (tx, rx) = mpsc::channel();
            let out = self.out.clone();
            let handle = std::thread::spawn(move || work(&svc, &rx, &out));
            self.worker = Some((tx, handle));
        }
        let (tx, _) = self.worker.as_ref().expect("started above");
        tx.send(q).err().map(|e| e.0)
    }

    /// Stops the worker and waits for it, so it lets go of the store.
    pub fn stop(&mut self) {
        if let Some((tx, handle)) = self.worker.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

impl Matcher {
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

fn work(svc: &Arc<Client>, rx: &Receiver<PersonQuery>, out: &Sender<Input>) {
    while let Ok(mut q) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            q = newer;
        }
        let reply = match svc.find_people(&q) {
            Ok(found) => Reply::PeopleFound(q, found),
            Err(e) => Reply::Failed(format!("looking for the caller on file failed: {e}")),
        };
        if out.send(Input::Reply(reply)).is_err() {
            return;
        }
    }
}
