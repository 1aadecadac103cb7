//! A `caseline serve` child process for the server benchmarks: started on a store,
//! waited for until it says it is ready, connected to as many times as a benchmark
//! wants (each connection a session of its own), measured from `/proc`, and stopped
//! with SIGTERM as systemd would, so it closes its sessions cleanly.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use caseline::service::Client;
use caseline::service::client::Remote;
use caseline::service::remote::dial;

/// The release binary beside the examples (`target/release/caseline`), if built.
pub fn caseline_binary() -> Option<PathBuf> {
    let bin = std::env::current_exe()
        .ok()?
        .parent()?
        .parent()?
        .join("caseline");
    bin.exists().then_some(bin)
}

/// A running `caseline serve`.
pub struct ServerChild {
    child: Child,
    pub socket: PathBuf,
    dir: PathBuf,
}

impl ServerChild {
    /// Starts `bin --data-dir DIR serve` and waits for "ready on SOCKET" on its
    /// standard error. Its log (one line a connection) is read on a thread and dropped,
    /// so the pipe never fills and stalls it.
    pub fn start(bin: &Path, dir: &Path) -> ServerChild {
        let mut child = Command::new(bin)
            .arg("--data-dir")
            .arg(dir)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("caseline serve starts");
        let stderr = child.stderr.take().expect("its standard error");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut said = Vec::new();
        let socket = loop {
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => match line.strip_prefix("caseline: ready on ") {
                    Some(socket) => break PathBuf::from(socket),
                    None => said.push(line),
                },
                Err(_) => panic!("caseline serve did not get ready: {said:?}"),
            }
        };
        // Keep draining the log until the child goes.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        ServerChild {
            child,
            socket,
            dir: dir.to_path_buf(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A new connection, signed in as `login` with `pass`: a session of its own.
    pub fn client(&self, login: &str, pass: &str) -> Client {
        let stream = dial::connect(&self.socket, &self.dir).expect("connect");
        let remote = Arc::new(Remote::new(stream, self.dir.clone()).expect("connection"));
        Client::remote(remote, &self.dir, Some(login), pass, "benchmark").expect("sign in")
    }

    /// The server's resident and peak memory, in MiB (`VmRSS`, `VmHWM`).
    pub fn memory_mib(&self) -> (f64, f64) {
        memory_mib(self.pid())
    }

    /// Stops it as systemd would (SIGTERM) and waits for it to close the store.
    pub fn stop(mut self) {
        // SAFETY: kill sends a signal to our own child, whose pid we hold.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// `VmRSS` and `VmHWM` of process `pid`, in MiB.
pub fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The machine's load averages over 1, 5 and 15 minutes, as `/proc/loadavg` says.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
