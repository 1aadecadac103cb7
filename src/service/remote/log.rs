//! The server's log: events only (connections, refusals, bad frames, sign-ins by
//! login), never anything a record holds. A line is dated; the file is kept small by
//! starting it afresh once it passes a megabyte.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::domain::Clock;

const MAX_BYTES: u64 = 1 << 20;

/// Where events are written: a file, or standard error (a server under systemd, whose
/// journal dates and keeps them).
pub struct Log {
    path: Option<PathBuf>,
    clock: Clock,
    lock: Mutex<()>,
}

impl Log {
    pub fn to_file(path: PathBuf, clock: Clock) -> Log {
        Log {
            path: Some(path),
            clock,
            lock: Mutex::new(()),
        }
    }

    pub fn to_stderr(clock: Clock) -> Log {
        Log {
            path: None,
            clock,
            lock: Mutex::new(()),
        }
    }

    /// Writes one event. Text from outside (a login, a version) is made inert first.
    pub fn event(&self, what: &str) {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let what = crate::domain::text::inert(what);
        let line = format!(
            "{} [{}] {what}\n",
            crate::domain::clock::local(self.clock.now()).format("%Y-%m-%d %H:%M:%S"),
            std::process::id()
        );
        match &self.path {
            None => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
            Some(path) => {
                if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
                    let _ = std::fs::rename(path, path.with_extension("log.old"));
                }
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path);
                if let Ok(mut f) = file {
                    let _ = f.write_all(line.as_bytes());
                }
            }
        }
    }
}
