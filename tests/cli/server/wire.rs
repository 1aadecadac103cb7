//! A client that speaks the socket's frames by hand, for what a well-behaved client
//! never does: garbage, calls before signing in, a download it stops reading.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::Path;

use crate::common::server::WITHIN;
use caseline::service::api::Request;
use caseline::service::api::wire::{ClientFrame, ServerFrame, decode, encode};
use caseline::service::remote::frame::{read_frame, write_frame};
use caseline::service::remote::hello::Hello;

/// A bare connection, reads bounded so that a server that never answers fails the
/// test rather than hanging it.
pub fn raw(socket: &Path) -> UnixStream {
    let s = UnixStream::connect(socket).expect("connects");
    s.set_read_timeout(Some(WITHIN)).expect("a read timeout");
    s
}

/// A bare connection that has said hello in this program's version.
pub fn greeted(socket: &Path) -> UnixStream {
    let mut s = raw(socket);
    write_frame(&mut s, &Hello::ours().encode()).expect("hello sent");
    let answer = read_frame(&mut s).expect("the server's hello");
    assert_eq!(Hello::decode_answer(&answer), Some((Hello::ours(), true)));
    s
}

/// Waits until the server closes `s` (whatever it sends first is dropped).
#[track_caller]
pub fn closed_by_server(s: &mut UnixStream) {
    let mut rest = Vec::new();
    match s.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the server kept a bad connection open: {e}"),
    }
}

/// A call frame.
pub fn call(id: u64, request: impl Into<Request>) -> Vec<u8> {
    encode(&ClientFrame::Call {
        id,
        request: request.into(),
    })
}

/// Sends a call.
pub fn send(s: &mut UnixStream, id: u64, request: impl Into<Request>) {
    write_frame(s, &call(id, request)).expect("sent");
}

/// The next frame from the server.
pub fn answer(s: &mut UnixStream) -> ServerFrame {
    decode(&read_frame(s).expect("a frame from the server")).expect("a server frame")
}

/// A bare connection signed in as the store's administrator.
pub fn signed_in_as_admin(socket: &Path) -> UnixStream {
    let mut s = greeted(socket);
    send(
        &mut s,
        1,
        caseline::service::api::SessionRequest::SignIn {
            login: Some("admin".into()),
            secret: caseline::service::api::Secret::new(crate::common::PASSPHRASE),
            origin: "raw".into(),
            resuming: None,
        },
    );
    assert!(
        matches!(
            answer(&mut s),
            ServerFrame::Answer {
                id: 1,
                answer: Ok(_)
            }
        ),
        "signed in"
    );
    s
}
