//! Serving an [`Engine`] on the socket: each connection signs in to a session of its
//! own, its frames are requests carried out by the same dispatch an in-process client
//! uses, and what one session changes is pushed to the others as notices.
//!
//! Every audit entry a connection causes names its OS account, from the kernel's
//! peer credentials, beside the caseline user and the origin the client gave.

mod hub;
mod transfer;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::api::wire::{ClientFrame, Notice, ServerFrame, WireError, decode, encode};
use super::api::{Reply, Request, SessionRequest, SignedIn};
use super::remote::Peer;
use super::remote::log::Log;
use super::remote::server::{Flow, Inbox, Outbox, Serve};
use super::{Caseline, Engine, Error, Result};
use crate::domain::Stamp;
pub use hub::{Hub, notices_for};
use transfer::SocketTransfer;
pub use transfer::uploads;

/// An engine served to many connections.
pub struct EngineServer {
    engine: Engine,
    hub: Hub,
    log: Arc<Log>,
    next: AtomicU64,
}

/// One connection: who is calling and, once signed in, their session.
pub struct Conn {
    id: u64,
    peer: Peer,
    out: Outbox,
    session: Option<Caseline>,
}

impl EngineServer {
    pub fn new(engine: Engine, log: Arc<Log>) -> EngineServer {
        EngineServer {
            engine,
            hub: Hub::default(),
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
        let mut transfer = SocketTransfer::new(id, inbox, &conn.out, &request);
        let Some(session) = &conn.session else {
            // The file sent with a refused call is read and dropped, so that its
            // chunks are not taken for frames of their own.
            transfer.finish()?;
            return Err(Error::NotPermitted("sign in first".into()));
        };
        let mut notices = notices_for(&request);
        let reply = session.call(request, &mut transfer);
        transfer.finish()?;
        let reply = reply?;
        notices.extend(hub::notices_of_reply(&reply));
        Ok((reply, notices))
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
                if let Some(old) = conn.session.take() {
                    old.close()?;
                }
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
                    if lock {
                        session.audit_lock()?;
                    }
                    session.close()?;
                }
                Ok(Reply::Done)
            }
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
        if let Some(old) = conn.session.replace(session) {
            old.close()?;
        }
        self.hub.signed_in(conn.id);
        Ok(Reply::SignedIn(Box::new(told)))
    }
}

/// What a client is told when it signs in.
pub fn signed_in(session: &Caseline) -> Result<SignedIn> {
    Ok(SignedIn {
        user: session.actor().clone(),
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
        }
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
        let (answer, notices) = match self.call(conn, id, request, inbox) {
            Ok((reply, notices)) => (Ok(reply), notices),
            Err(e) => (Err(WireError::from(&e)), Vec::new()),
        };
        let sent = conn.out.send(&encode(&ServerFrame::Answer { id, answer }));
        // The caller has its answer before the others hear of the change: telling 20
        // connections is 20 frames written, which a save need not wait for.
        self.hub.tell_others(conn.id, &notices);
        if sent.is_err() {
            return Flow::Close;
        }
        Flow::Continue
    }

    fn close(&self, conn: Conn) {
        self.hub.gone(conn.id);
        if let Some(session) = conn.session
            && let Err(e) = session.close()
        {
            self.log
                .event(&format!("connection {}: closing its session: {e}", conn.id));
        }
        self.log.event(&format!("connection {} ended", conn.id));
    }
}
