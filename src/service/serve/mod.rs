//! Serving an [`Engine`] on the socket: each connection signs in to a session of its
//! own, its frames are requests carried out by the same dispatch an in-process client
//! uses, and what one session changes is pushed to the others as notices.
//!
//! Every audit entry a connection causes names its OS account, from the kernel's
//! peer credentials, beside the caseline user and the origin the client gave.

mod hub;
mod lanes;
mod transfer;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::api::limits::in_words;
use super::api::wire::{ClientFrame, Notice, ServerFrame, WireError, decode, encode};
use super::api::{Reply, Request, SessionRequest, SignedIn};
use super::remote::Peer;
use super::remote::frame::MAX_FRAME;
use super::remote::log::Log;
use super::remote::server::{Flow, Inbox, Outbox, Serve};
use super::{Caseline, Engine, Error, Result};
use crate::domain::Stamp;
pub use hub::{Hub, notices_for};
pub use lanes::{Lane, lane};
use transfer::SocketTransfer;
pub use transfer::uploads;

/// An engine served to many connections.
pub struct EngineServer {
    engine: Engine,
    /// Shared with the connections' lane threads, which tell the others too.
    hub: Arc<Hub>,
    log: Arc<Log>,
    next: AtomicU64,
}

/// One connection: who is calling and, once signed in, their session.
pub struct Conn {
    id: u64,
    peer: Peer,
    out: Outbox,
    /// Shared with the connection's lane threads while they carry out its calls.
    session: Option<Arc<Caseline>>,
    /// Whether it has ever signed in: one that has may sit signed out (a locked
    /// screen) as long as it likes; one that never has is closed after a while.
    has_signed_in: bool,
    lanes: lanes::Lanes,
}

impl EngineServer {
    pub fn new(engine: Engine, log: Arc<Log>) -> EngineServer {
        EngineServer {
            engine,
            hub: Arc::new(Hub::default()),
            log,
            next: AtomicU64::new(1),
        }
    }

    /// Carries out one call for `conn`; with its reply, what the others are to hear.
    fn call(
        &self,
        conn: &mut Conn,
        id: u64,
        request: Request,
        inbox: &mut Inbox,
    ) -> Result<(Reply, Vec<Notice>)> {
        let request = match request {
            Request::Session(r) => return Ok((self.session(conn, r)?, Vec::new())),
            other => other,
        };
        let transfer = SocketTransfer::new(id, inbox, &conn.out, &request);
        let Some(session) = &conn.session else {
            // The file sent with a refused call is read and dropped, so that its
            // chunks are not taken for frames of their own.
            transfer.finish()?;
            return Err(Error::NotPermitted("sign in first".into()));
        };
        carry_out(session, request, transfer)
    }

    /// Signing in and out, and what the sign-in screen asks first.
    fn session(&self, conn: &mut Conn, request: SessionRequest) -> Result<Reply> {
        match request {
            SessionRequest::Status => Ok(Reply::Status(self.engine.status()?)),
            SessionRequest::IsOnlyLogin(text) => {
                Ok(Reply::OnlyLogin(self.engine.is_only_login(&text)?))
            }
            SessionRequest::SignIn {
                login,
                secret,
                origin,
                resuming,
            } => {
                // The old session ends first, and the hub hears so: a sign-in that
                // fails leaves the connection signed out, hearing no notices.
                self.take_session(conn)?;
                let stamp = Stamp {
                    who: None,
                    origin: crate::domain::text::inert(&origin).into_owned(),
                    os_user: Some(conn.peer.user.clone()),
                };
                let session = self.engine.sign_in_resuming(
                    login.as_deref(),
                    secret.expose(),
                    stamp,
                    resuming,
                )?;
                self.signed_in(conn, session, "with a passphrase")
            }
            SessionRequest::SignInAsPeer { login, origin } => {
                let stamp = Stamp {
                    who: None,
                    origin: crate::domain::text::inert(&origin).into_owned(),
                    os_user: Some(conn.peer.user.clone()),
                };
                let session = self.engine.sign_in_as_peer(login.as_deref(), stamp)?;
                self.signed_in(conn, session, "by its OS account")
            }
            SessionRequest::SignOut { lock } => {
                self.hub.signed_out(conn.id);
                if let Some(session) = conn.session.take() {
                    // Ended even when the lock could not be audited.
                    let locked = if lock { session.audit_lock() } else { Ok(()) };
                    let ended = end(session);
                    locked.and(ended)?;
                }
                Ok(Reply::Done)
            }
        }
    }

    /// Ends the connection's session, if it has one, telling the hub first.
    fn take_session(&self, conn: &mut Conn) -> Result<()> {
        match conn.session.take() {
            Some(old) => {
                self.hub.signed_out(conn.id);
                end(old)
            }
            None => Ok(()),
        }
    }
}

impl EngineServer {
    /// Makes `session` the connection's and tells the client who it is.
    fn signed_in(&self, conn: &mut Conn, session: Caseline, how: &str) -> Result<Reply> {
        let told = signed_in(&session)?;
        self.log.event(&format!(
            "connection {} ({}) signed in {how}",
            conn.id, conn.peer.user
        ));
        if let Some(old) = conn.session.replace(Arc::new(session)) {
            end(old)?;
        }
        conn.has_signed_in = true;
        self.hub.signed_in(conn.id);
        Ok(Reply::SignedIn(Box::new(told)))
    }
}

impl EngineServer {
    /// Hands a call to the lane's thread, which answers it and tells the others.
    fn queue(&self, conn: &mut Conn, lane: lanes::Lane, id: u64, request: Request) -> Flow {
        let Some(session) = conn.session.clone() else {
            let answer = Err(WireError::from(&Error::NotPermitted(
                "sign in first".into(),
            )));
            let sent = conn.out.send(&encode(&ServerFrame::Answer { id, answer }));
            return if sent.is_ok() {
                Flow::Continue
            } else {
                Flow::Close
            };
        };
        let (out, hub, log, from) = (
            conn.out.clone(),
            Arc::clone(&self.hub),
            Arc::clone(&self.log),
            conn.id,
        );
        let job = Box::new(move || {
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                carry_out(&session, request, SocketTransfer::sending(id, &out))
            }));
            let (answer, notices) = match done {
                Ok(Ok((reply, notices))) => (Ok(reply), notices),
                Ok(Err(e)) => (Err(WireError::from(&e)), Vec::new()),
                Err(_) => {
                    // As on the connection's own thread: that connection ends, said in
                    // the log, and nobody else's.
                    log.event(&format!(
                        "connection {from}: internal error in a request, closed"
                    ));
                    out.shut();
                    return;
                }
            };
            // The others hear of a change made even when its asker has gone.
            let _ = out.send(&answer_frame(id, answer));
            hub.tell_others(from, &notices);
        });
        if conn.lanes.push(lane, job) {
            Flow::Continue
        } else {
            self.log.event(&format!(
                "connection {}: no thread for its requests, closed",
                conn.id
            ));
            Flow::Close
        }
    }
}

/// Carries out a signed-in call with its transfer; with its reply, what the other
/// connections are to hear.
fn carry_out(
    session: &Caseline,
    request: Request,
    mut transfer: SocketTransfer<'_>,
) -> Result<(Reply, Vec<Notice>)> {
    let mut notices = notices_for(&request);
    let reply = session.call(request, &mut transfer);
    transfer.finish()?;
    let reply = reply?;
    notices.extend(hub::notices_of_reply(&reply));
    Ok((reply, notices))
}

/// An answer as a frame. One too large for a frame is sent as an error saying so
/// instead: sent as it is, it would end the connection with no word why.
fn answer_frame(id: u64, answer: std::result::Result<Reply, WireError>) -> Vec<u8> {
    let frame = encode(&ServerFrame::Answer { id, answer });
    if frame.len() <= MAX_FRAME {
        return frame;
    }
    let limit = MAX_FRAME as u64;
    let why = format!(
        "the answer is too large to send ({}, over the limit of {}): ask for fewer rows",
        in_words(frame.len() as u64),
        in_words(limit)
    );
    encode(&ServerFrame::Answer {
        id,
        answer: Err(WireError::Conflict(why)),
    })
}

/// Ends a session once its connection's lanes have let go of it. A lane thread still
/// holding it (it cannot, after a drain) would end it when done; the writes so far are
/// made durable now either way.
fn end(session: Arc<Caseline>) -> Result<()> {
    match Arc::try_unwrap(session) {
        Ok(session) => session.close(),
        Err(shared) => shared.flush(),
    }
}

/// What a client is told when it signs in.
pub fn signed_in(session: &Caseline) -> Result<SignedIn> {
    Ok(SignedIn {
        user: crate::domain::User::clone(&session.actor()),
        settings: (*session.settings()).clone(),
        lists: session.reference_lists(),
        notices: session.notices(),
        damage: session.notices_damage(),
    })
}

impl Serve for EngineServer {
    type Conn = Conn;

    fn open(&self, peer: Peer, out: Outbox) -> Conn {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.hub.connected(id, out.clone());
        self.log.event(&format!(
            "connection {id} from {} (pid {})",
            peer.user, peer.pid
        ));
        Conn {
            id,
            peer,
            out,
            session: None,
            has_signed_in: false,
            lanes: lanes::Lanes::default(),
        }
    }

    fn has_signed_in(&self, conn: &Conn) -> bool {
        conn.has_signed_in
    }

    fn frame(&self, conn: &mut Conn, frame: Vec<u8>, inbox: &mut Inbox) -> Flow {
        let (id, request) = match decode::<ClientFrame>(&frame) {
            Ok(ClientFrame::Call { id, request }) => (id, request),
            Ok(ClientFrame::Chunk { .. }) => {
                self.log.event(&format!(
                    "connection {}: a chunk with no call, closed",
                    conn.id
                ));
                return Flow::Close;
            }
            Err(why) => {
                self.log.event(&format!(
                    "connection {}: a frame that does not decode ({why}), closed",
                    conn.id
                ));
                return Flow::Close;
            }
        };
        match lanes::lane(&request) {
            lanes::Lane::Draft => {}
            lanes::Lane::Alone => conn.lanes.drain(),
            lane => return self.queue(conn, lane, id, request),
        }
        let (answer, notices) = match self.call(conn, id, request, inbox) {
            Ok((reply, notices)) => (Ok(reply), notices),
            Err(e) => (Err(WireError::from(&e)), Vec::new()),
        };
        let sent = conn.out.send(&answer_frame(id, answer));
        // The caller has its answer before the others hear of the change: telling 20
        // connections is 20 frames written, which a save need not wait for.
        self.hub.tell_others(conn.id, &notices);
        if sent.is_err() {
            return Flow::Close;
        }
        Flow::Continue
    }

    fn close(&self, mut conn: Conn) {
        self.hub.gone(conn.id);
        // What the lanes hold is finished first (its answers go nowhere now).
        conn.lanes.stop();
        if let Some(session) = conn.session
            && let Err(e) = end(session)
        {
            self.log
                .event(&format!("connection {}: closing its session: {e}", conn.id));
        }
        self.log.event(&format!("connection {} ended", conn.id));
    }

    /// Every session the stopping server could wait for has ended (and the last of
    /// them closed the store's shared state); one still held by a connection stuck in
    /// a request is closed under it, so its views and the search snapshot are kept.
    fn stop(&self) {
        match self.engine.close() {
            Ok(()) => self.log.event("stopping: everything written back"),
            Err(e) => self.log.event(&format!("stopping: writing back: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_too_large_for_a_frame_is_an_error_saying_so() {
        let small = answer_frame(3, Ok(Reply::AuditAnchor("12:abc".into())));
        assert!(matches!(
            decode::<ServerFrame>(&small),
            Ok(ServerFrame::Answer {
                id: 3,
                answer: Ok(Reply::AuditAnchor(_))
            })
        ));
        let huge = Reply::AuditAnchor("x".repeat(MAX_FRAME + 1));
        let frame = answer_frame(4, Ok(huge));
        assert!(frame.len() < 1024);
        match decode::<ServerFrame>(&frame) {
            Ok(ServerFrame::Answer {
                id: 4,
                answer: Err(WireError::Conflict(why)),
            }) => assert!(why.contains("over the limit of 16 MiB"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
