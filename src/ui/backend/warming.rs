//! What the thread started at sign-in has made ready: the search index (loaded from its
//! snapshot, or built from every record when there is none) and each person's cases.
//!
//! A search typed before then would block the loop for as long as the build takes (a
//! minute at 100,000 cases), so the screen is told how far the build has come instead,
//! and told again when it is done.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::ui::msg::Reply;

/// Sends a reply to the loop from a thread beside it.
pub type Notify = Arc<dyn Fn(Reply) + Send + Sync>;

/// Shared between the backend and its warming thread.
#[derive(Clone, Default)]
pub struct Warmth {
    ready: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    notify: Arc<Mutex<Option<Notify>>>,
}

impl Warmth {
    /// Replies from the warming thread go through `notify`; without one (tests driving
    /// the model directly) a search simply waits for the index.
    pub fn set_notify(&self, notify: Notify) {
        *self.notify.lock().unwrap_or_else(|p| p.into_inner()) = Some(notify);
    }

    pub(super) fn send(&self, reply: Reply) {
        let notify = self
            .notify
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(notify) = notify {
            notify(reply);
        }
    }

    /// A new session starts warming.
    pub fn start(&self) {
        self.ready.store(false, Ordering::SeqCst);
        self.done.store(0, Ordering::SeqCst);
        self.total.store(0, Ordering::SeqCst);
    }

    /// The build's progress; each whole per cent more is told to the loop.
    pub fn progress(&self, done: usize, total: usize) {
        let before = self.done.swap(done, Ordering::SeqCst);
        self.total.store(total, Ordering::SeqCst);
        if total > 0 && (before * 100 / total != done * 100 / total) {
            self.send(Reply::SearchBuilding(done, total));
        }
    }

    /// Everything is ready: a search waiting for it runs now.
    pub fn finished(&self) {
        self.ready.store(true, Ordering::SeqCst);
        self.send(Reply::SearchReady);
    }

    /// While a search must not run yet, the reply that says why; `None` when it may
    /// (ready, or nobody to tell when it is).
    pub fn not_ready(&self) -> Option<Reply> {
        let told = self
            .notify
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some();
        if !told || self.ready.load(Ordering::SeqCst) {
            return None;
        }
        Some(Reply::SearchBuilding(
            self.done.load(Ordering::SeqCst),
            self.total.load(Ordering::SeqCst),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collecting(w: &Warmth) -> Arc<Mutex<Vec<Reply>>> {
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        w.set_notify(Arc::new(move |r| sink.lock().unwrap().push(r)));
        got
    }

    #[test]
    fn without_anyone_to_tell_a_search_just_waits_for_the_index() {
        let w = Warmth::default();
        w.start();
        assert!(w.not_ready().is_none());
    }

    #[test]
    fn a_search_is_held_until_the_thread_finishes_and_then_told_to_run() {
        let w = Warmth::default();
        let got = collecting(&w);
        w.start();
        assert!(matches!(w.not_ready(), Some(Reply::SearchBuilding(0, 0))));
        for done in 0..=1000 {
            w.progress(done, 1000);
        }
        assert!(matches!(
            w.not_ready(),
            Some(Reply::SearchBuilding(1000, 1000))
        ));
        w.finished();
        assert!(w.not_ready().is_none());
        let got = got.lock().unwrap();
        // One reply a whole per cent, then ready: never one a record.
        let building = got
            .iter()
            .filter(|r| matches!(r, Reply::SearchBuilding(..)))
            .count();
        assert_eq!(building, 100);
        assert!(matches!(got.last(), Some(Reply::SearchReady)));
        drop(got);
        // A new session warms again.
        w.start();
        assert!(w.not_ready().is_some());
    }
}
