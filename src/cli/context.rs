//! What every command needs: where the data is, how to sign in, and the session it
//! then works in. A session is in the store's server: the one running (the terminals
//! of everyone at work, an earlier command's, or a system service), or one this
//! command starts (`reach.rs`); nothing is refused for being "in use". Only where
//! `CASELINE_IN_PROCESS=1` asks is a store with no server opened in this process.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::reach::{self, Reach};
use super::{Cli, Failure, secrets};
use crate::domain::Clock;
use crate::service::client::Remote;
use crate::service::remote::{dial, paths};
use crate::service::{Caseline, Client, Error};

/// How long a command waits for a server that holds the store but is still starting.
const SERVER_STARTING: Duration = Duration::from_secs(10);

/// What every command needs: where the data is and how to unlock it.
pub struct Context {
    pub data_dir: PathBuf,
    pub passphrase_file: Option<PathBuf>,
    pub user: Option<String>,
    /// An office server's socket: commands work through it alone.
    pub socket: Option<PathBuf>,
    /// Every time a command records or compares comes from here.
    pub clock: Clock,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Context, Failure> {
        let data_dir = match &cli.data_dir {
            Some(d) => d.clone(),
            None => default_data_dir()?,
        };
        Ok(Context {
            data_dir,
            passphrase_file: cli.passphrase_file.clone(),
            user: cli.user.clone(),
            socket: cli.socket.clone(),
            clock: Clock::from_env(),
        })
    }

    /// Signs in, saying on standard error what opening the store found around it and
    /// did (an interrupted restore finished or undone, damage).
    pub fn open(&self) -> Result<Client, Failure> {
        let client = self.open_quietly()?;
        for n in client.notices() {
            super::output::note(&format!("caseline: note: {n}"));
        }
        Ok(client)
    }

    /// Signs in, leaving what opening found to the command (`check` lists it). With
    /// no passphrase file given, a running server is asked first whether this OS
    /// account may sign in without one (an administrator's `caseline peer map`).
    pub fn open_quietly(&self) -> Result<Client, Failure> {
        if self.passphrase_file.is_none()
            && let Some(client) = self.as_peer()?
        {
            return Ok(client);
        }
        let secret = secrets::unlock(self.passphrase_file.as_deref())?;
        self.open_as(self.user.as_deref(), &secret)
    }

    /// A session by OS account, when a server answers and lets this account in; a
    /// refusal (not mapped, store locked) is no failure: the passphrase is asked.
    fn as_peer(&self) -> Result<Option<Client>, Failure> {
        let socket = match &self.socket {
            Some(s) => s.clone(),
            None => paths::socket_for(&self.data_dir),
        };
        let Some(remote) = self.dial(&socket)? else {
            return Ok(None);
        };
        let origin = crate::service::client::origin();
        match Client::remote_peer_sign_in(&remote, self.user.as_deref(), &origin) {
            Ok(signed_in) => Ok(Some(Client::remote_signed_in(
                remote,
                &self.data_dir,
                signed_in,
            ))),
            Err(Error::NotPermitted(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// A connection to the server on `socket`, when one answers.
    fn dial(&self, socket: &Path) -> Result<Option<std::sync::Arc<Remote>>, Failure> {
        // A socket the administrator named is the office service's, run as its own
        // OS user; the one a data directory implies must be this user's server.
        let named = self.socket.as_deref() == Some(socket);
        let dialled = if named {
            dial::connect_named(socket, &self.data_dir)
        } else {
            dial::connect(socket, &self.data_dir)
        };
        let stream = match dialled {
            Ok(s) => s,
            Err(dial::DialError::NoServer(_)) => return Ok(None),
            Err(e) => return Err(Failure::from_message(e.to_string())),
        };
        Ok(Some(std::sync::Arc::new(Remote::new(
            stream,
            self.data_dir.clone(),
        )?)))
    }

    /// Signs in as `login` (or whoever `secret` opens): through the named socket's
    /// server alone; else through the store's server, started if need be; else, with
    /// `CASELINE_IN_PROCESS=1` or no sound store to serve, through a running server or
    /// in this process.
    pub fn open_as(&self, login: Option<&str>, secret: &str) -> Result<Client, Failure> {
        if let Some(socket) = &self.socket {
            return self.through_server(socket, login, secret)?.ok_or_else(|| {
                Failure::from_message(format!(
                    "no caseline server is listening at {}",
                    socket.display()
                ))
            });
        }
        if let Reach::Server { idle_exit_secs } = Reach::from_env()?
            && self.store_is_sound()
        {
            let remote = reach::server(&self.data_dir, idle_exit_secs)?;
            return self.sign_in_on(remote, login, secret);
        }
        let socket = paths::socket_for(&self.data_dir);
        if let Some(client) = self.through_server(&socket, login, secret)? {
            return Ok(client);
        }
        let deadline = Instant::now() + SERVER_STARTING;
        loop {
            match self.open_here(login, secret) {
                // Whoever holds the store may be a server still binding its socket,
                // or one stopping, whose socket is gone but whose hold lasts a moment.
                Err(e) if e.is_in_use() && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                    if let Some(client) = self.through_server(&socket, login, secret)? {
                        return Ok(client);
                    }
                }
                opened => return Ok(Client::local(opened?)?),
            }
        }
    }

    /// A session in this process.
    fn open_here(&self, login: Option<&str>, secret: &str) -> Result<Caseline, Error> {
        Caseline::open_with_clock(&self.data_dir, login, secret, self.clock.clone())
    }

    /// Whether the data directory holds a store that opens as far as its files go: a
    /// server is started only for one. What is missing or damaged is opened here, to
    /// be named as it always was rather than by a server that could not start.
    fn store_is_sound(&self) -> bool {
        crate::service::store_exists(&self.data_dir)
            && crate::service::check_place(&self.data_dir).is_ok()
    }

    /// A session in the store's server, when one answers on `socket`.
    fn through_server(
        &self,
        socket: &Path,
        login: Option<&str>,
        secret: &str,
    ) -> Result<Option<Client>, Failure> {
        match self.dial(socket)? {
            Some(remote) => self.sign_in_on(remote, login, secret).map(Some),
            None => Ok(None),
        }
    }

    /// Signs in on a connection to the store's server.
    fn sign_in_on(
        &self,
        remote: std::sync::Arc<Remote>,
        login: Option<&str>,
        secret: &str,
    ) -> Result<Client, Failure> {
        let origin = crate::service::client::origin();
        // As in this process, a command waits out the pause after wrong passphrases.
        loop {
            match Client::remote_sign_in(&remote, &self.data_dir, login, secret, &origin, None) {
                Err(e) if e.try_later().is_some() => {
                    std::thread::sleep(e.try_later().unwrap_or_default())
                }
                Err(e) => return Err(e.into()),
                Ok(signed_in) => {
                    return Ok(Client::remote_signed_in(remote, &self.data_dir, signed_in));
                }
            }
        }
    }
}

/// The platform's data directory for caseline.
pub fn default_data_dir() -> Result<PathBuf, Failure> {
    directories::ProjectDirs::from("org", "caseline", "caseline")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            Failure::usage("no home directory found: give --data-dir DIR or set CASELINE_DATA_DIR")
        })
}
