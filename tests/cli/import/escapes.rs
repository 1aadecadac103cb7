//! Arguments echoed in messages are shown inert, as stored text is: an escape sequence
//! typed (or pasted, or put in a script) must not reach the terminal. NUL cannot be in
//! an argument; every other control character can.

use crate::common::{self, caseline, run};
use crate::import::document::assert_plain;

/// ESC with a colour; a C1 CSI (U+009B) and NEL (U+0085); a bidi override; BEL and
/// DEL; an OSC that would set the window title.
const NASTY: &[&str] = &[
    "a\u{1b}[31mb",
    "a\u{9b}31mb\u{85}",
    "a\u{202E}b",
    "a\u{7}b\u{7f}",
    "a\u{1b}]0;owned\u{7}b",
];

#[test]
fn every_echoed_argument_is_inert() {
    let tmp = common::temp("escapes");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    common::close(svc);

    for x in NASTY {
        let in_tmp = tmp.path().join(x);
        let in_tmp = in_tmp.to_str().unwrap();
        let commands: Vec<Vec<&str>> = vec![
            vec!["queue", "--mine", x],
            vec!["audit", "--case", x],
            vec!["audit", "--since", x],
            vec!["audit", "--by", x],
            vec!["audit", "verify", "--anchor", x],
            vec!["reference", "add", "case_kind", x],
            vec!["reference", "add", "case_kind", "Label", "--code", x],
            vec!["reference", "show", x],
            vec!["reference", "add", x, "Label"],
            vec!["user", "set-role", x, "caseworker"],
            vec!["user", "disable", x],
            vec!["user", "add", "newbie", "--name", "N", "--role", x],
            vec!["user", "add", x, "--name", x, "--role", "volunteer"],
            vec!["search", x],
            vec!["--user", x, "check"],
            vec!["import", x],
            vec!["import", in_tmp],
            vec!["backup", in_tmp],
            vec!["keymap", "check", x],
            vec![x],
            vec!["queue", "--limit", x],
            vec!["config", "idle-lock", x],
        ];
        for args in commands {
            let r = run(caseline(&dir)
                .args(&args)
                .env("CASELINE_NEW_PASSPHRASE", "three random words here"));
            let what = format!("{args:?}");
            assert!(matches!(r.code, Some(0..=2)), "{what}: {r:?}");
            assert!(!r.stderr.contains("internal error"), "{what}: {}", r.stderr);
            assert_plain(&r.stdout);
            assert_plain(&r.stderr);
        }
        let filter = format!("kind:{x}");
        let r = run(caseline(&dir).args(["search", &filter]));
        assert_plain(&r.stdout);
        assert_plain(&r.stderr);
        let elsewhere = tmp.path().join(format!("nowhere-{x}"));
        let r = run(caseline(&elsewhere).arg("check"));
        assert_eq!(r.code, Some(1), "{r:?}");
        assert_plain(&r.stderr);
    }
    let r = run(caseline(&dir).args(["queue", "--mine", NASTY[0]])).expect(2);
    assert!(
        r.stderr.contains("a^[[31mb"),
        "shown, not dropped: {}",
        r.stderr
    );
    let r = run(caseline(&dir).args(["audit", "--case", NASTY[1]])).expect(2);
    assert!(
        r.stderr.contains("a\u{FFFD}31mb"),
        "shown, not dropped: {}",
        r.stderr
    );
}

#[test]
fn a_label_added_with_a_bidi_override_is_confirmed_inert() {
    let tmp = common::temp("escapes-reference");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let r =
        run(caseline(&dir).args(["reference", "add", "case_kind", "Evil\u{202E}lebal"])).expect(0);
    assert!(r.stdout.contains("Added Evil\u{FFFD}lebal"), "{}", r.stdout);
    assert_plain(&r.stdout);
    // Stored text in tables and JSON is inert too; JSON keeps its meaning.
    let r = run(caseline(&dir).args(["reference", "show", "case_kind"])).expect(0);
    assert_plain(&r.stdout);
    let r =
        run(caseline(&dir).args(["reference", "show", "case_kind", "--format", "json"])).expect(0);
    assert_plain(&r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        v.to_string().contains('\u{202E}'),
        "the value itself is kept"
    );
    let r = run(caseline(&dir).arg("export")).expect(0);
    assert_plain(&r.stdout);
    assert!(r.stdout.contains("\\u202e"), "escaped in the export");
}
