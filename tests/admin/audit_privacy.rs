//! The audit log keeps nothing personal readable: not on disk, not in the backup, not
//! in what `caseline audit` prints. A failed sign-in's typed login (which may be a
//! name, or a passphrase typed in the wrong field) is sealed, and shown only when it is
//! a user's login.

use crate::common::{self, PERSONAL, all_files, assert_absent, assert_text_absent, cli, run};
use caseline::Caseline;

/// Typed into the login field by someone who is not a user.
const TYPED_LOGIN: &str = "Zanzibar-Okafor";
/// Where an SSH session comes from: kept, but only inside sealed entries.
const SSH_FROM: &str = "198.51.100.77";

fn needles() -> Vec<&'static str> {
    PERSONAL
        .iter()
        .copied()
        .chain([TYPED_LOGIN, SSH_FROM])
        .collect()
}

#[test]
fn audit_entries_hold_nothing_readable_on_disk_or_in_output() {
    let tmp = common::temp("audit-privacy");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    for id in [made.case, made.closed_case] {
        svc.view_case(id).expect("case");
    }
    for id in [made.amina, made.wang, made.lukasz] {
        svc.view_person(id).expect("person");
    }
    common::close(svc);
    assert!(
        Caseline::open_with_clock(
            &dir,
            Some(TYPED_LOGIN),
            "Amina Hassan",
            crate::common::clock()
        )
        .is_err()
    );
    // A run over SSH, recorded with the client's address.
    let r = run(common::caseline(&dir)
        .env("SSH_CONNECTION", format!("{SSH_FROM} 52100 203.0.113.5 22"))
        .arg("stats"))
    .expect(0);
    assert!(!r.stdout.is_empty());
    common::wait_released(&dir);

    let needles = needles();
    for (path, bytes) in all_files(&dir) {
        assert_absent(&path.display().to_string(), &bytes, &needles);
    }
    let backup = tmp.path().join("b.clb");
    cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);
    assert_absent(
        "the backup",
        &std::fs::read(&backup).expect("backup"),
        &needles,
    );

    let table = cli(&dir, &["audit", "--limit", "1000"]).expect(0);
    let json = cli(&dir, &["audit", "--format", "json", "--limit", "1000"]).expect(0);
    for out in [&table, &json] {
        // The SSH address is for administrators to read: it is not on disk in plain,
        // but `caseline audit` shows it. Names and typed logins never.
        assert_text_absent("caseline audit", &out.output(), PERSONAL);
        assert_text_absent("caseline audit", &out.output(), &[TYPED_LOGIN]);
    }
    assert!(table.stdout.contains("(not a user)"), "{}", table.stdout);
    assert!(
        table.stdout.contains(&format!("ssh {SSH_FROM}")),
        "{}",
        table.stdout
    );
    let v: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).expect("JSON");
    let views = v
        .iter()
        .filter(|r| r["action"] == "view_person" || r["action"] == "view_case")
        .count();
    assert_eq!(views, 5);
}
