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
    t.keys("<C-n>Zainab<tab>Okafor<tab>07700 900789<pagedown><pagedown>");
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

/// The pid of the server serving `t`'s data directory.
fn server_pid(t: &Term) -> u32 {
    let pattern = format!("{} serve", t.data.display());
    let out = Command::new("pgrep")
        .args(["-f", &pattern])
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no server for {}", t.data.display()))
}

#[test]
fn a_killed_server_locks_the_screen_and_signing_in_again_starts_another() {
    let mut t = Term::new("killed");
    let first = t.standard("");
    t.start("one", &first);
    t.set_up_store();
    // An intake half typed when the server dies.
    t.keys("<C-n>Tunde<tab>Bello<tab>07700 900321");
    t.wait_for("07700 900321");
    // A pause in typing (the draft is made durable 300 ms into one): what was typed
    // before it must all come back. Killed mid-keystroke, only the last key may go.
    std::thread::sleep(std::time::Duration::from_secs(1));
    let pid = server_pid(&t);
    // SAFETY: kill sends a signal to a process this test's program started.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
    }
    // The next thing the screen asks of the server finds it gone: keeping the draft
    // at the pause in typing may already have; if not, one more key does.
    std::thread::sleep(std::time::Duration::from_secs(2));
    if !t.screen().contains("caseline is locked") {
        t.keys("X");
    }
    t.wait_for("caseline is locked");
    t.wait_for("server stopped");
    // Signing in again starts a new server; the intake typed is offered back. (The
    // field is cleared first: a key typed as the screen locked may have landed in it.)
    t.keys(&format!("<C-u>{PASS}<enter>"));
    let screen = t.wait_for("Bello");
    assert!(screen.contains("Tunde"), "{screen}");
    assert!(screen.contains("07700 900321"), "{screen}");
    assert_ne!(server_pid(&t), pid, "a new server serves the store");
    t.press(&["C-q"]);
    let code = t.wait_exit();
    assert!(code == 0, "{}", t.screen());
}
