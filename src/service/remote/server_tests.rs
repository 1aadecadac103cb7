//! The server against good and bad clients, with a serve that echoes each frame.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::dial::{DialError, connect};
use super::frame::{read_frame, write_frame};
use super::hello::Hello;
use super::log::Log;
use super::peer::Peer;
use super::server::{Flow, Inbox, Outbox, Serve, Server, ServerOptions};

struct Echo;

impl Serve for Echo {
    type Conn = Outbox;
    fn open(&self, _peer: Peer, out: Outbox) -> Outbox {
        out
    }
    fn has_signed_in(&self, _out: &Outbox) -> bool {
        true
    }
    fn frame(&self, out: &mut Outbox, frame: Vec<u8>, _inbox: &mut Inbox) -> Flow {
        match out.send(&frame) {
            Ok(()) => Flow::Continue,
            Err(_) => Flow::Close,
        }
    }
    fn close(&self, _out: Outbox) {}
}

fn serving() -> (tempfile::TempDir, std::path::PathBuf, impl FnOnce()) {
    let tmp = tempfile::tempdir().unwrap();
    let socket = tmp.path().join("run").join("socket");
    let log = Arc::new(Log::to_file(
        tmp.path().join("server.log"),
        crate::ui::testing::test_clock(),
    ));
    let server = Server::bind(
        ServerOptions {
            socket: socket.clone(),
            group: None,
            idle_exit: None,
            sign_in_within: super::server::SIGN_IN_WITHIN,
        },
        Echo,
        log,
    )
    .unwrap();
    let stop = server.stopper();
    let thread = std::thread::spawn(move || server.run());
    let done = move || {
        stop.store(true, Ordering::SeqCst);
        thread.join().unwrap().unwrap();
    };
    (tmp, socket, done)
}

fn echo(stream: &mut UnixStream, payload: &[u8]) -> Vec<u8> {
    write_frame(stream, payload).unwrap();
    read_frame(stream).unwrap()
}

#[test]
fn a_client_is_answered_while_others_send_garbage() {
    let (tmp, socket, done) = serving();
    let mut good = connect(&socket, tmp.path()).expect("connects");
    assert_eq!(echo(&mut good, b"one"), b"one");
    // Garbage instead of a hello: closed, logged.
    let mut garbage = UnixStream::connect(&socket).unwrap();
    garbage.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let mut rest = Vec::new();
    let _ = garbage.read_to_end(&mut rest);
    // A frame claiming four gigabytes after a good hello: closed before allocating.
    let mut huge = connect(&socket, tmp.path()).expect("connects");
    huge.write_all(&u32::MAX.to_be_bytes()).unwrap();
    // The server may already have closed it: a refused write is as good.
    let _ = huge.write_all(&[0; 16]);
    let _ = huge.read_to_end(&mut rest);
    // Half a frame, then gone.
    let mut half = connect(&socket, tmp.path()).expect("connects");
    half.write_all(&100u32.to_be_bytes()).unwrap();
    half.write_all(b"short").unwrap();
    drop(half);
    assert_eq!(echo(&mut good, b"two"), b"two", "still served");
    done();
    let log = std::fs::read_to_string(tmp.path().join("server.log")).unwrap();
    assert!(log.contains("closed before hello"), "{log}");
    assert!(log.contains("over the limit"), "{log}");
}

#[test]
fn a_client_of_another_protocol_is_told_the_versions() {
    let (tmp, socket, done) = serving();
    let mut old = UnixStream::connect(&socket).unwrap();
    let theirs = Hello {
        protocol: 0,
        version: "0.0.1".into(),
    };
    write_frame(&mut old, &theirs.encode()).unwrap();
    let (server, serves) = Hello::decode_answer(&read_frame(&mut old).unwrap()).unwrap();
    assert!(!serves);
    assert_eq!(server, Hello::ours());
    done();
    let _ = tmp;
}

#[test]
fn nobody_listening_is_no_server() {
    let tmp = tempfile::tempdir().unwrap();
    let e = connect(&tmp.path().join("socket"), tmp.path()).unwrap_err();
    assert!(matches!(e, DialError::NoServer(_)), "{e}");
}

#[test]
fn the_socket_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, socket, done) = serving();
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    let dir = std::fs::metadata(socket.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!((mode, dir), (0o600, 0o700));
    done();
}

/// Waits (for a minute at most) until `s` has something to read.
fn wait_readable(s: &UnixStream) {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: s.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll reads and writes one pollfd on our stack.
    let ready = unsafe { libc::poll(&mut fds, 1, 60_000) };
    assert_eq!(ready, 1, "something to read");
}

#[test]
fn a_notice_waits_behind_a_frame_to_a_slow_reader_without_holding_up_its_teller() {
    let (ours, mut theirs) = UnixStream::pair().unwrap();
    let out = Outbox::new(ours).unwrap();
    // A frame far larger than the socket holds: its sender is stuck until we read.
    let big = vec![7u8; 4 << 20];
    let sending = {
        let (out, big) = (out.clone(), big.clone());
        std::thread::spawn(move || out.send(&big))
    };
    wait_readable(&theirs);
    let (told_tx, told) = std::sync::mpsc::channel();
    let teller = out.clone();
    std::thread::spawn(move || {
        teller.tell(b"notice");
        teller.tell(b"notice");
        let _ = told_tx.send(());
    });
    told.recv_timeout(std::time::Duration::from_secs(60))
        .expect("telling does not wait for the frame being sent");
    assert_eq!(read_frame(&mut theirs).unwrap(), big);
    sending.join().unwrap().unwrap();
    assert_eq!(read_frame(&mut theirs).unwrap(), b"notice");
    out.shut();
    assert!(
        read_frame(&mut theirs).unwrap_err().is_closed(),
        "the same notice told twice while waiting is sent once"
    );
}
