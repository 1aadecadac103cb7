//! Where a slow keystroke waited: a thread beside the loop that, while one keystroke
//! has taken longer than [`AFTER`], reads from /proc where the loop's thread is in the
//! kernel (the system call, what it waits on, the top of its kernel stack). A wait on
//! a lock shows as `futex`; one on the disk as the file system's functions.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a keystroke runs before its thread is looked at.
const AFTER: Duration = Duration::from_millis(20);
/// How often it is looked at from then on.
const EVERY: Duration = Duration::from_millis(5);

/// Watches the thread that made it.
pub struct Watch {
    /// When the keystroke under way started, in ns after `epoch` (0: none).
    started: Arc<AtomicU64>,
    seen: Arc<Mutex<Vec<String>>>,
    epoch: Instant,
}

impl Watch {
    /// Watches the calling thread (Linux only; elsewhere nothing is seen).
    pub fn start() -> Watch {
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::syscall(libc::SYS_gettid) };
        let started = Arc::new(AtomicU64::new(0));
        let seen: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
        let epoch = Instant::now();
        let (s, v) = (Arc::clone(&started), Arc::clone(&seen));
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(EVERY);
                let at = s.load(Ordering::SeqCst);
                if at == 0 {
                    continue;
                }
                let busy = epoch.elapsed().saturating_sub(Duration::from_nanos(at));
                if busy < AFTER {
                    continue;
                }
                let here = look(tid);
                let mut v = v.lock().unwrap_or_else(|p| p.into_inner());
                if v.last().is_none_or(|l| !l.ends_with(&here)) {
                    v.push(format!("at {:.0} ms: {here}", busy.as_secs_f64() * 1000.0));
                }
            }
        });
        Watch {
            started,
            seen,
            epoch,
        }
    }

    /// A keystroke starts.
    pub fn begin(&self) {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clear();
        let ns = self.epoch.elapsed().as_nanos().max(1) as u64;
        self.started.store(ns, Ordering::SeqCst);
    }

    /// The keystroke is over: where its thread was seen waiting, if it took long.
    pub fn end(&self) -> Vec<String> {
        self.started.store(0, Ordering::SeqCst);
        std::mem::take(&mut *self.seen.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The thread's system call, what it sleeps in, and the top of its kernel stack.
fn look(tid: i64) -> String {
    let read = |what: &str| {
        std::fs::read_to_string(format!("/proc/self/task/{tid}/{what}")).unwrap_or_default()
    };
    let syscall = match read("syscall").split_whitespace().next() {
        Some("running") => "running".to_string(),
        Some(n) => format!("syscall {n}"),
        None => "?".to_string(),
    };
    let stack: Vec<String> = read("stack")
        .lines()
        .take(6)
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(|f| f.split('+').next().unwrap_or(f).to_string())
        .collect();
    format!("{syscall}, in {}, {}", read("wchan"), stack.join(" < "))
}
