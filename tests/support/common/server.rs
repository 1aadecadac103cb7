//! `caseline serve` as a child process, for tests of the local server: started on a
//! store and waited for until it says it is ready, its standard error (the server's
//! log) read as it comes so that a chatty server never blocks on a full pipe, and
//! killed if a test leaves it running. Clients reach it as the command line does, or
//! as a [`Client`] on a connection of the test's own.
//!
//! Waits here are liveness bounds (a server that never answers fails the test instead
//! of hanging it), never measurements.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use caseline::service::Client;
use caseline::service::client::Remote;
use caseline::service::remote::dial;

use super::{PASSPHRASE, Run, caseline};

/// How long a server may take to start, or to stop once it should: generous, for a
/// loaded machine.
pub const WITHIN: Duration = Duration::from_secs(60);

/// A running `caseline serve`.
pub struct Served {
    child: Child,
    /// The store's data directory.
    pub dir: PathBuf,
    /// Where it listens, as it said when ready.
    pub socket: PathBuf,
    log: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

/// Starts `caseline --data-dir DIR serve ARGS...` and waits until it is ready.
#[track_caller]
pub fn serve(dir: &Path, args: &[&str]) -> Served {
    let mut cmd = caseline(dir);
    cmd.arg("serve").args(args);
    serve_with(dir, cmd)
}

/// Starts a server from a command of the caller's making (`caseline ... serve ...`)
/// and waits until it says it is ready.
#[track_caller]
pub fn serve_with(dir: &Path, mut cmd: std::process::Command) -> Served {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("caseline serve starts");
    let stderr = child.stderr.take().expect("its standard error");
    let log = Arc::new(Mutex::new(String::new()));
    let (ready_tx, ready_rx) = mpsc::channel();
    let collected = Arc::clone(&log);
    let reader = std::thread::spawn(move || {
        let mut ready = Some(ready_tx);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(socket) = line.strip_prefix("caseline: ready on ")
                && let Some(tx) = ready.take()
            {
                let _ = tx.send(PathBuf::from(socket));
            }
            let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
            all.push_str(&line);
            all.push('\n');
        }
    });
    let mut served = Served {
        child,
        dir: dir.to_path_buf(),
        socket: PathBuf::new(),
        log,
        reader: Some(reader),
    };
    match ready_rx.recv_timeout(WITHIN) {
        Ok(socket) => served.socket = socket,
        Err(_) => {
            let status = served.wait_exit(Duration::from_secs(5));
            panic!(
                "the server never said it was ready ({status:?}):\n{}",
                served.log()
            );
        }
    }
    served
}

impl Served {
    /// What the server has written on standard error so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits up to `within` for the process to end by itself; its status if it did.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.join_reader();
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends the server a signal (SIGSTOP and SIGCONT hold it still and let it go).
    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill sends a signal to our own child, which has not been reaped.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, signal);
        }
    }

    /// Kills the server with SIGKILL (nothing of it runs after) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.join_reader();
    }

    /// Stops the server as a service manager would (SIGTERM) and returns its whole
    /// log; fails if it does not stop, or stops with a failure.
    #[track_caller]
    pub fn stop(mut self) -> String {
        self.signal(libc::SIGTERM);
        let status = self.wait_exit(WITHIN);
        let log = self.log();
        match status {
            Some(s) if s.success() => log,
            other => panic!("the server did not stop cleanly ({other:?}):\n{log}"),
        }
    }

    /// A session in the server as `login`, on a connection of this process's own.
    #[track_caller]
    pub fn client(&self, login: &str, passphrase: &str, origin: &str) -> Client {
        let stream = dial::connect(&self.socket, &self.dir).expect("connects to the server");
        let remote = Remote::new(stream, self.dir.clone()).expect("a connection");
        Client::remote(remote, &self.dir, Some(login), passphrase, origin).expect("signs in")
    }

    /// [`Served::client`] as the store's administrator.
    #[track_caller]
    pub fn admin(&self, origin: &str) -> Client {
        self.client("admin", PASSPHRASE, origin)
    }

    fn join_reader(&mut self) {
        // The pipe closes when the process ends (and any child it left has let go).
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Waits for a `caseline` run started with its output piped, and how it ended.
pub fn finish(child: Child) -> Run {
    let out = child.wait_with_output().expect("caseline ends");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
