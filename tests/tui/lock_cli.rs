//! The idle lock time from the command line: an administrator sets it, `config show`
//! says it, a wrong value is refused, and the interface then locks after that long.

use crate::terminal_support::cli;
use crate::tui_util::{init_store, unlock};
use caseline::ui::msg::Msg;

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn an_administrator_sets_the_idle_lock_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    init_store(&dir);

    let out = cli(&dir, &["config", "show"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("idle lock          5 minutes"),
        "{}",
        text(&out)
    );

    let out = cli(&dir, &["config", "idle-lock", "15"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("15 minutes"), "{}", text(&out));
    let out = cli(&dir, &["config", "show"]);
    assert!(
        text(&out).contains("idle lock          15 minutes"),
        "{}",
        text(&out)
    );

    let out = cli(&dir, &["config", "idle-lock", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("must be 1 to 240"), "{}", text(&out));

    let mut h = unlock(&dir);
    let start = h.now();
    h.clock.set_local(start + chrono::Duration::minutes(14));
    h.send(Msg::Tick);
    assert!(!h.app.locked());
    h.clock.set_local(start + chrono::Duration::minutes(15));
    h.send(Msg::Tick);
    assert!(h.app.locked());
}

#[test]
fn one_minute_is_said_as_one_minute() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    init_store(&dir);
    let out = cli(&dir, &["config", "idle-lock", "1"]);
    assert!(
        text(&out).contains("locks after 1 minute without"),
        "{}",
        text(&out)
    );
    let out = cli(&dir, &["config", "show"]);
    assert!(
        text(&out).contains("idle lock          1 minute\n"),
        "{}",
        text(&out)
    );
}
