//! Signing in by OS account (`caseline peer`): a command from a mapped account needs
//! no passphrase while someone has the server unlocked, and is refused (asked for a
//! passphrase) when nobody has, when the account is not mapped, or when it asks for
//! another login. Mapping is an administrator's, and both it and every such sign-in
//! are in the audit log.

use super::{CASEWORKER_PASS, os_account, store};
use crate::common::server::serve;
use crate::common::{self, caseline_bare, cli, run};

/// `caseline ARGS` from this OS account with no passphrase anywhere.
fn without_passphrase(dir: &std::path::Path, args: &[&str]) -> common::Run {
    run(caseline_bare().arg("--data-dir").arg(dir).args(args))
}

#[test]
fn a_mapped_os_account_signs_in_without_a_passphrase_only_while_unlocked() {
    let tmp = common::temp("server-peer");
    let dir = store(&tmp);
    let me = os_account();
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-a");

    // Off by default: with nothing mapped the command needs a passphrase.
    let refused = without_passphrase(&dir, &["stats"]);
    assert_eq!(refused.code, Some(1), "{}", refused.output());
    assert!(
        refused.output().contains("passphrase"),
        "{}",
        refused.output()
    );

    // A caseworker may not map accounts; the service refuses it.
    let cas = server.client("cas", CASEWORKER_PASS, "desk-b");
    assert!(cas.map_peer(&me, "cas").is_err());
    cas.close().expect("signed out");

    admin.map_peer(&me, "cas").expect("mapped");
    let listed = admin.peer_logins().expect("the map");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].os_account.as_str(), listed[0].login.as_str()),
        (me.as_str(), "cas")
    );
    // Bad names are refused with the field named, and change nothing.
    let bad = admin
        .map_peer("no such\u{1b}[2J", "cas")
        .unwrap_err()
        .to_string();
    assert!(bad.contains("os_account"), "{bad}");
    let bad = admin.map_peer("backup", "nobody").unwrap_err().to_string();
    assert!(bad.contains("login"), "{bad}");
    assert_eq!(admin.peer_logins().expect("the map").len(), 1);

    // While the admin keeps the server unlocked, the mapped account gets in as cas.
    let queue = without_passphrase(&dir, &["queue", "--mine", "cas"]).expect(0);
    assert!(!queue.stdout.is_empty());
    // Asking for another login is refused, not let in as someone else.
    let other = without_passphrase(&dir, &["--user", "admin", "stats"]);
    assert_eq!(other.code, Some(1), "{}", other.output());

    admin.close().expect("signed out");
    // Nobody signed in: the server holds no key, so no passphrase means no entry.
    let locked = without_passphrase(&dir, &["queue", "--mine", "cas"]);
    assert_eq!(locked.code, Some(1), "{}", locked.output());

    let audit = cli(&dir, &["audit", "--format", "json", "--limit", "1000"]).expect(0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&audit.stdout).expect("JSON");
    let peer_sign_ins: Vec<_> = rows
        .iter()
        .filter(|r| r["action"] == "sign_in" && r["user"] == "cas")
        .filter(|r| {
            r["detail"]
                .as_str()
                .is_some_and(|d| d.contains("without a passphrase"))
        })
        .collect();
    assert_eq!(peer_sign_ins.len(), 1, "{rows:#?}");
    assert_eq!(peer_sign_ins[0]["os_user"], me.as_str());
    assert!(
        rows.iter().any(|r| r["action"] == "user_change"
            && r["user"] == "admin"
            && r["detail"]
                .as_str()
                .is_some_and(|d| d.contains("signs in as cas"))),
        "the mapping is audited: {rows:#?}"
    );

    // Unmapped, the account needs a passphrase again even with the server unlocked.
    let admin = server.admin("desk-a");
    assert!(admin.unmap_peer(&me).expect("unmapped"));
    assert!(!admin.unmap_peer(&me).expect("nothing left"));
    let after = without_passphrase(&dir, &["queue", "--mine", "cas"]);
    assert_eq!(after.code, Some(1), "{}", after.output());
    admin.close().expect("signed out");
    server.stop();
}
