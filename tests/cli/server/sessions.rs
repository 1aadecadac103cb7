//! Sessions in one server: each audit entry names the OS account the kernel reports
//! for its connection (a client cannot claim another), and what one session changes is
//! pushed to the others as a notice, never back to itself.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use super::{CASEWORKER_PASS, os_account, store};
use crate::common::server::{WITHIN, serve};
use crate::common::{self, caseline, cli, crash, run};
use caseline::domain::IncidentId;
use caseline::service::api::wire::Notice;
use caseline::service::api::{CaseRequest, DeskRequest, Reply};
use caseline::service::{Client, OpenCase};

/// Records an intake through `client`; its incident.
fn record_intake(client: &Client, narrative: &str) -> IncidentId {
    let request = common::intake(common::person("Dana", Some("Okafor")), narrative);
    match client.call(DeskRequest::RecordIntake(Box::new(request))) {
        Ok(Reply::IntakeSaved(saved)) => saved.incident,
        other => panic!("recording an intake: {other:?}"),
    }
}

/// The audit log as `caseline audit --format json` lists it, newest first.
fn audit_rows(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let r = cli(dir, &["audit", "--format", "json", "--limit", "1000"]).expect(0);
    serde_json::from_str(&r.stdout).expect("JSON")
}

#[test]
fn each_audit_entry_names_the_os_account_of_its_connection() {
    let tmp = common::temp("server-os-user");
    let dir = store(&tmp);
    // Entries before the server ran were made by processes of their own.
    let before = audit_rows(&dir)[0]["seq"].as_u64().expect("a seq");
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-a");
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    record_intake(&cas, "Shouted at on the tram.");
    admin.users().expect("the users");
    // A command whose environment claims another account is still the kernel's.
    run(caseline(&dir)
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .args(["stats"]))
    .expect(0);
    cas.close().expect("signed out");
    admin.close().expect("signed out");

    let me = os_account();
    let rows = audit_rows(&dir);
    let served: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["seq"].as_u64().expect("a seq") > before)
        .collect();
    for row in &served {
        assert_eq!(row["os_user"], me.as_str(), "{row:#}");
    }
    let by = |user: &str, origin: &str| {
        served
            .iter()
            .filter(|r| r["user"] == user && r["origin"] == origin)
            .count()
    };
    assert!(by("admin", "desk-a") >= 1, "{served:#?}");
    assert!(
        by("cas", "desk-b") >= 2,
        "a sign-in and an intake: {served:#?}"
    );
    assert!(
        served
            .iter()
            .any(|r| r["user"] == "cas" && r["action"] == "change"),
        "{served:#?}"
    );
    // The table shows where each came from as OS-USER@ORIGIN.
    let table = cli(&dir, &["audit", "--limit", "1000"]).expect(0).stdout;
    for origin in ["desk-a", "desk-b"] {
        let from = format!("{me}@{origin}");
        assert!(table.contains(&from), "no {from} in:\n{table}");
    }
    assert!(!table.contains("mallory"), "{table}");
    server.stop();
}

/// Notices heard by a client, through a channel.
fn listening(client: &Client) -> Receiver<Notice> {
    let (tx, rx) = mpsc::channel();
    client.listen(Arc::new(move |n| {
        let _ = tx.send(n);
    }));
    rx
}

/// Waits for `wanted` among the notices (others may come first).
#[track_caller]
fn hears(rx: &Receiver<Notice>, wanted: &Notice) {
    loop {
        match rx.recv_timeout(WITHIN) {
            Ok(n) if &n == wanted => return,
            Ok(_) => {}
            Err(e) => panic!("never heard {wanted:?}: {e}"),
        }
    }
}

#[test]
fn a_change_is_told_to_the_other_sessions_and_not_back_to_its_own() {
    let tmp = common::temp("server-notices");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-a");
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    let to_admin = listening(&admin);
    let to_cas = listening(&cas);

    let incident = record_intake(&cas, "Called names outside the library.");
    hears(&to_admin, &Notice::Intake);
    hears(&to_admin, &Notice::FollowUps);
    // The connection carries frames in order: a notice to the session that made the
    // change would have come before its answer.
    assert_eq!(to_cas.try_recv().ok(), None);

    let opened = match admin.call(CaseRequest::OpenCase(Box::new(OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![incident],
        summary: "Harassment near the library.".into(),
        ..OpenCase::default()
    }))) {
        Ok(Reply::CaseOpened(opened)) => opened,
        other => panic!("opening a case: {other:?}"),
    };
    // The case a reply names is told too.
    hears(&to_cas, &Notice::Case(opened.id));
    assert_eq!(to_admin.try_recv().ok(), None);
    admin.close().expect("signed out");
    cas.close().expect("signed out");
    server.stop();
}

/// Sessions signing in, working and leaving, from several connections at once.
const CHURN_THREADS: u64 = 3;
const CHURN_ROUNDS: u64 = 60;

#[test]
fn sessions_coming_and_going_leave_the_search_index_whole() {
    let tmp = common::temp("server-churn");
    let dir = store(&tmp);
    let server = Arc::new(serve(&dir, &["--idle-exit", "60"]));
    // The last session to leave writes the search index back while the next may be
    // signing in and loading it; one of them records intakes as it goes.
    let threads: Vec<_> = (0..CHURN_THREADS)
        .map(|t| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                for n in 0..CHURN_ROUNDS {
                    let client = server.admin("desk");
                    client.search_hits("Hassan", 5).expect("a search");
                    if t == 0 {
                        let request = DeskRequest::RecordIntake(Box::new(crash::request(n)));
                        client.call(request).expect("an intake");
                    }
                    client.close().expect("signed out");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("the sessions end");
    }
    let client = server.admin("desk");
    let report = client.check().expect("a check");
    assert!(report.faults.is_empty(), "{:#?}", report.faults);
    client.close().expect("signed out");
}

#[test]
fn a_server_session_whose_account_is_disabled_is_refused_at_its_next_request() {
    let tmp = common::temp("server-disabled");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-a");
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    cas.search_view("Hassan").expect("a search before");
    let id = admin
        .user_by_login("cas")
        .expect("the users")
        .expect("cas is a user")
        .id;
    admin.disable_user(id).expect("disabled");
    match cas.search_view("Hassan") {
        Err(caseline::service::Error::NotPermitted(m)) => {
            assert!(
                m.contains("your account was disabled by an administrator"),
                "{m}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    cas.close().expect("signing out is still allowed");
    admin.close().expect("signed out");
    server.stop();
}

#[test]
fn search_hits_to_keep_are_an_administrators_over_the_wire_and_on_the_command_line() {
    let tmp = common::temp("server-search-listing");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    // The search screen's search is the caseworker's; the listing is refused by the
    // server, whatever the client asks.
    cas.search_view("Hassan").expect("a search");
    let refused = cas.call(CaseRequest::SearchHits {
        text: "Hassan".into(),
        limit: 5,
    });
    match refused {
        Err(caseline::service::Error::NotPermitted(m)) => {
            assert!(m.contains("needs an administrator"), "{m}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    cas.close().expect("signed out");
    let r = run(caseline(&dir)
        .args(["--user", "cas", "search", "Hassan"])
        .env("CASELINE_PASSPHRASE", CASEWORKER_PASS))
    .expect(1);
    assert!(
        r.stderr
            .contains("searching from the command line needs an administrator"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let admin = server.admin("desk-a");
    let hits = admin
        .search_hits("Hassan", 5)
        .expect("an administrator's listing");
    assert!(!hits.people.hits.is_empty(), "{hits:?}");
    admin.close().expect("signed out");
    server.stop();
}
