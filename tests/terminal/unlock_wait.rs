//! The wait after wrong passphrases in a real terminal: the countdown is redrawn by
//! the program's own loop (a deadline, with no key pressed), and a try made during the
//! wait is answered when it is over, as README says.

use crate::terminal_support::{PASS, Term};

#[test]
fn a_try_during_the_wait_is_answered_when_it_is_over() {
    let mut t = Term::new("wait");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();
    t.keys("<F12>");
    t.wait_for("caseline is locked");
    for wrong in ["one", "two"] {
        t.keys(&format!("{wrong}<enter>"));
        t.wait_for("that is not right");
        t.keys("<esc>");
    }
    t.keys("three<enter>");
    t.wait_for("wait 1 second");
    // A wrong try made during the wait goes in when it is over: the next wait is two
    // seconds (before, it was refused and "wait 1 second" stayed on screen).
    t.keys("four<enter>");
    t.wait_for("wait 2 seconds");
    // The right one, during the two seconds: held, counted down, then answered.
    t.keys(&format!("{PASS}<enter>"));
    t.wait_for("Trying your passphrase in");
    t.wait_for("What do you want to do?");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
}
