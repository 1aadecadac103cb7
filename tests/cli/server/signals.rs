//! A server stopped by its service manager (SIGTERM, as `systemctl restart` sends) or
//! by Ctrl-C (SIGINT) ends its sessions first: the views it recorded without a flush
//! (a view entry waits for up to 255 others) are in the audit log afterwards, even
//! though the clients were still signed in, and the server exits with success.

use super::{CASEWORKER_PASS, store};
use crate::common::server::serve;
use crate::common::{self, cli, crash};
use caseline::service::api::{CaseRequest, DeskRequest, Reply};

/// Views of one person's card made before the signal: far fewer than a flush waits for.
const VIEWS: usize = 5;

/// The audit entries `origin` caused of `action`, as `caseline audit` lists them.
fn entries(dir: &std::path::Path, origin: &str, action: &str) -> usize {
    let r = cli(dir, &["audit", "--format", "json", "--limit", "1000"]).expect(0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("JSON");
    rows.iter()
        .filter(|r| r["origin"] == origin && r["action"] == action)
        .count()
}

/// Signs a caseworker in, records an intake and views its new person [`VIEWS`] times,
/// then stops the server with `signal` while the client is still signed in.
fn views_survive(signal: libc::c_int, name: &str) {
    let tmp = common::temp(name);
    let dir = store(&tmp);
    let mut server = serve(&dir, &["--idle-exit", "60"]);
    let client = server.client("cas", CASEWORKER_PASS, "desk-views");
    let request = DeskRequest::RecordIntake(Box::new(crash::request(1)));
    let person = match client.call(request) {
        Ok(Reply::IntakeSaved(saved)) => saved.new_people[0],
        other => panic!("an intake: {other:?}"),
    };
    for _ in 0..VIEWS {
        match client.call(CaseRequest::Person(person)) {
            Ok(Reply::Person(_)) => {}
            other => panic!("a person's card: {other:?}"),
        }
    }
    server.signal(signal);
    let status = server
        .wait_exit(crate::common::server::WITHIN)
        .unwrap_or_else(|| panic!("the server did not stop:\n{}", server.log()));
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(
        !server.socket.exists(),
        "a stopped server takes its socket away"
    );
    drop(client);

    assert_eq!(
        entries(&dir, "desk-views", "view_person"),
        VIEWS,
        "every view made before the signal is in the audit log"
    );
    cli(&dir, &["check"]).expect(0);
}

#[test]
fn sigterm_ends_the_sessions_and_keeps_their_unflushed_views() {
    views_survive(libc::SIGTERM, "server-sigterm");
}

#[test]
fn sigint_ends_the_sessions_and_keeps_their_unflushed_views() {
    views_survive(libc::SIGINT, "server-sigint");
}
