//! The socket server: accepts connections, checks who is calling and which version,
//! and gives each connection a thread that reads its frames and hands them to a
//! [`Serve`]r. It knows nothing of requests: `service::serve` does.
//!
//! A connection that says nothing within [`HELLO_WITHIN`], has not signed in within
//! [`SIGN_IN_WITHIN`], sends a frame over the cap, stops half way through a frame,
//! sends garbage or takes no frame from us within [`SEND_WITHIN`] is closed, logged
//! without personal data, and everyone else goes on being served. With no connection
//! for the idle time, the server stops (a server started on demand goes away a while
//! after its last client), and so it does on SIGTERM or SIGINT: it lets nobody else
//! in, shuts every connection, waits a while for their threads to end their sessions,
//! and has the [`Serve`]r close what they shared before it takes the socket away.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::frame::{Deadline, FrameError, read_frame, read_frame_within, write_frame};
use super::hello::Hello;
use super::log::Log;
pub use super::outbox::Outbox;
use super::peer::Peer;

/// How long a new connection has to say hello, the whole of it.
pub const HELLO_WITHIN: Duration = Duration::from_secs(5);
/// The largest hello read: ours is under 300 bytes (the version is at most 255).
pub const MAX_HELLO: usize = 512;
/// How long one frame may take to arrive, the whole of it, once it has started: a
/// client sending a byte every few seconds does not hold a connection for ever.
pub const FRAME_WITHIN: Duration = Duration::from_secs(30);
/// Connections served at once; more are turned away (each is a thread).
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connection may stay without signing in: a thread is not held for ever
/// by a client that only said hello.
pub const SIGN_IN_WITHIN: Duration = Duration::from_secs(60);
/// How long the peer may take to accept a frame (each write to its socket). One that
/// stopped reading (suspended, or never reading) is closed instead of holding up
/// whoever writes to it: the thread answering it, and anyone telling it of a change.
pub const SEND_WITHIN: Duration = Duration::from_secs(10);
/// How long a stopping server waits for its connections' threads to end their
/// sessions once their sockets are shut (one in the middle of a long request, a
/// backup say, finishes it first); then what they share is closed under them. Well
/// within the 90 seconds a service manager gives a service to stop.
pub const STOP_WITHIN: Duration = Duration::from_secs(20);

/// The reading half of a connection, for a [`Serve`]r that needs more frames than the
/// one it was given (an upload).
pub struct Inbox {
    stream: UnixStream,
    /// When a connection that has not signed in runs out of time, uploads included.
    sign_in_by: Option<Instant>,
}

impl Inbox {
    /// The next frame, which must come whole within [`FRAME_WITHIN`] (and, before
    /// signing in, within the sign-in time).
    pub fn next_frame(&mut self) -> Result<Vec<u8>, FrameError> {
        let whole_by = Instant::now() + FRAME_WITHIN;
        let by = self.sign_in_by.map_or(whole_by, |by| by.min(whole_by));
        read_frame(&mut Deadline::new(&self.stream, by))
    }
}

/// What happens after a frame was handled.
pub enum Flow {
    Continue,
    /// Close this connection (the serve said why in the log).
    Close,
}

/// What a server does with its connections' frames.
pub trait Serve: Send + Sync + 'static {
    /// A connection's own state (its session, if it signs in).
    type Conn: Send;
    /// A connection from `peer` said hello in a matching version.
    fn open(&self, peer: Peer, out: Outbox) -> Self::Conn;
    /// Whether it has signed in (since when it may sit silent as long as it likes).
    fn has_signed_in(&self, conn: &Self::Conn) -> bool;
    /// One frame from it.
    fn frame(&self, conn: &mut Self::Conn, frame: Vec<u8>, inbox: &mut Inbox) -> Flow;
    /// It went away (or was closed).
    fn close(&self, conn: Self::Conn);
    /// The server is stopping and every connection it could wait for is closed:
    /// whatever they shared is to be written back and closed now.
    fn stop(&self) {}
}

/// How a server was set up.
pub struct ServerOptions {
    pub socket: PathBuf,
    /// The group whose members may connect (the socket's group); `None`: the server's
    /// own user only.
    pub group: Option<u32>,
    /// Stop after this long with no connection; `None`: never.
    pub idle_exit: Option<Duration>,
    /// Close a connection that has not signed in this long after connecting
    /// ([`SIGN_IN_WITHIN`] unless `--sign-in-within` says otherwise).
    pub sign_in_within: Duration,
}

/// A listening server.
pub struct Server<S: Serve> {
    listener: UnixListener,
    options: ServerOptions,
    serve: Arc<S>,
    log: Arc<Log>,
    live: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    /// When the last connection ended (or the server started).
    quiet_since: Arc<Mutex<Instant>>,
    /// The connections being served, to shut and wait for when the server stops.
    conns: Conns,
    /// The number the next connection is registered under.
    next_conn: u64,
    uid: u32,
    gid: u32,
}

/// Each connection being served, by number: its socket (a clone, to shut it) and its
/// thread, once started (to wait for). A thread takes itself out as it ends.
type Conns = Arc<Mutex<ConnMap>>;
type ConnMap = BTreeMap<u64, (UnixStream, Option<JoinHandle<()>>)>;

fn lock_conns(conns: &Conns) -> MutexGuard<'_, ConnMap> {
    conns.lock().unwrap_or_else(|p| p.into_inner())
}

impl<S: Serve> Server<S> {
    /// Binds the socket (removing one a dead server left), mode 0660 with a group,
    /// 0600 without, in a directory of the same reach.
    pub fn bind(options: ServerOptions, serve: S, log: Arc<Log>) -> std::io::Result<Server<S>> {
        super::paths::make_socket_dir(&options.socket, options.group)?;
        // The caller holds the data directory's lock, so any socket here is stale.
        match std::fs::remove_file(&options.socket) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let listener = UnixListener::bind(&options.socket)?;
        set_socket_access(&options.socket, options.group)?;
        // SAFETY: these calls only read the process's own ids.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        Ok(Server {
            listener,
            gid: options.group.unwrap_or(gid),
            options,
            serve: Arc::new(serve),
            log,
            live: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            quiet_since: Arc::new(Mutex::new(Instant::now())),
            conns: Conns::default(),
            next_conn: 0,
            uid,
        })
    }

    /// A flag that stops the server when set (a signal handler sets it).
    pub fn stopper(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// The socket's path.
    pub fn socket(&self) -> &Path {
        &self.options.socket
    }

    /// Serves until stopped or idle for the idle time. The listener is polled once a
    /// second (a server is not the idle terminal: a second's wake-up costs nothing a
    /// user could see), so a stop or the idle time is noticed within a second.
    pub fn run(mut self) -> std::io::Result<()> {
        self.listener.set_nonblocking(true)?;
        loop {
            if self.stop.load(Ordering::SeqCst) {
                self.log.event("stopping: asked to");
                break;
            }
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                // Idle only with nobody waiting to be let in: a client that connected
                // as the idle time ran out is served, not dropped unanswered.
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && self.idle_over() => {
                    self.log.event("stopping: no client for the idle time");
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    wait_readable(&self.listener, Duration::from_secs(1));
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.log.event(&format!("accept failed: {e}"));
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
        self.shut_down();
        Ok(())
    }

    /// Lets nobody else in, shuts every connection (its thread ends its session),
    /// waits up to [`STOP_WITHIN`] for their threads, has the server close what they
    /// shared, and takes the socket away. A signal must not end the process with
    /// sessions open: their views not yet flushed would be lost from the audit log.
    fn shut_down(self) {
        let Server {
            listener,
            options,
            serve,
            log,
            conns,
            ..
        } = self;
        drop(listener);
        let threads: Vec<JoinHandle<()>> = {
            let mut conns = lock_conns(&conns);
            for (socket, _) in conns.values() {
                let _ = socket.shutdown(std::net::Shutdown::Both);
            }
            conns.values_mut().filter_map(|(_, t)| t.take()).collect()
        };
        if !threads.is_empty() {
            log.event(&format!("stopping: {} connection(s) shut", threads.len()));
        }
        let deadline = Instant::now() + STOP_WITHIN;
        let mut busy = 0;
        for thread in threads {
            while !thread.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if thread.is_finished() {
                let _ = thread.join();
            } else {
                busy += 1;
            }
        }
        if busy > 0 {
            log.event(&format!(
                "stopping: {busy} connection(s) still in a request after {} s, \
                 closing the store under them",
                STOP_WITHIN.as_secs()
            ));
        }
        serve.stop();
        let _ = std::fs::remove_file(&options.socket);
    }

    fn idle_over(&self) -> bool {
        let Some(idle) = self.options.idle_exit else {
            return false;
        };
        self.live.load(Ordering::SeqCst) == 0
            && self
                .quiet_since
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .elapsed()
                >= idle
    }

    /// Checks the caller and starts its thread.
    fn admit(&mut self, stream: UnixStream) {
        let _ = stream.set_nonblocking(false);
        // Every write to the peer, the hello included: see [`SEND_WITHIN`].
        if let Err(e) = stream.set_write_timeout(Some(SEND_WITHIN)) {
            self.log
                .event(&format!("refused a connection: no send timeout ({e})"));
            return;
        }
        let peer = match Peer::of(&stream) {
            Ok(p) => p,
            Err(e) => {
                self.log
                    .event(&format!("refused a connection: no credentials ({e})"));
                return;
            }
        };
        if !peer.admitted(self.uid, self.gid) {
            self.log.event(&format!(
                "refused {} (uid {}, pid {}): not in the server's group",
                peer.user, peer.uid, peer.pid
            ));
            return;
        }
        if self.live.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            self.log.event(&format!(
                "refused {} (pid {}): {MAX_CONNECTIONS} connections already",
                peer.user, peer.pid
            ));
            return;
        }
        let Ok(socket) = stream.try_clone() else {
            self.log
                .event("refused a connection: its socket could not be kept");
            return;
        };
        self.live.fetch_add(1, Ordering::SeqCst);
        let id = self.next_conn;
        self.next_conn += 1;
        lock_conns(&self.conns).insert(id, (socket, None));
        let conns = Arc::clone(&self.conns);
        let conn = Connection {
            serve: Arc::clone(&self.serve),
            log: Arc::clone(&self.log),
            live: Arc::clone(&self.live),
            quiet_since: Arc::clone(&self.quiet_since),
            sign_in_within: self.options.sign_in_within,
        };
        let spawned = std::thread::Builder::new()
            .name("caseline-connection".into())
            .spawn(move || {
                conn.run(stream, peer);
                lock_conns(&conns).remove(&id);
            });
        match spawned {
            Ok(thread) => {
                // Unless it has already ended and taken itself out.
                if let Some(entry) = lock_conns(&self.conns).get_mut(&id) {
                    entry.1 = Some(thread);
                }
            }
            Err(_) => {
                lock_conns(&self.conns).remove(&id);
                self.live.fetch_sub(1, Ordering::SeqCst);
                self.log.event("refused a connection: no thread for it");
            }
        }
    }
}

/// Sets the socket's mode and group.
fn set_socket_access(socket: &Path, group: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match group {
        Some(gid) => {
            std::os::unix::fs::chown(socket, None, Some(gid))?;
            0o660
        }
        None => 0o600,
    };
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(mode))
}

/// Waits until the listener has a connection waiting, or `timeout` passes.
fn wait_readable(listener: &UnixListener, timeout: Duration) {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: listener.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll reads and writes one pollfd on our stack for the given timeout.
    unsafe {
        libc::poll(&mut fds, 1, timeout.as_millis() as libc::c_int);
    }
}

/// One connection's thread.
struct Connection<S: Serve> {
    serve: Arc<S>,
    log: Arc<Log>,
    live: Arc<AtomicUsize>,
    quiet_since: Arc<Mutex<Instant>>,
    sign_in_within: Duration,
}

impl<S: Serve> Connection<S> {
    fn run(self, stream: UnixStream, peer: Peer) {
        let who = format!("{} (uid {}, pid {})", peer.user, peer.uid, peer.pid);
        match self.greet(&stream) {
            Ok(true) => self.serve_frames(stream, peer, &who),
            Ok(false) => self.log.event(&format!("{who}: another version, told so")),
            Err(why) => self
                .log
                .event(&format!("{who}: closed before hello: {why}")),
        }
        if self.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            *self.quiet_since.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
        }
    }

    /// Reads the client's hello, which must come whole within [`HELLO_WITHIN`] and be
    /// no more than [`MAX_HELLO`] bytes, and answers it; `Ok(false)` for another version.
    fn greet(&self, stream: &UnixStream) -> Result<bool, String> {
        let mut reader = Deadline::new(stream, Instant::now() + HELLO_WITHIN);
        let first = read_frame_within(&mut reader, MAX_HELLO).map_err(|e| e.to_string())?;
        let hello = Hello::decode(&first).ok_or("the first frame was not a hello")?;
        let serves = hello.matches_ours();
        let mut w = stream;
        write_frame(&mut w, &Hello::ours().encode_answer(serves)).map_err(|e| e.to_string())?;
        let _ = w.flush();
        Ok(serves)
    }

    fn serve_frames(&self, stream: UnixStream, peer: Peer, who: &str) {
        let (Ok(reader), Ok(out)) = (stream.try_clone(), self.outbox(&stream, who)) else {
            return;
        };
        let mut conn = self.serve.open(peer, out.clone());
        let mut inbox = Inbox {
            stream: reader,
            sign_in_by: None,
        };
        let sign_in_by = Instant::now() + self.sign_in_within;
        loop {
            // Between frames a signed-in screen may sit for hours; one that has not
            // signed in has until its time runs out; within a frame, the rest must
            // come promptly.
            let by = (!self.serve.has_signed_in(&conn)).then_some(sign_in_by);
            if by.is_some_and(|by| by <= Instant::now()) {
                self.not_signed_in(who);
                break;
            }
            inbox.sign_in_by = by;
            let frame = match read_first_then_rest(&inbox.stream, by) {
                Ok(f) => f,
                Err(FrameError::Closed) => break,
                Err(FrameError::TimedOut) => {
                    self.not_signed_in(who);
                    break;
                }
                // A frame still coming when the sign-in time ran out.
                Err(FrameError::Truncated) if by.is_some_and(|by| by <= Instant::now()) => {
                    self.not_signed_in(who);
                    break;
                }
                Err(e) => {
                    self.log.event(&format!("{who}: closed: {e}"));
                    break;
                }
            };
            // A fault inside one request ends that connection, said in the log, and
            // never the server or anyone else's session.
            let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.serve.frame(&mut conn, frame, &mut inbox)
            }));
            match handled {
                Ok(Flow::Continue) => {}
                Ok(Flow::Close) => break,
                Err(_) => {
                    self.log
                        .event(&format!("{who}: internal error in a request, closed"));
                    break;
                }
            }
        }
        out.shut();
        self.serve.close(conn);
    }

    /// The connection's writing half, which says in the log when its peer stalls.
    fn outbox(&self, stream: &UnixStream, who: &str) -> std::io::Result<Outbox> {
        Ok(Outbox::new(stream.try_clone()?)?.logged(Arc::clone(&self.log), who))
    }

    fn not_signed_in(&self, who: &str) {
        self.log.event(&format!(
            "{who}: not signed in within {} s, closed",
            self.sign_in_within.as_secs()
        ));
    }
}

/// Reads a frame, waiting until `by` (`None`: as long as it takes; running out is
/// [`FrameError::TimedOut`]) for it to start, and no more than [`FRAME_WITHIN`] for the
/// whole of the rest once it has, nor past `by`.
fn read_first_then_rest(stream: &UnixStream, by: Option<Instant>) -> Result<Vec<u8>, FrameError> {
    let mut first = [0u8; 1];
    loop {
        let left = match by {
            None => None,
            Some(by) => match by.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return Err(FrameError::TimedOut),
            },
        };
        stream.set_read_timeout(left)?;
        match std::io::Read::read(&mut &*stream, &mut first) {
            Ok(0) => return Err(FrameError::Closed),
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Err(FrameError::Closed);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(FrameError::TimedOut);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let whole_by = Instant::now() + FRAME_WITHIN;
    let mut rest = Deadline::new(stream, by.map_or(whole_by, |by| by.min(whole_by)));
    let mut chained = std::io::Read::chain(&first[..], &mut rest);
    match read_frame(&mut chained) {
        Err(FrameError::Closed | FrameError::TimedOut) => Err(FrameError::Truncated),
        other => other,
    }
}
