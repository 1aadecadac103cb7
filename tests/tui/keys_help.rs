//! Help (F1) lists the keys of the screen or dialog in front first, then the global
//! ones, and never a key that does nothing there.

use std::path::Path;

use crate::tui_case_util::{status_text, with_case};
use crate::tui_util::*;
use caseline::ui::testing::Harness;

/// Where help is checked, and the keys that lead there from home on a store holding
/// Amina's case (the only case, so the case list opens it with enter).
const PLACES: [(&str, &str); 14] = [
    ("home", ""),
    ("the intake form", "<C-n>"),
    ("recent intakes", "<C-r>"),
    ("the case list", "<C-e>"),
    ("a case", "<C-e><enter>"),
    ("the timeline form", "<C-e><enter>a"),
    ("the follow-up queue", "<C-t>"),
    ("search", "<C-f>"),
    ("search for Amina", "<C-f>amina"),
    ("an intake", "<C-r><enter>"),
    ("the audit log", "A"),
    ("the users", "U"),
    ("the follow-up's done dialog", "<C-t>d"),
    ("a person's card", "<C-f>amina<enter>"),
];

/// Keys that move within what is shown: at the place's first state (the top of a list,
/// the first field) some of them have nowhere to go, which is no fault.
const MOVING: [&str; 9] = [
    "move up",
    "move down",
    "move up a page",
    "move down a page",
    "go to the first item",
    "go to the last item",
    "previous field",
    "previous section of the form",
    "highlight the next matching person",
];

/// Every row of the help in front, scrolled to its end: headings, and (key, what) rows.
fn help_rows(h: &mut Harness) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for _ in 0..12 {
        for line in h.screen().lines() {
            if let Some(row) = parse_row(line)
                && !rows.contains(&row)
            {
                rows.push(row);
            }
        }
        h.keys("<pagedown>");
    }
    rows
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    Heading(String),
    Key(String, String),
}

/// A row of the help box: `│  C-d         discard this draft …│`, or a heading.
fn parse_row(line: &str) -> Option<Row> {
    let parts: Vec<&str> = line.split('│').skip(1).collect();
    let inside = parts.iter().find(|p| p.trim().len() > 1)?;
    if let Some(rest) = inside.strip_prefix("  ")
        && !rest.starts_with(' ')
    {
        let key: String = rest.chars().take(12).collect();
        let what: String = rest.chars().skip(12).collect();
        return Some(Row::Key(key.trim().into(), what.trim().into()));
    }
    let text = inside.trim();
    let heading = ["On ", "In ", "Everywhere"]
        .iter()
        .any(|s| inside.starts_with(s));
    heading.then(|| Row::Heading(text.into()))
}

fn keys_of(rows: &[Row]) -> Vec<(String, String)> {
    rows.iter()
        .filter_map(|r| match r {
            Row::Key(k, w) => Some((k.clone(), w.clone())),
            Row::Heading(_) => None,
        })
        .collect()
}

/// Keymap notation for a key as help writes it.
fn notation(key: &str) -> String {
    match key {
        "<" => "<lt>".into(),
        k if k.chars().count() == 1 => k.into(),
        k => format!("<{k}>"),
    }
}

/// What a key press may change: the screen and its cursor, the layers, the status,
/// quitting, the lock.
fn state(h: &mut Harness) -> String {
    format!(
        "{}|{:?}|{}|{}|{}|{}|{}",
        h.screen(),
        h.cursor(),
        h.app.top_title(),
        h.app.depth(),
        status_text(h),
        h.app.quitting(),
        h.app.locked()
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for entry in std::fs::read_dir(from).expect("a directory to copy") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

/// Help at `path`, on a fresh copy of the store in `dir`.
fn help_at(dir: &Path, path: &str) -> Vec<Row> {
    let mut h = unlock(dir);
    h.keys(path);
    h.keys("<F1>");
    assert_eq!(h.app.top_title(), "Help", "{}", h.screen());
    let rows = help_rows(&mut h);
    close(h);
    rows
}

#[test]
fn every_key_help_lists_does_something_there() {
    let (tmp, dir, h, _fx) = with_case();
    close(h);
    let mut n = 0;
    for (place, path) in PLACES {
        for (key, what) in keys_of(&help_at(&dir, path)) {
            if MOVING.contains(&what.as_str()) {
                continue;
            }
            n += 1;
            let copy = tmp.path().join(format!("copy{n}"));
            copy_dir(&dir, &copy);
            let mut h = unlock(&copy);
            h.keys(path);
            let before = state(&mut h);
            h.keys(&notation(&key));
            let after = state(&mut h);
            assert_ne!(
                before, after,
                "on {place}, help lists {key} ({what}) but it does nothing"
            );
            close(h);
        }
    }
    assert!(n > 80, "only {n} keys were tried");
}

#[test]
fn help_lists_the_keys_in_front_before_the_global_ones() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    for (place, path, heading) in [
        ("home", "", "On this screen"),
        ("a case", "<C-e><enter>", "On a case"),
        (
            "the timeline form",
            "<C-e><enter>a",
            "In this form (typing goes into the field)",
        ),
    ] {
        let rows = help_at(&dir, path);
        assert_eq!(
            rows[0],
            Row::Heading(heading.into()),
            "on {place}: {rows:?}"
        );
        let everywhere = rows
            .iter()
            .position(|r| *r == Row::Heading("Everywhere".into()))
            .unwrap_or_else(|| panic!("on {place}, the global keys follow: {rows:?}"));
        assert!(everywhere > 1, "on {place}: {rows:?}");
        let global = keys_of(&rows[everywhere..]);
        assert!(
            global.contains(&("C-q".into(), "quit caseline (drafts are kept)".into())),
            "on {place}: {rows:?}"
        );
    }
}

#[test]
fn help_on_home_leaves_out_what_home_does_not_do() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    let keys = keys_of(&help_at(&dir, ""));
    let listed = |k: &str| keys.iter().any(|(key, _)| key == k);
    for k in ["o", "a", "esc", "pageup", "pagedown"] {
        assert!(!listed(k), "home's help lists {k}: {keys:?}");
    }
    // The audit log and the users are there for an administrator, as here.
    for k in [
        "enter", "n", "C-n", "c", "f", "/", "q", "C-q", "F1", "F12", "A", "U",
    ] {
        assert!(listed(k), "home's help leaves out {k}: {keys:?}");
    }
}

#[test]
fn help_in_the_timeline_form_leaves_out_the_intake_keys() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    let keys = keys_of(&help_at(&dir, "<C-e><enter>a"));
    let listed = |k: &str| keys.iter().any(|(key, _)| key == k);
    for k in ["C-k", "C-l", "C-d", "pageup", "pagedown"] {
        assert!(!listed(k), "the timeline form's help lists {k}: {keys:?}");
    }
    for k in ["C-s", "tab", "S-tab", "enter", "esc", "C-q", "F1", "F12"] {
        assert!(
            listed(k),
            "the timeline form's help leaves out {k}: {keys:?}"
        );
    }
}

#[test]
fn help_in_the_intake_form_keeps_its_own_keys() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    let keys = keys_of(&help_at(&dir, "<C-n>"));
    let listed = |k: &str| keys.iter().any(|(key, _)| key == k);
    for k in ["C-l", "C-d", "pagedown", "C-s"] {
        assert!(listed(k), "the intake form's help leaves out {k}: {keys:?}");
    }
    // It is the intake already: C-n only says so.
    assert!(!listed("C-n"), "{keys:?}");
}

#[test]
fn help_before_signing_in_offers_only_what_works_there() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("<F1>");
    assert_eq!(h.app.top_title(), "Help", "{}", h.screen());
    let keys = keys_of(&help_rows(&mut h));
    let listed = |k: &str| keys.iter().any(|(key, _)| key == k);
    for k in ["enter", "tab", "C-q", "F1"] {
        assert!(
            listed(k),
            "the unlock screen's help leaves out {k}: {keys:?}"
        );
    }
    // Nothing opens, and nothing locks, before someone signs in.
    for k in ["C-n", "C-e", "C-f", "C-g", "F12", "esc"] {
        assert!(!listed(k), "the unlock screen's help lists {k}: {keys:?}");
    }
}
