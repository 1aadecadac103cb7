//! Which keys do what: help lists every key that works, key releases are ignored, a
//! user keymap adds keys, and too small a terminal takes no keys but quit.

use crate::tui_keys_support::{VALID, status_text, temp, unlocked};
use crate::tui_util::*;
use caseline::keymap::{Action, Context, Keymap};
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};
use caseline::ui::theme::Theme;
use ratatui::crossterm::event::KeyEventKind;

// ---- help ---------------------------------------------------------------------------

/// Everything the help overlay shows, scrolling to its end.
fn whole_help(h: &mut Harness) -> String {
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&h.screen());
        h.keys("<down>");
    }
    seen
}

/// Help lists every key of `ctx`'s section but those of `but`, which do nothing there.
fn assert_lists(seen: &str, keymap: &Keymap, ctx: Context, but: &[Action]) {
    let bindings = keymap.section(ctx);
    assert!(!bindings.is_empty());
    for (key, action) in bindings.into_iter().filter(|(_, a)| !but.contains(a)) {
        let row = format!("  {:<12}{}", key.to_string(), action.help());
        assert!(
            seen.contains(&row),
            "help does not list {key} ({action}) of [{}]:\n{seen}",
            ctx.name()
        );
    }
}

/// The intake form's keys that do nothing in it: the next match until someone on file
/// matches the caller, a new intake (it is one; the key only says so), and the
/// worker's own editor (a letter's text goes there, not an intake).
const NOT_IN_A_NEW_INTAKE: [Action; 3] =
    [Action::NextMatch, Action::NewIntake, Action::EditOutside];

#[test]
fn help_lists_every_key_of_the_form() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><F1>");
    assert_eq!(h.app.top_title(), "Help");
    let seen = whole_help(&mut h);
    let keymap = Keymap::builtin();
    assert_lists(&seen, &keymap, Context::Form, &NOT_IN_A_NEW_INTAKE);
    assert_lists(&seen, &keymap, Context::Global, &NOT_IN_A_NEW_INTAKE);
    assert!(seen.contains("Keys can be changed in keymap.toml"));
    // Closing it goes back to the form as it was.
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(focus(&mut h), "Given name(s)");
}

#[test]
fn help_lists_every_key_of_home() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<F1>");
    let seen = whole_help(&mut h);
    let keymap = Keymap::builtin();
    // Home has no intake or person selected (to edit or merge), nothing to page
    // through, and no place to go back to.
    let not_home = [
        Action::OpenCase,
        Action::EditPerson,
        Action::MergePerson,
        Action::AttachToCase,
        Action::PageUp,
        Action::PageDown,
        Action::Cancel,
        Action::Home,
    ];
    assert_lists(&seen, &keymap, Context::List, &not_home);
    assert_lists(&seen, &keymap, Context::Global, &not_home);
    h.keys("<F1>");
    assert_eq!(h.app.top_title(), "Home", "F1 again closes it");
}

// ---- key events ---------------------------------------------------------------------

#[test]
fn key_releases_are_ignored() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>A");
    for notation in ["x", "<tab>", "<C-s>", "<esc>", "<C-q>", "<C-d>"] {
        for mut ev in parse_keys(notation) {
            ev.kind = KeyEventKind::Release;
            h.send(Msg::Key(ev));
        }
    }
    assert!(!h.app.quitting());
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(h.app.depth(), 1);
    assert_eq!(focus(&mut h), "Given name(s)");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("A"));
    assert!(h.app.status().is_none(), "{:?}", h.app.status());
}

#[test]
fn a_user_keymap_binds_ctrl_w_to_save() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let keymap = Keymap::from_user_text("[form]\n\"C-w\" = \"save\"\n", "keymap.toml")
        .expect("the keymap is valid");
    let mut h = Harness::with(&dir, keymap.clone(), Theme { colour: true }, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home");
    h.keys("<C-n>");
    h.keys(VALID);
    h.keys("<C-w>");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        status_text(&h)
    );
    // The built-in key still works, and help shows the new one.
    h.keys("<C-n><F1>");
    let seen = whole_help(&mut h);
    assert!(seen.contains(&format!("  {:<12}save", "C-w")), "{seen}");
    assert_lists(&seen, &keymap, Context::Form, &NOT_IN_A_NEW_INTAKE);
    close(h);
    assert_eq!(service(&dir).incidents().count(), 1);
}

#[test]
fn without_the_user_keymap_ctrl_w_does_not_save() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>");
    h.keys(VALID);
    h.keys("<C-w>");
    assert_eq!(h.app.top_title(), "New intake");
    close(h);
    assert_eq!(service(&dir).incidents().count(), 0);
}

// ---- small terminals ---------------------------------------------------------------

#[test]
fn too_small_a_terminal_takes_no_keys_but_quit() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>Amina");
    h.resize(79, 24);
    h.keys(" Jama<tab><C-s><C-d>y<esc>");
    assert!(
        h.screen()
            .contains("caseline needs 80x24, this terminal is 79x24")
    );
    h.resize(80, 24);
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(h.app.depth(), 1);
    assert_eq!(focus(&mut h), "Given name(s)");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    h.resize(80, 10);
    assert!(!h.app.quitting());
    h.keys("<C-q>");
    assert!(h.app.quitting(), "quitting still works");
}

#[test]
fn a_paste_while_too_small_changes_nothing() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>Amina");
    h.resize(60, 20);
    h.send(Msg::Paste(" pasted unseen".into()));
    h.resize(80, 24);
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
}
