//! Reaching a store's server: connecting and saying hello, and starting the server
//! when there is none, as gpg-agent and atuin's daemon are started: the first caseline
//! to open a store starts its server, and later ones connect to it.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::frame::{read_frame, write_frame};
use super::hello::{Hello, PROTOCOL, VERSION};

/// How long a client waits for a server it started to be ready (it may be replaying
/// a large store's log).
const START_WITHIN: Duration = Duration::from_secs(30);

/// Why no server could be reached.
#[derive(Debug, thiserror::Error)]
pub enum DialError {
    /// Nobody listens there (no socket, or a dead server's).
    #[error("no caseline server is running for {}", .0.display())]
    NoServer(PathBuf),
    #[error("the caseline server for {} is version {} (protocol {}), this program is {VERSION} (protocol {PROTOCOL})", .dir.display(), .server.version, .server.protocol)]
    OtherVersion { dir: PathBuf, server: Hello },
    #[error("the caseline server for {} could not be reached: {why}", .dir.display())]
    Broken { dir: PathBuf, why: String },
    #[error("the caseline server for {} could not start: {why}", .dir.display())]
    NotStarted { dir: PathBuf, why: String },
}

/// Connects to the server of a data directory, at the socket nobody named, and says
/// hello. `about` names the store in messages. Only a server run by this OS user (or
/// by root) is answered: the socket may be in a place others can write to (`/tmp`,
/// when there is no runtime directory), and whoever listens there first would be sent
/// the passphrase and the records typed.
pub fn connect(socket: &Path, about: &Path) -> Result<UnixStream, DialError> {
    let stream = open(socket, about)?;
    let peer = super::Peer::of(&stream).map_err(|e| DialError::Broken {
        dir: about.to_path_buf(),
        why: format!("who serves {} cannot be told: {e}", socket.display()),
    })?;
    // SAFETY: geteuid only reads this process's user id.
    let me = unsafe { libc::geteuid() };
    if !serves_this_user(peer.uid, me) {
        return Err(DialError::Broken {
            dir: about.to_path_buf(),
            why: format!(
                "{} is answered by another OS user (uid {}), not by this one's server; nothing was sent to it",
                socket.display(),
                peer.uid
            ),
        });
    }
    hello(stream, about)
}

/// Connects to the server at a socket the administrator named (`--socket`,
/// `CASELINE_SOCKET`): the office service's, run as an OS user of its own.
pub fn connect_named(socket: &Path, about: &Path) -> Result<UnixStream, DialError> {
    let stream = open(socket, about)?;
    hello(stream, about)
}

/// Whether a server running as `server_uid` may serve a client running as `me` at a
/// socket nobody named: its own, or root's.
fn serves_this_user(server_uid: u32, me: u32) -> bool {
    server_uid == me || server_uid == 0
}

/// The connection, before anything is said on it.
fn open(socket: &Path, about: &Path) -> Result<UnixStream, DialError> {
    let broken = |why: String| DialError::Broken {
        dir: about.to_path_buf(),
        why,
    };
    match UnixStream::connect(socket) {
        Ok(s) => Ok(s),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            Err(DialError::NoServer(about.to_path_buf()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(broken(format!(
            "{} is not open to this user (ask for the caseline group)",
            socket.display()
        ))),
        Err(e) => Err(broken(e.to_string())),
    }
}

/// Says hello on `stream`: the server must be of this version.
fn hello(mut stream: UnixStream, about: &Path) -> Result<UnixStream, DialError> {
    let broken = |why: String| DialError::Broken {
        dir: about.to_path_buf(),
        why,
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    write_frame(&mut stream, &Hello::ours().encode()).map_err(|e| broken(e.to_string()))?;
    let answer = read_frame(&mut stream).map_err(|e| broken(e.to_string()))?;
    let (server, serves) =
        Hello::decode_answer(&answer).ok_or_else(|| broken("it did not say hello".into()))?;
    if !serves || !server.matches_ours() {
        return Err(DialError::OtherVersion {
            dir: about.to_path_buf(),
            server,
        });
    }
    let _ = stream.set_read_timeout(None);
    Ok(stream)
}

/// Seconds a server started on demand (by a terminal or a command) stays after its
/// last client: long enough that the next command of a script finds it, short enough
/// that the data key does not outlive the day's work by much.
pub const ON_DEMAND_IDLE_SECS: u64 = 60;

/// How to start a server when there is none.
pub struct Start<'a> {
    pub data_dir: &'a Path,
    pub socket: &'a Path,
    /// The program to run as the server (this one).
    pub program: PathBuf,
    /// Its idle time before it stops, in seconds.
    pub idle_exit_secs: u64,
}

/// Connects to the server for a data directory, starting one when none is running.
/// Two clients starting one at once is harmless: the second server finds the store
/// taken and stops, and both clients connect to the first.
pub fn connect_or_start(start: &Start<'_>) -> Result<UnixStream, DialError> {
    match connect(start.socket, start.data_dir) {
        Err(DialError::NoServer(_)) => {}
        other => return other,
    }
    let mut command = Command::new(&start.program);
    in_its_own_session(&mut command);
    // A passphrase given to the command that started it is not the server's: each
    // client signs in with its own, and the server outlives the command.
    command.env_remove("CASELINE_PASSPHRASE");
    let mut child = command
        .arg("--data-dir")
        .arg(start.data_dir)
        .arg("serve")
        .arg("--socket")
        .arg(start.socket)
        .arg("--idle-exit")
        .arg(start.idle_exit_secs.to_string())
        .arg("--on-demand")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| DialError::NotStarted {
            dir: start.data_dir.to_path_buf(),
            why: e.to_string(),
        })?;
    // The server writes "ready" (or why not) on the pipe and then lets go of it.
    let mut said = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut said);
    }
    let deadline = Instant::now() + START_WITHIN;
    loop {
        match connect(start.socket, start.data_dir) {
            Err(DialError::NoServer(_)) if Instant::now() < deadline => {
                // A second server that lost the race stops at once; the first may
                // still be opening the store.
                if let Ok(Some(status)) = child.try_wait()
                    && !status.success()
                    && !said.contains("already running")
                {
                    return Err(DialError::NotStarted {
                        dir: start.data_dir.to_path_buf(),
                        why: server_said(&said),
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            other => {
                // The server carries on alone; reap it if it has already stopped.
                let _ = child.try_wait();
                return other;
            }
        }
    }
}

/// Makes the server a session of its own, with no controlling terminal: it serves
/// every terminal on the store, so the hang-up of the one that happened to start it
/// (a closed window, a dropped SSH connection, a killed tmux pane) and the signals
/// sent to that terminal's process group (Ctrl-C, Ctrl-Z) must not reach it.
fn in_its_own_session(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches nothing in the parent's memory.
    // It makes a new process group as well (a group leader could not call it, so no
    // `process_group(0)` before it).
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// The server's own words about why it stopped, without its prefix.
fn server_said(stderr: &str) -> String {
    let text = stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "ready")
        .map(|l| l.trim_start_matches("caseline: "))
        .collect::<Vec<_>>()
        .join("; ");
    if text.is_empty() {
        "it stopped without saying why".into()
    } else {
        crate::domain::text::inert(&text).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::serves_this_user;

    #[test]
    fn a_socket_nobody_named_is_answered_only_by_this_user_or_root() {
        assert!(serves_this_user(1000, 1000));
        assert!(
            serves_this_user(0, 1000),
            "root's server (an office's by data dir)"
        );
        assert!(
            !serves_this_user(1001, 1000),
            "another user squatting the place"
        );
        assert!(
            !serves_this_user(1000, 0),
            "root is not served by another user"
        );
    }
}
