//! A keymap that is not used is said on standard error once the screen is given back,
//! made inert: its path (from `--keymap`) and the text read from it are the user's,
//! and must not send escape sequences to the terminal.

use crate::terminal_support::{Term, cli, sh_quote};

#[test]
fn a_keymap_not_used_is_named_inert_after_the_screen() {
    let mut t = Term::new("keymap-inert");
    let made = cli(&t.data, &["init", "--org", "Kingston REC"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let keymap = t.dir().join("keys\u{1b}[2J.toml");
    std::fs::write(&keymap, "[global]\n\"\u{1b}[31m\" = \"no-such-action\"\n").unwrap();
    let said = t.dir().join("stderr.txt");
    let cmd = format!(
        "{} --keymap {} 2>{}; echo EXIT=$?; exec sleep 120",
        t.caseline("TERM=xterm-256color"),
        sh_quote(&keymap.to_string_lossy()),
        sh_quote(&said.to_string_lossy())
    );
    t.start("main", &cmd);
    t.unlock();
    t.wait_for("What do you want to do?");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    let bytes = std::fs::read(&said).expect("standard error");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("caseline: keymap not used"), "{text:?}");
    assert!(!bytes.contains(&0x1b), "{text:?}");
}
