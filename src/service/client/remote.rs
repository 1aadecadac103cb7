//! A session in a server, over its socket. A reader thread takes every frame the
//! server sends: a call's chunks, progress and answer go to the caller waiting for
//! them, notices to whoever asked to hear them. When the server goes away, every
//! waiting call fails with [`Error::Unavailable`] and later calls fail at once.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::service::api::wire::{ClientFrame, Notice, ServerFrame, decode, encode};
use crate::service::api::{AdminRequest, Reply, Request, Transfer};
use crate::service::remote::frame::{read_frame, write_frame};
use crate::service::serve::{Lane, lane};
use crate::service::{Error, Result};

/// Bytes an upload chunk carries at most.
const CHUNK: usize = 1 << 20;

/// How long a call a screen waits on waits for the server's next word before the
/// server is taken to be unreachable: one alive but stuck (stopped, its disk stalled)
/// would otherwise hold the caller, and a terminal with it, for ever. Generous: a
/// busy store answers in well under a second. Each chunk or progress frame starts the
/// wait again.
pub const CALL_DEADLINE: Duration = Duration::from_secs(30);

/// Who hears the server's notices.
pub type Listener = Arc<dyn Fn(Notice) + Send + Sync>;

/// What the reader thread and the callers share.
struct Shared {
    pending: Mutex<HashMap<u64, Sender<ServerFrame>>>,
    listener: Mutex<Option<Listener>>,
    gone: AtomicBool,
    /// The store's data directory, for messages.
    dir: PathBuf,
}

/// A connection to a server.
pub struct Remote {
    writer: Mutex<UnixStream>,
    /// The same connection, to shut it when a call goes unanswered without taking
    /// the writer (a caller may hold it).
    shutter: UnixStream,
    /// See [`CALL_DEADLINE`].
    deadline: Duration,
    next: AtomicU64,
    shared: Arc<Shared>,
}

impl Remote {
    /// Takes a connection that has said hello, and starts its reader.
    pub fn new(stream: UnixStream, dir: PathBuf) -> Result<Remote> {
        let clone = || {
            stream
                .try_clone()
                .map_err(|e| Error::Unavailable(format!("the connection to the server: {e}")))
        };
        let (reader, shutter) = (clone()?, clone()?);
        let shared = Arc::new(Shared {
            pending: Mutex::new(HashMap::new()),
            listener: Mutex::new(None),
            gone: AtomicBool::new(false),
            dir,
        });
        let for_reader = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("caseline-client".into())
            .spawn(move || read_all(reader, &for_reader))
            .map_err(|e| Error::Unavailable(format!("no thread to read the server: {e}")))?;
        Ok(Remote {
            writer: Mutex::new(stream),
            shutter,
            deadline: CALL_DEADLINE,
            next: AtomicU64::new(1),
            shared,
        })
    }

    /// Sends notices to `listener` from now on.
    pub fn listen(&self, listener: Listener) {
        *lock(&self.shared.listener) = Some(listener);
    }

    /// Whether the server has gone away.
    pub fn is_gone(&self) -> bool {
        self.shared.gone.load(Ordering::SeqCst)
    }

    /// Makes one call and waits for its answer, moving its file both ways.
    pub fn call(&self, request: Request, transfer: &mut dyn Transfer) -> Result<Reply> {
        if self.is_gone() {
            return Err(self.shared.unavailable());
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        lock(&self.shared.pending).insert(id, tx);
        // The reader may have ended since the check above, its clearing of the
        // waiting calls done before this one was added: nothing would ever answer it.
        if self.is_gone() {
            lock(&self.shared.pending).remove(&id);
            return Err(self.shared.unavailable());
        }
        // Only the calls a screen waits on (the draft, reading and changing records)
        // have a deadline. Upkeep (backups, exports, imports, reports, reindexing) may
        // work for long without a word; the reads beside the loop may queue behind the
        // search index warming up; signing in waits for the other lanes to empty;
        // checking the audit chain reads the whole log.
        let timed = matches!(lane(&request), Lane::Draft | Lane::Work)
            && !matches!(
                request,
                Request::Upkeep(_) | Request::Admin(AdminRequest::VerifyAudit(_))
            );
        let patience = timed.then_some(self.deadline);
        let uploads = crate::service::serve::uploads(&request);
        let sent = self.send(id, request, uploads, transfer);
        if let Err(e) = sent {
            lock(&self.shared.pending).remove(&id);
            return Err(e);
        }
        let answer = self.wait(&rx, transfer, patience);
        lock(&self.shared.pending).remove(&id);
        answer
    }

    fn send(
        &self,
        id: u64,
        request: Request,
        uploads: bool,
        transfer: &mut dyn Transfer,
    ) -> Result<()> {
        let mut w = lock(&self.writer);
        let io = |e: std::io::Error| self.shared.lost(&e.to_string());
        write_frame(&mut *w, &encode(&ClientFrame::Call { id, request })).map_err(io)?;
        if uploads {
            let from = transfer.upload()?;
            let mut buf = vec![0u8; CHUNK];
            loop {
                let n = read_some(from, &mut buf)?;
                let data = buf[..n].to_vec();
                write_frame(&mut *w, &encode(&ClientFrame::Chunk { id, data })).map_err(io)?;
                if n == 0 {
                    break;
                }
            }
        }
        w.flush().map_err(io)
    }

    fn wait(
        &self,
        rx: &Receiver<ServerFrame>,
        transfer: &mut dyn Transfer,
        patience: Option<Duration>,
    ) -> Result<Reply> {
        loop {
            let frame = match patience {
                None => rx.recv().ok(),
                Some(patience) => match rx.recv_timeout(patience) {
                    Ok(frame) => Some(frame),
                    Err(RecvTimeoutError::Timeout) => return Err(self.unanswered(patience)),
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            let Some(frame) = frame else {
                return Err(self.shared.unavailable());
            };
            match frame {
                ServerFrame::Answer { answer, .. } => return answer.map_err(Error::from),
                ServerFrame::Chunk { data, .. } if !data.is_empty() => {
                    transfer
                        .download()?
                        .write_all(&data)
                        .map_err(|source| Error::Io {
                            what: "writing what the server sent".into(),
                            source,
                        })?;
                }
                ServerFrame::Chunk { .. } => {}
                ServerFrame::Progress { done, total, .. } => transfer.progress(done, total),
                ServerFrame::Notice(_) => {}
            }
        }
    }
}

impl Remote {
    /// A call went unanswered for `patience`: the server is taken to be unreachable.
    /// The connection is shut, so the reader ends and tells the listener the server
    /// has gone (a terminal locks and says so), and every other call fails at once.
    fn unanswered(&self, patience: Duration) -> Error {
        let why = format!("it did not answer within {} seconds", patience.as_secs());
        let error = self.shared.lost(&why);
        let _ = self.shutter.shutdown(std::net::Shutdown::Both);
        error
    }

    /// Sets how long a call waits for the server (tests of a stuck server).
    #[cfg(test)]
    fn set_deadline(&mut self, deadline: Duration) {
        self.deadline = deadline;
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        let w = lock(&self.writer);
        let _ = w.shutdown(std::net::Shutdown::Both);
    }
}

impl Shared {
    fn unavailable(&self) -> Error {
        Error::Unavailable(format!(
            "the caseline server for {} stopped; a change in flight may not have been made",
            self.dir.display()
        ))
    }

    fn lost(&self, why: &str) -> Error {
        self.gone.store(true, Ordering::SeqCst);
        Error::Unavailable(format!(
            "the caseline server for {} could not be reached ({why})",
            self.dir.display()
        ))
    }
}

/// The reader thread: routes every frame until the connection ends.
fn read_all(mut stream: UnixStream, shared: &Shared) {
    while let Ok(bytes) = read_frame(&mut stream) {
        let Ok(frame) = decode::<ServerFrame>(&bytes) else {
            break;
        };
        let id = match &frame {
            ServerFrame::Notice(n) => {
                let listener = lock(&shared.listener).clone();
                if let Some(l) = listener {
                    l(n.clone());
                }
                continue;
            }
            ServerFrame::Answer { id, .. }
            | ServerFrame::Chunk { id, .. }
            | ServerFrame::Progress { id, .. } => *id,
        };
        if let Some(tx) = lock(&shared.pending).get(&id) {
            let _ = tx.send(frame);
        }
    }
    shared.gone.store(true, Ordering::SeqCst);
    // Waiting callers see their senders go and fail as unavailable.
    lock(&shared.pending).clear();
    if let Some(l) = lock(&shared.listener).clone() {
        l(Notice::ServerGone);
    }
}

fn read_some(from: &mut dyn Read, buf: &mut [u8]) -> Result<usize> {
    loop {
        match from.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(Error::Io {
                    what: "reading the file to send".into(),
                    source,
                });
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::api::DeskRequest;
    use crate::service::api::transfer::Local;

    /// A server that took the connection and never answers (stopped, or its disk
    /// stalled): the call fails as unreachable instead of waiting for ever, and the
    /// listener hears that the server has gone.
    #[test]
    fn a_call_to_a_server_that_never_answers_fails_as_unreachable() {
        let (ours, stuck) = UnixStream::pair().expect("a socket pair");
        let mut remote = Remote::new(ours, PathBuf::from("/srv/caseline")).expect("a client");
        remote.set_deadline(Duration::from_millis(50));
        let (told, heard) = mpsc::channel();
        remote.listen(Arc::new(move |n| {
            let _ = told.send(n);
        }));
        let answer = remote.call(DeskRequest::SyncDraft.into(), &mut Local::default());
        match answer {
            Err(Error::Unavailable(why)) => assert!(why.contains("did not answer"), "{why}"),
            other => panic!("not taken as unreachable: {other:?}"),
        }
        assert!(remote.is_gone());
        assert!(matches!(
            heard.recv_timeout(Duration::from_secs(20)),
            Ok(Notice::ServerGone)
        ));
        // Later calls fail at once.
        let again = remote.call(DeskRequest::SyncDraft.into(), &mut Local::default());
        assert!(matches!(again, Err(Error::Unavailable(_))));
        drop(stuck);
    }
}
