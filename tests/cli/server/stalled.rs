//! Clients that stop reading, or read at a trickle, hold up nobody else. A backup is
//! copied with writes held, then sent with nothing held, so a reader that takes
//! minutes over it (a slow link, a backup suspended with Ctrl-Z) delays no save; one
//! that takes no frame at all for the send time is closed, and what the others are
//! told of a save is not held up behind it for longer than that.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::wire::{send, signed_in_as_admin};
use crate::common::server::{WITHIN, serve};
use crate::common::{self, PASSPHRASE};
use caseline::service::Client;
use caseline::service::api::wire::{ServerFrame, decode};
use caseline::service::api::{AdminRequest, Reply, UpkeepRequest};
use caseline::service::client::Remote;
use caseline::service::remote::dial;
use caseline::service::remote::frame::read_frame;

/// Cases in the store: its copy is megabytes, far more than a socket holds, and far
/// more than [`trickle`] reads within [`WITHIN`].
const DEMO_CASES: usize = 300;

#[test]
fn a_client_that_stops_reading_holds_up_no_other_save() {
    let tmp = common::temp("server-stalled");
    let dir = tmp.path().join("data");
    {
        let svc = common::init_store(&dir);
        let doc = caseline::demo::generate(DEMO_CASES, 1, &svc.actor(), svc.clock().now());
        svc.import(doc).expect("a demo caseload");
        common::close(svc);
    }
    let server = serve(&dir, &["--idle-exit", "60"]);
    let saver = server.admin("desk");

    // One asks for a backup and reads no more than that it has begun.
    let mut stopped = signed_in_as_admin(&server.socket);
    send(&mut stopped, 2, UpkeepRequest::Backup);
    let mut length = [0u8; 4];
    stopped
        .read_exact(&mut length)
        .expect("the download starts");
    // Another reads its backup a little at a time until the saves are done.
    let (saved_tx, saved) = mpsc::channel::<()>();
    let slow = signed_in_as_admin(&server.socket);
    let trickling = std::thread::spawn(move || trickle(slow, saved));

    let (done_tx, done) = mpsc::channel();
    let (socket, data) = (server.socket.clone(), dir.clone());
    std::thread::spawn(move || {
        for minutes in [20, 25, 30] {
            set_idle_lock(&saver, minutes);
        }
        // And someone who comes now is let in and saves too.
        set_idle_lock(&late_admin(socket, data), 35);
        let _ = done_tx.send(());
    });
    if done.recv_timeout(WITHIN).is_err() {
        panic!(
            "the saves were not done while one client read nothing and one a trickle:\n{}",
            server.log()
        );
    }
    drop(saved_tx);
    let backup = trickling.join().expect("the slow reader's backup");
    assert!(backup > 1 << 20, "a backup of {backup} bytes");

    // Reading it now would let the download go on: the server closes it first.
    let closed = "took no frame for 10 s, closed";
    let deadline = Instant::now() + WITHIN;
    while !server.log().contains(closed) {
        assert!(Instant::now() < deadline, "not closed:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    super::wire::closed_by_server(&mut stopped);
    server.stop();
}

fn set_idle_lock(client: &Client, minutes: u32) {
    match client.call(AdminRequest::SetIdleLock(minutes)) {
        Ok(_) => {}
        Err(e) => panic!("the idle lock set to {minutes}: {e}"),
    }
}

/// A session on a connection made now.
fn late_admin(socket: PathBuf, dir: PathBuf) -> Client {
    let stream = dial::connect(&socket, &dir).expect("connects to the server");
    let remote = Remote::new(stream, dir.clone()).expect("a connection");
    Client::remote(remote, &dir, Some("admin"), PASSPHRASE, "late").expect("signs in")
}

/// Asks for a backup and reads it 4 KiB every quarter of a second (never stopping as
/// long as the send time) until `saved` says the saves are done, then the rest at once;
/// the backup's size.
fn trickle(mut s: UnixStream, saved: mpsc::Receiver<()>) -> usize {
    send(&mut s, 2, UpkeepRequest::Backup);
    let mut sip = [0u8; 4096];
    let mut taken = Vec::new();
    while let Err(mpsc::RecvTimeoutError::Timeout) = saved.recv_timeout(Duration::from_millis(250))
    {
        let n = s.read(&mut sip).expect("a trickle of the download");
        taken.extend_from_slice(&sip[..n]);
    }
    let mut rest = &taken[..];
    let mut chained = Read::chain(&mut rest, &mut s);
    let mut bytes = 0;
    loop {
        let frame = read_frame(&mut chained).expect("a frame of the backup");
        match decode::<ServerFrame>(&frame).expect("a server frame") {
            ServerFrame::Chunk { id: 2, data } => bytes += data.len(),
            ServerFrame::Answer {
                id: 2,
                answer: Ok(Reply::BackedUp(summary)),
            } => {
                assert_eq!(summary.bytes as usize, bytes, "all of it came");
                return bytes;
            }
            ServerFrame::Notice(_) => {}
            other => panic!("during the backup: {other:?}"),
        }
    }
}
