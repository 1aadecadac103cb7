//! A connection's lanes. A terminal asks for several things at once: the keystroke's
//! draft, a case list, the search index warming, a report. Served one after another, a
//! draft would wait behind a quarter-second list, and the terminal draws nothing until
//! the draft is kept. So each request goes in a lane:
//!
//! - **draft**: the intake draft and the intake it becomes, carried out at once on the
//!   connection's own thread, never behind anything else;
//! - **work**: everything else a screen reads or changes, in the order it came, on a
//!   thread of the connection's;
//! - **beside**: loading the search index or the directory, and the reads a terminal
//!   asks for as the worker types (caller matching, case lists), on another thread,
//!   so that a long warm-up does not hold up the screens;
//! - **alone**: signing in and out and uploads, once the other lanes are empty (the
//!   session changes, or the connection's next frames are the upload's).
//!
//! Within a lane, order is kept. Between lanes none is needed: a client waits for each
//! answer before asking the next thing of the same kind.
//!
//! A lane holds at most [`LANE_QUEUE`] calls not yet carried out; with it full, the
//! connection's thread waits before reading more, so a client that sends calls without
//! reading the answers costs the server a bounded queue, not its memory. This cannot
//! hold anyone for ever: a lane's thread needs nothing of the connection's thread, and
//! sending an answer to a client that does not read fails after the send time, which
//! shuts the connection (and the calls left are carried out and answered to nobody).

use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::service::api::{CaseRequest, DeskRequest, Request, UpkeepRequest};

/// Where a request is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Draft,
    Work,
    Beside,
    Alone,
}

/// The lane of `request`.
pub fn lane(request: &Request) -> Lane {
    match request {
        Request::Session(_) => Lane::Alone,
        r if super::uploads(r) => Lane::Alone,
        Request::Desk(
            DeskRequest::SaveDraft(_)
            | DeskRequest::SyncDraft
            | DeskRequest::SyncDraftSoon
            | DeskRequest::DiscardDraft
            | DeskRequest::LoadDraft
            | DeskRequest::SetAsideDrafts
            | DeskRequest::RecordIntake(_),
        ) => Lane::Draft,
        Request::Desk(DeskRequest::FindPeople(_))
        | Request::Casework(CaseRequest::Cases(_))
        | Request::Upkeep(UpkeepRequest::WarmSearch | UpkeepRequest::WarmDirectory) => Lane::Beside,
        _ => Lane::Work,
    }
}

/// Calls a lane holds not yet carried out: far more than a terminal ever has in
/// flight on one lane (it waits for each answer).
pub const LANE_QUEUE: usize = 64;

/// A job for a lane's thread.
pub type Job = Box<dyn FnOnce() + Send>;

/// The two lanes that have threads, started when first used.
#[derive(Default)]
pub struct Lanes {
    work: Worker,
    beside: Worker,
}

impl Lanes {
    /// Queues `job` on `lane` (work or beside); `false` when no thread could be had.
    pub fn push(&mut self, lane: Lane, job: Job) -> bool {
        match lane {
            Lane::Beside => self.beside.push("caseline-beside", job),
            _ => self.work.push("caseline-work", job),
        }
    }

    /// Waits until both lanes have carried out everything queued.
    pub fn drain(&self) {
        self.work.drain();
        self.beside.drain();
    }

    /// Lets the threads finish what they hold, and waits for them.
    pub fn stop(&mut self) {
        self.work.stop();
        self.beside.stop();
    }
}

/// One lane's thread and how many of its jobs are not done.
#[derive(Default)]
struct Worker {
    jobs: Option<(SyncSender<Job>, JoinHandle<()>)>,
    waiting: Arc<(Mutex<usize>, Condvar)>,
}

impl Worker {
    fn push(&mut self, name: &str, job: Job) -> bool {
        if self.jobs.is_none() {
            let (tx, rx) = mpsc::sync_channel::<Job>(LANE_QUEUE);
            let waiting = Arc::clone(&self.waiting);
            let spawned = std::thread::Builder::new()
                .name(name.into())
                .spawn(move || {
                    while let Ok(job) = rx.recv() {
                        job();
                        let (count, done) = &*waiting;
                        *count.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
                        done.notify_all();
                    }
                });
            match spawned {
                Ok(handle) => self.jobs = Some((tx, handle)),
                Err(_) => return false,
            }
        }
        let Some((tx, _)) = &self.jobs else {
            return false;
        };
        *self
            .waiting
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner) += 1;
        if tx.send(job).is_err() {
            *self
                .waiting
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner) -= 1;
            return false;
        }
        true
    }

    fn drain(&self) {
        let (count, done) = &*self.waiting;
        let mut n = count.lock().unwrap_or_else(PoisonError::into_inner);
        while *n > 0 {
            n = done.wait(n).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn stop(&mut self) {
        if let Some((tx, handle)) = self.jobs.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::api::SessionRequest;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn drafts_never_queue_and_sign_in_waits_for_the_rest() {
        let draft = Request::Desk(DeskRequest::SyncDraft);
        assert_eq!(lane(&draft), Lane::Draft);
        let status = Request::Session(SessionRequest::Status);
        assert_eq!(lane(&status), Lane::Alone);
        let import = Request::Upkeep(UpkeepRequest::Import);
        assert_eq!(lane(&import), Lane::Alone);
        let warm = Request::Upkeep(UpkeepRequest::WarmSearch);
        assert_eq!(lane(&warm), Lane::Beside);
        let team = Request::Casework(CaseRequest::Team);
        assert_eq!(lane(&team), Lane::Work);
    }

    #[test]
    fn a_lane_keeps_order_and_drain_waits_for_every_job() {
        let mut lanes = Lanes::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        for i in 0..20 {
            let seen = Arc::clone(&seen);
            assert!(lanes.push(
                Lane::Work,
                Box::new(move || {
                    std::thread::sleep(Duration::from_millis(1));
                    seen.lock().expect("not poisoned").push(i);
                })
            ));
        }
        lanes.drain();
        assert_eq!(
            *seen.lock().expect("not poisoned"),
            (0..20).collect::<Vec<_>>()
        );
        lanes.stop();
    }

    #[test]
    fn a_full_lane_holds_its_caller_until_there_is_room() {
        let mut lanes = Lanes::default();
        let (release, held) = mpsc::channel::<()>();
        lanes.push(
            Lane::Work,
            Box::new(move || {
                let _ = held.recv_timeout(Duration::from_secs(30));
            }),
        );
        let queued = Arc::new(AtomicUsize::new(0));
        let pushing = {
            let queued = Arc::clone(&queued);
            std::thread::spawn(move || {
                for _ in 0..LANE_QUEUE + 10 {
                    lanes.push(Lane::Work, Box::new(|| {}));
                    queued.fetch_add(1, Ordering::SeqCst);
                }
                lanes
            })
        };
        // The first job is held; the queue fills, and the pusher waits at its end.
        while queued.load(Ordering::SeqCst) < LANE_QUEUE {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(100));
        assert!(queued.load(Ordering::SeqCst) <= LANE_QUEUE + 1);
        let _ = release.send(());
        let mut lanes = pushing
            .join()
            .expect("every job queued once there was room");
        assert_eq!(queued.load(Ordering::SeqCst), LANE_QUEUE + 10);
        lanes.drain();
        lanes.stop();
    }

    #[test]
    fn the_beside_lane_runs_while_the_work_lane_is_held() {
        let mut lanes = Lanes::default();
        let (release, held) = mpsc::channel::<()>();
        lanes.push(
            Lane::Work,
            Box::new(move || {
                let _ = held.recv_timeout(Duration::from_secs(10));
            }),
        );
        let ran = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&ran);
        let (done, finished) = mpsc::channel::<()>();
        lanes.push(
            Lane::Beside,
            Box::new(move || {
                flag.fetch_add(1, Ordering::SeqCst);
                let _ = done.send(());
            }),
        );
        assert!(finished.recv_timeout(Duration::from_secs(5)).is_ok());
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        let _ = release.send(());
        lanes.drain();
        lanes.stop();
    }
}
