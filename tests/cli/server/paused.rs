//! A backup whose reader stops part way: the download fills the socket and holds the
//! server in the middle of sending it (the copy is made first, into a file of the
//! server's own; a server that copied straight to the socket would be held in the
//! middle of its copy). What other sessions do meanwhile (a view, which the audit log
//! records without waiting for other writes) must not end up half in the copy: one
//! that took the log's head before such an entry and the log itself after it would
//! not restore.

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use super::wire::{answer, greeted, send};
use crate::common::server::serve;
use crate::common::{self, PASSPHRASE, cli_retrying};
use caseline::service::api::wire::{ServerFrame, decode};
use caseline::service::api::{CaseRequest, Reply, Secret, SessionRequest, UpkeepRequest};

/// Cases in the store: its copy is a few megabytes, more than the socket holds.
const DEMO_CASES: usize = 300;

#[test]
fn a_backup_held_up_by_its_reader_copies_the_store_as_it_stood() {
    let tmp = common::temp("server-paused");
    let dir = tmp.path().join("data");
    let person = {
        let svc = common::init_store(&dir);
        let doc = caseline::demo::generate(DEMO_CASES, 1, &svc.actor(), svc.clock().now());
        svc.import(doc).expect("a demo caseload");
        let person = svc.export().expect("an export").people[0].id;
        common::close(svc);
        person
    };
    let server = serve(&dir, &["--idle-exit", "60"]);
    // Signed in first: a sign-in is an audit entry too.
    let viewer = server.admin("desk");

    let mut s = greeted(&server.socket);
    send(
        &mut s,
        1,
        SessionRequest::SignIn {
            login: Some("admin".into()),
            secret: Secret::new(PASSPHRASE),
            origin: "raw".into(),
            resuming: None,
        },
    );
    assert!(matches!(
        answer(&mut s),
        ServerFrame::Answer {
            id: 1,
            answer: Ok(_)
        }
    ));
    send(&mut s, 2, UpkeepRequest::Backup);
    // The download has begun, so the copy has too (the log's head is among the first
    // things copied); it stops while nobody reads.
    let mut length = [0u8; 4];
    s.read_exact(&mut length).expect("the download starts");

    let (viewed_tx, viewed) = mpsc::channel();
    let viewing = std::thread::spawn(move || {
        for _ in 0..3 {
            match viewer.call(CaseRequest::Person(person)) {
                Ok(Reply::Person(_)) => {}
                other => panic!("a person's card: {other:?}"),
            }
        }
        let _ = viewed_tx.send(());
        viewer.close().expect("signed out");
    });
    // Views that wait for the backup to end are as good: the download is read on
    // after a while either way.
    let _ = viewed.recv_timeout(Duration::from_millis(500));

    let mut first = vec![0u8; u32::from_be_bytes(length) as usize];
    s.read_exact(&mut first).expect("the first chunk");
    let mut frame: ServerFrame = decode(&first).expect("a frame");
    let mut backup = Vec::new();
    loop {
        match frame {
            ServerFrame::Chunk { id: 2, data } => backup.extend_from_slice(&data),
            ServerFrame::Answer {
                id: 2,
                answer: Ok(Reply::BackedUp(_)),
            } => break,
            other => panic!("during the backup: {other:?}"),
        }
        frame = answer(&mut s);
    }
    viewing.join().expect("the views end");
    server.stop();

    let file = tmp.path().join("backup.clb");
    std::fs::write(&file, &backup).expect("written");
    // A restore checks the copy before it goes live, and refuses one that fails.
    let fresh = tmp.path().join("restored");
    cli_retrying(&fresh, &["restore", file.to_str().expect("a path")]).expect(0);
}
