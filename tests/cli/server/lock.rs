//! Locking a terminal's screen ends its session in the server: the connection stays,
//! but nothing more is served on it until someone signs in again, and the audit log
//! has the lock, by that user, from that connection's OS account.

use super::{CASEWORKER_PASS, os_account, store};
use crate::common::server::serve;
use crate::common::{self, cli};
use caseline::service::Error;
use caseline::service::api::CaseRequest;

#[test]
fn a_locked_screen_has_no_session_left_in_the_server() {
    let tmp = common::temp("server-lock");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    cas.call(CaseRequest::Team).expect("served while signed in");
    cas.sign_out_shared(true).expect("locked");
    match cas.call(CaseRequest::Team) {
        Err(Error::NotPermitted(m)) => assert!(m.contains("sign in"), "{m}"),
        other => panic!("a locked session was still served: {other:?}"),
    }
    drop(cas);
    server.stop();

    let r = cli(&dir, &["audit", "--format", "json", "--limit", "20"]).expect(0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("JSON");
    let lock = rows
        .iter()
        .find(|row| row["action"] == "lock")
        .unwrap_or_else(|| panic!("no lock in the audit log: {rows:#?}"));
    assert_eq!(lock["os_user"], os_account().as_str(), "{lock:#}");
    assert_eq!(lock["origin"], "desk-b", "{lock:#}");
}
