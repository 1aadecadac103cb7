//! A signed-in session as its users hold it: in this process ([`Client::local`], for
//! commands run with `CASELINE_IN_PROCESS=1` when no server runs, and for tests) or in
//! a server at the other end of the socket ([`Client::remote`]). Either way every
//! operation is a [`Request`] carried out by the same dispatch, so the two cannot
//! drift apart; the typed methods here only name the reply each request expects.

// The reply `$pattern` to `$request`, or an error saying it was something else.
macro_rules! expect {
    ($client:expr, $request:expr, $pattern:pat => $value:expr) => {
        match $client.call($request)? {
            $pattern => Ok($value),
            _ => Err(unexpected(stringify!($request))),
        }
    };
}

mod calls;
mod casework;
mod directory;
mod letters;
mod referrals;
pub mod remote;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::api::transfer::Local;
use super::api::{Reply, Request, SessionRequest, SignedIn, Transfer};
use super::{Caseline, Error, Operation, Result, permit, serve};
use crate::domain::Settings;
use crate::domain::User;
pub use remote::{Listener, Remote};

/// Where the session lives.
enum Inner {
    Local(Box<Caseline>),
    /// Shared with whoever made the connection, to sign in on it again.
    Remote(Arc<Remote>),
}

/// A signed-in session.
pub struct Client {
    inner: Inner,
    signed_in: SignedIn,
    dir: PathBuf,
}

impl Client {
    /// A session in this process.
    pub fn local(session: Caseline) -> Result<Client> {
        let signed_in = serve::signed_in(&session)?;
        let dir = session.dir().to_path_buf();
        Ok(Client {
            inner: Inner::Local(Box::new(session)),
            signed_in,
            dir,
        })
    }

    /// Signs in to a server over `remote`. `origin` says where this client runs.
    pub fn remote(
        remote: impl Into<Arc<Remote>>,
        dir: &Path,
        login: Option<&str>,
        secret: &str,
        origin: &str,
    ) -> Result<Client> {
        let remote = remote.into();
        let signed_in = Client::remote_sign_in(&remote, dir, login, secret, origin, None)?;
        Ok(Client::remote_signed_in(remote, dir, signed_in))
    }

    /// The sign-in half of [`Client::remote`], for a caller that tries again (after
    /// the wait that follows wrong passphrases).
    pub fn remote_sign_in(
        remote: &Remote,
        _dir: &Path,
        login: Option<&str>,
        secret: &str,
        origin: &str,
        resuming: Option<crate::domain::UserId>,
    ) -> Result<SignedIn> {
        let request = SessionRequest::SignIn {
            login: login.map(str::to_string),
            secret: super::api::Secret::new(secret),
            origin: origin.to_string(),
            resuming,
        };
        match remote.call(request.into(), &mut Local::default())? {
            Reply::SignedIn(signed_in) => Ok(*signed_in),
            _ => Err(unexpected("signing in")),
        }
    }

    /// Signs in on `remote` as the user its connection's OS account is mapped to,
    /// with no passphrase (refused unless an administrator mapped it and the server
    /// is unlocked).
    pub fn remote_peer_sign_in(
        remote: &Remote,
        login: Option<&str>,
        origin: &str,
    ) -> Result<SignedIn> {
        let request = SessionRequest::SignInAsPeer {
            login: login.map(str::to_string),
            origin: origin.to_string(),
        };
        match remote.call(request.into(), &mut Local::default())? {
            Reply::SignedIn(signed_in) => Ok(*signed_in),
            _ => Err(unexpected("signing in")),
        }
    }

    /// A client on `remote` once signed in.
    pub fn remote_signed_in(remote: Arc<Remote>, dir: &Path, signed_in: SignedIn) -> Client {
        Client {
            inner: Inner::Remote(remote),
            signed_in,
            dir: dir.to_path_buf(),
        }
    }

    /// Carries out a request that moves no file.
    pub fn call(&self, request: impl Into<Request>) -> Result<Reply> {
        self.call_with(request, &mut Local::default())
    }

    /// Carries out a request with its file and progress.
    pub fn call_with(
        &self,
        request: impl Into<Request>,
        transfer: &mut dyn Transfer,
    ) -> Result<Reply> {
        match &self.inner {
            Inner::Local(s) => s.call(request.into(), transfer),
            Inner::Remote(r) => r.call(request.into(), transfer),
        }
    }

    /// Whether the session's server has gone away (never, for one in this process).
    pub fn is_gone(&self) -> bool {
        matches!(&self.inner, Inner::Remote(r) if r.is_gone())
    }

    /// Whether the session is in a server.
    pub fn is_remote(&self) -> bool {
        matches!(self.inner, Inner::Remote(_))
    }

    /// Hears the server's change notices (a session in this process has none).
    pub fn listen(&self, listener: Listener) {
        if let Inner::Remote(r) = &self.inner {
            r.listen(listener);
        }
    }

    /// The user signed in, as they were at sign-in.
    pub fn actor(&self) -> &User {
        &self.signed_in.user
    }

    /// The store's settings, as they were at sign-in.
    pub fn settings(&self) -> &Settings {
        &self.signed_in.settings
    }

    /// What signing in told: the user, settings, lists and notices.
    pub fn signed_in(&self) -> &SignedIn {
        &self.signed_in
    }

    /// What opening the store found around it and did, in words.
    pub fn notices(&self) -> &[String] {
        &self.signed_in.notices
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Refuses early what the role table refuses; the service checks again.
    pub fn require(&self, op: Operation) -> Result<()> {
        permit(self.actor().role, op)
    }

    /// Ends the session; `lock` records it as a locked screen.
    pub fn sign_out(self, lock: bool) -> Result<()> {
        match self.inner {
            Inner::Local(s) => {
                if lock {
                    s.audit_lock()?;
                }
                (*s).close()
            }
            Inner::Remote(r) => {
                r.call(
                    SessionRequest::SignOut { lock }.into(),
                    &mut Local::default(),
                )?;
                Ok(())
            }
        }
    }

    /// Ends the session.
    pub fn close(self) -> Result<()> {
        self.sign_out(false)
    }

    /// Ends the session while others may still hold this client (a thread finishing
    /// its last call): a server forgets it now; a session in this process records the
    /// lock now and ends when the last holder lets go.
    pub fn sign_out_shared(&self, lock: bool) -> Result<()> {
        match &self.inner {
            Inner::Local(s) => {
                if lock {
                    s.audit_lock()?;
                }
                s.flush()
            }
            Inner::Remote(r) => {
                r.call(
                    SessionRequest::SignOut { lock }.into(),
                    &mut Local::default(),
                )?;
                Ok(())
            }
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.is_remote() { "server" } else { "here" };
        write!(
            f,
            "Client({}, {how}, as {})",
            self.dir.display(),
            self.signed_in.user.login
        )
    }
}

/// This process as the audit log names it: its origin and OS account.
pub fn this_process() -> crate::domain::Stamp {
    crate::store::process_stamp()
}

/// Where this process is driven from, for the audit log: the SSH client's address,
/// else the terminal's name, else "local".
pub fn origin() -> String {
    crate::store::process_stamp().origin
}

/// A reply that does not answer the request: a server of another build.
fn unexpected(what: &str) -> Error {
    Error::Unavailable(format!(
        "the server answered {what} with something else: it may be another version"
    ))
}
