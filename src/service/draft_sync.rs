//! Forcing a session's draft to disk away from the keystrokes that write it.
//!
//! A pause in typing asks for the draft to be forced to disk without waiting (a sync
//! can wait hundreds of milliseconds for a busy disk). One thread per session does it,
//! started when asked and gone when nothing is left to do; asks that come while it
//! works are folded into its next round, so a worker typing in bursts never piles up
//! threads. What it finds is kept: a sync that failed is told at the next ask, and
//! the ask answers whether every copy written is on disk, so that whoever asks marks
//! the draft safe only once it is.

use std::fs::File;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::store::{StoreError, StoreResult};

/// Open copies of a draft's files, each with its path (for the error).
pub(crate) type Copies = Vec<(File, PathBuf)>;

/// What an ask to force the draft to disk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftSync {
    /// Every copy written is on disk: nothing was left to do.
    OnDisk,
    /// The copies are being forced to disk; ask again to know how it went.
    Queued,
}

/// One session's draft syncing. Shared with its thread while it runs.
#[derive(Default)]
pub(crate) struct DraftSyncer(Mutex<State>);

#[derive(Default)]
struct State {
    /// Copies written so far (a count).
    written: u64,
    /// How many of them are known to be on disk.
    synced: u64,
    /// What the thread forces next, and up to which write.
    pending: Option<(u64, Copies)>,
    /// Up to which write the thread is forcing now (`None`: no thread runs).
    running: Option<u64>,
    /// A sync that failed, not yet told.
    failed: Option<StoreError>,
}

impl DraftSyncer {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A copy was written.
    pub(crate) fn wrote(&self) {
        self.state().written += 1;
    }

    /// Everything written is on disk (forced there while the caller held the draft, or
    /// removed), and an earlier failure no longer matters.
    pub(crate) fn all_on_disk(&self) {
        let mut s = self.state();
        s.synced = s.written;
        s.failed = None;
        s.pending = None;
    }

    /// Has the copies written so far forced to disk on this session's syncing thread;
    /// `copies` opens them, called only when something is left to force. An earlier
    /// sync that failed is the answer (once), and is tried again.
    pub(crate) fn soon(
        self: &Arc<Self>,
        copies: impl FnOnce() -> StoreResult<Copies>,
    ) -> StoreResult<DraftSync> {
        let mut s = self.state();
        let failed = s.failed.take();
        if failed.is_none() && s.synced >= s.written {
            return Ok(DraftSync::OnDisk);
        }
        let upto = s.written;
        let covered = s.running.is_some_and(|r| r >= upto)
            || s.pending.as_ref().is_some_and(|(p, _)| *p >= upto);
        if failed.is_some() || !covered {
            let mut fresh = copies()?;
            if let Some((_, older)) = s.pending.take() {
                // Files of a slot left meanwhile still want their last copies forced.
                let gone: Copies = older
                    .into_iter()
                    .filter(|(_, p)| !fresh.iter().any(|(_, q)| q == p))
                    .collect();
                fresh.extend(gone);
            }
            s.pending = Some((upto, fresh));
            if s.running.is_none() {
                s.running = Some(0);
                drop(s);
                self.start();
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(DraftSync::Queued),
        }
    }

    /// Starts the syncing thread; if none can be had, does its work here.
    fn start(self: &Arc<Self>) {
        let me = Arc::clone(self);
        let started = std::thread::Builder::new()
            .name("caseline-draft-sync".into())
            .spawn(move || me.work());
        if started.is_err() {
            self.work();
        }
    }

    /// Forces what is pending until nothing is.
    fn work(&self) {
        loop {
            let (upto, copies) = {
                let mut s = self.state();
                match s.pending.take() {
                    Some(next) => {
                        s.running = Some(next.0);
                        next
                    }
                    None => {
                        s.running = None;
                        return;
                    }
                }
            };
            let outcome = force(copies);
            let mut s = self.state();
            match outcome {
                Ok(()) => s.synced = s.synced.max(upto),
                // A round overtaken by a sync that waited (and worked) is no failure.
                Err(e) if upto > s.synced => s.failed = Some(e),
                Err(_) => {}
            }
        }
    }
}

/// Forces each copy to disk.
pub(crate) fn force(copies: Copies) -> StoreResult<()> {
    for (file, path) in copies {
        file.sync_data()
            .map_err(|e| StoreError::io(format!("syncing the draft {}", path.display()), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asks until the answer is no longer "queued" (the thread has run).
    fn settle(syncer: &Arc<DraftSyncer>) -> StoreResult<DraftSync> {
        loop {
            match syncer.soon(|| Ok(Vec::new())) {
                Ok(DraftSync::Queued) => std::thread::yield_now(),
                done => return done,
            }
        }
    }

    /// A copy whose sync fails for real: a pipe cannot be forced to disk.
    fn failing() -> Copies {
        let (reader, _writer) = std::io::pipe().expect("a pipe");
        let file = File::from(std::os::fd::OwnedFd::from(reader));
        vec![(file, PathBuf::from("drafts/USER.a"))]
    }

    #[test]
    fn on_disk_only_once_forced_and_a_failure_is_told() {
        let syncer = Arc::new(DraftSyncer::default());
        assert_eq!(syncer.soon(|| Ok(Vec::new())).unwrap(), DraftSync::OnDisk);
        syncer.wrote();
        assert_eq!(settle(&syncer).unwrap(), DraftSync::OnDisk);
        syncer.wrote();
        assert_eq!(syncer.soon(|| Ok(failing())).unwrap(), DraftSync::Queued);
        let told = settle(&syncer).unwrap_err();
        assert!(told.to_string().contains("syncing the draft"), "{told}");
        // Told once; tried again, and this time it works.
        assert_eq!(settle(&syncer).unwrap(), DraftSync::OnDisk);
    }

    #[test]
    fn asks_while_a_sync_runs_are_folded_into_one_more_round() {
        let syncer = Arc::new(DraftSyncer::default());
        // A round is under way (its thread is this test, below).
        syncer.state().running = Some(0);
        for _ in 0..100 {
            syncer.wrote();
            assert_eq!(syncer.soon(|| Ok(Vec::new())).unwrap(), DraftSync::Queued);
        }
        {
            let s = syncer.state();
            assert_eq!(s.pending.as_ref().map(|(upto, _)| *upto), Some(100));
            assert_eq!(s.running, Some(0), "no second thread was started");
        }
        // The running thread takes the one round left, and stops.
        syncer.work();
        assert_eq!(syncer.state().running, None);
        assert_eq!(syncer.soon(|| Ok(Vec::new())).unwrap(), DraftSync::OnDisk);
    }
}
