use super::*;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

#[test]
fn shipped_keymaps_pass_the_check() {
    Keymap::from_layers(&[("keymaps/default.toml", DEFAULT_TOML)]).unwrap();
    Keymap::preset("vi").expect("vi preset is valid");
}

#[test]
fn lookup_falls_back_to_global() {
    let k = Keymap::builtin();
    assert_eq!(k.lookup(Context::Form, key("C-s")), Some(Action::Save));
    assert_eq!(k.lookup(Context::Form, key("C-q")), Some(Action::Quit));
    assert_eq!(k.lookup(Context::Form, key("j")), None);
    assert_eq!(k.lookup(Context::List, key("n")), Some(Action::NewIntake));
}

#[test]
fn user_layer_merges_key_by_key() {
    let k = Keymap::from_user_text(
        "[form]\n\"C-w\" = \"save\"\n\"C-d\" = \"none\"\n",
        "mine.toml",
    )
    .unwrap();
    assert_eq!(k.lookup(Context::Form, key("C-w")), Some(Action::Save));
    assert_eq!(k.lookup(Context::Form, key("C-s")), Some(Action::Save));
    assert_eq!(k.lookup(Context::Form, key("C-d")), None);
    assert_eq!(k.lookup(Context::Form, key("tab")), Some(Action::NextField));
}

#[test]
fn vi_base_adds_movement() {
    let k = Keymap::from_user_text("base = \"vi\"\n", "mine.toml").unwrap();
    assert_eq!(k.lookup(Context::List, key("j")), Some(Action::Down));
    assert_eq!(Keymap::builtin().lookup(Context::List, key("j")), None);
}

fn problems(text: &str) -> Vec<String> {
    Keymap::from_user_text(text, "mine.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn unknown_action_is_reported_with_its_line() {
    let p = problems("[list]\n\"x\" = \"down\"\n\"z\" = \"explode\"\n");
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("mine.toml:3: unknown action `explode`"),
        "{p:?}"
    );
}

#[test]
fn unparsable_key_is_reported_with_its_line() {
    let p = problems("\n[form]\n\"ctrl+s\" = \"save\"\n");
    assert!(
        p[0].starts_with("mine.toml:3: `ctrl+s` is not a key"),
        "{p:?}"
    );
}

#[test]
fn same_key_twice_in_one_context_is_refused() {
    let p = problems("[form]\n\"C-w\" = \"save\"\n\"C-W\" = \"cancel\"\n");
    assert!(
        p[0].contains("bound twice in [form] (also on line 2)"),
        "{p:?}"
    );
}

#[test]
fn printable_keys_cannot_be_bound_where_text_is_typed() {
    let p = problems("[form]\n\"x\" = \"save\"\n");
    assert!(p[0].starts_with("mine.toml:2: `x` types text"), "{p:?}");
    let p = problems("[global]\n\"?\" = \"help\"\n");
    assert!(p[0].contains("[global]"), "{p:?}");
    assert!(Keymap::from_user_text("[list]\n\"x\" = \"open\"\n", "mine.toml").is_ok());
}

#[test]
fn required_actions_must_stay_bound() {
    let p = problems("[global]\n\"C-q\" = \"none\"\n");
    assert!(p.iter().any(|m| m.contains("`quit` has no key")), "{p:?}");
    let p = problems("[form]\n\"C-s\" = \"none\"\n");
    assert!(
        p.iter().any(|m| m.contains("`save` has no key in [form]")),
        "{p:?}"
    );
}

#[test]
fn bad_toml_and_sections_are_reported() {
    assert!(problems("[form\n")[0].contains("not valid TOML"));
    assert!(problems("[forms]\n")[0].contains("unknown section [forms]"));
    assert!(problems("base = \"emacs\"\n")[0].contains("unknown base preset"));
}

#[test]
fn a_bad_user_file_falls_back_to_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "[form]\n\"q\" = \"quit\"\n").unwrap();
    let (k, problems) = Keymap::load(Some(&path));
    assert_eq!(k, Keymap::builtin());
    assert_eq!(problems.len(), 1);
}
