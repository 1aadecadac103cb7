//! A server's end: killed with SIGKILL in the middle of a stream of writes it loses
//! none it acknowledged, its client fails as unavailable instead of hanging, and the
//! socket it left stops neither the next command nor the next server; started with
//! `--idle-exit` it stops by itself once its last client has gone, and not before,
//! and not with a client waiting to be let in; a command that comes while a server
//! stops waits for it to let go of the store.

use std::os::unix::net::UnixStream;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use super::store;
use crate::common::server::{Served, WITHIN, finish, serve};
use crate::common::{self, caseline, cli, crash};
use caseline::domain::IncidentId;
use caseline::service::api::wire::Notice;
use caseline::service::api::{DeskRequest, Reply};
use caseline::service::client::Remote;
use caseline::service::remote::frame::{read_frame, write_frame};
use caseline::service::remote::hello::Hello;
use caseline::service::{Client, Error};

/// Acknowledged writes to see before the kill.
const BEFORE_KILL: usize = 5;

#[test]
fn a_server_killed_mid_writes_keeps_every_write_it_acknowledged() {
    let tmp = common::temp("server-kill");
    let dir = store(&tmp);
    let mut server = serve(&dir, &["--idle-exit", "60"]);
    let client = server.admin("desk");
    let (gone_tx, gone_rx) = mpsc::channel();
    client.listen(Arc::new(move |n| {
        if n == Notice::ServerGone {
            let _ = gone_tx.send(());
        }
    }));

    // One thread writes without pause, telling each acknowledged write, and the error
    // that ends the stream.
    let (tx, rx) = mpsc::channel::<Result<IncidentId, Error>>();
    let writer = std::thread::spawn(move || {
        for n in 0..100_000 {
            let request = DeskRequest::RecordIntake(Box::new(crash::request(n)));
            match client.call(request) {
                Ok(Reply::IntakeSaved(saved)) => {
                    let _ = tx.send(Ok(saved.incident));
                }
                Ok(other) => panic!("an intake answered with {other:?}"),
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
    });
    let mut acknowledged = Vec::new();
    while acknowledged.len() < BEFORE_KILL {
        match rx.recv_timeout(WITHIN) {
            Ok(Ok(incident)) => acknowledged.push(incident),
            other => panic!("a write before the kill: {other:?}"),
        }
    }
    server.kill();
    let error = loop {
        match rx.recv_timeout(WITHIN) {
            Ok(Ok(incident)) => acknowledged.push(incident),
            Ok(Err(e)) => break e,
            Err(_) => panic!("the client was left waiting on a server that was killed"),
        }
    };
    assert!(matches!(error, Error::Unavailable(_)), "{error:?}");
    writer.join().expect("the writer ends");
    gone_rx
        .recv_timeout(WITHIN)
        .expect("the client's listener is told the server went away");
    assert!(server.socket.exists(), "a killed server leaves its socket");

    // The next command opens the store itself, and finds it sound.
    cli(&dir, &["check"]).expect(0);
    let svc = common::open_store(&dir);
    for incident in &acknowledged {
        svc.intake_detail(*incident)
            .unwrap_or_else(|e| panic!("acknowledged intake {incident} is lost: {e}"));
    }
    common::close(svc);

    // A new server starts over the old socket and serves.
    let server = serve(&dir, &["--idle-exit", "60"]);
    cli(&dir, &["stats"]).expect(0);
    let log = server.stop();
    assert!(log.contains("signed in"), "{log}");
}

/// A server with `--idle-exit 1` and a client signed in to it. A machine slow enough
/// to leave the new server alone for its idle second sees it stop first; it is then
/// started again.
fn idle_server_with_client(dir: &std::path::Path) -> (Served, Client) {
    for _ in 0..5 {
        let mut server = serve(dir, &["--idle-exit", "1"]);
        if let Ok(stream) = caseline::service::remote::dial::connect(&server.socket, dir) {
            let remote = Remote::new(stream, dir.to_path_buf()).expect("a connection");
            let signed_in = Client::remote(remote, dir, Some("admin"), common::PASSPHRASE, "desk");
            if let Ok(client) = signed_in {
                return (server, client);
            }
        }
        let status = server.wait_exit(WITHIN);
        assert!(
            server.log().contains("no client for the idle time"),
            "connecting failed, and not because the server was idle ({status:?}):\n{}",
            server.log()
        );
    }
    panic!("the server went idle before every attempt to connect");
}

#[test]
fn an_idle_server_stops_once_its_last_client_has_gone() {
    let tmp = common::temp("server-idle");
    let dir = store(&tmp);
    let (mut server, client) = idle_server_with_client(&dir);
    // Connected but quiet for longer than the idle time: still served.
    std::thread::sleep(HELD);
    assert!(server.running(), "{}", server.log());
    client.stats().expect("still served");
    client.close().expect("signed out");

    let status = server
        .wait_exit(WITHIN)
        .unwrap_or_else(|| panic!("the idle server did not stop:\n{}", server.log()));
    assert!(status.success(), "{status:?}\n{}", server.log());
    let log = server.log();
    assert!(
        log.contains("stopping: no client for the idle time"),
        "{log}"
    );
    assert!(
        !server.socket.exists(),
        "an idle server takes its socket away"
    );
    // Commands go on without it.
    cli(&dir, &["stats"]).expect(0);
}

/// Longer than the idle time of one second: the time a server is held still.
const HELD: Duration = Duration::from_millis(1500);

#[test]
fn a_client_that_connects_as_the_idle_time_runs_out_is_served() {
    let tmp = common::temp("server-idle-edge");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "1"]);
    // Held still, the server cannot let the client in; when it looks again, its idle
    // time has passed with a client waiting.
    server.signal(libc::SIGSTOP);
    let mut stream = UnixStream::connect(&server.socket).expect("connects");
    std::thread::sleep(HELD);
    server.signal(libc::SIGCONT);
    stream.set_read_timeout(Some(WITHIN)).expect("a timeout");
    write_frame(&mut stream, &Hello::ours().encode()).expect("hello sent");
    let said = read_frame(&mut stream).expect("the server answers the waiting client");
    assert_eq!(Hello::decode_answer(&said), Some((Hello::ours(), true)));
    stream.set_read_timeout(None).expect("no timeout");
    let remote = Remote::new(stream, dir.clone()).expect("a connection");
    let client =
        Client::remote(remote, &dir, Some("admin"), common::PASSPHRASE, "desk").expect("signs in");
    client.stats().expect("served");
    client.close().expect("signed out");
}

#[test]
fn a_command_that_comes_as_a_server_stops_opens_the_store_once_it_is_free() {
    let tmp = common::temp("server-stopping");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    // A server on its way out: its socket gone, the store still held (it is writing
    // the search index back).
    server.signal(libc::SIGSTOP);
    std::fs::remove_file(&server.socket).expect("the socket removed");
    let command = caseline(&dir)
        .arg("stats")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("caseline starts");
    std::thread::sleep(HELD);
    server.signal(libc::SIGCONT);
    server.stop();
    finish(command).expect(0);
}
