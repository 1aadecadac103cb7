//! A server started on demand serves every terminal on the store, so the terminal
//! that happened to start it going away must not end it: it runs in a session of its
//! own (a hang-up sent to the starter's process group does not reach it) and ignores
//! SIGHUP sent to it directly.

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::store;
use crate::common::server::{WITHIN, finish};
use crate::common::{self, PASSPHRASE, caseline};
use caseline::service::Client;
use caseline::service::api::{Reply, UpkeepRequest};
use caseline::service::client::Remote;
use caseline::service::remote::{Peer, dial, paths};

#[test]
fn a_server_started_on_demand_outlives_the_terminal_that_started_it() {
    let tmp = common::temp("server-hangup");
    let dir = store(&tmp);
    // The terminal interface reaches its store (starting the server) before it looks
    // for its terminal; with none, it then stops. It runs in a process group of its
    // own, as a shell's job does.
    let starter = caseline(&dir)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("caseline starts");
    let group = starter.id() as libc::pid_t;
    let run = finish(starter);
    assert_eq!(run.code, Some(1), "no terminal: {run:?}");

    let socket = paths::socket_for(&dir);
    let server = server_pid(&socket, &dir);
    // SAFETY: getsid only reads the session ids of this process and of the server.
    let (ours, its) = unsafe { (libc::getsid(0), libc::getsid(server)) };
    assert_ne!(its, ours, "the server is in a session of its own");

    // The starter's terminal hangs up: its process group hears SIGHUP (nobody may be
    // left in it), and so, from someone, does the server itself.
    // SAFETY: kill only sends signals, to the starter's group and to the server.
    unsafe {
        libc::kill(-group, libc::SIGHUP);
        libc::kill(server, libc::SIGHUP);
    }
    // A server that stops on a signal notices within a second: wait longer than that.
    std::thread::sleep(Duration::from_secs(2));

    let stream = dial::connect(&socket, &dir).expect("the server is still there");
    assert_eq!(
        Peer::of(&stream).expect("its pid").pid as libc::pid_t,
        server
    );
    let remote = Remote::new(stream, dir.clone()).expect("a connection");
    let client = Client::remote(remote, &dir, Some("admin"), PASSPHRASE, "second")
        .expect("a second client signs in");
    assert!(matches!(
        client.call(UpkeepRequest::Stats),
        Ok(Reply::Stats(_))
    ));
    client.close().expect("signed out");
    stop(server);
}

/// The pid of the server listening on `socket`, as the kernel gives it for a
/// connection (signing in is not needed).
fn server_pid(socket: &std::path::Path, dir: &std::path::Path) -> libc::pid_t {
    let stream = dial::connect(socket, dir).expect("a server was started");
    Peer::of(&stream).expect("its credentials").pid as libc::pid_t
}

/// Stops a server that is not this process's child, and waits for it to be gone (or
/// a zombie, where nobody reaps what its starter left).
fn stop(pid: libc::pid_t) {
    // SAFETY: kill sends SIGTERM to the server.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let deadline = Instant::now() + WITHIN;
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit_once(") ").map(|(_, rest)| &rest[..1]);
        if matches!(state, None | Some("Z")) {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}
