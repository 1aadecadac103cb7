//! What a server does with clients that misbehave: random bytes, a frame claiming
//! four gigabytes, a frame that does not decode, calls for data before signing in, a
//! chunk with no call, another protocol. Each closes (or refuses) only that
//! connection; the server stays up and serves a well-behaved client afterwards, and
//! its log holds nothing personal, not even what an undecodable frame carried.

use std::io::Write;
use std::os::unix::net::UnixListener;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};

use super::store;
use super::wire::{answer, call, closed_by_server, greeted, raw};
use crate::common::server::{Served, serve};
use crate::common::{self, cli};
use caseline::service::api::wire::{ClientFrame, ServerFrame, WireError, encode};
use caseline::service::api::{CaseRequest, Request, SessionRequest, UpkeepRequest};
use caseline::service::remote::dial::{self, DialError};
use caseline::service::remote::frame::{read_frame, write_frame};
use caseline::service::remote::hello::{Hello, PROTOCOL};

/// Sends random bytes on new connections: as the first thing said, after a hello,
/// and as whole frames of random content after a hello.
fn random_bytes(socket: &Path) {
    let config = Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (0..3u8, proptest::collection::vec(any::<u8>(), 0..80));
    runner
        .run(&strategy, |(how, bytes)| {
            let mut s = if how == 0 {
                raw(socket)
            } else {
                greeted(socket)
            };
            // The server may close as soon as it has seen enough: a refused write is
            // as good as a taken one.
            let _ = if how == 2 {
                write_frame(&mut s, &bytes)
            } else {
                s.write_all(&bytes)
            };
            let _ = s.shutdown(std::net::Shutdown::Write);
            closed_by_server(&mut s);
            Ok(())
        })
        .expect("every connection of random bytes is closed");
}

/// Calls for data before signing in: refused, with nothing but the refusal sent.
fn calls_before_signing_in(socket: &Path) {
    let mut s = greeted(socket);
    let asks: Vec<Request> = vec![
        CaseRequest::SearchHits {
            text: "Hassan".into(),
            limit: 5,
        }
        .into(),
        UpkeepRequest::Export.into(),
        UpkeepRequest::Backup.into(),
        caseline::service::api::AdminRequest::Users.into(),
    ];
    for (id, request) in (1..).zip(asks) {
        let what = format!("{request:?}");
        write_frame(&mut s, &call(id, request)).expect("sent");
        match answer(&mut s) {
            ServerFrame::Answer {
                id: got,
                answer: Err(WireError::NotPermitted(_)),
            } if got == id => {}
            other => panic!("{what} before signing in was answered with {other:?}"),
        }
    }
    // An upload before signing in is refused too, and its chunks do not cost the
    // connection: what it may ask (the store's status) is still answered.
    write_frame(&mut s, &call(10, UpkeepRequest::Import)).expect("sent");
    for data in [b"{}".to_vec(), Vec::new()] {
        let chunk = encode(&ClientFrame::Chunk { id: 10, data });
        write_frame(&mut s, &chunk).expect("sent");
    }
    assert!(
        matches!(
            answer(&mut s),
            ServerFrame::Answer {
                id: 10,
                answer: Err(WireError::NotPermitted(_))
            }
        ),
        "an import before signing in"
    );
    write_frame(&mut s, &call(11, SessionRequest::Status)).expect("sent");
    assert!(
        matches!(
            answer(&mut s),
            ServerFrame::Answer {
                id: 11,
                answer: Ok(_)
            }
        ),
        "the status after a refused import"
    );
}

/// A well-behaved client is served: through a connection of its own and on the
/// command line.
fn still_serves(server: &mut Served, dir: &Path) {
    assert!(server.running(), "{}", server.log());
    let client = server.admin("desk");
    let hits = client.search_hits("Hassan", 5).expect("a search");
    assert!(!hits.people.hits.is_empty(), "{hits:?}");
    client.close().expect("signed out");
    cli(dir, &["stats"]).expect(0);
}

#[test]
fn bad_clients_cost_only_their_own_connection() {
    let tmp = common::temp("server-garbage");
    let dir = store(&tmp);
    let mut server = serve(&dir, &["--idle-exit", "60"]);
    let socket = server.socket.clone();

    random_bytes(&socket);
    still_serves(&mut server, &dir);

    // A frame claiming four gigabytes: closed before anything is allocated.
    let mut s = greeted(&socket);
    s.write_all(&u32::MAX.to_be_bytes()).expect("sent");
    closed_by_server(&mut s);

    // A search for someone by name, with a byte too many: it does not decode, and the
    // name goes nowhere.
    let mut s = greeted(&socket);
    let mut frame = call(1, CaseRequest::Search("Amina Hassan 07700 900123".into()));
    frame.push(0);
    write_frame(&mut s, &frame).expect("sent");
    closed_by_server(&mut s);

    // A chunk that belongs to no call.
    let mut s = greeted(&socket);
    let chunk = encode(&ClientFrame::Chunk {
        id: 7,
        data: b"Amina Hassan".to_vec(),
    });
    write_frame(&mut s, &chunk).expect("sent");
    closed_by_server(&mut s);

    calls_before_signing_in(&socket);
    still_serves(&mut server, &dir);

    let log = server.stop();
    for said in [
        "closed before hello",
        "over the limit",
        "does not decode",
        "a chunk with no call",
    ] {
        assert!(log.contains(said), "the log does not say {said:?}:\n{log}");
    }
    common::assert_text_absent("the server's log", &log, &common::personal_in_messages());
}

/// A hello from a program of another protocol, the same version string.
fn other_protocol() -> Hello {
    Hello {
        protocol: PROTOCOL + 1,
        version: Hello::ours().version,
    }
}

#[test]
fn a_client_of_another_protocol_is_told_and_the_server_goes_on() {
    let tmp = common::temp("server-version");
    let dir = store(&tmp);
    let mut server = serve(&dir, &["--idle-exit", "60"]);
    let mut s = raw(&server.socket);
    write_frame(&mut s, &other_protocol().encode()).expect("sent");
    let said = read_frame(&mut s).expect("an answer");
    assert_eq!(Hello::decode_answer(&said), Some((Hello::ours(), false)));
    closed_by_server(&mut s);
    still_serves(&mut server, &dir);
    let log = server.stop();
    assert!(log.contains("another version, told so"), "{log}");
}

/// A stand-in for a server of another protocol at `socket`: answers one hello.
fn other_server(socket: &Path) -> std::thread::JoinHandle<()> {
    std::fs::create_dir_all(socket.parent().expect("a directory")).expect("made");
    let listener = UnixListener::bind(socket).expect("bound");
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("a client");
        let _ = read_frame(&mut s);
        let _ = write_frame(&mut s, &other_protocol().encode_answer(false));
    })
}

#[test]
fn a_server_of_another_protocol_is_named_as_such() {
    let tmp = common::temp("server-other");
    let socket = tmp.path().join("run").join("socket");
    let theirs = other_server(&socket);
    match dial::connect(&socket, tmp.path()) {
        Err(DialError::OtherVersion { server, .. }) => assert_eq!(server, other_protocol()),
        other => panic!("dialling a server of another protocol: {other:?}"),
    }
    theirs.join().expect("answered");

    // A command says so, in words that tell the two apart.
    let dir = store(&tmp);
    let theirs = other_server(&dir.join("run").join("socket"));
    let r = cli(&dir, &["stats"]).expect(1);
    theirs.join().expect("answered");
    for protocol in [PROTOCOL, PROTOCOL + 1] {
        assert!(
            r.stderr.contains(&format!("protocol {protocol}")),
            "{}",
            r.stderr
        );
    }
}
