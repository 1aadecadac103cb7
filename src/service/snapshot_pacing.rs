//! When the background thread writes a search snapshot.
//!
//! Writing one (about 40 MiB at 100k cases, a third of a second) holds up saves made
//! meanwhile by tens of milliseconds, because sled's transactions share one lock with
//! the snapshot's batch. So after enough changes it waits for a pause in the work
//! rather than writing in the middle of a busy desk; it writes regardless after many
//! more, which bounds how much of the journal the next load has to index again.

use std::time::Duration;

/// Changes after which a snapshot is due at the next lull.
pub(crate) const WRITE_AFTER_CHANGES: u32 = 512;
/// A pause in changes long enough to write a snapshot in.
pub(crate) const LULL: Duration = Duration::from_secs(2);
/// Changes after which one is written even without a lull.
pub(crate) const WRITE_ANYWAY_AFTER: u32 = 4096;
/// Quiet time after a change after which one is written anyway.
pub(crate) const WRITE_AFTER_QUIET: Duration = Duration::from_secs(60);

/// What the writer thread saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A commit changed the index.
    Changed,
    /// Nothing arrived for the wait [`Pacing::wait`] gave.
    Quiet,
}

/// Changes not yet in a snapshot, and the rule for when to write one.
#[derive(Debug, Default)]
pub(crate) struct Pacing {
    pending: u32,
}

impl Pacing {
    /// How long to wait for the next change before calling the work paused.
    pub fn wait(&self) -> Duration {
        if self.pending >= WRITE_AFTER_CHANGES {
            LULL
        } else {
            WRITE_AFTER_QUIET
        }
    }

    /// Whether to write a snapshot now; a `true` counts the changes as written.
    pub fn write_after(&mut self, event: Event) -> bool {
        let write = match event {
            Event::Changed => {
                self.pending += 1;
                self.pending >= WRITE_ANYWAY_AFTER
            }
            Event::Quiet => self.pending > 0,
        };
        if write {
            self.pending = 0;
        }
        write
    }

    /// A snapshot was written for another reason (asked for, or on close).
    pub fn written(&mut self) {
        self.pending = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_desk_is_not_held_up_until_it_pauses() {
        let mut p = Pacing::default();
        for _ in 0..WRITE_AFTER_CHANGES {
            assert!(!p.write_after(Event::Changed));
        }
        assert_eq!(p.wait(), LULL, "due: waits only for a short pause");
        for _ in 0..100 {
            assert!(!p.write_after(Event::Changed), "still busy: no write");
        }
        assert!(p.write_after(Event::Quiet), "the pause comes: write");
        assert_eq!(p.wait(), WRITE_AFTER_QUIET);
        assert!(
            !p.write_after(Event::Quiet),
            "nothing new: nothing to write"
        );
    }

    #[test]
    fn work_that_never_pauses_still_gets_a_snapshot() {
        let mut p = Pacing::default();
        let writes = (0..WRITE_ANYWAY_AFTER * 2)
            .filter(|_| p.write_after(Event::Changed))
            .count();
        assert_eq!(writes, 2);
    }

    #[test]
    fn a_few_changes_are_written_after_a_long_quiet() {
        let mut p = Pacing::default();
        assert!(!p.write_after(Event::Changed));
        assert_eq!(p.wait(), WRITE_AFTER_QUIET);
        assert!(p.write_after(Event::Quiet));
        p.write_after(Event::Changed);
        p.written();
        assert!(!p.write_after(Event::Quiet));
    }
}
