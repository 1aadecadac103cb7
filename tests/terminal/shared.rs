//! Several people on one store, for real: two terminals on one data directory and a
//! command-line backup at the same time, all through the server the first terminal
//! started. An intake saved in one terminal appears in the other's recent intakes
//! without a key pressed there (the server's notice), and the backup made meanwhile
//! restores and checks clean.

use std::process::Command;

use crate::terminal_support::{PASS, Term, bin};

/// Runs a command on the store as its administrator, with the tests' clock.
fn command(t: &Term, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .env("CASELINE_PASSPHRASE", PASS)
        .arg("--data-dir")
        .arg(&t.data)
        .args(args)
        .output()
        .expect("caseline runs")
}

#[test]
fn two_terminals_and_a_backup_share_one_store() {
    let mut t = Term::new("shared");
    let first = t.standard("");
    t.start("one", &first);
    t.set_up_store();
    // The first terminal looks at recent intakes: none yet.
    t.keys("<C-r>");
    t.wait_for("Recent intakes");

    // A second terminal on the same store: not refused as "in use".
    let second = t.standard("");
    t.start("two", &second);
    t.unlock();
    t.wait_for("What do you want to do?");
    t.keys("<C-n><tab>Zainab<tab>Okafor<tab>07700 900789<pagedown><pagedown>");
    t.keys("Shouted at outside the library.<C-s>");
    t.wait_for("Intake saved");

    // Meanwhile, a backup from the command line: through the same server.
    let backup = t.dir().join("nightly.bak");
    let out = command(&t, &["backup", &backup.to_string_lossy()]);
    assert!(
        out.status.success(),
        "the backup was refused: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The first terminal shows the new intake without a key pressed there.
    t.target = "one".into();
    t.wait_for("Okafor");

    // The backup is whole: it restores into an empty directory and checks clean.
    let elsewhere = t.dir().join("restored");
    let restored = Command::new(bin())
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .env("CASELINE_PASSPHRASE", PASS)
        .arg("--data-dir")
        .arg(&elsewhere)
        .args(["restore", &backup.to_string_lossy()])
        .output()
        .expect("caseline runs");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );

    // Both leave; the audit log names each terminal and the command by where they ran.
    for pane in ["one", "two"] {
        t.target = pane.into();
        t.press(&["C-q"]);
        assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    }
    let audit = command(&t, &["audit", "--format", "json", "--limit", "100"]);
    let text = String::from_utf8_lossy(&audit.stdout);
    assert!(text.contains("\"os_user\""), "{text}");
}
