//! What one request may ask of a server, and who may ask it. A demo caseload is made
//! only for an administrator, only up to its limit and only in a store with no
//! casework yet, each checked before anything is made (a count from a hand-made
//! client could otherwise take the server's memory); an import's file is not read for
//! anyone who may not import. Sessions and notices stay in step with what a
//! connection is: one whose new sign-in fails hears no more notices, and the others
//! hear of a change even when the client that made it went away before its answer.

use std::os::unix::net::UnixStream;
use std::path::Path;

use super::wire::{answer, greeted, send, signed_in_as_admin};
use super::{CASEWORKER_PASS, store};
use crate::common::server::serve;
use crate::common::{self, cli};
use caseline::service::api::limits::MAX_DEMO_CASES;
use caseline::service::api::wire::{Notice, ServerFrame};
use caseline::service::api::{
    AdminRequest, CaseRequest, Reply, Secret, SessionRequest, UpkeepRequest,
};
use caseline::service::{AuditQuery, Error};

#[test]
fn a_demo_is_refused_before_anything_is_made() {
    let tmp = common::temp("server-demo-limits");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let cas = server.client("cas", CASEWORKER_PASS, "desk-c");
    // A count no machine could hold: refused for the role, and the server stays up.
    let asked = cas.call(UpkeepRequest::Demo {
        cases: 1 << 40,
        seed: 1,
    });
    assert!(matches!(asked, Err(Error::NotPermitted(_))), "{asked:?}");
    // An import's file is not read for a caseworker: refused as such, not as a file
    // that does not parse.
    let imported = cas.import_from(&mut &b"not an export at all"[..]);
    assert!(
        matches!(imported, Err(Error::NotPermitted(_))),
        "{imported:?}"
    );

    let admin = server.admin("desk-a");
    match admin.call(UpkeepRequest::Demo {
        cases: MAX_DEMO_CASES + 1,
        seed: 1,
    }) {
        Err(Error::Conflict(why)) => assert!(why.contains("over the limit of 1000000"), "{why}"),
        other => panic!("a demo over the limit: {other:?}"),
    }
    match admin.call(UpkeepRequest::Demo { cases: 3, seed: 1 }) {
        Err(Error::Conflict(why)) => assert!(why.contains("no casework yet"), "{why}"),
        other => panic!("a demo into a store with casework: {other:?}"),
    }
    assert!(matches!(cas.call(CaseRequest::Team), Ok(Reply::Team(_))));
    cas.close().expect("signed out");
    admin.close().expect("signed out");
    server.stop();

    // The command line takes the same limit, and makes no store.
    let fresh = tmp.path().join("demo");
    let count = (MAX_DEMO_CASES + 1).to_string();
    let r = cli(&fresh, &["demo", "--cases", &count]).expect(1);
    assert!(
        r.stderr.contains("over the limit of 1000000"),
        "{}",
        r.stderr
    );
    assert!(!caseline::service::store_exists(&fresh));
}

#[test]
fn a_limit_of_any_size_is_answered() {
    let tmp = common::temp("server-any-limit");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-a");
    let hits = admin.search_hits("Hassan", usize::MAX).expect("a search");
    assert!(!hits.people.hits.is_empty(), "{hits:?}");
    let page = admin
        .audit_page(AuditQuery {
            limit: usize::MAX,
            ..AuditQuery::default()
        })
        .expect("the audit log");
    assert!(!page.rows.is_empty() && !page.more);
    admin.close().expect("signed out");
    server.stop();
}

/// Reads frames until a notice comes, or fails when the answer to call `id` comes
/// first.
#[track_caller]
fn next_is_notice(s: &mut UnixStream, id: u64) -> Notice {
    match answer(s) {
        ServerFrame::Notice(n) => n,
        other => panic!("the answer to {id} came before any notice: {other:?}"),
    }
}

/// A raw connection signed in as the caseworker.
fn signed_in_as_caseworker(socket: &Path) -> UnixStream {
    let mut s = greeted(socket);
    send(&mut s, 1, sign_in("cas", CASEWORKER_PASS));
    assert!(matches!(
        answer(&mut s),
        ServerFrame::Answer {
            id: 1,
            answer: Ok(Reply::SignedIn(_))
        }
    ));
    s
}

fn sign_in(login: &str, passphrase: &str) -> SessionRequest {
    SessionRequest::SignIn {
        login: Some(login.into()),
        secret: Secret::new(passphrase),
        origin: "raw".into(),
        resuming: None,
    }
}

#[test]
fn a_failed_sign_in_leaves_the_connection_hearing_nothing() {
    let tmp = common::temp("server-failed-sign-in");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let mut s = signed_in_as_caseworker(&server.socket);
    send(&mut s, 2, sign_in("cas", "not the caseworker's passphrase"));
    assert!(matches!(
        answer(&mut s),
        ServerFrame::Answer {
            id: 2,
            answer: Err(_)
        }
    ));
    // A change, then a call on the same lane: by its answer, the change's notices
    // have been written to whoever hears them.
    let admin = server.admin("desk-a");
    admin
        .call(AdminRequest::SetIdleLock(25))
        .expect("the idle lock set");
    admin.call(CaseRequest::Team).expect("the team");
    send(&mut s, 3, SessionRequest::Status);
    assert!(
        matches!(
            answer(&mut s),
            ServerFrame::Answer {
                id: 3,
                answer: Ok(Reply::Status(_))
            }
        ),
        "a connection whose sign-in failed heard a notice"
    );
    admin.close().expect("signed out");
    drop(s);
    server.stop();
}

#[test]
fn others_hear_of_a_change_whose_asker_went_away() {
    let tmp = common::temp("server-asker-gone");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let mut listener = signed_in_as_admin(&server.socket);
    // Asks for a change and goes before its answer can be sent.
    let mut asker = signed_in_as_admin(&server.socket);
    send(&mut asker, 2, AdminRequest::SetIdleLock(40));
    drop(asker);
    assert_eq!(next_is_notice(&mut listener, 0), Notice::Setup);
    let admin = server.admin("desk-a");
    match admin.call(AdminRequest::ReferenceLists) {
        Ok(Reply::OwnSettings(own)) => assert_eq!(own.idle_lock_minutes, 40),
        other => panic!("the settings: {other:?}"),
    }
    admin.close().expect("signed out");
    drop(listener);
    server.stop();
}
