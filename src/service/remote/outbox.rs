//! The half of a connection that writes, shared by the thread answering its requests
//! and whoever tells it of others' changes, one whole frame at a time.
//!
//! Answers are sent by the thread that has them, waiting its turn. Notices are only
//! queued: whoever is writing to the connection sends them after its own frame, so
//! a save never waits while a frame goes to a client that reads slowly (a backup at a
//! trickle). Each write must be taken within [`SEND_WITHIN`] (the socket's send
//! timeout, set when it was accepted); one that is not breaks the frame off, and the
//! connection is shut and said so in the log.

use std::io;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use super::frame::write_frame;
use super::log::Log;
use super::server::SEND_WITHIN;

/// Notices queued for a client that is not taking them: past this it is shut (each
/// notice is a few bytes, and the same one is queued once).
const MAX_QUEUED: usize = 4096;

#[derive(Clone)]
pub struct Outbox {
    stream: Arc<Mutex<UnixStream>>,
    /// Frames waiting for whoever writes next.
    queued: Arc<Mutex<Vec<Vec<u8>>>>,
    /// The same socket, outside the lock: shutting it must not wait for a write that
    /// is stuck on a peer that does not read.
    shutter: Arc<UnixStream>,
    /// The log, and the connection as the log names it: a stall is said there.
    said: Option<Arc<(Arc<Log>, String)>>,
}

impl Outbox {
    pub fn new(stream: UnixStream) -> io::Result<Outbox> {
        Ok(Outbox {
            shutter: Arc::new(stream.try_clone()?),
            stream: Arc::new(Mutex::new(stream)),
            queued: Arc::default(),
            said: None,
        })
    }

    /// Says in `log`, naming the connection `who`, when it is shut for not reading.
    pub fn logged(mut self, log: Arc<Log>, who: &str) -> Outbox {
        self.said = Some(Arc::new((log, who.to_string())));
        self
    }

    /// Sends one frame, then whatever was queued meanwhile; an error means the peer
    /// is gone, or took too long to take it.
    pub fn send(&self, payload: &[u8]) -> io::Result<()> {
        let sent = {
            let mut s = lock(&self.stream);
            self.write(&mut s, payload)
                .and_then(|()| self.send_queued(&mut s))
        };
        self.flush_queued();
        sent
    }

    /// Queues a frame to go after the one being sent now, if any; the caller never
    /// waits for a slow reader (unless the connection is idle and its socket full,
    /// and then no longer than the send time). The same frame queued twice is sent
    /// once: a notice means "read this again".
    pub fn tell(&self, payload: &[u8]) {
        {
            let mut q = lock(&self.queued);
            if q.len() >= MAX_QUEUED {
                q.clear();
                drop(q);
                self.say(&format!("{MAX_QUEUED} notices not taken, closed"));
                self.shut();
                return;
            }
            if !q.iter().any(|f| f == payload) {
                q.push(payload.to_vec());
            }
        }
        self.flush_queued();
    }

    /// Ends the connection (both ways), waking its reader.
    pub fn shut(&self) {
        let _ = self.shutter.shutdown(std::net::Shutdown::Both);
    }

    /// Sends what is queued if nobody else is writing. Whoever is will send it before
    /// letting go, or find it here after: a frame is queued before the lock is tried,
    /// and every holder looks at the queue again once it has let go.
    fn flush_queued(&self) {
        while !lock(&self.queued).is_empty() {
            let mut s = match self.stream.try_lock() {
                Ok(s) => s,
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            let _ = self.send_queued(&mut s);
        }
    }

    fn send_queued(&self, s: &mut UnixStream) -> io::Result<()> {
        loop {
            let frames = std::mem::take(&mut *lock(&self.queued));
            if frames.is_empty() {
                return Ok(());
            }
            for f in &frames {
                self.write(s, f)?;
            }
        }
    }

    /// Writes one frame. A frame part written leaves nothing the peer could read
    /// after it, so on any failure the connection is shut and its queue dropped.
    fn write(&self, s: &mut UnixStream, payload: &[u8]) -> io::Result<()> {
        let sent = write_frame(s, payload);
        if let Err(e) = &sent {
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) {
                self.say(&format!(
                    "took no frame for {} s, closed",
                    SEND_WITHIN.as_secs()
                ));
            } else if e.kind() == io::ErrorKind::InvalidInput {
                self.say("a frame over the limit was not sent, closed");
            }
            let _ = s.shutdown(std::net::Shutdown::Both);
            lock(&self.queued).clear();
        }
        sent
    }

    fn say(&self, what: &str) {
        if let Some(said) = &self.said {
            let (log, who) = &**said;
            log.event(&format!("{who}: {what}"));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
