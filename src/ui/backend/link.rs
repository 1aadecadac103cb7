//! How this terminal reaches its store: through the store's server (started on
//! demand, so any number of terminals and commands share it), or, for tests and
//! benchmarks driving the model, an engine in this process. Either way a sign-in
//! gives a [`Client`] and every effect is a request through it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::domain::{Clock, UserId};
use crate::service::api::{Reply, SessionRequest, StoreStatus, transfer::Local};
use crate::service::client::{Remote, origin, this_process};
use crate::service::remote::{dial, paths};
use crate::service::{Client, Engine, Error, KeyCost, Result};

/// How a backend reaches a store.
#[derive(Clone, Debug)]
pub enum Reach {
    /// An engine in this process (the model driven by tests).
    InProcess,
    /// The store's server, started by running `program` when none is running.
    Server { program: PathBuf },
    /// An office server listening at this socket (run by the system, never started
    /// from here).
    Socket(PathBuf),
}

impl Reach {
    /// The server, started by this very program.
    pub fn this_program() -> Reach {
        Reach::Server {
            program: std::env::current_exe().unwrap_or_else(|_| "caseline".into()),
        }
    }
}

/// A store reached.
pub enum Link {
    Local(Arc<Engine>),
    Server(Arc<Remote>, PathBuf),
}

impl Link {
    /// Reaches the store in `dir` (which exists).
    pub fn reach(dir: &Path, how: &Reach, clock: &Clock, cost: KeyCost) -> Result<Link> {
        match how {
            Reach::InProcess => Ok(Link::Local(Arc::new(
                Engine::open(dir, clock.clone())?.with_key_cost(cost),
            ))),
            Reach::Server { program } => {
                let socket = paths::socket_for(dir);
                let start = dial::Start {
                    data_dir: dir,
                    socket: &socket,
                    program: program.clone(),
                    idle_exit_secs: dial::ON_DEMAND_IDLE_SECS,
                };
                let stream = dial::connect_or_start(&start)
                    .map_err(|e| Error::Unavailable(e.to_string()))?;
                let remote = Remote::new(stream, dir.to_path_buf())?;
                Ok(Link::Server(Arc::new(remote), dir.to_path_buf()))
            }
            Reach::Socket(socket) => {
                let stream = dial::connect_named(socket, socket)
                    .map_err(|e| Error::Unavailable(e.to_string()))?;
                let remote = Remote::new(stream, socket.clone())?;
                Ok(Link::Server(Arc::new(remote), socket.clone()))
            }
        }
    }

    /// What the sign-in screen asks first.
    pub fn status(&self) -> Result<StoreStatus> {
        match self {
            Link::Local(engine) => engine.status(),
            Link::Server(remote, _) => match session(remote, SessionRequest::Status)? {
                Reply::Status(s) => Ok(s),
                _ => Err(Error::Unavailable(
                    "the server did not say its status".into(),
                )),
            },
        }
    }

    /// See [`SessionRequest::IsOnlyLogin`].
    pub fn is_only_login(&self, text: &str) -> bool {
        let answer = match self {
            Link::Local(engine) => engine.is_only_login(text),
            Link::Server(remote, _) => {
                match session(remote, SessionRequest::IsOnlyLogin(text.to_string())) {
                    Ok(Reply::OnlyLogin(yes)) => Ok(yes),
                    Ok(_) => Ok(false),
                    Err(e) => Err(e),
                }
            }
        };
        answer.unwrap_or(false)
    }

    /// Signs in; `resuming` is who locked the screen (their sign-in is an unlock).
    pub fn sign_in(
        &self,
        login: Option<&str>,
        secret: &str,
        resuming: Option<UserId>,
    ) -> Result<Client> {
        match self {
            Link::Local(engine) => {
                Client::local(engine.sign_in_resuming(login, secret, this_process(), resuming)?)
            }
            Link::Server(remote, dir) => {
                let signed_in =
                    Client::remote_sign_in(remote, dir, login, secret, &origin(), resuming)?;
                Ok(Client::remote_signed_in(Arc::clone(remote), dir, signed_in))
            }
        }
    }

    /// Whether the server this link reached has gone away.
    pub fn is_gone(&self) -> bool {
        match self {
            Link::Local(_) => false,
            Link::Server(remote, _) => remote.is_gone(),
        }
    }
}

fn session(remote: &Remote, request: SessionRequest) -> Result<Reply> {
    remote.call(request.into(), &mut Local::default())
}
