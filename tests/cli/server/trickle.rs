//! Clients that hold a connection by sending slowly, or by sending without reading.
//! A hello, and a frame before signing in, must come whole within their time, not
//! merely a byte at a time within it: a client sending a byte every fifth of a second
//! is closed. One that sends calls without reading the answers is not read without
//! bound: once its lanes are full the server stops reading it, and it is closed when it
//! takes no answer for the send time. Others are served all the while.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::store;
use super::wire::{call, greeted, raw, signed_in_as_admin};
use crate::common;
use crate::common::server::{Served, WITHIN, serve};
use caseline::service::api::{CaseRequest, Reply, UpkeepRequest};
use caseline::service::remote::frame::write_frame;

/// Bytes the trickled frames claim: under the cap of a hello, and far more than a
/// trickle sends within the hello or sign-in time.
const CLAIMED: u32 = 100;
/// How often a trickle sends its next byte.
const TRICKLE: Duration = Duration::from_millis(200);

/// Sends a frame of [`CLAIMED`] bytes one byte at a time until the server closes the
/// connection; whether it did so before the whole frame was sent.
fn trickle(mut s: UnixStream) -> bool {
    let mut frame = CLAIMED.to_be_bytes().to_vec();
    frame.resize(4 + CLAIMED as usize, 0);
    for byte in frame {
        if s.write_all(&[byte]).is_err() {
            return true;
        }
        std::thread::sleep(TRICKLE);
    }
    false
}

/// Someone else is served meanwhile.
fn others_served(server: &Served) {
    let admin = server.admin("desk");
    assert!(matches!(
        admin.call(UpkeepRequest::Stats),
        Ok(Reply::Stats(_))
    ));
    admin.close().expect("signed out");
}

#[test]
fn a_trickled_hello_or_frame_before_signing_in_is_closed() {
    let tmp = common::temp("server-trickle");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60", "--sign-in-within", "1"]);
    let hello = raw(&server.socket);
    let hello = std::thread::spawn(move || trickle(hello));
    let frame = greeted(&server.socket);
    let frame = std::thread::spawn(move || trickle(frame));
    others_served(&server);
    assert!(
        hello.join().expect("the hello trickled"),
        "a hello trickled in was waited for whole:\n{}",
        server.log()
    );
    assert!(
        frame.join().expect("the frame trickled"),
        "a frame trickled in before signing in was waited for whole:\n{}",
        server.log()
    );
    others_served(&server);
    let log = server.stop();
    assert!(log.contains("closed before hello"), "{log}");
    assert!(log.contains("not signed in within 1 s, closed"), "{log}");
}

/// Calls sent without reading any answer.
const PIPELINED: usize = 50_000;

/// Sends calls on `s` without reading, until the server stops taking them and closes
/// the connection; how many were sent.
fn pipeline(socket: &Path) -> usize {
    let mut s = signed_in_as_admin(socket);
    s.set_write_timeout(Some(WITHIN)).expect("a write timeout");
    let team = call(2, CaseRequest::Team);
    for sent in 0..PIPELINED {
        match write_frame(&mut s, &team) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                panic!("the server neither read nor closed a client that does not read")
            }
            Err(_) => return sent,
        }
    }
    PIPELINED
}

#[test]
fn calls_sent_without_reading_the_answers_are_not_read_without_bound() {
    let tmp = common::temp("server-pipelined");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let socket = server.socket.clone();
    let pipelining = std::thread::spawn(move || pipeline(&socket));
    others_served(&server);
    let sent = pipelining.join().expect("the calls sent");
    assert!(
        sent < PIPELINED,
        "all {sent} calls were read from a client that reads no answer"
    );
    others_served(&server);
    let log = server.stop();
    assert!(log.contains("took no frame for 10 s, closed"), "{log}");
}
